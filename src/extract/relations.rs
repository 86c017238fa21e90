//! Relations from clause structure: subject-verb-object over chunks, with passives, relative
//! clauses, participles, infinitives and gerunds, coordination on both sides, negation, copulas,
//! appositions, "such as"/"including"/"and other" lists and possessives.
//!
//! This file owns reading a sentence's chunks as clauses. Which relation a predicate signals is
//! the ontology's; which mentions are concepts is `concepts`'.

use std::borrow::Cow;

use crate::extract::chunk::{Chunk, Kind, Split};
use crate::ontology::{predicate_key, Ontology, Pattern, RelationId};
use crate::text::lexicon::{wordnet, Pos};
use crate::text::{lower_case, Analysis};

/// How a relation was found; this sets its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Via {
    /// A verb or phrase listed in the ontology.
    Verb,
    /// A verb listed nowhere, typed by its WordNet class.
    VerbClass,
    /// "X is a Y".
    Copula,
    /// "X, a Y,".
    Apposition,
    /// "Y such as X", "Y like X", "Y, including X", "X and other Y".
    Example,
    /// "the Y of X", "his Y".
    Possessive,
    /// "X's Y".
    Genitive,
    /// A single verb between two concepts of one clause, read linearly.
    VerbBetween,
    /// Two concepts in one clause with no typed link.
    Clause,
    /// The only two concepts of a sentence, not as items of a list.
    Sentence,
    /// Two concepts in the same sentence, in several sentences.
    Cooccurrence,
    /// "X for Y", a purpose: applied_in when the kinds say X is a technology (decided later).
    Purpose,
}

impl Via {
    /// How often a relation found this way is right, in [0, 1].
    pub(crate) fn reliability(self) -> f64 {
        match self {
            Via::Verb => 0.7,
            Via::Copula => 0.65,
            Via::Example => 0.65,
            Via::Apposition => 0.6,
            Via::Possessive | Via::Genitive | Via::Purpose => 0.5,
            Via::VerbClass => 0.4,
            Via::VerbBetween => 0.45,
            Via::Clause => 0.3,
            Via::Sentence => 0.25,
            Via::Cooccurrence => 0.2,
        }
    }
}

/// A relation between two mentions, before mentions become concepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRelation {
    pub(crate) source: usize,
    pub(crate) target: usize,
    /// `None` for a possessive whose relation depends on the kinds (decided later).
    pub(crate) relation: Option<RelationId>,
    pub(crate) via: Via,
}

/// What a sentence's analysis gives: relations, the sentence's subject (for pronouns in the next
/// sentence), and which mentions are subjects or objects (for salience).
#[derive(Debug, Clone, Default)]
pub(crate) struct SentenceRelations {
    pub(crate) relations: Vec<RawRelation>,
    pub(crate) subject: Option<usize>,
    pub(crate) arguments: Vec<usize>,
    /// Verb arguments for typing named concepts: (mention, verb lemma, the mention is the agent).
    pub(crate) roles: Vec<(usize, String, bool)>,
    /// Mentions in a coordinated list of noun phrases joined by "and" or "or" ("fairness,
    /// accountability, and transparency"): a writer lists things worth naming.
    pub(crate) listed: Vec<usize>,
}

/// Inputs for one sentence.
pub(crate) struct SentenceInput<'a> {
    pub(crate) text: &'a str,
    pub(crate) analysis: &'a Analysis,
    pub(crate) chunks: &'a [Chunk],
    /// For each chunk, the mention it made (noun phrases only).
    pub(crate) mention_of: &'a [Option<usize>],
    /// For each mention, whether its head is a light noun ("the development of X" stands for X).
    pub(crate) light: &'a dyn Fn(usize) -> bool,
    /// For each mention, whether it names something (a proper noun phrase).
    pub(crate) proper: &'a dyn Fn(usize) -> bool,
}

/// Words after which a new clause begins.
const SUBORDINATORS: &[&str] = &[
    "because", "although", "though", "while", "whereas", "if", "when", "whenever", "since", "unless", "until", "after",
    "before", "once", "so", "whether", "where", "as",
];

/// Collective nouns whose "of" phrase carries the meaning: "teams of researchers", "a family of models".
const COLLECTIVES: &[&str] = &[
    "team",
    "group",
    "family",
    "set",
    "series",
    "number",
    "range",
    "variety",
    "kind",
    "type",
    "form",
    "class",
    "suite",
    "array",
    "host",
    "collection",
    "network",
    "body",
    "pair",
    "couple",
    "majority",
    "lot",
    "portfolio",
    "line",
];

/// Collective nouns that name a whole made of what their "of" phrase names: "enzymes are chains
/// of amino acids" makes amino acids part of enzymes, where "a family of models" is a kind.
const WHOLES: &[&str] = &[
    "chain",
    "network",
    "system",
    "set",
    "group",
    "collection",
    "array",
    "sequence",
    "combination",
    "assembly",
    "cluster",
    "team",
    "coalition",
    "federation",
    "union",
    "consortium",
    "alliance",
    "league",
    "web",
    "mixture",
    "complex",
    "ensemble",
    "bundle",
    "suite",
    "portfolio",
];

impl<'a> SentenceInput<'a> {
    /// If chunk `k` opens a parenthesis, the chunk after its close.
    fn paren_end(&self, k: usize) -> Option<usize> {
        if self.kind(k) != Kind::Break || self.word(self.chunks[k].start) != "(" {
            return None;
        }
        (k + 1..self.chunks.len().min(k + 12)).find(|&j| self.word(self.chunks[j].start) == ")").map(|j| j + 1)
    }
    /// If chunk `k` closes a parenthesis, the chunk that opens it.
    fn paren_start(&self, k: usize) -> Option<usize> {
        if self.kind(k) != Kind::Break || self.word(self.chunks[k].start) != ")" {
            return None;
        }
        (k.saturating_sub(12)..k).rev().find(|&j| self.word(self.chunks[j].start) == "(")
    }
    fn word(&self, i: usize) -> &str {
        self.analysis.tokens[i].text(self.text)
    }
    fn lower(&self, i: usize) -> Cow<'a, str> {
        lower_case(self.analysis.tokens[i].text(self.text))
    }
    fn lemma(&self, i: usize) -> Cow<'a, str> {
        lower_case(self.analysis.lemma(self.text, i))
    }
    fn kind(&self, c: usize) -> Kind {
        self.chunks[c].kind
    }
    fn mention(&self, c: usize) -> Option<usize> {
        self.mention_of.get(c).copied().flatten()
    }
    fn is_np(&self, c: usize) -> bool {
        self.kind(c) == Kind::Np
    }
    fn chunk_word(&self, c: usize) -> Cow<'a, str> {
        self.lower(self.chunks[c].start)
    }
    fn is_subordinator(&self, c: usize) -> bool {
        self.kind(c) == Kind::Prep
            && SUBORDINATORS.contains(&&*self.chunk_word(c))
            && c + 1 < self.chunks.len()
            && !self.is_np_then_not_verb(c + 1)
    }
    /// "as" before a plain noun phrase is a preposition ("as a leader"); before a clause, a subordinator.
    fn is_np_then_not_verb(&self, c: usize) -> bool {
        self.is_np(c) && !(c + 1 < self.chunks.len() && self.kind(c + 1) == Kind::Verb)
    }
    fn head_lemma(&self, c: usize) -> Cow<'a, str> {
        self.lemma(self.chunks[c].head)
    }
}

/// A coordinated group of noun phrases starting at chunk `c`: `X`, `X and Y`, `X, Y, and Z`,
/// with "of" phrases of collective heads folded in, and the later items of a list whose members
/// each carry a relative clause. Returns the mentions and the chunk after the first item's group.
fn np_group(s: &SentenceInput<'_>, c: usize) -> (Vec<usize>, usize) {
    let (mut members, k) = coordination(s, c);
    // Only an object's: subjects that each carry a relative clause are more likely two clauses
    // ("genes that encode X are expressed, and proteins that bind DNA are repressed").
    if members.len() == 1 && in_object(s, c) {
        members.extend(relative_siblings(s, k));
    }
    (members, k)
}

/// Whether the phrase at chunk `c` follows a verb or a preposition, as an object does.
fn in_object(s: &SentenceInput<'_>, c: usize) -> bool {
    c > 0 && matches!(s.kind(c - 1), Kind::Verb | Kind::Prep)
}

/// [`np_group`] without the relative-clause siblings: the antecedent of one relative clause.
fn coordination(s: &SentenceInput<'_>, c: usize) -> (Vec<usize>, usize) {
    let mut members = Vec::new();
    let mut k = c;
    let n = s.chunks.len();
    // An object's coordination stops where a new clause starts: "are called substrates and the
    // enzyme converts them" (a subject's does not: "relays and vacuum tubes were used").
    let object = in_object(s, c);
    // A verb group with a finite auxiliary ("had been established", "can be inhibited") is
    // finite whatever its head.
    let finite_verb = |v: usize| {
        v < n
            && s.kind(v) == Kind::Verb
            && (!matches!(s.analysis.tags[s.chunks[v].head].name(), "VBG" | "VBN")
                || matches!(s.analysis.tags[s.chunks[v].start].name(), "VBD" | "VBZ" | "VBP" | "MD")
                    && s.chunks[v].start < s.chunks[v].head)
    };
    // ", and activators are ...": after a comma and a conjunction, a bare phrase before a finite
    // verb starts a clause too.
    let starts_clause = |j: usize| {
        object
            && (s.kind(j) == Kind::Pronoun
                || matches!(&*s.lower(s.chunks[j].start), "the" | "a" | "an" | "this" | "these" | "its" | "their")
                || j >= 2 && s.kind(j - 1) == Kind::Conj && s.kind(j - 2) == Kind::Comma)
            && finite_verb(j + 1)
    };
    // "arithmetic and logic operations, hardware registers that ...", "in importance and
    // influence, governments and regulators are ...": once a conjunction has closed the list, a
    // bare comma does not extend it to an item with its own relative clause, or to the subject
    // of a new clause. It does extend it otherwise ("poultry and eggs, cattle, and cotton").
    let mut closed = false;
    let new_start = |j: usize| {
        let mut k = j;
        while k < n && s.is_np(k) {
            k += 1;
            if k < n && s.kind(k) == Kind::Rel {
                return k == j + 1;
            }
            if k < n && s.kind(k) == Kind::Comma {
                k += 1;
            }
            if k < n && s.kind(k) == Kind::Conj {
                k += 1;
            }
        }
        object && finite_verb(k)
    };
    loop {
        if k >= n || !(s.is_np(k) || s.kind(k) == Kind::Pronoun) {
            break;
        }
        let mut item = k;
        // Possessives: "OpenAI's CTO" is the CTO.
        while let Some(owned) = possessed(s, item) {
            item = owned;
        }
        // Light and collective heads stand for their "of" phrase ("the development of tools",
        // "teams of researchers and engineers").
        let mut next = item + 1;
        // "the central problems (or goals) of AI research": look past a parenthesis for "of".
        let of_at = match s.paren_end(next.min(n.saturating_sub(1))) {
            Some(after) if next < n => after,
            _ => next,
        };
        let transparent = s.mention(item).is_none_or(|m| (s.light)(m)) || COLLECTIVES.contains(&&*s.head_lemma(item));
        if transparent
            && of_at + 1 < n
            && s.kind(of_at) == Kind::Prep
            && s.chunk_word(of_at) == "of"
            && s.is_np(of_at + 1)
        {
            let (inner, after) = np_group(s, of_at + 1);
            if COLLECTIVES.contains(&&*s.head_lemma(item)) {
                members.extend(s.mention(item));
            }
            members.extend(inner);
            next = after;
        } else if let (true, Some(name)) = (
            next < n && s.chunks[next].split == Some(Split::NameAfterClass),
            s.mention(next).filter(|&m| (s.proper)(m)),
        ) {
            // "a charter from King Magnus Eriksson": the name, not its title, is the member.
            members.push(name);
            next += 1;
        } else if let Some(m) = s.mention(item) {
            members.push(m);
        }
        // A parenthesis after a member ("the arithmetic logic unit (ALU)") is part of it.
        if next < n {
            if let Some(after) = s.paren_end(next) {
                next = after;
            }
        }
        k = next;
        // Coordination: ", Y", " and Y", ", and Y".
        let mut j = k;
        if j < n && s.kind(j) == Kind::Comma {
            j += 1;
        }
        if j < n && s.kind(j) == Kind::Conj && matches!(&*s.chunk_word(j), "and" | "or" | "&") {
            j += 1;
            closed = true;
        } else if j + 3 < n && s.chunk_word(j) == "as" && s.chunk_word(j + 1) == "well" && s.chunk_word(j + 2) == "as" {
            // "GPUs, as well as chips for phones".
            j += 3;
        } else if j == k || closed && new_start(j) {
            break;
        }
        // "and other Xs" is the and_other pattern, not coordination.
        if j < n && s.is_np(j) && s.lower(s.chunks[j].start) == "other" {
            break;
        }
        // "created the perceptron, an algorithm for ...": an indefinite phrase after a comma is an
        // apposition (the patterns read it), unless a list goes on after it.
        if j == k + 1 && j < n && s.is_np(j) && matches!(&*s.lower(s.chunks[j].start), "a" | "an") {
            let mut e = j + 1;
            if e + 1 < n && s.kind(e) == Kind::Prep && !s.is_subordinator(e) && s.is_np(e + 1) {
                e += 2;
            }
            let list_goes_on = e < n
                && (s.kind(e) == Kind::Conj
                    || s.kind(e) == Kind::Comma && e + 1 < n && matches!(s.kind(e + 1), Kind::Conj | Kind::Np));
            if !list_goes_on {
                break;
            }
        }
        if j < n && (s.is_np(j) || s.kind(j) == Kind::Pronoun) && !starts_clause(j) {
            k = j;
            continue;
        }
        break;
    }
    (members, k)
}

