//! Chunks: a sentence's tagged tokens grouped into noun phrases, verb groups and the small words
//! between them.
//!
//! This file owns the chunk grammar over Penn tags. It does not decide what a concept is
//! (`concepts`) or what a clause means (`relations`).

use crate::text::lexicon::{idf, wordnet, Pos};
use crate::text::{lower_case, Analysis, Tag};

/// What a chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A noun phrase (determiners included in the span; the mention trims them).
    Np,
    /// A personal or demonstrative pronoun standing for a noun phrase ("they", "it", "this").
    Pronoun,
    /// A verb group: auxiliaries, adverbs, the main verb, and a particle.
    Verb,
    /// A preposition or subordinating conjunction (`IN`, and `TO` before a noun phrase).
    Prep,
    /// "to" before a verb.
    To,
    /// A coordinating conjunction.
    Conj,
    /// A comma.
    Comma,
    /// A relative pronoun or determiner ("which", "that", "who").
    Rel,
    /// An adjective outside a noun phrase ("is responsible", "are safe").
    Adj,
    /// An adverb outside a verb group.
    Adv,
    /// Punctuation that ends a clause: `;`, `:`, `(`, `)`, dashes, quotes.
    Break,
    /// Anything else.
    Other,
}

/// One chunk: a token range with a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub(crate) kind: Kind,
    /// First token (global index).
    pub(crate) start: usize,
    /// One past the last token.
    pub(crate) end: usize,
    /// The head token: the last noun of a noun phrase, the main verb of a verb group.
    pub(crate) head: usize,
    /// Verb groups: passive voice (a form of "be" or "get" + past participle).
    pub(crate) passive: bool,
    /// Verb groups: negated ("not", "n't", "never").
    pub(crate) negated: bool,
    /// Verb groups: the main verb is "be" with no participle after it.
    pub(crate) copula: bool,
    /// Verb groups: a particle ("set up"), as a token index.
    pub(crate) particle: Option<usize>,
    /// Noun phrases split at a name boundary: how this one relates to the chunk before it.
    pub(crate) split: Option<Split>,
}

/// How the two halves of a noun phrase split at a name boundary relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Split {
    /// "mathematician John von Neumann": this (the name) is a kind of the chunk before.
    NameAfterClass,
    /// "Xbox game console": the chunk before (the name) is a kind of this.
    ClassAfterName,
    /// "the graphics industry AMD": two phrases run together; neither is a kind of the other.
    Apart,
}

impl Chunk {
    fn new(kind: Kind, start: usize, end: usize, head: usize) -> Chunk {
        Chunk { kind, start, end, head, passive: false, negated: false, copula: false, particle: None, split: None }
    }
}

fn tag_is(t: Tag, names: &[&str]) -> bool {
    names.contains(&t.name())
}

