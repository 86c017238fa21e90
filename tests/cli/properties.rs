//! Property tests of the pipeline's invariants (issue 6), on the library: extraction never
//! panics on any string, ids are slugs, every edge endpoint exists, symmetric edges run from the
//! smaller id to the larger, evidence spans lie on char boundaries, a written graph loads back
//! to the same bytes, and the graph does not depend on the order documents are merged in.
//!
//! The invariants themselves are `kg::fuzzing::check_invariants`, which the fuzz targets check
//! too. Inputs are small and the seed is fixed, so a run is quick and repeatable.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use kg::build::{build_documents, empty_graph};
use kg::export::json;
use kg::extract::{extract, Options};
use kg::ontology::Ontology;
use kg::text::Document;

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(6), failure_persistence: None, ..Config::default() }
}

fn ontology() -> &'static Ontology {
    static O: std::sync::OnceLock<Ontology> = std::sync::OnceLock::new();
    O.get_or_init(Ontology::default)
}

/// Words that make extraction do something: names, verbs the ontology knows, function words,
/// punctuation, and some non-ASCII.
const WORDS: &[&str] = &[
    "OpenAI",
    "GPT",
    "GPUs",
    "the",
    "a",
    "CTO",
    "of",
    "develops",
    "uses",
    "leads",
    "research",
    "on",
    "safety",
    "and",
    "is",
    "such",
    "as",
    "including",
    "models",
    "team",
    "Café",
    "naïve",
    "日本",
    "🙂",
    "AI",
    "(",
    ")",
    ",",
    ".",
    "'s",
    "which",
    "not",
    "only",
    "Dr.",
    "U.S.",
    "3.5",
    "-",
    "—",
    "\"",
    "reinforcement",
    "learning",
    "from",
    "human",
    "feedback",
    "RLHF",
    "relies",
    "its",
    "It",
    "\n",
    "\n\n",
    "# Heading\n",
    "- item",
    "e.g.",
    "https://example.com/x",
    "data-driven",
];

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..60).prop_map(|w| w.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![prose(), any::<String>(), "[ -~\\n\\t\\u{0}-\\u{1f}\\u{80}-\\u{ffff}]{0,200}"]
}

fn doc(k: usize, text: &str) -> Document {
    Document::from_text(&format!("d{k}"), &format!("d{k}.txt"), text)
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn extraction_never_panics_and_keeps_the_invariants(texts in prop::collection::vec(any_text(), 1..3)) {
        let docs: Vec<Document> = texts.iter().enumerate().map(|(k, t)| doc(k, t)).collect();
        for d in &docs {
            let _ = d.bound_warnings();
        }
        let g = build_documents(&docs, ontology(), &Options::default());
        if let Err(e) = kg::fuzzing::check_invariants(&g, &docs) {
            return Err(TestCaseError::fail(e));
        }
        let once = json::to_string(&g, json::WriteOptions::default());
        let back = json::from_slice(once.as_bytes(), std::path::Path::new("g.json")).unwrap();
        prop_assert_eq!(json::to_string(&back, json::WriteOptions::default()), once);
    }

    #[test]
    fn the_graph_does_not_depend_on_document_order(
        texts in prop::collection::vec(prose(), 2..4),
        rotate in 0usize..3,
    ) {
        let docs: Vec<Document> = texts.iter().enumerate().map(|(k, t)| doc(k, t)).collect();
        let extractions: Vec<_> = docs.iter().map(|d| extract(d, ontology(), &Options::default())).collect();
        let merged = |order: &mut dyn Iterator<Item = usize>| {
            let mut g = empty_graph(ontology());
            for k in order {
                g.add_extraction(&extractions[k]);
            }
            json::to_string(&g.finish(), json::WriteOptions::default())
        };
        let n = docs.len();
        let forward = merged(&mut (0..n));
        let reversed = merged(&mut (0..n).rev());
        let rotated = merged(&mut (0..n).map(|k| (k + rotate) % n));
        prop_assert_eq!(&forward, &reversed);
        prop_assert_eq!(&forward, &rotated);
        let mut shuffled = docs.clone();
        shuffled.reverse();
        let built = json::to_string(&build_documents(&shuffled, ontology(), &Options::default()), json::WriteOptions::default());
        prop_assert_eq!(&forward, &built);
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn reading_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        kg::fuzzing::text(&bytes);
        kg::fuzzing::graph(&bytes);
    }

    #[test]
    fn ids_are_slugs(text in any::<String>()) {
        let s = kg::slug(&text);
        prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{s:?}");
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s:?}");
    }
}
