//! The linguistic data kg ships, embedded in the binary: the tagger model, lemma exceptions, and
//! WordNet noun and verb classes.
//!
//! This file owns loading (once, lazily) and lookups. The data files live in
//! `graph-data/linguistic/` with their licenses in `SOURCE.md`; `tools/derive_data.py` and
//! `examples/train_tagger.rs` regenerate them. What the classes mean for kinds and relations is
//! the ontology's business, not this file's.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use crate::text::tagger::Model;

static TAGGER_BYTES: &[u8] = include_bytes!("../../graph-data/linguistic/tagger.bin");
static LEMMAS_TSV: &str = include_str!("../../graph-data/linguistic/lemmas.tsv");
static WORDNET_TSV: &str = include_str!("../../graph-data/linguistic/wordnet.tsv");
static STOPWORDS_TXT: &str = include_str!("../../graph-data/linguistic/stopwords.txt");
static GENERIC_NOUNS_TXT: &str = include_str!("../../graph-data/linguistic/generic-nouns.txt");
static DOCFREQ_TSV: &str = include_str!("../../graph-data/linguistic/docfreq.tsv");
static CAPITALIZED_TXT: &str = include_str!("../../graph-data/linguistic/capitalized.txt");
static FIRST_NAMES_TXT: &str = include_str!("../../graph-data/linguistic/first-names.txt");

/// The embedded tagger model.
pub fn tagger() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::from_static_bytes(TAGGER_BYTES).expect("the embedded tagger model is valid (a unit test reads it)")
    })
}

/// Part of speech of a lemma table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Noun.
    Noun,
    /// Verb.
    Verb,
    /// Adjective.
    Adjective,
}

impl Pos {
    /// The part of speech a table row's code names (`"n"`, `"v"`, `"a"`).
    fn from_code(code: &str) -> Option<Pos> {
        match code {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" => Some(Pos::Adjective),
            _ => None,
        }
    }
}

/// Irregular and listed inflections: (lower-case form, POS) -> lemma.
pub fn lemma_exceptions() -> &'static FxHashMap<(&'static str, Pos), &'static str> {
    static TABLE: OnceLock<FxHashMap<(&'static str, Pos), &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = FxHashMap::with_capacity_and_hasher(41_000, Default::default());
        for line in LEMMAS_TSV.lines() {
            let [Some(form), Some(pos), Some(lemma)] = tab_fields(line) else {
                continue;
            };
            let pos = match pos {
                "n" => Pos::Noun,
                "v" => Pos::Verb,
                _ => Pos::Adjective,
            };
            map.entry((form, pos)).or_insert(lemma);
        }
        map
    })
}

/// The first `N` tab-separated fields of `line`, as `line.split('\t')` gives them (`None` past the
/// last). Loading the tables splits some 260,000 lines: a plain byte scan beats a searcher there.
fn tab_fields<const N: usize>(line: &str) -> [Option<&str>; N] {
    let mut fields = [None; N];
    let mut rest = Some(line);
    for field in &mut fields {
        let Some(r) = rest else { break };
        match r.bytes().position(|b| b == b'\t') {
            Some(i) => {
                *field = Some(&r[..i]);
                rest = Some(&r[i + 1..]);
            }
            None => {
                *field = Some(r);
                rest = None;
            }
        }
    }
    fields
}

/// A WordNet entry: sense count and lexicographer classes (most frequent sense first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordNetEntry {
    /// Number of senses: a rough inverse of specificity.
    pub senses: u32,
    /// Comma-separated classes without the POS prefix: `"person,group"`.
    pub classes: &'static str,
}

impl WordNetEntry {
    /// The class of the most frequent sense (`"person"`).
    pub fn first_class(&self) -> &'static str {
        self.classes.split(',').next().unwrap_or("")
    }
}

/// Look up a lower-case lemma (one word or several, space-separated) in WordNet.
pub fn wordnet(lemma: &str, pos: Pos) -> Option<WordNetEntry> {
    static TABLE: OnceLock<FxHashMap<(&'static str, Pos), WordNetEntry>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map = FxHashMap::with_capacity_and_hasher(131_000, Default::default());
        for line in WORDNET_TSV.lines() {
            let [Some(lemma), Some(pos), Some(senses), Some(classes)] = tab_fields(line) else {
                continue;
            };
            // Rows of another part of speech are never looked up.
            let Some(pos) = Pos::from_code(pos) else {
                continue;
            };
            let senses = senses.parse().unwrap_or(1);
            map.insert((lemma, pos), WordNetEntry { senses, classes });
        }
        map
    });
    table.get(&(lemma, pos)).copied()
}

/// Whether a lower-case word is a stopword (function words and the vaguest content words).
pub fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS_TXT.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect()).contains(word)
}

/// Whether a lower-case noun lemma is too vague to be a concept on its own ("role", "way").
pub fn is_generic_noun(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| GENERIC_NOUNS_TXT.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect())
        .contains(word)
}

/// Inverse document frequency of a lower-case word in general English (Wikipedia articles):
/// `ln(documents / (1 + documents using it))`; rare and unknown words get the highest value.
pub fn idf(word: &str) -> f64 {
    static TABLE: OnceLock<(f64, FxHashMap<&'static str, u32>)> = OnceLock::new();
    let (docs, map) = TABLE.get_or_init(|| {
        let mut docs = 1.0;
        let mut map = FxHashMap::with_capacity_and_hasher(91_000, Default::default());
        for line in DOCFREQ_TSV.lines() {
            let Some((w, n)) = line.split_once('\t') else { continue };
            if w == "#documents" {
                docs = n.parse().unwrap_or(1.0);
            } else if let Ok(n) = n.parse() {
                map.insert(w, n);
            }
        }
        (docs, map)
    });
    let df = map.get(word).copied().unwrap_or(0) as f64;
    (docs / (1.0 + df)).ln()
}

/// Whether a lower-case word is usually written with a capital ("french", "monday").
pub fn is_usually_capitalized(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| CAPITALIZED_TXT.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect())
        .contains(word)
}

/// Whether a lower-case word is a common given name (1990 US Census lists).
pub fn is_first_name(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| FIRST_NAMES_TXT.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect())
        .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        assert!(tagger().num_features() > 10_000);
        assert_eq!(lemma_exceptions().get(&("mice", Pos::Noun)), Some(&"mouse"));
        assert_eq!(lemma_exceptions().get(&("led", Pos::Verb)), Some(&"lead"));
        let e = wordnet("enzyme", Pos::Noun).unwrap();
        assert_eq!(e.first_class(), "substance");
        assert!(wordnet("artificial intelligence", Pos::Noun).is_some());
        assert!(is_stopword("the") && !is_stopword("enzyme"));
        assert!(is_first_name("henry") && !is_first_name("enzyme"));
        assert!(idf("creditor") > idf("country") && idf("country") > 0.0);
    }

    #[test]
    fn tab_fields_split_like_split() {
        for line in ["", "a", "a\tb", "a\t\tb\t", "\t", "a\tb\tc\td\te", "é\tü"] {
            let mut cols = line.split('\t');
            let expect: [Option<&str>; 4] = std::array::from_fn(|_| cols.next());
            assert_eq!(tab_fields::<4>(line), expect, "{line:?}");
        }
    }
}
