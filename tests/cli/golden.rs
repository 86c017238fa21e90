//! DOT goldens in tests/golden/, compared byte for byte (regenerate with UPDATE_EXPECT=1). With
//! KG_INTEROP=1 each golden is also laid out by Graphviz (`dot`, and `sfdp` for the large one),
//! and any warning fails the test.

use crate::fixture::{interop, repo, small_graph, synthetic_graph, Env};

fn golden(env: &Env, name: &str, args: &[&str]) -> String {
    let r = env.kg(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    let path = repo().join("tests/golden").join(name);
    expect_test::expect_file![path].assert_eq(&r.stdout);
    r.stdout
}

/// Lay out `dot` with Graphviz and fail on any warning.
fn graphviz(dot: &str, engine: &str) {
    if !interop() {
        return;
    }
    let mut child = std::process::Command::new("dot")
        .args([&format!("-K{engine}"), "-Tsvg"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("graphviz `dot` is required with KG_INTEROP=1");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "{engine}: {stderr}");
    let svg = String::from_utf8(out.stdout).unwrap();
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&svg, opts).expect("graphviz wrote well-formed SVG");
}

#[test]
fn small_graph_goldens() {
    let env = Env::new();
    env.write("g.json", small_graph());
    let g = ["--graph", "g.json"];
    let cases: &[(&str, &[&str])] = &[
        ("small.dot", &["export", "--format", "dot"]),
        ("small-kind-clusters-tb.dot", &["export", "--format", "dot", "--clusters", "kind", "--rankdir", "TB"]),
        ("small-communities.dot", &["communities", "--format", "dot"]),
        ("small-path.dot", &["path", "openai", "gpu", "--k", "2", "--format", "dot"]),
        ("small-focus.dot", &["export", "--format", "dot", "--focus", "gpu", "--depth", "1"]),
        ("small-top5.dot", &["export", "--format", "dot", "--max-nodes", "5"]),
    ];
    for (name, args) in cases {
        let mut all = args.to_vec();
        all.extend(g);
        let dot = golden(&env, name, &all);
        graphviz(&dot, "dot");
    }
}

#[test]
fn large_graph_golden_asks_for_sfdp() {
    let env = Env::new();
    env.write("big.json", synthetic_graph(400));
    let dot = golden(&env, "large.dot", &["export", "--format", "dot", "--max-nodes", "0", "--graph", "big.json"]);
    assert!(dot.contains("layout=\"sfdp\"") && dot.contains("overlap=\"prism\""));
    graphviz(&dot, "sfdp");
}

#[test]
fn escaping_survives_graphviz() {
    let env = Env::new();
    let g =
        small_graph().replace("\"label\": \"policy\"", "\"label\": \"a \\\"quoted\\\" <b>&amp; back\\\\slash\\u0001\"");
    env.write("g.json", g);
    let dot = golden(&env, "escaping.dot", &["export", "--format", "dot", "--graph", "g.json"]);
    assert!(!dot.contains('\u{1}'));
    graphviz(&dot, "dot");
}

/// The seed corpus's graph, JSON and DOT, byte for byte: any change to extraction shows up here
/// and is accepted on purpose (`UPDATE_EXPECT=1 cargo test seed_goldens`).
#[test]
fn seed_goldens() {
    let env = Env::new();
    let out = env.path("out");
    let out = out.to_str().unwrap();
    let r = crate::fixture::run_in(&repo(), &["build", "-q", "--no-cache", "graph-data/corpus", "--out", out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in ["graph.json", "graph.dot"] {
        let got = std::fs::read_to_string(env.path("out").join(name)).unwrap();
        expect_test::expect_file![repo().join("tests/golden/seed").join(name)].assert_eq(&got);
        if name == "graph.dot" {
            graphviz(&got, "dot");
        } else {
            crate::fixture::assert_valid_graph(&got);
        }
    }
}
