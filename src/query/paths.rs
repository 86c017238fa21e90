//! Paths between two concepts: the shortest one, and the k best loopless alternatives.
//!
//! This file owns path search under a [`Filter`] (relations, kinds, direction), a hop bound and
//! an optional cost that prefers strong edges ([`edge_cost`]): Dijkstra's algorithm without a hop
//! bound, a hop-layered Bellman-Ford with one, and Yen's algorithm on top of either for
//! alternatives. It also writes the one-paragraph explanation of a path ([`explain`]). Printing a
//! path hop by hop is `cli`'s job.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap;

use super::{Filter, Hop};
use crate::graph::{Edge, KnowledgeGraph};

/// Options for [`shortest_path`] and [`k_shortest_paths`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathOptions {
    /// Which edges and concepts the path may use.
    pub filter: Filter,
    /// The most hops a path may have (`None`: no bound).
    pub max_hops: Option<usize>,
    /// Cost hops by [`edge_cost`] instead of 1 each, preferring strong edges.
    pub weighted: bool,
}

/// A path: where it starts, its hops in order, and its cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The first node.
    pub start: NodeIndex,
    /// The hops, in order; empty when the path goes nowhere.
    pub hops: Vec<Hop>,
    /// The sum of the hops' costs (the number of hops, unless weighted).
    pub cost: f64,
}

impl Path {
    /// The nodes along the path, `start` first.
    pub fn nodes(&self) -> Vec<NodeIndex> {
        std::iter::once(self.start).chain(self.hops.iter().map(|h| h.to)).collect()
    }

    /// The last node.
    pub fn end(&self) -> NodeIndex {
        self.hops.last().map_or(self.start, |h| h.to)
    }

    /// The number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the path has no hops.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }
}

/// The cost of following an edge when paths are weighted: strong edges are cheap.
///
/// `cost = 1 / (c · (1 + ln w))` for confidence `c` (at least 0.05) and weight `w` (at least 1).
/// A relation found once with confidence 1 costs 1; more evidence or more confidence costs less,
/// and a weak co-occurrence costs several hops' worth. Every cost is positive, so shortest paths
/// are loopless.
///
/// # Example
/// ```
/// use kg::graph::Edge;
/// let weak = Edge { relation: "related_to".into(), weight: 1.0, reliability: 0.3, ..Edge::default() };
/// let strong = Edge { relation: "develops".into(), weight: 4.0, reliability: 0.8, ..Edge::default() };
/// assert!(kg::query::edge_cost(&strong) < kg::query::edge_cost(&weak));
/// ```
pub fn edge_cost(e: &Edge) -> f64 {
    let c = e.confidence().max(0.05);
    let w = e.weight.max(1.0);
    1.0 / (c * (1.0 + w.ln()))
}

/// The shortest path from `from` to `to` under `opts`.
///
/// Unweighted, every hop costs 1 and the path has the fewest hops; weighted, hops cost
/// [`edge_cost`]. Edges count in either direction unless the filter is directed. Ties go to the
/// path found first when neighbours are visited in id order, so the answer is deterministic.
///
/// # Arguments
/// * `g`: the graph.
/// * `from`, `to`: the ends (kind constraints do not apply to them).
/// * `opts`: the filter, hop bound and cost.
///
/// # Returns
/// `None` when no path satisfies the options; an empty path when `from == to`.
///
/// # Complexity
/// O((V + E) log V) (Dijkstra); with `max_hops = H`, O(H·(V + E)).
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let (a, b) = (query::resolve(&g, "OpenAI")?, query::resolve(&g, "GPU")?);
/// let path = query::shortest_path(&g, a, b, &query::PathOptions::default()).expect("connected");
/// assert_eq!(path.len(), 2);
/// # Ok::<(), kg::Error>(())
/// ```
pub fn shortest_path(g: &KnowledgeGraph, from: NodeIndex, to: NodeIndex, opts: &PathOptions) -> Option<Path> {
    search(g, from, to, opts, &Bans::default(), opts.max_hops)
}