/// Chunk the sentence of tokens `range`.
pub(crate) fn chunk(text: &str, a: &Analysis, range: std::ops::Range<usize>) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(range.len());
    let word = |i: usize| a.tokens[i].text(text);
    let lower = |i: usize| word(i).to_ascii_lowercase();
    let tag = |i: usize| a.tags[i];
    let end = range.end;
    let mut i = range.start;
    while i < end {
        let t = tag(i);
        let w = word(i);
        // Noun phrase.
        if let Some(np_end) = noun_phrase(text, a, i, end) {
            match name_split(text, a, i, np_end) {
                Some((at, split)) => {
                    out.push(Chunk::new(Kind::Np, i, at, np_head(a, i, at)));
                    let mut second = Chunk::new(Kind::Np, at, np_end, np_head(a, at, np_end));
                    second.split = Some(split);
                    out.push(second);
                }
                None => out.push(Chunk::new(Kind::Np, i, np_end, np_head(a, i, np_end))),
            }
            i = np_end;
            continue;
        }
        if tag_is(t, &["PRP", "EX"])
            || (tag_is(t, &["DT"])
                && matches!(lower(i).as_str(), "this" | "these" | "those" | "that")
                && !next_is_noun(a, i + 1, end))
        {
            // "that" after a noun and before a verb is a relative pronoun.
            if lower(i) == "that" && out.last().is_some_and(|c: &Chunk| c.kind == Kind::Np) {
                out.push(Chunk::new(Kind::Rel, i, i + 1, i));
            } else {
                out.push(Chunk::new(Kind::Pronoun, i, i + 1, i));
            }
            i += 1;
            continue;
        }
        if t.is_verb() || tag_is(t, &["MD"]) {
            let c = verb_group(text, a, i, end);
            i = c.end;
            out.push(c);
            continue;
        }
        let kind = match t.name() {
            "IN" => {
                if lower(i) == "that" {
                    Kind::Rel
                } else {
                    Kind::Prep
                }
            }
            "TO" => {
                if i + 1 < end
                    && (tag(i + 1).is_verb() || (tag_is(tag(i + 1), &["RB"]) && i + 2 < end && tag(i + 2).is_verb()))
                {
                    Kind::To
                } else {
                    Kind::Prep
                }
            }
            "CC" => Kind::Conj,
            // A dash tagged as a comma sets off an aside or an apposition, not a list item, and a
            // semicolon tagged as one ends a clause.
            "," if !matches!(w, "—" | "–" | "--" | ";") => Kind::Comma,
            "WDT" | "WP" => Kind::Rel,
            "JJ" | "JJR" | "JJS" => Kind::Adj,
            "RB" | "RBR" | "RBS" | "WRB" => Kind::Adv,
            ":" | "-LRB-" | "-RRB-" | "``" | "''" | "." | "NFP" => Kind::Break,
            _ => {
                if matches!(w, ";" | "—" | "–" | "(" | ")" | "\"" | "“" | "”" | "--") {
                    Kind::Break
                } else {
                    Kind::Other
                }
            }
        };
        out.push(Chunk::new(kind, i, i + 1, i));
        i += 1;
    }
    out
}

fn next_is_noun(a: &Analysis, i: usize, end: usize) -> bool {
    let mut j = i;
    while j < end && (a.tags[j].is_adjective() || a.tags[j].name() == "CD") {
        j += 1;
    }
    j < end && a.tags[j].is_noun()
}

/// Words that may start a noun phrase as determiners; they are trimmed from mentions.
fn is_determiner(t: Tag) -> bool {
    tag_is(t, &["DT", "PDT", "PRP$", "WP$"])
}

