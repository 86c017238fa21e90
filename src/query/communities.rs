//! Communities: groups of concepts more tightly related to each other than to the rest.
//!
//! This file owns the Louvain method (Blondel et al. 2008) with a seeded node order, so the same
//! graph always gives the same communities, and a final split of any community that is not
//! connected (Louvain's known defect, which Leiden was made to fix). Communities are numbered by
//! size and named by their most central concept. Edges count in both directions, weighted by how
//! often they were found; parallel edges add up.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::centrality::{pagerank, PageRankOptions};
use crate::graph::KnowledgeGraph;

/// Options for [`louvain`] and [`communities`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LouvainOptions {
    /// Resolution γ: above 1 gives more, smaller communities; below 1 fewer, larger ones.
    pub resolution: f64,
    /// Seed of the node order in which moves are tried.
    pub seed: u64,
    /// Weight edges by how often they were found (else each counts 1).
    pub weighted: bool,
}

impl Default for LouvainOptions {
    fn default() -> LouvainOptions {
        LouvainOptions { resolution: 1.0, seed: 42, weighted: true }
    }
}

/// One community.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// Its number: 0 is the largest.
    pub id: u32,
    /// Its most central concept (by PageRank over undirected, weighted edges), which names it.
    pub name: NodeIndex,
    /// Its concepts, most central first.
    pub members: Vec<NodeIndex>,
}

/// A partition of a graph into communities.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// The communities, largest first.
    pub communities: Vec<Community>,
    /// The community of each node, indexed by `NodeIndex::index()`.
    pub of: Vec<u32>,
    /// The partition's modularity at the resolution used.
    pub modularity: f64,
}

impl Communities {
    /// A copy of `g` whose nodes carry their community ids (the JSON `community` key, the DOT
    /// clusters).
    pub fn assign(&self, g: &KnowledgeGraph) -> KnowledgeGraph {
        let mut out = KnowledgeGraph::new(g.symmetric.iter().cloned());
        out.documents = g.documents.clone();
        out.generator = g.generator.clone();
        for i in g.nodes_sorted() {
            let mut n = g.node(i).clone();
            n.community = self.of.get(i.index()).copied();
            out.add_node(n);
        }
        for e in g.edges_sorted() {
            let (s, t, w) = g.edge(e);
            let s = out.node_index(&g.node(s).id).expect("copied node");
            let t = out.node_index(&g.node(t).id).expect("copied node");
            out.add_edge(s, t, w.clone());
        }
        out
    }
}

/// Communities of `g` by [`louvain`], numbered by size (then by their first member's id) and
/// named by their most central concept.
///
/// # Arguments
/// * `g`: the graph.
/// * `opts`: resolution, seed and weighting.
///
/// # Returns
/// Every node in exactly one community; isolated concepts are communities of one.
///
/// # Complexity
/// Louvain's, near O(E log V) in practice, plus PageRank for the names.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let c = query::communities(&g, &query::LouvainOptions::default());
/// assert_eq!(c.of.len(), g.node_count());
/// ```
pub fn communities(g: &KnowledgeGraph, opts: &LouvainOptions) -> Communities {
    let raw = louvain(g, opts);
    let centrality = pagerank(g, &PageRankOptions { directed: false, ..PageRankOptions::default() });
    let mut rank = vec![0usize; g.node_count()];
    for (r, i) in g.nodes_sorted().enumerate() {
        rank[i.index()] = r;
    }
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for i in g.nodes_sorted() {
        groups.entry(raw[i.index()]).or_default().push(i);
    }
    let mut list: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    list.sort_by_key(|m| (std::cmp::Reverse(m.len()), rank[m[0].index()]));
    let mut of = vec![0u32; g.node_count()];
    let mut out = Vec::with_capacity(list.len());
    for (id, mut members) in list.into_iter().enumerate() {
        let id = u32::try_from(id).expect("fewer than 2^32 communities");
        members.sort_by(|a, b| {
            centrality[b.index()].total_cmp(&centrality[a.index()]).then(rank[a.index()].cmp(&rank[b.index()]))
        });
        for m in &members {
            of[m.index()] = id;
        }
        out.push(Community { id, name: members[0], members });
    }
    let labels: Vec<usize> = of.iter().map(|&c| c as usize).collect();
    let modularity = modularity(g, &labels, opts.resolution, opts.weighted);
    Communities { communities: out, of, modularity }
}

/// The Louvain method: a community label per node, indexed by `NodeIndex::index()`.
///
/// Nodes move to the neighbouring community that raises modularity most, in an order shuffled
/// by `opts.seed`, until no move helps; communities then become nodes and the process repeats.
/// Communities that end up disconnected are split into their connected parts.
///
/// # Complexity
/// Near O(E log V) in practice.
pub fn louvain(g: &KnowledgeGraph, opts: &LouvainOptions) -> Vec<usize> {
    let n = g.node_count();
    let mut level = Level::from_graph(g, opts.weighted);
    let mut of: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64(opts.seed);
    loop {
        let (moved, part) = level.local_moves(opts.resolution, &mut rng);
        for c in &mut of {
            *c = part[*c];
        }
        if !moved {
            break;
        }
        let next = level.aggregate(&part);
        if next.adj.len() == level.adj.len() {
            break;
        }
        level = next;
    }
    split_disconnected(g, &of)
}

