//! Write a synthetic concept graph of a given size in kg's JSON format, for benchmarks of
//! queries and diagrams at sizes the seed corpus does not reach.
//!
//! ```text
//! cargo run --release --example synthetic -- NODES [EDGES_PER_NODE] > graph.json
//! ```
//!
//! The graph grows by preferential attachment (a few hubs, many leaves, like real concept
//! graphs), with kinds and relations spread over the default ontology's. The generator is seeded:
//! the same arguments give the same bytes.
#![allow(clippy::print_stdout)]

use kg::export::json;
use kg::graph::{Edge, KnowledgeGraph, Node, VecMap};

const KINDS: &[&str] = &["Organization", "Role", "Technology", "Field", "Principle", "Resource", "Activity", "Concept"];
const RELATIONS: &[&str] = &["uses", "develops", "part_of", "related_to", "enables", "is_a", "leads"];
const WORDS: &[&str] = &[
    "data", "model", "safety", "compute", "policy", "research", "team", "network", "learning", "system", "cloud",
    "vision", "language", "agent", "chip", "market",
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map(|a| a.parse()).transpose()?.unwrap_or(500);
    let per: usize = args.get(1).map(|a| a.parse()).transpose()?.unwrap_or(2);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut g = KnowledgeGraph::new(["related_to".to_owned(), "collaborates_with".to_owned()]);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let label = format!("{} {} {i}", WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
        let kind = KINDS[next(KINDS.len())].to_owned();
        let id = kg::slug(&label);
        ids.push(g.add_node(Node {
            id,
            label: label.clone(),
            kind: kind.clone(),
            mentions: 1 + next(9) as u64,
            label_votes: VecMap::from([(label, 1)]),
            kind_votes: VecMap::from([(kind, (2, 1))]),
            ..Node::default()
        }));
    }
    let mut ends = vec![0usize];
    for i in 1..n {
        for _ in 0..per {
            let t = ends[next(ends.len())];
            if t == i {
                continue;
            }
            let relation = RELATIONS[next(RELATIONS.len())].to_owned();
            g.add_edge(
                ids[i],
                ids[t],
                Edge {
                    relation: relation.into(),
                    weight: 1.0 + next(4) as f64,
                    evidence: Vec::new(),
                    reliability: 0.5,
                },
            );
            ends.push(t);
        }
        ends.push(i);
    }
    let mut out = std::io::stdout().lock();
    json::write(&g, &mut out, json::WriteOptions::default())?;
    Ok(())
}
