//! The JSON graph format, version 1: writing and loading.
//!
//! This file is the only place that knows the JSON shape, which `graph-format.md` specifies
//! (copied to `docs/graph-format.md`). Wire structs here mirror it; graph types do not derive
//! `Serialize`. Added keys, which readers must ignore: `alias_reasons`, `coreferences`,
//! `community` and `scores` (centrality, from `kg rank`) on nodes, `confidence` on edges. A partial graph (`kg build --partial`) also keeps
//! the merge state (`label_votes`, `kind_votes`, `reliability`) so that `kg merge` of partials
//! gives the same bytes as one build.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use petgraph::graph::{EdgeIndex, NodeIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::extract::{DocumentInfo, Evidence};
use crate::graph::{Edge, KnowledgeGraph, Node, VecMap};
use crate::text::SharedStr;

/// The `format` value.
pub const FORMAT: &str = "kg-graph";
/// The `version` value.
pub const VERSION: u64 = 1;

#[derive(Serialize, Deserialize)]
pub(crate) struct WireGraph<'a> {
    #[serde(borrow)]
    pub(crate) format: Cow<'a, str>,
    pub(crate) version: u64,
    pub(crate) directed: bool,
    pub(crate) multigraph: bool,
    #[serde(borrow)]
    pub(crate) graph: WireMeta<'a>,
    #[serde(borrow)]
    pub(crate) nodes: Vec<WireNode<'a>>,
    #[serde(borrow)]
    pub(crate) edges: Vec<WireEdge<'a>>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct WireMeta<'a> {
    #[serde(borrow)]
    pub(crate) generator: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) documents: Vec<WireDocument<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", borrow)]
    pub(crate) symmetric: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) partial: bool,
}

impl<'a> WireMeta<'a> {
    /// The graph's metadata as written: the symmetric relations are listed only in a partial
    /// graph.
    fn of(g: &'a KnowledgeGraph, partial: bool) -> Self {
        WireMeta {
            generator: g.generator.as_str().into(),
            documents: g
                .documents
                .values()
                .map(|d| WireDocument {
                    id: d.id.as_str().into(),
                    path: d.path.as_str().into(),
                    sha256: d.sha256.as_str().into(),
                    bytes: d.bytes,
                })
                .collect(),
            symmetric: if partial { g.symmetric.iter().map(|s| s.as_str().into()).collect() } else { Vec::new() },
            partial,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct WireDocument<'a> {
    #[serde(borrow)]
    pub(crate) id: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) path: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) sha256: Cow<'a, str>,
    pub(crate) bytes: u64,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct WireNode<'a> {
    #[serde(borrow)]
    pub(crate) id: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) label: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) kind: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) aliases: Vec<Cow<'a, str>>,
    pub(crate) mentions: u64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", borrow)]
    pub(crate) alias_reasons: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", borrow)]
    pub(crate) coreferences: BTreeMap<Cow<'a, str>, u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) community: Option<u32>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) scores: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", borrow)]
    pub(crate) label_votes: BTreeMap<Cow<'a, str>, u64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", borrow)]
    pub(crate) kind_votes: BTreeMap<Cow<'a, str>, (u8, u64)>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct WireEdge<'a> {
    #[serde(borrow)]
    pub(crate) source: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) target: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) relation: Cow<'a, str>,
    #[serde(serialize_with = "whole_as_integer")]
    pub(crate) weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reliability: Option<f64>,
    #[serde(borrow)]
    pub(crate) evidence: Vec<WireEvidence<'a>>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct WireEvidence<'a> {
    #[serde(borrow)]
    pub(crate) doc: Cow<'a, str>,
    pub(crate) start: u64,
    pub(crate) end: u64,
    #[serde(borrow)]
    pub(crate) text: Cow<'a, str>,
}

/// Write whole numbers without a fraction: weights are counts ("weight": 2, not 2.0).
fn whole_as_integer<S: serde::Serializer>(w: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    if w.fract() == 0.0 && *w >= 0.0 && *w < 9.0e15 {
        s.serialize_u64(*w as u64)
    } else {
        s.serialize_f64(*w)
    }
}

