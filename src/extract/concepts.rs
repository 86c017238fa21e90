//! Concepts: noun-phrase mentions, their canonical labels, alias merges, kinds and salience.
//!
//! This file owns what a concept is: which part of a noun phrase names it ("advanced data
//! pipelines" -> "data pipeline"), its canonical singular label, which mentions are one concept
//! (case, plural, hyphen and acronym variants, the ontology's aliases), its kind, and how salient
//! it is. Clause structure is `relations`' business.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::extract::chunk::{is_month, Chunk, Kind};
use crate::ontology::{ConceptDef, KindId, Ontology};
use crate::text::lexicon::{is_first_name, is_generic_noun, is_stopword, is_usually_capitalized, wordnet, Pos};
use crate::text::{lemma, lower_case, Analysis};

/// One mention of a concept: a trimmed noun phrase.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub(crate) sentence: usize,
    /// Index of the noun-phrase chunk in its sentence's chunks.
    pub(crate) chunk: usize,
    /// First token of the trimmed phrase.
    pub(crate) start: usize,
    /// One past the last token.
    pub(crate) end: usize,
    /// The head noun (in the next conjunct for an elided head: "the policy and safety teams").
    pub(crate) head: usize,
    /// The phrase as written.
    pub(crate) surface: String,
    /// The canonical label ("GPU" for "GPUs").
    pub(crate) label: String,
    /// A named entity: its head is a proper noun.
    pub(crate) proper: bool,
    /// The candidate concept it belongs to.
    pub(crate) candidate: usize,
}

/// Why two forms are one concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reason {
    /// Upper/lower case.
    Case,
    /// Plural and singular.
    Plural,
    /// Hyphen or space variant.
    Spelling,
    /// An acronym and its expansion.
    Acronym,
    /// Listed in the ontology's lexicon.
    Ontology,
    /// A name and its shortened form ("Eduard Buchner", "Buchner").
    ShortName,
    /// A name and the other name given for it ("the Battle of Bosworth (or Bosworth Field)").
    OtherName,
    /// A named product line and its name ("the GPT family", "GPT").
    Family,
}

impl Reason {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Reason::Case => "case variant",
            Reason::Plural => "plural",
            Reason::Spelling => "spelling variant",
            Reason::Acronym => "acronym",
            Reason::Ontology => "ontology alias",
            Reason::ShortName => "short name",
            Reason::OtherName => "other name",
            Reason::Family => "product family",
        }
    }
}

/// Mentions grouped by their normalised form, before and after merging.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidates {
    /// Candidate keys (lower-case canonical label).
    pub(crate) keys: Vec<String>,
    /// Mentions of each candidate.
    pub(crate) mentions: Vec<Vec<usize>>,
    /// Union-find parent: merged candidates point at their representative.
    parent: Vec<usize>,
    /// Why a candidate was merged into its parent.
    pub(crate) merge_reason: Vec<Option<Reason>>,
    /// Candidate index by key (looked up only, never iterated).
    index: FxHashMap<String, usize>,
}

impl Candidates {
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub(crate) fn get_or_add(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.keys.len();
        self.keys.push(key.to_owned());
        self.mentions.push(Vec::new());
        self.parent.push(i);
        self.merge_reason.push(None);
        self.index.insert(key.to_owned(), i);
        i
    }

    pub(crate) fn find_key(&self, key: &str) -> Option<usize> {
        self.index.get(key).map(|&i| self.root(i))
    }

    pub(crate) fn root(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }

