//! Neighbourhoods: the concepts within some hops of one concept, and the ego graph of several.
//!
//! This file owns breadth-first expansion under a [`Filter`]. It returns nodes and the hops that
//! reached them; turning a node set into a graph is [`KnowledgeGraph::subgraph`]'s job, and
//! writing it is an exporter's.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use super::{Filter, Hop};
use crate::graph::KnowledgeGraph;

/// A neighbour within some hops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbor {
    /// The node.
    pub node: NodeIndex,
    /// Hops from the start.
    pub depth: usize,
    /// The hop that reached it first.
    pub via: Hop,
}

/// Concepts within `depth` hops of `start` under `filter`, nearest first, then in the order
/// breadth-first search meets them (neighbours by id).
///
/// The filter's kind constraints decide which concepts are reached (and so listed and expanded);
/// the start itself is exempt.
///
/// # Arguments
/// * `g`: the graph.
/// * `start`: the concept.
/// * `depth`: the most hops (0 gives nothing).
/// * `filter`: relations, kinds and direction.
///
/// # Returns
/// Every reached node once, with the hop that first reached it.
///
/// # Complexity
/// O(V + E).
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let gpt = query::resolve(&g, "GPT")?;
/// let near = query::neighbors(&g, gpt, 1, &query::Filter::default());
/// assert_eq!(near.len(), 2);
/// # Ok::<(), kg::Error>(())
/// ```
pub fn neighbors(g: &KnowledgeGraph, start: NodeIndex, depth: usize, filter: &Filter) -> Vec<Neighbor> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::from([start]);
    let mut frontier = vec![start];
    for d in 1..=depth {
        let mut next = Vec::new();
        for &n in &frontier {
            for h in filter.hops(g, n) {
                if filter.allows_node(g.node(h.to)) && seen.insert(h.to) {
                    out.push(Neighbor { node: h.to, depth: d, via: h });
                    next.push(h.to);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out
}

/// The ego graph of several seeds: the seeds and every concept within `depth` hops of any of
/// them under `filter`.
///
/// # Returns
/// The node set, for [`KnowledgeGraph::subgraph`].
///
/// # Complexity
/// O(S·(V + E)) for S seeds.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let seeds = [query::resolve(&g, "OpenAI")?];
/// let nodes = query::ego_graph(&g, &seeds, 1, &query::Filter::default());
/// assert_eq!(g.subgraph(&nodes).edge_count(), 1);
/// # Ok::<(), kg::Error>(())
/// ```
pub fn ego_graph(g: &KnowledgeGraph, seeds: &[NodeIndex], depth: usize, filter: &Filter) -> BTreeSet<NodeIndex> {
    let mut nodes: BTreeSet<NodeIndex> = seeds.iter().copied().collect();
    for &s in seeds {
        nodes.extend(neighbors(g, s, depth, filter).into_iter().map(|n| n.node));
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;

    fn sample() -> KnowledgeGraph {
        graph(
            &[
                ("a", "uses", "b", 1.0),
                ("b", "uses", "c", 1.0),
                ("c", "uses", "d", 1.0),
                ("e", "develops", "a", 1.0),
                ("a", "related_to", "f", 1.0),
                ("x", "uses", "y", 1.0),
            ],
            &[("f", "Role")],
        )
    }

    fn found(g: &KnowledgeGraph, n: &[Neighbor]) -> Vec<(String, usize)> {
        n.iter().map(|x| (g.node(x.node).id.clone(), x.depth)).collect()
    }

    #[test]
    fn depth_and_order() {
        let g = sample();
        let a = ix(&g, "a");
        let f = Filter::default();
        assert_eq!(
            found(&g, &neighbors(&g, a, 2, &f)),
            [("b".to_owned(), 1), ("e".to_owned(), 1), ("f".to_owned(), 1), ("c".to_owned(), 2)]
        );
        assert!(neighbors(&g, a, 0, &f).is_empty());
        assert_eq!(neighbors(&g, a, 10, &f).len(), 5);
    }

    #[test]
    fn filters_apply() {
        let g = sample();
        let a = ix(&g, "a");
        let directed = Filter { directed: true, ..Filter::default() };
        assert_eq!(found(&g, &neighbors(&g, a, 1, &directed)), [("b".to_owned(), 1), ("f".to_owned(), 1)]);
        let no_roles = Filter { avoid_kinds: ["Role".to_owned()].into(), ..Filter::default() };
        assert_eq!(found(&g, &neighbors(&g, a, 1, &no_roles)), [("b".to_owned(), 1), ("e".to_owned(), 1)]);
        let develops = Filter { relations: ["develops".to_owned()].into(), ..Filter::default() };
        assert_eq!(found(&g, &neighbors(&g, a, 3, &develops)), [("e".to_owned(), 1)]);
    }

    #[test]
    fn ego_graph_of_several_seeds() {
        let g = sample();
        let nodes = ego_graph(&g, &[ix(&g, "d"), ix(&g, "x")], 1, &Filter::default());
        assert_eq!(
            ids(&g, &nodes.into_iter().collect::<Vec<_>>()).into_iter().collect::<BTreeSet<_>>(),
            ["c", "d", "x", "y"].map(str::to_owned).into()
        );
    }
}