/// Options for [`write()`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the merge state (votes, reliabilities), for `kg merge`.
    pub partial: bool,
}

/// Numbers per node, by node id, written as the added node key `scores`
/// (`"scores": {"pagerank": 0.12}`).
pub type NodeScores = BTreeMap<String, BTreeMap<String, f64>>;

/// Write `g` as JSON (format version 1), nodes sorted by id and edges by source, target and
/// relation, so that the same graph always gives the same bytes.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write(g: &KnowledgeGraph, w: &mut dyn Write, opts: WriteOptions) -> std::io::Result<()> {
    write_scored(g, w, opts, &NodeScores::new())
}

/// [`write()`], with `scores` on the nodes that have them.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write_scored(
    g: &KnowledgeGraph,
    w: &mut dyn Write,
    opts: WriteOptions,
    scores: &NodeScores,
) -> std::io::Result<()> {
    write_graph(g, w, opts, scores)
}

/// Nodes or edges per block that one worker renders.
const BLOCK: usize = 1024;
/// Blocks rendered per round: a round is rendered (in parallel) while the one before is written,
/// so that about two rounds of JSON are in memory at once, never the whole file.
const ROUND: usize = 16;

/// Write `g` as pretty JSON with a final newline: the bytes `serde_json::to_writer_pretty` gives
/// for the wire form, with the nodes and edges rendered in blocks on the current rayon pool and
/// written in order.
fn write_graph(g: &KnowledgeGraph, w: &mut dyn Write, opts: WriteOptions, scores: &NodeScores) -> std::io::Result<()> {
    write_graph_in(g, w, opts, scores, BLOCK)
}

fn write_graph_in(
    g: &KnowledgeGraph,
    w: &mut dyn Write,
    opts: WriteOptions,
    scores: &NodeScores,
    block: usize,
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Head<'g> {
        format: &'static str,
        version: u64,
        directed: bool,
        multigraph: bool,
        graph: WireMeta<'g>,
    }
    let head = Head {
        format: FORMAT,
        version: VERSION,
        directed: true,
        multigraph: true,
        graph: WireMeta::of(g, opts.partial),
    };
    // The head object ends "\n}"; the nodes and edges follow as its last keys.
    let mut bytes = serde_json::to_vec_pretty(&head).map_err(std::io::Error::other)?;
    debug_assert!(bytes.ends_with(b"\n}"));
    bytes.truncate(bytes.len() - 2);
    bytes.extend_from_slice(b",\n  \"nodes\": ");
    w.write_all(&bytes)?;
    let nodes: Vec<NodeIndex> = g.nodes_sorted().collect();
    write_seq(w, &nodes, block, |&i, ser| {
        let n = g.node(i);
        NodeOut { n, opts, scores: scores.get(&n.id) }.serialize(ser)
    })?;
    w.write_all(b",\n  \"edges\": ")?;
    let edges = g.edges_sorted();
    write_seq(w, &edges, block, |&e, ser| EdgeOut { g, e, opts }.serialize(ser))?;
    w.write_all(b"\n}\n")?;
    w.flush()
}

/// A serializer into a block's bytes, at the depth of the elements of the top-level arrays.
type BlockSerializer<'b> = serde_json::Serializer<&'b mut Vec<u8>, Nested>;

