//! Exports: a graph written in the formats other tools read.
//!
//! This module owns [`Format`] and dispatch; each format lives in its own file and knows only its
//! own syntax. Every writer is deterministic: the same graph gives the same bytes.

pub mod dot;
pub mod json;
pub mod layout;
pub mod svg;

use std::path::Path;

use crate::error::{Error, Result};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Format {
    /// kg's JSON graph format, version 1.
    Json,
    /// Graphviz DOT.
    Dot,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Format] = &[Format::Json, Format::Dot];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
        }
    }

    /// The format named `name`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the formats there are.
    pub fn from_name(name: &str) -> Result<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name.to_ascii_lowercase())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown format '{name}'; formats are {}",
                    Format::ALL
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }

    /// The format a file name's extension implies, where it is unambiguous.
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "dot" | "gv" => Some(Format::Dot),
            _ => None,
        }
    }
}
