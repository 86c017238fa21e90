//! `kg path`, `neighbors`, `subgraph`, `rank`, `communities` and `find` on a small hand-made graph
//! with known answers; every `--format json` output is checked against the graph schema.

use crate::fixture::{assert_valid_graph, node_ids, small_graph, Env};

fn env() -> Env {
    let env = Env::new();
    env.write("g.json", small_graph());
    env
}

fn kg(env: &Env, args: &[&str]) -> crate::fixture::Run {
    let mut all = args.to_vec();
    all.extend(["--graph", "g.json"]);
    env.kg(&all)
}

#[test]
fn path_prints_hops_evidence_and_explanation() {
    let env = env();
    let r = kg(&env, &["path", "OpenAI", "GPU"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Two paths of two hops tie; the one through the smaller id (agi) comes first.
    assert_eq!(
        r.stdout,
        "path 1: 2 hops\n  \
         OpenAI -develops-> AGI  \"openai develops agi. OpenAI develops GPT.\"\n  \
         AGI -related_to- GPU  \"agi related_to gpu. OpenAI develops GPT.\"\n  \
         OpenAI reaches GPU in 2 hops: OpenAI develops AGI; AGI is mentioned with GPU. \
         The weakest link is AGI related_to GPU (confidence 0.30, found once).\n"
    );
}

#[test]
fn path_constraints() {
    let env = env();
    let first = |args: &[&str]| {
        let r = kg(&env, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.lines().nth(2).unwrap_or_default().to_owned()
    };
    let no_related = first(&["path", "openai", "gpu", "--exclude-relations", "related_to"]);
    assert!(no_related.starts_with("  GPT -uses-> GPU"), "{no_related}");
    let only = first(&["path", "openai", "gpu", "--relations", "develops,uses"]);
    assert!(only.starts_with("  GPT -uses-> GPU"), "{only}");
    let via = first(&["path", "openai", "gpu", "--via-kinds", "Technology"]);
    assert!(via.starts_with("  GPT -uses-> GPU"), "{via}");
    let avoid = first(&["path", "openai", "gpu", "--avoid-kinds", "goal"]);
    assert!(avoid.starts_with("  GPT -uses-> GPU"), "{avoid}");
    let weighted = kg(&env, &["path", "openai", "gpu", "--weighted"]);
    assert!(weighted.stdout.starts_with("path 1: 2 hops, cost "), "{}", weighted.stdout);
    assert!(weighted.stdout.contains("  GPT -uses-> GPU"), "{}", weighted.stdout);
    // Against the direction: GPU cannot reach OpenAI forward only.
    let directed = kg(&env, &["path", "gpu", "openai", "--directed"]);
    assert_eq!(directed.code, 1, "{}", directed.stdout);
    assert!(directed.stderr.contains("no path between 'GPU' and 'OpenAI' under these constraints"));
    let short = kg(&env, &["path", "openai", "gpu", "--max-hops", "1"]);
    assert_eq!(short.code, 1);
    let bad = kg(&env, &["path", "openai", "gpu", "--relations", "owns"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown relation 'owns'; relations are "), "{}", bad.stderr);
    let island = kg(&env, &["path", "openai", "x"]);
    assert_eq!(island.code, 1);
}

#[test]
fn path_k_alternatives() {
    let env = env();
    let r = kg(&env, &["path", "openai", "gpu", "--k", "5"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let headers: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("path ")).collect();
    assert_eq!(headers, ["path 1: 2 hops", "path 2: 2 hops", "path 3: 6 hops"]);
    assert!(r.stderr.contains("only 3 loopless path(s)"), "{}", r.stderr);
}

#[test]
fn path_as_json_and_dot() {
    let env = env();
    let j = kg(&env, &["path", "openai", "gpu", "--k", "2", "--format", "json"]);
    assert_eq!(j.code, 0, "{}", j.stderr);
    let g = assert_valid_graph(&j.stdout);
    assert_eq!(node_ids(&g), ["agi", "gpt", "gpu", "openai"]);
    assert_eq!(g["edges"].as_array().unwrap().len(), 4);
    let d = kg(&env, &["path", "openai", "gpu", "--format", "dot"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    // The path in red among its neighbours.
    assert!(
        d.stdout.contains("\"openai\" -> \"agi\" [label=\"develops\", penwidth=\"2.50\", color=\"#d62828\""),
        "{}",
        d.stdout
    );
    assert!(d.stdout.contains("\"cto\""), "neighbours are drawn");
}

#[test]
fn neighbors_with_filters() {
    let env = env();
    let r = kg(&env, &["neighbors", "gpt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("GPT (Technology): 3 neighbor(s) within 1 hop(s)\n"), "{}", r.stdout);
    let directed = kg(&env, &["neighbours", "gpt", "--directed"]);
    assert!(directed.stdout.starts_with("GPT (Technology): 2 neighbor(s)"), "{}", directed.stdout);
    let deep = kg(&env, &["neighbors", "gpt", "--depth", "2", "--avoid-kinds", "Organization"]);
    assert!(
        deep.stdout.contains("2 GPU -related_to- AGI") && !deep.stdout.contains("<-develops- OpenAI"),
        "{}",
        deep.stdout
    );
    let j = kg(&env, &["neighbors", "gpt", "--format", "json"]);
    let g = assert_valid_graph(&j.stdout);
    assert_eq!(node_ids(&g), ["gpt", "gpu", "openai", "rlhf"]);
}

#[test]
fn subgraph_of_several_seeds_in_any_format() {
    let env = env();
    let j = kg(&env, &["subgraph", "gpu", "x", "--format", "json"]);
    assert_eq!(j.code, 0, "{}", j.stderr);
    let g = assert_valid_graph(&j.stdout);
    assert_eq!(node_ids(&g), ["agi", "gpt", "gpu", "x", "y"]);
    let d = kg(&env, &["subgraph", "gpu", "--depth", "2", "-o", "sub.dot"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let dot = std::fs::read_to_string(env.path("sub.dot")).unwrap();
    assert!(dot.starts_with("digraph {") && dot.contains("\"openai\""), "{dot}");
    let none = kg(&env, &["subgraph", "gpu"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("give --format when writing to stdout"));
    let unknown = kg(&env, &["subgraph", "gpux", "--format", "json"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("did you mean 'GPU'"), "{}", unknown.stderr);
}

#[test]
fn rank_by_each_score() {
    let env = env();
    let r = kg(&env, &["rank", "--by", "degree", "--top", "3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names: Vec<&str> = r.stdout.lines().skip(1).map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    // Three concepts have 3 relations; ties go by id.
    assert_eq!(names, ["AGI", "GPT", "OpenAI"]);
    let b = kg(&env, &["rank", "--by", "betweenness", "--top", "1"]);
    assert!(b.stdout.lines().nth(1).unwrap().contains("OpenAI"), "{}", b.stdout);
    let j = kg(&env, &["rank", "--top", "4", "--format", "json"]);
    let g = assert_valid_graph(&j.stdout);
    let nodes = g["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 4);
    assert!(nodes.iter().all(|n| n["scores"]["pagerank"].as_f64().is_some()));
    assert!(nodes.iter().any(|n| n["scores"]["rank"] == 1.0));
}

#[test]
fn communities_are_deterministic_and_named() {
    let env = env();
    let a = kg(&env, &["communities"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, kg(&env, &["communities"]).stdout);
    assert!(a.stdout.lines().next().unwrap().contains("communities, modularity"));
    // The island is its own community, named by one of its two nodes.
    assert!(a.stdout.contains(": x (2 concepts)\n"), "{}", a.stdout);
    let j = kg(&env, &["communities", "--format", "json"]);
    let g = assert_valid_graph(&j.stdout);
    assert!(g["nodes"].as_array().unwrap().iter().all(|n| n["community"].is_u64()));
    let d = kg(&env, &["communities", "--format", "dot"]);
    assert!(d.stdout.contains("subgraph cluster_") && d.stdout.contains("community 0: "), "{}", d.stdout);
}

#[test]
fn find_ranks_labels_and_aliases() {
    let env = env();
    let r = kg(&env, &["find", "human feedback"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "0.62  RLHF  [Technology]  substring, alias 'reinforcement learning from human feedback'\n");
    let g = kg(&env, &["find", "gp"]);
    let first: Vec<&str> = g.stdout.lines().map(|l| l.split("  ").nth(1).unwrap()).collect();
    assert_eq!(first, ["GPT", "GPU"]);
    let none = kg(&env, &["find", "zzzz"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no concept matches 'zzzz'"));
    let j = kg(&env, &["find", "safety", "--format", "json"]);
    let v = assert_valid_graph(&j.stdout);
    assert_eq!(node_ids(&v), ["safety"]);
}
