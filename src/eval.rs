//! Scoring a graph against a gold concept map: a faithful port of `tests/data/eval/score.py`
//! (the project's scorer, `../shared/eval/score.py`).
//!
//! This file owns the metrics: form normalisation, strict and lenient concept matching, kind
//! accuracy, untyped and typed edge precision/recall/F1, and the related_to share. It reads both
//! files as plain JSON, as the Python scorer does, so any graph in the format can be scored. A
//! test checks that it gives the same numbers as `score.py` on the same files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

const SYMMETRIC: &[&str] = &["collaborates_with", "related_to"];
const ARTICLES: &[&str] = &["a", "an", "the"];
const STOPWORDS: &[&str] =
    &["a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "with", "by", "at", "from", "its", "their"];
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
    "always",
    "perhaps",
    "this",
    "its",
    "his",
    "yes",
    "us",
    "ops",
    "devops",
    "mlops",
    "aws",
    "kubernetes",
    "redis",
    "paris",
    "texas",
    "james",
    "iris",
    "tennis",
    "mantis",
    "chassis",
    "cannabis",
    "metropolis",
    "trellis",
    "pelvis",
    "epidermis",
    "dermis",
    "ibis",
];
const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("phenomena", "phenomenon"),
    ("leaves", "leaf"),
    ("lives", "life"),
    ("wolves", "wolf"),
    ("halves", "half"),
    ("selves", "self"),
    ("gpus", "gpu"),
    ("cpus", "cpu"),
    ("tpus", "tpu"),
    ("npus", "npu"),
    ("dpus", "dpu"),
    ("apis", "api"),
    ("ais", "ai"),
    ("asics", "asic"),
    ("biases", "bias"),
    ("aliases", "alias"),
    ("gases", "gas"),
    ("lenses", "lens"),
    ("buses", "bus"),
    ("viruses", "virus"),
    ("statuses", "status"),
    ("campuses", "campus"),
    ("bonuses", "bonus"),
    ("analyses", "analysis"),
    ("hypotheses", "hypothesis"),
    ("crises", "crisis"),
    ("theses", "thesis"),
    ("syntheses", "synthesis"),
    ("diagnoses", "diagnosis"),
    ("bases", "base"),
    ("axes", "axis"),
];

