//! The knowledge graph: concepts as nodes, typed relations as edges, with the evidence of each.
//!
//! This file owns [`KnowledgeGraph`] (a petgraph `Graph` plus a hash index from id to
//! node) and how graphs merge. Merging is associative and commutative: every node and edge keeps
//! counts and votes that add up in any order (aliases with the smallest reason, the five first
//! pieces of evidence), and the exported view (label, kind, aliases without the label) is
//! computed from them. Until [`KnowledgeGraph::finish`], a node's `aliases` hold the merge state
//! (every form seen, the label included); `finish` settles the view, joins nodes named as another
//! node's alias, and lays the graph out in a canonical order (nodes by id, edges by source,
//! target and relation), so that the same content gives the same graph however it was merged.
//! Nodes are never removed from a petgraph graph; `finish` builds a new one.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Graph;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use crate::extract::{DocumentInfo, Evidence, Extraction};
use crate::text::SharedStr;
pub use crate::vec_map::VecMap;

/// Most pieces of evidence kept per edge (the graph format's limit).
pub const MAX_EVIDENCE: usize = 5;

/// A concept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Stable id: a slug of the label.
    pub id: String,
    /// Canonical label (the most frequent one across documents).
    pub label: String,
    /// Kind (the best-supported one across documents).
    pub kind: String,
    /// Other surface forms, each with why it was merged.
    pub aliases: VecMap<String, String>,
    /// Definite descriptions resolved to this concept, with counts ("the company").
    pub coreferences: VecMap<String, u64>,
    /// Mentions in the corpus.
    pub mentions: u64,
    /// Community id, when communities were computed.
    pub community: Option<u32>,
    /// Votes: label -> count.
    pub label_votes: VecMap<String, u64>,
    /// Votes: kind -> (strongest evidence, count).
    pub kind_votes: VecMap<String, (u8, u64)>,
}

/// A typed relation between two concepts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edge {
    /// Relation type.
    pub relation: SharedStr,
    /// How many times it was found.
    pub weight: f64,
    /// The first pieces of evidence, by document and offset (at most [`MAX_EVIDENCE`]).
    pub evidence: Vec<Evidence>,
    /// Reliability of the best pattern that found it, in [0, 1].
    pub reliability: f64,
}

impl Edge {
    /// Confidence in [0, 1]: the chance that at least one finding is right, taking each as
    /// right with the best pattern's reliability.
    pub fn confidence(&self) -> f64 {
        let c = 1.0 - (1.0 - self.reliability).powf(self.weight.max(1.0));
        (c * 1000.0).round() / 1000.0
    }
}

/// A knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: Graph<Node, Edge>,
    /// Id -> node. A hash map, as merging looks up every node of every document; what needs the
    /// id order sorts (and a canonical graph has its node indices in id order).
    index: FxHashMap<String, NodeIndex>,
    /// (source, target, hash of the relation) -> edge; a hash collision falls back to a scan.
    /// Built on the first [`KnowledgeGraph::add_edge`] (`None` until then), so that a graph that
    /// is only read (loaded, finished) never pays for it.
    edges: Option<FxHashMap<(NodeIndex, NodeIndex, u64), EdgeIndex>>,
    /// Whether the graph is laid out in canonical order (node indices in id order, edge indices
    /// in (source, target, relation) order): true after `finish` and loading, false once a node
    /// or an edge is appended.
    canonical: bool,
    /// The documents it was built from, by id.
    pub documents: BTreeMap<String, DocumentInfo>,
    /// What made it (`kg 0.1.0`).
    pub generator: String,
    /// Relations written with `source < target` (symmetric ones).
    pub symmetric: BTreeSet<String>,
}

impl KnowledgeGraph {
    /// An empty graph; `symmetric` names the relation types without direction.
    pub fn new(symmetric: impl IntoIterator<Item = String>) -> KnowledgeGraph {
        KnowledgeGraph {
            generator: format!("kg {}", env!("CARGO_PKG_VERSION")),
            symmetric: symmetric.into_iter().collect(),
            ..KnowledgeGraph::default()
        }
    }

