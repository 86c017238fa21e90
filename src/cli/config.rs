//! `kg.toml`: optional defaults for the working folder, and where each effective setting came
//! from (`kg config`).
//!
//! This file owns the config file's format and how it combines with flags: a flag given on the
//! command line wins, then `kg.toml`, then kg's built-in default. It reads one file, `kg.toml` in
//! the working folder; it does not look in parent folders or the home folder, so that what a
//! command does depends only on the folder it runs in and its arguments.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_column, Error};

/// The config file's name, in the working folder.
pub(super) const FILE: &str = "kg.toml";

/// The settings `kg.toml` may hold. Every one is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct Config {
    /// The files and folders `kg build` reads when none are given.
    pub(super) corpus: Option<Spanned<Corpus>>,
    /// The ontology file (build, export, subgraph, render).
    pub(super) ontology: Option<Spanned<PathBuf>>,
    /// The folder `kg build` writes into.
    pub(super) out: Option<Spanned<PathBuf>>,
    /// The graph queries read (default: OUT/graph.json).
    pub(super) graph: Option<Spanned<PathBuf>>,
    /// The most concepts a diagram shows (render, export of dot and mermaid); 0 shows all.
    pub(super) max_nodes: Option<Spanned<usize>>,
    /// The salience below which `kg build` leaves concepts out.
    pub(super) min_salience: Option<Spanned<f64>>,
    /// Whether warnings fail a build.
    pub(super) strict: Option<Spanned<bool>>,
    /// When to colour messages: auto, always or never.
    pub(super) color: Option<Spanned<String>>,
}

/// One path or a list of paths.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum Corpus {
    /// One file or folder.
    One(PathBuf),
    /// Several.
    Many(Vec<PathBuf>),
}

impl Corpus {
    /// The paths.
    pub(super) fn paths(&self) -> Vec<PathBuf> {
        match self {
            Corpus::One(p) => vec![p.clone()],
            Corpus::Many(v) => v.clone(),
        }
    }
}

/// The settings `kg config` lists, in order, with what each is for.
pub(super) const SETTINGS: &[(&str, &str)] = &[
    ("corpus", "what `kg build` reads when given no paths"),
    ("ontology", "the ontology (build, export, subgraph, render)"),
    ("out", "the folder `kg build` writes"),
    ("graph", "the graph the queries read"),
    ("max-nodes", "concepts in a diagram (render, dot and mermaid exports); 0 shows all"),
    ("min-salience", "salience below which `kg build` leaves concepts out"),
    ("strict", "whether warnings fail `kg build`"),
    ("color", "colour on stderr: auto, always or never"),
];

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// kg's built-in default.
    Default,
    /// `kg.toml`.
    File,
    /// A flag on the command line.
    Flag,
    /// The environment (`NO_COLOR`).
    Environment,
}

impl Source {
    /// How `kg config` names it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => FILE,
            Source::Flag => "flag",
            Source::Environment => "environment (NO_COLOR)",
        }
    }
}

/// Read `kg.toml` in `dir`, if there is one.
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Config`] with line and column when it is
/// malformed or names an unknown setting.
pub(super) fn load(dir: &Path) -> Result<Option<(PathBuf, Config)>, Error> {
    let path = dir.join(FILE);
    const MAX_BYTES: u64 = 1 << 20;
    if let Ok(m) = std::fs::metadata(&path) {
        if m.len() > MAX_BYTES {
            return Err(Error::TooLarge { path, what: "the settings file", size: m.len(), limit: MAX_BYTES });
        }
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(Error::Config { path, line: 1, column: 1, message: "not UTF-8 text; save it as UTF-8".into() })
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    parse(&text, Path::new(FILE)).map(|c| Some((PathBuf::from(FILE), c)))
}

/// Parse config text; `path` names it in errors.
///
/// # Errors
/// [`Error::Config`] with line and column.
pub(super) fn parse(text: &str, path: &Path) -> Result<Config, Error> {
    let err = |offset: usize, message: String| {
        let (line, column) = line_column(text, offset);
        Error::Config { path: path.to_owned(), line, column, message }
    };
    let config: Config = toml::from_str(text).map_err(|e| {
        let mut message = e.message().trim().replace('\n', "; ");
        if message.starts_with("unknown field") {
            let known: Vec<&str> = SETTINGS.iter().map(|s| s.0).collect();
            let field =
                message.split(", expected").next().unwrap_or("").replacen("unknown field", "unknown setting", 1);
            message = format!("{field}; settings are {}", known.join(", "));
        }
        err(e.span().map_or(0, |s| s.start), message)
    })?;
    if let Some(c) = &config.color {
        if !matches!(c.get_ref().as_str(), "auto" | "always" | "never") {
            return Err(err(c.span().start, format!("color is '{}'; use auto, always or never", c.get_ref())));
        }
    }
    if let Some(m) = &config.min_salience {
        if !m.get_ref().is_finite() {
            return Err(err(m.span().start, "min-salience must be a number".into()));
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_points_at_mistakes() {
        let c = parse("corpus = [\"a\", \"b\"]\nout = \"o\"\nmax-nodes = 5\n", Path::new("kg.toml")).unwrap();
        assert_eq!(c.corpus.unwrap().get_ref().paths(), [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(*c.max_nodes.unwrap().get_ref(), 5);
        let e = parse("out = \"o\"\nmaxnodes = 5\n", Path::new("kg.toml")).unwrap_err().to_string();
        assert!(e.starts_with("kg.toml:2:1: unknown setting `maxnodes`; settings are corpus, "), "{e}");
        let e = parse("color = \"red\"\n", Path::new("kg.toml")).unwrap_err().to_string();
        assert_eq!(e, "kg.toml:1:9: color is 'red'; use auto, always or never");
        let e = parse("out = \n", Path::new("kg.toml")).unwrap_err().to_string();
        assert!(e.starts_with("kg.toml:1:"), "{e}");
    }
}