/// The end of a noun phrase starting at `i`, if one does.
fn noun_phrase(text: &str, a: &Analysis, i: usize, end: usize) -> Option<usize> {
    let tag = |j: usize| a.tags[j];
    let word = |j: usize| a.tokens[j].text(text);
    let mut j = i;
    let mut seen_det = false;
    while j < end && is_determiner(tag(j)) {
        // "that"/"which" as determiner only when a noun follows.
        j += 1;
        seen_det = true;
    }
    let body_start = j;
    let mut last_noun: Option<usize> = None;
    while j < end {
        let t = tag(j);
        let w = word(j);
        // A date ends the phrase: "in May 2005 Microsoft chose ..." is "May 2005", then "Microsoft".
        if j > body_start && tag_is(t, &["CD"]) && is_year(w) && is_month(word(j - 1)) {
            last_noun = Some(j);
            break;
        }
        // A scare-quoted adjective: "a 'typical' unsupervised learning rule" (a quoted noun
        // introduces a term: "the "attention" mechanism").
        if t.name() == "``"
            && j + 3 < end
            && tag(j + 2).name() == "''"
            && tag(j + 1).is_adjective()
            && word(j + 1).starts_with(char::is_lowercase)
            && continues_np(a, j + 3, end)
        {
            j += 3;
            continue;
        }
        let ok = if t.is_noun() {
            true
        } else if t.is_adjective() || tag_is(t, &["CD", "HYPH", "AFX"]) {
            // An adjective or number must be followed by more of the phrase.
            j + 1 < end && continues_np(a, j + 1, end)
        } else if tag_is(t, &["VBN", "VBG"]) {
            // Participles modify a following noun ("trained models", "machine learning systems")
            // when the phrase has begun or a determiner precedes.
            let follows = j + 1 < end && (tag(j + 1).is_noun() || tag(j + 1).is_adjective());
            follows && (j > body_start || seen_det) && last_noun.is_none_or(|_| tag_is(t, &["VBG"]))
        } else if t.name() == "POS" {
            // A possessive ends this phrase; the possessed phrase starts after it.
            false
        } else if w == "&" {
            last_noun.is_some() && j + 1 < end && tag(j + 1).is_proper()
        } else {
            false
        };
        if !ok {
            break;
        }
        if t.is_noun() {
            last_noun = Some(j);
        }
        j += 1;
    }
    let mut stop = last_noun? + 1;
    // Regnal and model numbers: "Richard III", "Tegra 3", "GeForce 256" (not years or dates).
    if tag(stop - 1).is_proper()
        && stop < end
        && (is_roman(word(stop)) || is_model_number(word(stop)))
        && !is_month(word(stop - 1))
    {
        stop += 1;
    }
    // A proper name may span "of", "on", "for" and "and": "House of York", "Battle of Bosworth
    // Field", "World Summit on Sustainable Development", "Hudson's Bay Company".
    let capitalised = |k: usize| {
        word(k).chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && (word(k).chars().skip(1).any(char::is_lowercase) || word(k).chars().count() > 1 && tag(k).is_proper())
    };
    // A known "X of Y" term: "board of directors", "rule of law", "balance of power".
    if stop + 1 < end && word(stop) == "of" && a.tags[stop - 1].is_noun() {
        // "{before} of {after}", lower case, built in one buffer.
        let mut term = String::new();
        for j in body_start..stop {
            if j > body_start {
                term.push(' ');
            }
            term.push_str(&lower_case(word(j)));
        }
        term.push_str(" of");
        let before = term.len();
        for take in (1..=2).rev() {
            let k = stop + 1 + take;
            if k > end || !(stop + 1..k).all(|j| a.tags[j].is_noun() || a.tags[j].is_adjective()) {
                continue;
            }
            term.truncate(before);
            for j in stop + 1..k {
                term.push(' ');
                term.push_str(&lower_case(word(j)));
            }
            if wordnet(&term, Pos::Noun).is_some() {
                return Some(k);
            }
        }
    }
    let heading = a.in_heading(i);
    if heading {
        return Some(stop);
    }
    let title_case = |k: usize| word(k).chars().next().is_some_and(char::is_uppercase);
    // "2nd Duke of Buckingham", "14th Earl of Derby": an ordinal may open a title, and a year an
    // event's name ("the 1972 United Nations Conference on the Human Environment").
    let name_start = if stop - body_start >= 2 && (is_ordinal(word(body_start)) || is_year(word(body_start))) {
        body_start + 1
    } else {
        body_start
    };
    loop {
        let sentence_start = a.starts_sentence(stop - 1);
        let name_so_far =
            title_case(name_start) && (tag(stop - 1).is_proper() || (capitalised(stop - 1) && !sentence_start));
        if !name_so_far || stop + 1 >= end {
            break;
        }
        let joiner = word(stop);
        let mut k = stop + 1;
        match joiner {
            "of" | "on" | "for" => {
                if k < end && word(k) == "the" {
                    k += 1;
                }
            }
            // "Hudson's Bay Company": a possessive inside a name ending in an organisation word.
            "'s" | "’s" => {}
            // Not after a plural: "the Houses of Lancaster and York" are two houses.
            "and" | "&"
                if (body_start..stop)
                    .any(|j| (word(j) == "of" || word(j) == "on") && j > 0 && !tag(j - 1).is_plural()) => {}
            _ => break,
        }
        let name_start = k;
        while k < end
            && (tag(k).is_noun() || tag(k).is_adjective() || is_roman(word(k)) || tag(k).name() == "CD")
            && capitalised(k)
        {
            k += 1;
        }
        if k == name_start {
            break;
        }
        if matches!(joiner, "'s" | "’s") && !ORG_WORDS.contains(&word(k - 1)) {
            break;
        }
        // "the Houses of Lancaster and York": a plural before "of" and a second name after "and"
        // make two names, each its own "of" phrase (see `distributed_of` in `extract`).
        if joiner == "of"
            && tag(stop - 1).is_plural()
            && k + 1 < end
            && matches!(word(k), "and" | "or")
            && capitalised(k + 1)
        {
            break;
        }
        // "as had Nintendo for the Wii console": a common noun after the name part makes it a
        // name before its class, not the end of a longer name.
        if joiner == "for" && k < end && tag(k).is_noun() && !capitalised(k) {
            break;
        }
        stop = k;
    }
    Some(stop)
}

