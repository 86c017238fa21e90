//! Queries over a graph: finding concepts, paths, neighbourhoods, centrality, communities, and
//! the selection behind a readable diagram.
//!
//! Every function here returns data, never text; `cli` prints. One file per algorithm, re-exported
//! flat (as petgraph's `algo` does):
//!
//! - [`find`](mod@find): fuzzy search over labels and aliases; [`resolve`] and [`suggest`].
//! - [`paths`]: shortest paths (breadth-first, Dijkstra, hop-bounded) and Yen's k shortest
//!   loopless paths, under a [`Filter`].
//! - [`neighbors`](mod@neighbors): neighbourhoods and ego graphs under the same [`Filter`].
//! - [`centrality`]: degree, weighted degree, PageRank and Brandes betweenness.
//! - [`communities`](mod@communities): Louvain with a fixed seed, each community named by its most
//!   central concept.
//! - [`overview`](mod@overview): the most central concepts and strongest relations, for diagrams.
//!
//! This module owns [`Filter`] (the relation and kind constraints every traversal takes), [`Hop`]
//! and [`stats`]. Names match a node's id, label or aliases case-insensitively; an unknown name is
//! an error that carries the closest matches.

pub mod centrality;
pub mod communities;
pub mod find;
pub mod neighbors;
pub mod overview;
pub mod paths;

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::graph::{Edge, KnowledgeGraph, Node};

pub use centrality::{
    betweenness, betweenness_sampled, degree, pagerank, rank, weighted_degree, PageRankOptions, Ranking, Score,
};
pub use communities::{communities, louvain, modularity, Communities, Community, LouvainOptions};
pub use find::{edit_distance, find, resolve, suggest, Match, MatchKind};
pub use neighbors::{ego_graph, neighbors, Neighbor};
pub use overview::{central_order, focus_order, overview, Overview};
pub use paths::{best_evidence, edge_cost, explain, k_shortest_paths, shortest_path, Path, PathOptions};

/// One step of a path: the edge taken and whether it was followed along its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Which edges a traversal may follow and which concepts it may pass through.
///
/// Empty sets mean "no constraint". Kind constraints apply to the concepts a traversal passes
/// through or reaches, never to the ones it starts or (for paths) ends at, so that `kg path A B
/// --avoid-kinds Role` still works when `A` is a role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Follow only these relation types.
    pub relations: BTreeSet<String>,
    /// Never follow these relation types.
    pub exclude_relations: BTreeSet<String>,
    /// Pass only through concepts of these kinds.
    pub via_kinds: BTreeSet<String>,
    /// Never pass through concepts of these kinds.
    pub avoid_kinds: BTreeSet<String>,
    /// Follow edges only from source to target (symmetric relations still go both ways).
    pub directed: bool,
}

impl Filter {
    /// Whether an edge of this relation may be followed.
    pub fn allows_edge(&self, e: &Edge) -> bool {
        (self.relations.is_empty() || self.relations.contains(e.relation.as_str()))
            && !self.exclude_relations.contains(e.relation.as_str())
    }

    /// Whether a traversal may pass through (or reach) this concept.
    pub fn allows_node(&self, n: &Node) -> bool {
        (self.via_kinds.is_empty() || self.via_kinds.contains(&n.kind)) && !self.avoid_kinds.contains(&n.kind)
    }

    /// Whether the filter constrains nothing.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The hops leaving `n` that the filter allows (edge kinds only; node kinds are the caller's
    /// business), sorted by the other end's id, then relation.
    pub fn hops(&self, g: &KnowledgeGraph, n: NodeIndex) -> Vec<Hop> {
        g.incident(n)
            .into_iter()
            .filter_map(|(e, other, outgoing)| {
                let edge = g.edge(e).2;
                let symmetric = g.is_symmetric(&edge.relation);
                if !self.allows_edge(edge) || (self.directed && !outgoing && !symmetric) {
                    return None;
                }
                Some(Hop { from: n, to: other, edge: e, forward: outgoing || symmetric })
            })
            .collect()
    }
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
///
/// # Complexity
/// O(V log V + E).
pub fn stats(g: &KnowledgeGraph, top: usize) -> Stats {
    let mut s =
        Stats { nodes: g.node_count(), edges: g.edge_count(), documents: g.documents.len(), ..Stats::default() };
    for i in g.nodes_sorted() {
        *s.kinds.entry(g.node(i).kind.clone()).or_insert(0) += 1;
    }
    for e in g.graph().edge_weights() {
        *s.relations.entry(e.relation.to_string()).or_insert(0) += 1;
    }
    let mut deg: Vec<(usize, String)> =
        g.nodes_sorted().map(|i| (g.incident(i).len(), g.node(i).label.clone())).collect();
    deg.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    s.top = deg.into_iter().take(top).map(|(d, l)| (l, d)).collect();
    s
}

/// Small hand-made graphs shared by the unit tests of this module.
#[cfg(test)]
pub(crate) mod testing {
    use crate::extract::Evidence;
    use crate::graph::{Edge, KnowledgeGraph, Node, VecMap};