/// Items of a list whose members each carry a relative clause: after "the ALU that performs
/// arithmetic" (ending at `rel`), the "hardware registers" and "a control unit" of ", hardware
/// registers that supply operands, and a control unit that fetches instructions". Every item
/// repeats the relative word, and the last follows a conjunction, or nothing is taken.
fn relative_siblings(s: &SentenceInput<'_>, rel: usize) -> Vec<usize> {
    let n = s.chunks.len();
    if rel >= n || s.kind(rel) != Kind::Rel {
        return Vec::new();
    }
    let word = s.chunk_word(rel);
    let mut items = Vec::new();
    let mut k = rel + 1;
    while k < n {
        if s.kind(k) != Kind::Comma {
            k += 1;
            continue;
        }
        let conj = k + 1 < n && s.kind(k + 1) == Kind::Conj && matches!(&*s.chunk_word(k + 1), "and" | "or");
        let np = k + 1 + usize::from(conj);
        let after = if np + 1 < n { s.paren_end(np + 1).unwrap_or(np + 1) } else { np + 1 };
        if np < n && s.is_np(np) && after < n && s.kind(after) == Kind::Rel && s.chunk_word(after) == word {
            items.extend(s.mention(np));
            if conj {
                return items;
            }
            k = after + 1;
        } else {
            k += 1;
        }
    }
    Vec::new()
}

/// The noun-phrase group that ends just before chunk `c` (scanning left), skipping the objects of
/// prepositions and possessors. Stops at clause boundaries.
fn subject_left(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    let mut k = c;
    while k > 0 {
        k -= 1;
        match s.kind(k) {
            Kind::Np => {
                // An object of a preposition, or a possessor: keep looking left.
                let before = if k > 0 { Some(s.kind(k - 1)) } else { None };
                if before == Some(Kind::Prep) && !s.is_subordinator(k - 1) {
                    continue;
                }
                // "the mining community in Falun, Sweden, obtained ...": a name after a comma that
                // places the name of a prepositional object is part of that object.
                let named = |j: usize| s.mention(j).is_some_and(|m| (s.proper)(m));
                if k >= 3
                    && before == Some(Kind::Comma)
                    && s.is_np(k - 2)
                    && s.kind(k - 3) == Kind::Prep
                    && !s.is_subordinator(k - 3)
                    && named(k)
                    && named(k - 2)
                {
                    k -= 2;
                    continue;
                }
                // The object of a relative clause: "models which emulate the brain are ...".
                if let Some(r) = relative_before(s, k) {
                    return antecedent(s, r);
                }
                return Some(group_start(s, k));
            }
            Kind::Pronoun => return Some(k),
            Kind::Adv | Kind::Other | Kind::Adj => continue,
            Kind::Comma => {
                if let Some(open) = dash_start(s, k) {
                    k = open;
                }
                continue;
            }
            Kind::Prep => {
                // "Other areas, such as X, are ...": an example list, not a subordinate clause.
                if k > 0 && s.chunk_word(k) == "as" && s.chunk_word(k - 1) == "such" {
                    k -= 1;
                    continue;
                }
                if s.is_subordinator(k) {
                    return None;
                }
                continue;
            }
            // Quotation marks around the subject: "The term "AI" refers to ...".
            Kind::Break if is_quote(s.word(s.chunks[k].start)) => continue,
            Kind::Break => match s.paren_start(k).or_else(|| dash_start(s, k)) {
                Some(open) => k = open,
                None => return None,
            },
            Kind::Verb => {
                if let Some(r) = relative_before(s, k + 1) {
                    return antecedent(s, r);
                }
                // A participle phrase modifying the subject: "The set of enzymes made in a cell
                // determines ...".
                let chunk = &s.chunks[k];
                let tag = s.analysis.tags[chunk.head].name();
                let single = chunk.end - chunk.start == 1;
                let participle = single && matches!(tag, "VBN" | "VBG");
                if participle && k > 0 && s.is_np(k - 1) {
                    continue;
                }
                // "Nvidia, headquartered in Santa Clara, designs chips": a participle's aside
                // between commas.
                let aside = single
                    && matches!(tag, "VBN" | "VBD")
                    && k >= 2
                    && s.kind(k - 1) == Kind::Comma
                    && s.is_np(k - 2)
                    && s.kind(c - 1) == Kind::Comma
                    && (k + 1..c - 1).all(|j| matches!(s.kind(j), Kind::Prep | Kind::Np | Kind::Adv));
                if aside {
                    k -= 1;
                    continue;
                }
                return None;
            }
            Kind::Rel | Kind::To | Kind::Conj => return None,
        }
    }
    None
}

fn is_quote(w: &str) -> bool {
    matches!(w, "\"" | "“" | "”" | "``" | "''" | "‘" | "’")
}

/// If the noun phrase at chunk `c` is a possessor ("OpenAI's CTO", "AMD's "Radeon" products"),
/// the chunk of what it possesses; quotes around a name after the "'s" are passed over.
fn possessed(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    let n = s.chunks.len();
    if c + 2 >= n || s.kind(c + 1) != Kind::Other || !matches!(s.word(s.chunks[c + 1].start), "'s" | "’s" | "'") {
        return None;
    }
    let mut k = c + 2;
    while k + 1 < n && s.kind(k) == Kind::Break && is_quote(s.word(s.chunks[k].start)) {
        k += 1;
    }
    s.is_np(k).then_some(k)
}

/// If chunk `k` is a dash that closes a dashed aside ("Environmental law - or \"natural
/// resources law\" - is ..."), the dash that opens it, after a noun phrase.
fn dash_start(s: &SentenceInput<'_>, k: usize) -> Option<usize> {
    let dash = |j: usize| {
        matches!(s.kind(j), Kind::Break | Kind::Comma) && matches!(s.word(s.chunks[j].start), "-" | "—" | "–" | "--")
    };
    if !dash(k) {
        return None;
    }
    let open = (k.saturating_sub(12)..k).rev().find(|&j| dash(j))?;
    (open > 0 && s.is_np(open - 1)).then_some(open)
}

/// The first member of the coordinated group that ends with the noun phrase at `k`: "X, Y and Z"
/// or "X and Z". Commas alone ("In addition, the CTO") do not coordinate.
fn group_start(s: &SentenceInput<'_>, k: usize) -> usize {
    let mut start = k;
    let mut conj = false;
    let mut j = k;
    loop {
        if j >= 2 && s.kind(j - 1) == Kind::Conj && s.is_np(j - 2) {
            conj = true;
            j -= 2;
        } else if j >= 3 && s.kind(j - 1) == Kind::Conj && s.kind(j - 2) == Kind::Comma && s.is_np(j - 3) {
            conj = true;
            j -= 3;
        } else if conj && j >= 2 && s.kind(j - 1) == Kind::Comma && s.is_np(j - 2) {
            j -= 2;
        } else {
            break;
        }
        start = j;
    }
    // "molecules that decrease enzyme activity, and activators are ...": a verb's object before
    // the conjunction belongs to the clause before.
    if start < k
        && start > 0
        && s.kind(start - 1) == Kind::Verb
        && !matches!(s.analysis.tags[s.chunks[start - 1].head].name(), "VBG" | "VBN")
    {
        return k;
    }
    start
}

/// "assume the role of X", "held the office of X": the chunk of X after a verb of taking and a
/// noun of office.
fn title_taken(s: &SentenceInput<'_>, v: usize, verb_lemma: &str) -> Option<usize> {
    const TAKING: &[&str] = &["assume", "take", "hold", "play", "fill", "occupy", "accept", "receive", "gain"];
    const OFFICES: &[&str] = &["role", "title", "office", "position", "post", "rank", "mantle", "style", "dignity"];
    let n = s.chunks.len();
    let ok = v + 3 < n
        && TAKING.contains(&verb_lemma)
        && s.is_np(v + 1)
        && s.kind(v + 2) == Kind::Prep
        && s.chunk_word(v + 2) == "of"
        && s.is_np(v + 3)
        && OFFICES.contains(&&*s.head_lemma(v + 1).to_lowercase());
    ok.then_some(v + 3)
}

/// Verbs whose object is the agent of the infinitive that follows: "hired chroniclers to portray
/// his reign", "appoint a board to control the corporation".
const OBJECT_CONTROL: &[&str] = &[
    "hire",
    "appoint",
    "elect",
    "commission",
    "ask",
    "allow",
    "permit",
    "enable",
    "force",
    "persuade",
    "encourage",
    "authorize",
    "authorise",
    "instruct",
    "order",
    "invite",
    "urge",
    "empower",
    "compel",
    "oblige",
    // A body set up or sent for a purpose carries it out: "nations chartered corporations to
    // lead ventures", "formed a committee to study X" (not "built a prototype to test X": what is
    // built or created is often the means of its maker's purpose).
    "charter",
    "establish",
    "found",
    "form",
    "assign",
    "send",
];

/// The object that acts the infinitive "to" at chunk `to` introduces, when an object-control verb
/// governs it: the first chunk of the object's coordinated group.
fn controller(s: &SentenceInput<'_>, to: usize) -> Option<usize> {
    let np = to.checked_sub(1).filter(|&k| s.is_np(k))?;
    let start = group_start(s, np);
    let v = start.checked_sub(1).filter(|&k| s.kind(k) == Kind::Verb)?;
    let chunk = &s.chunks[v];
    (!chunk.passive && OBJECT_CONTROL.contains(&&*s.lemma(chunk.head))).then_some(start)
}

/// If the chunks just before `k` are "which/that/who [adverbs] VERB", the relative pronoun.
fn relative_before(s: &SentenceInput<'_>, k: usize) -> Option<usize> {
    let mut j = k;
    while j > 0 && matches!(s.kind(j - 1), Kind::Adv | Kind::Adj) {
        j -= 1;
    }
    if j == 0 || s.kind(j - 1) != Kind::Verb {
        return None;
    }
    j -= 1;
    while j > 0 && s.kind(j - 1) == Kind::Adv {
        j -= 1;
    }
    (j > 0 && s.kind(j - 1) == Kind::Rel).then(|| j - 1)
}

/// The antecedent of a relative pronoun at chunk `r`: the noun phrase before it, skipping a
/// comma and a parenthesis; of "X within Y that ...", X, unless X is a light or collective noun.
/// Whether the verb just before "to" at chunk `to` lends its subject to the "be" after it: a
/// passive ("is considered to be", "is known to be") or a raising verb ("seems to be").
fn raises(s: &SentenceInput<'_>, to: usize) -> bool {
    let Some(v) = to.checked_sub(1).filter(|&v| s.kind(v) == Kind::Verb) else {
        return false;
    };
    let chunk = &s.chunks[v];
    !chunk.negated
        && (chunk.passive
            || matches!(&*s.lemma(chunk.head), "seem" | "appear" | "prove" | "tend" | "turn" | "happen" | "continue"))
}

