//! Fuzzy search over concept labels and aliases, and name resolution built on it.
//!
//! This file owns the matcher behind `kg find` and behind every "did you mean" of the command
//! line: [`find`] ranks concepts by how well one of their names (label or alias) matches the
//! query, [`resolve`] takes exact names only, and [`suggest`] is [`find`] reduced to labels.
//! Matching is case-insensitive and ignores punctuation, so `gpus`, `GPU` and `g.p.u.` meet.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

/// How a name matched, best first (the order of the variants is the ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The name is the query (ignoring case and punctuation).
    Exact,
    /// The name starts with the query.
    Prefix,
    /// A word of the name starts with the query.
    WordPrefix,
    /// The query occurs inside the name.
    Substring,
    /// The name is within a few edits of the query (typos).
    Typo,
    /// The query's letters occur in the name in order (`rlhf` in "reinforcement learning from
    /// human feedback"), starting at word starts.
    Initials,
}

/// One concept found by [`find`].
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The concept.
    pub node: NodeIndex,
    /// The label or alias that matched best.
    pub name: String,
    /// Whether `name` is an alias (not the label).
    pub alias: bool,
    /// How it matched.
    pub kind: MatchKind,
    /// Score in (0, 1]: 1 is an exact match of the label.
    pub score: f64,
}

/// Concepts whose label or an alias matches `text`, best first.
///
/// Every name of every concept is compared with the query, both lower-cased with punctuation
/// folded to spaces. A name scores by the best [`MatchKind`] it reaches, then by how much of it
/// the query covers; an alias scores a little below the same match on the label. Ties go to the
/// concept with more mentions, then to the smaller id.
///
/// # Arguments
/// * `g`: the graph.
/// * `text`: what the user typed.
/// * `max`: the most matches to return.
///
/// # Returns
/// Up to `max` matches, best first; empty when nothing is close.
///
/// # Complexity
/// O(N·L·Q) for N names of length L and a query of length Q (edit distances dominate).
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, query, text::Document};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let found = query::find(&g, "gpt", 5);
/// assert_eq!(g.node(found[0].node).label, "GPT");
/// assert_eq!(found[0].kind, query::MatchKind::Exact);
/// ```
pub fn find(g: &KnowledgeGraph, text: &str, max: usize) -> Vec<Match> {
    let query = normalize(text);
    if query.is_empty() || max == 0 {
        return Vec::new();
    }
    let mut found: Vec<(Match, u64, &str)> = Vec::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let names = std::iter::once((n.label.as_str(), false))
            .chain(n.aliases.keys().map(|a| (a.as_str(), true)))
            .chain(std::iter::once((n.id.as_str(), true)));
        let mut best: Option<Match> = None;
        for (name, alias) in names {
            let Some((kind, cover)) = compare(&query, &normalize(name)) else {
                continue;
            };
            let score = score_of(kind, cover, alias);
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Match { node: i, name: name.to_owned(), alias, kind, score });
            }
        }
        if let Some(m) = best {
            found.push((m, n.mentions, n.id.as_str()));
        }
    }
    found.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    found.into_iter().take(max).map(|(m, _, _)| m).collect()
}

/// Find the node a user means by `name`: an id, a label or an alias, in any case.
///
/// Exact matches only: the label wins over an alias, and among aliases the concept with more
/// mentions wins. Anything looser is a suggestion, never a silent guess.
///
/// # Errors
/// [`Error::UnknownNode`] with up to five suggestions from [`suggest`].
///
/// # Complexity
/// O(N) names.
pub fn resolve(g: &KnowledgeGraph, name: &str) -> Result<NodeIndex> {
    let want = name.trim().to_lowercase();
    if let Some(i) = g.node_index(&want) {
        return Ok(i);
    }
    let slug = crate::slug(&want);
    let mut by_label = None;
    let mut by_alias = BTreeSet::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        if n.label.to_lowercase() == want || (!slug.is_empty() && n.id == slug) {
            by_label.get_or_insert(i);
        }
        if n.aliases.keys().any(|a| a.to_lowercase() == want) {
            by_alias.insert((Reverse(n.mentions), n.id.clone(), i));
        }
    }
    if let Some(i) = by_label {
        return Ok(i);
    }
    if let Some((_, _, i)) = by_alias.first() {
        return Ok(*i);
    }
    Err(Error::UnknownNode { name: name.to_owned(), suggestions: suggest(g, name, 5) })
}