    /// The underlying petgraph graph (read-only).
    pub fn graph(&self) -> &Graph<Node, Edge> {
        &self.graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node with id `id`.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// A node by index.
    pub fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }

    /// An edge by index: its ends and data.
    pub fn edge(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex, &Edge) {
        let (s, t) = self.graph.edge_endpoints(e).expect("edge index from this graph");
        (s, t, &self.graph[e])
    }

    /// Node indices sorted by id.
    pub fn nodes_sorted(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        let sorted: Vec<NodeIndex> = if self.canonical {
            self.graph.node_indices().collect()
        } else {
            let mut v: Vec<NodeIndex> = self.index.values().copied().collect();
            v.sort_unstable_by(|&a, &b| self.graph[a].id.cmp(&self.graph[b].id));
            v
        };
        sorted.into_iter()
    }

    /// Edge indices sorted by (source id, target id, relation).
    pub fn edges_sorted(&self) -> Vec<EdgeIndex> {
        if self.canonical {
            return self.graph.edge_indices().collect();
        }
        let mut e: Vec<EdgeIndex> = self.graph.edge_indices().collect();
        e.sort_by(|&a, &b| {
            let (sa, ta, ea) = self.edge(a);
            let (sb, tb, eb) = self.edge(b);
            (&self.graph[sa].id, &self.graph[ta].id, &ea.relation).cmp(&(
                &self.graph[sb].id,
                &self.graph[tb].id,
                &eb.relation,
            ))
        });
        e
    }

    /// Whether `relation` is symmetric.
    pub fn is_symmetric(&self, relation: &str) -> bool {
        self.symmetric.contains(relation)
    }