fn antecedent(s: &SentenceInput<'_>, r: usize) -> Option<usize> {
    let mut k = r;
    // "X, which ..." and "X (which ...)".
    if k > 0 && (s.kind(k - 1) == Kind::Comma || s.kind(k - 1) == Kind::Break && s.word(s.chunks[k - 1].start) == "(") {
        k -= 1;
    }
    if k > 0 {
        if let Some(open) = s.paren_start(k - 1) {
            k = open;
        }
    }
    if k == 0 || !s.is_np(k - 1) {
        return None;
    }
    let mut np = k - 1;
    if np >= 2 && s.kind(np - 1) == Kind::Prep && !s.is_subordinator(np - 1) && s.is_np(np - 2) {
        let outer = np - 2;
        let transparent = s.mention(outer).is_none_or(|m| (s.light)(m)) || COLLECTIVES.contains(&&*s.head_lemma(outer));
        if !transparent {
            np = outer;
        }
    }
    // The antecedent may be coordinated.
    Some(group_start(s, np))
}

/// The role phrase of "V as (a) ROLE of Y" after verb chunk `v`, past adverbs.
fn as_role(s: &SentenceInput<'_>, v: usize) -> Option<usize> {
    let n = s.chunks.len();
    let k = (v + 1..n).find(|&k| s.kind(k) != Kind::Adv)?;
    (k + 1 < n && s.kind(k) == Kind::Prep && s.chunk_word(k) == "as" && s.is_np(k + 1)).then_some(k + 1)
}

/// The first item of the list that ends with noun phrase chunk `c` ("X, Y and Z" at Z: X).
fn list_start(s: &SentenceInput<'_>, c: usize) -> usize {
    let mut start = c;
    while start >= 2 && matches!(s.kind(start - 1), Kind::Comma | Kind::Conj) && s.is_np(start - 2) {
        start -= 2;
    }
    start
}

/// Verbs whose "as" phrase puts the subject in a class: "X was used as Y" (passive), "X serves
/// as Y" (active).
const AS_CLASS_PASSIVE: &[&str] =
    &["use", "employ", "regard", "consider", "see", "view", "treat", "classify", "recognize", "recognise", "establish"];
const AS_CLASS_ACTIVE: &[&str] = &["serve", "act", "function", "double", "qualify"];

/// Verbs that give a name: "X is called Y", "the chip, dubbed Y".
const NAMING: &[&str] = &["call", "name", "term", "dub", "label", "title", "christen", "nickname", "brand", "know"];

/// Whether chunk `np` is the class at chunk `class` a copula named, or what its light head
/// stands for ("a family of statistical models").
fn names_class(s: &SentenceInput<'_>, class: usize, np: usize) -> bool {
    np == class
        || np == class + 2
            && s.kind(class + 1) == Kind::Prep
            && s.chunk_word(class + 1) == "of"
            && (s.mention(class).is_none_or(|m| (s.light)(m)) || COLLECTIVES.contains(&&*s.head_lemma(class)))
}

