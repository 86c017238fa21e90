//! Interop: the real tools read kg's exports. These run only with `KG_INTEROP=1` (`.ci/run` sets
//! it and installs the tools); then a missing tool is a failure, never a skip. Without it each
//! test returns at once, so `cargo test` passes on a machine with nothing installed.
//!
//! The Python side is `tests/interop/check.py` (NetworkX, igraph, pyoxigraph, Kuzu), the browser
//! side `tests/interop/browser.mjs` (playwright-core driving Debian's Chromium) and Mermaid's
//! own CLI; each prints what it saw as JSON, and the assertions are here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::export::{export, nasty, summary_of_json, Summary};
use crate::fixture::{repo, Env};

fn enabled() -> bool {
    std::env::var("KG_INTEROP").is_ok_and(|v| v == "1")
}

/// Run a tool; a missing program or a failure panics with its output.
fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("KG_INTEROP=1 but `{program}` cannot run ({e}); .ci/run installs it"));
    assert!(
        out.status.success(),
        "`{program} {}` failed ({}):\n{}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

fn interop_dir() -> PathBuf {
    repo().join("tests/interop")
}

/// The node tools of `tests/interop/package.json`; `.ci/run` installs them with `npm ci`.
fn node_tool(path: &str) -> PathBuf {
    let p = interop_dir().join("node_modules").join(path);
    assert!(p.exists(), "KG_INTEROP=1 but {} is missing; run `npm ci` in tests/interop (.ci/run does)", p.display());
    p
}

fn check_py(args: &[&str], dir: &Path) -> Value {
    let script = interop_dir().join("check.py");
    let mut all = vec![script.to_str().unwrap()];
    all.extend_from_slice(args);
    serde_json::from_str(&run(&python(), &all, dir)).expect("check.py prints JSON")
}

/// The seed corpus graph, built into the fixture folder: `out/graph.json`.
fn corpus(env: &Env) -> PathBuf {
    let corpus = repo().join("graph-data/corpus");
    let r = env.kg(&["build", corpus.to_str().unwrap(), "--out", "out", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env.path("out/graph.json")
}

/// `kg path FROM TO` on the corpus: the ids at both ends and the number of hops.
fn kg_path(env: &Env, from: &str, to: &str) -> (String, String, usize) {
    let r = env.kg(&["path", from, to, "--graph", "out/graph.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    // One path: its concepts are its hops plus one.
    let hops = v["nodes"].as_array().unwrap().len() - 1;
    let id_of = |label: &str| -> String {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["label"].as_str().unwrap().eq_ignore_ascii_case(label))
            .unwrap_or_else(|| panic!("{label} in {v}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    (id_of(from), id_of(to), hops)
}

fn as_labels(v: &Value) -> BTreeMap<String, String> {
    v.as_object().unwrap().iter().map(|(k, l)| (k.clone(), l.as_str().unwrap().to_owned())).collect()
}

#[test]
fn interop_networkx_and_igraph_read_json_and_graphml() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    export(&env, "out/graph.json", "graphml", "g.graphml", &[]);
    let want = summary_of_json(&env.path("out/graph.json"));
    let f = check_py(&["networkx", "out/graph.json", "g.graphml"], env.dir.path());
    let edges = |v: &Value| -> BTreeSet<(String, String, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into(), e[2].as_str().unwrap().into()))
            .collect()
    };
    for side in ["json", "graphml"] {
        let s = &f[side];
        assert_eq!(s["nodes"], want.labels.len(), "{side}");
        assert_eq!(s["edges"], want.edges.len(), "{side}");
        assert_eq!(s["directed"], true, "{side}");
        // The JSON says multigraph; NetworkX's GraphML reader makes one only when edges repeat a pair.
        let pairs: BTreeSet<(&String, &String)> = want.edges.iter().map(|(a, b, _)| (a, b)).collect();
        let parallel = pairs.len() < want.edges.len();
        assert_eq!(s["multigraph"], side == "json" || parallel, "{side}");
        let got = Summary { labels: as_labels(&s["labels"]), edges: edges(&s["relations"]) };
        assert_eq!(got, want, "{side}");
        assert_eq!(s["kinds"], f["json"]["kinds"], "{side}");
    }
    let g = &f["graphml"];
    // Typed attributes arrive typed; aliases are JSON; every parallel edge kept its own key.
    let types: Vec<&str> = g["node_types"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(types.contains(&"int:mentions") && types.contains(&"str:aliases"), "{types:?}");
    let types: Vec<&str> = g["edge_types"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    for t in ["float:weight", "float:confidence", "bool:symmetric", "str:evidence"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
    assert_eq!(g["edge_keys"], want.edges.len());
    let json: Value = serde_json::from_slice(&std::fs::read(env.path("out/graph.json")).unwrap()).unwrap();
    for n in json["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        assert_eq!(g["aliases"][id], n["aliases"], "{id}");
        assert_eq!(g["mentions"][id], n["mentions"], "{id}");
    }
    let ig = &f["igraph"];
    assert_eq!(ig["nodes"], want.labels.len());
    assert_eq!(ig["edges"], want.edges.len());
    assert_eq!(as_labels(&ig["labels"]), want.labels);
}

#[test]
fn interop_pyoxigraph_loads_rdf_and_finds_the_path() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    let (from, to, _) = kg_path(&env, "AGI", "GPU");
    let base = "https://kg.example.net/graph/";
    export(&env, "out/graph.json", "ntriples", "g.nt", &["--base-iri", base]);
    export(&env, "out/graph.json", "turtle", "g.ttl", &["--base-iri", base]);
    let f = check_py(&["rdf", "g.nt", "g.ttl", base, &from, &to], env.dir.path());
    let want = summary_of_json(&env.path("out/graph.json"));
    assert_eq!(f["same_triples"], true, "{f}");
    assert_eq!(f["triples_nt"], f["triples_ttl"]);
    let labels: BTreeMap<String, String> = as_labels(&f["labels"])
        .into_iter()
        .map(|(iri, l)| (iri[base.len() + "concept/".len()..].to_owned(), l))
        .collect();
    assert_eq!(labels, want.labels);
    assert_eq!(f["statements_with_evidence"], want.edges.len());
    assert_eq!(f["connected"], true, "SPARQL finds {from} ~ {to}: {f}");
    assert_eq!(f["control"], false, "the control query must fail: {f}");
}

#[test]
fn interop_kuzu_loads_csv_and_cypher_and_agrees_on_the_path() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    let (from, to, hops) = kg_path(&env, "AGI", "GPU");
    export(&env, "out/graph.json", "kuzu-csv", "kuzu", &[]);
    export(&env, "out/graph.json", "cypher", "kuzu.cypher", &["--dialect", "kuzu"]);
    let f = check_py(&["kuzu", "kuzu", "kuzu.cypher", &from, &to], env.dir.path());
    let want = summary_of_json(&env.path("out/graph.json"));
    for side in ["csv", "cypher", "cypher_again"] {
        let s = &f[side];
        assert_eq!(s["nodes"], want.labels.len(), "{side}: {s}");
        assert_eq!(s["edges"], want.edges.len(), "{side}");
        assert_eq!(as_labels(&s["labels"]), want.labels, "{side}");
        assert_eq!(s["path_length"], hops, "{side}: Kuzu's SHORTEST equals kg path");
    }
}

#[test]
fn interop_graphviz_renders_the_dot() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    export(&env, "out/graph.json", "dot", "g.dot", &["--max-nodes", "0"]);
    let svg = run("dot", &["-Tsvg", "g.dot"], env.dir.path());
    // Every concept is drawn: its id (Graphviz writes `-` as `&#45;`) titles a node group.
    for id in summary_of_json(&env.path("out/graph.json")).labels.keys() {
        assert!(svg.contains(&format!("<title>{}</title>", id.replace('-', "&#45;"))), "{id} not drawn");
    }
}

#[test]
fn interop_mermaid_cli_renders_the_diagram() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    let mmdc = node_tool(".bin/mmdc");
    let config = interop_dir().join("puppeteer.json");
    nasty(&env);
    for (graph, out, extra) in [
        ("out/graph.json", "top", &[][..]),
        ("out/graph.json", "focus", &["--focus", "CTO", "--depth", "1"][..]),
        ("g.json", "nasty", &[][..]),
    ] {
        let mmd = format!("{out}.mmd");
        export(&env, graph, "mermaid", &mmd, extra);
        let svg = format!("{out}.svg");
        run(mmdc.to_str().unwrap(), &["-p", config.to_str().unwrap(), "-i", &mmd, "-o", &svg, "-q"], env.dir.path());
        let text = std::fs::read_to_string(env.path(&svg)).unwrap();
        let drawn = text.matches("class=\"node ").count();
        let want = std::fs::read_to_string(env.path(&mmd)).unwrap().lines().filter(|l| l.contains("[\"")).count();
        assert_eq!(drawn, want, "{out}: every node drawn");
        assert!(!text.contains("Syntax error"), "{out}");
    }
}

#[test]
fn interop_chromium_opens_the_html() {
    if !enabled() {
        return;
    }
    let env = Env::new();
    corpus(&env);
    let (_, _, hops) = kg_path(&env, "AGI", "GPU");
    export(&env, "out/graph.json", "html", "g.html", &[]);
    node_tool("playwright-core");
    // Screenshots stay in target/interop so a person can look at them after a run.
    let shots = repo().join("target/interop");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("html.png");
    let script = interop_dir().join("browser.mjs");
    let page = env.path("g.html");
    let out = run(
        "node",
        &[script.to_str().unwrap(), page.to_str().unwrap(), shot.to_str().unwrap(), "AGI", "GPU"],
        &interop_dir(),
    );
    let f: Value = serde_json::from_str(&out).unwrap();
    let want = summary_of_json(&env.path("out/graph.json"));
    assert_eq!(f["requests_blocked"], serde_json::json!([]), "offline: {f}");
    assert_eq!(f["page_errors"], serde_json::json!([]), "{f}");
    assert_eq!(f["console_errors"], serde_json::json!([]), "{f}");
    assert_eq!(f["external_scripts"], 0);
    assert_eq!(f["drawn_nodes"], want.labels.len());
    assert_eq!(f["drawn_edges"], want.edges.len());
    assert_eq!(f["nodes_in_window"], want.labels.len(), "the layout fits the window");
    // The mouse click selected the concept and the panel shows its kind and evidence.
    let clicked = &f["clicked"];
    assert_eq!(f["selected"], serde_json::json!([clicked["id"]]), "{f}");
    assert_eq!(f["details_title"], clicked["label"]);
    assert_eq!(f["details_kind"], clicked["kind"]);
    assert!(f["details_relations"].as_u64().unwrap() > 0);
    assert!(f["details_evidence"].as_u64().unwrap() > 0);
    assert_eq!(f["search_matches"], 1, "{f}");
    let filter = &f["filter"];
    assert_eq!(
        filter["edges_after_uncheck"].as_u64().unwrap() + filter["relation_edges"].as_u64().unwrap(),
        want.edges.len() as u64
    );
    assert_eq!(filter["edges_after_check"], want.edges.len());
    assert!(filter["nodes_after_kind_uncheck"].as_u64().unwrap() < want.labels.len() as u64);
    assert_eq!(filter["nodes_after_kind_check"], want.labels.len());
    assert_eq!(f["path_steps"], hops, "the page's path finder agrees with kg path");
    assert_eq!(f["path_highlighted"], 2 * hops + 1);
    assert!(shot.exists());
}