/// Write `items` as the value of a top-level key: a pretty JSON array whose elements `render`
/// gives. Blocks of `block` items are rendered in parallel, a round at a time, while the round
/// before is written.
fn write_seq<T: Sync>(
    w: &mut dyn Write,
    items: &[T],
    block: usize,
    render: impl Fn(&T, &mut BlockSerializer<'_>) -> serde_json::Result<()> + Sync,
) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    let render_block = |k: usize, chunk: &[T]| -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(chunk.len() * 512);
        for (j, item) in chunk.iter().enumerate() {
            out.extend_from_slice(if k == 0 && j == 0 { b"\n    " } else { b",\n    " });
            let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::default());
            render(item, &mut ser).map_err(std::io::Error::other)?;
        }
        Ok(out)
    };
    let render_round = |r: usize, round: &[T]| -> std::io::Result<Vec<Vec<u8>>> {
        round.par_chunks(block).enumerate().map(|(k, chunk)| render_block(r * ROUND + k, chunk)).collect()
    };
    let mut rounds = items.chunks(block * ROUND).enumerate();
    let mut ready = match rounds.next() {
        Some((r, round)) => render_round(r, round)?,
        None => Vec::new(),
    };
    for (r, round) in rounds {
        let mut rendered = None;
        let written = rayon::in_place_scope(|scope| {
            scope.spawn(|_| rendered = Some(render_round(r, round)));
            ready.iter().try_for_each(|b| w.write_all(b))
        });
        written?;
        ready = rendered.expect("the round was rendered")?;
    }
    for b in &ready {
        w.write_all(b)?;
    }
    w.write_all(b"\n  ]")
}

/// `serde_json`'s pretty formatter (two-space indents) for values two levels deep: the elements
/// of the top-level `nodes` and `edges` arrays.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Nested {
        Nested { depth: 2, has_value: false }
    }
}

impl Nested {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
    /// Opens an array or an object.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }
    /// Closes an array or an object, on a line of its own when it has members.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A node as [`WireNode`] serializes it (the same keys, in the same order, skipped alike),
/// straight from the graph.
struct NodeOut<'g> {
    n: &'g Node,
    opts: WriteOptions,
    scores: Option<&'g BTreeMap<String, f64>>,
}

impl Serialize for NodeOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let n = self.n;
        let mut st = s.serialize_struct("WireNode", 5)?;
        st.serialize_field("id", n.id.as_str())?;
        st.serialize_field("label", n.label.as_str())?;
        st.serialize_field("kind", n.kind.as_str())?;
        st.serialize_field("aliases", &Keys(&n.aliases))?;
        st.serialize_field("mentions", &n.mentions)?;
        if !n.aliases.is_empty() {
            st.serialize_field("alias_reasons", &Entries(&n.aliases))?;
        }
        if !n.coreferences.is_empty() {
            st.serialize_field("coreferences", &Entries(&n.coreferences))?;
        }
        if let Some(c) = n.community {
            st.serialize_field("community", &c)?;
        }
        if let Some(scores) = self.scores.filter(|s| !s.is_empty()) {
            st.serialize_field("scores", scores)?;
        }
        if self.opts.partial && !n.label_votes.is_empty() {
            st.serialize_field("label_votes", &Entries(&n.label_votes))?;
        }
        if self.opts.partial && !n.kind_votes.is_empty() {
            st.serialize_field("kind_votes", &Entries(&n.kind_votes))?;
        }
        st.end()
    }
}

/// The keys of a map, as a JSON array.
struct Keys<'a, V>(&'a VecMap<String, V>);

impl<V> Serialize for Keys<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.keys().map(String::as_str))
    }
}

/// A map, as a JSON object.
struct Entries<'a, V>(&'a VecMap<String, V>);

impl<V: Serialize> Serialize for Entries<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

/// An edge as [`WireEdge`] serializes it, straight from the graph.
struct EdgeOut<'g> {
    g: &'g KnowledgeGraph,
    e: EdgeIndex,
    opts: WriteOptions,
}

impl Serialize for EdgeOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (source, target, edge) = self.g.edge(self.e);
        let mut st = s.serialize_struct("WireEdge", 6)?;
        st.serialize_field("source", self.g.node(source).id.as_str())?;
        st.serialize_field("target", self.g.node(target).id.as_str())?;
        st.serialize_field("relation", edge.relation.as_str())?;
        st.serialize_field("weight", &Weight(edge.weight))?;
        st.serialize_field("confidence", &edge.confidence())?;
        if self.opts.partial {
            st.serialize_field("reliability", &edge.reliability)?;
        }
        st.serialize_field("evidence", &EvidenceOut(&edge.evidence))?;
        st.end()
    }
}