/// Up to `k` loopless paths from `from` to `to`, cheapest first (Yen's algorithm).
///
/// Paths differ in the sequence of nodes they visit; between two consecutive nodes a path takes
/// the cheapest allowed edge. Equal costs are ordered by fewer hops, then by the nodes' ids.
///
/// # Arguments
/// As [`shortest_path`], plus `k`, the most paths to return.
///
/// # Returns
/// Between 0 and `k` distinct paths sorted by cost; fewer than `k` when no more exist.
///
/// # Complexity
/// O(k·V) shortest-path searches.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs. OpenAI buys GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let (a, b) = (query::resolve(&g, "OpenAI")?, query::resolve(&g, "GPU")?);
/// let paths = query::k_shortest_paths(&g, a, b, 3, &query::PathOptions::default());
/// assert!(paths.windows(2).all(|w| w[0].cost <= w[1].cost));
/// # Ok::<(), kg::Error>(())
/// ```
pub fn k_shortest_paths(g: &KnowledgeGraph, from: NodeIndex, to: NodeIndex, k: usize, opts: &PathOptions) -> Vec<Path> {
    let mut found: Vec<Path> = Vec::new();
    if k == 0 {
        return found;
    }
    let Some(first) = shortest_path(g, from, to, opts) else {
        return found;
    };
    if first.is_empty() {
        return vec![first];
    }
    let rank = id_ranks(g);
    let key = |p: &Path| -> (Cost, usize, Vec<usize>) {
        (Cost(p.cost), p.len(), p.nodes().iter().map(|n| rank[n.index()]).collect())
    };
    let mut seen: BTreeSet<Vec<NodeIndex>> = BTreeSet::from([first.nodes()]);
    let mut candidates: BTreeMap<(Cost, usize, Vec<usize>), Path> = BTreeMap::new();
    found.push(first);
    while found.len() < k {
        let prev = found.last().expect("at least one path").clone();
        let prev_nodes = prev.nodes();
        for i in 0..prev.len() {
            let spur = prev_nodes[i];
            let root = &prev_nodes[..=i];
            let mut bans = Bans::default();
            for p in &found {
                let nodes = p.nodes();
                if nodes.len() > i + 1 && nodes[..=i] == *root {
                    bans.pairs.insert((nodes[i], nodes[i + 1]));
                }
            }
            bans.nodes.extend(root[..i].iter().copied());
            let budget = opts.max_hops.map(|h| h.saturating_sub(i));
            if budget == Some(0) {
                continue;
            }
            let Some(spur_path) = search(g, spur, to, opts, &bans, budget) else {
                continue;
            };
            let hops: Vec<Hop> = prev.hops[..i].iter().chain(&spur_path.hops).copied().collect();
            let path = Path { start: from, cost: cost_of(g, &hops, opts.weighted), hops };
            if seen.insert(path.nodes()) {
                candidates.insert(key(&path), path);
            }
        }
        match candidates.pop_first() {
            Some((_, p)) => found.push(p),
            None => break,
        }
    }
    found
}

/// One short paragraph that says what a path means: each hop as a clause ("OpenAI develops GPT"),
/// then its weakest link.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let (a, b) = (query::resolve(&g, "OpenAI")?, query::resolve(&g, "GPU")?);
/// let path = query::shortest_path(&g, a, b, &query::PathOptions::default()).unwrap();
/// assert!(query::explain(&g, &path).starts_with("OpenAI reaches GPU in 2 hops: OpenAI develops GPT; GPT uses GPU."));
/// # Ok::<(), kg::Error>(())
/// ```
pub fn explain(g: &KnowledgeGraph, path: &Path) -> String {
    let label = |n: NodeIndex| g.node(n).label.as_str();
    let (from, to) = (label(path.start), label(path.end()));
    if path.is_empty() {
        return format!("{from} is the concept asked for; the path has no hops.");
    }
    let clauses: Vec<String> = path
        .hops
        .iter()
        .map(|h| {
            let rel = &g.edge(h.edge).2.relation;
            let verb = if h.forward || g.is_symmetric(rel) { active(rel) } else { passive(rel) };
            format!("{} {verb} {}", label(h.from), label(h.to))
        })
        .collect();
    let n = path.len();
    let mut out = format!("{from} reaches {to} in {n} hop{}: {}.", if n == 1 { "" } else { "s" }, clauses.join("; "));
    if n > 1 {
        let weakest = path
            .hops
            .iter()
            .min_by(|a, b| {
                let (ea, eb) = (g.edge(a.edge).2, g.edge(b.edge).2);
                (ea.confidence(), ea.weight).partial_cmp(&(eb.confidence(), eb.weight)).unwrap_or(Ordering::Equal)
            })
            .expect("a path with hops");
        let (s, t, e) = g.edge(weakest.edge);
        let times = match e.weight {
            w if w <= 1.0 => "once".to_owned(),
            2.0 => "twice".to_owned(),
            w => format!("{w} times"),
        };
        out.push_str(&format!(
            " The weakest link is {} {} {} (confidence {:.2}, found {times}).",
            label(s),
            e.relation,
            label(t),
            e.confidence()
        ));
    }
    out
}

