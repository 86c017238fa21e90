//! GraphML: writing, for Gephi, yEd, NetworkX and igraph, and reading it back.
//!
//! This file owns the GraphML shape kg writes and the reader for it. Keys are typed
//! (`attr.type`) and their ids equal their names, so every reader shows the same column names:
//!
//! | for   | key          | type    | value                                                  |
//! | ----- | ------------ | ------- | ------------------------------------------------------ |
//! | graph | `generator`  | string  | `kg 0.1.0`                                             |
//! | graph | `documents`  | string  | JSON array of `{id, path, sha256, bytes}`              |
//! | node  | `label`      | string  | canonical label                                        |
//! | node  | `kind`       | string  | node kind                                              |
//! | node  | `aliases`    | string  | JSON array of strings                                  |
//! | node  | `mentions`   | long    |                                                        |
//! | node  | `community`  | int     | only on graphs with communities                        |
//! | edge  | `relation`   | string  | relation type                                          |
//! | edge  | `weight`     | double  | how many times it was found                            |
//! | edge  | `confidence` | double  | in [0, 1]                                              |
//! | edge  | `symmetric`  | boolean | the relation has no direction (`related_to`)           |
//! | edge  | `evidence`   | string  | JSON array of `{doc, start, end, text}`                |
//!
//! The graph is directed (`edgedefault="directed"`); symmetric relations are marked with the
//! `symmetric` key rather than `directed="false"`, which NetworkX refuses in a directed graph.
//! Parallel edges (two relations between the same pair) keep their own ids, `e0`, `e1`, ... in
//! the order of [`KnowledgeGraph::edges_sorted`]. Text is XML-escaped and control characters,
//! which XML 1.0 forbids or mangles, become spaces.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use crate::error::{line_column, Error, Result};
use crate::extract::{DocumentInfo, Evidence};
use crate::graph::{Edge, KnowledgeGraph, Node, VecMap};

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

#[derive(Serialize, Deserialize)]
struct WireEvidence {
    doc: String,
    start: u64,
    end: u64,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct WireDocument {
    id: String,
    path: String,
    sha256: String,
    bytes: u64,
}

/// Escape text for XML content or a double-quoted attribute; control characters become spaces.
pub fn escape(s: &str) -> String {
    super::escape_markup(s, Some("&apos;"))
}

/// A double as GraphML readers parse it: no exponent surprises, whole numbers with `.0`.
fn double(x: f64) -> String {
    if x.is_finite() {
        format!("{x:?}")
    } else {
        "0.0".into()
    }
}

/// Write `g` as GraphML.
pub fn write(g: &KnowledgeGraph) -> Vec<u8> {
    let mut out = String::with_capacity(1 << 16);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd\">"
    );
    let has_community = g.nodes_sorted().any(|i| g.node(i).community.is_some());
    let mut keys: Vec<(&str, &str, &str)> = vec![
        ("graph", "generator", "string"),
        ("graph", "documents", "string"),
        ("node", "label", "string"),
        ("node", "kind", "string"),
        ("node", "aliases", "string"),
        ("node", "mentions", "long"),
    ];
    if has_community {
        keys.push(("node", "community", "int"));
    }
    keys.extend([
        ("edge", "relation", "string"),
        ("edge", "weight", "double"),
        ("edge", "confidence", "double"),
        ("edge", "symmetric", "boolean"),
        ("edge", "evidence", "string"),
    ]);
    for (scope, name, ty) in keys {
        let _ = writeln!(out, "  <key id=\"{name}\" for=\"{scope}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
    }
    out.push_str(
        "  <graph id=\"G\" edgedefault=\"directed\" parse.nodeids=\"free\" \
         parse.edgeids=\"free\" parse.order=\"nodesfirst\">\n",
    );
    let data = |out: &mut String, indent: &str, key: &str, value: &str| {
        let _ = writeln!(out, "{indent}<data key=\"{key}\">{}</data>", escape(value));
    };
    data(&mut out, "    ", "generator", &g.generator);
    let documents: Vec<WireDocument> = g
        .documents
        .values()
        .map(|d| WireDocument { id: d.id.clone(), path: d.path.clone(), sha256: d.sha256.clone(), bytes: d.bytes })
        .collect();
    data(&mut out, "    ", "documents", &serde_json::to_string(&documents).expect("documents serialize"));
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&n.id));
        data(&mut out, "      ", "label", &n.label);
        data(&mut out, "      ", "kind", &n.kind);
        let aliases: Vec<&str> = n.aliases.keys().map(String::as_str).collect();
        data(&mut out, "      ", "aliases", &serde_json::to_string(&aliases).expect("strings serialize"));
        data(&mut out, "      ", "mentions", &n.mentions.to_string());
        if let Some(c) = n.community {
            data(&mut out, "      ", "community", &c.to_string());
        }
        out.push_str("    </node>\n");
    }
    for (k, e) in g.edges_sorted().into_iter().enumerate() {
        let (s, t, edge) = g.edge(e);
        let _ = writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\">",
            escape(&g.node(s).id),
            escape(&g.node(t).id)
        );
        data(&mut out, "      ", "relation", &edge.relation);
        data(&mut out, "      ", "weight", &double(edge.weight));
        data(&mut out, "      ", "confidence", &double(edge.confidence()));
        data(&mut out, "      ", "symmetric", if g.is_symmetric(&edge.relation) { "true" } else { "false" });
        let evidence: Vec<WireEvidence> = edge
            .evidence
            .iter()
            .map(|ev| WireEvidence {
                doc: ev.doc.to_string(),
                start: ev.start as u64,
                end: ev.end as u64,
                text: ev.text.to_string(),
            })
            .collect();
        data(&mut out, "      ", "evidence", &serde_json::to_string(&evidence).expect("evidence serializes"));
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out.into_bytes()
}

