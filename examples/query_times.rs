//! Time kg on a saved graph the way `../shared/bench/peer_queries.py` times NetworkX: load,
//! shortest path, 2-hop neighbours, DOT and JSON export, and the peak memory; for
//! `bench/compare.sh`.
//!
//! ```text
//! cargo run --release --example query_times -- GRAPH.json --source ID --target ID [--repeat R]
//!     [--load json|sidecar] [--save OUT.json] [--no-dot]
//! ```
//!
//! `--load json` parses the JSON even when a `graph.kgb` sidecar is there; `--load sidecar` (the
//! default) is what `kg` itself does. `--save` writes the graph with its sidecar and exits.
//! Prints one JSON object of timings in seconds (the minimum over the repeats).
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use kg::export::{dot, json};
use kg::ontology::Ontology;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut graph: Option<PathBuf> = None;
    let (mut source, mut target, mut repeat) = (String::new(), String::new(), 5usize);
    let (mut load_json, mut save, mut no_dot) = (false, None::<PathBuf>, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--source" => source = args.next().expect("id"),
            "--target" => target = args.next().expect("id"),
            "--repeat" => repeat = args.next().expect("n").parse()?,
            "--load" => load_json = args.next().expect("json|sidecar") == "json",
            "--save" => save = Some(args.next().expect("file").into()),
            "--no-dot" => no_dot = true,
            other => graph = Some(other.into()),
        }
    }
    let path = graph.expect("a graph file");
    let t0 = Instant::now();
    let g = if load_json { json::from_slice(&std::fs::read(&path)?, &path)? } else { json::load(&path)? };
    let load_s = t0.elapsed().as_secs_f64();
    if let Some(out) = save {
        json::save(&g, &out, json::WriteOptions::default())?;
        return Ok(());
    }
    let time = |f: &mut dyn FnMut()| {
        (0..repeat.max(1))
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let (s, t) = (g.node_index(&source).expect("source id"), g.node_index(&target).expect("target id"));
    let undirected = kg::query::PathOptions::default();
    let mut path_len = None;
    let path_s = time(&mut || path_len = kg::query::shortest_path(&g, s, t, &undirected).map(|p| p.hops.len()));
    let mut hood = 0;
    let hops2_s = time(&mut || hood = kg::query::neighbors(&g, s, 2, &Default::default()).len());
    let dot_s = if no_dot {
        None
    } else {
        let style = dot::Style::from_ontology(&Ontology::default());
        let t = Instant::now();
        let mut file = std::fs::File::create(std::env::temp_dir().join("kg-query-times.dot"))?;
        dot::write_to(&g, &style, &dot::DotOptions::default(), &mut file)?;
        Some(t.elapsed().as_secs_f64())
    };
    let t1 = Instant::now();
    let out = std::env::temp_dir().join("kg-query-times.json");
    json::save(&g, &out, json::WriteOptions::default())?;
    let json_s = t1.elapsed().as_secs_f64();
    let peak_mb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_owned()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0);
    println!(
        "{{\"load_s\": {load_s:.6}, \"nodes\": {}, \"edges\": {}, \"path_min_s\": {path_s:.9}, \"path_len\": {}, \
         \"hops2_min_s\": {hops2_s:.9}, \"hops2_nodes\": {hood}, \"dot_export_s\": {}, \"json_export_s\": {json_s:.6}, \
         \"peak_rss_mb\": {peak_mb:.1}}}",
        g.node_count(),
        g.edge_count(),
        path_len.map_or("null".into(), |n| n.to_string()),
        dot_s.map_or("null".into(), |d| format!("{d:.6}")),
    );
    Ok(())
}
