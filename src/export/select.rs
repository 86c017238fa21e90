//! Which concepts a size-limited diagram shows: the most central ones.
//!
//! This file owns the ranking that `--max-nodes` uses (degree, then the summed weight of the
//! edges, then mentions, then id, so the choice is deterministic). Finding a focus concept and
//! its neighbourhood is `query`'s job; `cli` combines the two.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use crate::graph::KnowledgeGraph;

/// Node indices ranked most central first: by degree (distinct edges), then by the summed weight
/// of those edges, then by mentions, then by id.
///
/// # Complexity
/// O(E + V log V).
pub fn by_centrality(g: &KnowledgeGraph) -> Vec<NodeIndex> {
    let mut ranked: Vec<(usize, f64, u64, &str, NodeIndex)> = g
        .nodes_sorted()
        .map(|i| {
            let incident = g.incident(i);
            let weight: f64 = incident.iter().map(|&(e, _, _)| g.edge(e).2.weight).sum();
            let n = g.node(i);
            (incident.len(), weight, n.mentions, n.id.as_str(), i)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(b.2.cmp(&a.2)).then(a.3.cmp(b.3)));
    ranked.into_iter().map(|r| r.4).collect()
}

/// The `max` most central nodes (all of them when the graph is smaller).
pub fn most_central(g: &KnowledgeGraph, max: usize) -> BTreeSet<NodeIndex> {
    by_centrality(g).into_iter().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, Node};

    #[test]
    fn hubs_come_first_and_ties_go_by_id() {
        let mut g = KnowledgeGraph::new([]);
        let ids = ["a", "b", "c", "d", "hub"];
        let ix: Vec<_> = ids
            .iter()
            .map(|id| {
                g.add_node(Node {
                    id: (*id).into(),
                    label: (*id).into(),
                    kind: "Concept".into(),
                    mentions: 1,
                    ..Node::default()
                })
            })
            .collect();
        for &leaf in &ix[..4] {
            g.add_edge(ix[4], leaf, Edge { relation: "uses".into(), weight: 1.0, ..Edge::default() });
        }
        let top: Vec<_> = by_centrality(&g).into_iter().map(|i| g.node(i).id.clone()).collect();
        assert_eq!(top, ["hub", "a", "b", "c", "d"]);
        assert_eq!(most_central(&g, 2).len(), 2);
        assert_eq!(most_central(&g, 99).len(), 5);
    }
}
