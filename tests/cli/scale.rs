//! Issue 7: parallel, incremental and sharded builds give the bytes of one sequential build; the
//! binary sidecar never wins over a JSON file it was not made from.

use std::path::{Path, PathBuf};

use kg::build::{build_documents, build_paths_with, BuildOptions};
use kg::export::json;
use kg::extract::Options;
use kg::ontology::Ontology;
use kg::text::Document;
use proptest::prelude::*;

use crate::fixture::{repo, Env};

/// Sentences whose concepts overlap across documents (acronyms, plurals, case variants, aliases
/// named in one document and used in another), so that merges have work to do.
const SENTENCES: &[&str] = &[
    "OpenAI develops GPT models on large clusters of GPUs.",
    "GPT relies on GPUs from NVIDIA.",
    "NVIDIA manufactures GPUs for data centers.",
    "Artificial intelligence (AI) transforms healthcare and finance.",
    "AI systems need large amounts of data.",
    "The company invests in AI safety research.",
    "Researchers at DeepMind study reinforcement learning.",
    "Reinforcement learning uses rewards to train agents.",
    "Microsoft collaborates with OpenAI on cloud computing.",
    "The European Union regulates artificial intelligence through the AI Act.",
    "Large language models (LLMs) such as GPT generate text.",
    "LLMs require GPUs and transformer architectures.",
    "Transparency and fairness are principles of responsible AI.",
    "Google developed the transformer architecture in 2017.",
];

fn doc_text(picks: &[usize]) -> String {
    let mut t = String::new();
    for (k, &p) in picks.iter().enumerate() {
        t.push_str(SENTENCES[p % SENTENCES.len()]);
        t.push_str(if k % 3 == 2 { "\n\n" } else { " " });
    }
    t
}

fn json_of(g: &kg::graph::KnowledgeGraph) -> String {
    json::to_string(g, json::WriteOptions::default())
}

fn write_docs(dir: &Path, docs: &[Vec<usize>]) -> Vec<PathBuf> {
    docs.iter()
        .enumerate()
        .map(|(i, picks)| {
            let p = dir.join(format!("doc{i:02}.txt"));
            std::fs::write(&p, doc_text(picks)).unwrap();
            p
        })
        .collect()
}

fn build(inputs: &[PathBuf], how: &BuildOptions) -> kg::build::Built {
    build_paths_with(inputs, &Ontology::default(), &Options::default(), how, &mut |_, _| {}).unwrap()
}

fn docs_strategy() -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(prop::collection::vec(0..SENTENCES.len(), 1..7), 2..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The graph does not depend on the order of the inputs nor on the number of threads.
    #[test]
    fn build_is_independent_of_order_and_jobs(docs in docs_strategy(), seed in any::<u64>()) {
        let env = Env::new();
        let paths = write_docs(env.dir.path(), &docs);
        let reference = json_of(&build(&paths, &BuildOptions { jobs: 1, ..BuildOptions::default() }).graph);
        let mut shuffled = paths.clone();
        let mut r = seed | 1;
        for i in (1..shuffled.len()).rev() {
            r ^= r << 13; r ^= r >> 7; r ^= r << 17;
            shuffled.swap(i, (r % (i as u64 + 1)) as usize);
        }
        for jobs in [2, 3, 8] {
            let g = build(&shuffled, &BuildOptions { jobs, ..BuildOptions::default() }).graph;
            prop_assert_eq!(&json_of(&g), &reference);
        }
        // In memory, in any order, gives the same.
        let mut mem: Vec<Document> = paths
            .iter()
            .map(|p| Document::read(p, p.file_stem().unwrap().to_str().unwrap()).unwrap())
            .collect();
        mem.reverse();
        prop_assert_eq!(&json_of(&build_documents(&mem, &Ontology::default(), &Options::default())), &reference);
    }

    /// Partial graphs of any split of the documents, merged in any order, give the one build.
    #[test]
    fn partial_graphs_merge_to_the_single_build(docs in docs_strategy(), cut in 1usize..5, seed in any::<u64>()) {
        let env = Env::new();
        let paths = write_docs(env.dir.path(), &docs);
        let single = json_of(&build(&paths, &BuildOptions::default()).graph);
        let cut = cut.min(paths.len() - 1);
        let mut parts = Vec::new();
        for (k, shard) in [&paths[..cut], &paths[cut..]].into_iter().enumerate() {
            // Each shard in its own folder, the document ids unchanged.
            let g = build(shard, &BuildOptions { partial: true, ..BuildOptions::default() }).graph;
            let p = env.path(&format!("part{k}.json"));
            json::save(&g, &p, json::WriteOptions { partial: true }).unwrap();
            parts.push(p);
        }
        if seed % 2 == 1 {
            parts.reverse();
        }
        let merged = kg::build::merge_paths(&parts, (seed % 3) as usize, false).unwrap();
        prop_assert_eq!(json_of(&merged.graph), single);
    }
}