    /// Merge `b` into `a`'s group; the representative is the smaller index (first seen).
    pub(crate) fn union(&mut self, a: usize, b: usize, reason: Reason) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        self.merge_reason[gone] = Some(reason);
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Adjectives that grade, count or evaluate rather than classify: they never start a concept's
/// name ("powerful GPUs" is about GPUs; "generative models" keep "generative").
const VAGUE_MODIFIERS: &[&str] = &[
    "various",
    "many",
    "several",
    "other",
    "certain",
    "different",
    "numerous",
    "some",
    "all",
    "each",
    "every",
    "few",
    "more",
    "most",
    "such",
    "own",
    "same",
    "similar",
    "particular",
    "entire",
    "whole",
    "additional",
    "further",
    "overall",
    "true",
    "key",
    "main",
    "major",
    "minor",
    "critical",
    "important",
    "significant",
    "great",
    "new",
    "current",
    "recent",
    "latest",
    "early",
    "late",
    "first",
    "second",
    "third",
    "last",
    "next",
    "previous",
    "former",
    "latter",
    "much",
    "less",
    "least",
    "little",
    "big",
    "large",
    "small",
    "high",
    "low",
    "good",
    "bad",
    "possible",
    "potential",
    "likely",
    "real",
    "actual",
    "specific",
    "common",
    "typical",
    "usual",
    "basic",
    "simple",
    "complex",
    "powerful",
    "advanced",
    "massive",
    "immense",
    "huge",
    "vast",
    "broad",
    "wide",
    "widespread",
    "cutting-edge",
    "state-of-the-art",
    "innovative",
    "modern",
    "traditional",
    "unique",
    "special",
    "essential",
    "crucial",
    "vital",
    "necessary",
    "primary",
    "principal",
    "fundamental",
    "leading",
    "prominent",
    "notable",
    "famous",
    "well-known",
    "so-called",
    "respective",
    "corresponding",
    "relevant",
    "appropriate",
    "above",
    "below",
    "following",
    "given",
    "known",
    "called",
    "named",
    "termed",
    "including",
    "dynamic",
    "multifaceted",
    "pivotal",
    "exciting",
    "interesting",
    "remarkable",
    "considerable",
    "substantial",
    "enormous",
    "tremendous",
    "increasing",
    "growing",
    "rising",
    "evolving",
    "emerging",
    "ongoing",
    "continued",
    "complete",
    "full",
    "total",
    "approximately",
    "about",
    "around",
    "nearly",
    "almost",
    "only",
    "also",
    "even",
    "very",
    "quite",
    "rather",
    "highly",
    "fast-moving",
    "thoughtful",
    "responsible",
    "beneficial",
    "positive",
    "negative",
    "accurate",
    "efficient",
    "effective",
    "successful",
    "fair",
    "safe",
    "robust",
    "unprecedented",
    "initial",
    "final",
    "subsequent",
    "prior",
    "original",
    "present",
    "past",
    "future",
    "contemporary",
    "dual",
    "strong",
    "weak",
    "rich",
    "poor",
    "long",
    "short",
    "old",
    "young",
    "popular",
    "difficult",
    "easy",
    "hard",
    "available",
    "able",
    "capable",
    "useful",
    "valuable",
    "expensive",
    "cheap",
    "diverse",
    "narrow",
    "extensive",
    "intensive",
    "multiple",
    "single",
    "sure",
    "clear",
    "obvious",
    "direct",
    "indirect",
    "active",
    "distinct",
    "separate",
    "rapid",
    "slow",
    "quick",
    "fast",
    "sudden",
    "gradual",
    "steady",
    "constant",
    "frequent",
    "rare",
    "regular",
    "normal",
    "optimal",
    "ideal",
    "perfect",
    "excellent",
    "superior",
    "inferior",
    "high-quality",
    "top",
    "dominant",
    "wider",
    "broader",
    "larger",
    "smaller",
    "greater",
    "higher",
    "lower",
    "better",
    "worse",
    "best",
    "worst",
    "largest",
    "smallest",
    "greatest",
    "highest",
    "lowest",
    "earlier",
    "later",
    "older",
    "newer",
    "newest",
    "oldest",
    "biggest",
    "bigger",
    "deeper",
    "further",
    "serious",
    "severe",
    "considerable",
    "immediate",
    "eventual",
    "ultimate",
    "certain",
    "proper",
    "correct",
    "wrong",
    "right",
    "main",
    "whole",
    "extra",
    "double",
    "triple",
    "sole",
    "mere",
    "pure",
    "sheer",
    "total",
    "detailed",
    "related",
    "associated",
    "based",
    "used",
    "existing",
    "remaining",
    "resulting",
    "underlying",
    "corresponding",
    "respective",
    "specified",
    "required",
    "desired",
    "expected",
    "intended",
    "proposed",
    "so",
    "too",
    "such",
    "sophisticated",
    "profound",
    "deep-rooted",
    "far-reaching",
    "long-lasting",
    "wide-ranging",
    "well",
    "key",
    "meaningful",
    "noteworthy",
    "outstanding",
    "renowned",
    "celebrated",
    "influential",
    "powerful",
    "massive",
    "considerable",
    "tremendous",
    "harmful",
    "dangerous",
    "risky",
    "challenging",
    "demanding",
];

/// [`VAGUE_MODIFIERS`] as a set: every modifier of every noun phrase is looked up, and the list
/// is long.
static VAGUE_MODIFIER_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| VAGUE_MODIFIERS.iter().copied().collect());

/// Whether a lower-case word is one of [`VAGUE_MODIFIERS`].
fn is_vague_modifier(w: &str) -> bool {
    VAGUE_MODIFIER_SET.contains(w)
}