/// Relations of one sentence. `prev_subject` is the previous sentence's subject, for pronouns;
/// `implicit_agent` does what a subjectless heading or list line says ("Leading AI research").
pub(crate) fn sentence_relations(
    s: &SentenceInput<'_>,
    prev_subject: Option<usize>,
    implicit_agent: Option<usize>,
    ontology: &Ontology,
) -> SentenceRelations {
    let mut out = SentenceRelations::default();
    let n = s.chunks.len();
    // "a console known as the PlayStation": (the class, its name), for the name to take what the
    // sentence says of the class.
    let mut named: Vec<(usize, usize)> = Vec::new();
    // Subjects of the verbs seen so far: (chunk index of verb, subject mentions). A heading's
    // or list line's implicit agent governs until a clause names its own subject.
    let mut governing: Vec<usize> = implicit_agent.into_iter().collect();
    let mut last_verb_subject: Vec<usize> = Vec::new();
    // The governing subject came from a subordinate clause; a main clause's subject replaces it.
    let mut fallback_governing = implicit_agent.is_some();
    // The means of a purpose: "X (are) required to ...", and whether X is a quoted term ("The
    // word "corporation" is used to describe ...").
    let mut instrument: Option<(Vec<usize>, bool)> = None;
    // "X is a company that designs Y": the class a copula puts X in (its chunk) and X, for the
    // clause that follows the class.
    let mut defined: Option<(usize, Vec<usize>)> = None;
    // A personal pronoun stands for the subject of this sentence's main clause when one came
    // before it ("Nvidia announced that it had completed ..."), else for the previous sentence's.
    let resolve = |c: usize, s: &SentenceInput<'_>, this_subject: Option<usize>| -> Vec<usize> {
        if s.kind(c) == Kind::Pronoun {
            let w = s.chunk_word(c);
            if matches!(&*w, "they" | "it" | "he" | "she" | "we") {
                return this_subject.or(prev_subject).into_iter().collect();
            }
            // "X argues that these are ...": a demonstrative points back past this sentence.
            if matches!(&*w, "this" | "these") {
                return prev_subject.into_iter().collect();
            }
            return Vec::new();
        }
        let (mut group, after) = np_group(s, c);
        // "Other areas, such as environmental impact assessment, are ...": the examples share
        // what the clause says of the subject.
        if let Some((examples, _)) = example_list(s, after) {
            // Unless they are examples of a phrase farther back.
            if farther_host(s, after - 1, &examples).is_none() {
                group.extend(examples);
            }
        }
        group
    };
    for v in 0..n {
        if s.kind(v) != Kind::Verb {
            continue;
        }
        // "including X" introduces examples (handled as a pattern), not a clause.
        if s.word(s.chunks[v].head).eq_ignore_ascii_case("including") {
            continue;
        }
        let chunk = &s.chunks[v];
        let main_tag = s.analysis.tags[chunk.head].name();
        let prev = (0..v).rev().find(|&k| s.kind(k) != Kind::Adv);
        let prev_kind = prev.map(|k| s.kind(k));
        let finite = !matches!(main_tag, "VBG" | "VBN" | "VB") || chunk.end - chunk.start > 1 || chunk.copula;
        // 1. The subject.
        let mut subordinate = !finite;
        let mut reduced_passive = false;
        let subjects: Vec<usize> = if prev_kind == Some(Kind::Rel) {
            // "X, which develops Y" / "X that develops Y".
            subordinate = true;
            match antecedent(s, prev.expect("checked")) {
                Some(np) => defined
                    .as_ref()
                    .filter(|d| names_class(s, d.0, np))
                    .map_or_else(|| coordination(s, np).0, |d| d.1.clone()),
                None => Vec::new(),
            }
        } else if !finite && prev_kind == Some(Kind::To)
            || !finite && main_tag == "VBG" && matches!(prev_kind, Some(Kind::Prep | Kind::Comma | Kind::Conj))
        {
            // "to create X", "for guiding X", "..., aligning X": the governing subject.
            if matches!(prev_kind, Some(Kind::Comma | Kind::Conj)) && !last_verb_subject.is_empty() {
                last_verb_subject.clone()
            } else if let Some(object) = prev.filter(|_| prev_kind == Some(Kind::To)).and_then(|k| controller(s, k)) {
                // "hired chroniclers to portray his reign": the object acts.
                subordinate = true;
                np_group(s, object).0
            } else {
                governing.clone()
            }
        } else if !finite && matches!(main_tag, "VBN" | "VBG") && prev.is_some_and(|k| s.is_np(k)) {
            // Reduced relatives: "models trained on GPUs", "researchers working on NLP"; a past
            // participle reads as a passive.
            subordinate = true;
            reduced_passive = main_tag == "VBN";
            let k = prev.expect("checked");
            let np = group_start(s, k);
            defined.as_ref().filter(|d| names_class(s, d.0, np)).map_or_else(|| np_group(s, np).0, |d| d.1.clone())
        } else if matches!(main_tag, "VBN" | "VBD")
            && chunk.end - chunk.start == 1
            && prev_kind == Some(Kind::Comma)
            && (NAMING.contains(&&*s.lemma(chunk.head))
                || v + 2 < n && s.kind(v + 1) == Kind::Prep && s.chunk_word(v + 1) == "by" && s.is_np(v + 2)
                || (main_tag == "VBN" || closes_aside(s, v))
                    && v + 2 < n
                    && s.kind(v + 1) == Kind::Prep
                    && !s.is_subordinator(v + 1)
                    && s.is_np(v + 2))
            && prev.is_some_and(|k| k > 0 && s.is_np(k - 1))
        {
            // "the chip, dubbed the Tegra 3,": a name given in passing; "the vanguard, commanded by
            // Norfolk,": a passive with its agent.
            subordinate = true;
            reduced_passive = true;
            let k = prev.expect("checked") - 1;
            np_group(s, group_start(s, k)).0
        } else if chunk.copula && main_tag == "VB" && prev_kind == Some(Kind::To) && raises(s, prev.expect("checked")) {
            // "X is considered to be Y", "X seems to be Y": the subject of the verb before "to".
            last_verb_subject.clone()
        } else if prev_kind == Some(Kind::Conj) && !last_verb_subject.is_empty() {
            // "develops and promotes Y": the subject of the first verb.
            last_verb_subject.clone()
        } else {
            match subject_left(s, v) {
                Some(c) => {
                    if c > 0 && s.is_subordinator(c - 1) {
                        subordinate = true;
                    }
                    resolve(c, s, out.subject)
                }
                None => {
                    if !finite || main_tag == "VBG" {
                        governing.clone()
                    } else {
                        Vec::new()
                    }
                }
            }
        };
        if finite && !subjects.is_empty() {
            if !subordinate {
                if governing.is_empty() || fallback_governing {
                    governing = subjects.clone();
                    fallback_governing = false;
                }
                if out.subject.is_none() {
                    out.subject = subjects.first().copied();
                }
            } else if governing.is_empty() {
                governing = subjects.clone();
                fallback_governing = true;
            }
        }
        last_verb_subject = subjects.clone();
        let verb_lemma = s.lemma(chunk.head);
        for &m in &subjects {
            out.roles.push((m, verb_lemma.to_string(), !(chunk.passive || reduced_passive)));
        }
        // Joint agents work together: "McCulloch and Pitts created ...".
        if !(chunk.passive || reduced_passive || chunk.negated || chunk.copula) {
            joint_agents(s, &subjects, ontology, &mut out);
        }
        // "data pipelines required to train AI models": what the purpose acts on uses the means.
        if prev_kind == Some(Kind::To) {
            if let Some((means, means_is_term)) = instrument.take() {
                // "The word "corporation" is used to describe business corporations": what a
                // quoted term describes is one of what it names.
                let naming = means_is_term && matches!(&*verb_lemma, "describe" | "denote" | "designate" | "name");
                let (rel, via) = if naming {
                    (ontology.pattern(Pattern::Copula), Via::Copula)
                } else {
                    (ontology.relation_id("uses"), Via::Verb)
                };
                if let (Some(rel), true) = (rel, v + 1 < n && s.is_np(v + 1)) {
                    for y in np_group(s, v + 1).0 {
                        for &x in &means {
                            if x != y {
                                out.relations.push(RawRelation { source: y, target: x, relation: Some(rel), via });
                            }
                        }
                    }
                    continue;
                }
            }
        }
        instrument = None;
        let instrumental = matches!(&*verb_lemma, "require" | "need" | "use" | "employ" | "utilize");
        if instrumental && (chunk.passive || reduced_passive) && v + 2 < n && s.kind(v + 1) == Kind::To {
            instrument = Some((subjects.clone(), subject_left(s, v).is_some_and(|c| is_quoted_term(s, c))));
            continue;
        }
        if chunk.negated {
            continue;
        }
        // "The founders received funding from Sequoia Capital": the giver enables the receiver.
        if !(chunk.passive || reduced_passive) {
            receipt(s, v, &verb_lemma, &subjects, ontology, &mut out);
        }
        // "designed as a part of Y", "served as head of Y": the subject holds the role.
        let roles = as_role(s, v).map(|role| role_of(s, role, ontology)).unwrap_or_default();
        if !roles.is_empty() {
            for &x in &subjects {
                push_roles(&mut out, x, &roles, Via::Copula);
            }
            continue;
        }
        // "The term "neural network" refers to models employed in ...": the quoted term is one of
        // the class, and what the class's clause says is said of it.
        if let Some(class) = term_reference(s, v) {
            if let Some(is_a) = ontology.pattern(Pattern::Copula) {
                push_pairs(&mut out, &subjects, &np_group(s, class).0, is_a, Via::Copula);
            }
            defined = Some((class, subjects.clone()));
            continue;
        }
        // "relays were used as switching elements", "the board serves as a check": the subject
        // is one of the class.
        let passive = chunk.passive || reduced_passive;
        let as_class = if passive { AS_CLASS_PASSIVE } else { AS_CLASS_ACTIVE };
        if let (Some(class), Some(is_a)) = (as_role(s, v), ontology.pattern(Pattern::Copula)) {
            if as_class.contains(&&*verb_lemma) {
                push_pairs(&mut out, &subjects, &np_group(s, class).0, is_a, Via::Copula);
                continue;
            }
        }
        // A passive's agent past prepositional phrases: "X was sparked in the 2000s by Y".
        if chunk.passive || reduced_passive {
            let agent = late_agent(s, v).and_then(|a| agent_predicate(s, v, a, ontology));
            if let Some(pred) = agent {
                for y in np_group(s, pred.object).0 {
                    for &x in &subjects {
                        if x != y {
                            out.relations.push(RawRelation {
                                source: y,
                                target: x,
                                relation: Some(pred.relation),
                                via: pred.via,
                            });
                        }
                    }
                }
            }
        }
        // "assume the role of Protector", "took the title of Empress": the subject is one.
        if let (Some(title), Some(is_a), false) =
            (title_taken(s, v, &verb_lemma), ontology.pattern(Pattern::Copula), passive)
        {
            push_pairs(&mut out, &subjects, &np_group(s, title).0, is_a, Via::Copula);
            continue;
        }
        // 2. The predicate and its objects.
        let Some(pred) = predicate(s, v, chunk.passive || reduced_passive, ontology) else {
            continue;
        };
        let (objects, after) = np_group(s, pred.object);
        let mut objects = objects;
        // "Queen Elizabeth I granted the company a monopoly": the first of two objects of a
        // verb of giving receives, and the giver enables it.
        let giving = matches!(&*verb_lemma, "grant" | "give" | "award" | "offer" | "lend" | "allot" | "bestow");
        if giving
            && !passive
            && after < n
            && after == pred.object + 1
            && s.is_np(after)
            && !(after + 1 < n && s.is_np(after + 1))
        {
            if let Some((enables, false)) = ontology.predicate("support") {
                if !objects.is_empty() {
                    for &x in &subjects {
                        for &y in objects.iter().filter(|&&y| y != x) {
                            out.relations.push(RawRelation {
                                source: x,
                                target: y,
                                relation: Some(enables),
                                via: Via::Verb,
                            });
                        }
                    }
                    continue;
                }
            }
        }
        // "Kühne first used the term "enzyme"": the object is the quoted word, and to use (or
        // coin, or introduce) a word is to make it.
        let mut pred = pred;
        if let Some(term) = quoted_after_term(s, pred.object) {
            objects = s.mention(term).into_iter().collect();
            if let (true, Some(develops)) = (
                matches!(&*verb_lemma, "use" | "coin" | "introduce" | "popularize" | "popularise" | "invent"),
                ontology.relation_id("develops"),
            ) {
                pred = Predicate { relation: develops, inverse: false, via: Via::Verb, object: pred.object };
            }
        }
        // "This strategic vision includes determining the research areas to prioritize, which
        // partnerships to pursue, ...": what a named whole includes doing is part of it.
        let pred = match containing_gerund(s, v, ontology) {
            Some(part_of) if subject_left(s, v).is_some_and(|c| s.is_np(c)) => {
                objects.extend(wh_items(s, after));
                Predicate { relation: part_of, inverse: true, via: Via::Verb, object: pred.object }
            }
            _ => pred,
        };
        // "Principal components of a CPU include the ALU", "the founders of Nvidia included Jensen
        // Huang": what a role of Y includes holds that role to Y.
        let mut subjects = subjects;
        let mut pred = pred;
        if pred.inverse && ontology.relation(pred.relation).name == "part_of" && !passive {
            if let Some(c) = subject_left(s, v).filter(|&c| s.is_np(c)) {
                // "The central problems (or goals) of AI research include": past a parenthesis.
                let of_at = s.paren_end(c + 1).unwrap_or(c + 1);
                let of =
                    of_at + 1 < v && s.kind(of_at) == Kind::Prep && s.chunk_word(of_at) == "of" && s.is_np(of_at + 1);
                // "In addition to AMD, its competitors include Intel": "its" is the previous
                // sentence's subject.
                let its = !of
                    && matches!(&*s.lower(s.chunks[c].start), "its" | "their")
                    && c == (0..v).rev().find(|&k| s.is_np(k)).unwrap_or(c);
                let rel = of
                    .then(|| role_relation(s, c, of_at + 1, ontology).or_else(|| facet_relation(s, c, ontology)))
                    .flatten();
                if let Some(rel) = rel {
                    subjects = np_group(s, of_at + 1).0;
                    pred = Predicate { relation: rel, inverse: true, via: Via::Verb, object: pred.object };
                } else if let (true, Some(owner), Some(rel)) =
                    (its, prev_subject, ontology.agent_relation(&s.head_lemma(c)))
                {
                    subjects = vec![owner];
                    pred = Predicate { relation: rel, inverse: true, via: Via::Verb, object: pred.object };
                }
            }
        }
        // Examples that follow the object share its relation ("technologies like NLP and RL").
        // After a reduced relative they are examples of the phrase it modifies: "tools used in
        // AI, including search and logic" lists tools.
        if let Some((examples, _)) = example_list(s, after) {
            // So do examples of a phrase farther back ("chartered corporations to lead ventures,
            // such as the Dutch East India Company"), when it is this clause's subject.
            let farther = after.checked_sub(1).and_then(|last| farther_host(s, last, &examples));
            if reduced_host(s, pred.object).is_some() {
                subjects.extend(examples);
            } else if let Some(host) = farther {
                // A farther host that is not this clause's subject belongs to another clause;
                // its examples take no part in this one.
                if s.mention(host).is_some_and(|h| subjects.contains(&h)) {
                    subjects.extend(examples);
                }
            } else {
                objects.extend(examples);
            }
        }
        out.arguments.extend(subjects.iter().copied());
        out.arguments.extend(objects.iter().copied());
        if !(chunk.passive || reduced_passive) {
            for &m in &objects {
                out.roles.push((m, verb_lemma.to_string(), false));
            }
        }
        // "X is called Y": a name is a kind of what it names, unless the named is itself a name
        // ("ENIAC was called a fixed-program computer").
        let naming = (chunk.passive || reduced_passive) && NAMING.contains(&&*verb_lemma) && pred.via == Via::Verb;
        // "it has become an essential part of the industry": the role the light head names is
        // the relation ("part" gives part_of below), not membership in the "of" phrase's class.
        let copular = matches!(&*verb_lemma, "become" | "remain") && !chunk.negated;
        let light_role = copular
            && s.mention(pred.object).is_none_or(|m| (s.light)(m))
            && !role_of(s, pred.object, ontology).is_empty();
        for &subj in subjects.iter().filter(|_| !light_role) {
            for &obj in &objects {
                if subj == obj {
                    continue;
                }
                // "Their first computer was the Apple I": a name after a copula is the instance.
                let named_instance = pred.via == Via::Copula
                    && !pred.inverse
                    && !(s.proper)(subj)
                    && (s.proper)(obj)
                    && !(s.light)(subj)
                    && Some(pred.relation) == ontology.pattern(Pattern::Copula);
                let inverse =
                    if naming { !(s.proper)(subj) || (s.proper)(obj) } else { pred.inverse != named_instance };
                let (a, b) = if inverse { (obj, subj) } else { (subj, obj) };
                if naming && (s.proper)(a) && !(s.proper)(b) {
                    named.push((b, a));
                }
                out.relations.push(RawRelation { source: a, target: b, relation: Some(pred.relation), via: pred.via });
            }
        }
        // "X is the CEO of Y", "X became the leaders of Y": the subject holds the role the "of"
        // phrase names.
        if pred.via == Via::Copula {
            defined = Some((pred.object, subjects.clone()));
            // "The Battle of Bosworth was the last battle of the Wars of the Roses": one of a named
            // whole's own kind of parts is part of it.
            let o = pred.object;
            let same_head = subject_left(s, v)
                .is_some_and(|c| s.is_np(c) && s.head_lemma(c).eq_ignore_ascii_case(&s.head_lemma(o)) && c != o);
            let whole = o + 2 < n
                && s.lower(s.chunks[o].start) == "the"
                && s.kind(o + 1) == Kind::Prep
                && s.chunk_word(o + 1) == "of"
                && s.mention(o + 2).is_some_and(|y| (s.proper)(y));
            if same_head && whole {
                if let Some(part_of) = ontology.relation_id("part_of") {
                    push_pairs(&mut out, &subjects, &np_group(s, o + 2).0, part_of, Via::Copula);
                }
            }
        }
        if pred.via == Via::Copula || copular {
            let roles = role_of(s, pred.object, ontology);
            for &subj in &subjects {
                push_roles(&mut out, subj, &roles, Via::Copula);
            }
        }
        // "integrate X into Y": a second, prepositional object.
        if let Some((rel, inverse, pobj)) = second_object(s, v, after, ontology) {
            let (pobjs, _) = np_group(s, pobj);
            for &o in &objects {
                for &p in &pobjs {
                    if o != p {
                        let (a, b) = if inverse { (p, o) } else { (o, p) };
                        out.relations.push(RawRelation { source: a, target: b, relation: Some(rel), via: Via::Verb });
                    }
                }
            }
        }
    }
    // "Sony built a console known as the PlayStation": what the sentence says of the class it
    // says of the name (Sony develops the PlayStation).
    let given = out.relations.len();
    for &(class, name) in &named {
        for k in 0..given {
            let r = &out.relations[k];
            let Some(rel) = r.relation else { continue };
            if ontology.relation(rel).name == "is_a" || rel == ontology.fallback_relation {
                continue;
            }
            let (a, b) = match (r.source == class, r.target == class) {
                (true, false) => (name, r.target),
                (false, true) => (r.source, name),
                _ => continue,
            };
            if a != b {
                let via = r.via;
                out.relations.push(RawRelation { source: a, target: b, relation: Some(rel), via });
            }
        }
    }
    if out.subject.is_none() {
        // A verbless sentence or heading: its first noun phrase.
        out.subject = (0..n).find_map(|c| s.mention(c));
    }
    patterns(s, ontology, &mut out);
    apposed_names(s, ontology, &mut out);
    out.listed = coordinated_lists(s);
    out
}

/// "the last king of the House of York" at chunk `c`: the relation its agent noun gives and the
/// mentions of the "of" phrase, for the person a copula or an apposition says holds the role.
fn role_of(s: &SentenceInput<'_>, c: usize, ontology: &Ontology) -> Vec<(RelationId, usize)> {
    let n = s.chunks.len();
    if c + 2 >= n || s.kind(c + 1) != Kind::Prep || s.chunk_word(c + 1) != "of" || !s.is_np(c + 2) {
        return Vec::new();
    }
    let Some(rel) = role_relation(s, c, c + 2, ontology) else {
        return Vec::new();
    };
    np_group(s, c + 2).0.into_iter().map(|z| (rel, z)).collect()
}

/// The relation the agent noun at chunk `c` gives its holder to the "of" phrase at chunk `z`.
/// "the last king of the House of York", "the first monarch of the Tudor dynasty": a ruler of
/// a family is one of its members; of a country, its leader.
fn role_relation(s: &SentenceInput<'_>, c: usize, z: usize, ontology: &Ontology) -> Option<RelationId> {
    let rel = ontology.agent_relation(&s.head_lemma(c))?;
    let of = &s.chunks[z];
    let family = (of.start..of.end).any(|i| KIN_GROUPS.contains(&&*s.lower(i)));
    if family && ontology.relation(rel).name == "leads" {
        return ontology.relation_id("part_of").or(Some(rel));
    }
    Some(rel)
}