/// Newman's modularity of a partition (`labels` indexed by node index) at resolution γ:
/// Σ_c [ L_c / m − γ (d_c / 2m)² ], with L_c the weight inside c and d_c its total degree.
///
/// # Complexity
/// O(V + E).
pub fn modularity(g: &KnowledgeGraph, labels: &[usize], resolution: f64, weighted: bool) -> f64 {
    let mut inside: BTreeMap<usize, f64> = BTreeMap::new();
    let mut degree: BTreeMap<usize, f64> = BTreeMap::new();
    let mut m = 0.0;
    for e in g.graph().edge_references() {
        let w = if weighted { e.weight().weight } else { 1.0 };
        let (a, b) = (labels[e.source().index()], labels[e.target().index()]);
        m += w;
        *degree.entry(a).or_insert(0.0) += w;
        *degree.entry(b).or_insert(0.0) += w;
        if a == b {
            *inside.entry(a).or_insert(0.0) += w;
        }
    }
    if m == 0.0 {
        return 0.0;
    }
    degree.iter().map(|(c, d)| inside.get(c).unwrap_or(&0.0) / m - resolution * (d / (2.0 * m)).powi(2)).sum()
}

/// One level of the Louvain hierarchy: a weighted undirected graph with self-loops.
struct Level {
    /// Neighbours with edge weights, sorted by neighbour, without self-loops.
    adj: Vec<Vec<(usize, f64)>>,
    /// Self-loop weight of each node (counted once).
    selfloop: Vec<f64>,
    /// Weighted degree of each node (self-loops count twice).
    degree: Vec<f64>,
    /// Twice the total edge weight.
    m2: f64,
}

impl Level {
    fn from_graph(g: &KnowledgeGraph, weighted: bool) -> Level {
        let n = g.node_count();
        let mut pairs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let mut selfloop = vec![0.0; n];
        for e in g.graph().edge_references() {
            let w = if weighted { e.weight().weight } else { 1.0 };
            let (s, t) = (e.source().index(), e.target().index());
            if s == t {
                selfloop[s] += w;
            } else {
                *pairs.entry((s.min(t), s.max(t))).or_insert(0.0) += w;
            }
        }
        Level::new(n, &pairs, selfloop)
    }

