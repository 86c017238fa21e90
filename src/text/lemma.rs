//! Lemmas: the dictionary form of a tagged word ("GPUs" -> "GPU", "oversaw" -> "oversee").
//!
//! This file owns the rules; the exception table and the WordNet lemma list it checks against
//! come from `lexicon`. Nouns keep their case ("GPUs" -> "GPU"); verbs and adjectives are
//! lower-cased.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::text::lexicon::{lemma_exceptions, wordnet, Pos};
use crate::text::tagger::Tag;

/// The lemma of `word` tagged `tag`.
pub fn lemmatize(word: &str, tag: Tag) -> Cow<'_, str> {
    match tag.name() {
        "NNS" | "NNPS" => singular(word),
        "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" | "VB" | "MD" => Cow::Owned(verb_lemma(&word.to_lowercase())),
        "JJR" | "JJS" => {
            let lower = word.to_lowercase();
            match lemma_exceptions().get(&(lower.as_str(), Pos::Adjective)) {
                Some(l) => Cow::Borrowed(l),
                None => Cow::Owned(lower),
            }
        }
        _ => Cow::Borrowed(word),
    }
}

/// Words ending in "s" that are singular.
const NOT_PLURAL: &[&str] = &[
    "analysis",
    "basis",
    "thesis",
    "hypothesis",
    "synthesis",
    "crisis",
    "emphasis",
    "axis",
    "genesis",
    "diagnosis",
    "status",
    "bus",
    "corpus",
    "virus",
    "bonus",
    "census",
    "consensus",
    "campus",
    "focus",
    "nexus",
    "apparatus",
    "stimulus",
    "species",
    "series",
    "news",
    "physics",
    "mathematics",
    "economics",
    "politics",
    "ethics",
    "statistics",
    "logistics",
    "robotics",
    "analytics",
    "genetics",
    "electronics",
    "aesthetics",
    "dynamics",
    "mechanics",
    "semantics",
    "linguistics",
    "graphics",
    "gas",
    "bias",
    "atlas",
    "canvas",
    "alias",
    "chaos",
    "ethos",
    "pathos",
    "cosmos",
    "lens",
    "means",
    "kubernetes",
    "redis",
    "paris",
    "texas",
    "iris",
    "tennis",
    "chassis",
    "biomass",
    "mass",
    "class",
    "process",
    "access",
    "success",
    "progress",
    "business",
    "address",
    "loss",
    "congress",
    "express",
    "witness",
    "wellness",
    "awareness",
    "fitness",
    "stress",
    "glass",
    "grass",
    "gross",
    "thermodynamics",
    "ios",
    "windows",
    "wales",
    "athens",
    "mars",
    "venus",
    "this",
    "its",
    "his",
    "us",
    "always",
];

/// Whether a lower-case word is one of [`NOT_PLURAL`] (a set: every singular asks).
fn is_not_plural(w: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| NOT_PLURAL.iter().copied().collect());
    SET.contains(w)
}

/// The singular of a noun, keeping its case: "GPUs" -> "GPU", "companies" -> "company".
pub fn singular(word: &str) -> Cow<'_, str> {
    // Most words are lower-case ASCII already: no copy for them.
    let lower: Cow<'_, str> = if word.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    };
    // Fields of study are singular: "statistics", "linguistics", "robotics".
    if lower.ends_with("ics") && wordnet(&lower, Pos::Noun).is_some() {
        return Cow::Borrowed(word);
    }
    if let Some(l) = lemma_exceptions().get(&(&*lower, Pos::Noun)) {
        return Cow::Owned(match_case(word, l));
    }
    // "GPUs", "APIs", "LLMs": an acronym with a plural s.
    if word.len() >= 3
        && word.ends_with('s')
        && word[..word.len() - 1].chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return Cow::Borrowed(&word[..word.len() - 1]);
    }
    // The cheap tests first: most words do not end in "s".
    if !lower.ends_with('s') || lower.chars().count() <= 3 || is_not_plural(&lower) {
        return Cow::Borrowed(word);
    }
    // Compounds: singularise the last part ("start-ups" -> "start-up").
    if let Some((head, tail)) = word.rsplit_once(['-', ' ']) {
        let sep = &word[head.len()..head.len() + 1];
        return Cow::Owned(format!("{head}{sep}{}", singular(tail)));
    }
    let stem = if lower.ends_with("ies") && lower.len() > 4 {
        format!("{}y", &word[..word.len() - 3])
    } else if ["sses", "shes", "ches", "xes", "zes", "uses"].iter().any(|s| lower.ends_with(s)) {
        word[..word.len() - 2].to_owned()
    } else if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return Cow::Borrowed(word);
    } else {
        word[..word.len() - 1].to_owned()
    };
    Cow::Owned(stem)
}