    /// Add (or merge into) a node.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        match self.index.get(&node.id) {
            Some(&i) => {
                merge_node(&mut self.graph[i], node);
                i
            }
            None => {
                let id = node.id.clone();
                self.canonical = false;
                let i = self.graph.add_node(node);
                self.index.insert(id, i);
                i
            }
        }
    }

    /// Add (or merge into) an edge between existing nodes. Symmetric relations are stored with
    /// the smaller id as source.
    pub fn add_edge(&mut self, source: NodeIndex, target: NodeIndex, edge: Edge) -> EdgeIndex {
        let (s, t) = if self.is_symmetric(&edge.relation) && self.graph[target].id < self.graph[source].id {
            (target, source)
        } else {
            (source, target)
        };
        let graph = &self.graph;
        let map = self.edges.get_or_insert_with(|| edge_map(graph));
        let key = (s, t, relation_hash(&edge.relation));
        let found = match map.get(&key) {
            Some(&e) if self.graph[e].relation == edge.relation => Some(e),
            Some(_) => self.graph.edges_connecting(s, t).find(|e| e.weight().relation == edge.relation).map(|e| e.id()),
            None => None,
        };
        match found {
            Some(e) => {
                merge_edge(&mut self.graph[e], edge);
                e
            }
            None => {
                self.canonical = false;
                let e = self.graph.add_edge(s, t, edge);
                map.entry(key).or_insert(e);
                e
            }
        }
    }

    /// A graph of nodes already in canonical order (ids strictly increasing), with room for
    /// `edges` edges to be added by [`KnowledgeGraph::push_canonical_edge`]; `None` when the ids
    /// are not strictly increasing (or one is empty). For loaders of files that `export::json`
    /// wrote.
    pub(crate) fn from_sorted_nodes(
        nodes: Vec<Node>,
        edges: usize,
        documents: BTreeMap<String, DocumentInfo>,
        generator: String,
        symmetric: BTreeSet<String>,
    ) -> Option<KnowledgeGraph> {
        if nodes.first().is_some_and(|n| n.id.is_empty()) || nodes.windows(2).any(|w| w[0].id >= w[1].id) {
            return None;
        }
        let mut graph = Graph::with_capacity(nodes.len(), edges);
        let mut index = FxHashMap::default();
        index.reserve(nodes.len());
        for n in nodes {
            let id = n.id.clone();
            index.insert(id, graph.add_node(n));
        }
        Some(KnowledgeGraph { graph, index, edges: None, canonical: true, documents, generator, symmetric })
    }

    /// Append the edge `s -edge-> t` as it is, without merging or orienting it: the caller
    /// guarantees that it is new and, for a symmetric relation, that `s` has the smaller id (as
    /// in a graph file that `export::json` wrote).
    pub(crate) fn push_canonical_edge(&mut self, s: NodeIndex, t: NodeIndex, edge: Edge) -> EdgeIndex {
        if let Some(map) = &mut self.edges {
            map.entry((s, t, relation_hash(&edge.relation))).or_insert(EdgeIndex::new(self.graph.edge_count()));
        }
        self.graph.add_edge(s, t, edge)
    }

    /// Add one document's extraction.
    pub fn add_extraction(&mut self, x: &Extraction) {
        self.documents.insert(x.document.id.clone(), x.document.clone());
        for c in &x.concepts {
            self.add_node(Node {
                id: c.id.clone(),
                label: c.label.clone(),
                kind: c.kind.clone(),
                aliases: c.aliases.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                coreferences: c.coreferences.iter().map(|(k, v)| (k.clone(), u64::from(*v))).collect(),
                mentions: u64::from(c.mentions),
                community: None,
                label_votes: VecMap::from([(c.label.clone(), u64::from(c.mentions.max(1)))]),
                kind_votes: VecMap::from([(c.kind.clone(), (c.kind_strength, u64::from(c.mentions.max(1))))]),
            });
        }
        // One copy of each relation's name (a document uses a few).
        let mut names: Vec<SharedStr> = Vec::new();
        for r in &x.relations {
            let (Some(s), Some(t)) = (self.node_index(&r.source), self.node_index(&r.target)) else {
                continue;
            };
            let relation = match names.iter().find(|n| **n == r.relation) {
                Some(n) => n.clone(),
                None => {
                    names.push(r.relation.as_str().into());
                    names[names.len() - 1].clone()
                }
            };
            self.add_edge(
                s,
                t,
                Edge { relation, weight: 1.0, evidence: vec![r.evidence.clone()], reliability: r.reliability },
            );
        }
    }

    /// Merge another graph into this one.
    pub fn merge(&mut self, other: KnowledgeGraph) {
        self.documents.extend(other.documents);
        self.symmetric.extend(other.symmetric.iter().cloned());
        let (nodes, edges) = other.graph.into_nodes_edges();
        let map: Vec<NodeIndex> = nodes.into_iter().map(|n| self.add_node(n.weight)).collect();
        for e in edges {
            self.add_edge(map[e.source().index()], map[e.target().index()], e.weight);
        }
    }

    /// Settle the merged votes into labels, kinds and aliases, join nodes that another node names
    /// as an alias ("AI" in one document, "artificial intelligence" in another), and lay the graph
    /// out in canonical order. Idempotent.
    pub fn finish(self) -> KnowledgeGraph {
        let mut g = self;
        // Labels, kinds and aliases from the merge state (node by node, in parallel).
        settle_all(&mut g.graph);
        // Alias joins: a node whose label (lower case) is another node's alias joins that node,
        // when exactly one node claims it. The lower-case forms are made in parallel.
        let nodes: Vec<&Node> = g.graph.node_weights().collect();
        let claimed: Vec<(String, &String)> = nodes
            .par_iter()
            .with_min_len(PAR_NODES)
            .flat_map_iter(|n| {
                n.aliases
                    .iter()
                    .filter(|(_, reason)| *reason == "acronym" || *reason == "ontology alias")
                    .map(|(alias, _)| (alias.to_lowercase(), &n.id))
            })
            .collect();
        let mut claims: FxHashMap<String, BTreeSet<String>> = FxHashMap::default();
        for (alias, id) in claimed {
            claims.entry(alias).or_default().insert(id.clone());
        }
        let joins: Vec<(String, String)> = nodes
            .par_iter()
            .with_min_len(PAR_NODES)
            .filter_map(|n| {
                let owners = claims.get(&n.label.to_lowercase())?;
                let owner = owners.iter().next().filter(|_| owners.len() == 1)?;
                (*owner != n.id).then(|| (n.id.clone(), owner.clone()))
            })
            .collect();
        drop(nodes);
        let target: FxHashMap<String, String> = joins.into_iter().collect();
        if target.is_empty() {
            return g.canonical(None);
        }
        // Follow chains and refuse cycles: each node joins the end of its chain (the first node
        // of a cycle stays), and the end of a chain is a node that stays.
        let resolve = |id: &str| -> String {
            let mut cur = id.to_owned();
            let mut seen = BTreeSet::new();
            while let Some(next) = target.get(&cur) {
                if !seen.insert(cur.clone()) {
                    break;
                }
                cur = next.clone();
            }
            cur
        };
        let into: Vec<NodeIndex> = g
            .graph
            .node_indices()
            .map(|i| {
                let id = &g.graph[i].id;
                if target.contains_key(id) {
                    g.index[&resolve(id)]
                } else {
                    i
                }
            })
            .collect();
        drop((claims, target));
        let mut out = g.canonical(Some(&into));
        settle_all(&mut out.graph);
        out
    }

    /// The merge state laid out in canonical order, without settling aliases or joining nodes:
    /// a partial graph, which merges exactly with other partial graphs (`kg merge`).
    pub fn finish_partial(self) -> KnowledgeGraph {
        self.canonical(None)
    }

    /// The same graph laid out in canonical order: nodes by id, edges by (source id, target id,
    /// relation). Queries and layouts that break ties by index then give the same answer however
    /// the graph was merged. With `join`, node `i` is merged into node `join[i]` when they differ
    /// (`join[join[i]] == join[i]`): its label becomes an alias, its edges move to that node
    /// (merging with the edges there, losing the loops).
    ///
    /// Nodes and edges move (their strings are not copied), and the old arrays shrink while the
    /// new ones grow, so that the graph is not held twice.
    fn canonical(self, join: Option<&[NodeIndex]>) -> KnowledgeGraph {
        let KnowledgeGraph { graph, index, documents, generator, symmetric, .. } = self;
        let stays = |old: NodeIndex| join.is_none_or(|j| j[old.index()] == old);
        let (mut nodes, mut edges) = graph.into_nodes_edges();
        // Nodes: put them in reverse id order in place, then pop them into the new graph.
        let mut index: Vec<(String, NodeIndex)> = index.into_iter().collect();
        // Ids are unique, so that any sort gives the same order.
        index.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let kept = index.iter().filter(|&&(_, old)| stays(old)).count();
        let mut at = vec![usize::MAX; nodes.len()];
        let mut ids: Vec<String> = Vec::with_capacity(kept);
        let mut moved: Vec<NodeIndex> = Vec::new();
        for (id, old) in index {
            if stays(old) {
                at[old.index()] = kept - 1 - ids.len();
                ids.push(id);
            } else {
                moved.push(old);
            }
        }
        // The moved nodes go after the kept ones.
        for (p, &old) in (kept..).zip(&moved) {
            at[old.index()] = p;
        }
        let mut old_of: Vec<NodeIndex> = vec![NodeIndex::end(); nodes.len()];
        for (old, &p) in at.iter().enumerate() {
            old_of[p] = NodeIndex::new(old);
        }
        for p in 0..at.len() {
            while at[p] != p {
                let q = at[p];
                nodes.swap(p, q);
                at.swap(p, q);
            }
        }
        drop(at);
        // Now position p holds old node old_of[p]; the moved ones sit after the kept ones.
        let mut moved_nodes: Vec<Node> = nodes.drain(kept..).map(|n| n.weight).collect();
        let mut new_index = vec![NodeIndex::end(); old_of.len()];
        let mut graph: Graph<Node, Edge> = Graph::with_capacity(kept, edges.len());
        let mut index = FxHashMap::default();
        index.reserve(kept);
        for id in ids {
            let n = nodes.pop().expect("one node per kept id").weight;
            shrink(&mut nodes);
            let i = graph.add_node(n);
            new_index[old_of[nodes.len()].index()] = i;
            index.insert(id, i);
        }
        drop(nodes);
        if let Some(join) = join {
            for (k, mut n) in moved_nodes.drain(..).enumerate() {
                let old = old_of[kept + k];
                let to = new_index[join[old.index()].index()];
                n.aliases.insert(n.label.clone(), "alias in another document".into());
                merge_node(&mut graph[to], n);
                new_index[old.index()] = to;
            }
        }
        drop((moved_nodes, old_of));
        // Edges: into (source, target, edge) in reverse canonical order, then popped into the
        // new graph; edges that a join makes equal merge.
        let mut sorted: Vec<(NodeIndex, NodeIndex, Edge)> = Vec::with_capacity(edges.len());
        while let Some(e) = edges.pop() {
            shrink(&mut edges);
            let (mut s, mut t) = (new_index[e.source().index()], new_index[e.target().index()]);
            if join.is_some() {
                if s == t {
                    continue;
                }
                // New indices are in id order.
                if t < s && symmetric.contains(e.weight.relation.as_str()) {
                    (s, t) = (t, s);
                }
            }
            sorted.push((s, t, e.weight));
        }
        drop(edges);
        sorted.sort_unstable_by(|a, b| (b.0, b.1, &b.2.relation).cmp(&(a.0, a.1, &a.2.relation)));
        let mut last: Option<EdgeIndex> = None;
        while let Some((s, t, e)) = sorted.pop() {
            shrink(&mut sorted);
            if let Some(l) =
                last.filter(|&l| graph.edge_endpoints(l) == Some((s, t)) && graph[l].relation == e.relation)
            {
                merge_edge(&mut graph[l], e);
            } else {
                last = Some(graph.add_edge(s, t, e));
            }
        }
        KnowledgeGraph { graph, index, edges: None, canonical: true, documents, generator, symmetric }
    }

    /// Drop edges below a confidence (returns a new graph; nodes stay).
    pub fn filter_edges(&self, keep: impl Fn(&Edge) -> bool) -> KnowledgeGraph {
        let mut out = KnowledgeGraph {
            documents: self.documents.clone(),
            generator: self.generator.clone(),
            symmetric: self.symmetric.clone(),
            ..KnowledgeGraph::default()
        };
        for i in self.nodes_sorted() {
            out.add_node(self.graph[i].clone());
        }
        for e in self.edges_sorted() {
            let (s, t, w) = self.edge(e);
            if keep(w) {
                let (s, t) = (out.index[&self.graph[s].id], out.index[&self.graph[t].id]);
                out.add_edge(s, t, w.clone());
            }
        }
        out
    }

    /// The subgraph induced by `nodes`: those nodes and every edge between two of them.
    pub fn subgraph(&self, nodes: &BTreeSet<NodeIndex>) -> KnowledgeGraph {
        let mut out = KnowledgeGraph {
            documents: self.documents.clone(),
            generator: self.generator.clone(),
            symmetric: self.symmetric.clone(),
            ..KnowledgeGraph::default()
        };
        for &i in nodes {
            out.add_node(self.graph[i].clone());
        }
        for e in self.edges_sorted() {
            let (s, t, w) = self.edge(e);
            if nodes.contains(&s) && nodes.contains(&t) {
                let (s, t) = (out.index[&self.graph[s].id], out.index[&self.graph[t].id]);
                out.add_edge(s, t, w.clone());
            }
        }
        out
    }

    /// Edges touching `n`, each with the node at the other end and whether `n` is the source.
    pub fn incident(&self, n: NodeIndex) -> Vec<(EdgeIndex, NodeIndex, bool)> {
        let mut out: Vec<(EdgeIndex, NodeIndex, bool)> = self
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .map(|e| (e.id(), e.target(), true))
            .chain(self.graph.edges_directed(n, petgraph::Direction::Incoming).map(|e| (e.id(), e.source(), false)))
            .collect();
        out.sort_by(|a, b| {
            (&self.graph[a.1].id, &self.graph[a.0].relation, !a.2).cmp(&(
                &self.graph[b.1].id,
                &self.graph[b.0].relation,
                !b.2,
            ))
        });
        out.dedup_by_key(|x| x.0);
        out
    }
}