/// The evidence that best supports a hop: a sentence that names both ends, else the first.
pub fn best_evidence<'g>(g: &'g KnowledgeGraph, hop: &Hop) -> Option<&'g crate::extract::Evidence> {
    let e = g.edge(hop.edge).2;
    let (a, b) = (g.node(hop.from).label.to_lowercase(), g.node(hop.to).label.to_lowercase());
    e.evidence
        .iter()
        .find(|ev| {
            let t = ev.text.to_lowercase();
            t.contains(&a) && t.contains(&b)
        })
        .or_else(|| e.evidence.first())
}

/// The cost of a sequence of hops, summed in order.
fn cost_of(g: &KnowledgeGraph, hops: &[Hop], weighted: bool) -> f64 {
    hops.iter().map(|h| hop_cost(g.edge(h.edge).2, weighted)).sum()
}

fn hop_cost(e: &Edge, weighted: bool) -> f64 {
    if weighted {
        edge_cost(e)
    } else {
        1.0
    }
}

/// What a spur search of Yen's algorithm may not use.
#[derive(Debug, Default)]
struct Bans {
    /// Nodes of the root path (before the spur node).
    nodes: BTreeSet<NodeIndex>,
    /// Steps `(from, to)` that earlier paths with the same root took.
    pairs: BTreeSet<(NodeIndex, NodeIndex)>,
}

/// A cost with a total order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Cost) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Cost) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Each node's position in id order, by node index.
fn id_ranks(g: &KnowledgeGraph) -> Vec<usize> {
    let mut rank = vec![0; g.node_count()];
    for (r, i) in g.nodes_sorted().enumerate() {
        rank[i.index()] = r;
    }
    rank
}

/// Whether a search may step onto `n` (the end is always allowed).
fn may_enter(g: &KnowledgeGraph, opts: &PathOptions, bans: &Bans, n: NodeIndex, to: NodeIndex) -> bool {
    n == to || (!bans.nodes.contains(&n) && opts.filter.allows_node(g.node(n)))
}

/// The allowed hops out of `n`, cheapest edge per neighbour.
fn steps(g: &KnowledgeGraph, opts: &PathOptions, bans: &Bans, n: NodeIndex, to: NodeIndex) -> Vec<(Hop, f64)> {
    let mut best: Vec<(Hop, f64)> = Vec::new();
    for h in opts.filter.hops(g, n) {
        if bans.pairs.contains(&(n, h.to)) || !may_enter(g, opts, bans, h.to, to) {
            continue;
        }
        let c = hop_cost(g.edge(h.edge).2, opts.weighted);
        match best.last_mut() {
            // Hops come sorted by the other end: parallel edges are adjacent.
            Some(last) if last.0.to == h.to => {
                if c < last.1 {
                    *last = (h, c);
                }
            }
            _ => best.push((h, c)),
        }
    }
    best
}

/// Shortest path from `from` to `to` avoiding `bans`, with at most `budget` hops.
fn search(
    g: &KnowledgeGraph,
    from: NodeIndex,
    to: NodeIndex,
    opts: &PathOptions,
    bans: &Bans,
    budget: Option<usize>,
) -> Option<Path> {
    if from == to {
        return Some(Path { start: from, hops: Vec::new(), cost: 0.0 });
    }
    let hops = match budget {
        // A bound of V - 1 hops or more bounds nothing.
        Some(h) if h + 1 < g.node_count() => bounded(g, from, to, opts, bans, h)?,
        // Fewest hops, undirected: a bidirectional breadth-first search visits a few hundred
        // nodes where Dijkstra would visit most of a large graph.
        _ if !opts.weighted && !opts.filter.directed && bans.nodes.is_empty() && bans.pairs.is_empty() => {
            bidirectional(g, from, to, opts)?
        }
        _ => dijkstra(g, from, to, opts, bans)?,
    };
    Some(Path { start: from, cost: cost_of(g, &hops, opts.weighted), hops })
}

