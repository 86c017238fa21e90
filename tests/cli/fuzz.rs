//! Fuzz regressions: every input kept in `fuzz/regressions/<target>/` runs through the body of
//! its fuzz target (`kg::fuzzing`) on the stable toolchain, so a crash once found stays fixed
//! without nightly or cargo-fuzz in CI.

use crate::fixture::repo;

fn run_all(target: &str, body: fn(&[u8])) {
    let dir = repo().join("fuzz/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&bytes));
        assert!(outcome.is_ok(), "{} fails again", f.display());
    }
}

#[test]
fn text_regressions() {
    run_all("text", kg::fuzzing::text);
}

#[test]
fn ontology_regressions() {
    run_all("ontology", kg::fuzzing::ontology);
}

#[test]
fn graph_regressions() {
    run_all("graph", kg::fuzzing::graph);
}