    fn new(n: usize, pairs: &BTreeMap<(usize, usize), f64>, selfloop: Vec<f64>) -> Level {
        let mut adj = vec![Vec::new(); n];
        for (&(a, b), &w) in pairs {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
        for a in &mut adj {
            a.sort_by_key(|x| x.0);
        }
        let degree: Vec<f64> = (0..n).map(|i| adj[i].iter().map(|x| x.1).sum::<f64>() + 2.0 * selfloop[i]).collect();
        let m2 = degree.iter().sum();
        Level { adj, selfloop, degree, m2 }
    }

    /// Move nodes between communities until no move raises modularity. Returns whether anything
    /// moved and each node's community, renumbered 0.. in order of first appearance.
    fn local_moves(&self, resolution: f64, rng: &mut SplitMix64) -> (bool, Vec<usize>) {
        let n = self.adj.len();
        let mut comm: Vec<usize> = (0..n).collect();
        let mut tot: Vec<f64> = self.degree.clone();
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut moved_any = false;
        if self.m2 == 0.0 {
            return (false, comm);
        }
        let mut links: BTreeMap<usize, f64> = BTreeMap::new();
        for _pass in 0..100 {
            let mut moved = false;
            for &i in &order {
                let ci = comm[i];
                let ki = self.degree[i];
                links.clear();
                for &(j, w) in &self.adj[i] {
                    *links.entry(comm[j]).or_insert(0.0) += w;
                }
                tot[ci] -= ki;
                // Gain of joining c, up to terms that do not depend on c.
                let gain = |c: usize, k_in: f64| k_in - resolution * tot[c] * ki / self.m2;
                let mut best = ci;
                let mut best_gain = gain(ci, links.get(&ci).copied().unwrap_or(0.0));
                for (&c, &k_in) in &links {
                    let gc = gain(c, k_in);
                    if gc > best_gain + 1e-12 {
                        best = c;
                        best_gain = gc;
                    }
                }
                tot[best] += ki;
                if best != ci {
                    comm[i] = best;
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        // Renumber in node order.
        let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
        for c in &mut comm {
            let next = renumber.len();
            *c = *renumber.entry(*c).or_insert(next);
        }
        (moved_any, comm)
    }

    /// The graph whose nodes are the communities of `part`.
    fn aggregate(&self, part: &[usize]) -> Level {
        let k = part.iter().max().map_or(0, |m| m + 1);
        let mut pairs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let mut selfloop = vec![0.0; k];
        for (i, edges) in self.adj.iter().enumerate() {
            selfloop[part[i]] += self.selfloop[i];
            for &(j, w) in edges {
                if i < j {
                    let (a, b) = (part[i], part[j]);
                    if a == b {
                        selfloop[a] += w;
                    } else {
                        *pairs.entry((a.min(b), a.max(b))).or_insert(0.0) += w;
                    }
                }
            }
        }
        Level::new(k, &pairs, selfloop)
    }
}

/// Split every community into its connected parts (edges inside the community only).
fn split_disconnected(g: &KnowledgeGraph, of: &[usize]) -> Vec<usize> {
    let n = g.node_count();
    let mut adj = vec![Vec::new(); n];
    for e in g.graph().edge_references() {
        let (s, t) = (e.source().index(), e.target().index());
        if of[s] == of[t] {
            adj[s].push(t);
            adj[t].push(s);
        }
    }
    let mut out = vec![usize::MAX; n];
    let mut next = 0;
    for start in 0..n {
        if out[start] != usize::MAX {
            continue;
        }
        out[start] = next;
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            for &w in &adj[v] {
                if out[w] == usize::MAX {
                    out[w] = next;
                    stack.push(w);
                }
            }
        }
        next += 1;
    }
    out
}

/// A small, fast, seeded generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher-Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;

    /// Two triangles joined by one weak edge: the textbook two communities.
    fn two_triangles() -> KnowledgeGraph {
        graph(
            &[
                ("a1", "uses", "a2", 2.0),
                ("a2", "uses", "a3", 2.0),
                ("a3", "uses", "a1", 2.0),
                ("b1", "uses", "b2", 2.0),
                ("b2", "uses", "b3", 2.0),
                ("b3", "uses", "b1", 2.0),
                ("a3", "related_to", "b1", 1.0),
                ("a1", "develops", "a2", 1.0),
            ],
            &[],
        )
    }

    #[test]
    fn finds_two_obvious_clusters() {
        let g = two_triangles();
        let c = communities(&g, &LouvainOptions::default());
        assert_eq!(c.communities.len(), 2);
        let members: Vec<Vec<String>> = c
            .communities
            .iter()
            .map(|m| {
                let mut v = ids(&g, &m.members);
                v.sort();
                v
            })
            .collect();
        assert_eq!(members, [["a1", "a2", "a3"], ["b1", "b2", "b3"]]);
        // a3 and b1 carry the bridge, so they are the most central of each.
        assert_eq!(ids(&g, &[c.communities[0].name, c.communities[1].name]), ["a3", "b1"]);
        // networkx: nx.community.modularity(G, [{a1,a2,a3},{b1,b2,b3}], weight="weight") on the
        // multigraph with these weights.
        assert!((c.modularity - 0.42602040816326536).abs() < 1e-12, "{}", c.modularity);
        assert_eq!(c.of.len(), 6);
    }

    #[test]
    fn same_seed_same_answer_and_isolated_nodes_alone() {
        let mut edges = vec![];
        let names: Vec<String> = (0..30).map(|i| format!("n{i:02}")).collect();
        for i in 0..30 {
            for j in [1, 2, 7] {
                edges.push((names[i].as_str(), "uses", names[(i + j) % 30].as_str(), 1.0));
            }
        }
        let mut g = graph(&edges, &[]);
        g.add_node(node("lonely", "Concept"));
        let a = communities(&g, &LouvainOptions::default());
        let b = communities(&g, &LouvainOptions::default());
        assert_eq!(a, b);
        let lonely = g.node_index("lonely").unwrap();
        let c = a.of[lonely.index()] as usize;
        assert_eq!(a.communities[c].members, [lonely]);
        // Every community is connected and the partition beats one big community.
        assert!(a.modularity > 0.0);
        assert!(a.communities.windows(2).all(|w| w[0].members.len() >= w[1].members.len()));
    }

    #[test]
    fn assign_writes_community_ids() {
        let g = two_triangles();
        let c = communities(&g, &LouvainOptions::default());
        let h = c.assign(&g);
        let b2 = h.node(h.node_index("b2").unwrap());
        assert_eq!(b2.community, Some(1));
        assert_eq!(h.edge_count(), g.edge_count());
        // Nothing else changes.
        let a1 = |g: &KnowledgeGraph| g.node(g.node_index("a1").unwrap()).clone();
        assert_eq!(a1(&h).mentions, a1(&g).mentions);
        assert_eq!(a1(&g).community, None);
    }

    #[test]
    fn empty_graph() {
        let g = KnowledgeGraph::default();
        let c = communities(&g, &LouvainOptions::default());
        assert!(c.communities.is_empty());
        assert_eq!(c.modularity, 0.0);
    }
}