    /// A node of `kind` whose label is the id in upper case.
    pub(crate) fn node(id: &str, kind: &str) -> Node {
        Node {
            id: id.into(),
            label: id.to_uppercase(),
            kind: kind.into(),
            mentions: 1,
            label_votes: VecMap::from([(id.to_uppercase(), 1)]),
            kind_votes: VecMap::from([(kind.to_owned(), (2, 1))]),
            ..Node::default()
        }
    }

    /// A graph from `(source, relation, target, weight)` edges; nodes are `Concept`s unless
    /// `kinds` names them. `related_to` and `collaborates_with` are symmetric.
    pub(crate) fn graph(edges: &[(&str, &str, &str, f64)], kinds: &[(&str, &str)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(["related_to".to_owned(), "collaborates_with".to_owned()]);
        let kind = |id: &str| kinds.iter().find(|(n, _)| *n == id).map_or("Concept", |(_, k)| *k).to_owned();
        for (id, _) in kinds {
            g.add_node(node(id, &kind(id)));
        }
        for (k, &(s, r, t, w)) in edges.iter().enumerate() {
            let si = g.add_node(node(s, &kind(s)));
            let ti = g.add_node(node(t, &kind(t)));
            g.add_edge(
                si,
                ti,
                Edge {
                    relation: r.into(),
                    weight: w,
                    evidence: vec![Evidence {
                        doc: "d".into(),
                        start: k * 10,
                        end: k * 10 + 5,
                        text: format!("{s} {r} {t}.").into(),
                    }],
                    reliability: 0.5,
                },
            );
        }
        g
    }

    /// The node with id `id`.
    pub(crate) fn ix(g: &KnowledgeGraph, id: &str) -> petgraph::graph::NodeIndex {
        g.node_index(id).expect("node in test graph")
    }

    /// Node ids of a list of indices.
    pub(crate) fn ids(g: &KnowledgeGraph, nodes: &[petgraph::graph::NodeIndex]) -> Vec<String> {
        nodes.iter().map(|&i| g.node(i).id.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn filter_hops_respect_direction_and_relations() {
        let g = graph(&[("a", "uses", "b", 1.0), ("c", "develops", "a", 1.0), ("a", "related_to", "d", 1.0)], &[]);
        let a = ix(&g, "a");
        let to = |f: &Filter| f.hops(&g, a).iter().map(|h| g.node(h.to).id.clone()).collect::<Vec<_>>();
        assert_eq!(to(&Filter::default()), ["b", "c", "d"]);
        let directed = Filter { directed: true, ..Filter::default() };
        // The symmetric related_to edge is stored a -> d; c -develops-> a is not followed back.
        assert_eq!(to(&directed), ["b", "d"]);
        let only = Filter { relations: ["develops".to_owned()].into(), ..Filter::default() };
        assert_eq!(to(&only), ["c"]);
        let except = Filter { exclude_relations: ["related_to".to_owned()].into(), ..Filter::default() };
        assert_eq!(to(&except), ["b", "c"]);
        assert!(Filter::default().is_empty() && !except.is_empty());
    }

    #[test]
    fn stats_count_kinds_and_relations() {
        let g = graph(&[("a", "uses", "b", 1.0), ("a", "uses", "c", 2.0)], &[("a", "Organization")]);
        let s = stats(&g, 1);
        assert_eq!((s.nodes, s.edges), (3, 2));
        assert_eq!(s.kinds["Concept"], 2);
        assert_eq!(s.relations["uses"], 2);
        assert_eq!(s.top, [("A".to_owned(), 2)]);
    }
}