/// At noun phrase chunk `c`, "his/her/its/their [adjectives] ROLE, NAME" (or "... ROLE NAME"):
/// the name, the nearest name before the phrase (whose the role is), and the role's relation.
fn possessive_role(
    s: &SentenceInput<'_>,
    c: usize,
    out_subject: Option<usize>,
    ontology: &Ontology,
) -> Option<(usize, usize, RelationId)> {
    let n = s.chunks.len();
    let rel = ontology.agent_relation(&s.head_lemma(c))?;
    // The possessive: the phrase's first word, or a word before it past modifiers ("his only").
    let chunk = &s.chunks[c];
    let possessive = |i: usize| matches!(&*s.lower(i), "his" | "her" | "its" | "their");
    if !possessive(chunk.start) {
        let mut i = chunk.start;
        while i > 0 && matches!(s.analysis.tags[i - 1].name(), "JJ" | "JJR" | "JJS" | "RB" | "CD") {
            i -= 1;
        }
        if i == 0 || !possessive(i - 1) {
            return None;
        }
    }
    // Only a bare role: "his son", not "his son's wife" or "his son Edward's claim".
    let name_at = if c + 2 < n && s.kind(c + 1) == Kind::Comma && s.is_np(c + 2) {
        c + 2
    } else if c + 1 < n && s.chunks[c + 1].split == Some(Split::NameAfterClass) {
        c + 1
    } else {
        return None;
    };
    let name = s.mention(name_at).filter(|&y| (s.proper)(y))?;
    let closes = name_at + 1 >= n || matches!(s.kind(name_at + 1), Kind::Comma | Kind::Break | Kind::Verb | Kind::Conj);
    if !closes || possessed(s, name_at).is_some() {
        return None;
    }
    // Whose: the clause's subject when named before ("Nvidia hired Smith, and its CEO, ..."),
    // else the nearest name before.
    let subject = out_subject.filter(|&x| x != name && named_before(s, c, x));
    let holder = subject.or_else(|| (0..c).rev().find_map(|k| s.mention(k).filter(|&x| (s.proper)(x) && x != name)))?;
    Some((name, holder, rel))
}

/// Whether mention `x` is named in a chunk before chunk `c`: who a possessive pronoun at `c` may
/// stand for.
fn named_before(s: &SentenceInput<'_>, c: usize, x: usize) -> bool {
    (0..c).any(|k| s.mention(k) == Some(x))
}

/// What the items a facet noun's "of" phrase includes are to it: "Examples of Y include X" (X is
/// a Y), "The central problems of AI research include reasoning", "Areas of law include ..."
/// (parts of it).
fn facet_relation(s: &SentenceInput<'_>, c: usize, ontology: &Ontology) -> Option<RelationId> {
    let head = s.head_lemma(c).to_lowercase();
    let name = match &*head {
        "example" | "type" | "kind" | "form" | "class" | "variety" | "category" | "instance" | "sort" => "is_a",
        "problem" | "goal" | "area" | "topic" | "field" | "subfield" | "branch" | "aspect" | "feature" | "task"
        | "challenge" | "issue" | "question" | "theme" | "step" | "stage" | "phase" | "principle" | "concept" => {
            "part_of"
        }
        _ => return None,
    };
    ontology.relation_id(name)
}

/// Groups of kin: a ruler "of" one is a member, not its leader.
const KIN_GROUPS: &[&str] =
    &["dynasty", "house", "family", "clan", "lineage", "tribe", "dynasties", "houses", "families"];

/// "Nvidia, a company based in Santa Clara, makes chips", "Henry's mother, Lady Margaret
/// Beaufort, ...": a name in apposition to a class is the one the class stands for, so what the
/// sentence says of the class it says of the name.
fn apposed_names(s: &SentenceInput<'_>, ontology: &Ontology, out: &mut SentenceRelations) {
    let Some(is_a) = ontology.pattern(Pattern::Apposition) else { return };
    let pairs: Vec<(usize, usize, bool)> = out
        .relations
        .iter()
        .filter(|r| {
            r.relation == Some(is_a)
                && match r.via {
                    Via::Apposition => (s.proper)(r.source) && !(s.proper)(r.target),
                    // "Nvidia is a company based in Santa Clara": so is the subject.
                    Via::Copula => !(s.proper)(r.target) && !(s.light)(r.source),
                    _ => false,
                }
        })
        .map(|r| (r.source, r.target, r.via == Via::Copula))
        .collect();
    let given = out.relations.len();
    for &(name, class, copula) in &pairs {
        for k in 0..given {
            let r = &out.relations[k];
            if r.relation == Some(is_a) {
                continue;
            }
            // After a copula, only what the class does or has: its participle, relative clause or
            // "of" phrase ("the circuitry within a computer that carries out ..."); what is done to
            // it may belong to another clause.
            let (a, b) = match (r.source == class, r.target == class) {
                (true, false) => (name, r.target),
                (false, true) if !copula => (r.source, name),
                _ => continue,
            };
            if a != b && !out.relations.iter().any(|x| x.source == a && x.target == b && x.relation == r.relation) {
                let (relation, via) = (r.relation, r.via);
                out.relations.push(RawRelation { source: a, target: b, relation, via });
            }
        }
    }
}

/// `rel` from each of `sources` to each of `targets` (target by target), but never from a
/// mention to itself.
fn push_pairs(out: &mut SentenceRelations, sources: &[usize], targets: &[usize], rel: RelationId, via: Via) {
    for &target in targets {
        for &source in sources.iter().filter(|&&x| x != target) {
            out.relations.push(RawRelation { source, target, relation: Some(rel), via });
        }
    }
}

/// The relations that make `holder` hold the roles [`role_of`] found.
fn push_roles(out: &mut SentenceRelations, holder: usize, roles: &[(RelationId, usize)], via: Via) {
    for &(rel, z) in roles.iter().filter(|&&(_, z)| z != holder) {
        out.relations.push(RawRelation { source: holder, target: z, relation: Some(rel), via });
    }
}

/// Verbs of containing that, before a gerund, make what is done a part of the subject.
const CONTAINING: &[&str] = &["include", "involve", "entail", "comprise", "encompass"];

/// If verb chunk `v` is "includes/involves V-ing", the relation its objects have to the subject.
fn containing_gerund(s: &SentenceInput<'_>, v: usize, ontology: &Ontology) -> Option<RelationId> {
    let chunk = &s.chunks[v];
    if chunk.passive || s.analysis.tags[chunk.head].name() != "VBG" {
        return None;
    }
    let first = (chunk.start..chunk.head).find(|&i| s.analysis.tags[i].is_verb())?;
    if !CONTAINING.contains(&&*s.lemma(first)) {
        return None;
    }
    ontology.relation_id("part_of")
}

/// Further items of a list after chunk `after` that name what to decide: ", which partnerships
/// to pursue", ", what markets to enter".
fn wh_items(s: &SentenceInput<'_>, after: usize) -> Vec<usize> {
    let n = s.chunks.len();
    let mut items = Vec::new();
    let mut k = after;
    while k + 2 < n && s.kind(k) != Kind::Break {
        if matches!(s.kind(k), Kind::Comma | Kind::Conj)
            && s.kind(k + 1) == Kind::Rel
            && matches!(&*s.chunk_word(k + 1), "which" | "what")
            && s.is_np(k + 2)
        {
            if let Some(m) = s.mention(k + 2) {
                items.push(m);
            }
        }
        k += 1;
    }
    items
}

/// The members of the sentence's coordinated lists (see [`SentenceRelations::listed`]).
fn coordinated_lists(s: &SentenceInput<'_>) -> Vec<usize> {
    let n = s.chunks.len();
    let mut listed = Vec::new();
    let mut c = 0;
    while c < n {
        if !s.is_np(c) {
            c += 1;
            continue;
        }
        let (members, after) = np_group(s, c);
        let conj = (c..after.min(n)).any(|k| s.kind(k) == Kind::Conj);
        if members.len() >= 2 && conj {
            listed.extend(members);
        }
        c = after.max(c + 1);
    }
    listed
}

/// The relation a single verb between two noun phrases of one clause signals, when the clause
/// reader found no typed link: "X, in 1998, quietly acquired Y" reads as X -part_of(inverse)- Y.
/// Returns the relation and whether the ends swap (the first phrase is the target).
pub(crate) fn verb_between(
    s: &SentenceInput<'_>,
    ci: usize,
    cj: usize,
    ontology: &Ontology,
) -> Option<(RelationId, bool)> {
    let verbs: Vec<usize> = (ci + 1..cj).filter(|&k| s.kind(k) == Kind::Verb).collect();
    let [v] = verbs[..] else { return None };
    // The two phrases are the nearest ones on each side of the verb, with only adverbs, commas
    // and a preposition or particle between: otherwise the clause reader knows better.
    let left_ok = (ci + 1..v).all(|k| matches!(s.kind(k), Kind::Adv | Kind::Comma | Kind::Rel));
    let right_ok = (v + 1..cj).all(|k| matches!(s.kind(k), Kind::Adv | Kind::Prep | Kind::Adj));
    if !left_ok || !right_ok {
        return None;
    }
    let chunk = &s.chunks[v];
    if chunk.negated || chunk.copula && v + 1 == cj {
        return None;
    }
    let verb = s.lemma(chunk.head).into_owned();
    let mut base = verb.clone();
    if let Some(p) = chunk.particle {
        base = format!("{base} {}", s.lower(p));
    }
    let passive = chunk.passive || (s.analysis.tags[chunk.head].name() == "VBN" && chunk.end - chunk.start == 1);
    if passive {
        base = format!("be {base}");
    }
    // The preposition just before the second phrase, if any ("relies heavily on Y").
    let prep = (cj > 0 && s.kind(cj - 1) == Kind::Prep).then(|| s.chunk_word(cj - 1));
    if passive && prep.as_deref() == Some("by") {
        let (rel, inverse) = ontology.predicate(&predicate_key(&verb))?;
        return Some((rel, !inverse));
    }
    if let Some(p) = &prep {
        if let Some(found) = ontology.predicate(&predicate_key(&format!("{base} {p}"))) {
            return Some(found);
        }
    }
    if v + 1 == cj || prep.is_none() {
        if let Some(found) = ontology.predicate(&predicate_key(&base)) {
            // "its competitors include Intel": what a role includes holds the role (the clause
            // reader's work), it is no part of the role.
            let role = ontology.agent_relation(&s.head_lemma(ci)).is_some_and(|r| r != found.0);
            if found.1 && ontology.relation(found.0).name == "part_of" && role {
                return None;
            }
            return Some(found);
        }
    }
    None
}

/// Two or more named agents of one verb ("Warren McCulloch and Walter Pitts created ...",
/// "research by Marvin Minsky and Seymour Papert") collaborate.
fn joint_agents(s: &SentenceInput<'_>, agents: &[usize], ontology: &Ontology, out: &mut SentenceRelations) {
    let Some(rel) = ontology.relation_id("collaborates_with") else { return };
    let named: Vec<usize> = agents.iter().copied().filter(|&m| (s.proper)(m)).collect();
    if named.len() < 2 || named.len() > 4 {
        return;
    }
    for (i, &a) in named.iter().enumerate() {
        for &b in &named[i + 1..] {
            if a != b {
                out.relations.push(RawRelation { source: a, target: b, relation: Some(rel), via: Via::Verb });
            }
        }
    }
}

/// A predicate: the relation, whether the ends swap, how it was found, and where its object starts.
struct Predicate {
    relation: RelationId,
    inverse: bool,
    via: Via,
    object: usize,
}

