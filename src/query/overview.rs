//! The part of a graph worth drawing: the most central concepts and the strongest relations
//! between them.
//!
//! This file owns the selection behind every default diagram (`kg render`, `kg export --format
//! dot`, the `graph.dot` of `kg build`): a diagram of thousands of nodes is unreadable and takes
//! Graphviz minutes, so diagrams show at most `max_nodes` concepts and `max_edges` relations and
//! say what they left out. Drawing is the exporters' job.

use std::collections::BTreeSet;

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::centrality::{pagerank, PageRankOptions};
use super::neighbors::neighbors;
use super::Filter;
use crate::graph::KnowledgeGraph;

/// What a diagram shows of a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// The concepts shown.
    pub nodes: BTreeSet<NodeIndex>,
    /// The relations shown (each between two shown concepts).
    pub edges: BTreeSet<EdgeIndex>,
    /// Concepts in the graph the selection was made from.
    pub total_nodes: usize,
    /// Relations between concepts of the pool the selection was made from.
    pub total_edges: usize,
}

impl Overview {
    /// Whether something was left out.
    pub fn is_partial(&self) -> bool {
        self.nodes.len() < self.total_nodes || self.edges.len() < self.total_edges
    }

    /// The selection as a graph of its own.
    pub fn graph(&self, g: &KnowledgeGraph) -> KnowledgeGraph {
        let mut out = KnowledgeGraph::new(g.symmetric.iter().cloned());
        out.documents = g.documents.clone();
        out.generator = g.generator.clone();
        for &i in &self.nodes {
            out.add_node(g.node(i).clone());
        }
        for &e in &self.edges {
            let (s, t, w) = g.edge(e);
            let s = out.node_index(&g.node(s).id).expect("shown node");
            let t = out.node_index(&g.node(t).id).expect("shown node");
            out.add_edge(s, t, w.clone());
        }
        out
    }
}

/// Every node, most central first: PageRank over undirected, weighted edges, ties by id.
///
/// # Complexity
/// O(I·(V + E)) for PageRank's iterations.
pub fn central_order(g: &KnowledgeGraph) -> Vec<NodeIndex> {
    let pr = pagerank(g, &PageRankOptions { directed: false, ..PageRankOptions::default() });
    let mut order: Vec<NodeIndex> = g.nodes_sorted().collect();
    order.sort_by(|a, b| round(pr[b.index()]).total_cmp(&round(pr[a.index()])));
    order
}

/// The seeds, then the concepts within `depth` hops of them under `filter`: nearer first, more
/// central first at the same distance.
///
/// # Complexity
/// O(S·(V + E)) plus PageRank.
pub fn focus_order(g: &KnowledgeGraph, seeds: &[NodeIndex], depth: usize, filter: &Filter) -> Vec<NodeIndex> {
    let central = central_order(g);
    let mut pos = vec![0usize; g.node_count()];
    for (r, i) in central.iter().enumerate() {
        pos[i.index()] = r;
    }
    let mut dist = vec![usize::MAX; g.node_count()];
    for &s in seeds {
        dist[s.index()] = 0;
        for n in neighbors(g, s, depth, filter) {
            dist[n.node.index()] = dist[n.node.index()].min(n.depth);
        }
    }
    let mut order: Vec<NodeIndex> = g.nodes_sorted().filter(|i| dist[i.index()] != usize::MAX).collect();
    order.sort_by_key(|i| (dist[i.index()], pos[i.index()]));
    order
}

/// The first `max_nodes` of `order` and at most `max_edges` of the relations between them.
///
/// Relations are chosen by strength (weight × confidence): first a maximum spanning forest, so
/// every shown concept that has a relation to another shown concept keeps one, then the strongest
/// of the rest. A limit of 0 means no limit.
///
/// # Arguments
/// * `g`: the graph.
/// * `order`: candidate concepts, best first ([`central_order`], [`focus_order`]).
/// * `max_nodes`, `max_edges`: the limits.
///
/// # Complexity
/// O(E log E).
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let o = query::overview(&g, &query::overview::central_order(&g), 2, 0);
/// assert_eq!((o.nodes.len(), o.total_nodes), (2, 3));
/// assert!(o.is_partial());
/// ```
pub fn overview(g: &KnowledgeGraph, order: &[NodeIndex], max_nodes: usize, max_edges: usize) -> Overview {
    let pool: BTreeSet<NodeIndex> = order.iter().copied().collect();
    let take = if max_nodes == 0 { order.len() } else { max_nodes };
    let nodes: BTreeSet<NodeIndex> = order.iter().take(take).copied().collect();
    let mut total_edges = 0;
    let mut candidates: Vec<(f64, EdgeIndex)> = Vec::new();
    for e in g.edges_sorted() {
        let (s, t, w) = g.edge(e);
        if pool.contains(&s) && pool.contains(&t) {
            total_edges += 1;
            if nodes.contains(&s) && nodes.contains(&t) {
                candidates.push((w.weight * w.confidence(), e));
            }
        }
    }
    // Strongest first; the sort is stable, so ties keep edge order.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let cap = if max_edges == 0 { candidates.len() } else { max_edges };
    let mut edges = BTreeSet::new();
    // Kruskal's maximum spanning forest.
    let mut parent: Vec<usize> = (0..g.node_count()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(_, e) in &candidates {
        if edges.len() >= cap {
            break;
        }
        let (s, t, _) = g.edge(e);
        let (a, b) = (root(&mut parent, s.index()), root(&mut parent, t.index()));
        if a != b {
            parent[a] = b;
            edges.insert(e);
        }
    }
    for &(_, e) in &candidates {
        if edges.len() >= cap {
            break;
        }
        edges.insert(e);
    }
    Overview { nodes, edges, total_nodes: pool.len(), total_edges }
}

fn round(x: f64) -> f64 {
    (x * 1e12).round() / 1e12
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;

    /// A hub with five spokes, and a chain hanging off one spoke.
    fn star() -> KnowledgeGraph {
        graph(
            &[
                ("hub", "uses", "s1", 3.0),
                ("hub", "uses", "s2", 1.0),
                ("hub", "uses", "s3", 1.0),
                ("hub", "uses", "s4", 1.0),
                ("hub", "uses", "s5", 1.0),
                ("s1", "related_to", "s2", 1.0),
                ("s1", "uses", "x", 1.0),
                ("x", "uses", "y", 1.0),
            ],
            &[],
        )
    }

    #[test]
    fn keeps_the_most_central_and_the_strongest() {
        let g = star();
        let order = central_order(&g);
        assert_eq!(ids(&g, &order[..2]), ["hub", "s1"]);
        let o = overview(&g, &order, 3, 2);
        assert_eq!(o.nodes.len(), 3);
        assert_eq!((o.total_nodes, o.total_edges), (8, 8));
        // hub, s1 and s2 (or another spoke); the spanning forest connects all three.
        let sub = o.graph(&g);
        assert_eq!(sub.edge_count(), 2);
        assert!(sub.nodes_sorted().all(|i| !sub.incident(i).is_empty()));
        assert!(o.is_partial());
        let all = overview(&g, &order, 0, 0);
        assert!(!all.is_partial());
        assert_eq!(all.edges.len(), 8);
    }

    #[test]
    fn focus_orders_by_distance() {
        let g = star();
        let order = focus_order(&g, &[ix(&g, "y")], 2, &Filter::default());
        assert_eq!(ids(&g, &order), ["y", "x", "s1"]);
        let o = overview(&g, &order, 0, 0);
        assert_eq!((o.total_nodes, o.total_edges), (3, 2));
    }
}
