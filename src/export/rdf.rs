//! RDF: N-Triples and Turtle, for triple stores and SPARQL.
//!
//! This file owns kg's IRI scheme and its RDF vocabulary. Under a base IRI `B` (`--base-iri`,
//! default [`DEFAULT_BASE_IRI`]) every name gets one IRI, each path segment percent-encoded
//! (every byte outside `A-Z a-z 0-9 - . _ ~`), so stores that reject spaces or `{}|^` accept it:
//!
//! | IRI                                 | what                              | Turtle prefix |
//! | ----------------------------------- | --------------------------------- | ------------- |
//! | `B concept/{id}`                    | a concept (`rdfs:label`, `skos:altLabel` per alias, `rdf:type` its kind) | `c:`  |
//! | `B kind/{kind}`                     | a node kind, an `rdfs:Class`      | `k:`          |
//! | `B relation/{relation}`             | a relation type, an `rdf:Property` (also `owl:SymmetricProperty` when symmetric) | `r:` |
//! | `B statement/{source}.{relation}.{target}` | the `rdf:Statement` reifying one edge: weight, confidence, evidence | `s:` |
//! | `B evidence/{source}.{relation}.{target}.{n}` | one supporting sentence: document, byte offsets, text | `e:` |
//! | `B document/{id}`                   | a source document                 | `d:`          |
//! | `B vocab/{term}`                    | kg's own terms (`mentions`, `weight`, ...) | `kg:` |
//!
//! Every edge is asserted as a plain triple `c:source r:relation c:target`, so SPARQL property
//! paths walk the graph directly, and described by a reified statement, which standard RDF 1.1
//! stores all read (RDF-star would say the same more briefly, but its syntax is still changing).
//! Output is sorted: schema, documents, concepts by id, edges by source, target and relation.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

/// The base IRI when `--base-iri` is not given. `example.org` is reserved for examples
/// (RFC 2606): set a base you control before publishing the triples.
pub const DEFAULT_BASE_IRI: &str = "http://example.org/kg/";

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// Options for the RDF writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RdfOptions {
    /// The base IRI every kg IRI starts with; see [`base_iri`] for the checks.
    pub base_iri: String,
}

impl Default for RdfOptions {
    fn default() -> RdfOptions {
        RdfOptions { base_iri: DEFAULT_BASE_IRI.into() }
    }
}

/// Check and normalize a base IRI: it needs a scheme (`http:`, `urn:`, ...), no spaces, no
/// control characters and none of `<>"{}|^\``; a `/` is added unless it ends with `/`, `#` or
/// `:`.
///
/// # Errors
/// [`Error::Invalid`] saying what is wrong.
pub fn base_iri(base: &str) -> Result<String> {
    let bad = |why: &str| Error::Invalid(format!("--base-iri '{base}': {why}"));
    let scheme_end =
        base.find(':').ok_or_else(|| bad("not an absolute IRI (it needs a scheme, as in http://example.org/kg/)"))?;
    let scheme = &base[..scheme_end];
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(bad("not an absolute IRI (it needs a scheme, as in http://example.org/kg/)"));
    }
    if let Some(c) = base.chars().find(|&c| c.is_whitespace() || c.is_control() || "<>\"{}|^`\\".contains(c)) {
        return Err(bad(&format!("{c:?} is not allowed in an IRI; percent-encode it")));
    }
    let mut out = base.to_owned();
    if !(out.ends_with('/') || out.ends_with('#') || out.ends_with(':')) {
        out.push('/');
    }
    Ok(out)
}

/// Percent-encode a path segment: every byte outside `A-Z a-z 0-9 - . _ ~` as `%XX`.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An RDF object.
#[derive(Debug, Clone, PartialEq)]
enum Object {
    Iri(String),
    Str(String),
    Integer(u64),
    Double(f64),
}

/// One subject with its predicate-object pairs, in order.
struct Subject {
    iri: String,
    pairs: Vec<(String, Object)>,
}

/// The namespaces under the base.
struct Names {
    base: String,
}

impl Names {
    fn ns(&self, space: &str) -> String {
        format!("{}{space}/", self.base)
    }
    fn iri(&self, space: &str, local: &str) -> String {
        format!("{}{space}/{}", self.base, encode_segment(local))
    }
    fn concept(&self, id: &str) -> String {
        self.iri("concept", id)
    }
    fn vocab(&self, term: &str) -> String {
        self.iri("vocab", term)
    }
    fn edge_local(source: &str, relation: &str, target: &str) -> String {
        format!("{}.{}.{}", encode_segment(source), encode_segment(relation), encode_segment(target))
    }
}