/// Make the mention of an NP chunk, or `None` when nothing of it names a concept.
pub(crate) fn mention(
    text: &str,
    a: &Analysis,
    sentence: usize,
    chunk_index: usize,
    c: &Chunk,
    ontology: &Ontology,
) -> Option<Mention> {
    debug_assert_eq!(c.kind, Kind::Np);
    let tag = |i: usize| a.tags[i];
    let word = |i: usize| a.tokens[i].text(text);
    let head = c.head;
    let mut start = c.start;
    let end = c.end;
    // Determiners, numbers and vague words at the left edge.
    while start < head {
        let t = tag(start);
        let w = lower_case(word(start));
        // A scare-quoted modifier hedges ("a 'typical' rule"): it goes with its quotes.
        let drop =
            matches!(t.name(), "DT" | "PDT" | "PRP$" | "WP$" | "CD" | "HYPH" | "RB" | "POS" | "PRP" | "``" | "''")
                || start > c.start && tag(start - 1).name() == "``"
                || is_vague_modifier(&w) && !known_term(text, a, start, head, end, ontology)
                || w.ends_with("-year-old")
                || is_duration(&w)
                || (is_stopword(&w) && !t.is_proper())
                || ((t.is_adjective() || matches!(t.name(), "VBN" | "VBG"))
                    && !keep_modifier(text, a, start, head, end, ontology));
        if !drop {
            break;
        }
        start += 1;
    }
    // "its handheld Shield Portable": lower-case adjectives before a name are not part of it.
    if tag(head).is_proper() && (start..head).any(|i| tag(i).is_proper()) {
        while start < head && tag(start).is_adjective() && word(start).starts_with(char::is_lowercase) {
            start += 1;
        }
    }
    let head_lower = lower_case(word(head));
    let head_tag = tag(head);
    if !head_tag.is_noun() || head_lower.chars().all(|c| !c.is_alphanumeric()) {
        return None;
    }
    // Numbers and decades ("the 1960s", "1990's") name no concept.
    if head_lower.trim_end_matches('s').trim_end_matches(['\'', '’']).bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Dates: "March", "December 2014", "July 29, 2013".
    if is_month(word(head)) && (start..end).all(|i| i == head || tag(i).name() == "CD" || word(i) == ",") {
        return None;
    }
    // A company suffix alone ("PortalPlayer, Inc.") is no name.
    if start == head && matches!(&*head_lower, "inc." | "inc" | "ltd." | "ltd" | "llc" | "corp." | "co." | "plc") {
        return None;
    }
    // Pronoun-like and empty heads.
    if matches!(
        &*head_lower,
        "one"
            | "ones"
            | "others"
            | "thing"
            | "things"
            | "something"
            | "anything"
            | "everything"
            | "nothing"
            | "someone"
            | "anyone"
            | "everyone"
            | "lot"
            | "lots"
            | "etc"
    ) {
        return None;
    }
    let surface = join_tokens(text, a, start, end);
    if surface.chars().count() > 120 || surface.chars().all(|c| !c.is_alphabetic()) {
        return None;
    }
    let label = canonical_label(text, a, start, end, head);
    // A name: a proper head, or capitalised words joined by "of" ("House of York").
    let name_span = (start..end).any(|i| word(i) == "of")
        && (start..end).all(|i| {
            word(i).chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                || matches!(word(i), "of" | "the" | "and" | "de" | "von" | "van")
        });
    let proper = (head_tag.is_proper() && !is_sentence_case_only(text, a, head)) || name_span;
    Some(Mention { sentence, chunk: chunk_index, start, end, head, surface, label, proper, candidate: usize::MAX })
}