/// An edge's weight, written as [`whole_as_integer`] writes it.
struct Weight(f64);

impl Serialize for Weight {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        whole_as_integer(&self.0, s)
    }
}

/// Evidence as [`WireEvidence`] serializes it.
struct EvidenceOut<'a>(&'a [Evidence]);

impl Serialize for EvidenceOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|ev| WireEvidence {
            doc: ev.doc.as_str().into(),
            start: ev.start as u64,
            end: ev.end as u64,
            text: ev.text.as_str().into(),
        }))
    }
}

/// Write `g` to the file `path` as JSON, and its binary sidecar (`path` with the extension
/// `kgb`, see [`super::kgb`]) beside it, each atomically, one after the other. On a rayon pool of
/// more than one thread the sidecar is encoded in memory while the JSON is written.
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn save(g: &KnowledgeGraph, path: &Path, opts: WriteOptions) -> Result<()> {
    let write_json = || {
        let mut hasher = super::kgb::ContentHasher::default();
        crate::atomic::write_atomic_with(path, |w| {
            let mut tee = Tee { a: w, b: &mut hasher };
            write(g, &mut tee, opts)
        })
        .map(|()| hasher.finish())
    };
    let sidecar = super::kgb::sidecar_path(path);
    if rayon::current_num_threads() > 1 {
        // The sidecar is encoded in memory while the JSON is written, and written (with the
        // JSON's hash) once the JSON is in place: the files are still written one at a time.
        let (hash, mut bytes) = rayon::join(write_json, || super::kgb::to_bytes_unhashed(g, opts));
        super::kgb::set_json_hash(&mut bytes, hash?);
        crate::atomic::write_atomic(&sidecar, &bytes)
    } else {
        let hash = write_json()?;
        crate::atomic::write_atomic_with(&sidecar, |w| super::kgb::write(g, opts, hash, w))
    }
}

/// A writer that writes to two.
struct Tee<'a> {
    a: &'a mut dyn Write,
    b: &'a mut dyn Write,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.a.write(buf)?;
        self.b.write_all(&buf[..n])?;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.a.flush()
    }
}

/// The graph as a JSON string.
pub fn to_string(g: &KnowledgeGraph, opts: WriteOptions) -> String {
    let mut out = Vec::new();
    write(g, &mut out, opts).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The graph as a JSON string, with `scores` on nodes.
pub fn to_string_scored(g: &KnowledgeGraph, opts: WriteOptions, scores: &NodeScores) -> String {
    let mut out = Vec::new();
    write_scored(g, &mut out, opts, scores).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Largest graph file [`load`] reads.
pub const MAX_GRAPH_BYTES: u64 = 1 << 30;

/// Load a graph saved by [`write()`] (or any writer of format version 1).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::TooLarge`] above [`MAX_GRAPH_BYTES`], and
/// [`Error::Graph`] (with line and column where JSON parsing failed) when it is not a valid
/// version 1 graph: wrong format or version, duplicate node ids, edges to missing nodes.
pub fn load(path: &Path) -> Result<KnowledgeGraph> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_GRAPH_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: "the graph file",
            size: meta.len(),
            limit: MAX_GRAPH_BYTES,
        });
    }
    // The binary sidecar, when it was made from exactly this file's bytes; else the JSON itself.
    if let Some(g) = super::kgb::load_sidecar(path, meta.len()) {
        return Ok(g);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_slice(&bytes, path)
}