fn triples(g: &KnowledgeGraph, names: &Names) -> Vec<Subject> {
    let rdf = |t: &str| format!("{RDF}{t}");
    let rdfs = |t: &str| format!("{RDFS}{t}");
    let mut out = Vec::new();
    let kinds: std::collections::BTreeSet<&str> = g.nodes_sorted().map(|i| g.node(i).kind.as_str()).collect();
    for k in kinds {
        out.push(Subject {
            iri: names.iri("kind", k),
            pairs: vec![(rdf("type"), Object::Iri(rdfs("Class"))), (rdfs("label"), Object::Str(k.to_owned()))],
        });
    }
    let relations: std::collections::BTreeSet<&str> = g.graph().edge_weights().map(|e| e.relation.as_str()).collect();
    for r in relations {
        let mut pairs = vec![(rdf("type"), Object::Iri(rdf("Property")))];
        if g.is_symmetric(r) {
            pairs.push((rdf("type"), Object::Iri(format!("{OWL}SymmetricProperty"))));
        }
        pairs.push((rdfs("label"), Object::Str(r.to_owned())));
        out.push(Subject { iri: names.iri("relation", r), pairs });
    }
    for d in g.documents.values() {
        out.push(Subject {
            iri: names.iri("document", &d.id),
            pairs: vec![
                (rdf("type"), Object::Iri(names.vocab("Document"))),
                (rdfs("label"), Object::Str(d.id.clone())),
                (names.vocab("path"), Object::Str(d.path.clone())),
                (names.vocab("sha256"), Object::Str(d.sha256.clone())),
                (names.vocab("bytes"), Object::Integer(d.bytes)),
            ],
        });
    }
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let mut pairs =
            vec![(rdf("type"), Object::Iri(names.iri("kind", &n.kind))), (rdfs("label"), Object::Str(n.label.clone()))];
        for a in n.aliases.keys() {
            pairs.push((format!("{SKOS}altLabel"), Object::Str(a.clone())));
        }
        pairs.push((names.vocab("mentions"), Object::Integer(n.mentions)));
        if let Some(c) = n.community {
            pairs.push((names.vocab("community"), Object::Integer(u64::from(c))));
        }
        // The concept's outgoing relations, as plain triples.
        for (e, other, outgoing) in g.incident(i) {
            let (_, _, edge) = g.edge(e);
            if outgoing {
                pairs.push((names.iri("relation", &edge.relation), Object::Iri(names.concept(&g.node(other).id))));
            }
        }
        out.push(Subject { iri: names.concept(&n.id), pairs });
    }
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let (sid, tid) = (&g.node(s).id, &g.node(t).id);
        let local = Names::edge_local(sid, &edge.relation, tid);
        let statement = format!("{}{local}", names.ns("statement"));
        let mut pairs = vec![
            (rdf("type"), Object::Iri(rdf("Statement"))),
            (rdf("subject"), Object::Iri(names.concept(sid))),
            (rdf("predicate"), Object::Iri(names.iri("relation", &edge.relation))),
            (rdf("object"), Object::Iri(names.concept(tid))),
            (names.vocab("weight"), Object::Double(edge.weight)),
            (names.vocab("confidence"), Object::Double(edge.confidence())),
        ];
        let evidence: Vec<String> =
            (1..=edge.evidence.len()).map(|k| format!("{}{local}.{k}", names.ns("evidence"))).collect();
        for ev in &evidence {
            pairs.push((names.vocab("evidence"), Object::Iri(ev.clone())));
        }
        out.push(Subject { iri: statement, pairs });
        for (iri, ev) in evidence.into_iter().zip(&edge.evidence) {
            out.push(Subject {
                iri,
                pairs: vec![
                    (rdf("type"), Object::Iri(names.vocab("Evidence"))),
                    (names.vocab("document"), Object::Iri(names.iri("document", &ev.doc))),
                    (names.vocab("start"), Object::Integer(ev.start as u64)),
                    (names.vocab("end"), Object::Integer(ev.end as u64)),
                    (names.vocab("text"), Object::Str(ev.text.to_string())),
                ],
            });
        }
    }
    out
}

/// Escape a string for a `"..."` literal (N-Triples and Turtle).
pub fn escape_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn double(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    format!("{x:?}")
}

fn nt_object(o: &Object) -> String {
    match o {
        Object::Iri(i) => format!("<{i}>"),
        Object::Str(s) => format!("\"{}\"", escape_literal(s)),
        Object::Integer(n) => format!("\"{n}\"^^<{XSD}integer>"),
        Object::Double(x) => format!("\"{}\"^^<{XSD}double>", double(*x)),
    }
}

