//! `kg build` and the queries on its output.

use crate::fixture::{repo, Env};

#[test]
fn builds_the_seed_corpus_and_answers_queries() {
    let env = Env::new();
    let corpus = repo().join("graph-data/corpus");
    let r = env.kg(&["build", corpus.to_str().unwrap(), "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(env.path("out/graph.json").exists() && env.path("out/graph.dot").exists());
    let p = env.kg(&["path", "AGI", "GPU", "--graph", "out/graph.json"]);
    assert_eq!(p.code, 0, "{}", p.stderr);
    // A header, the hops from AGI to GPU with evidence, and the explanation.
    let lines: Vec<&str> = p.stdout.lines().collect();
    assert!(lines[0].starts_with("path 1: "), "{}", p.stdout);
    assert!(lines[1].starts_with("  AGI "), "{}", p.stdout);
    let last_hop = lines[lines.len() - 2];
    assert!(last_hop.contains(" GPU  \""), "{}", p.stdout);
    assert!(lines[lines.len() - 1].starts_with("  AGI reaches GPU in "), "{}", p.stdout);
    // The CTO drives the strategic vision, which includes which partnerships to pursue.
    let p = env.kg(&["path", "CTO", "partnership", "--graph", "out/graph.json"]);
    assert_eq!(p.code, 0, "{}", p.stderr);
    assert!(
        p.stdout.contains("strategic vision <-part_of- partnership  \"This strategic vision includes"),
        "{}",
        p.stdout
    );
    // Safety is one of the values the CTO ensures AI advancements align with.
    let n = env.kg(&["neighbors", "safety", "--graph", "out/graph.json"]);
    assert_eq!(n.code, 0, "{}", n.stderr);
    assert!(n.stdout.contains("safety -related_to- CTO  \"The CTO at OpenAI must navigate"), "{}", n.stdout);
}

#[test]
fn unknown_names_suggest_and_exit_1() {
    let env = Env::new();
    let corpus = repo().join("graph-data/corpus");
    env.kg(&["build", corpus.to_str().unwrap(), "--out", "out"]);
    let r = env.kg(&["show", "GPUX", "--graph", "out/graph.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown concept 'GPUX'; did you mean 'GPU'"), "{}", r.stderr);
}

#[test]
fn no_input_is_an_error() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("empty")).unwrap();
    let r = env.kg(&["build", "empty"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no input: no .txt or .md files found in empty"), "{}", r.stderr);
}
