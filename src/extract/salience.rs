//! Salience: how likely a careful reader puts a candidate concept on a map of the text.
//!
//! This file owns the features of a candidate (frequency, position, syntactic role, being named,
//! specificity, form) and the linear model over them. The weights were fitted by logistic
//! regression on the development set (`tests/data/eval/`, leave-one-text-out), see
//! `tools/fit_salience.py`; the score is the model's log-odds, so 0 means "as likely in as out".

use crate::text::lexicon::{idf, is_generic_noun, wordnet, Pos};

/// What salience looks at, for one candidate concept of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Signals {
    pub(crate) label: String,
    pub(crate) head: String,
    pub(crate) mentions: u32,
    pub(crate) first_sentence: usize,
    pub(crate) sentences: usize,
    pub(crate) proper: bool,
    pub(crate) acronym: bool,
    pub(crate) lexicon: bool,
    pub(crate) arguments: u32,
    pub(crate) listed: bool,
    pub(crate) typed: u32,
    pub(crate) coreferent: bool,
    pub(crate) heading: bool,
    pub(crate) place: bool,
    pub(crate) kind_strength: u8,
    pub(crate) default_kind: bool,
    pub(crate) generic: bool,
}

/// Names of the features, in the order of [`features`].
pub(crate) const FEATURES: [&str; 24] = [
    "log_mentions",
    "single_mention",
    "lexicon",
    "proper",
    "acronym",
    "arguments",
    "typed",
    "early",
    "heading",
    "one_word",
    "three_words",
    "long",
    "generic",
    "generic_head",
    "head_senses",
    "known_phrase",
    "kind_strength",
    "default_kind",
    "coreferent",
    "digits",
    "head_idf",
    "tf_idf",
    "listed",
    "place",
];

/// The feature vector of a candidate.
pub(crate) fn features(s: &Signals) -> Vec<f64> {
    // Content words: a name's "of the" makes it no longer ("Wars of the Roses").
    let words = s
        .label
        .split_whitespace()
        .filter(|w| !matches!(*w, "of" | "the" | "on" | "for" | "and" | "in" | "de" | "von"))
        .count();
    let head_idf = idf(&s.head);
    let head_senses = wordnet(&s.head, Pos::Noun).map_or(0, |e| e.senses);
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    vec![
        (1.0 + s.mentions as f64).ln(),
        b(s.mentions <= 1),
        b(s.lexicon),
        b(s.proper),
        b(s.acronym),
        s.arguments.min(4) as f64 / 4.0,
        b(s.typed > 0),
        b(s.first_sentence * 6 < s.sentences.max(1)),
        b(s.heading),
        b(words == 1),
        b(words == 3),
        b(words >= 4),
        b(s.generic),
        b(words > 1 && is_generic_noun(&s.head)),
        (1.0 + head_senses as f64).ln(),
        // Lower-cased only when asked: most labels are one word.
        b(words > 1 && wordnet(&s.label.to_lowercase(), Pos::Noun).is_some()),
        s.kind_strength as f64 / 6.0,
        b(s.default_kind),
        b(s.coreferent),
        b(s.label.chars().any(|c| c.is_ascii_digit())),
        head_idf / 8.0,
        (1.0 + s.mentions as f64).ln() * head_idf / 8.0,
        b(s.listed),
        b(s.place),
    ]
}

/// Weights of [`FEATURES`], then the bias.
const WEIGHTS: [f64; FEATURES.len() + 1] = [
    0.128, -0.805, 1.558, 0.740, 1.394, 0.838, 0.263, 0.199, -0.368, -1.104, 0.194, -0.773, -1.910, -0.440, -0.100,
    0.606, 1.429, 0.045, 0.001, -1.506, 0.561, 1.844, 0.33, -1.2, -0.107,
];

/// The salience score (log-odds of being on the map).
pub(crate) fn score(f: &[f64]) -> f64 {
    assert_eq!(f.len() + 1, WEIGHTS.len(), "one weight per feature, and a bias");
    f.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum::<f64>() + WEIGHTS[WEIGHTS.len() - 1]
}