#[test]
fn issue_7_incremental_build_equals_build_from_scratch() {
    let env = Env::new();
    let dir = env.path("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    let docs: Vec<Vec<usize>> = (0..6).map(|i| (i..i + 5).collect()).collect();
    let paths = write_docs(&dir, &docs);
    let cache = env.path("cache");
    let with_cache = BuildOptions { cache: Some(cache.clone()), ..BuildOptions::default() };
    let first = build(std::slice::from_ref(&dir), &with_cache);
    assert_eq!(first.cached, 0);
    // Change one document, remove one, add one.
    std::fs::write(&paths[1], doc_text(&[9, 10, 11])).unwrap();
    std::fs::remove_file(&paths[2]).unwrap();
    std::fs::write(dir.join("doc99.txt"), doc_text(&[0, 3, 12])).unwrap();
    let again = build(std::slice::from_ref(&dir), &with_cache);
    assert_eq!(again.cached, 4, "the four unchanged documents come from the cache");
    let scratch = build(std::slice::from_ref(&dir), &BuildOptions::default());
    assert_eq!(json_of(&again.graph), json_of(&scratch.graph));
    assert!(!again.graph.documents.contains_key("doc02"), "a removed document leaves the graph");
    assert!(json_of(&again.graph).contains("doc99"));
    // The removed and the changed documents' entries are gone: one entry per document.
    let entries = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(entries, 6);
    // A damaged entry is a miss, not an error.
    for e in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(e.unwrap().path(), b"garbage").unwrap();
    }
    let damaged = build(std::slice::from_ref(&dir), &with_cache);
    assert_eq!(damaged.cached, 0);
    assert_eq!(json_of(&damaged.graph), json_of(&scratch.graph));
}

#[test]
fn issue_7_big_documents_are_split_with_whole_document_offsets() {
    let para = "NVIDIA manufactures GPUs for data centers. OpenAI develops GPT on GPUs from NVIDIA.\n\n";
    let text = para.repeat(kg::build::MAX_PIECE_BYTES / para.len() + 200);
    let doc = Document::from_text("big", "big.txt", &text);
    assert!(kg::build::pieces(&text).len() > 1);
    let (g, _) = kg::build::document_graph(&doc, &Ontology::default(), &Options::default());
    let mut late = 0;
    for e in g.edges_sorted() {
        for ev in &g.edge(e).2.evidence {
            assert_eq!(&text[ev.start..ev.end], ev.text);
            late += usize::from(ev.start > kg::build::PIECE_BYTES);
        }
    }
    let g = g.finish();
    assert_eq!(g.documents["big"].bytes, text.len() as u64);
    let _ = late;
}

#[test]
fn issue_7_sidecar_is_used_only_for_its_own_json() {
    let env = Env::new();
    let text = std::fs::read_to_string(repo().join("graph-data/corpus/cto-openai.txt")).unwrap();
    let g =
        build_documents(&[Document::from_text("seed", "seed.txt", &text)], &Ontology::default(), &Options::default());
    let path = env.path("g.json");
    json::save(&g, &path, json::WriteOptions::default()).unwrap();
    let sidecar = env.path("g.kgb");
    assert!(sidecar.exists());
    let original = std::fs::read_to_string(&path).unwrap();
    assert_eq!(json_of(&json::load(&path).unwrap()), original);
    // An edited JSON wins over the sidecar made from the old one.
    let edited = original.replacen("\"mentions\": ", "\"mentions\": 1", 1);
    std::fs::write(&path, &edited).unwrap();
    let loaded = json_of(&json::load(&path).unwrap());
    assert_ne!(loaded, original);
    assert_eq!(loaded, json_of(&json::from_slice(edited.as_bytes(), &path).unwrap()));
    // A damaged sidecar is ignored.
    std::fs::write(&path, &original).unwrap();
    let mut bytes = std::fs::read(&sidecar).unwrap();
    let n = bytes.len();
    bytes.truncate(n / 2);
    std::fs::write(&sidecar, &bytes).unwrap();
    assert_eq!(json_of(&json::load(&path).unwrap()), original);
    // No sidecar: the JSON.
    std::fs::remove_file(&sidecar).unwrap();
    assert_eq!(json_of(&json::load(&path).unwrap()), original);
}

