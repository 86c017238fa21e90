//! Data-driven extraction cases (`tests/data/extract/cases.txt`): text in, expected graph lines
//! out, through the library with the default ontology and no salience cut.

use std::collections::BTreeSet;

use kg::build::build_documents;
use kg::extract::Options;
use kg::ontology::Ontology;
use kg::text::Document;

struct Case {
    name: String,
    text: String,
    expect: Vec<String>,
}

fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/extract/cases.txt");
    let src = std::fs::read_to_string(path).expect("cases file");
    let mut out: Vec<Case> = Vec::new();
    for line in src.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            out.push(Case { name: name.to_owned(), text: String::new(), expect: Vec::new() });
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else if let Some(text) = line.strip_prefix("> ") {
            let case = out.last_mut().expect("text after a case name");
            case.text.push_str(text);
            case.text.push('\n');
        } else {
            out.last_mut().expect("expectation after a case name").expect.push(line.to_owned());
        }
    }
    out
}

#[test]
fn extraction_cases() {
    let ontology = Ontology::default();
    let all = cases();
    assert!(all.len() >= 8, "the cases file has its cases");
    let mut failures = Vec::new();
    for case in &all {
        assert!(!case.expect.is_empty(), "{}: no expectations", case.name);
        let doc = Document::from_text("case", "case.txt", &case.text);
        // Every candidate is kept: these cases test the reader, not salience (the quality floors
        // in quality.rs test selection on whole texts).
        let g = build_documents(&[doc], &ontology, &Options { min_salience: -100.0, ..Options::default() });
        let mut edges = BTreeSet::new();
        for e in g.edges_sorted() {
            let (s, t, edge) = g.edge(e);
            let (s, t) = (&g.node(s).id, &g.node(t).id);
            if g.is_symmetric(&edge.relation) {
                edges.insert(format!("{s} -{}- {t}", edge.relation));
                edges.insert(format!("{t} -{}- {s}", edge.relation));
            } else {
                edges.insert(format!("{s} -{}-> {t}", edge.relation));
            }
        }
        let node = |id: &str| g.node_index(id).map(|i| g.node(i));
        for line in &case.expect {
            let (negated, rest) = match line.strip_prefix("! ") {
                Some(r) => (true, r),
                None => (false, line.as_str()),
            };
            let holds = if let Some(spec) = rest.strip_prefix("= ") {
                let mut parts = spec.split_whitespace();
                let id = parts.next().expect("an id");
                match (node(id), parts.next()) {
                    (Some(n), Some(kind)) => n.kind == kind,
                    (found, None) => found.is_some(),
                    (None, Some(_)) => false,
                }
            } else if let Some(spec) = rest.strip_prefix("@ ") {
                let (id, n) = spec.split_once(' ').expect("an id and a count");
                node(id).is_some_and(|c| c.mentions.to_string() == n)
            } else if let Some(spec) = rest.strip_prefix("% ") {
                // "% id alias => reason": the alias is merged for that reason.
                let (head, reason) = spec.split_once(" => ").expect("an id, an alias and a reason");
                let (id, alias) = head.split_once(' ').expect("an id and an alias");
                node(id).is_some_and(|n| n.aliases.get(alias).is_some_and(|r| r == reason))
            } else if let Some(spec) = rest.strip_prefix("~ ") {
                let (id, alias) = spec.split_once(' ').expect("an id and an alias");
                node(id).is_some_and(|n| n.label == alias || n.aliases.contains_key(alias))
            } else {
                edges.contains(rest)
            };
            if holds == negated {
                failures.push(format!("{}: {line}\n    edges: {edges:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} expectation(s) failed:\n{}", failures.len(), failures.join("\n"));
}
