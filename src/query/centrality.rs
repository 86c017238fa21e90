//! Centrality: which concepts matter most. Degree, weighted degree, PageRank and betweenness.
//!
//! This file owns the scores and the ranking that `kg rank` prints. Each score function returns
//! one value per node, indexed by `NodeIndex::index()`, as petgraph's `page_rank` does; [`rank`]
//! sorts them. Parallel edges (two relations between the same concepts) add to degree and weight,
//! but count once for betweenness, whose shortest paths run between concepts.

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;

use crate::graph::KnowledgeGraph;

/// A centrality score, for [`rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Score {
    /// Number of relations.
    Degree,
    /// Sum of the relations' weights (how often each was found).
    WeightedDegree,
    /// PageRank over the directed relations (symmetric ones count both ways), weighted.
    PageRank,
    /// Normalized betweenness over undirected shortest paths.
    Betweenness,
}

/// Every score of one concept.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// The concept.
    pub node: NodeIndex,
    /// Number of relations.
    pub degree: f64,
    /// Sum of relation weights.
    pub weighted_degree: f64,
    /// PageRank (the scores sum to 1).
    pub pagerank: f64,
    /// Normalized betweenness in [0, 1].
    pub betweenness: f64,
}

impl Ranking {
    /// The value of one score.
    pub fn get(&self, by: Score) -> f64 {
        match by {
            Score::Degree => self.degree,
            Score::WeightedDegree => self.weighted_degree,
            Score::PageRank => self.pagerank,
            Score::Betweenness => self.betweenness,
        }
    }
}

/// Options for [`pagerank`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankOptions {
    /// The damping factor (probability of following a link).
    pub damping: f64,
    /// Follow edges from source to target only (symmetric relations count both ways); `false`
    /// treats every edge as two links.
    pub directed: bool,
    /// Weight links by the edges' weights.
    pub weighted: bool,
    /// Stop when the scores change by less than this in total (L1).
    pub tolerance: f64,
    /// Stop after this many iterations at most.
    pub max_iterations: usize,
}

impl Default for PageRankOptions {
    fn default() -> PageRankOptions {
        PageRankOptions { damping: 0.85, directed: true, weighted: true, tolerance: 1e-10, max_iterations: 200 }
    }
}

/// The number of relations of each node (edges in either direction).
///
/// # Complexity
/// O(V + E).
pub fn degree(g: &KnowledgeGraph) -> Vec<f64> {
    let mut d = vec![0.0; g.node_count()];
    for e in g.graph().edge_references() {
        d[e.source().index()] += 1.0;
        d[e.target().index()] += 1.0;
    }
    d
}

/// The sum of the weights of each node's relations.
///
/// # Complexity
/// O(V + E).
pub fn weighted_degree(g: &KnowledgeGraph) -> Vec<f64> {
    let mut d = vec![0.0; g.node_count()];
    for e in g.graph().edge_references() {
        d[e.source().index()] += e.weight().weight;
        d[e.target().index()] += e.weight().weight;
    }
    d
}

