//! Building: documents in, one finished graph out.
//!
//! This file owns the corpus-level pipeline: reading every input (via `text`), extracting each
//! document (via `extract`), and merging the extractions into one [`KnowledgeGraph`] (via `graph`).
//! The result does not depend on the order of the inputs: documents are sorted by path, and the
//! merge is associative and commutative.

use std::path::PathBuf;

use crate::error::{Result, Warning};
use crate::extract::{extract, Extraction, Options};
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::text::{collect_inputs, Document};

/// The graph of documents already in memory.
pub fn build_documents(docs: &[Document], ontology: &Ontology, options: &Options) -> KnowledgeGraph {
    let mut g = empty_graph(ontology);
    let mut sorted: Vec<&Document> = docs.iter().collect();
    sorted.sort_by(|a, b| (&a.path, &a.id).cmp(&(&b.path, &b.id)));
    for d in sorted {
        g.add_extraction(&extract(d, ontology, options));
    }
    g.finish()
}

/// An empty graph that knows the ontology's symmetric relations.
pub fn empty_graph(ontology: &Ontology) -> KnowledgeGraph {
    KnowledgeGraph::new(ontology.relations.iter().filter(|r| r.symmetric).map(|r| r.name.clone()))
}

/// What a build of files gives.
#[derive(Debug, Clone)]
pub struct Built {
    /// The finished graph.
    pub graph: KnowledgeGraph,
    /// Skipped files, bounds hit.
    pub warnings: Vec<Warning>,
    /// Documents read.
    pub documents: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// Build the graph of the `.txt` and `.md` files under `inputs`.
///
/// `progress` is called after each document with (documents done, bytes done).
///
/// # Errors
/// The first input that cannot be read, is not UTF-8 text, or is missing; no input at all.
pub fn build_paths(
    inputs: &[PathBuf],
    ontology: &Ontology,
    options: &Options,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Built> {
    let found = collect_inputs(inputs)?;
    let mut warnings = found.warnings;
    let mut g = empty_graph(ontology);
    let mut bytes = 0u64;
    let mut documents = 0usize;
    for (k, (path, id)) in found.files.iter().enumerate() {
        // A file named on the command line must be read; one found in a folder is skipped with
        // a warning when it cannot be (binary, not UTF-8, too large, unreadable).
        let doc = match Document::read_with_warnings(path, id) {
            Ok((doc, w)) => {
                warnings.extend(w);
                doc
            }
            Err(e) if !inputs.contains(path) => {
                warnings.push(Warning::new(None, &format!("{e} (skipped)")));
                continue;
            }
            Err(e) => return Err(e),
        };
        documents += 1;
        bytes += doc.text.len() as u64;
        let x: Extraction = extract(&doc, ontology, options);
        warnings.extend(x.warnings.iter().cloned());
        g.add_extraction(&x);
        progress(k + 1, bytes);
    }
    if documents == 0 {
        return Err(crate::Error::NothingReadable { inputs: inputs.to_vec(), skipped: warnings });
    }
    Ok(Built { graph: g.finish(), warnings, documents, bytes })
}