/// Read the predicate of verb chunk `v`: the verb, a particle, the words up to the object noun
/// phrase ("is responsible for", "plays a leading role in", "relies on"), and passives.
fn predicate(s: &SentenceInput<'_>, v: usize, passive: bool, ontology: &Ontology) -> Option<Predicate> {
    let n = s.chunks.len();
    let chunk = &s.chunks[v];
    let verb = s.lemma(chunk.head).into_owned();
    let particle = chunk.particle.map(|p| s.lower(p));
    let mut base = verb.clone();
    if let Some(p) = &particle {
        base.push(' ');
        base.push_str(p);
    }
    if passive {
        base = format!("be {base}");
    }
    // Collect bridge words up to the object: prepositions, adjectives, adverbs, light noun phrases.
    let mut words: Vec<String> = vec![base.clone()];
    let mut k = v + 1;
    let mut object = None;
    let mut steps = 0;
    while k < n && steps < 6 {
        match s.kind(k) {
            Kind::Np | Kind::Pronoun => {
                // A light noun phrase inside a phrase ("a leading role in", "the forefront of").
                // Or the noun completes a listed phrase: "is in (complete) control of".
                let completes = k + 1 < n && s.kind(k + 1) == Kind::Prep && (steps > 0 || chunk.copula) && {
                    let head = s.lemma(s.chunks[k].head);
                    let key = predicate_key(&format!("{} {head} {}", words.join(" "), s.chunk_word(k + 1)));
                    ontology.predicate(&key).is_some()
                };
                if completes {
                    words.push(s.lemma(s.chunks[k].head).into_owned());
                    k += 1;
                    steps += 1;
                    continue;
                }
                let bridge =
                    k + 1 < n && s.kind(k + 1) == Kind::Prep && s.mention(k).is_none_or(|m| (s.light)(m)) && steps > 0;
                if bridge {
                    for i in s.chunks[k].start..s.chunks[k].end {
                        words.push(s.lemma(i).into_owned());
                    }
                    k += 1;
                    steps += 1;
                    continue;
                }
                object = Some(k);
                break;
            }
            Kind::Prep | Kind::Adj | Kind::Adv => {
                if s.kind(k) == Kind::Prep && s.is_subordinator(k) && s.chunk_word(k) != "as" {
                    break;
                }
                words.push(s.lemma(s.chunks[k].start).into_owned());
                k += 1;
                steps += 1;
            }
            Kind::Other if matches!(s.word(s.chunks[k].start), "'s" | "’s") => {
                k += 1;
            }
            // "labeled "GeForce"": an opening quote before the object.
            Kind::Break | Kind::Other
                if matches!(s.word(s.chunks[k].start), "\"" | "``" | "“" | "'" | "‘")
                    && k + 1 < n
                    && s.is_np(k + 1) =>
            {
                k += 1;
            }
            // "determines which metabolic pathways occur": the phrase after "which" is the object.
            Kind::Rel
                if steps == 0
                    && k + 1 < n
                    && s.is_np(k + 1)
                    && matches!(&*s.chunk_word(k), "which" | "what" | "whose") =>
            {
                k += 1;
            }
            _ => break,
        }
    }
    let object = object?;
    // Passive with an agent: "X is used by Y" reads as "Y uses X".
    if passive && words.last().map(String::as_str) == Some("by") && words.len() == 2 {
        return agent_predicate(s, v, object, ontology);
    }
    // The longest listed phrase wins: "be responsible for" before "be".
    for len in (1..=words.len()).rev() {
        let key = predicate_key(&words[..len].join(" "));
        if let Some((rel, inverse)) = ontology.predicate(&key) {
            if len == words.len() || !words[len..].iter().any(|w| w.contains(' ') || w.len() > 4) || len >= 2 {
                return Some(Predicate { relation: rel, inverse, via: Via::Verb, object });
            }
        }
        // "verb + last preposition" ("rely on" when the bridge holds adverbs).
        if len == words.len() && len > 2 {
            let short = predicate_key(&format!("{} {}", words[0], words[len - 1]));
            if let Some((rel, inverse)) = ontology.predicate(&short) {
                return Some(Predicate { relation: rel, inverse, via: Via::Verb, object });
            }
        }
    }
    // A copula straight before a noun phrase: "X is a Y".
    if chunk.copula && (v + 1..object).all(|k| s.kind(k) == Kind::Adv) {
        let rel = ontology.pattern(Pattern::Copula)?;
        // "X is one of the Y" -> member_of.
        if s.mention(object).is_none() && s.chunk_word(object) == "one" {
            return None;
        }
        // "X is a collective term describing the network of Y": what the term names.
        let object = named_by_term(s, object).unwrap_or(object);
        // "X is a chain of Y": X consists of Y.
        if let Some(parts) = whole_of(s, object) {
            if let Some((rel, inverse)) = ontology.predicate("consist of") {
                return Some(Predicate { relation: rel, inverse, via: Via::Copula, object: parts });
            }
        }
        return Some(Predicate { relation: rel, inverse: false, via: Via::Copula, object });
    }
    if chunk.copula
        || passive
        || matches!(&*verb, "have" | "do" | "get" | "make" | "take" | "give" | "go" | "come" | "say" | "see")
    {
        return None;
    }
    // A verb listed nowhere: its WordNet class, only with a direct object.
    if object == v + 1 {
        if let Some(rel) = verb_class(&verb, ontology) {
            return Some(Predicate { relation: rel, inverse: false, via: Via::VerbClass, object });
        }
    }
    None
}

/// The predicate of passive verb chunk `v` with its agent at chunk `agent`: the active verb's,
/// with the ends swapped ("X is used by Y" reads as "Y uses X").
fn agent_predicate(s: &SentenceInput<'_>, v: usize, agent: usize, ontology: &Ontology) -> Option<Predicate> {
    let chunk = &s.chunks[v];
    let verb = s.lemma(chunk.head).into_owned();
    let active = match chunk.particle {
        Some(p) => format!("{verb} {}", s.lower(p)),
        None => verb.clone(),
    };
    if let Some((rel, inverse)) = ontology.predicate(&active) {
        return Some(Predicate { relation: rel, inverse: !inverse, via: Via::Verb, object: agent });
    }
    let rel = verb_class(&verb, ontology)?;
    Some(Predicate { relation: rel, inverse: true, via: Via::VerbClass, object: agent })
}

/// The agent of passive verb chunk `v` past one to three prepositional phrases ("were overtaken
/// in popularity by Y", "was sparked in the late 2000s by Y"): the chunk of Y.
fn late_agent(s: &SentenceInput<'_>, v: usize) -> Option<usize> {
    let n = s.chunks.len();
    let mut k = v + 1;
    let mut phrases = 0;
    while k + 1 < n && phrases <= 3 {
        match s.kind(k) {
            Kind::Adv => k += 1,
            Kind::Prep if s.chunk_word(k) == "by" => {
                return (phrases > 0 && s.is_np(k + 1)).then_some(k + 1);
            }
            Kind::Prep if !s.is_subordinator(k) && s.is_np(k + 1) => {
                phrases += 1;
                k += 2;
            }
            _ => return None,
        }
    }
    None
}

/// "a term describing Y", "a name for Y", "a word that refers to Y" at chunk `c`: the chunk of Y.
fn named_by_term(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    let n = s.chunks.len();
    if !matches!(&*s.head_lemma(c), "term" | "name" | "word" | "label" | "expression") {
        return None;
    }
    let mut k = c + 1;
    if k < n && s.kind(k) == Kind::Rel {
        k += 1;
    }
    if k >= n {
        return None;
    }
    // The chunk just before what the term names.
    let last = match s.kind(k) {
        Kind::Prep if s.chunk_word(k) == "for" => k,
        Kind::Verb => match &*s.lemma(s.chunks[k].head) {
            "describe" | "denote" | "cover" | "encompass" | "designate" | "mean" => k,
            "refer" if k + 1 < n && s.kind(k + 1) == Kind::Prep && s.chunk_word(k + 1) == "to" => k + 1,
            _ => return None,
        },
        _ => return None,
    };
    (last + 1 < n && s.is_np(last + 1)).then_some(last + 1)
}

/// Of "the term "X" refers to Y" at verb chunk `v`: the chunk of Y, when the subject X is the
/// phrase a term, word or name introduces.
fn term_reference(s: &SentenceInput<'_>, v: usize) -> Option<usize> {
    let n = s.chunks.len();
    let chunk = &s.chunks[v];
    if chunk.negated || chunk.passive {
        return None;
    }
    let object = match &*s.lemma(chunk.head) {
        "refer" if v + 1 < n && s.kind(v + 1) == Kind::Prep && s.chunk_word(v + 1) == "to" => v + 2,
        "denote" | "designate" | "mean" => v + 1,
        _ => return None,
    };
    let subject = subject_left(s, v)?;
    (is_quoted_term(s, subject) && object < n && s.is_np(object)).then_some(object)
}

/// Whether the participle at verb chunk `v` opens an aside that a comma before a verb closes:
/// "Nvidia, headquartered in Santa Clara, designs chips".
fn closes_aside(s: &SentenceInput<'_>, v: usize) -> bool {
    let n = s.chunks.len();
    let close = (v + 1..n).find(|&j| !matches!(s.kind(j), Kind::Prep | Kind::Np | Kind::Adv));
    close.is_some_and(|j| s.kind(j) == Kind::Comma && j + 1 < n && s.kind(j + 1) == Kind::Verb)
}

/// Of "the term "X"" at chunk `c`: the chunk of X.
fn quoted_after_term(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    let n = s.chunks.len();
    let k = c + 2;
    let quoted = k < n && s.kind(c + 1) == Kind::Break && is_quote(s.word(s.chunks[c + 1].start)) && s.is_np(k);
    (quoted && is_quoted_term(s, k)).then_some(k)
}

/// Whether noun phrase chunk `c` is the quoted phrase a term, word or name introduces: "the
/// term "neural network"".
fn is_quoted_term(s: &SentenceInput<'_>, c: usize) -> bool {
    let Some(mut k) = c.checked_sub(1) else { return false };
    while k > 0 && s.kind(k) == Kind::Break && is_quote(s.word(s.chunks[k].start)) {
        k -= 1;
    }
    k + 1 < c && s.is_np(k) && matches!(&*s.head_lemma(k), "term" | "word" | "name" | "expression" | "phrase")
}

/// "a chain of Y" at chunk `c`: the chunk of Y.
fn whole_of(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    let n = s.chunks.len();
    (c + 2 < n
        && WHOLES.contains(&&*s.head_lemma(c))
        && s.kind(c + 1) == Kind::Prep
        && s.chunk_word(c + 1) == "of"
        && s.is_np(c + 2))
    .then_some(c + 2)
}

fn verb_class(verb: &str, ontology: &Ontology) -> Option<RelationId> {
    let e = wordnet(verb, Pos::Verb)?;
    ontology.verb_class_relation(e.first_class())
}

/// "integrate X into Y", "align X with Y": a listed phrase of the verb and the preposition after
/// the object.
fn second_object(
    s: &SentenceInput<'_>,
    v: usize,
    after: usize,
    ontology: &Ontology,
) -> Option<(RelationId, bool, usize)> {
    let n = s.chunks.len();
    if after + 1 >= n || s.kind(after) != Kind::Prep || !s.is_np(after + 1) {
        return None;
    }
    let verb = s.lemma(s.chunks[v].head);
    let prep = s.chunk_word(after);
    let key = if s.chunks[v].passive { format!("be {verb} {prep}") } else { format!("{verb} {prep}") };
    let (rel, inverse) = ontology.predicate(&predicate_key(&key))?;
    Some((rel, inverse, after + 1))
}

/// "X received funding from Y", "X obtained a charter from Y": what enables the object's kind
/// (a noun or verb of the ontology's enabling relation) links the giver Y to the receivers X.
fn receipt(
    s: &SentenceInput<'_>,
    v: usize,
    verb: &str,
    subjects: &[usize],
    ontology: &Ontology,
    out: &mut SentenceRelations,
) {
    let n = s.chunks.len();
    if subjects.is_empty()
        || v + 1 >= n
        || !s.is_np(v + 1)
        || !matches!(verb, "receive" | "obtain" | "get" | "gain" | "secure" | "win" | "accept" | "attract" | "raise")
    {
        return;
    }
    let (_, after) = np_group(s, v + 1);
    if after + 1 >= n || s.kind(after) != Kind::Prep || s.chunk_word(after) != "from" || !s.is_np(after + 1) {
        return;
    }
    let Some((enables, false)) = ontology.predicate("support") else { return };
    let head = s.head_lemma(v + 1);
    let gift = ontology.noun_relation(&head) == Some(enables) || ontology.predicate(&head) == Some((enables, false));
    if !gift {
        return;
    }
    for y in np_group(s, after + 1).0 {
        for &x in subjects.iter().filter(|&&x| x != y) {
            out.relations.push(RawRelation { source: y, target: x, relation: Some(enables), via: Via::Verb });
        }
    }
}