#[test]
fn issue_7_cli_partial_builds_merge_to_the_single_build() {
    let env = Env::new();
    let docs: Vec<Vec<usize>> = (0..6).map(|i| (i * 2..i * 2 + 4).collect()).collect();
    std::fs::create_dir_all(env.path("c")).unwrap();
    write_docs(&env.path("c"), &docs);
    let r = env.kg(&["build", "-q", "--no-cache", "c", "--out", "single"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shards = [["c/doc00.txt", "c/doc01.txt"], ["c/doc02.txt", "c/doc03.txt"], ["c/doc04.txt", "c/doc05.txt"]];
    for (k, shard) in shards.iter().enumerate() {
        let out = format!("parts/p{k}.json");
        let r = env.kg(&["build", "-q", "--partial", "-j", "1", "-o", &out, shard[0], shard[1]]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // A tree: two parts merged into a partial, then merged with the third.
    let r = env.kg(&["merge", "-q", "--partial", "parts/p2.json", "parts/p0.json", "-o", "parts/p02.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.kg(&["merge", "parts/p1.json", "parts/p02.json", "-o", "merged.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("merged 2 graph(s) of 6 document(s)"), "{}", r.stderr);
    let single = std::fs::read_to_string(env.path("single/graph.json")).unwrap();
    assert_eq!(std::fs::read_to_string(env.path("merged.json")).unwrap(), single);
    // A document in two parts is an error.
    let r = env.kg(&["merge", "parts/p0.json", "parts/p02.json", "-o", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("document 'doc00' is also in"), "{}", r.stderr);
    // --partial needs -o.
    let r = env.kg(&["build", "--partial", "c"]);
    assert_eq!(r.code, 2);
}

/// Processes killed when the test ends, however it ends.
struct Killer(Vec<std::process::Child>);

impl Drop for Killer {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The corpus the Dask test builds: `../shared/data/corpus-wikipedia-tech` when it is there (as
/// on the project's machines and CI), else the same kind of text from this repository (the
/// development set and the seed article: eleven documents), copied into `dir`.
fn dask_corpus(dir: &Path) -> PathBuf {
    let shared = repo().join("../shared/data/corpus-wikipedia-tech");
    if shared.join("sample").is_dir() {
        return shared.canonicalize().unwrap();
    }
    let out = dir.join("corpus");
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(repo().join("tests/data/eval")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, out.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(repo().join("graph-data/corpus/cto-openai.txt"), out.join("cto-openai.txt")).unwrap();
    out
}

/// Issue 7: a real Dask scheduler and two workers on 127.0.0.1 build the corpus in at least 8
/// shards with `examples/dask_build.py`; the merged graph is the single-machine build's bytes.
#[test]
fn issue_7_dask_cluster_build_equals_single_machine_build() {
    if std::env::var("KG_INTEROP").map_or(true, |v| v != "1") {
        return;
    }
    let env = Env::new();
    let corpus = dask_corpus(env.dir.path());
    let corpus_arg = corpus.to_str().unwrap();
    let files = walk_count(&corpus);
    assert!(files >= 8, "{} has {files} documents; the test needs 8 shards", corpus.display());
    let kg = env!("CARGO_BIN_EXE_kg");
    let r = env.kg(&["build", "-q", "--no-cache", corpus_arg, "-o", "single.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("tcp://127.0.0.1:{port}");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let spawn = |args: &[&str]| {
        std::process::Command::new(&python)
            .args(args)
            .current_dir(env.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("KG_INTEROP=1 but {python} cannot run ({e}); .ci/run installs dask"))
    };
    let port_s = port.to_string();
    let mut procs = Killer(Vec::new());
    procs.0.push(spawn(&[
        "-m",
        "distributed.cli.dask_scheduler",
        "--host",
        "127.0.0.1",
        "--port",
        &port_s,
        "--no-dashboard",
    ]));
    for _ in 0..2 {
        procs.0.push(spawn(&[
            "-m",
            "distributed.cli.dask_worker",
            &address,
            "--host",
            "127.0.0.1",
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
        ]));
    }
    let script = repo().join("examples/dask_build.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .args([corpus_arg, "-o", "dask.json", "--scheduler", &address, "--wait-workers", "2"])
        .args(["--shards", "8", "--fan-in", "3", "--kg", kg])
        .current_dir(env.dir.path())
        .output()
        .expect("run python");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dask_build.py failed: {stderr}");
    assert!(stderr.contains("in 8 shards on 2 workers"), "{stderr}");
    drop(procs);
    let single = std::fs::read(env.path("single.json")).unwrap();
    let dask = std::fs::read(env.path("dask.json")).unwrap();
    assert!(single == dask, "the Dask build differs from the single-machine build");
}

fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            n += walk_count(&p);
        } else if kg::text::is_input_file(&p) {
            n += 1;
        }
    }
    n
}