/// PageRank by power iteration, with the mass of nodes without out-links spread evenly (as
/// NetworkX does).
///
/// # Arguments
/// * `g`: the graph.
/// * `opts`: damping, direction, weights and stopping rule.
///
/// # Returns
/// One score per node, summing to 1; empty for an empty graph.
///
/// # Complexity
/// O(I·(V + E)) for I iterations.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let pr = query::pagerank(&g, &query::PageRankOptions::default());
/// assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// ```
pub fn pagerank(g: &KnowledgeGraph, opts: &PageRankOptions) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    // Links as (from, to, weight), in edge order.
    let mut links: Vec<(usize, usize, f64)> = Vec::with_capacity(g.edge_count() * 2);
    for e in g.graph().edge_references() {
        let w = if opts.weighted { e.weight().weight } else { 1.0 };
        let (s, t) = (e.source().index(), e.target().index());
        links.push((s, t, w));
        if !opts.directed || g.is_symmetric(&e.weight().relation) {
            links.push((t, s, w));
        }
    }
    let mut out_weight = vec![0.0; n];
    for &(s, _, w) in &links {
        out_weight[s] += w;
    }
    // The links into each node, in link order, so that each score adds its terms in the order
    // of a pass over the links (the same sums, to the bit), from a running total.
    let mut start = vec![0usize; n + 1];
    for &(_, t, _) in &links {
        start[t + 1] += 1;
    }
    let mut total = 0;
    for k in &mut start {
        total += *k;
        *k = total;
    }
    // The links into each node, in link order, as positions in a table of values that a pass
    // adds up: a link of weight 1 from s reads position s, which holds damping * x[s] /
    // out_weight[s]; any other link reads a position after the n nodes' (in the order of the
    // reads) that holds its own term, damping * x[s] * w / out_weight[s], computed once per
    // iteration (the same terms as adding them link by link, to the bit, and no branch per link).
    assert!(n + links.len() <= u32::MAX as usize, "too many links for PageRank");
    let mut fill = start.clone();
    let mut by_target: Vec<(u32, f64)> = vec![(0, 0.0); links.len()];
    for &(s, t, w) in &links {
        by_target[fill[t]] = (s as u32, w);
        fill[t] += 1;
    }
    drop((links, fill));
    // The links of weight other than 1: (source, weight), in the order of their positions.
    let mut weighted: Vec<(u32, f64)> = Vec::new();
    let incoming: Vec<u32> = by_target
        .into_iter()
        .map(|(s, w)| {
            if w == 1.0 {
                s
            } else {
                weighted.push((s, w));
                (n + weighted.len() - 1) as u32
            }
        })
        .collect();
    // The nodes without links out, in order (their scores are summed in that order).
    let dangling_nodes: Vec<u32> = (0..n as u32).filter(|&i| out_weight[i as usize] == 0.0).collect();
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    // Per source: damping * x (then reused for the table).
    let mut spread = vec![0.0; n];
    let mut table = vec![0.0; n + weighted.len()];
    for _ in 0..opts.max_iterations {
        let dangling: f64 = dangling_nodes.iter().map(|&i| x[i as usize]).sum();
        let base = (1.0 - opts.damping) / nf + opts.damping * dangling / nf;
        let (per_unit, terms) = table.split_at_mut(n);
        for (((sp, pu), &xi), &ow) in spread.iter_mut().zip(per_unit).zip(&x).zip(&out_weight) {
            *sp = opts.damping * xi;
            *pu = *sp / ow;
        }
        let (spread, out_weight) = (&spread, &out_weight);
        terms.par_iter_mut().zip(&weighted).with_min_len(PAGERANK_CHUNK).for_each(|(term, &(s, w))| {
            let s = s as usize;
            *term = spread[s] * w / out_weight[s];
        });
        // Each score is its own sum, the same whichever thread computes it.
        let (table, incoming, start) = (&table, &incoming, &start);
        next.par_chunks_mut(PAGERANK_CHUNK).enumerate().for_each(|(c, chunk)| {
            for (k, score) in chunk.iter_mut().enumerate() {
                let t = c * PAGERANK_CHUNK + k;
                let mut sum = base;
                for &p in &incoming[start[t]..start[t + 1]] {
                    sum += table[p as usize];
                }
                *score = sum;
            }
        });
        let err: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if err < opts.tolerance {
            break;
        }
    }
    x
}

/// Nodes per parallel task of a PageRank iteration.
const PAGERANK_CHUNK: usize = 1 << 12;

/// Betweenness centrality by Brandes' algorithm: for each node, the share of shortest paths
/// between other pairs that pass through it.
///
/// Paths are unweighted; parallel edges count once. Values are normalized as NetworkX does with
/// `normalized=True`: divided by (V-1)(V-2), and for undirected graphs counted over ordered pairs,
/// so a star's centre scores 1.
///
/// # Arguments
/// * `g`: the graph.
/// * `directed`: follow edges only from source to target (symmetric relations both ways).
///
/// # Returns
/// One value per node in [0, 1].
///
/// # Complexity
/// O(V·E) time, O(V + E) memory.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let b = query::betweenness(&g, false);
/// let gpt = query::resolve(&g, "GPT")?;
/// assert_eq!(b[gpt.index()], 1.0);
/// # Ok::<(), kg::Error>(())
/// ```
pub fn betweenness(g: &KnowledgeGraph, directed: bool) -> Vec<f64> {
    betweenness_sampled(g, directed, g.node_count())
}

