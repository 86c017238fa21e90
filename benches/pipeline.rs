//! Criterion benchmarks of kg's stages: read, extract, build, query and export.
//!
//! ```text
//! cargo bench --bench pipeline                      # all stages
//! cargo bench --bench pipeline -- --save-baseline main, then --baseline main to compare
//! ```
//!
//! Inputs are `graph-data/corpus` (always) and, when the project's shared data sits beside the
//! repository, `../shared/data/corpus-wikipedia-en/bench-1mb.txt.gz` (the 1 MB build). Query and
//! export stages run on the seed graph and on a seeded synthetic graph of 10k nodes and 100k
//! edges built in process. `bench/compare.sh` measures whole runs against the peer pipeline.

use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kg::build::{build_documents, document_graph};
use kg::export::{dot, json};
use kg::extract::{extract, Options};
use kg::graph::{Edge, KnowledgeGraph, Node};
use kg::ontology::Ontology;
use kg::text::{analyze, Document};

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data/corpus/cto-openai.txt")
}

fn seed() -> Document {
    Document::read(&seed_path(), "cto-openai").expect("the seed corpus")
}

/// The 1 MB Wikipedia benchmark text, when `../shared/data` is there.
fn bench_1mb() -> Option<Document> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpus-wikipedia-en/bench-1mb.txt.gz");
    let f = std::fs::File::open(p).ok()?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(f).read_to_string(&mut text).ok()?;
    Some(Document::from_text("bench-1mb", "bench-1mb.txt", &text))
}

fn read(c: &mut Criterion) {
    let mut g = c.benchmark_group("read");
    let bytes = std::fs::metadata(seed_path()).expect("seed").len();
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("document", |b| b.iter(|| Document::read(&seed_path(), "seed").expect("read")));
    let doc = seed();
    g.bench_function("analyze", |b| b.iter(|| analyze(black_box(&doc.text))));
    g.finish();
}

fn extract_stage(c: &mut Criterion) {
    let ontology = Ontology::default();
    let doc = seed();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(doc.text.len() as u64));
    g.bench_function("seed", |b| b.iter(|| extract(black_box(&doc), &ontology, &Options::default())));
    g.finish();
}

fn build(c: &mut Criterion) {
    let ontology = Ontology::default();
    let doc = seed();
    let mut g = c.benchmark_group("build");
    let docs: Vec<Document> =
        (0..8).map(|i| Document::from_text(&format!("d{i}"), &format!("d{i}.txt"), &doc.text)).collect();
    g.throughput(Throughput::Bytes(docs.iter().map(|d| d.text.len() as u64).sum()));
    g.bench_function("seed-x8", |b| b.iter(|| build_documents(black_box(&docs), &ontology, &Options::default())));
    if let Some(big) = bench_1mb() {
        g.sample_size(10);
        g.throughput(Throughput::Bytes(big.text.len() as u64));
        g.bench_function("bench-1mb", |b| b.iter(|| document_graph(black_box(&big), &ontology, &Options::default())));
    }
    g.finish();
}

/// A seeded synthetic graph: preferential attachment, `n` nodes and `m` edges.
fn synthetic(n: usize, m: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new(["related_to".to_owned()]);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |k: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % k as u64) as usize
    };
    let ids: Vec<_> = (0..n)
        .map(|i| {
            g.add_node(Node {
                id: format!("n{i:06}"),
                label: format!("Concept {i}"),
                kind: "Concept".into(),
                mentions: 1,
                ..Node::default()
            })
        })
        .collect();
    let relations = ["uses", "develops", "related_to", "part_of"];
    let mut ends: Vec<usize> = vec![0];
    for e in 0..m {
        let s = next(n);
        let t = if e % 2 == 0 { ends[next(ends.len())] } else { next(n) };
        ends.push(s);
        if s != t {
            let edge = Edge {
                relation: relations[e % relations.len()].into(),
                weight: 1.0,
                evidence: vec![kg::extract::Evidence {
                    doc: "d".into(),
                    start: e,
                    end: e + 40,
                    text: "A sentence of evidence for this edge.".into(),
                }],
                reliability: 0.5,
            };
            g.add_edge(ids[s], ids[t], edge);
        }
    }
    g.finish()
}

fn query(c: &mut Criterion) {
    let ontology = Ontology::default();
    let seed_graph = build_documents(&[seed()], &ontology, &Options::default());
    let big = synthetic(10_000, 100_000);
    let mut g = c.benchmark_group("query");
    for (name, graph) in [("seed", &seed_graph), ("10k-100k", &big)] {
        let nodes: Vec<_> = graph.nodes_sorted().collect();
        let (a, z) = (nodes[0], nodes[nodes.len() / 2]);
        g.bench_with_input(BenchmarkId::new("shortest-path", name), graph, |b, graph| {
            b.iter(|| kg::query::shortest_path(graph, a, z, &Default::default()))
        });
        g.bench_with_input(BenchmarkId::new("neighbors-2", name), graph, |b, graph| {
            b.iter(|| kg::query::neighbors(graph, a, 2, &Default::default()))
        });
    }
    let text = json::to_string(&big, json::WriteOptions::default());
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("load-json/10k-100k", |b| b.iter(|| json::from_slice(text.as_bytes(), Path::new("g.json"))));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("g.json");
    json::save(&big, &path, json::WriteOptions::default()).expect("save");
    g.bench_function("load-sidecar/10k-100k", |b| b.iter(|| json::load(&path).expect("load")));
    g.finish();
}

fn export(c: &mut Criterion) {
    let big = synthetic(10_000, 100_000);
    let ontology = Ontology::default();
    let style = dot::Style::from_ontology(&ontology);
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    g.bench_function("json/10k-100k", |b| b.iter(|| json::to_string(&big, json::WriteOptions::default())));
    g.bench_function("dot/10k-100k", |b| b.iter(|| dot::write(&big, &style, &dot::DotOptions::default())));
    g.finish();
}

criterion_group!(benches, read, extract_stage, build, query, export);
criterion_main!(benches);