/// Simple English singularisation of one lower-case word (as the scorer does it).
pub fn singularize(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_owned();
    }
    if NOT_PLURAL.contains(&word) || word.chars().count() <= 2 || !word.ends_with('s') {
        return word.to_owned();
    }
    if word.ends_with("ies") && word.chars().count() > 4 {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if ["sses", "shes", "ches", "xes", "zes"].iter().any(|s| word.ends_with(s)) {
        return word[..word.len() - 2].to_owned();
    }
    if ["ss", "us", "sis", "xis"].iter().any(|s| word.ends_with(s)) {
        return word.to_owned();
    }
    if word.ends_with("s'") {
        return word[..word.len() - 1].to_owned();
    }
    word[..word.len() - 1].to_owned()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Normalise a form: NFKC, lower case, possessives and punctuation removed (inner hyphens kept),
/// spaces collapsed, a leading article dropped, the last word singular.
pub fn normalize(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let chars: Vec<char> = nfkc.chars().collect();
    // "M&As" -> "M&A".
    let mut s: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&'
            && i + 2 < chars.len()
            && chars[i + 1].is_uppercase()
            && chars[i + 2] == 's'
            && chars.get(i + 3).is_none_or(|c| !is_word(*c))
        {
            s.push('&');
            s.push(chars[i + 1]);
            i += 3;
            continue;
        }
        s.push(chars[i]);
        i += 1;
    }
    let lower: Vec<char> = s.iter().collect::<String>().to_lowercase().chars().collect();
    // Possessive "'s" at a word end after a word character.
    let mut t: Vec<char> = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        if matches!(c, '\'' | '’')
            && i > 0
            && is_word(lower[i - 1])
            && lower.get(i + 1) == Some(&'s')
            && lower.get(i + 2).is_none_or(|c| !is_word(*c))
            && t.last().is_some_and(|p| is_word(*p))
        {
            i += 2;
            continue;
        }
        t.push(c);
        i += 1;
    }
    // Inner apostrophes: "don't" -> "dont".
    let mut u: Vec<char> = Vec::with_capacity(t.len());
    for (i, &c) in t.iter().enumerate() {
        if matches!(c, '\'' | '’')
            && i > 0
            && is_word(t[i - 1])
            && t.get(i + 1).is_some_and(|n| is_word(*n))
            && u.last().is_some_and(|p| is_word(*p))
        {
            continue;
        }
        u.push(c);
    }
    let v: Vec<char> = u
        .into_iter()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' => '-',
            '\u{2012}'..='\u{2015}' | '\u{2212}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(v.len());
    for (i, &c) in v.iter().enumerate() {
        let inner_hyphen =
            c == '-' && i > 0 && i + 1 < v.len() && v[i - 1].is_alphanumeric() && v[i + 1].is_alphanumeric();
        if c.is_alphanumeric() || c.is_whitespace() || inner_hyphen {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    let mut words: Vec<String> = out.split_whitespace().map(str::to_owned).collect();
    if words.len() > 1 && ARTICLES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    if let Some(last_word) = words.last_mut() {
        let cased = cased_last_word(text);
        let acronym_plural = cased.as_deref().is_some_and(|c| {
            let cs: Vec<char> = c.chars().collect();
            cs.len() >= 3
                && cs[0].is_ascii_uppercase()
                && cs[cs.len() - 1] == 's'
                && cs[1..cs.len() - 1].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
        if acronym_plural && cased.as_deref().map(str::to_lowercase).as_deref() == Some(last_word.as_str()) {
            last_word.pop();
        } else {
            *last_word = singularize(last_word);
        }
    }
    words.join(" ")
}

/// The last alphanumeric word of the text with its original case (NFKC).
fn cased_last_word(text: &str) -> Option<String> {
    let nfkc: String = text.nfkc().collect();
    nfkc.split(|c: char| !c.is_alphanumeric()).rev().find(|w| !w.is_empty()).map(str::to_owned)
}

fn tokens(form: &str) -> BTreeSet<String> {
    form.replace('-', " ").split_whitespace().map(singularize).filter(|t| !STOPWORDS.contains(&t.as_str())).collect()
}

fn lenient_match(gold: &BTreeSet<String>, node: &BTreeSet<String>) -> bool {
    for g in gold {
        let tg = tokens(g);
        for n in node {
            if g == n {
                return true;
            }
            let tn = tokens(n);
            if tg.is_empty() || tn.is_empty() {
                continue;
            }
            if tg.is_subset(&tn) || tn.is_subset(&tg) {
                let shared = tg.intersection(&tn).count() as f64;
                if shared / tg.len().max(tn.len()) as f64 >= 0.5 {
                    return true;
                }
            }
        }
    }
    false
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

fn prf(correct_p: usize, total_p: usize, correct_r: usize, total_r: usize) -> Prf {
    let p = if total_p > 0 { correct_p as f64 / total_p as f64 } else { 0.0 };
    let r = if total_r > 0 { correct_r as f64 / total_r as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Prf { precision: p, recall: r, f1 }
}

/// A kind mismatch on a matched concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindError {
    /// The gold label.
    pub gold: String,
    /// The gold kind.
    pub gold_kind: String,
    /// The node's label.
    pub node: String,
    /// The node's kind.
    pub node_kind: String,
}

/// Concept scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptScores {
    /// Strict precision.
    pub precision: f64,
    /// Strict recall.
    pub recall: f64,
    /// Strict F1.
    pub f1: f64,
    /// Lenient recall.
    pub lenient_recall: f64,
    /// Kind accuracy over matched gold concepts.
    pub kind_accuracy: f64,
    /// Gold concepts.
    pub gold: usize,
    /// Graph nodes.
    pub nodes: usize,
    /// Gold concepts matched.
    pub matched_gold: usize,
    /// Nodes matched.
    pub matched_nodes: usize,
    /// Extra nodes matching an already matched gold concept.
    pub duplicate_nodes: usize,
    /// Gold concepts not matched.
    pub missed: Vec<String>,
    /// Kind mismatches.
    pub kind_errors: Vec<KindError>,
}

/// Edge counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeCounts {
    /// Gold relations.
    pub gold: usize,
    /// Graph edges.
    pub predicted: usize,
    /// Edges whose two ends match different gold concepts.
    pub scorable: usize,
    /// Scorable edges whose pair is linked in gold.
    pub untyped_correct: usize,
    /// Scorable edges whose typed triple is in gold.
    pub typed_correct: usize,
}

/// Everything the scorer reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Concepts.
    pub concepts: ConceptScores,
    /// Edges, any type.
    pub edges_untyped: Prf,
    /// Edges, same type and direction.
    pub edges_typed: Prf,
    /// Edge counts.
    pub edges: EdgeCounts,
    /// Share of edges typed related_to.
    pub related_to_share: f64,
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn forms(label: &str, aliases: Option<&Value>) -> BTreeSet<String> {
    let mut f = BTreeSet::new();
    if !label.is_empty() {
        f.insert(normalize(label));
    }
    if let Some(Value::Array(a)) = aliases {
        for x in a {
            if let Some(s) = x.as_str() {
                f.insert(normalize(s));
            }
        }
    }
    f.remove("");
    f
}

#[derive(PartialEq, Eq, Hash, Clone)]
enum TypedKey {
    Directed(String, usize, usize),
    Symmetric(String, usize, usize),
}

fn typed_key(rel: &str, h: usize, t: usize) -> TypedKey {
    if SYMMETRIC.contains(&rel) {
        TypedKey::Symmetric(rel.to_owned(), h.min(t), h.max(t))
    } else {
        TypedKey::Directed(rel.to_owned(), h, t)
    }
}

/// Score `graph` against `gold` (both as JSON values).
///
/// # Errors
/// [`Error::Invalid`] when a gold relation names an unknown concept.
pub fn score(gold: &Value, graph: &Value) -> Result<Scores> {
    let empty = Vec::new();
    let gconcepts = gold.get("concepts").and_then(Value::as_array).unwrap_or(&empty);
    let grels = gold.get("relations").and_then(Value::as_array).unwrap_or(&empty);
    let nodes = graph.get("nodes").and_then(Value::as_array).unwrap_or(&empty);
    let edges = graph.get("edges").and_then(Value::as_array).unwrap_or(&empty);
    let gforms: Vec<BTreeSet<String>> = gconcepts.iter().map(|c| forms(str_of(c, "label"), c.get("aliases"))).collect();
    let mut glabel_index: HashMap<&str, usize> = HashMap::new();
    for (i, c) in gconcepts.iter().enumerate() {
        glabel_index.insert(str_of(c, "label"), i);
    }
    let node_label = |n: &Value| -> String {
        let l = str_of(n, "label");
        if l.is_empty() {
            str_of(n, "id").to_owned()
        } else {
            l.to_owned()
        }
    };
    let nforms: Vec<BTreeSet<String>> = nodes.iter().map(|n| forms(&node_label(n), n.get("aliases"))).collect();
    let mut node_to_gold: Vec<Vec<usize>> = Vec::with_capacity(nodes.len());
    let mut gold_to_nodes: Vec<Vec<usize>> = vec![Vec::new(); gconcepts.len()];
    for (j, nf) in nforms.iter().enumerate() {
        let hits: Vec<usize> =
            gforms.iter().enumerate().filter(|(_, gf)| !gf.is_disjoint(nf)).map(|(i, _)| i).collect();
        for &i in &hits {
            gold_to_nodes[i].push(j);
        }
        node_to_gold.push(hits);
    }
    let gold_label_norm: Vec<String> = gconcepts.iter().map(|c| normalize(str_of(c, "label"))).collect();
    let pick_gold = |j: usize| -> Option<usize> {
        let hits = &node_to_gold[j];
        if hits.is_empty() {
            return None;
        }
        let nl = normalize(&node_label(&nodes[j]));
        hits.iter()
            .copied()
            .find(|&i| gold_label_norm[i] == nl)
            .or_else(|| hits.iter().copied().find(|&i| gforms[i].contains(&nl)))
            .or(Some(hits[0]))
    };
    let node_gold: Vec<Option<usize>> = (0..nodes.len()).map(pick_gold).collect();
    let mentions = |j: usize| nodes[j].get("mentions").and_then(Value::as_i64).unwrap_or(0);
    let pick_node = |i: usize| -> Option<usize> {
        let cands = &gold_to_nodes[i];
        if cands.is_empty() {
            return None;
        }
        let gl = &gold_label_norm[i];
        if let Some(&j) = cands.iter().find(|&&j| normalize(&node_label(&nodes[j])) == *gl) {
            return Some(j);
        }
        cands.iter().copied().max_by(|&a, &b| (mentions(a), -(a as i64)).cmp(&(mentions(b), -(b as i64))))
    };
    let matched_nodes = node_to_gold.iter().filter(|h| !h.is_empty()).count();
    let matched_gold: Vec<usize> = (0..gconcepts.len()).filter(|&i| !gold_to_nodes[i].is_empty()).collect();
    let concept = prf(matched_nodes, nodes.len(), matched_gold.len(), gconcepts.len());
    let duplicate_nodes: usize = matched_gold.iter().map(|&i| gold_to_nodes[i].len().saturating_sub(1)).sum();
    let lenient_hits = (0..gconcepts.len())
        .filter(|&i| !gold_to_nodes[i].is_empty() || nforms.iter().any(|nf| lenient_match(&gforms[i], nf)))
        .count();
    let lenient_recall = if gconcepts.is_empty() { 0.0 } else { lenient_hits as f64 / gconcepts.len() as f64 };
    let mut kind_ok = 0;
    let mut kind_errors = Vec::new();
    for &i in &matched_gold {
        let j = pick_node(i).expect("matched");
        let nk = str_of(&nodes[j], "kind");
        let gk = str_of(&gconcepts[i], "kind");
        if nk == gk {
            kind_ok += 1;
        } else {
            kind_errors.push(KindError {
                gold: str_of(&gconcepts[i], "label").to_owned(),
                gold_kind: gk.to_owned(),
                node: str_of(&nodes[j], "label").to_owned(),
                node_kind: nk.to_owned(),
            });
        }
    }
    let kind_accuracy = if matched_gold.is_empty() { 0.0 } else { kind_ok as f64 / matched_gold.len() as f64 };
    // Edges.
    let mut id_to_index: HashMap<&str, usize> = HashMap::new();
    for (j, n) in nodes.iter().enumerate() {
        id_to_index.entry(str_of(n, "id")).or_insert(j);
    }
    let mut gold_pairs: HashSet<(usize, usize)> = HashSet::new();
    let mut gold_typed: HashSet<TypedKey> = HashSet::new();
    let mut grel_idx: Vec<(usize, usize, String)> = Vec::new();
    for r in grels {
        let (h, t) = (glabel_index.get(str_of(r, "head")).copied(), glabel_index.get(str_of(r, "tail")).copied());
        let (Some(h), Some(t)) = (h, t) else {
            return Err(Error::Invalid(format!("gold relation refers to an unknown concept: {r}")));
        };
        gold_pairs.insert((h.min(t), h.max(t)));
        let rel = str_of(r, "relation").to_owned();
        gold_typed.insert(typed_key(&rel, h, t));
        grel_idx.push((h, t, rel));
    }
    let mut scorable: Vec<(usize, usize, String)> = Vec::new();
    for e in edges {
        let (Some(&js), Some(&jt)) = (id_to_index.get(str_of(e, "source")), id_to_index.get(str_of(e, "target")))
        else {
            continue;
        };
        let (Some(gs), Some(gt)) = (node_gold[js], node_gold[jt]) else {
            continue;
        };
        if gs == gt {
            continue;
        }
        scorable.push((gs, gt, str_of(e, "relation").to_owned()));
    }
    let pred_pairs: HashSet<(usize, usize)> = scorable.iter().map(|(s, t, _)| (*s.min(t), *s.max(t))).collect();
    let pred_typed: HashSet<TypedKey> = scorable.iter().map(|(s, t, r)| typed_key(r, *s, *t)).collect();
    let untyped_correct_p = scorable.iter().filter(|(s, t, _)| gold_pairs.contains(&(*s.min(t), *s.max(t)))).count();
    let untyped_correct_r = grel_idx.iter().filter(|(h, t, _)| pred_pairs.contains(&(*h.min(t), *h.max(t)))).count();
    let typed_correct_p = scorable.iter().filter(|(s, t, r)| gold_typed.contains(&typed_key(r, *s, *t))).count();
    let typed_correct_r = grel_idx.iter().filter(|(h, t, r)| pred_typed.contains(&typed_key(r, *h, *t))).count();
    let related = edges.iter().filter(|e| str_of(e, "relation") == "related_to").count();
    Ok(Scores {
        concepts: ConceptScores {
            precision: concept.precision,
            recall: concept.recall,
            f1: concept.f1,
            lenient_recall,
            kind_accuracy,
            gold: gconcepts.len(),
            nodes: nodes.len(),
            matched_gold: matched_gold.len(),
            matched_nodes,
            duplicate_nodes,
            missed: (0..gconcepts.len())
                .filter(|&i| gold_to_nodes[i].is_empty())
                .map(|i| str_of(&gconcepts[i], "label").to_owned())
                .collect(),
            kind_errors,
        },
        edges_untyped: prf(untyped_correct_p, scorable.len(), untyped_correct_r, grels.len()),
        edges_typed: prf(typed_correct_p, scorable.len(), typed_correct_r, grels.len()),
        edges: EdgeCounts {
            gold: grels.len(),
            predicted: edges.len(),
            scorable: scorable.len(),
            untyped_correct: untyped_correct_p,
            typed_correct: typed_correct_p,
        },
        related_to_share: if edges.is_empty() { 0.0 } else { related as f64 / edges.len() as f64 },
    })
}

/// The scorer's text report (the same lines as `score.py`).
pub fn report(s: &Scores) -> String {
    let (c, u, t) = (&s.concepts, &s.edges_untyped, &s.edges_typed);
    let mut lines = vec![
        format!(
            "concepts  P {:.3}  R {:.3}  F1 {:.3}  lenient R {:.3}  kind acc {:.3}  (gold {}, nodes {}, matched gold {}, matched nodes {}, duplicate nodes {})",
            c.precision, c.recall, c.f1, c.lenient_recall, c.kind_accuracy, c.gold, c.nodes, c.matched_gold, c.matched_nodes, c.duplicate_nodes
        ),
        format!("edges     untyped P {:.3}  R {:.3}  F1 {:.3}", u.precision, u.recall, u.f1),
        format!(
            "          typed   P {:.3}  R {:.3}  F1 {:.3}  (gold {}, predicted {}, scorable {})",
            t.precision, t.recall, t.f1, s.edges.gold, s.edges.predicted, s.edges.scorable
        ),
        format!("related_to share {:.3}", s.related_to_share),
    ];
    if !c.missed.is_empty() {
        lines.push(format!("missed concepts: {}", c.missed.join("; ")));
    }
    lines.join("\n")
}

/// Read a JSON file for scoring.
///
/// # Errors
/// [`Error::Io`] or [`Error::Gold`] when it is not JSON.
pub fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::Gold { path: path.to_owned(), message: format!("not valid JSON: {e}") })
}