/// Load a GraphML file: kg's own, or one that Gephi, yEd or NetworkX wrote from it.
///
/// Keys are matched by `attr.name`. A node without `label` is labelled with its id, without
/// `kind` it is a `Concept`; an edge without `relation` takes its `label`, else `related_to`; a
/// missing `weight` is 1. Unknown keys are ignored.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::TooLarge`] above
/// [`super::json::MAX_GRAPH_BYTES`], and [`Error::Graph`] with line and column for malformed
/// XML, duplicate node ids or edges to missing nodes.
pub fn load(path: &Path) -> Result<KnowledgeGraph> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > super::json::MAX_GRAPH_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: "the graph file",
            size: meta.len(),
            limit: super::json::MAX_GRAPH_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Graph {
        path: path.to_owned(),
        line: 0,
        column: 0,
        message: format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })?;
    from_str(&text, path)
}

/// What the reader has seen of one `<node>` or `<edge>`.
#[derive(Default)]
struct Element {
    id: String,
    source: String,
    target: String,
    data: BTreeMap<String, String>,
    at: usize,
}

/// Parse GraphML text; `path` names it in errors.
///
/// # Errors
/// As [`load`], without the I/O errors.
pub fn from_str(text: &str, path: &Path) -> Result<KnowledgeGraph> {
    let err = |at: usize, message: String| {
        let (line, column) = line_column(text, at);
        Error::Graph { path: path.to_owned(), line, column, message }
    };
    let mut reader = quick_xml::Reader::from_str(text);
    // key id -> attr.name
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut graph_data: BTreeMap<String, String> = BTreeMap::new();
    let mut nodes: Vec<Element> = Vec::new();
    let mut edges: Vec<Element> = Vec::new();
    // The element whose <data> is being read: 0 graph, 1 node, 2 edge.
    let mut scope: Option<u8> = None;
    let mut current = Element::default();
    let mut data_key: Option<String> = None;
    let mut value = String::new();
    let mut saw_graphml = false;
    let mut depth = 0usize;
    loop {
        let at = reader.buffer_position() as usize;
        let event =
            reader.read_event().map_err(|e| err(reader.error_position() as usize, format!("malformed XML: {e}")))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty {
                    depth += 1;
                }
                let mut attrs: BTreeMap<String, String> = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.map_err(|x| err(at, format!("malformed attribute: {x}")))?;
                    let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                    let v = a.unescape_value().map_err(|x| err(at, format!("malformed attribute value: {x}")))?;
                    attrs.insert(k, v.into_owned());
                }
                let get = |k: &str| attrs.get(k).cloned().unwrap_or_default();
                match e.local_name().as_ref() {
                    b"graphml" => saw_graphml = true,
                    b"key" => {
                        let id = get("id");
                        let name = attrs.get("attr.name").cloned().unwrap_or_else(|| id.clone());
                        keys.insert(id, name);
                    }
                    b"graph" => scope = Some(0),
                    b"node" | b"edge" => {
                        let is_node = e.local_name().as_ref() == b"node";
                        let el = Element {
                            id: get("id"),
                            source: get("source"),
                            target: get("target"),
                            data: BTreeMap::new(),
                            at,
                        };
                        if empty {
                            if is_node {
                                nodes.push(el);
                            } else {
                                edges.push(el);
                            }
                        } else {
                            current = el;
                            scope = Some(if is_node { 1 } else { 2 });
                        }
                    }
                    b"data" => {
                        let key = get("key");
                        let name = keys.get(&key).cloned().unwrap_or(key);
                        if empty {
                            store(&mut graph_data, &mut current, scope, name, String::new());
                        } else {
                            data_key = Some(name);
                            value.clear();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if data_key.is_some() => {
                let raw = t.decode().map_err(|x| err(at, format!("bad text: {x}")))?;
                value.push_str(&raw);
            }
            Event::GeneralRef(r) if data_key.is_some() => {
                let name = r.decode().map_err(|x| err(at, format!("bad text: {x}")))?;
                value.push('&');
                value.push_str(&name);
                value.push(';');
            }
            Event::CData(c) if data_key.is_some() => {
                let raw = c.decode().map_err(|x| err(at, format!("bad CDATA: {x}")))?;
                value.push_str(&quick_xml::escape::escape(raw.as_ref()));
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"data" => {
                        if let Some(name) = data_key.take() {
                            let v = quick_xml::escape::unescape(&value)
                                .map_err(|x| err(at, format!("bad entity: {x}")))?
                                .into_owned();
                            store(&mut graph_data, &mut current, scope, name, v);
                        }
                    }
                    b"node" => {
                        nodes.push(std::mem::take(&mut current));
                        scope = Some(0);
                    }
                    b"edge" => {
                        edges.push(std::mem::take(&mut current));
                        scope = Some(0);
                    }
                    b"graph" => scope = None,
                    _ => {}
                }
            }
            Event::Eof if depth > 0 => return Err(err(text.len(), "the file ends too early (truncated?)".into())),
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_graphml {
        return Err(err(0, "not GraphML: no <graphml> element".into()));
    }
    let mut g = KnowledgeGraph::new(["related_to".to_owned(), "collaborates_with".to_owned()]);
    if let Some(gen) = graph_data.get("generator") {
        g.generator = gen.clone();
    }
    if let Some(docs) = graph_data.get("documents") {
        let docs: Vec<WireDocument> = serde_json::from_str(docs)
            .map_err(|e| err(0, format!("the graph's \"documents\" is not a JSON array: {e}")))?;
        for d in docs {
            g.documents.insert(d.id.clone(), DocumentInfo { id: d.id, path: d.path, sha256: d.sha256, bytes: d.bytes });
        }
    }
    for n in nodes {
        if n.id.is_empty() {
            return Err(err(n.at, "a node has no id".into()));
        }
        if g.node_index(&n.id).is_some() {
            return Err(err(n.at, format!("duplicate node id '{}'", n.id)));
        }
        let label = n.data.get("label").cloned().unwrap_or_else(|| n.id.clone());
        let kind = n.data.get("kind").filter(|k| !k.is_empty()).cloned().unwrap_or_else(|| "Concept".into());
        let aliases: Vec<String> = match n.data.get("aliases") {
            Some(a) if !a.trim().is_empty() => serde_json::from_str(a)
                .map_err(|e| err(n.at, format!("node '{}': aliases are not a JSON array: {e}", n.id)))?,
            _ => Vec::new(),
        };
        let mentions = match n.data.get("mentions") {
            Some(m) => parse_number(m)
                .map(|x| x as u64)
                .ok_or_else(|| err(n.at, format!("node '{}': mentions '{m}' is not a number", n.id)))?,
            None => 0,
        };
        let community = n.data.get("community").and_then(|c| parse_number(c)).map(|c| c as u32);
        g.add_node(Node {
            id: n.id.clone(),
            label: label.clone(),
            kind: kind.clone(),
            aliases: aliases.into_iter().filter(|a| *a != label).map(|a| (a, "alias".to_owned())).collect(),
            coreferences: VecMap::new(),
            mentions,
            community,
            label_votes: VecMap::from([(label, mentions.max(1))]),
            kind_votes: VecMap::from([(kind, (u8::MAX, mentions.max(1)))]),
        });
    }
    for e in edges {
        let s = g
            .node_index(&e.source)
            .ok_or_else(|| err(e.at, format!("edge '{}' refers to a missing node '{}'", e.id, e.source)))?;
        let t = g
            .node_index(&e.target)
            .ok_or_else(|| err(e.at, format!("edge '{}' refers to a missing node '{}'", e.id, e.target)))?;
        let relation = e
            .data
            .get("relation")
            .or_else(|| e.data.get("label"))
            .filter(|r| !r.is_empty())
            .cloned()
            .unwrap_or_else(|| "related_to".into());
        let weight = match e.data.get("weight") {
            Some(w) => parse_number(w)
                .filter(|w| *w > 0.0)
                .ok_or_else(|| err(e.at, format!("edge '{}': weight '{w}' is not positive", e.id)))?,
            None => 1.0,
        };
        if e.data.get("symmetric").map(|s| s.trim()) == Some("true") {
            g.symmetric.insert(relation.clone());
        }
        let evidence: Vec<WireEvidence> = match e.data.get("evidence") {
            Some(x) if !x.trim().is_empty() => serde_json::from_str(x)
                .map_err(|x| err(e.at, format!("edge '{}': evidence is not a JSON array: {x}", e.id)))?,
            _ => Vec::new(),
        };
        let confidence = e.data.get("confidence").and_then(|c| parse_number(c)).unwrap_or(0.5);
        let c = confidence.clamp(0.0, 0.999_999);
        let reliability = 1.0 - (1.0 - c).powf(1.0 / weight.max(1.0));
        g.add_edge(
            s,
            t,
            Edge {
                relation: relation.into(),
                weight,
                evidence: evidence
                    .into_iter()
                    .map(|ev| Evidence {
                        doc: ev.doc.into(),
                        start: ev.start as usize,
                        end: ev.end as usize,
                        text: ev.text.into(),
                    })
                    .collect(),
                reliability,
            },
        );
    }
    Ok(g)
}

fn store(graph: &mut BTreeMap<String, String>, current: &mut Element, scope: Option<u8>, name: String, value: String) {
    match scope {
        Some(1 | 2) => {
            current.data.insert(name, value);
        }
        _ => {
            graph.insert(name, value);
        }
    }
}

fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(["related_to".to_owned()]);
        let a = g.add_node(Node {
            id: "a".into(),
            label: "A <&> \"quoted\" \u{1}".into(),
            kind: "Concept".into(),
            aliases: VecMap::from([("a1".into(), "acronym".into())]),
            mentions: 3,
            ..Node::default()
        });
        let b =
            g.add_node(Node { id: "b".into(), label: "B".into(), kind: "Goal".into(), mentions: 1, ..Node::default() });
        for rel in ["uses", "related_to"] {
            g.add_edge(
                a,
                b,
                Edge {
                    relation: rel.into(),
                    weight: 2.0,
                    evidence: vec![Evidence { doc: "d".into(), start: 0, end: 5, text: "A uses\tB & more".into() }],
                    reliability: 0.5,
                },
            );
        }
        g
    }

    #[test]
    fn escapes_and_strips_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{7}"), "a&lt;b&gt;&amp;&quot;c&apos; ");
        let xml = String::from_utf8(write(&sample())).unwrap();
        assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "{xml}");
        assert!(xml.contains("<edge id=\"e0\""), "{xml}");
        assert!(xml.contains("<edge id=\"e1\""), "{xml}");
    }

    #[test]
    fn round_trips_through_the_reader() {
        let g = sample();
        let xml = String::from_utf8(write(&g)).unwrap();
        let back = from_str(&xml, Path::new("t.graphml")).unwrap();
        assert_eq!(back.node_count(), 2);
        assert_eq!(back.edge_count(), 2);
        let a = back.node(back.node_index("a").unwrap());
        assert_eq!(a.label, "A <&> \"quoted\"  ");
        assert_eq!(a.aliases.keys().collect::<Vec<_>>(), ["a1"]);
        assert_eq!(a.mentions, 3);
        assert!(back.is_symmetric("related_to"));
        let e = back.edges_sorted();
        let (_, _, first) = back.edge(e[0]);
        assert_eq!(first.relation, "related_to");
        assert_eq!(first.weight, 2.0);
        // JSON inside the XML keeps the tab as an escape: no control character reaches the XML.
        assert_eq!(first.evidence[0].text, "A uses\tB & more");
        // Writing what was read gives the same bytes.
        assert_eq!(String::from_utf8(write(&back)).unwrap(), xml);
    }

    #[test]
    fn errors_name_the_place() {
        let bad = "<graphml><graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/></graph></graphml>";
        let e = from_str(bad, Path::new("x.graphml")).unwrap_err().to_string();
        assert!(e.contains("x.graphml:3:1"), "{e}");
        assert!(e.contains("missing node 'zz'"), "{e}");
        let e = from_str("<graphml><graph>", Path::new("y.graphml")).unwrap_err().to_string();
        assert!(e.contains("ends too early"), "{e}");
        let e = from_str("{}", Path::new("z.graphml")).unwrap_err().to_string();
        assert!(e.contains("not GraphML"), "{e}");
    }
}