/// Words that end an organisation's name ("Hudson's Bay Company").
const ORG_WORDS: &[&str] = &[
    "Company",
    "Corporation",
    "Inc.",
    "Inc",
    "Ltd",
    "Ltd.",
    "Society",
    "Bank",
    "Church",
    "College",
    "University",
    "Institute",
    "Foundation",
    "Trust",
];

/// A month's name, as written in a date ("March", "Sept.").
pub(crate) fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
];

/// A year: "1066", "2005".
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1000..=2100).contains(&y))
}

/// A model number: "3", "360", "256", but not a year.
fn is_model_number(w: &str) -> bool {
    let digits = w.chars().all(|c| c.is_ascii_digit());
    digits && !w.is_empty() && w.len() <= 4 && !is_year(w)
}

/// Heads that make an eponymous term of a name ("Harvard architecture", "Turing test"): no split.
const EPONYM_HEADS: &[&str] = &[
    "architecture",
    "law",
    "laws",
    "test",
    "theorem",
    "effect",
    "principle",
    "equation",
    "constant",
    "number",
    "prize",
    "award",
    "machine",
    "conjecture",
    "hypothesis",
    "paradox",
    "problem",
    "distribution",
    "model",
    "algorithm",
    "method",
    "syndrome",
    "disease",
    "scale",
    "cycle",
    "process",
    "rule",
    "doctrine",
    "era",
    "period",
    "age",
    "war",
    "treaty",
    "act",
    "convention",
    "dynasty",
    "family",
    "empire",
    "kingdom",
    "family",
    "style",
];

