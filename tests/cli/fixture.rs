//! A fixture that runs the `kg` binary in a temporary folder with a clean environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder to run kg in.
pub(crate) struct Env {
    pub(crate) dir: tempfile::TempDir,
}

/// The result of one run.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Env {
    pub(crate) fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write a file (and its folders) under the fixture folder.
    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// Run kg with `args` in the fixture folder.
    pub(crate) fn kg(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

/// Run kg in `dir`, with KG_* and NO_COLOR cleared.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_command(kg_command(dir, args))
}

/// The command that runs kg in `dir` with `args`, KG_* and NO_COLOR cleared.
pub(crate) fn kg_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kg"));
    cmd.args(args).current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("KG_") || k == "NO_COLOR" {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// Run a command to its end.
pub(crate) fn run_command(mut cmd: Command) -> Run {
    let out: Output = cmd.output().expect("run kg");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The path of the kg binary under test.
pub(crate) fn kg_bin() -> &'static str {
    env!("CARGO_BIN_EXE_kg")
}

/// The repository root (where Cargo.toml is).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A small hand-made graph with known answers, as kg's JSON format.
///
/// openai -develops-> gpt -uses-> gpu, openai -develops-> agi -related_to- gpu, cto -part_of->
/// openai, cto -leads-> research -related_to- safety, rlhf -promotes-> safety, gpt -uses-> rlhf,
/// policy -regulates-> agi, and an island x -related_to- y.
pub(crate) fn small_graph() -> String {
    let nodes = [
        ("agi", "AGI", "Goal", vec!["artificial general intelligence"]),
        ("cto", "CTO", "Role", vec!["chief technology officer"]),
        ("gpt", "GPT", "Technology", vec![]),
        ("gpu", "GPU", "Resource", vec!["graphics processing unit"]),
        ("openai", "OpenAI", "Organization", vec![]),
        ("policy", "policy", "Policy", vec![]),
        ("research", "research", "Activity", vec![]),
        ("rlhf", "RLHF", "Technology", vec!["reinforcement learning from human feedback"]),
        ("safety", "safety", "Principle", vec![]),
        ("x", "x", "Concept", vec![]),
        ("y", "y", "Concept", vec![]),
    ];
    let edges = [
        ("agi", "gpu", "related_to", 1),
        ("cto", "openai", "part_of", 2),
        ("cto", "research", "leads", 1),
        ("gpt", "gpu", "uses", 2),
        ("gpt", "rlhf", "uses", 1),
        ("openai", "agi", "develops", 1),
        ("openai", "gpt", "develops", 3),
        ("policy", "agi", "regulates", 1),
        ("research", "safety", "related_to", 1),
        ("rlhf", "safety", "promotes", 1),
        ("x", "y", "related_to", 1),
    ];
    let text = "OpenAI develops GPT.";
    let nodes: Vec<serde_json::Value> = nodes
        .iter()
        .map(|(id, label, kind, aliases)| {
            serde_json::json!({"id": id, "label": label, "kind": kind, "aliases": aliases, "mentions": 2})
        })
        .collect();
    let edges: Vec<serde_json::Value> = edges
        .iter()
        .enumerate()
        .map(|(k, (s, t, r, w))| {
            serde_json::json!({"source": s, "target": t, "relation": r, "weight": w,
                "confidence": if *r == "related_to" { 0.3 } else { 0.8 },
                "evidence": [{"doc": "d", "start": k * 10, "end": k * 10 + 20,
                              "text": format!("{s} {r} {t}. {text}")}]})
        })
        .collect();
    let g = serde_json::json!({
        "format": "kg-graph", "version": 1, "directed": true, "multigraph": true,
        "graph": {"generator": "test", "documents": [{"id": "small", "path": "small.txt",
            "sha256": "0".repeat(64), "bytes": 200}]},
        "nodes": nodes, "edges": edges,
    });
    serde_json::to_string_pretty(&g).expect("json")
}

/// A deterministic random graph of `n` nodes and about `2n` edges, preferential attachment, in
/// kg's JSON format.
pub(crate) fn synthetic_graph(n: usize) -> String {
    let kinds = ["Organization", "Role", "Technology", "Field", "Principle", "Resource", "Activity", "Concept"];
    let relations = ["uses", "develops", "part_of", "related_to", "enables", "is_a"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let nodes: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("c{i:05}"), "label": format!("concept {i}"),
                "kind": kinds[i % kinds.len()], "aliases": [], "mentions": 1})
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut ends: Vec<usize> = vec![0];
    for i in 1..n {
        for _ in 0..2 {
            let t = ends[next(ends.len())];
            let r = relations[next(relations.len())];
            let (a, b) = if r == "related_to" { (t.min(i), t.max(i)) } else { (i, t) };
            if a != b && seen.insert((a, b, r)) {
                ends.push(t);
            }
        }
        ends.push(i);
    }
    let edges: Vec<serde_json::Value> = seen
        .iter()
        .map(|(a, b, r)| {
            serde_json::json!({"source": format!("c{a:05}"), "target": format!("c{b:05}"),
                "relation": r, "weight": 1 + (a + b) % 3, "evidence": []})
        })
        .collect();
    let g = serde_json::json!({
        "format": "kg-graph", "version": 1, "directed": true, "multigraph": true,
        "graph": {"generator": "test", "documents": [{"id": "synthetic", "path": "synthetic.txt",
            "sha256": "0".repeat(64), "bytes": 0}]},
        "nodes": nodes, "edges": edges,
    });
    serde_json::to_string_pretty(&g).expect("json")
}

/// Check a JSON text against docs/graph.schema.json; panics with every violation.
pub(crate) fn assert_valid_graph(json: &str) -> serde_json::Value {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs/graph.schema.json")).expect("schema"))
            .expect("schema is JSON");
    let value: serde_json::Value = serde_json::from_str(json).expect("output is JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
    value
}

/// Node ids of a graph in JSON.
pub(crate) fn node_ids(graph: &serde_json::Value) -> Vec<String> {
    graph["nodes"].as_array().expect("nodes").iter().map(|n| n["id"].as_str().expect("id").to_owned()).collect()
}

/// Whether the interop tests (outside tools) are asked for.
pub(crate) fn interop() -> bool {
    std::env::var_os("KG_INTEROP").is_some_and(|v| v != "0" && !v.is_empty())
}