/// Give back the memory of a vector that is being emptied from the end, once half of it is unused
/// (a big vector lives in its own mapping, which shrinks in place).
fn shrink<T>(v: &mut Vec<T>) {
    if v.capacity() > 2 * v.len() + 1024 {
        v.shrink_to_fit();
    }
}

fn merge_node(into: &mut Node, other: Node) {
    into.mentions += other.mentions;
    for (k, v) in other.aliases {
        match into.aliases.get(&k) {
            Some(old) if *old <= v => {}
            _ => {
                into.aliases.insert(k, v);
            }
        }
    }
    for (k, v) in other.coreferences {
        *into.coreferences.get_or_insert_with(k, || 0) += v;
    }
    for (k, v) in other.label_votes {
        *into.label_votes.get_or_insert_with(k, || 0) += v;
    }
    for (k, (s, c)) in other.kind_votes {
        let e = into.kind_votes.get_or_insert_with(k, || (0, 0));
        e.0 = e.0.max(s);
        e.1 += c;
    }
    into.community = match (into.community, other.community) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    settle_votes(into);
}

/// The edge index of a graph: (source, target, hash of the relation) -> the first such edge.
fn edge_map(graph: &Graph<Node, Edge>) -> FxHashMap<(NodeIndex, NodeIndex, u64), EdgeIndex> {
    let mut map = FxHashMap::default();
    map.reserve(graph.edge_count());
    for e in graph.edge_references() {
        map.entry((e.source(), e.target(), relation_hash(&e.weight().relation))).or_insert(e.id());
    }
    map
}