/// Where a noun phrase splits into a class and a name: "mathematician John von Neumann" at the
/// name, "Xbox game console" after it. Names are title-case proper nouns; acronyms ("AI
/// research") and eponymous terms ("Harvard architecture") do not split.
fn name_split(text: &str, a: &Analysis, start: usize, end: usize) -> Option<(usize, Split)> {
    let word = |j: usize| a.tokens[j].text(text);
    let title = |j: usize| {
        let w = word(j);
        w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) && w.chars().any(char::is_lowercase)
    };
    let lower = |j: usize| word(j).chars().next().is_some_and(char::is_lowercase);
    let mut body = start;
    while body < end && is_determiner(a.tags[body]) {
        body += 1;
    }
    if end - body < 2 {
        return None;
    }
    let proper = |j: usize| a.tags[j].is_proper() || (is_roman(word(j)) || is_model_number(word(j))) && j > body;
    let sentence_start = a.starts_sentence(body);
    // Class before name: words ending in a lower-case common noun, then proper words to the end
    // ("mathematician John von Neumann", "French chemist Anselme Payen", "Nobel laureate Richard
    // Willstätter").
    let name_part =
        |k: usize| (k..end).all(|j| proper(j) || matches!(word(j), "von" | "van" | "de" | "of" | "the" | "da" | "del"));
    // "King Magnus Eriksson", "Queen Elizabeth I": a ruler's title before a name is its class.
    if !a.in_heading(body) {
        if let Some(k) =
            (body..end - 1).find(|&k| title(k) && crate::text::RULER_TITLES.contains(&&*word(k).to_lowercase()))
        {
            if title(k + 1) && name_part(k + 1) && (body..k).all(|j| a.tags[j].is_adjective() || a.tags[j].is_proper())
            {
                return Some((k + 1, Split::NameAfterClass));
            }
        }
    }
    if let Some(k) = (body + 1..end).find(|&k| lower(k - 1) && a.tags[k - 1].is_noun() && title(k) && name_part(k)) {
        if (body..k).all(|j| !a.tags[j].is_proper() || !lower(j) || j < k - 1) {
            return Some((k, Split::NameAfterClass));
        }
    }
    // A lower-case name after its class: "the enzyme urease", "the hormone insulin". Both words
    // have one sense, of one WordNet class of things, the second is the rarer, and the two are no
    // known compound.
    if body > start && end - body >= 2 {
        let (n1, n2) = (end - 2, end - 1);
        let single = |j: usize| {
            let w = word(j);
            (w.bytes().all(|b| b.is_ascii_lowercase()) && a.tags[j].is_noun() && !a.tags[j].is_proper())
                .then(|| crate::text::lemma::singular(w).into_owned())
                .and_then(|l| wordnet(&l, Pos::Noun).filter(|e| e.senses == 1).map(|e| (l, e.first_class())))
        };
        if let (Some((l1, c1)), Some((l2, c2))) = (single(n1), single(n2)) {
            if c1 == c2
                && matches!(c1, "substance" | "body" | "artifact" | "animal" | "plant")
                && (body..n1).all(|j| a.tags[j].is_adjective())
                && a.tags[n2].name() == "NN"
                && idf(&l2) > idf(&l1) + 1.0
                && wordnet(&format!("{l1} {l2}"), Pos::Noun).is_none()
            {
                return Some((n2, Split::NameAfterClass));
            }
        }
    }
    // An acronym named after its class: "its main rival AMD", "the chipmaker TSMC". The class is
    // a person or group noun, and the acronym is no common noun ("the host CPU" stays whole; WordNet
    // knows some names' letters as other things, as "AMD" for a disease). A compound before the
    // acronym ("the graphics industry AMD") is a phrase run into the name, not its class.
    let last = end - 1;
    let acronym = |w: &str| {
        (2..=6).contains(&w.len())
            && w.chars().all(|c| c.is_ascii_uppercase())
            && wordnet(&w.to_ascii_lowercase(), Pos::Noun)
                .is_none_or(|e| matches!(e.first_class(), "group" | "state" | "location"))
    };
    if last > body
        && a.tags[last].is_noun()
        && acronym(word(last))
        && lower(last - 1)
        && (a.tags[last - 1].is_noun() || a.tags[last - 1].is_adjective())
        && (body..last).all(|j| lower(j) && !a.tags[j].is_proper())
        && wordnet(&crate::text::lemma::singular(&word(last - 1).to_lowercase()), Pos::Noun)
            .is_some_and(|e| matches!(e.first_class(), "person" | "group"))
    {
        let compound = (body..last - 1).any(|j| a.tags[j].is_noun());
        return Some((last, if compound { Split::Apart } else { Split::NameAfterClass }));
    }
    if lower(body) {
        return None;
    }
    // Name before class: title-case proper words, then lower-case words ending in a common noun.
    if sentence_start && !a.tags[body].is_proper() {
        return None;
    }
    let k = (body..end).find(|&j| lower(j))?;
    let head = end - 1;
    let head_word = word(head).to_lowercase();
    let ok = k > body
        && (body..k).all(|j| a.tags[j].is_proper() && title(j) || j > body && is_model_number(word(j)))
        && (k..end).all(|j| lower(j) && !a.tags[j].is_proper())
        && a.tags[head].is_noun()
        && !EPONYM_HEADS.contains(&head_word.as_str())
        && !EPONYM_HEADS.contains(&crate::text::lemma::singular(&head_word).as_ref());
    ok.then_some((k, Split::ClassAfterName))
}

/// An ordinal in figures: "1st", "2nd", "23rd", "14th".
fn is_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th")
}

/// A regnal or sequel number in capitals: "III", "VII", "XIV".
fn is_roman(w: &str) -> bool {
    (1..=6).contains(&w.len()) && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')) && w != "C" && w != "L"
}

fn continues_np(a: &Analysis, j: usize, end: usize) -> bool {
    let mut k = j;
    while k < end {
        let t = a.tags[k];
        if t.is_noun() {
            return true;
        }
        if !(t.is_adjective() || tag_is(t, &["CD", "HYPH", "VBN", "VBG", "AFX"])) {
            return false;
        }
        k += 1;
    }
    false
}

fn np_head(a: &Analysis, start: usize, end: usize) -> usize {
    // The last noun before any "of" (a name with "of" keeps its first part's head).
    let mut head = end - 1;
    for j in start..end {
        if a.tags[j].name() == "IN" {
            break;
        }
        if a.tags[j].is_noun() {
            head = j;
        }
    }
    head
}