/// "such as X, Y and Z", "like X", "including X" at chunk `c`: the example mentions.
fn example_list(s: &SentenceInput<'_>, c: usize) -> Option<(Vec<usize>, Pattern)> {
    let n = s.chunks.len();
    let mut k = c;
    if k < n && s.kind(k) == Kind::Comma {
        k += 1;
    }
    if k >= n {
        return None;
    }
    // "media-oriented laws (e.g., air or water quality laws)"; not a clause ("(e.g., lactase is
    // the enzyme that ...)"). Only the patterns reach this: a noun-phrase group takes a
    // parenthesis after a member into the member.
    if s.word(s.chunks[k].start) == "(" && k + 2 < n && matches!(&*s.chunk_word(k + 1), "e.g." | "e.g" | "eg.") {
        let next = if s.kind(k + 2) == Kind::Comma { k + 3 } else { k + 2 };
        let close = s.paren_end(k)?;
        let verbless = (next..close).all(|j| !matches!(s.kind(j), Kind::Verb | Kind::Rel));
        return (next < n && s.is_np(next) && verbless).then(|| (example_items(s, next), Pattern::SuchAs));
    }
    let w = s.chunk_word(k);
    let (pattern, next) = if w == "such" && k + 1 < n && s.chunk_word(k + 1) == "as" {
        (Pattern::SuchAs, k + 2)
    } else if matches!(&*w, "like" | "especially" | "particularly" | "notably") && s.kind(k) != Kind::Verb {
        (Pattern::SuchAs, k + 1)
    } else if w == "including"
        || w == "include" && s.kind(k) == Kind::Verb && s.word(s.chunks[k].head).eq_ignore_ascii_case("including")
    {
        (Pattern::Including, k + 1)
    } else {
        return None;
    };
    if next >= n || !s.is_np(next) {
        return None;
    }
    Some((example_items(s, next), pattern))
}

/// The phrase a reduced relative modifies when chunk `c` is the object of its preposition:
/// "tools" in "tools used in AI".
fn reduced_host(s: &SentenceInput<'_>, c: usize) -> Option<usize> {
    if c < 3 || s.kind(c - 1) != Kind::Prep || s.chunk_word(c - 1) == "of" {
        return None;
    }
    let v = &s.chunks[c - 2];
    let participle = s.kind(c - 2) == Kind::Verb && v.end - v.start == 1 && s.analysis.tags[v.head].name() == "VBN";
    (participle && s.is_np(c - 3)).then_some(c - 3)
}

/// The class an example list belongs to when it is not the phrase just before it (chunk `c`):
/// in "nations chartered corporations to lead colonial ventures, such as the Dutch East India
/// Company", companies are corporations, not ventures. The examples' heads share a WordNet class
/// that the nearer phrase lacks and an earlier phrase of the clause has.
fn farther_host(s: &SentenceInput<'_>, c: usize, examples: &[usize]) -> Option<usize> {
    let class = |k: usize| wordnet(&s.head_lemma(k), Pos::Noun).map(|e| e.first_class());
    let mut classes = (0..s.chunks.len()).filter(|&k| s.mention(k).is_some_and(|m| examples.contains(&m))).map(class);
    let wanted = classes.next()??;
    if !classes.all(|x| x == Some(wanted)) || class(c).is_none_or(|x| x == wanted) {
        return None;
    }
    let mut k = c;
    while k > 0 && c - k < 6 {
        k -= 1;
        match s.kind(k) {
            Kind::Np if class(k) == Some(wanted) && s.mention(k).is_some_and(|m| !(s.light)(m)) => return Some(k),
            Kind::Np | Kind::Verb | Kind::To | Kind::Prep | Kind::Adv | Kind::Adj => {}
            _ => return None,
        }
    }
    None
}

/// The examples of a list that starts at chunk `c`, where an item may carry its own "of" phrase:
/// "such associations as sponsors of a cult, burial clubs, and guilds".
fn example_items(s: &SentenceInput<'_>, c: usize) -> Vec<usize> {
    let n = s.chunks.len();
    let (mut items, mut k) = np_group(s, c);
    // Only past "of a/the ...": "the processing of text, images and audio" lists inside it.
    while k + 1 < n
        && s.kind(k) == Kind::Prep
        && s.chunk_word(k) == "of"
        && s.is_np(k + 1)
        && matches!(&*s.lower(s.chunks[k + 1].start), "a" | "an" | "the")
    {
        // Past the "of" phrase (one noun phrase), the list may go on.
        let mut j = k + 2;
        if j < n && s.kind(j) == Kind::Comma {
            j += 1;
        }
        if j < n && s.kind(j) == Kind::Conj && matches!(&*s.chunk_word(j), "and" | "or") {
            j += 1;
        }
        if j == k + 2 || j >= n || !s.is_np(j) {
            break;
        }
        let (more, after) = np_group(s, j);
        items.extend(more);
        k = after;
    }
    items
}

/// Patterns without a verb: appositions, example lists, "and other", possessives and "the Y of X".
/// Nouns of command: "the army, under the command of Y" is led by Y.
const COMMAND_NOUNS: &[&str] =
    &["command", "leadership", "control", "direction", "rule", "supervision", "guidance", "management", "auspices"];

/// "X under the command of Y", "X fought under the leadership of Y": Y leads X. X is the phrase
/// before "under" (past a comma), or the subject of the verb before it.
fn under_command(s: &SentenceInput<'_>, ontology: &Ontology, out: &mut SentenceRelations) {
    let n = s.chunks.len();
    let Some(leads) = ontology.relation_id("leads") else { return };
    for c in 1..n.saturating_sub(3) {
        if s.kind(c) != Kind::Prep
            || s.chunk_word(c) != "under"
            || !s.is_np(c + 1)
            || !COMMAND_NOUNS.contains(&&*s.head_lemma(c + 1))
            || s.kind(c + 2) != Kind::Prep
            || s.chunk_word(c + 2) != "of"
            || !s.is_np(c + 3)
        {
            continue;
        }
        let before = if s.kind(c - 1) == Kind::Comma && c >= 2 { c - 2 } else { c - 1 };
        let led = if s.is_np(before) {
            np_group(s, group_start(s, before)).0
        } else if s.kind(before) == Kind::Verb && !s.chunks[before].negated {
            subject_left(s, before).filter(|&k| s.is_np(k)).map(|k| np_group(s, k).0).unwrap_or_default()
        } else {
            Vec::new()
        };
        for y in np_group(s, c + 3).0 {
            for &x in led.iter().filter(|&&x| x != y) {
                out.relations.push(RawRelation { source: y, target: x, relation: Some(leads), via: Via::Verb });
            }
        }
    }
}

/// A relation's event noun with its participants: "the development of GPT by OpenAI" (OpenAI
/// develops GPT), "OpenAI's use of GPUs" (OpenAI uses GPUs), "the impact of human activity on
/// wild animals" (human activity influences wild animals), "the use of chemicals in industry"
/// (industry uses chemicals), "the application of AI in medicine" (AI is applied in medicine).
/// The noun names the relation (the ontology's `nouns`); the "of" phrase is its theme; the agent
/// is a possessor or a "by" phrase, and an influence's target is an "on" phrase.
fn event_nouns(s: &SentenceInput<'_>, ontology: &Ontology, out: &mut SentenceRelations) {
    let n = s.chunks.len();
    let [influences, uses, applied_in, part_of] =
        ["influences", "uses", "applied_in", "part_of"].map(|r| ontology.relation_id(r));
    for c in 0..n {
        if !s.is_np(c) {
            continue;
        }
        let Some(rel) = ontology.noun_relation(&s.head_lemma(c)) else { continue };
        // Part nouns ("Nvidia's division") name a member, not an event.
        if rel == ontology.fallback_relation || ontology.relation(rel).is_symmetric() || Some(rel) == part_of {
            continue;
        }
        // The agent as a possessor: "OpenAI's development of ...".
        let possessor = c
            .checked_sub(2)
            .filter(|&p| possessed(s, p) == Some(c))
            .and_then(|p| s.mention(p))
            .filter(|&p| !(s.light)(p));
        let prep_at = |k: usize, words: &[&str]| {
            k + 1 < n && s.kind(k) == Kind::Prep && words.contains(&&*s.chunk_word(k)) && s.is_np(k + 1)
        };
        // The theme: "of X" (an influence's is its source).
        let (theme, after) = if prep_at(c + 1, &["of"]) { np_group(s, c + 2) } else { (Vec::new(), c + 1) };
        let mut push = |sources: &[usize], targets: &[usize]| push_pairs(out, sources, targets, rel, Via::Verb);
        let agents = |k: usize| np_group(s, k).0.into_iter().filter(|&a| !(s.light)(a)).collect::<Vec<_>>();
        if Some(rel) == influences {
            // "the impact of X on Y", "X's influence on Y".
            let on = if prep_at(after, &["on", "upon"]) {
                after
            } else if prep_at(c + 1, &["on", "upon"]) {
                c + 1
            } else {
                continue;
            };
            let targets = agents(on + 1);
            let sources: Vec<usize> =
                if on == after && !theme.is_empty() { theme } else { possessor.into_iter().collect() };
            push(&sources, &targets);
        } else if Some(rel) == applied_in {
            // "the application of X in/to Y".
            if !theme.is_empty() && prep_at(after, &["in", "to"]) {
                push(&theme, &agents(after + 1));
            }
        } else if !theme.is_empty() {
            if let Some(p) = possessor {
                push(&[p], &theme);
            } else if prep_at(after, &["by"]) && s.head_lemma(after + 1) != "means"
                || Some(rel) == uses && prep_at(after, &["in"])
            {
                push(&agents(after + 1), &theme);
            }
        }
    }
}

/// A purpose phrase on a noun: "Tegra mobile processors for smartphones and tablets", "the
/// perceptron, an algorithm for pattern recognition". Whether the thing is applied in what the
/// phrase names depends on the kinds, so the relation is left for later.
fn purposes(s: &SentenceInput<'_>, out: &mut SentenceRelations) {
    let n = s.chunks.len();
    for c in 0..n.saturating_sub(2) {
        if !s.is_np(c) || s.kind(c + 1) != Kind::Prep || s.chunk_word(c + 1) != "for" || !s.is_np(c + 2) {
            continue;
        }
        let Some(m) = s.mention(c).filter(|&m| !(s.light)(m)) else { continue };
        let mut sources = vec![m];
        // An apposition passes its purpose to the phrase it renames.
        if c >= 2 && s.kind(c - 1) == Kind::Comma && matches!(&*s.lower(s.chunks[c].start), "a" | "an") {
            sources.extend(s.mention(c - 2));
        }
        for t in np_group(s, c + 2).0 {
            for &x in sources.iter().filter(|&&x| x != t) {
                out.relations.push(RawRelation { source: x, target: t, relation: None, via: Via::Purpose });
            }
        }
    }
}