/// The hash that keys an edge's relation in the edge index.
fn relation_hash(relation: &str) -> u64 {
    let mut h = FxHasher::default();
    relation.hash(&mut h);
    h.finish()
}

/// Label, kind and aliases from the merge state; aliases never hold the label.
/// Nodes per parallel task of `finish`.
const PAR_NODES: usize = 1 << 10;

/// [`settle`] every node (each on its own, so in parallel).
fn settle_all(graph: &mut Graph<Node, Edge>) {
    let mut nodes: Vec<&mut Node> = graph.node_weights_mut().collect();
    nodes.par_iter_mut().with_min_len(PAR_NODES).for_each(|n| settle(n));
}

fn settle(n: &mut Node) {
    settle_votes(n);
    for other in n.label_votes.keys() {
        if *other != n.label && !n.aliases.contains_key(other) {
            n.aliases.insert(other.clone(), "case variant".into());
        }
    }
    let label = n.label.clone();
    n.aliases.remove(&label);
}

/// Label and kind from the votes (a function of the votes alone, so of no merge order).
fn settle_votes(n: &mut Node) {
    if let Some((label, _)) = n.label_votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
        n.label.clone_from(label);
    }
    if let Some((kind, _)) =
        n.kind_votes.iter().max_by(|a, b| (a.1 .0, a.1 .1).cmp(&(b.1 .0, b.1 .1)).then(b.0.cmp(a.0)))
    {
        n.kind.clone_from(kind);
    }
}