/// Write `g` as N-Triples.
///
/// # Errors
/// [`Error::Invalid`] for a bad base IRI (see [`base_iri`]).
pub fn write_ntriples(g: &KnowledgeGraph, opts: &RdfOptions) -> Result<Vec<u8>> {
    let names = Names { base: base_iri(&opts.base_iri)? };
    let mut out = String::with_capacity(1 << 16);
    for s in triples(g, &names) {
        for (p, o) in &s.pairs {
            let _ = writeln!(out, "<{}> <{p}> {} .", s.iri, nt_object(o));
        }
    }
    Ok(out.into_bytes())
}

/// Whether `local` can follow a prefix as is in Turtle (a conservative subset of `PN_LOCAL`).
fn turtle_local_ok(local: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '%');
    !local.is_empty() && local.chars().all(ok) && !local.starts_with(['-', '.']) && !local.ends_with('.')
}

/// Write `g` as Turtle, with prefixes and one block per subject.
///
/// # Errors
/// [`Error::Invalid`] for a bad base IRI (see [`base_iri`]).
pub fn write_turtle(g: &KnowledgeGraph, opts: &RdfOptions) -> Result<Vec<u8>> {
    let names = Names { base: base_iri(&opts.base_iri)? };
    let prefixes: Vec<(&str, String)> = vec![
        ("c", names.ns("concept")),
        ("k", names.ns("kind")),
        ("r", names.ns("relation")),
        ("s", names.ns("statement")),
        ("e", names.ns("evidence")),
        ("d", names.ns("document")),
        ("kg", names.ns("vocab")),
        ("rdf", RDF.into()),
        ("rdfs", RDFS.into()),
        ("skos", SKOS.into()),
        ("owl", OWL.into()),
        ("xsd", XSD.into()),
    ];
    let short = |iri: &str| -> String {
        if iri == format!("{RDF}type") {
            return "a".into();
        }
        for (p, ns) in &prefixes {
            if let Some(local) = iri.strip_prefix(ns.as_str()) {
                if turtle_local_ok(local) {
                    return format!("{p}:{local}");
                }
            }
        }
        format!("<{iri}>")
    };
    let object = |o: &Object| -> String {
        match o {
            Object::Iri(i) => short(i),
            Object::Str(s) => format!("\"{}\"", escape_literal(s)),
            Object::Integer(n) => n.to_string(),
            Object::Double(x) => format!("\"{}\"^^xsd:double", double(*x)),
        }
    };
    let mut out = String::with_capacity(1 << 16);
    let _ = writeln!(out, "# {} (kg's RDF export)", g.generator.replace('\n', " "));
    for (p, ns) in &prefixes {
        let _ = writeln!(out, "@prefix {p}: <{ns}> .");
    }
    for s in triples(g, &names) {
        out.push('\n');
        out.push_str(&short(&s.iri));
        let mut last_p: Option<&str> = None;
        for (k, (p, o)) in s.pairs.iter().enumerate() {
            if last_p == Some(p.as_str()) {
                out.push_str(", ");
            } else {
                if k > 0 {
                    out.push_str(" ;");
                }
                out.push_str("\n    ");
                out.push_str(&short(p));
                out.push(' ');
            }
            out.push_str(&object(o));
            last_p = Some(p);
        }
        out.push_str(" .\n");
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_iris_are_checked() {
        assert_eq!(base_iri("http://x.org/kg").unwrap(), "http://x.org/kg/");
        assert_eq!(base_iri("urn:kg:").unwrap(), "urn:kg:");
        assert_eq!(base_iri("http://x.org/kg#").unwrap(), "http://x.org/kg#");
        for bad in ["kg", "http://x.org/a b/", "http://x.org/{x}", "1http://x", ""] {
            assert!(base_iri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn segments_and_literals_escape() {
        assert_eq!(encode_segment("a b{c}|^é"), "a%20b%7Bc%7D%7C%5E%C3%A9");
        assert_eq!(encode_segment("gpu-2_x.y~"), "gpu-2_x.y~");
        assert_eq!(escape_literal("a \"b\"\\\n\u{1}"), "a \\\"b\\\"\\\\\\n\\u0001");
        assert!(turtle_local_ok("ai-safety"));
        assert!(turtle_local_ok("a%20b"));
        assert!(!turtle_local_ok("x."));
        assert!(!turtle_local_ok("-x"));
    }
}
