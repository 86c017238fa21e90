//! Exports: a graph written in the formats other tools read.
//!
//! This module owns [`Format`] and dispatch; each format lives in its own file and knows only its
//! own syntax. Every writer is deterministic: the same graph gives the same bytes. Some formats
//! are several files (the CSV tables); their writers return [`Files`], which `cli` writes into a
//! folder.

pub mod csv;
pub mod cypher;
pub mod dot;
pub mod graphml;
pub mod html;
pub mod json;
pub mod kgb;
pub mod layout;
pub mod mermaid;
pub mod neo4j_csv;
pub mod rdf;
pub mod svg;

use std::path::Path;

use crate::error::{Error, Result};

/// The files of a multi-file export: (file name, contents), in the order they are written.
pub type Files = Vec<(String, Vec<u8>)>;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Format {
    /// kg's JSON graph format, version 1.
    Json,
    /// Graphviz DOT.
    Dot,
    /// GraphML, for Gephi, yEd, NetworkX and igraph.
    Graphml,
    /// RDF N-Triples.
    Ntriples,
    /// RDF Turtle.
    Turtle,
    /// A Cypher script of MERGE statements (Neo4j, Memgraph, Kuzu).
    Cypher,
    /// The CSV files of `neo4j-admin database import` (a folder).
    Neo4jCsv,
    /// The CSV files and COPY script of Kuzu (a folder).
    KuzuCsv,
    /// A Mermaid `graph LR` block for Markdown pages.
    Mermaid,
    /// Node and edge tables for spreadsheets (a folder).
    Csv,
    /// One self-contained, offline HTML page with an interactive graph.
    Html,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Dot,
        Format::Graphml,
        Format::Ntriples,
        Format::Turtle,
        Format::Cypher,
        Format::Neo4jCsv,
        Format::KuzuCsv,
        Format::Mermaid,
        Format::Csv,
        Format::Html,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Graphml => "graphml",
            Format::Ntriples => "ntriples",
            Format::Turtle => "turtle",
            Format::Cypher => "cypher",
            Format::Neo4jCsv => "neo4j-csv",
            Format::KuzuCsv => "kuzu-csv",
            Format::Mermaid => "mermaid",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }

    /// Whether the format is a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Format::Neo4jCsv | Format::KuzuCsv | Format::Csv)
    }

    /// The format named `name`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the formats there are.
    pub fn from_name(name: &str) -> Result<Format> {
        let want = name.to_ascii_lowercase();
        let want = match want.as_str() {
            "nt" | "n-triples" => "ntriples",
            "ttl" => "turtle",
            "neo4j" => "neo4j-csv",
            "kuzu" => "kuzu-csv",
            "mmd" => "mermaid",
            "htm" => "html",
            other => other,
        };
        Format::ALL.iter().copied().find(|f| f.name() == want).ok_or_else(|| {
            Error::Invalid(format!(
                "unknown format '{name}'; formats are {}",
                Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// The format a file name's extension implies, where it is unambiguous. `.csv` is not: kg
    /// writes three kinds of CSV, each a folder of files.
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "dot" | "gv" => Some(Format::Dot),
            "graphml" => Some(Format::Graphml),
            "nt" => Some(Format::Ntriples),
            "ttl" => Some(Format::Turtle),
            "cypher" | "cql" => Some(Format::Cypher),
            "mmd" | "mermaid" => Some(Format::Mermaid),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Escape `&`, `<`, `>` and `"` for XML or HTML text and double-quoted attributes, and `'` as
/// `apostrophe` when given. Control characters and the non-characters U+FFFE and U+FFFF (invalid
/// in XML 1.0) become spaces. The one escaper behind GraphML, SVG, DOT's HTML-like labels and the
/// HTML view.
pub(crate) fn escape_markup(s: &str, apostrophe: Option<&str>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe.unwrap_or("'")),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters, with an ellipsis when cut (evidence in tooltips and labels).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions() {
        for &f in Format::ALL {
            assert_eq!(Format::from_name(f.name()).unwrap(), f);
        }
        assert_eq!(Format::from_name("TTL").unwrap(), Format::Turtle);
        assert!(Format::from_name("xml").is_err());
        let ext = |p: &str| Format::from_extension(Path::new(p));
        assert_eq!(ext("g.graphml"), Some(Format::Graphml));
        assert_eq!(ext("g.NT"), Some(Format::Ntriples));
        assert_eq!(ext("g.ttl"), Some(Format::Turtle));
        assert_eq!(ext("g.cypher"), Some(Format::Cypher));
        assert_eq!(ext("g.mmd"), Some(Format::Mermaid));
        assert_eq!(ext("g.html"), Some(Format::Html));
        assert_eq!(ext("g.csv"), None);
        assert_eq!(ext("g"), None);
    }
}