/// Parse a graph from bytes; `path` names it in errors.
///
/// # Errors
/// As [`load`], without the I/O errors.
pub fn from_slice(bytes: &[u8], path: &Path) -> Result<KnowledgeGraph> {
    let graph_err =
        |line: usize, column: usize, message: String| Error::Graph { path: path.to_owned(), line, column, message };
    // Check the header first, so that an older or foreign file gets a clear message.
    #[derive(Deserialize)]
    struct Header<'a> {
        #[serde(borrow)]
        format: Option<Cow<'a, str>>,
        version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| json_error(&e, path))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(graph_err(
            0,
            0,
            format!(
                "not a kg graph: \"format\" is {:?}, expected \"{FORMAT}\"",
                header.format.as_deref().unwrap_or("missing")
            ),
        ));
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => return Err(graph_err(0, 0, format!("graph format version {v} is not supported (this kg reads version {VERSION}); rebuild it with `kg build`"))),
        None => return Err(graph_err(0, 0, "the graph has no valid \"version\"".into())),
    }
    let wire: WireGraph = serde_json::from_slice(bytes).map_err(|e| json_error(&e, path))?;
    from_wire(wire, path)
}

/// The graph of a wire graph whose header was checked; `path` names it in errors.
fn from_wire(wire: WireGraph<'_>, path: &Path) -> Result<KnowledgeGraph> {
    let graph_err =
        |line: usize, column: usize, message: String| Error::Graph { path: path.to_owned(), line, column, message };
    let mut g = KnowledgeGraph::new(super::kgb::loaded_symmetric(wire.graph.symmetric.iter().map(|s| &**s)));
    g.generator = wire.graph.generator.into_owned();
    for d in wire.graph.documents {
        g.documents.insert(
            d.id.to_string(),
            DocumentInfo {
                id: d.id.into_owned(),
                path: d.path.into_owned(),
                sha256: d.sha256.into_owned(),
                bytes: d.bytes,
            },
        );
    }
    for (k, n) in wire.nodes.into_iter().enumerate() {
        if n.id.is_empty() {
            return Err(graph_err(0, 0, format!("node {} has an empty id", k + 1)));
        }
        if g.node_index(&n.id).is_some() {
            return Err(graph_err(0, 0, format!("duplicate node id '{}'", n.id)));
        }
        let aliases: VecMap<String, String> = n
            .aliases
            .iter()
            .map(|a| (a.to_string(), n.alias_reasons.get(a).map_or_else(|| "alias".to_owned(), |r| r.to_string())))
            .collect();
        let label_votes = if n.label_votes.is_empty() {
            VecMap::from([(n.label.to_string(), n.mentions.max(1))])
        } else {
            n.label_votes.into_iter().map(|(k, v)| (k.into_owned(), v)).collect()
        };
        let kind_votes = if n.kind_votes.is_empty() {
            VecMap::from([(n.kind.to_string(), (u8::MAX, n.mentions.max(1)))])
        } else {
            n.kind_votes.into_iter().map(|(k, v)| (k.into_owned(), v)).collect()
        };
        g.add_node(Node {
            id: n.id.into_owned(),
            label: n.label.into_owned(),
            kind: n.kind.into_owned(),
            aliases,
            coreferences: n.coreferences.into_iter().map(|(k, v)| (k.into_owned(), v)).collect(),
            mentions: n.mentions,
            community: n.community,
            label_votes,
            kind_votes,
        });
    }
    // Relations and document ids repeat over many edges: one shared copy of each.
    let mut shared: FxHashMap<String, SharedStr> = FxHashMap::default();
    let mut share = |s: &str| match shared.get(s) {
        Some(x) => x.clone(),
        None => shared.entry(s.to_owned()).or_insert_with(|| s.into()).clone(),
    };
    for (k, e) in wire.edges.into_iter().enumerate() {
        let s = g
            .node_index(&e.source)
            .ok_or_else(|| graph_err(0, 0, format!("edge {} refers to a missing node '{}'", k + 1, e.source)))?;
        let t = g
            .node_index(&e.target)
            .ok_or_else(|| graph_err(0, 0, format!("edge {} refers to a missing node '{}'", k + 1, e.target)))?;
        if !e.weight.is_finite() || e.weight <= 0.0 {
            return Err(graph_err(0, 0, format!("edge {} has weight {}, which is not positive", k + 1, e.weight)));
        }
        let reliability = e.reliability.unwrap_or_else(|| reliability_from(e.confidence.unwrap_or(0.5), e.weight));
        let evidence = e
            .evidence
            .into_iter()
            .map(|ev| Evidence {
                doc: share(&ev.doc),
                start: ev.start as usize,
                end: ev.end as usize,
                text: SharedStr::from(&*ev.text),
            })
            .collect();
        g.add_edge(s, t, Edge { relation: share(&e.relation), weight: e.weight, evidence, reliability });
    }
    Ok(g)
}