fn merge_edge(into: &mut Edge, other: Edge) {
    into.weight += other.weight;
    into.reliability = into.reliability.max(other.reliability);
    into.evidence.extend(other.evidence);
    into.evidence.sort();
    into.evidence.dedup();
    into.evidence.truncate(MAX_EVIDENCE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, label: &str, kind: &str, mentions: u64) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            kind: kind.into(),
            mentions,
            label_votes: VecMap::from([(label.to_owned(), mentions)]),
            kind_votes: VecMap::from([(kind.to_owned(), (2, mentions))]),
            ..Node::default()
        }
    }

    fn ev(doc: &str, start: usize) -> Evidence {
        Evidence { doc: doc.into(), start, end: start + 1, text: "x".into() }
    }

    fn graph(parts: &[(&str, &str, &str, usize)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(["related_to".to_owned()]);
        for &(s, t, r, at) in parts {
            let si = g.add_node(node(s, &s.to_uppercase(), "Concept", 1));
            let ti = g.add_node(node(t, t, "Technology", 1));
            g.add_edge(si, ti, Edge { relation: r.into(), weight: 1.0, evidence: vec![ev("d", at)], reliability: 0.5 });
        }
        g
    }

    #[test]
    fn repeated_edges_add_weight_and_evidence() {
        let g = graph(&[("a", "b", "uses", 1), ("a", "b", "uses", 2), ("b", "a", "related_to", 3)]);
        assert_eq!(g.edge_count(), 2);
        let e = g.edges_sorted();
        let (_, _, uses) = g.edge(e[1]);
        assert_eq!(uses.weight, 2.0);
        assert_eq!(uses.evidence.len(), 2);
        // The symmetric edge is stored a -> b.
        let (s, t, rel) = g.edge(e[0]);
        assert_eq!((g.node(s).id.as_str(), g.node(t).id.as_str(), rel.relation.as_str()), ("a", "b", "related_to"));
        assert!((uses.confidence() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn merge_is_order_independent() {
        let parts = [("a", "b", "uses", 1), ("b", "c", "develops", 2), ("a", "c", "uses", 3), ("a", "b", "uses", 9)];
        let mut x = graph(&parts[..2]);
        x.merge(graph(&parts[2..]));
        let mut y = graph(&parts[2..]);
        y.merge(graph(&parts[..2]));
        let show = |g: &KnowledgeGraph| {
            g.edges_sorted()
                .iter()
                .map(|&e| {
                    let (s, t, w) = g.edge(e);
                    format!("{} {} {} {} {:?}", g.node(s).id, g.node(t).id, w.relation, w.weight, w.evidence)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&x), show(&y));
    }

    /// Issue 7: the merge state, and so the finished graph, is the same in any merge order.
    #[test]
    fn merge_state_is_order_independent() {
        let with = |label: &str, votes: u64, aliases: &[(&str, &str)]| {
            let mut n = node("x", label, "Concept", votes);
            n.aliases = aliases.iter().map(|(a, r)| ((*a).to_owned(), (*r).to_owned())).collect();
            n
        };
        let parts = [
            with("X", 2, &[("Y", "acronym")]),
            with("Y", 3, &[("X", "plural")]),
            with("X", 10, &[]),
            with("Z", 1, &[("Y", "spelling variant")]),
        ];
        let show = |order: &[usize]| {
            let mut g = KnowledgeGraph::new([]);
            for &k in order {
                let mut part = KnowledgeGraph::new([]);
                part.add_node(parts[k].clone());
                g.merge(part);
            }
            let g = g.finish();
            let n = g.node(g.node_index("x").unwrap());
            format!("{} {:?} {}", n.label, n.aliases, n.mentions)
        };
        let reference = show(&[0, 1, 2, 3]);
        assert_eq!(reference, r#"X {"Y": "acronym", "Z": "case variant"} 16"#);
        for order in [[1, 0, 2, 3], [0, 2, 1, 3], [2, 1, 0, 3], [3, 2, 1, 0], [1, 3, 0, 2]] {
            assert_eq!(show(&order), reference, "{order:?}");
        }
    }

    #[test]
    fn finish_joins_aliases_across_documents() {
        let mut g = KnowledgeGraph::new([]);
        let mut ai = node("ai", "AI", "Field", 3);
        ai.aliases.insert("artificial intelligence".into(), "acronym".into());
        g.add_node(ai);
        g.add_node(node("artificial-intelligence", "artificial intelligence", "Field", 2));
        let g = g.finish();
        assert_eq!(g.node_count(), 1);
        let n = g.node(g.node_index("ai").unwrap());
        assert_eq!(n.mentions, 5);
        assert_eq!(n.label, "AI");
    }
}