fn patterns(s: &SentenceInput<'_>, ontology: &Ontology, out: &mut SentenceRelations) {
    under_command(s, ontology, out);
    event_nouns(s, ontology, out);
    purposes(s, out);
    let n = s.chunks.len();
    for c in 0..n {
        if !s.is_np(c) {
            continue;
        }
        let Some(m) = s.mention(c) else { continue };
        // A phrase split at a name: "mathematician John von Neumann", "Xbox game console".
        if let (Some(split), true) = (s.chunks[c].split, c > 0) {
            if let (Some(rel), Some(prev)) = (ontology.pattern(Pattern::Apposition), s.mention(c - 1)) {
                let pair = match split {
                    Split::NameAfterClass => Some((m, prev)),
                    Split::ClassAfterName => Some((prev, m)),
                    Split::Apart => None,
                };
                if let Some((x, y)) = pair {
                    out.relations.push(RawRelation { source: x, target: y, relation: Some(rel), via: Via::Apposition });
                }
            }
        }
        // "the graphics processor (RSX)": a name in parentheses after a class is an instance of
        // it (an acronym of the phrase is merged with it as an alias first). The class opens
        // with an article: "the Modified Checklist for Autism in Toddlers (M-CHAT)" spells out a
        // name over several phrases.
        if c + 4 <= n
            && s.paren_end(c + 1) == Some(c + 4)
            && s.is_np(c + 2)
            && !(s.proper)(m)
            && !(s.light)(m)
            && matches!(&*s.lower(s.chunks[c].start), "the" | "a" | "an")
        {
            if let (Some(name), Some(rel)) =
                (s.mention(c + 2).filter(|&x| (s.proper)(x)), ontology.pattern(Pattern::Apposition))
            {
                out.relations.push(RawRelation { source: name, target: m, relation: Some(rel), via: Via::Apposition });
            }
        }
        // "X such as Y", "X, including Y", "X like Y"; "tools used in AI, including Y" lists tools.
        if let Some((examples, pattern)) = example_list(s, c + 1) {
            let host = match reduced_host(s, c).or_else(|| farther_host(s, c, &examples)) {
                Some(h) => s.mention(h),
                None => Some(m),
            };
            if let (Some(rel), Some(m)) = (ontology.pattern(pattern), host) {
                for e in examples {
                    if e != m {
                        out.relations.push(RawRelation {
                            source: e,
                            target: m,
                            relation: Some(rel),
                            via: Via::Example,
                        });
                    }
                }
            }
        }
        // "X, a Y," (apposition): Y starts with an article and is followed by a comma or the end.
        if c + 2 < n && s.kind(c + 1) == Kind::Comma && s.is_np(c + 2) {
            let first = s.lower(s.chunks[c + 2].start);
            // A relative clause or a participle may follow: "lysozyme, an enzyme found in tears".
            let closes_at = |k: usize| {
                k >= n
                    || matches!(s.kind(k), Kind::Comma | Kind::Break | Kind::Rel)
                    || (s.kind(k) == Kind::Verb
                        && matches!(s.analysis.tags[s.chunks[k].head].name(), "VBN" | "VBG")
                        && s.chunks[k].end - s.chunks[k].start == 1)
            };
            // So may prepositional phrases: "the perceptron, an algorithm for pattern recognition",
            // "the civil war between the Houses of Lancaster and York".
            let mut k = c + 3;
            let mut steps = 0;
            while steps < 3
                && k + 1 < n
                && s.is_np(k + 1)
                && (s.kind(k) == Kind::Prep && !s.is_subordinator(k) || s.kind(k) == Kind::Conj && steps > 0)
            {
                k += 2;
                steps += 1;
            }
            let closes = closes_at(c + 3)
                || (s.kind(c + 3) == Kind::Prep && s.chunk_word(c + 3) == "of")
                || (steps > 0 && closes_at(k));
            // Not an item of a list; a chain of appositions is fine ("His opponent, Richard III,
            // the last king of ...").
            let prev_ok = c == 0
                || s.kind(c - 1) != Kind::Conj
                    && !(s.kind(c - 1) == Kind::Comma && c >= 2 && s.kind(c - 2) == Kind::Conj);
            // "Richard, Duke of Gloucester, brother of Edward IV": a bare role of someone.
            let bare_role = !matches!(&*first, "a" | "an" | "the")
                && s.chunks[c + 2].start == s.chunks[c + 2].head
                && !role_of(s, c + 2, ontology).is_empty()
                && s.mention(c + 2).is_some_and(|y| !(s.proper)(y));
            if (matches!(&*first, "a" | "an" | "the") || bare_role) && closes && prev_ok {
                // "expert systems, a form of AI program": a light head stands for its "of" phrase.
                let ys = match s.mention(c + 2) {
                    Some(y) if !(s.light)(y) => vec![y],
                    _ => np_group(s, c + 2).0,
                };
                if let Some(rel) = ontology.pattern(Pattern::Apposition) {
                    // "Richard III, the last king of the House of York,".
                    let roles = role_of(s, c + 2, ontology);
                    for y in ys.into_iter().filter(|&y| y != m) {
                        // The name is the instance: "the oldest corporation, the Stora Kopparberg
                        // mining community" as much as "Nvidia, a technology company".
                        let swap = (s.proper)(y) && !(s.proper)(m);
                        let (x, y) = if swap { (y, m) } else { (m, y) };
                        out.relations.push(RawRelation {
                            source: x,
                            target: y,
                            relation: Some(rel),
                            via: Via::Apposition,
                        });
                        if !swap {
                            push_roles(out, x, &roles, Via::Apposition);
                        }
                    }
                }
            }
            // "discovered an enzyme, diastase, in 1833": a bare phrase after an indefinite one
            // names an instance of it. Not a list ("an apple, pears, and plums").
            let bare = !matches!(&*first, "a" | "an" | "the" | "this" | "these" | "those" | "its" | "their");
            // A phrase split at a name starts with its first half ("The Yorkist | king").
            let own_start =
                if s.chunks[c].split.is_some() && c > 0 { s.chunks[c - 1].start } else { s.chunks[c].start };
            let own = s.lower(own_start);
            let ends = c + 3 >= n
                || s.kind(c + 3) == Kind::Break
                || (s.kind(c + 3) == Kind::Comma
                    && c + 4 < n
                    && !matches!(s.kind(c + 4), Kind::Conj | Kind::Np | Kind::Pronoun));
            // "The Yorkist king, Edward IV, was ...": a name after a definite phrase too.
            // "Henry's mother, Lady Margaret Beaufort,": a genitive is as definite.
            let genitive = own_start > 0 && matches!(s.word(own_start - 1), "'s" | "’s" | "'" | "’");
            let definite = (matches!(&*own, "the" | "his" | "her" | "its" | "their") || genitive)
                && s.mention(c + 2).is_some_and(|y| (s.proper)(y))
                && !(s.proper)(m);
            if (matches!(&*own, "a" | "an") || definite) && bare && ends && prev_ok {
                if let (Some(rel), Some(y)) = (ontology.pattern(Pattern::Apposition), s.mention(c + 2)) {
                    if y != m && !(s.light)(m) {
                        out.relations.push(RawRelation {
                            source: y,
                            target: m,
                            relation: Some(rel),
                            via: Via::Apposition,
                        });
                    }
                }
            }
        }
        // "X—Y that ...", "X (X') – a Y,": a dash before a common noun phrase that a relative
        // clause, a comma or the end closes explains X.
        let dash = if c + 1 < n { s.paren_end(c + 1).unwrap_or(c + 1) } else { n };
        if dash + 1 < n
            && s.kind(dash) == Kind::Break
            && matches!(s.word(s.chunks[dash].start), "—" | "–" | "--")
            && s.is_np(dash + 1)
            && (dash + 2 >= n || matches!(s.kind(dash + 2), Kind::Rel | Kind::Comma | Kind::Break))
        {
            if let (Some(rel), Some(y)) = (ontology.pattern(Pattern::Apposition), s.mention(dash + 1)) {
                if y != m && !(s.proper)(y) {
                    out.relations.push(RawRelation { source: m, target: y, relation: Some(rel), via: Via::Apposition });
                }
            }
        }
        // "such private associations as burial clubs and guilds".
        if s.chunk_word(c) == "such"
            && c + 2 < n
            && s.kind(c + 1) == Kind::Prep
            && s.chunk_word(c + 1) == "as"
            && s.is_np(c + 2)
        {
            if let Some(rel) = ontology.pattern(Pattern::SuchAs) {
                for e in example_items(s, c + 2) {
                    if e != m {
                        out.relations.push(RawRelation {
                            source: e,
                            target: m,
                            relation: Some(rel),
                            via: Via::Example,
                        });
                    }
                }
            }
        }
        // "X and other members of Y": X holds the role too.
        if c + 4 < n
            && s.kind(c + 1) == Kind::Conj
            && s.is_np(c + 2)
            && s.lower(s.chunks[c + 2].start) == "other"
            && s.kind(c + 3) == Kind::Prep
            && s.chunk_word(c + 3) == "of"
            && s.is_np(c + 4)
        {
            let roles = role_of(s, c + 2, ontology);
            for x in np_group(s, list_start(s, c)).0 {
                push_roles(out, x, &roles, Via::Example);
            }
        }
        // "X and other Ys".
        if c + 2 < n && s.kind(c + 1) == Kind::Conj && s.is_np(c + 2) && s.lower(s.chunks[c + 2].start) == "other" {
            if let (Some(rel), Some(y)) = (ontology.pattern(Pattern::AndOther), s.mention(c + 2)) {
                for x in np_group(s, list_start(s, c)).0 {
                    if x != y {
                        out.relations.push(RawRelation {
                            source: x,
                            target: y,
                            relation: Some(rel),
                            via: Via::Example,
                        });
                    }
                }
            }
        }
        // "the circuitry within a computer", "shareholders in the company": a thing or a person
        // in a concrete whole is part of it.
        if c + 2 < n
            && s.kind(c + 1) == Kind::Prep
            && matches!(&*s.chunk_word(c + 1), "in" | "within" | "inside")
            && s.is_np(c + 2)
        {
            let class = |k: usize| wordnet(&s.head_lemma(k).to_lowercase(), Pos::Noun).map(|e| e.first_class());
            let part = matches!(class(c), Some("artifact" | "person" | "body" | "substance" | "process"));
            let whole = matches!(class(c + 2), Some("artifact" | "body" | "group"));
            if let (true, true, Some(y), Some(rel)) = (part, whole, s.mention(c + 2), ontology.relation_id("part_of")) {
                if y != m {
                    out.relations.push(RawRelation { source: m, target: y, relation: Some(rel), via: Via::Possessive });
                }
            }
        }
        // "Henry VI and his only son, Edward of Lancaster,", "its founder Jensen Huang": a name
        // in apposition to an agent noun a possessive pronoun governs holds the role, of the
        // nearest name before.
        if let Some((name, holder, rel)) = possessive_role(s, c, out.subject, ontology) {
            out.relations.push(RawRelation { source: name, target: holder, relation: Some(rel), via: Via::Apposition });
        }
        // "X's Y" (decided by Y's kind later).
        if let Some(owned) = possessed(s, c) {
            if let Some(y) = s.mention(owned) {
                // "Nvidia's founder": an agent noun says how; otherwise the kinds decide later.
                let relation = ontology.agent_relation(&s.head_lemma(owned));
                out.relations.push(RawRelation { source: y, target: m, relation, via: Via::Genitive });
                // "J. Presper Eckert and John William Mauchly's ENIAC": names joined before the
                // "'s" own it together.
                if c >= 2 && s.kind(c - 1) == Kind::Conj && (s.proper)(m) {
                    for x in np_group(s, group_start(s, c)).0 {
                        if x != m && x != y && (s.proper)(x) {
                            out.relations.push(RawRelation { source: y, target: x, relation, via: Via::Genitive });
                        }
                    }
                }
            }
        }
        // "Richard divided his army": a possessive pronoun stands for the clause's subject.
        if let Some(subject) = out.subject.filter(|&x| x != m) {
            if named_before(s, c, subject) && matches!(&*s.lower(s.chunks[c].start), "his" | "her" | "its" | "their") {
                let relation = ontology.agent_relation(&s.head_lemma(c));
                out.relations.push(RawRelation { source: m, target: subject, relation, via: Via::Possessive });
                // "its handheld Shield Portable and Shield Tablet": the whole list is its.
                let bare = |k: usize| {
                    !matches!(&*s.lower(s.chunks[k].start), "a" | "an" | "the" | "his" | "her" | "its" | "their")
                };
                let (group, _) = np_group(s, c);
                for &x in group.iter().skip(1) {
                    let at = (c + 1..n).find(|&j| s.mention(j) == Some(x));
                    if x != subject && at.is_some_and(bare) && !(s.light)(x) {
                        let relation = ontology.agent_relation(&s.head_lemma(at.expect("found")));
                        out.relations.push(RawRelation { source: x, target: subject, relation, via: Via::Possessive });
                    }
                }
            }
        }
        // "Nvidia signed a cross-licensing agreement with Intel": a symmetric relation's noun with
        // "with" links the clause's subject to its object.
        let with = c + 2 < n && s.kind(c + 1) == Kind::Prep && s.chunk_word(c + 1) == "with" && s.is_np(c + 2);
        if let (true, Some(subject)) = (with, out.subject.filter(|&x| x != m)) {
            let relation = ontology
                .noun_relation(&s.head_lemma(c))
                .filter(|&r| ontology.relation(r).is_symmetric() && r != ontology.fallback_relation);
            let subject_at = (0..c).find(|&k| s.mention(k) == Some(subject));
            if let (Some(rel), Some(at)) = (relation, subject_at) {
                let negated = (at + 1..c).any(|k| s.kind(k) == Kind::Verb && s.chunks[k].negated);
                if !negated {
                    for y in np_group(s, c + 2).0.into_iter().filter(|&y| y != subject) {
                        out.relations.push(RawRelation {
                            source: subject,
                            target: y,
                            relation: Some(rel),
                            via: Via::Verb,
                        });
                    }
                }
            }
        }
        // "the Y of X": "the founder of Nvidia", "the king of England", or decided by the kinds.
        if c + 2 < n && s.kind(c + 1) == Kind::Prep && s.chunk_word(c + 1) == "of" && s.is_np(c + 2) {
            if let Some(x) = s.mention(c + 2) {
                let relation = role_relation(s, c, c + 2, ontology);
                if x != m && (relation.is_some() || !(s.light)(m)) {
                    out.relations.push(RawRelation { source: m, target: x, relation, via: Via::Possessive });
                }
            }
        }
    }
}