/// The labels of the best [`find`] matches for `name`: the "did you mean" of every command.
///
/// Only matches at least as good as a typo count, so a two-letter query does not suggest every
/// concept with those letters in order.
pub fn suggest(g: &KnowledgeGraph, name: &str, max: usize) -> Vec<String> {
    find(g, name, max.saturating_mul(4))
        .into_iter()
        .filter(|m| m.kind <= MatchKind::Typo)
        .take(max)
        .map(|m| g.node(m.node).label.clone())
        .collect()
}

/// Levenshtein distance over chars.
///
/// # Complexity
/// O(|a|·|b|) time, O(|b|) memory.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Lower case, letters and digits kept, everything else one space; dots inside acronyms dropped.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c != '.' && c != '\'' && c != '’' {
            space = true;
        }
    }
    out
}

/// How `query` matches `name` (both normalized), and how much of the name it covers, in (0, 1].
fn compare(query: &str, name: &str) -> Option<(MatchKind, f64)> {
    if name.is_empty() {
        return None;
    }
    let q = query.chars().count();
    let l = name.chars().count();
    let cover = (q as f64 / l as f64).min(1.0);
    if name == query || singular(name) == singular(query) {
        return Some((MatchKind::Exact, 1.0));
    }
    if name.starts_with(query) {
        return Some((MatchKind::Prefix, cover));
    }
    if name.split(' ').any(|w| w.starts_with(query)) {
        return Some((MatchKind::WordPrefix, cover));
    }
    if name.contains(query) {
        return Some((MatchKind::Substring, cover));
    }
    // Typos: the whole name, or a run of its words as long as the query, within a few edits.
    let limit = match q {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    let words: Vec<&str> = name.split(' ').collect();
    let qwords = query.split(' ').count();
    let mut best = edit_distance(name, query);
    if words.len() > qwords {
        for win in words.windows(qwords) {
            best = best.min(edit_distance(&win.join(" "), query));
        }
    }
    if best <= limit && best < q {
        return Some((MatchKind::Typo, (1.0 - best as f64 / q.max(1) as f64) * cover));
    }
    if q >= 2 && !query.contains(' ') && initials(query, &words) {
        return Some((MatchKind::Initials, cover));
    }
    None
}

/// Whether the letters of `query` are the initials of consecutive words, or at least begin them
/// in order ("rlhf" in "reinforcement learning from human feedback").
fn initials(query: &str, words: &[&str]) -> bool {
    let mut want = query.chars().peekable();
    for w in words {
        match (want.peek(), w.chars().next()) {
            (Some(&c), Some(first)) if c == first => {
                want.next();
            }
            _ => {}
        }
    }
    want.peek().is_none()
}

/// A crude singular for matching ("gpus" and "gpu", "policies" and "policy").
fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("ss") {
        s.to_owned()
    } else if let Some(stem) = s.strip_suffix('s') {
        stem.to_owned()
    } else {
        s.to_owned()
    }
}