fn dijkstra(g: &KnowledgeGraph, from: NodeIndex, to: NodeIndex, opts: &PathOptions, bans: &Bans) -> Option<Vec<Hop>> {
    let rank = id_ranks(g);
    let mut dist: Vec<f64> = vec![f64::INFINITY; g.node_count()];
    let mut prev: Vec<Option<Hop>> = vec![None; g.node_count()];
    let mut done = vec![false; g.node_count()];
    let mut heap = BinaryHeap::new();
    dist[from.index()] = 0.0;
    heap.push(Reverse((Cost(0.0), rank[from.index()], from)));
    while let Some(Reverse((Cost(d), _, n))) = heap.pop() {
        if done[n.index()] {
            continue;
        }
        done[n.index()] = true;
        if n == to {
            break;
        }
        for (h, c) in steps(g, opts, bans, n, to) {
            let nd = d + c;
            if nd < dist[h.to.index()] {
                dist[h.to.index()] = nd;
                prev[h.to.index()] = Some(h);
                heap.push(Reverse((Cost(nd), rank[h.to.index()], h.to)));
            }
        }
    }
    prev[to.index()]?;
    let mut hops = Vec::new();
    let mut cur = to;
    while cur != from {
        let h = prev[cur.index()].expect("a reached node has a predecessor");
        hops.push(h);
        cur = h.from;
    }
    hops.reverse();
    Some(hops)
}

/// Fewest-hop path over undirected steps, searching from both ends a layer at a time (the
/// smaller frontier first). Of the shortest paths it returns the one through the meeting node
/// with the smallest id, and from there, towards each end, the neighbour with the smallest id one
/// step closer: the same answer for the same graph, whatever the order of its edges.
fn bidirectional(g: &KnowledgeGraph, from: NodeIndex, to: NodeIndex, opts: &PathOptions) -> Option<Vec<Hop>> {
    let bans = Bans::default();
    let id = |n: NodeIndex| g.node(n).id.as_str();
    // Distances from each end. Steps are undirected, so the search from `to` walks the same hops.
    let mut dist: [FxHashMap<NodeIndex, u32>; 2] = [FxHashMap::default(), FxHashMap::default()];
    dist[0].insert(from, 0);
    dist[1].insert(to, 0);
    let mut frontier: [Vec<NodeIndex>; 2] = [vec![from], vec![to]];
    let ends = [from, to];
    let (meet, total) = loop {
        let side = usize::from(frontier[1].len() < frontier[0].len());
        if frontier[side].is_empty() {
            return None;
        }
        let mut next = Vec::new();
        let mut best: Option<(u32, NodeIndex)> = None;
        for &u in &frontier[side] {
            let du = dist[side][&u];
            // A path may pass through an end only as that end.
            if u == ends[1 - side] {
                continue;
            }
            for (h, _) in steps(g, opts, &bans, u, ends[1 - side]) {
                let v = h.to;
                if v == ends[side] || dist[side].contains_key(&v) {
                    continue;
                }
                dist[side].insert(v, du + 1);
                next.push(v);
                if let Some(&dv) = dist[1 - side].get(&v) {
                    let candidate = (du + 1 + dv, v);
                    if best.is_none_or(|(bd, bv)| candidate.0 < bd || (candidate.0 == bd && id(v) < id(bv))) {
                        best = Some(candidate);
                    }
                }
            }
        }
        if let Some((d, v)) = best {
            break (v, d);
        }
        frontier[side] = next;
    };
    // Walk from the meeting node towards each end, one step closer each time.
    let closer = |side: usize, v: NodeIndex| -> Option<(NodeIndex, Hop)> {
        let dv = dist[side][&v];
        steps(g, opts, &bans, v, ends[side])
            .into_iter()
            .filter(|(h, _)| dist[side].get(&h.to) == Some(&(dv - 1)))
            .min_by(|a, b| id(a.0.to).cmp(id(b.0.to)))
            .map(|(h, _)| (h.to, h))
    };
    let mut back = Vec::new();
    let mut v = meet;
    while v != from {
        let (w, _) = closer(0, v)?;
        // The hop as the path takes it: from w to v (the cheapest edge between them).
        let hop = steps(g, opts, &bans, w, to).into_iter().find(|(h, _)| h.to == v).map(|(h, _)| h)?;
        back.push(hop);
        v = w;
    }
    back.reverse();
    let mut v = meet;
    while v != to {
        let (_, hop) = closer(1, v)?;
        back.push(hop);
        v = hop.to;
    }
    debug_assert_eq!(back.len(), total as usize);
    Some(back)
}