/// Macro averages of several score sets: (concept F1, kind accuracy, untyped F1, typed F1,
/// related_to share).
pub fn macro_average(all: &[Scores]) -> BTreeMap<&'static str, f64> {
    let n = all.len().max(1) as f64;
    let mut m = BTreeMap::new();
    m.insert("concept_f1", all.iter().map(|s| s.concepts.f1).sum::<f64>() / n);
    m.insert("kind_accuracy", all.iter().map(|s| s.concepts.kind_accuracy).sum::<f64>() / n);
    m.insert("untyped_f1", all.iter().map(|s| s.edges_untyped.f1).sum::<f64>() / n);
    m.insert("typed_f1", all.iter().map(|s| s.edges_typed.f1).sum::<f64>() / n);
    m.insert("related_to_share", all.iter().map(|s| s.related_to_share).sum::<f64>() / n);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_the_scorer() {
        for (input, want) in [
            ("GPUs", "gpu"),
            ("The GPT family of models", "gpt family of model"),
            ("OpenAI's CTO", "openai cto"),
            ("M&As", "m a"),
            ("R&D", "r d"),
            ("companies'", "company"),
            ("U.S.", "u s"),
            ("Nvidia’s GeForce", "nvidia geforce"),
            ("large-scale AI training", "large-scale ai training"),
            ("don't panic", "dont panic"),
            ("policies", "policy"),
            ("Analyses", "analysis"),
            ("A", "a"),
            ("the   broad  societal benefits", "broad societal benefit"),
            ("AI—powered", "ai powered"),
        ] {
            assert_eq!(normalize(input), want, "{input}");
        }
    }
}