/// Give `lemma` the case of `word` where `word` is capitalised or all caps.
fn match_case(word: &str, lemma: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && chars.clone().all(|c| !c.is_lowercase()) && word.chars().count() > 1 => {
            lemma.to_uppercase()
        }
        Some(c) if c.is_uppercase() => {
            let mut l = lemma.chars();
            l.next().map(|f| f.to_uppercase().chain(l).collect()).unwrap_or_default()
        }
        _ => lemma.to_owned(),
    }
}

/// The base form of a lower-case verb: exceptions first, then WordNet-checked suffix rules.
pub fn verb_lemma(word: &str) -> String {
    match word {
        "'s" | "’s" | "is" | "are" | "was" | "were" | "am" | "been" | "being" | "'re" | "'m" => return "be".into(),
        "n't" | "’t" => return "not".into(),
        "'ve" | "has" | "had" | "having" => return "have".into(),
        "'ll" => return "will".into(),
        "'d" => return "would".into(),
        _ => {}
    }
    if let Some(l) = lemma_exceptions().get(&(word, Pos::Verb)) {
        return (*l).to_owned();
    }
    let known = |s: &str| wordnet(s, Pos::Verb).is_some();
    // A base form that merely ends like an inflection: "need", "feed", "proceed", "bless".
    // (Irregular forms that are also lemmas, "found" and "saw", are in the exceptions above.)
    if known(word) {
        return word.to_owned();
    }
    let mut candidates: Vec<String> = Vec::new();
    if let Some(stem) = word.strip_suffix("ies") {
        candidates.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        candidates.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix('s') {
        candidates.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix("ied") {
        candidates.push(format!("{stem}y"));
    }
    for suffix in ["ed", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            candidates.push(stem.to_owned());
            candidates.push(format!("{stem}e"));
            let b = stem.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                candidates.push(stem[..stem.len() - 1].to_owned());
            }
        }
    }
    candidates
        .iter()
        .find(|c| c.len() >= 2 && known(c))
        .cloned()
        .or_else(|| candidates.into_iter().find(|c| c.len() >= 3))
        .unwrap_or_else(|| word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns() {
        for (w, l) in [
            ("GPUs", "GPU"),
            ("APIs", "API"),
            ("companies", "company"),
            ("processes", "process"),
            ("statistics", "statistics"),
            ("Linguistics", "Linguistics"),
            ("topics", "topic"),
            ("analyses", "analysis"),
            ("mice", "mouse"),
            ("researchers", "researcher"),
            ("partnerships", "partnership"),
            ("ethics", "ethics"),
            ("enzymes", "enzyme"),
            ("Data", "Data"),
            ("start-ups", "start-up"),
            ("viruses", "virus"),
            ("Churches", "Church"),
        ] {
            assert_eq!(singular(w), l, "{w}");
        }
    }

    #[test]
    fn verbs() {
        for (w, l) in [
            ("oversaw", "oversee"),
            ("develops", "develop"),
            ("used", "use"),
            ("planned", "plan"),
            ("relies", "rely"),
            ("led", "lead"),
            ("powers", "power"),
            ("catalyzes", "catalyze"),
            ("is", "be"),
            ("running", "run"),
            ("making", "make"),
            ("need", "need"),
            ("needs", "need"),
            ("needed", "need"),
            ("feed", "feed"),
            ("proceed", "proceed"),
            ("exceeds", "exceed"),
        ] {
            assert_eq!(verb_lemma(w), l, "{w}");
        }
    }
}
