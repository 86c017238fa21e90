//! kg builds a typed knowledge graph of the concepts in a body of English text.
//!
//! The pipeline runs left to right: [`text`] reads and analyses documents (sentences, tokens,
//! part-of-speech tags, lemmas), [`extract`] finds concepts and typed relations in each document
//! under an [`ontology`], [`graph`] merges them into a [`graph::KnowledgeGraph`], and
//! [`query`] and [`export`] read the graph. The [`cli`] module is the command line on top.
//!
//! # Example
//!
//! ```
//! use kg::{build, ontology::Ontology, text::Document};
//!
//! let doc = Document::from_text("demo", "demo.txt", "OpenAI develops GPT. GPT relies on GPUs.");
//! let graph = build::build_documents(&[doc], &Ontology::default(), &Default::default());
//! let gpt = graph.node_index("gpt").expect("GPT is a concept");
//! assert_eq!(graph.node(gpt).kind, "Technology");
//! ```

pub mod atomic;
pub mod build;
pub mod cache;
pub mod cli;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod ontology;
pub mod query;
pub mod text;
pub mod vec_map;

pub use error::{Error, Result, Warning};
/// A lower-case ASCII slug: runs of anything but letters and digits become one `-`.
///
/// Non-ASCII letters are transliterated where a plain form exists (`é` -> `e`), else dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        // Symbols that tell names apart: "C++" is not "C", "R&D" is "r-and-d".
        let word = match c {
            '+' => Some("plus"),
            '#' => Some("sharp"),
            '&' => Some("and"),
            _ => None,
        };
        if let Some(w) = word {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(w);
            dash = true;
            continue;
        }
        let c = fold_char(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'a',
        'ç' | 'Ç' | 'č' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'Š' | 'ś' => 's',
        'ž' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        other => other,
    }
}