fn score_of(kind: MatchKind, cover: f64, alias: bool) -> f64 {
    let base = match kind {
        MatchKind::Exact => 1.0,
        MatchKind::Prefix => 0.8,
        MatchKind::WordPrefix => 0.7,
        MatchKind::Substring => 0.6,
        MatchKind::Typo => 0.45,
        MatchKind::Initials => 0.3,
    };
    // Within a kind, covering more of the name is better: up to a tenth of a step.
    let s = base + 0.09 * cover.clamp(0.0, 1.0);
    let s = if alias { s - 0.005 } else { s };
    (s.min(1.0) * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::*;

    fn labels(g: &KnowledgeGraph, found: &[Match]) -> Vec<String> {
        found.iter().map(|m| g.node(m.node).id.clone()).collect()
    }

    fn sample() -> KnowledgeGraph {
        let mut g = graph(
            &[
                ("gpu", "uses", "gpu-cluster", 1.0),
                ("openai", "develops", "gpt", 1.0),
                ("rlhf", "uses", "gpt", 1.0),
                ("compute", "uses", "gpu", 1.0),
            ],
            &[],
        );
        let r = g.node_index("rlhf").unwrap();
        let mut n = g.node(r).clone();
        n.aliases.insert("reinforcement learning from human feedback".into(), "acronym".into());
        g.add_node(n);
        g
    }

    #[test]
    fn ranks_exact_then_prefix_then_substring_then_typos() {
        let g = sample();
        let found = find(&g, "gpu", 10);
        assert_eq!(labels(&g, &found), ["gpu", "gpu-cluster", "gpt"]);
        assert_eq!(found[2].kind, MatchKind::Typo);
        assert_eq!(found[0].kind, MatchKind::Exact);
        assert_eq!(found[1].kind, MatchKind::Prefix);
        // Plurals and case are exact.
        assert_eq!(find(&g, "GPUs", 1)[0].kind, MatchKind::Exact);
        // A typo finds the label.
        let typo = find(&g, "opnai", 3);
        assert_eq!(labels(&g, &typo), ["openai"]);
        assert_eq!(typo[0].kind, MatchKind::Typo);
        // Inside a word.
        assert_eq!(find(&g, "pute", 3)[0].kind, MatchKind::Substring);
    }

    #[test]
    fn aliases_and_initials_match() {
        let g = sample();
        let by_alias = find(&g, "human feedback", 3);
        assert_eq!(labels(&g, &by_alias), ["rlhf"]);
        assert!(by_alias[0].alias);
        assert_eq!(by_alias[0].kind, MatchKind::Substring);
        assert_eq!(by_alias[0].name, "reinforcement learning from human feedback");
        let mut g2 = KnowledgeGraph::new([]);
        let mut n = node("x", "Concept");
        n.label = "reinforcement learning from human feedback".into();
        n.label_votes = [(n.label.clone(), 1)].into();
        g2.add_node(n);
        let found = find(&g2, "rlhf", 3);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, MatchKind::Initials);
        // Suggestions leave out the loose kinds.
        assert!(suggest(&g2, "rlhf", 3).is_empty());
    }

    #[test]
    fn resolve_takes_exact_names_and_suggests_otherwise() {
        let g = sample();
        assert_eq!(g.node(resolve(&g, "GPU").unwrap()).id, "gpu");
        assert_eq!(g.node(resolve(&g, "Reinforcement learning from human feedback").unwrap()).id, "rlhf");
        match resolve(&g, "gpux") {
            Err(Error::UnknownNode { suggestions, .. }) => {
                assert_eq!(suggestions[0], "GPU");
            }
            other => panic!("expected an unknown node, got {other:?}"),
        }
        assert!(find(&g, "  ", 5).is_empty());
        assert!(find(&g, "zzzzzz", 5).is_empty());
    }

    #[test]
    fn ties_go_to_more_mentions() {
        let mut g = graph(&[("data-a", "uses", "data-b", 1.0)], &[("data-a", "Resource"), ("data-b", "Resource")]);
        let b = g.node_index("data-b").unwrap();
        let mut n = g.node(b).clone();
        n.mentions = 9;
        g.add_node(n);
        assert_eq!(labels(&g, &find(&g, "data", 2)), ["data-b", "data-a"]);
    }
}