/// Whether an adjective or participle at `i` is part of the concept's name. Classifying words
/// stay ("generative model", "environmental law", "reinforcement learning"); grading and
/// evaluating ones go ("powerful GPUs"), as do participles ("trained models") and comparatives.
fn keep_modifier(text: &str, a: &Analysis, i: usize, head: usize, end: usize, ontology: &Ontology) -> bool {
    let w = a.tokens[i].text(text);
    let lower = lower_case(w);
    if known_term(text, a, i, head, end, ontology) {
        return true;
    }
    // Part of a name ("Advanced Micro Devices"), unless capitalised only by the sentence start.
    let sentence_start = a.starts_sentence(i);
    if a.tags[i].is_proper() && !sentence_start && w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    if is_vague_modifier(&lower) {
        return false;
    }
    // A nationality before a person noun ("French chemist", "German physiologist") says where
    // the person is from, not what the concept is.
    let demonym = ["an", "ese", "ish", "ch", "i", "ic"].iter().any(|x| lower.ends_with(x));
    if a.tags[i].is_adjective() && demonym && w.starts_with(char::is_uppercase) && !sentence_start && i + 1 == head {
        let head_lemma = lemma::singular(&lower_case(a.tokens[head].text(text))).into_owned();
        if wordnet(&head_lemma, Pos::Noun).is_some_and(|e| e.first_class() == "person") {
            return false;
        }
    }
    // "an American technology company": a nationality (a people WordNet knows, not "Gaussian")
    // before a compound of common nouns.
    if a.tags[i].is_adjective()
        && demonym
        && wordnet(&lower, Pos::Noun).is_some_and(|e| e.classes.split(',').any(|c| c == "person"))
        && w.starts_with(char::is_uppercase)
        && !sentence_start
        && i + 2 <= head
        && (i + 1..=head).all(|j| matches!(a.tags[j].name(), "NN" | "NNS"))
    {
        return false;
    }
    match a.tags[i].name() {
        "VBN" | "JJR" | "JJS" => false,
        "VBG" => true,
        _ => !lower.ends_with("ly") && lower.chars().any(char::is_alphabetic),
    }
}

/// Whether the words from `i` to the head are a known term ("artificial intelligence", "central
/// processing unit", "active site"): in WordNet or the ontology's lexicon.
fn known_term(text: &str, a: &Analysis, i: usize, head: usize, end: usize, ontology: &Ontology) -> bool {
    let rest = lemma_phrase(text, a, i, end.min(head + 1));
    wordnet(&rest, Pos::Noun).is_some() || ontology.lookup(&rest).is_some()
}

/// A length of time used as a modifier: "six-year", "10-year", "two-day".
fn is_duration(w: &str) -> bool {
    let Some((number, unit)) = w.rsplit_once('-') else { return false };
    let numeric = number.bytes().all(|b| b.is_ascii_digit())
        || matches!(
            number,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "twelve"
                | "fifteen"
                | "twenty"
                | "thirty"
                | "fifty"
                | "hundred"
        );
    !number.is_empty()
        && numeric
        && matches!(unit, "year" | "month" | "week" | "day" | "hour" | "minute" | "decade" | "century")
}

/// The lower-case lemma phrase of tokens `start..end` (the last word singular).
fn lemma_phrase(text: &str, a: &Analysis, start: usize, end: usize) -> String {
    let mut s = String::new();
    for i in start..end {
        if !s.is_empty() {
            s.push(' ');
        }
        if i + 1 == end {
            s.push_str(&lemma::singular(&lower_case(a.tokens[i].text(text))));
        } else {
            s.push_str(&lower_case(a.tokens[i].text(text)));
        }
    }
    s
}

/// The text of tokens `start..end` with single spaces where the text has any whitespace.
fn join_tokens(text: &str, a: &Analysis, start: usize, end: usize) -> String {
    let mut s = String::with_capacity(span_len(a, start, end));
    for i in start..end {
        if i > start && a.tokens[i].start > a.tokens[i - 1].end {
            s.push(' ');
        }
        s.push_str(a.tokens[i].text(text));
    }
    straight_apostrophes(s)
}

/// The bytes of the text from token `start` to the end of token `end - 1` (0 for no tokens): room
/// enough for the tokens joined, most of the time.
fn span_len(a: &Analysis, start: usize, end: usize) -> usize {
    if start < end {
        (a.tokens[end - 1].end as usize).saturating_sub(a.tokens[start].start as usize)
    } else {
        0
    }
}

/// `s` with typographic apostrophes (’) made straight (').
fn straight_apostrophes(s: String) -> String {
    // ASCII text, the common case, is answered without a search.
    if !s.is_ascii() && s.contains('’') {
        s.replace('’', "'")
    } else {
        s
    }
}

/// A word capitalised only because it opens a sentence or a title-case heading.
fn is_sentence_case_only(text: &str, a: &Analysis, i: usize) -> bool {
    let w = a.tokens[i].text(text);
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_lower = chars.all(|c| !c.is_uppercase());
    if !first_upper || !rest_lower {
        return false;
    }
    let sentence_start = a.starts_sentence(i);
    sentence_start && wordnet(&lower_case(w), Pos::Noun).is_some()
}