/// Hop-bounded shortest path: layer `k` holds the best cost of reaching each node in at most `k`
/// hops. With positive costs the best walk within the bound is a simple path.
fn bounded(
    g: &KnowledgeGraph,
    from: NodeIndex,
    to: NodeIndex,
    opts: &PathOptions,
    bans: &Bans,
    max_hops: usize,
) -> Option<Vec<Hop>> {
    let n = g.node_count();
    let mut layers: Vec<Vec<(f64, Option<Hop>)>> = vec![vec![(f64::INFINITY, None); n]];
    layers[0][from.index()].0 = 0.0;
    let mut frontier: BTreeSet<NodeIndex> = BTreeSet::from([from]);
    for _ in 0..max_hops {
        let last = layers.last().expect("layer 0");
        let mut next: Vec<(f64, Option<Hop>)> = last.iter().map(|&(c, _)| (c, None)).collect();
        let mut changed = BTreeSet::new();
        for &u in &frontier {
            if u == to {
                continue;
            }
            let du = last[u.index()].0;
            for (h, c) in steps(g, opts, bans, u, to) {
                if h.to == from {
                    continue;
                }
                let nd = du + c;
                if nd < next[h.to.index()].0 {
                    next[h.to.index()] = (nd, Some(h));
                    changed.insert(h.to);
                }
            }
        }
        layers.push(next);
        if changed.is_empty() {
            break;
        }
        frontier = changed;
    }
    let mut k = layers.len() - 1;
    if !layers[k][to.index()].0.is_finite() {
        return None;
    }
    let mut hops = Vec::new();
    let mut cur = to;
    while cur != from {
        if let Some(h) = layers[k][cur.index()].1 {
            hops.push(h);
            cur = h.from;
        }
        k = k.checked_sub(1)?;
    }
    hops.reverse();
    Some(hops)
}

/// The clause of a relation followed along its direction.
fn active(relation: &str) -> String {
    match relation {
        "is_a" => "is a kind of".into(),
        "part_of" => "is part of".into(),
        "collaborates_with" => "works with".into(),
        "applied_in" => "is applied in".into(),
        "related_to" => "is mentioned with".into(),
        other => other.replace('_', " "),
    }
}