/// The per-finding reliability that gives `confidence` after `weight` findings.
pub(crate) fn reliability_from(confidence: f64, weight: f64) -> f64 {
    let c = confidence.clamp(0.0, 0.999_999);
    1.0 - (1.0 - c).powf(1.0 / weight.max(1.0))
}

fn json_error(e: &serde_json::Error, path: &Path) -> Error {
    let message = match e.classify() {
        serde_json::error::Category::Eof => "the file ends too early (truncated?)".to_owned(),
        _ => e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    };
    Error::Graph { path: path.to_owned(), line: e.line(), column: e.column(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"format":"kg-graph","version":1,"directed":true,"multigraph":true,
      "graph":{"generator":"test","documents":[{"id":"d","path":"d.txt","sha256":"00","bytes":3}]},
      "nodes":[{"id":"a","label":"A","kind":"Concept","aliases":["a1"],"mentions":2},
               {"id":"b","label":"B","kind":"Goal","aliases":[],"mentions":1}],
      "edges":[{"source":"a","target":"b","relation":"promotes","weight":2,"evidence":[{"doc":"d","start":0,"end":3,"text":"abc"}]}]}"#;

    #[test]
    fn round_trip_is_byte_identical() {
        let g = from_slice(SMALL.as_bytes(), Path::new("g.json")).unwrap();
        let once = to_string(&g, WriteOptions::default());
        let again = to_string(&from_slice(once.as_bytes(), Path::new("g.json")).unwrap(), WriteOptions::default());
        assert_eq!(once, again);
        assert!(once.contains("\"confidence\""));
        let partial = to_string(&g, WriteOptions { partial: true });
        let back = from_slice(partial.as_bytes(), Path::new("p.json")).unwrap();
        assert_eq!(to_string(&back, WriteOptions { partial: true }), partial);
    }

    /// The JSON of `g` as `serde_json` writes its whole wire form, which the writer's blocks
    /// must equal byte for byte.
    fn wire_json(g: &KnowledgeGraph, opts: WriteOptions, scores: &NodeScores) -> String {
        let wire = WireGraph {
            format: FORMAT.into(),
            version: VERSION,
            directed: true,
            multigraph: true,
            graph: WireMeta::of(g, opts.partial),
            nodes: g
                .nodes_sorted()
                .map(|i| {
                    let n = g.node(i);
                    let partial = opts.partial;
                    WireNode {
                        id: n.id.as_str().into(),
                        label: n.label.as_str().into(),
                        kind: n.kind.as_str().into(),
                        aliases: n.aliases.keys().map(|a| a.as_str().into()).collect(),
                        mentions: n.mentions,
                        alias_reasons: n.aliases.iter().map(|(k, v)| (k.as_str().into(), v.as_str().into())).collect(),
                        coreferences: n.coreferences.iter().map(|(k, v)| (k.as_str().into(), *v)).collect(),
                        community: n.community,
                        scores: scores.get(&n.id).cloned().unwrap_or_default(),
                        label_votes: if partial {
                            n.label_votes.iter().map(|(k, v)| (k.as_str().into(), *v)).collect()
                        } else {
                            BTreeMap::new()
                        },
                        kind_votes: if partial {
                            n.kind_votes.iter().map(|(k, v)| (k.as_str().into(), *v)).collect()
                        } else {
                            BTreeMap::new()
                        },
                    }
                })
                .collect(),
            edges: g
                .edges_sorted()
                .into_iter()
                .map(|e| {
                    let (s, t, edge) = g.edge(e);
                    WireEdge {
                        source: g.node(s).id.as_str().into(),
                        target: g.node(t).id.as_str().into(),
                        relation: edge.relation.as_str().into(),
                        weight: edge.weight,
                        confidence: Some(edge.confidence()),
                        reliability: opts.partial.then_some(edge.reliability),
                        evidence: edge
                            .evidence
                            .iter()
                            .map(|ev| WireEvidence {
                                doc: ev.doc.as_str().into(),
                                start: ev.start as u64,
                                end: ev.end as u64,
                                text: ev.text.as_str().into(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        };
        serde_json::to_string_pretty(&wire).unwrap() + "\n"
    }

    #[test]
    fn blocks_give_the_bytes_of_the_whole_wire_form() {
        let text = "OpenAI develops GPT. GPT relies on GPUs. The CTO leads research on AI safety (AIS). \
                    RLHF promotes safety. Reinforcement learning from human feedback (RLHF) uses reward models. \
                    The company trains large language models. Large language models such as GPT and Claude \
                    use transformers. Anthropic develops Claude. Transformers rely on attention. \
                    Google develops TensorFlow. PyTorch competes with TensorFlow. Meta develops PyTorch. \
                    NVIDIA makes GPUs. Microsoft invests in OpenAI. DeepMind develops AlphaFold.";
        let docs = [
            crate::text::Document::from_text("a", "a.txt", text),
            crate::text::Document::from_text("b", "b.txt", &text.replace("GPT", "Gemini")),
        ];
        let built = crate::build::build_documents(&docs, &crate::ontology::Ontology::default(), &Default::default());
        let with_community = crate::query::communities(&built, &Default::default()).assign(&built);
        let small = from_slice(SMALL.as_bytes(), Path::new("g.json")).unwrap();
        let coref =
            SMALL.replace("\"mentions\":2}", "\"mentions\":2,\"community\":3,\"coreferences\":{\"the firm\":2}}");
        let coref = from_slice(coref.as_bytes(), Path::new("g.json")).unwrap();
        let empty = KnowledgeGraph::default();
        let mut scores = NodeScores::new();
        for id in ["a", "gpt", "openai"] {
            scores.insert(id.into(), BTreeMap::from([("pagerank".into(), 0.125), ("degree".into(), 3.0)]));
        }
        scores.insert("b".into(), BTreeMap::new());
        assert!(
            built.node_count() > ROUND && built.edge_count() > ROUND,
            "{} {}",
            built.node_count(),
            built.edge_count()
        );
        for g in [&built, &with_community, &small, &coref, &empty] {
            for opts in [WriteOptions::default(), WriteOptions { partial: true }] {
                for sc in [&NodeScores::new(), &scores] {
                    let expected = wire_json(g, opts, sc);
                    assert_eq!(to_string_scored(g, opts, sc), expected);
                    for block in [1, 2, 3, 7] {
                        let mut out = Vec::new();
                        write_graph_in(g, &mut out, opts, sc, block).unwrap();
                        assert_eq!(String::from_utf8(out).unwrap(), expected, "block {block}");
                    }
                }
            }
        }
    }

    #[test]
    fn bad_graphs_are_errors() {
        let err = |s: &str| from_slice(s.as_bytes(), Path::new("g.json")).unwrap_err().to_string();
        assert!(err(&SMALL.replace("\"version\":1", "\"version\":2")).contains("version 2 is not supported"));
        assert!(err(&SMALL[..SMALL.len() / 2]).contains("truncated"));
        assert!(err(&SMALL.replace("\"target\":\"b\"", "\"target\":\"zz\"")).contains("missing node 'zz'"));
        assert!(err(&SMALL.replace("\"id\":\"b\"", "\"id\":\"a\"")).contains("duplicate node id 'a'"));
        assert!(err("{\"format\":\"other\"}").contains("not a kg graph"));
        assert!(err("{ nope").starts_with("g.json:1:"));
    }
}