/// Betweenness estimated from `sources` source nodes (Brandes and Pich 2007), for graphs where
/// the exact O(V·E) is too slow: sources are spread evenly over the nodes in id order (no
/// randomness), and the sums are scaled by V / `sources`. With `sources >= V` it is exact.
///
/// # Complexity
/// O(sources · E).
pub fn betweenness_sampled(g: &KnowledgeGraph, directed: bool, sources: usize) -> Vec<f64> {
    let n = g.node_count();
    let ids: Vec<usize> = g.nodes_sorted().map(|i| i.index()).collect();
    let picked: Vec<usize> = if sources >= n {
        (0..n).collect()
    } else {
        let k = sources.max(1);
        (0..k).map(|j| ids[j * n / k]).collect()
    };
    let factor = n as f64 / picked.len().max(1) as f64;
    let adj = simple_adjacency(g, directed);
    let mut bc = vec![0.0; n];
    let mut stack = Vec::with_capacity(n);
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![usize::MAX; n];
    let mut delta = vec![0.0f64; n];
    let mut queue = VecDeque::new();
    for &s in &picked {
        stack.clear();
        for i in 0..n {
            preds[i].clear();
            sigma[i] = 0.0;
            dist[i] = usize::MAX;
            delta[i] = 0.0;
        }
        sigma[s] = 1.0;
        dist[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adj[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    if n > 2 {
        let scale = factor / ((n - 1) as f64 * (n - 2) as f64);
        for b in &mut bc {
            *b *= scale;
        }
    }
    bc
}

/// The work [`rank`] spends on betweenness: sources × (V + E). Within it betweenness is exact;
/// beyond, it is estimated from as many sources as fit (at least 200).
pub const BETWEENNESS_BUDGET: usize = 200_000_000;

/// How many sources [`rank`] uses for betweenness: every node when it fits [`BETWEENNESS_BUDGET`].
pub fn betweenness_sources(g: &KnowledgeGraph) -> usize {
    let n = g.node_count();
    (BETWEENNESS_BUDGET / (n + g.edge_count()).max(1)).clamp(200.min(n), n.max(1))
}

/// Every score of every concept, sorted by `by` (highest first, then by id), at most `top`.
///
/// Betweenness is exact while it fits [`BETWEENNESS_BUDGET`] and estimated from evenly spread
/// sources beyond ([`betweenness_sources`], [`betweenness_sampled`]).
///
/// # Complexity
/// That of betweenness, O(V·E) within the budget, which dominates.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let top = query::rank(&g, query::Score::Degree, 1);
/// assert_eq!(g.node(top[0].node).label, "GPT");
/// ```
pub fn rank(g: &KnowledgeGraph, by: Score, top: usize) -> Vec<Ranking> {
    let deg = degree(g);
    let wdeg = weighted_degree(g);
    let pr = pagerank(g, &PageRankOptions::default());
    let bc = betweenness_sampled(g, false, betweenness_sources(g));
    let mut all: Vec<Ranking> = g
        .nodes_sorted()
        .map(|i| {
            let k = i.index();
            Ranking { node: i, degree: deg[k], weighted_degree: wdeg[k], pagerank: pr[k], betweenness: bc[k] }
        })
        .collect();
    // Stable sort: equal scores keep id order. Scores are rounded so that sums computed in a
    // different order cannot reorder ties.
    all.sort_by(|a, b| round(b.get(by)).total_cmp(&round(a.get(by))));
    all.truncate(top);
    all
}

fn round(x: f64) -> f64 {
    (x * 1e12).round() / 1e12
}

/// Neighbours of each node as sorted, deduplicated lists, without self-loops.
fn simple_adjacency(g: &KnowledgeGraph, directed: bool) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); g.node_count()];
    for e in g.graph().edge_references() {
        let (s, t) = (e.source().index(), e.target().index());
        if s == t {
            continue;
        }
        adj[s].push(t);
        if !directed || g.is_symmetric(&e.weight().relation) {
            adj[t].push(s);
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    adj
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;

    fn by_id(g: &KnowledgeGraph, v: &[f64]) -> Vec<(String, f64)> {
        g.nodes_sorted().map(|i| (g.node(i).id.clone(), v[i.index()])).collect()
    }

    fn close(got: &[(String, f64)], want: &[(&str, f64)], tol: f64) {
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((gid, gv), (wid, wv)) in got.iter().zip(want) {
            assert_eq!(gid, wid);
            assert!((gv - wv).abs() <= tol, "{gid}: {gv} != {wv}");
        }
    }

    /// A small directed graph with a dangling node (e), a cycle and weights.
    fn sample() -> KnowledgeGraph {
        graph(
            &[
                ("a", "uses", "b", 1.0),
                ("a", "uses", "c", 2.0),
                ("b", "uses", "c", 1.0),
                ("c", "uses", "a", 1.0),
                ("d", "uses", "c", 3.0),
                ("c", "develops", "e", 1.0),
            ],
            &[],
        )
    }

    #[test]
    fn pagerank_matches_networkx() {
        // networkx 3.6.1: G = nx.DiGraph(); G.add_weighted_edges_from([("a","b",1),("a","c",2),
        // ("b","c",1),("c","a",1),("d","c",3),("c","e",1)]); nx.pagerank(G, tol=1e-14,
        // max_iter=1000)
        let g = sample();
        let pr = pagerank(&g, &PageRankOptions::default());
        close(
            &by_id(&g, &pr),
            &[
                ("a", 0.2208320836368316),
                ("b", 0.13011054458202786),
                ("c", 0.3606838339260486),
                ("d", 0.06754145421826047),
                ("e", 0.2208320836368316),
            ],
            1e-8,
        );
        // Unweighted: nx.pagerank(G, weight=None, tol=1e-14, max_iter=1000)
        let pr = pagerank(&g, &PageRankOptions { weighted: false, ..PageRankOptions::default() });
        close(
            &by_id(&g, &pr),
            &[
                ("a", 0.21420110965650066),
                ("b", 0.1574496602456204),
                ("c", 0.34773393179977263),
                ("d", 0.06641418864160584),
                ("e", 0.21420110965650066),
            ],
            1e-8,
        );
    }

    #[test]
    fn betweenness_matches_networkx() {
        // nx.betweenness_centrality(nx.Graph(G)) for the graph above, undirected.
        let g = sample();
        close(
            &by_id(&g, &betweenness(&g, false)),
            &[("a", 0.0), ("b", 0.0), ("c", 5.0 / 6.0), ("d", 0.0), ("e", 0.0)],
            1e-12,
        );
        // Directed: nx.betweenness_centrality(G)
        close(
            &by_id(&g, &betweenness(&g, true)),
            &[("a", 2.0 / 12.0), ("b", 0.0), ("c", 0.5), ("d", 0.0), ("e", 0.0)],
            1e-12,
        );
        // A path a - b - c - d - e: b and d carry 3 of 6 pairs, c carries 4.
        let line = graph(
            &[("a", "uses", "b", 1.0), ("b", "uses", "c", 1.0), ("c", "uses", "d", 1.0), ("d", "uses", "e", 1.0)],
            &[],
        );
        close(
            &by_id(&line, &betweenness(&line, false)),
            &[("a", 0.0), ("b", 0.5), ("c", 4.0 / 6.0), ("d", 0.5), ("e", 0.0)],
            1e-12,
        );
    }

    #[test]
    fn sampled_betweenness_estimates_the_exact_one() {
        let g = sample();
        assert_eq!(betweenness_sampled(&g, false, 5), betweenness(&g, false));
        assert_eq!(betweenness_sampled(&g, false, 99), betweenness(&g, false));
        // From 3 of 5 sources (a, c, e): the estimate still puts c first.
        let est = betweenness_sampled(&g, false, 3);
        let c = ix(&g, "c").index();
        assert!(est.iter().enumerate().all(|(i, &v)| i == c || v < est[c]));
        assert!(est[c] > 0.0);
    }

    #[test]
    fn degrees_and_ranking() {
        let g = sample();
        close(&by_id(&g, &degree(&g)), &[("a", 3.0), ("b", 2.0), ("c", 5.0), ("d", 1.0), ("e", 1.0)], 0.0);
        close(&by_id(&g, &weighted_degree(&g)), &[("a", 4.0), ("b", 2.0), ("c", 8.0), ("d", 3.0), ("e", 1.0)], 0.0);
        let top = rank(&g, Score::Degree, 2);
        assert_eq!(ids(&g, &[top[0].node, top[1].node]), ["c", "a"]);
        // Ties keep id order: d and e both have degree 1.
        let all = rank(&g, Score::Degree, 10);
        assert_eq!(ids(&g, &all.iter().map(|r| r.node).collect::<Vec<_>>()), ["c", "a", "b", "d", "e"]);
        assert_eq!(ids(&g, &[rank(&g, Score::PageRank, 1)[0].node]), ["c"]);
        assert_eq!(ids(&g, &[rank(&g, Score::Betweenness, 1)[0].node]), ["c"]);
        assert!(rank(&KnowledgeGraph::default(), Score::PageRank, 5).is_empty());
    }
}
