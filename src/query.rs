//! Queries over a graph: finding a concept by name, paths, neighbourhoods, and statistics.
//!
//! Every function here returns data, never text; `cli` prints. Names match a node's id, label or
//! aliases case-insensitively; an unknown name is an error that carries the closest matches.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

/// Find the node a user means by `name`: an id, a label or an alias, in any case.
///
/// # Errors
/// [`Error::UnknownNode`] with up to five close matches.
pub fn resolve(g: &KnowledgeGraph, name: &str) -> Result<NodeIndex> {
    let want = name.trim().to_lowercase();
    if let Some(i) = g.node_index(&want) {
        return Ok(i);
    }
    let slug = crate::slug(&want);
    let mut by_label = None;
    let mut by_alias = BTreeSet::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        if n.label.to_lowercase() == want || n.id == slug {
            by_label.get_or_insert(i);
        }
        if n.aliases.keys().any(|a| a.to_lowercase() == want) {
            by_alias.insert((std::cmp::Reverse(n.mentions), n.id.clone(), i));
        }
    }
    if let Some(i) = by_label {
        return Ok(i);
    }
    if let Some((_, _, i)) = by_alias.first() {
        return Ok(*i);
    }
    Err(Error::UnknownNode { name: name.to_owned(), suggestions: suggest(g, name, 5) })
}

/// Labels close to `name`, best first: labels and aliases that contain it, then small edit
/// distances.
pub fn suggest(g: &KnowledgeGraph, name: &str, max: usize) -> Vec<String> {
    let want = name.trim().to_lowercase();
    let mut scored: BTreeSet<(u32, std::cmp::Reverse<u64>, String)> = BTreeSet::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let mut best = u32::MAX;
        for form in std::iter::once(&n.label).chain(n.aliases.keys()) {
            let f = form.to_lowercase();
            let d = if f.contains(&want) || (want.contains(&f) && f.len() >= 3) {
                0
            } else {
                edit_distance(&f, &want) as u32
            };
            best = best.min(d);
        }
        let limit = (want.chars().count() as u32 / 3).max(2);
        if best <= limit {
            scored.insert((best, std::cmp::Reverse(n.mentions), n.label.clone()));
        }
    }
    scored.into_iter().take(max).map(|(_, _, l)| l).collect()
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// One step of a path: the edge taken and whether it was followed against its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    /// The node the hop leaves.
    pub from: NodeIndex,
    /// The node the hop reaches.
    pub to: NodeIndex,
    /// The edge.
    pub edge: EdgeIndex,
    /// The edge points from `from` to `to` (or is symmetric).
    pub forward: bool,
}

/// The shortest path from `from` to `to`, edges counting in either direction.
///
/// Ties go to the path whose nodes come first by id, so the answer is deterministic.
///
/// # Returns
/// `None` when no path exists; an empty path when `from == to`.
///
/// # Complexity
/// O(V + E) (breadth-first search).
pub fn shortest_path(g: &KnowledgeGraph, from: NodeIndex, to: NodeIndex) -> Option<Vec<Hop>> {
    if from == to {
        return Some(Vec::new());
    }
    let mut prev: BTreeMap<NodeIndex, Hop> = BTreeMap::new();
    let mut seen = BTreeSet::from([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        for (e, other, outgoing) in g.incident(n) {
            if seen.insert(other) {
                let forward = outgoing || g.is_symmetric(&g.edge(e).2.relation);
                prev.insert(other, Hop { from: n, to: other, edge: e, forward });
                if other == to {
                    let mut path = Vec::new();
                    let mut cur = to;
                    while cur != from {
                        let h = prev[&cur];
                        path.push(h);
                        cur = h.from;
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(other);
            }
        }
    }
    None
}

/// A neighbour within some hops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbor {
    /// The node.
    pub node: NodeIndex,
    /// Hops from the start.
    pub depth: usize,
    /// The edge that reached it first, and whether it points away from the start side.
    pub via: Hop,
}

/// Nodes within `depth` hops of `start`, edges in either direction, nearest first, then by id.
///
/// # Complexity
/// O(V + E).
pub fn neighbors(g: &KnowledgeGraph, start: NodeIndex, depth: usize) -> Vec<Neighbor> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::from([start]);
    let mut frontier = vec![start];
    for d in 1..=depth {
        let mut next = Vec::new();
        for &n in &frontier {
            for (e, other, outgoing) in g.incident(n) {
                if seen.insert(other) {
                    let forward = outgoing || g.is_symmetric(&g.edge(e).2.relation);
                    out.push(Neighbor { node: other, depth: d, via: Hop { from: n, to: other, edge: e, forward } });
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    out
}

/// Counts of a graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    /// Nodes.
    pub nodes: usize,
    /// Edges.
    pub edges: usize,
    /// Documents.
    pub documents: usize,
    /// Nodes per kind.
    pub kinds: BTreeMap<String, usize>,
    /// Edges per relation.
    pub relations: BTreeMap<String, usize>,
    /// The most connected concepts: (label, degree), highest first.
    pub top: Vec<(String, usize)>,
}

/// Counts by kind and relation, and the `top` concepts by degree.
pub fn stats(g: &KnowledgeGraph, top: usize) -> Stats {
    let mut s =
        Stats { nodes: g.node_count(), edges: g.edge_count(), documents: g.documents.len(), ..Stats::default() };
    for i in g.nodes_sorted() {
        *s.kinds.entry(g.node(i).kind.clone()).or_insert(0) += 1;
    }
    for e in g.graph().edge_weights() {
        *s.relations.entry(e.relation.clone()).or_insert(0) += 1;
    }
    let mut deg: Vec<(usize, String)> =
        g.nodes_sorted().map(|i| (g.incident(i).len(), g.node(i).label.clone())).collect();
    deg.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    s.top = deg.into_iter().take(top).map(|(d, l)| (l, d)).collect();
    s
}