/// The canonical label of tokens `start..end`: the head singular, sentence-initial and
/// title-case capitals of common words lowered.
fn canonical_label(text: &str, a: &Analysis, start: usize, end: usize, head: usize) -> String {
    let heading = a.in_heading(start);
    let mut s = String::with_capacity(span_len(a, start, end));
    for i in start..end {
        if i > start && a.tokens[i].start > a.tokens[i - 1].end {
            s.push(' ');
        }
        let w = a.tokens[i].text(text);
        let t = a.tags[i];
        // An acronym with a lower-case s is a plural whatever its tag ("TPUs", often tagged NNP).
        let acronym_plural = w.ends_with('s') && is_acronym(w);
        let mut word: String = if i == head
            && i + 1 == end
            && (acronym_plural || (t.is_plural() && (t.name() == "NNS" || is_acronym(w))))
            && (acronym_plural || a.starts_sentence(i) || !is_unknown_capitalised_plural(w))
        {
            lemma::singular(w).into_owned()
        } else {
            w.to_owned()
        };
        // Lower a capital that only marks a sentence start or a heading's title case.
        let title =
            word.chars().next().is_some_and(char::is_uppercase) && word.chars().skip(1).all(|c| !c.is_uppercase());
        let sentence_start = a.starts_sentence(i);
        let common = !t.is_proper() || (is_common_word(&word) && !a.tags[start..end].iter().all(|t| t.is_proper()));
        if title && (heading || sentence_start) && common && !is_usually_capitalized(&lower_case(&word)) {
            word = word.to_lowercase();
        }
        s.push_str(&word);
    }
    straight_apostrophes(s)
}

/// A capitalised word read as a plural whose singular is no English noun: a name that ends in
/// s ("Forbes", "Hastings"), not a plural ("Democrats"). Not asked at a sentence start, where
/// any plural is capitalised ("Datasets are ...").
fn is_unknown_capitalised_plural(w: &str) -> bool {
    if !w.chars().next().is_some_and(char::is_uppercase) || is_acronym(w) {
        return false;
    }
    let lower = lower_case(w);
    let one = lemma::singular(&lower);
    one != lower && wordnet(&one, Pos::Noun).is_none()
}

fn is_common_word(w: &str) -> bool {
    let l = lower_case(w);
    wordnet(&l, Pos::Noun).is_some() || wordnet(&l, Pos::Adjective).is_some()
}

/// The merge key of a label.
pub(crate) fn key_of(label: &str) -> String {
    label.to_lowercase()
}

/// Whether `key_of(label) == key`, without building the key when `label` is lower case already.
pub(crate) fn has_key(label: &str, key: &str) -> bool {
    lower_case(label) == key
}

/// Key with hyphens and spaces removed: "pre-trained" = "pretrained" = "pre trained".
fn squash(key: &str) -> String {
    key.chars().filter(|c| !matches!(c, '-' | ' ' | '.')).collect()
}