/// A verb group starting at `i`.
fn verb_group(text: &str, a: &Analysis, i: usize, end: usize) -> Chunk {
    let tag = |j: usize| a.tags[j];
    let lower = |j: usize| a.tokens[j].text(text).to_ascii_lowercase();
    let mut j = i;
    let mut main = i;
    let mut negated = false;
    let mut verbs: Vec<usize> = Vec::new();
    while j < end {
        let t = tag(j);
        let l = lower(j);
        if t.is_verb() || t.name() == "MD" {
            verbs.push(j);
            main = j;
            j += 1;
        } else if (t.is_adverb() || l == "not" || l == "n't" || l == "never")
            && j + 1 < end
            && (tag(j + 1).is_verb() || tag(j + 1).is_adverb() || lower(j + 1) == "not")
        {
            if matches!(l.as_str(), "not" | "n't" | "never") {
                negated = true;
            }
            j += 1;
        } else {
            break;
        }
    }
    // A trailing negation: "is not".
    // "not only ... but also" affirms.
    if j < end && matches!(lower(j).as_str(), "not" | "n't" | "never") && !(j + 1 < end && lower(j + 1) == "only") {
        negated = true;
        j += 1;
    }
    let is_be = |k: usize| {
        matches!(
            lower(k).as_str(),
            "be" | "is" | "are" | "was" | "were" | "been" | "being" | "am" | "'s" | "'re" | "’s" | "’re" | "'m"
        )
    };
    let is_get = |k: usize| matches!(lower(k).as_str(), "get" | "gets" | "got" | "gotten" | "getting");
    let passive = verbs.len() >= 2
        && tag(main).name() == "VBN"
        && verbs[..verbs.len() - 1].iter().any(|&k| is_be(k) || is_get(k));
    let copula = is_be(main);
    // "EDVAC was not the first stored-program computer", "AI is not just a tool": what is denied
    // is the rank or the "just", not the class.
    if negated && copula && j + 1 < end {
        let ranked = matches!(lower(j).as_str(), "the" | "a" | "an")
            && (tag(j + 1).name() == "JJS" || matches!(lower(j + 1).as_str(), "first" | "only" | "last" | "sole"));
        if ranked || matches!(lower(j).as_str(), "just" | "merely" | "simply") {
            negated = false;
        }
    }
    let mut c = Chunk::new(Kind::Verb, i, j, main);
    c.passive = passive;
    c.negated = negated;
    c.copula = copula;
    if j < end && tag(j).name() == "RP" {
        c.particle = Some(j);
        c.end = j + 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn show(text: &str) -> String {
        let a = analyze(text);
        let s = &a.sentences[0];
        chunk(text, &a, s.tokens.clone())
            .iter()
            .map(|c| {
                let words: Vec<&str> = (c.start..c.end).map(|i| a.tokens[i].text(text)).collect();
                let mut s = format!("{:?}[{}]", c.kind, words.join(" "));
                if c.passive {
                    s.push_str("/pass");
                }
                if c.negated {
                    s.push_str("/neg");
                }
                if c.copula {
                    s.push_str("/cop");
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn noun_phrases_and_verbs() {
        assert_eq!(
            show("The CTO oversees the development of advanced data pipelines."),
            "Np[The CTO] Verb[oversees] Np[the development] Prep[of] Np[advanced data pipelines] Break[.]"
        );
        assert_eq!(
            show("GPT is used by many developers and does not replace engineers."),
            "Np[GPT] Verb[is used]/pass Prep[by] Np[many developers] Conj[and] Verb[does not replace]/neg Np[engineers] Break[.]"
        );
        assert_eq!(
            show("Richard III was the last king of the House of York."),
            "Np[Richard III] Verb[was]/cop Np[the last king] Prep[of] Np[the House of York] Break[.]"
        );
        assert_eq!(
            show("OpenAI's CTO is responsible for safety."),
            "Np[OpenAI] Other['s] Np[CTO] Verb[is]/cop Adj[responsible] Prep[for] Np[safety] Break[.]"
        );
    }
}
