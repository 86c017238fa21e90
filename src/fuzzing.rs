//! The bodies of the fuzz targets in `fuzz/`, and the pipeline invariants they and the property
//! tests check.
//!
//! This file owns what "the pipeline did not break" means on arbitrary input: nothing panics, a
//! graph's ids are slugs, every edge endpoint exists, symmetric edges run from the smaller id to
//! the larger, evidence spans lie on char boundaries of their document, and a written graph
//! loads back to the same bytes. `fuzz/` (cargo-fuzz, nightly) runs these functions on generated
//! input; `tests/cli/fuzz.rs` runs them on every kept input in `fuzz/regressions/` with the
//! stable toolchain. It is public only for those two; it is not part of kg's API.

use std::path::Path;
use std::sync::OnceLock;

use crate::build::build_documents;
use crate::export::{graphml, json};
use crate::extract::Options;
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::text::Document;

fn default_ontology() -> &'static Ontology {
    static ONTOLOGY: OnceLock<Ontology> = OnceLock::new();
    ONTOLOGY.get_or_init(Ontology::default)
}

/// The text pipeline on any bytes: reading checks, bounds, extraction and the graph; the graph
/// must keep the invariants and round-trip through JSON.
///
/// # Panics
/// When an invariant fails (that is the finding).
pub fn text(data: &[u8]) {
    let Ok(doc) = Document::from_bytes(Path::new("fuzz.txt"), "fuzz", data.to_vec()) else {
        return;
    };
    let _ = doc.bound_warnings();
    let g = build_documents(std::slice::from_ref(&doc), default_ontology(), &Options::default());
    if let Err(e) = check_invariants(&g, &[doc]) {
        panic!("invariant broken: {e}");
    }
    round_trip(&g);
}

/// The ontology reader on any text; an ontology it accepts must carry an extraction.
///
/// # Panics
/// When an invariant fails.
pub fn ontology(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ontology) = Ontology::parse(text, Path::new("fuzz.toml")) else {
        return;
    };
    let doc = Document::from_text(
        "fuzz",
        "fuzz.txt",
        "OpenAI develops GPT. The CTO of OpenAI leads research on safety, such as alignment. GPT uses GPUs.",
    );
    let g = build_documents(std::slice::from_ref(&doc), &ontology, &Options::default());
    if let Err(e) = check_invariants(&g, &[doc]) {
        panic!("invariant broken: {e}");
    }
    round_trip(&g);
}

/// The graph loaders (kg JSON, and GraphML when the bytes are UTF-8) on any bytes; a graph they
/// accept must write and load back to the same bytes.
///
/// # Panics
/// When a graph that loaded does not round-trip.
pub fn graph(data: &[u8]) {
    if let Ok(g) = json::from_slice(data, Path::new("fuzz.json")) {
        round_trip(&g);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(g) = graphml::from_str(text, Path::new("fuzz.graphml")) {
            round_trip(&g);
        }
    }
}

/// Write `g` as JSON, load it, write it again: both writes must be the same bytes.
fn round_trip(g: &KnowledgeGraph) {
    let once = json::to_string(g, json::WriteOptions::default());
    let back = match json::from_slice(once.as_bytes(), Path::new("round-trip.json")) {
        Ok(back) => back,
        Err(e) => panic!("a graph kg wrote does not load: {e}\n{once}"),
    };
    let again = json::to_string(&back, json::WriteOptions::default());
    assert!(once == again, "JSON round trip changed the graph:\n{once}\n---\n{again}");
}

/// Check the pipeline invariants of a graph built from `docs`.
///
/// # Errors
/// The first invariant that does not hold, in words.
pub fn check_invariants(g: &KnowledgeGraph, docs: &[Document]) -> Result<(), String> {
    for i in g.nodes_sorted() {
        let id = &g.node(i).id;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(format!("node id {id:?} is not a slug"));
        }
        if g.node_index(id) != Some(i) {
            return Err(format!("node id {id:?} is not indexed"));
        }
    }
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let (source, target) = (&g.node(s).id, &g.node(t).id);
        if g.node_index(source).is_none() || g.node_index(target).is_none() {
            return Err(format!("edge {source} -> {target} has a missing endpoint"));
        }
        if g.is_symmetric(&edge.relation) && source >= target {
            return Err(format!(
                "symmetric edge {source} -{}- {target} does not run from the smaller id",
                edge.relation
            ));
        }
        if !(edge.weight.is_finite() && edge.weight > 0.0) {
            return Err(format!("edge {source} -> {target} has weight {}", edge.weight));
        }
        for ev in &edge.evidence {
            let Some(doc) = docs.iter().find(|d| d.id == ev.doc) else {
                return Err(format!("evidence names an unknown document {:?}", ev.doc));
            };
            let ok = ev.start <= ev.end
                && ev.end <= doc.text.len()
                && doc.text.is_char_boundary(ev.start)
                && doc.text.is_char_boundary(ev.end);
            if !ok {
                return Err(format!(
                    "evidence span {}..{} is not on char boundaries of {:?}",
                    ev.start, ev.end, doc.id
                ));
            }
        }
    }
    Ok(())
}