/// Merge candidates that are one concept: spelling variants, acronyms, the ontology's aliases.
pub(crate) fn merge_candidates(
    text: &str,
    a: &Analysis,
    mentions: &[Mention],
    cands: &mut Candidates,
    ontology: &Ontology,
) {
    // Ontology aliases: every candidate whose key is a lexicon form joins the lexicon label's key.
    for i in 0..cands.len() {
        if let Some(def) = ontology.lookup(&cands.keys[i]) {
            let target = cands.get_or_add(&key_of(&def.label));
            if target != i {
                cands.union(target, i, Reason::Ontology);
            }
        }
    }
    // Spelling variants. (The maps here are only looked up: hash maps.)
    let mut by_squash: FxHashMap<String, usize> = FxHashMap::default();
    for i in 0..cands.len() {
        let sq = squash(&cands.keys[i]);
        if sq.is_empty() {
            continue;
        }
        match by_squash.get(&sq) {
            Some(&j) => cands.union(j, i, Reason::Spelling),
            None => {
                by_squash.insert(sq, i);
            }
        }
    }
    // Acronyms defined in parentheses: "artificial general intelligence (AGI)", "GPT (Generative
    // Pretrained Transformer)".
    for (k, m) in mentions.iter().enumerate() {
        let Some(next) = mentions.get(k + 1) else {
            break;
        };
        if next.sentence != m.sentence {
            continue;
        }
        // Just "(" between them, and ")" after the second, or a comma or semicolon before more
        // of the parenthesis ("(WCED, or Bruntland Commission)").
        let paren_between = next.start.checked_sub(m.end) == Some(1) && a.tokens[m.end].text(text) == "(";
        if !paren_between || next.end >= a.tokens.len() || !matches!(a.tokens[next.end].text(text), ")" | "," | ";") {
            continue;
        }
        let (short, long) = if is_acronym(&m.surface) { (m, next) } else { (next, m) };
        if is_acronym(&short.surface) && acronym_matches(&short.label, &long.label) {
            cands.union(long.candidate, short.candidate, Reason::Acronym);
        }
    }
    // Another name in parentheses after "or": "The Battle of Bosworth (or Bosworth Field)", "the
    // World Commission on Environment and Development (WCED, or Bruntland Commission)".
    for (k, m) in mentions.iter().enumerate() {
        if !m.proper || m.end >= a.tokens.len() || a.tokens[m.end].text(text) != "(" {
            continue;
        }
        let close = (m.end + 1..a.tokens.len().min(m.end + 16)).find(|&j| a.tokens[j].text(text) == ")");
        let Some(close) = close else { continue };
        // The parenthesis ends the phrase: in "Nvidia (or AMD) GPUs" it is two makers of GPUs.
        if a.tags.get(close + 1).is_some_and(|t| t.is_noun() || t.is_adjective()) {
            continue;
        }
        for other in mentions[k + 1..].iter().take_while(|o| o.end <= close) {
            if other.proper
                && other.end == close
                && other.start >= 1
                && lower_case(a.tokens[other.start - 1].text(text)) == "or"
            {
                cands.union(m.candidate, other.candidate, Reason::OtherName);
            }
        }
    }
    // Acronyms used without a definition: "AI" with "artificial intelligence" elsewhere.
    let mut initials: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for i in 0..cands.len() {
        let mut words = 0;
        let mut acr = String::new();
        for w in cands.keys[i].split([' ', '-']).filter(|w| !matches!(*w, "of" | "and" | "the" | "for" | "&")) {
            words += 1;
            acr.extend(w.chars().next());
        }
        if words >= 2 {
            initials.entry(acr).or_default().push(i);
        }
    }
    for i in 0..cands.len() {
        let Some(&m0) = cands.mentions[i].first() else {
            continue;
        };
        if !is_acronym(&mentions[m0].surface) {
            continue;
        }
        let acr = cands.keys[i].trim_end_matches('s').to_owned();
        if let Some(longs) = initials.get(&acr) {
            let roots: BTreeSet<usize> = longs.iter().map(|&l| cands.root(l)).collect();
            if roots.len() == 1 {
                cands.union(longs[0], i, Reason::Acronym);
            }
        }
    }
    merge_short_names(mentions, cands, ontology);
    merge_families(mentions, cands);
}

/// Nouns that name a line of products after its name: "the GPT family", "the Pentium series".
const FAMILY_WORDS: &[&str] = &["family", "series", "line", "lineup"];

/// "The GPT family (of models)" is GPT: a named product line joins its name when the text names
/// it alone too.
fn merge_families(mentions: &[Mention], cands: &mut Candidates) {
    for i in 0..cands.len() {
        let Some(&m0) = cands.mentions[i].first() else { continue };
        let label = &mentions[m0].label;
        let Some((name, last)) = label.rsplit_once(' ') else { continue };
        if !FAMILY_WORDS.contains(&last.to_lowercase().as_str())
            || !name.split_whitespace().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        {
            continue;
        }
        let Some(j) = cands.find_key(&name.to_lowercase()) else { continue };
        if cands.mentions[j].iter().any(|&m| mentions[m].proper) {
            cands.union(j, i, Reason::Family);
        }
    }
}