/// The clause of a relation followed against its direction.
fn passive(relation: &str) -> String {
    match relation {
        "is_a" => "has a kind".into(),
        "part_of" => "includes".into(),
        "develops" => "is developed by".into(),
        "uses" => "is used by".into(),
        "enables" => "is enabled by".into(),
        "leads" => "is led by".into(),
        "promotes" => "is promoted by".into(),
        "regulates" => "is regulated by".into(),
        "applied_in" => "applies".into(),
        "influences" => "is influenced by".into(),
        other => format!("is the target of {} from", other.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;
    use proptest::prelude::*;

    fn path_ids(g: &KnowledgeGraph, p: &Path) -> String {
        ids(g, &p.nodes()).join(" ")
    }

    /// a - b - c - d in a line, a - e - d as a detour of equal length, and f - d as a long way.
    fn diamond() -> KnowledgeGraph {
        graph(
            &[
                ("a", "uses", "b", 1.0),
                ("b", "uses", "c", 1.0),
                ("c", "uses", "d", 1.0),
                ("a", "develops", "e", 1.0),
                ("e", "related_to", "d", 1.0),
                ("a", "leads", "f", 1.0),
                ("f", "uses", "g", 1.0),
                ("g", "uses", "h", 1.0),
                ("h", "uses", "d", 1.0),
            ],
            &[("e", "Role")],
        )
    }

    #[test]
    fn shortest_path_lengths() {
        let g = diamond();
        let opts = PathOptions::default();
        let p = shortest_path(&g, ix(&g, "a"), ix(&g, "d"), &opts).unwrap();
        assert_eq!(path_ids(&g, &p), "a e d");
        assert_eq!((p.len(), p.cost), (2, 2.0));
        // Against the direction of a -develops-> e.
        let back = shortest_path(&g, ix(&g, "e"), ix(&g, "b"), &opts).unwrap();
        assert_eq!(path_ids(&g, &back), "e a b");
        assert!(!back.hops[0].forward && back.hops[1].forward);
        let same = shortest_path(&g, ix(&g, "c"), ix(&g, "c"), &opts).unwrap();
        assert!(same.is_empty() && same.end() == ix(&g, "c"));
    }

    #[test]
    fn constraints_change_the_path() {
        let g = diamond();
        let (a, d) = (ix(&g, "a"), ix(&g, "d"));
        let with = |f: Filter, hops: Option<usize>| {
            shortest_path(&g, a, d, &PathOptions { filter: f, max_hops: hops, weighted: false })
                .map(|p| path_ids(&g, &p))
        };
        let avoid_roles = Filter { avoid_kinds: ["Role".to_owned()].into(), ..Filter::default() };
        assert_eq!(with(avoid_roles.clone(), None).unwrap(), "a b c d");
        assert_eq!(with(avoid_roles.clone(), Some(2)), None);
        assert_eq!(with(avoid_roles, Some(3)).unwrap(), "a b c d");
        let no_related = Filter { exclude_relations: ["related_to".to_owned()].into(), ..Filter::default() };
        assert_eq!(with(no_related, None).unwrap(), "a b c d");
        let only = Filter {
            relations: ["uses".to_owned(), "leads".to_owned()].into(),
            exclude_relations: ["related_to".to_owned()].into(),
            avoid_kinds: BTreeSet::new(),
            via_kinds: BTreeSet::new(),
            directed: true,
        };
        assert_eq!(with(only, None).unwrap(), "a b c d");
        let via = Filter { via_kinds: ["Role".to_owned()].into(), ..Filter::default() };
        assert_eq!(with(via, None).unwrap(), "a e d");
        // Directed: d cannot reach a.
        let directed = PathOptions {
            filter: Filter { directed: true, exclude_relations: ["related_to".to_owned()].into(), ..Filter::default() },
            ..PathOptions::default()
        };
        assert!(shortest_path(&g, d, a, &directed).is_none());
        assert!(shortest_path(&g, a, d, &directed).is_some());
    }

    #[test]
    fn weighted_paths_prefer_strong_edges() {
        let mut g = diamond();
        // Make the three-hop way strong: found 20 times with high reliability.
        for e in g.edges_sorted() {
            let (s, t, _) = g.edge(e);
            let (s, t) = (g.node(s).id.clone(), g.node(t).id.clone());
            if ["a", "b", "c"].contains(&s.as_str()) && ["b", "c", "d"].contains(&t.as_str()) {
                let edge = Edge { relation: "uses".into(), weight: 19.0, evidence: Vec::new(), reliability: 0.9 };
                g.add_edge(ix(&g, &s), ix(&g, &t), edge);
            }
        }
        let (a, d) = (ix(&g, "a"), ix(&g, "d"));
        let plain = shortest_path(&g, a, d, &PathOptions::default()).unwrap();
        assert_eq!(path_ids(&g, &plain), "a e d");
        let weighted = PathOptions { weighted: true, ..PathOptions::default() };
        let p = shortest_path(&g, a, d, &weighted).unwrap();
        assert_eq!(path_ids(&g, &p), "a b c d");
        // 3 hops of weight 20 at confidence 1.0: 3 / (1 + ln 20).
        assert!((p.cost - 3.0 / (1.0 + 20f64.ln())).abs() < 1e-12, "{}", p.cost);
        // The same answer under a hop bound that allows it, and the weak way under one that
        // does not.
        let bounded = PathOptions { max_hops: Some(3), ..weighted.clone() };
        assert_eq!(path_ids(&g, &shortest_path(&g, a, d, &bounded).unwrap()), "a b c d");
        let tight = PathOptions { max_hops: Some(2), ..weighted };
        assert_eq!(path_ids(&g, &shortest_path(&g, a, d, &tight).unwrap()), "a e d");
    }

    #[test]
    fn yen_finds_k_alternatives_in_order() {
        let g = diamond();
        let (a, d) = (ix(&g, "a"), ix(&g, "d"));
        let paths = k_shortest_paths(&g, a, d, 5, &PathOptions::default());
        let got: Vec<(String, f64)> = paths.iter().map(|p| (path_ids(&g, p), p.cost)).collect();
        assert_eq!(got, [("a e d".to_owned(), 2.0), ("a b c d".to_owned(), 3.0), ("a f g h d".to_owned(), 4.0)]);
        assert_eq!(k_shortest_paths(&g, a, d, 2, &PathOptions::default()).len(), 2);
        assert!(k_shortest_paths(&g, a, d, 0, &PathOptions::default()).is_empty());
        let bounded = PathOptions { max_hops: Some(3), ..PathOptions::default() };
        assert_eq!(k_shortest_paths(&g, a, d, 5, &bounded).len(), 2);
    }

    #[test]
    fn yen_on_a_textbook_graph() {
        // A 3x3 grid from corner to corner has 12 simple paths: 6 of 4 hops, 4 of 6 hops and 2
        // of 8 hops.
        let mut edges = Vec::new();
        let name = |r: usize, c: usize| format!("n{r}{c}");
        let names: Vec<Vec<String>> = (0..3).map(|r| (0..3).map(|c| name(r, c)).collect()).collect();
        for r in 0..3 {
            for c in 0..3 {
                if c + 1 < 3 {
                    edges.push((names[r][c].as_str(), "uses", names[r][c + 1].as_str(), 1.0));
                }
                if r + 1 < 3 {
                    edges.push((names[r][c].as_str(), "uses", names[r + 1][c].as_str(), 1.0));
                }
            }
        }
        let g = graph(&edges, &[]);
        let paths = k_shortest_paths(&g, ix(&g, "n00"), ix(&g, "n22"), 10, &PathOptions::default());
        let fours = paths.iter().filter(|p| p.len() == 4).count();
        assert_eq!(fours, 6);
        assert_eq!(paths.len(), 10);
        assert!(paths[6..].iter().all(|p| p.len() == 6));
        let distinct: BTreeSet<Vec<NodeIndex>> = paths.iter().map(Path::nodes).collect();
        assert_eq!(distinct.len(), 10);
    }

    #[test]
    fn explains_a_path() {
        let g = diamond();
        let p = shortest_path(&g, ix(&g, "e"), ix(&g, "b"), &PathOptions::default()).unwrap();
        assert_eq!(
            explain(&g, &p),
            "E reaches B in 2 hops: E is developed by A; A uses B. \
             The weakest link is A develops E (confidence 0.50, found once)."
        );
    }

    /// A random small graph: up to 8 nodes, edges with random relations, kinds and weights.
    fn arb_graph() -> impl Strategy<Value = KnowledgeGraph> {
        let rels = ["uses", "develops", "related_to", "part_of"];
        let kinds = ["Concept", "Role", "Technology"];
        (prop::collection::vec((0..8usize, 0..8usize, 0..4usize, 1..5u32), 1..20), prop::collection::vec(0..3usize, 8))
            .prop_map(move |(edges, node_kinds)| {
                let names: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
                let kinds: Vec<(&str, &str)> =
                    names.iter().zip(&node_kinds).map(|(n, &k)| (n.as_str(), kinds[k])).collect();
                let list: Vec<(&str, &str, &str, f64)> = edges
                    .iter()
                    .filter(|(s, t, _, _)| s != t)
                    .map(|&(s, t, r, w)| (names[s].as_str(), rels[r], names[t].as_str(), f64::from(w)))
                    .collect();
                graph(&list, &kinds)
            })
    }

    fn arb_options() -> impl Strategy<Value = PathOptions> {
        (
            any::<bool>(),
            any::<bool>(),
            prop::option::of(1..6usize),
            prop::option::of(prop::sample::select(vec!["related_to", "uses"])),
            prop::option::of(prop::sample::select(vec!["Role", "Technology"])),
        )
            .prop_map(|(directed, weighted, max_hops, exclude, avoid)| PathOptions {
                filter: Filter {
                    directed,
                    exclude_relations: exclude.into_iter().map(str::to_owned).collect(),
                    avoid_kinds: avoid.into_iter().map(str::to_owned).collect(),
                    ..Filter::default()
                },
                max_hops,
                weighted,
            })
    }

    fn check_path(g: &KnowledgeGraph, p: &Path, from: NodeIndex, to: NodeIndex, opts: &PathOptions) {
        assert_eq!(p.start, from);
        assert_eq!(p.end(), to);
        // Connected: each hop leaves where the last one arrived, along a real edge.
        let mut at = from;
        for h in &p.hops {
            assert_eq!(h.from, at);
            let (s, t, e) = g.edge(h.edge);
            assert!((s, t) == (h.from, h.to) || (t, s) == (h.from, h.to));
            assert!(opts.filter.allows_edge(e));
            if opts.filter.directed && !g.is_symmetric(&e.relation) {
                assert_eq!((s, t), (h.from, h.to));
            }
            at = h.to;
        }
        // Loopless.
        let nodes = p.nodes();
        let distinct: BTreeSet<_> = nodes.iter().collect();
        assert_eq!(distinct.len(), nodes.len());
        // Kind constraints hold inside the path.
        for &n in nodes.iter().skip(1).take(nodes.len().saturating_sub(2)) {
            assert!(opts.filter.allows_node(g.node(n)));
        }
        if let Some(h) = opts.max_hops {
            assert!(p.len() <= h);
        }
        assert!((p.cost - cost_of(g, &p.hops, opts.weighted)).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn bidirectional_search_agrees_with_dijkstra(
            g in arb_graph(), opts in arb_options(), a in 0..8usize, b in 0..8usize,
        ) {
            let (Some(from), Some(to)) = (g.node_index(&format!("n{a}")), g.node_index(&format!("n{b}"))) else {
                return Ok(());
            };
            if from == to {
                return Ok(());
            }
            // The cases the search serves: fewest hops, undirected, no bound.
            let opts = PathOptions {
                max_hops: None,
                weighted: false,
                filter: Filter { directed: false, ..opts.filter },
            };
            let fast = bidirectional(&g, from, to, &opts);
            let slow = dijkstra(&g, from, to, &opts, &Bans::default());
            prop_assert_eq!(fast.as_ref().map(Vec::len), slow.as_ref().map(Vec::len));
            if let Some(hops) = fast {
                let p = Path { start: from, cost: hops.len() as f64, hops };
                check_path(&g, &p, from, to, &opts);
            }
        }

        #[test]
        fn paths_are_connected_loopless_and_constrained(
            g in arb_graph(), opts in arb_options(), a in 0..8usize, b in 0..8usize,
        ) {
            let (Some(from), Some(to)) = (g.node_index(&format!("n{a}")), g.node_index(&format!("n{b}"))) else {
                return Ok(());
            };
            if let Some(p) = shortest_path(&g, from, to, &opts) {
                check_path(&g, &p, from, to, &opts);
            }
            let paths = k_shortest_paths(&g, from, to, 4, &opts);
            for p in &paths {
                check_path(&g, p, from, to, &opts);
            }
            // Sorted by cost, distinct, and the first is the shortest path.
            prop_assert!(paths.windows(2).all(|w| w[0].cost <= w[1].cost + 1e-9));
            let distinct: BTreeSet<Vec<NodeIndex>> = paths.iter().map(Path::nodes).collect();
            prop_assert_eq!(distinct.len(), paths.len());
            let best = shortest_path(&g, from, to, &opts);
            prop_assert_eq!(paths.first().map(|p| p.cost), best.map(|p| p.cost));
        }

        #[test]
        fn costs_match_brute_force(
            g in arb_graph(), opts in arb_options(), a in 0..8usize, b in 0..8usize,
        ) {
            let (Some(from), Some(to)) = (g.node_index(&format!("n{a}")), g.node_index(&format!("n{b}"))) else {
                return Ok(());
            };
            prop_assume!(from != to);
            // Every simple path under the options, by depth-first search, cheapest edge per step.
            let mut costs: BTreeMap<Vec<NodeIndex>, f64> = BTreeMap::new();
            let mut stack = vec![(vec![from], 0.0f64)];
            while let Some((nodes, cost)) = stack.pop() {
                let at = *nodes.last().unwrap();
                if at == to {
                    costs.insert(nodes, cost);
                    continue;
                }
                if opts.max_hops.is_some_and(|h| nodes.len() > h) {
                    continue;
                }
                let mut best: BTreeMap<NodeIndex, f64> = BTreeMap::new();
                for h in opts.filter.hops(&g, at) {
                    let c = hop_cost(g.edge(h.edge).2, opts.weighted);
                    let e = best.entry(h.to).or_insert(c);
                    *e = e.min(c);
                }
                for (next, c) in best {
                    if nodes.contains(&next) || (next != to && !opts.filter.allows_node(g.node(next))) {
                        continue;
                    }
                    let mut n = nodes.clone();
                    n.push(next);
                    stack.push((n, cost + c));
                }
            }
            let mut all: Vec<f64> = costs.values().copied().collect();
            all.sort_by(f64::total_cmp);
            let found: Vec<f64> = k_shortest_paths(&g, from, to, 5, &opts).iter().map(|p| p.cost).collect();
            prop_assert_eq!(found.len(), all.len().min(5));
            for (x, y) in found.iter().zip(&all) {
                prop_assert!((x - y).abs() < 1e-9, "{:?} vs {:?}", found, all);
            }
        }

        #[test]
        fn shortest_is_no_longer_than_any_alternative(
            g in arb_graph(), a in 0..8usize, b in 0..8usize,
        ) {
            let (Some(from), Some(to)) = (g.node_index(&format!("n{a}")), g.node_index(&format!("n{b}"))) else {
                return Ok(());
            };
            let opts = PathOptions::default();
            let paths = k_shortest_paths(&g, from, to, 6, &opts);
            if let Some(first) = paths.first() {
                prop_assert!(paths.iter().all(|p| p.len() >= first.len()));
            }
        }
    }
}