/// Names are shortened after their first mention: "Eduard Buchner" then "Buchner", "Nvidia
/// Corporation" then "Nvidia". A one-word name joins the one full name it shortens: a person's
/// first or last name, or an organisation's name without "Corporation", "Inc." and the like.
fn merge_short_names(mentions: &[Mention], cands: &mut Candidates, ontology: &Ontology) {
    let organization = ontology.kind_id("Organization");
    let mut shortened: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for i in 0..cands.len() {
        let Some(&m0) = cands.mentions[i].first() else { continue };
        let m = &mentions[m0];
        if !m.proper {
            continue;
        }
        let words: Vec<&str> = m.label.split_whitespace().collect();
        if words.len() < 2
            || !words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        {
            continue;
        }
        let person = (2..=4).contains(&words.len()) && is_first_name(&words[0].to_lowercase());
        let last = words[words.len() - 1].trim_end_matches(['.', ',']);
        let org_cue = ontology.cue_kind(words[words.len() - 1]).is_some_and(|k| Some(k) == organization);
        let mut short: Vec<String> = Vec::new();
        if person {
            short.push(words[0].to_lowercase());
            if !is_roman(last) {
                short.push(last.to_lowercase());
            }
        }
        if org_cue {
            short.push(words[..words.len() - 1].join(" ").to_lowercase());
        }
        // Without the middle names: "Alan Mathison Turing" is "Alan Turing".
        if person && words.len() >= 3 && !is_roman(last) {
            let key = format!("{} {}", words[0], last).to_lowercase();
            if let Some(j) = cands.find_key(&key) {
                if cands.mentions[j].first().is_some_and(|&m| mentions[m].proper) {
                    cands.union(j, i, Reason::ShortName);
                }
            }
        }
        for k in short {
            shortened.entry(k).or_default().insert(cands.root(i));
        }
    }
    // Mentions of each root's group.
    let mut group_mentions: BTreeMap<usize, usize> = BTreeMap::new();
    let mut group_first: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..cands.len() {
        *group_mentions.entry(cands.root(i)).or_insert(0) += cands.mentions[i].len();
        if let Some(&m) = cands.mentions[i].iter().min() {
            let first = group_first.entry(cands.root(i)).or_insert(m);
            *first = (*first).min(m);
        }
    }
    for (short, longs) in shortened {
        let Some(s) = cands.find_key(&short) else { continue };
        // Named as a name: most of its mentions are proper nouns (a sentence-initial or
        // possessive mention may be tagged otherwise).
        let proper = cands.mentions[s].iter().filter(|&&m| mentions[m].proper).count();
        if longs.contains(&s) || proper * 2 < cands.mentions[s].len() || proper == 0 {
            continue;
        }
        // One full name, or one that the text is about: "Turing" is Alan Turing, though his
        // father John Robert Turing is named once.
        let mut ranked: Vec<(usize, usize)> = longs.iter().map(|&l| (group_mentions[&l], l)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // Or the most named, when it is also named first ("Henry" is Henry Tudor, named three
        // times and first, not Henry IV, named twice; "Lincoln" is not Thomas Lincoln, named
        // more often than Abraham Lincoln but after him).
        let first = longs.iter().min_by_key(|&&l| group_first.get(&l).copied().unwrap_or(usize::MAX)).copied();
        let dominant = ranked.len() == 1
            || (ranked[0].0 >= 2
                && (ranked[0].0 >= 3 * ranked[1].0 || (ranked[0].0 > ranked[1].0 && first == Some(ranked[0].1))));
        if dominant {
            cands.union(ranked[0].1, s, Reason::ShortName);
        }
    }
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 6 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// An all-capitals token of 2-8 letters, with an optional plural "s": "AGI", "GPUs", "R&D".
pub(crate) fn is_acronym(s: &str) -> bool {
    let core = s.strip_suffix('s').unwrap_or(s);
    // The test that most words fail, at their first lower-case letter, comes first.
    core.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '-')
        && (2..=8).contains(&core.chars().count())
        && core.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !s.contains(' ')
}

/// Whether `short`'s letters are the initials of `long`'s words, in order (Schwartz-Hearst, strict):
/// every letter of the acronym starts a word or a part of a hyphenated or camel-case word.
pub(crate) fn acronym_matches(short: &str, long: &str) -> bool {
    let letters: Vec<char> = short.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let words: Vec<String> = long.split([' ', '-']).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    if letters.len() < 2 || words.len() < 2 {
        return false;
    }
    // Greedy with backtracking over word starts and inner capitals ("PreTrained").
    fn go(letters: &[char], words: &[String], wi: usize, first_word_used: bool) -> bool {
        if letters.is_empty() {
            return wi >= words.len()
                || words[wi..]
                    .iter()
                    .all(|w| matches!(w.to_lowercase().as_str(), "of" | "and" | "the" | "for" | "in" | "on"));
        }
        if wi >= words.len() {
            return false;
        }
        let w = &words[wi];
        let lw: Vec<char> = w.to_lowercase().chars().collect();
        // Take this word's initial.
        if lw.first() == Some(&letters[0]) {
            // Possibly more letters from inside the same word (capitals, or "pretrained" -> "P" only).
            if go(&letters[1..], words, wi + 1, true) {
                return true;
            }
            let inner: Vec<usize> =
                w.char_indices().skip(1).filter(|(_, c)| c.is_uppercase()).map(|(i, _)| i).collect();
            for k in 1..=inner.len() {
                if k < letters.len() && go(&letters[k..], words, wi + 1, true) {
                    return true;
                }
            }
        }
        // Skip a function word.
        if matches!(w.to_lowercase().as_str(), "of" | "and" | "the" | "for" | "in" | "on" | "&") && first_word_used {
            return go(letters, words, wi + 1, first_word_used);
        }
        false
    }
    go(&letters, &words, 0, false)
}

/// How sure a kind assignment is; the strongest evidence wins when mentions disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum KindSource {
    Default = 0,
    Suffix = 1,
    WordNet = 2,
    Propagated = 3,
    Head = 4,
    Cue = 5,
    Lexicon = 6,
}

/// The kind of a concept from its label, the label's lexicon entry (`ontology.lookup(label)`,
/// which the caller has memoised) and its mentions.
pub(crate) fn kind_of(
    text: &str,
    a: &Analysis,
    label: &str,
    lexicon: Option<&ConceptDef>,
    ms: &[&Mention],
    ontology: &Ontology,
) -> (KindId, KindSource) {
    if let Some(def) = lexicon {
        return (def.kind, KindSource::Lexicon);
    }
    let m = ms[0];
    let words: Vec<&str> = label.split_whitespace().collect();
    let proper = ms.iter().any(|m| m.proper);
    let person = ontology.kind_id("Person");
    // Naming cues inside the name or just before it ("University", "Inc.", "King").
    for w in &words {
        if let Some(k) = ontology.cue_kind(w) {
            if Some(k) != person || proper {
                return (k, KindSource::Cue);
            }
        }
    }
    for m in ms {
        if m.start > 0 {
            let before = a.tokens[m.start - 1].text(text);
            if let Some(k) = ontology.cue_kind(before) {
                if Some(k) == person && proper {
                    return (k, KindSource::Cue);
                }
            }
        }
    }
    // A named person: a given name followed by a capitalised name.
    if proper
        && words.len() >= 2
        && words.len() <= 4
        && is_first_name(&words[0].to_lowercase())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        if let Some(p) = person {
            return (p, KindSource::Cue);
        }
    }
    let head_lemma = lemma::singular(&a.tokens[m.head].text(text).to_lowercase()).into_owned();
    let last_two = if words.len() >= 2 {
        format!("{} {}", words[words.len() - 2], words[words.len() - 1]).to_lowercase()
    } else {
        String::new()
    };
    if let Some(k) = ontology.head_kind(&last_two) {
        return (k, KindSource::Head);
    }
    if !proper || words.len() > 1 {
        if let Some(k) = ontology.head_kind(&head_lemma) {
            return (k, KindSource::Head);
        }
    }
    if proper {
        return (ontology.default_kind, KindSource::Default);
    }
    // WordNet: the whole phrase, then the head.
    let phrase = label.to_lowercase();
    for form in [phrase.as_str(), head_lemma.as_str()] {
        if let Some(e) = wordnet(form, Pos::Noun) {
            if let Some(k) = ontology.noun_class_kind(e.first_class()) {
                return (k, KindSource::WordNet);
            }
            break;
        }
    }
    if let Some(k) = ontology.suffix_kind(&head_lemma) {
        return (k, KindSource::Suffix);
    }
    (ontology.default_kind, KindSource::Default)
}

/// Whether a lone word is too vague to be a concept.
/// A relational noun that only links ("brother", "nephew": the ontology's agents of its fallback
/// relation). It names no concept on its own, yet it is no stand-in for its "of" phrase either:
/// "a nephew of Y" is not Y.
pub(crate) fn is_relational(lower: &str, ontology: &Ontology) -> bool {
    ontology.agent_relation(lower) == Some(ontology.fallback_relation)
}

pub(crate) fn is_generic(label: &str, ontology: &Ontology) -> bool {
    let lower = lower_case(label);
    if lower.contains(' ') || ontology.lookup(&lower).is_some() {
        return false;
    }
    if is_generic_noun(&lower) || is_stopword(&lower) {
        return true;
    }
    if is_relational(&lower, ontology) {
        return true;
    }
    match wordnet(&lower, Pos::Noun) {
        Some(e) => matches!(e.first_class(), "Tops" | "time" | "quantity" | "relation" | "shape"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms() {
        assert!(acronym_matches("AGI", "artificial general intelligence"));
        assert!(acronym_matches("GPT", "Generative Pretrained Transformer"));
        assert!(acronym_matches("NLP", "natural language processing"));
        assert!(acronym_matches("CTO", "Chief Technology Officer"));
        assert!(acronym_matches("DoJ", "Department of Justice"));
        assert!(!acronym_matches("GPU", "general intelligence"));
        assert!(is_acronym("GPUs") && is_acronym("R&D") && !is_acronym("OpenAI") && !is_acronym("A"));
    }
}
