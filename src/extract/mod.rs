//! Extraction: one document's text in, its concepts and typed relations out, with evidence.
//!
//! This module owns the per-document pipeline: analysis (from `text`), chunks, mentions and their
//! merges into concepts (`concepts`), clause relations (`relations`), coreference of pronouns and
//! of definite descriptions ("the company"), kinds, salience, and related_to from co-occurrence.
//! It returns plain data and never fails on text; building the corpus graph is `graph`'s job.

mod chunk;
mod concepts;
mod relations;
mod salience;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Warning;
use crate::ontology::{ConceptDef, KindId, Ontology, RelationId};
use crate::text::{analyze, lower_case, Document, SharedStr};
use chunk::{Chunk, Kind};
use concepts::{Candidates, KindSource, Mention, Reason};
use relations::{RawRelation, SentenceInput, Via};

/// Extraction options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Concepts whose salience is below this are left out (see `ARCHITECTURE.md`, "Salience").
    pub min_salience: f64,
    /// Two concepts that share sentences this many times get a related_to edge even when they
    /// are not in one clause.
    pub cooccurrence_sentences: u32,
    /// Report every candidate concept with its salience features (for tuning and `--explain`).
    pub explain: bool,
    /// Report each sentence's chunks and the relations read from it (for development).
    pub trace: bool,
    /// The most distinct noun phrases (candidate concepts) one document may have; mentions of
    /// new ones beyond it are left out, with a warning (a bound on memory for pathological text).
    pub max_candidates: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_salience: 0.25,
            cooccurrence_sentences: 2,
            explain: false,
            trace: false,
            max_candidates: MAX_CANDIDATES,
        }
    }
}

/// Where a relation was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// The document id.
    pub doc: SharedStr,
    /// Byte offset of the sentence in the document.
    pub start: usize,
    /// Byte offset one past the sentence's end.
    pub end: usize,
    /// The sentence.
    pub text: SharedStr,
}

/// A document's identity in a graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentInfo {
    /// Its id.
    pub id: String,
    /// Its path as given.
    pub path: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its length in bytes.
    pub bytes: u64,
}

impl DocumentInfo {
    /// The info of a document.
    pub fn of(doc: &Document) -> DocumentInfo {
        DocumentInfo {
            id: doc.id.clone(),
            path: doc.path.clone(),
            sha256: doc.sha256.clone(),
            bytes: doc.text.len() as u64,
        }
    }
}

/// A concept found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// Its id: a slug of the label.
    pub id: String,
    /// The canonical label.
    pub label: String,
    /// Its kind (a name from the ontology).
    pub kind: String,
    /// How sure the kind is (0 default ... 6 lexicon); the strongest wins across documents.
    pub kind_strength: u8,
    /// Other surface forms, each with the reason it was merged.
    pub aliases: BTreeMap<String, String>,
    /// Definite descriptions and pronouns resolved to this concept ("the company"), with counts.
    pub coreferences: BTreeMap<String, u32>,
    /// How many times it is mentioned.
    pub mentions: u32,
    /// Its salience score.
    pub salience: f64,
}

/// A typed relation found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Source concept id.
    pub source: String,
    /// Target concept id.
    pub target: String,
    /// Relation type (a name from the ontology).
    pub relation: String,
    /// How reliable the pattern that found it is, in [0, 1].
    pub reliability: f64,
    /// Where it was found.
    pub evidence: Evidence,
}

/// What one document gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The document.
    pub document: DocumentInfo,
    /// Its concepts, sorted by id.
    pub concepts: Vec<Concept>,
    /// Its relations, sorted by source, target, relation and evidence.
    pub relations: Vec<Relation>,
    /// Bounds hit and the like.
    pub warnings: Vec<Warning>,
    /// Copies of sentences left out as repeats; [`Document::repeat_warning`] words the warning,
    /// which is the whole document's to give (a piece of it knows only its own repeats).
    pub repeated_sentences: usize,
    /// The byte spans of all the sentences of the document, repeats included: what a
    /// document cut into pieces counts its repeats from (see [`crate::text::tokenize::count_repeats`]).
    pub sentence_spans: Vec<(u32, u32)>,
    /// Every candidate concept with its salience features, when [`Options::explain`] is set.
    pub candidates: Vec<CandidateReport>,
    /// Each sentence's chunks and relations, when [`Options::trace`] is set.
    pub trace: Vec<String>,
}

/// A candidate concept and why it was kept or left out.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateReport {
    /// Its label.
    pub label: String,
    /// Its other forms.
    pub aliases: Vec<String>,
    /// Its kind.
    pub kind: String,
    /// Salience features, named by [`salience_features`].
    pub features: Vec<f64>,
    /// The salience score.
    pub score: f64,
    /// Whether it is in the graph.
    pub selected: bool,
}

/// The names of the salience features in [`CandidateReport::features`].
pub fn salience_features() -> &'static [&'static str] {
    &salience::FEATURES
}

/// How much lower the salience bar is for a concept that a typed relation links.
const TYPED_BONUS: f64 = 0.3;

/// Nouns that stand for the phrase after them ("the development of X" is about X).
const LIGHT_HEADS: &[&str] = &[
    "development",
    "use",
    "creation",
    "role",
    "part",
    "kind",
    "type",
    "form",
    "number",
    "variety",
    "range",
    "set",
    "series",
    "lot",
    "majority",
    "one",
    "most",
    "some",
    "all",
    "each",
    "many",
    "rest",
    "aspect",
    "area",
    "field",
    "world",
    "future",
    "importance",
    "heart",
    "forefront",
    "boundary",
    "boundaries",
    "direction",
    "impact",
    "influence",
    "advancement",
    "deployment",
    "application",
    "integration",
    "study",
    "analysis",
    "design",
    "management",
    "implementation",
];

/// [`LIGHT_HEADS`] as a set, for the lookup of every one-word mention's head.
static LIGHT_HEAD_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| LIGHT_HEADS.iter().copied().collect());

/// The default of [`Options::max_candidates`].
pub const MAX_CANDIDATES: usize = 100_000;

/// Extract the concepts and relations of one document.
///
/// Never fails: any text gives an extraction (perhaps empty), with warnings for bounds hit.
pub fn extract(doc: &Document, ontology: &Ontology, options: &Options) -> Extraction {
    let text = doc.text.as_str();
    let a = analyze(text);
    let mut warnings = Vec::new();
    if a.sentences.iter().any(|s| s.tokens.len() >= crate::text::tokenize::MAX_SENTENCE_TOKENS) {
        warnings.push(Warning::new(
            Some(std::path::Path::new(&doc.path)),
            &format!(
                "a sentence longer than {} tokens was cut into pieces",
                crate::text::tokenize::MAX_SENTENCE_TOKENS
            ),
        ));
    }
    // 1. Chunks and mentions.
    let mut mentions: Vec<Mention> = Vec::new();
    let mut cands = Candidates::default();
    let mut over_bound = 0usize;
    let mut sentences: Vec<(Vec<Chunk>, Vec<Option<usize>>)> = Vec::with_capacity(a.sentences.len());
    // Mentions that may share the modifier of the conjunct before them, with the label they
    // would then have.
    let mut modified: Vec<(usize, String)> = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        let chunks = chunk::chunk(text, &a, s.tokens.clone());
        let mut mention_of = vec![None; chunks.len()];
        for (ci, c) in chunks.iter().enumerate() {
            if c.kind != Kind::Np {
                continue;
            }
            // "the Houses of Lancaster and York": the plural is its two names.
            if distributed_class(text, &a, &chunks, ci).is_some() {
                continue;
            }
            if let Some(mut m) = concepts::mention(text, &a, si, ci, c, ontology) {
                elided_head(text, &a, si, &chunks, ci, &mut m, ontology);
                distributed_of(text, &a, &chunks, ci, &mut m);
                let shared = shared_modifier(text, &a, &chunks, ci, &m, &mention_of, &mentions);
                let key = concepts::key_of(&m.label);
                if cands.keys.len() >= options.max_candidates && cands.get(&key).is_none() {
                    over_bound += 1;
                    continue;
                }
                let cand = cands.get_or_add(&key);
                m.candidate = cand;
                cands.mentions[cand].push(mentions.len());
                mention_of[ci] = Some(mentions.len());
                if let Some(label) = shared {
                    modified.push((mentions.len(), label));
                }
                mentions.push(m);
            }
        }
        sentences.push((chunks, mention_of));
    }
    // "AI Regulation and Policy" names "AI policy" where the text names it elsewhere too.
    for (mi, label) in modified {
        let key = concepts::key_of(&label);
        let Some(to) = cands.get(&key) else { continue };
        let from = mentions[mi].candidate;
        if to == from {
            continue;
        }
        cands.mentions[from].retain(|&x| x != mi);
        cands.mentions[to].push(mi);
        cands.mentions[to].sort_unstable();
        let m = &mut mentions[mi];
        m.candidate = to;
        m.surface = label.clone();
        m.label = label;
    }
    if over_bound > 0 {
        warnings.push(Warning::new(
            Some(std::path::Path::new(&doc.path)),
            &format!(
                "more than {} distinct noun phrases; {over_bound} mention(s) of further ones were left out",
                options.max_candidates
            ),
        ));
    }
    concepts::merge_candidates(text, &a, &mentions, &mut cands, ontology);
    let mut labels = LabelMemo::new(ontology);
    let light: Vec<bool> = mentions
        .iter()
        .map(|m| {
            if m.end - m.start != 1 {
                return false;
            }
            let head = lower_case(a.lemma(text, m.head));
            LIGHT_HEAD_SET.contains(&*head) || labels.is_generic(&m.label) && !concepts::is_relational(&head, ontology)
        })
        .collect();
    // 2. Relations, sentence by sentence.
    let mut raw: Vec<(usize, RawRelation)> = Vec::new();
    let mut arguments: Vec<u32> = vec![0; mentions.len()];
    let mut listed: Vec<bool> = vec![false; mentions.len()];
    let mut roles: Vec<(usize, String, bool)> = Vec::new();
    let mut prev_subject: Option<usize> = None;
    let mut trace = Vec::new();
    let is_light = |m: usize| light[m];
    let is_proper = |m: usize| mentions[m].proper;
    let mut srs: Vec<relations::SentenceRelations> = Vec::with_capacity(sentences.len());
    let mut prevs: Vec<Option<usize>> = Vec::with_capacity(sentences.len());
    for (chunks, mention_of) in &sentences {
        let input = SentenceInput { text, analysis: &a, chunks, mention_of, light: &is_light, proper: &is_proper };
        let sr = relations::sentence_relations(&input, prev_subject, None, ontology);
        prevs.push(prev_subject);
        if sr.subject.is_some() {
            prev_subject = sr.subject;
        }
        srs.push(sr);
    }
    // A heading or list line that starts with a gerund ("Leading AI Research", "- Ensuring AI
    // systems are safe") leaves its agent implicit: for a heading, the subject of the section's
    // first sentence; for a list line, the subject the list continues.
    let agent_kinds: Vec<KindId> =
        ["Role", "Person", "Organization"].iter().filter_map(|k| ontology.kind_id(k)).collect();
    let agentive = |m: usize| {
        mentions[m].proper
            || ontology
                .head_kind(&lower_case(a.lemma(text, mentions[m].head)))
                .is_some_and(|k| agent_kinds.contains(&k))
    };
    let mut list_agent: Option<(usize, usize)> = None;
    for si in 0..sentences.len() {
        let (chunks, mention_of) = &sentences[si];
        if !gerund_initial(&a, chunks) {
            continue;
        }
        let sentence = &a.sentences[si];
        let list_item = is_list_line(text, sentence.start as usize);
        let line_start = text[..sentence.start as usize].rfind('\n').map_or(0, |i| i + 1);
        let after_colon = text[..line_start].trim_end().ends_with(':');
        let section_agent = || {
            // The first named or agentive subject of the section's first sentences.
            (si + 1..sentences.len().min(si + 4))
                .take_while(|&j| !a.sentences[j].heading || is_list_line(text, a.sentences[j].start as usize))
                .find_map(|j| srs[j].subject.filter(|&m| agentive(m)))
        };
        let agent = match list_agent {
            // A list goes on with the agent of its first item.
            Some((last, agent)) if list_item && last + 1 == si => Some(agent),
            // A list's first item: the subject of the sentence that announced it; a heading: the
            // subject of its section.
            _ if list_item && after_colon => {
                prevs[si].filter(|&m| agentive(m)).or_else(|| sentence.heading.then(section_agent).flatten())
            }
            _ if sentence.heading => section_agent(),
            _ => None,
        };
        if let (Some(agent), true) = (agent, list_item) {
            list_agent = Some((si, agent));
        }
        if agent.is_some() {
            let input = SentenceInput { text, analysis: &a, chunks, mention_of, light: &is_light, proper: &is_proper };
            srs[si] = relations::sentence_relations(&input, prevs[si], agent, ontology);
        }
    }
    for (si, ((chunks, _), sr)) in sentences.iter().zip(srs).enumerate() {
        for &m in &sr.arguments {
            arguments[m] += 1;
        }
        roles.extend(sr.roles.iter().cloned());
        for &m in &sr.listed {
            listed[m] = true;
        }
        if options.trace {
            trace.push(trace_sentence(text, &a, chunks, &mentions, &sr, ontology));
        }
        raw.extend(sr.relations.into_iter().map(|r| (si, r)));
    }
    // 3. Concept groups: candidates under one root.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for c in 0..cands.len() {
        if !cands.mentions[c].is_empty() {
            groups.entry(cands.root(c)).or_default().push(c);
        }
    }
    let group_of_mention = |m: usize| cands.root(mentions[m].candidate);
    let mut infos: BTreeMap<usize, GroupInfo> = BTreeMap::new();
    for (&root, members) in &groups {
        let mis: Vec<usize> = members.iter().flat_map(|&c| cands.mentions[c].iter().copied()).collect();
        let ms: Vec<&Mention> = mis.iter().map(|&m| &mentions[m]).collect();
        let (label, lexicon) = choose_label(&ms, &mut labels);
        let (kind, source) = concepts::kind_of(text, &a, &label, labels.lookup(&label), &ms, ontology);
        let mut aliases = BTreeMap::new();
        let label_key = concepts::key_of(&label);
        // The label's own candidate, when it was merged into another ("ALU" into "arithmetic
        // logic unit"), says why the root's forms are aliases of it.
        let label_reason = members.iter().find(|&&c| cands.keys[c] == label_key).and_then(|&c| cands.merge_reason[c]);
        for &c in members {
            for &mi in &cands.mentions[c] {
                let m = &mentions[mi];
                for form in [&m.surface, &m.label] {
                    if *form == label {
                        continue;
                    }
                    // Forms of the label's own candidate differ by case or number; forms of a merged
                    // candidate carry the merge's reason.
                    let reason = match cands.merge_reason[c].or(label_reason) {
                        Some(r) if cands.keys[c] != label_key => r.as_str(),
                        _ if concepts::has_key(form, &label_key) => Reason::Case.as_str(),
                        _ => Reason::Plural.as_str(),
                    };
                    aliases.entry(form.clone()).or_insert_with(|| reason.to_owned());
                }
            }
        }
        let first = ms.iter().map(|m| m.sentence).min().unwrap_or(0);
        infos.insert(
            root,
            GroupInfo {
                label,
                kind,
                kind_source: source,
                aliases,
                mentions: ms.len() as u32,
                first_sentence: first,
                proper: ms.iter().any(|m| m.proper),
                acronym: members.iter().any(|&c| cands.merge_reason[c] == Some(Reason::Acronym))
                    || ms.iter().any(|m| concepts::is_acronym(&m.surface)),
                lexicon,
                arguments: mis.iter().map(|&m| arguments[m]).sum(),
                listed: mis.iter().any(|&m| listed[m]),
                typed: 0,
                coreferences: BTreeMap::new(),
                heading: ms.iter().any(|m| a.sentences[m.sentence].heading),
                place: false,
                head: a.lemma(text, ms[0].head).to_lowercase(),
            },
        );
    }
    // 4. Kinds flow along is_a ("Nvidia, a technology company" makes Nvidia an Organization).
    for (_, r) in &raw {
        if matches!(r.via, Via::Copula | Via::Apposition | Via::Example)
            && r.relation.is_some_and(|rel| ontology.pattern(crate::ontology::Pattern::Copula) == Some(rel))
        {
            let (s, t) = (group_of_mention(r.source), group_of_mention(r.target));
            let (tk, ts) = (infos[&t].kind, infos[&t].kind_source);
            let si = infos.get_mut(&s).expect("group exists");
            if si.kind_source < KindSource::Propagated && ts >= KindSource::Head && tk != ontology.default_kind {
                // A name that is a role ("Shannon was an American mathematician") is a person.
                si.kind = match (si.proper, ontology.kind_id("Person")) {
                    (true, Some(person)) if Some(tk) == ontology.kind_id("Role") => person,
                    _ => tk,
                };
                si.kind_source = KindSource::Propagated;
            }
        }
    }
    // Named concepts that nothing else types take a kind from how the text uses them: agents of
    // "acquire", "manufacture" are organisations, of "say", "marry" people, and names only ever
    // after "in", "at", "near" are places (the default kind).
    let mut votes: BTreeMap<usize, BTreeMap<&'static str, u32>> = BTreeMap::new();
    for (m, verb, agent) in &roles {
        if let Some(k) = verb_kind_cue(verb, *agent) {
            *votes.entry(group_of_mention(*m)).or_default().entry(k).or_insert(0) += 1;
        }
    }
    for (mi, m) in mentions.iter().enumerate() {
        if !m.proper || m.start == 0 {
            continue;
        }
        let before =
            lower_case(a.tokens[m.start.min(sentences[m.sentence].0[m.chunk].start).saturating_sub(1)].text(text));
        if matches!(&*before, "in" | "at" | "near" | "from" | "across" | "throughout" | "outside" | "around") {
            *votes.entry(group_of_mention(mi)).or_default().entry("place").or_insert(0) += 1;
        }
    }
    for (g, v) in &votes {
        let info = infos.get_mut(g).expect("group");
        if !info.proper || info.kind_source > KindSource::WordNet {
            continue;
        }
        let total: u32 = v.values().sum();
        let (best, n) = v.iter().max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k))).expect("votes");
        if n * 2 <= total {
            continue;
        }
        let kind = match *best {
            "place" => Some(ontology.default_kind),
            other => ontology.kind_id(other),
        };
        if *best == "place" {
            info.place = true;
        }
        if let Some(k) = kind {
            info.kind = k;
            info.kind_source = KindSource::Propagated;
        }
    }
    // 5. Definite descriptions: "the company" is the one named organisation mentioned before.
    let mut coref: HashMap<usize, usize> = HashMap::new();
    let organization = ontology.kind_id("Organization");
    // The groups of the organisations named so far: none, the one, or more than one.
    let mut named = Named::Nothing;
    for (mi, m) in mentions.iter().enumerate() {
        let named_before = named;
        if m.proper {
            let g = group_of_mention(mi);
            if Some(infos[&g].kind) == organization {
                named.add(g);
            }
        }
        if m.end - m.start != 1 || m.chunk >= sentences[m.sentence].0.len() {
            continue;
        }
        let c = &sentences[m.sentence].0[m.chunk];
        let det = lower_case(a.tokens[c.start].text(text));
        if !matches!(&*det, "the" | "this" | "these" | "those" | "such") || c.start == m.start {
            continue;
        }
        let head = lower_case(a.lemma(text, m.head));
        // "Wildlife laws govern ... Such laws may be enacted to protect biodiversity": a bare
        // head after a demonstrative or "such" is the one phrase with that head in this or the
        // two sentences before.
        if matches!(&*det, "such" | "these" | "this" | "those") {
            let mut found: Option<usize> = None;
            let mut unique = true;
            for (mj, other) in mentions[..mi].iter().enumerate().rev() {
                if other.sentence + 2 < m.sentence {
                    break;
                }
                if other.end - other.start < 2 || lower_case(a.lemma(text, other.head)) != head {
                    continue;
                }
                let g = group_of_mention(mj);
                match found {
                    None => found = Some(g),
                    Some(f) if f != g => unique = false,
                    _ => {}
                }
            }
            if let (Some(g), true) = (found, unique) {
                coref.insert(mi, g);
                *infos.get_mut(&g).expect("group").coreferences.entry(format!("{det} {head}")).or_insert(0) += 1;
                continue;
            }
            // "this company" may still be the one organisation named before.
            if det != "this" {
                continue;
            }
        }
        let Some(kind) = ontology.head_kind(&head) else {
            continue;
        };
        // Organisations are what texts name and then call "the company"; other kinds' definite
        // descriptions ("the future", "the king") are too often about something else.
        if Some(kind) != organization {
            continue;
        }
        // The one organisation named before, if only one is.
        if let Named::One(g) = named_before {
            coref.insert(mi, g);
            *infos.get_mut(&g).expect("group").coreferences.entry(format!("the {head}")).or_insert(0) += 1;
        }
    }
    let group_of = |m: usize| coref.get(&m).copied().unwrap_or_else(|| group_of_mention(m));
    // 6. Possessives become part_of or develops, and purposes applied_in, by the kinds; count
    // typed relations per group.
    let kind_name = |k: KindId| ontology.kind(k).name.as_str();
    let mut typed_raw: Vec<(usize, usize, usize, RelationId, Via)> = Vec::new();
    for (si, r) in &raw {
        let (s, t) = (group_of(r.source), group_of(r.target));
        if s == t {
            continue;
        }
        // A possessive's relation, when no agent noun gave it, comes from the kinds: a role or
        // person of an organisation is part of it; an organisation's or person's product or work
        // ("Nvidia's GPUs", "Karel Čapek's R.U.R.") is developed by it; a person's group ("his
        // army") is led by the person.
        let (mut s, mut t) = (s, t);
        let rel = match r.relation {
            Some(rel) => Some(rel),
            None => {
                let sk = kind_name(infos[&s].kind);
                let tk = kind_name(infos[&t].kind);
                let work = sk == "Technology" || (sk == "Concept" && infos[&s].proper);
                match (sk, tk) {
                    // "processors for smartphones": a technology's purpose is where it is applied.
                    ("Technology", "Technology" | "Sector" | "Activity" | "Field" | "Concept")
                        if r.via == Via::Purpose =>
                    {
                        ontology.relation_id("applied_in")
                    }
                    _ if r.via == Via::Purpose => None,
                    ("Role" | "Person", "Organization" | "Person") | ("Organization", "Organization") => {
                        ontology.pattern(crate::ontology::Pattern::Possessive)
                    }
                    // A name that is no place, of a kind nothing told: "Microsoft's Xbox".
                    (_, "Organization" | "Person") if work => {
                        std::mem::swap(&mut s, &mut t);
                        ontology.relation_id("develops")
                    }
                    _ if work
                        && r.via == Via::Genitive
                        && infos[&t].proper
                        && !infos[&t].place
                        && infos[&t].kind == ontology.default_kind
                        && infos[&t].kind_source == KindSource::Default =>
                    {
                        std::mem::swap(&mut s, &mut t);
                        ontology.relation_id("develops")
                    }
                    // "Richard divided his army": a person's group is led by the person.
                    ("Organization", "Person") => {
                        std::mem::swap(&mut s, &mut t);
                        ontology.relation_id("leads")
                    }
                    _ => None,
                }
            }
        };
        let Some(rel) = rel else { continue };
        typed_raw.push((*si, s, t, rel, r.via));
        infos.get_mut(&s).expect("group").typed += 1;
        infos.get_mut(&t).expect("group").typed += 1;
    }
    // A resolved "the company" is a mention of the organisation, not of the generic noun.
    for (&mi, g) in &coref {
        infos.get_mut(g).expect("group").mentions += 1;
        let own = infos.get_mut(&group_of_mention(mi)).expect("group");
        own.mentions = own.mentions.saturating_sub(1).max(1);
    }
    // A longer phrase that ends with another candidate of two words or more mentions it too:
    // "fragile switching elements" is a mention of "switching element".
    let mut nested: Vec<(usize, u32)> = Vec::new();
    for (&g, info) in &infos {
        let key = concepts::key_of(&info.label);
        let words: Vec<&str> = key.split(' ').collect();
        if let Some(c) = (1..words.len().saturating_sub(1))
            .find_map(|k| cands.find_key(&words[k..].join(" ")).filter(|c| *c != g && infos.contains_key(c)))
        {
            nested.push((c, info.mentions));
        }
    }
    for (c, m) in nested {
        infos.get_mut(&c).expect("group").mentions += m;
    }
    // 7. Salience and selection.
    let n_sentences = a.sentences.len().max(1);
    let mut selected: BTreeSet<usize> = BTreeSet::new();
    let mut salience: BTreeMap<usize, f64> = BTreeMap::new();
    let mut reports = Vec::new();
    for (&g, info) in &infos {
        let generic = labels.is_generic(&info.label) && !info.lexicon;
        let signals = salience::Signals {
            label: info.label.clone(),
            head: info.head.clone(),
            mentions: info.mentions,
            first_sentence: info.first_sentence,
            sentences: n_sentences,
            proper: info.proper,
            acronym: info.acronym,
            lexicon: info.lexicon,
            arguments: info.arguments,
            listed: info.listed,
            typed: info.typed,
            coreferent: !info.coreferences.is_empty(),
            heading: info.heading,
            place: info.place,
            kind_strength: info.kind_source as u8,
            default_kind: info.kind == ontology.default_kind,
            generic,
        };
        let features = salience::features(&signals);
        let score = salience::score(&features);
        salience.insert(g, score);
        // A concept a typed relation links keeps a little more of a chance: the relation is
        // part of what the text says about it.
        let bar = if info.typed > 0 { options.min_salience - TYPED_BONUS } else { options.min_salience };
        let keep = score >= bar && !generic;
        if keep {
            selected.insert(g);
        }
        if options.explain {
            reports.push(CandidateReport {
                label: info.label.clone(),
                aliases: info.aliases.keys().cloned().collect(),
                kind: ontology.kind(info.kind).name.clone(),
                features,
                score,
                selected: keep,
            });
        }
    }
    // Mentions of dropped concepts fall back to a selected concept named by their last words
    // ("massive AI models" -> "AI model").
    let resolve = |g: usize| -> Option<usize> {
        if selected.contains(&g) {
            return Some(g);
        }
        let key = concepts::key_of(&infos[&g].label);
        let words: Vec<&str> = key.split(' ').collect();
        for k in 1..words.len() {
            if let Some(c) = cands.find_key(&words[k..].join(" ")) {
                if selected.contains(&c) {
                    return Some(c);
                }
            }
        }
        None
    };
    // Where each group goes, worked out once: relations and sentences ask for their groups again
    // and again. (Every group asked about is one of `infos`.)
    let mut resolved: Vec<Option<usize>> = vec![None; cands.len()];
    for &g in infos.keys() {
        resolved[g] = resolve(g);
    }
    let resolve = |g: usize| resolved[g];
    // Each selected concept's id, worked out once: relations name their ends by id, and
    // symmetric ones are oriented by it.
    let mut ids: Vec<String> = vec![String::new(); cands.len()];
    for &g in &selected {
        ids[g] = concept_id(&infos[&g].label);
    }
    // 8. Relations between selected concepts, with evidence.
    // One copy of the document id, and of each sentence however many relations it gives.
    let doc_id = SharedStr::from(doc.id.as_str());
    let mut sentence_texts: Vec<Option<SharedStr>> = vec![None; a.sentences.len()];
    let mut sentence_evidence = |si: usize| {
        let s = &a.sentences[si];
        let (start, end) = (s.start as usize, s.end as usize);
        let text = sentence_texts[si].get_or_insert_with(|| text[start..end].into()).clone();
        Evidence { doc: doc_id.clone(), start, end, text }
    };
    let mut rels: BTreeSet<(usize, usize, RelationId, usize, OrdF64)> = BTreeSet::new();
    // Only looked up: a hash set.
    let mut typed_pairs: FxHashSet<(usize, usize)> = FxHashSet::default();
    for &(si, s, t, rel, via) in &typed_raw {
        let (Some(s), Some(t)) = (resolve(s), resolve(t)) else {
            continue;
        };
        if s == t {
            continue;
        }
        // A pattern may give the fallback relation itself ("the son of Y"): it stands as found,
        // and the pair stays open to a typed link.
        if rel == ontology.fallback_relation {
            rels.insert((s.min(t), s.max(t), rel, si, OrdF64(via.reliability())));
            continue;
        }
        let (s, t) = orient(s, t, rel, ontology, &ids);
        typed_pairs.insert((s.min(t), s.max(t)));
        rels.insert((s, t, rel, si, OrdF64(via.reliability())));
    }
    // Pairs in one clause with no typed link: a single verb between them may still type it;
    // otherwise related_to, for two concepts in one clause, the only two concepts of a sentence
    // (not a list), or two sharing several sentences.
    // Each pair's sentences and links, in sentence order; grouped by pair below.
    let mut shared: Vec<((usize, usize), usize, Link)> = Vec::new();
    let mut clause_typed: BTreeSet<(usize, usize, RelationId, usize)> = BTreeSet::new();
    for (si, (chunks, mention_of)) in sentences.iter().enumerate() {
        let present: Vec<(usize, usize)> = mention_of
            .iter()
            .enumerate()
            .filter_map(|(ci, m)| m.and_then(|m| resolve(group_of(m)).map(|g| (ci, g))))
            .collect();
        let is_light = |m: usize| light[m];
        let is_proper = |m: usize| mentions[m].proper;
        let input = SentenceInput { text, analysis: &a, chunks, mention_of, light: &is_light, proper: &is_proper };
        let sole = sole_pair(&present);
        for (x, &(ci, gi)) in present.iter().enumerate() {
            for &(cj, gj) in &present[x + 1..] {
                if gi == gj {
                    continue;
                }
                let pair = (gi.min(gj), gi.max(gj));
                let same_clause = one_clause(chunks, ci, cj);
                if same_clause && !typed_pairs.contains(&pair) {
                    if let Some((rel, inverse)) = relations::verb_between(&input, ci, cj, ontology) {
                        let (s, t) = if inverse { (gj, gi) } else { (gi, gj) };
                        let (s, t) = orient(s, t, rel, ontology, &ids);
                        clause_typed.insert((s, t, rel, si));
                        continue;
                    }
                }
                // A fronted phrase sets a place or a field: a name ("In Brittany, ..."), or a field
                // or sector ("In machine learning, ..."), not "In practice" or "In the panic".
                let setting = infos[&gi].proper || matches!(kind_name(infos[&gi].kind), "Field" | "Sector");
                let link = if same_clause || near_clause(chunks, ci, cj) || setting && fronted(text, &a, chunks, ci, cj)
                {
                    Link::Clause
                } else if sole && !items_of_list(chunks, ci, cj) {
                    Link::Sentence
                } else {
                    Link::Shared
                };
                shared.push((pair, si, link));
            }
        }
    }
    for (s, t, rel, si) in clause_typed {
        typed_pairs.insert((s.min(t), s.max(t)));
        rels.insert((s, t, rel, si, OrdF64(Via::VerbBetween.reliability())));
    }
    // Each pair's occurrences in sentence order. Pushed in sentence order, they need no stable
    // sort: within one sentence, occurrences of a pair that compare equal are equal, and what
    // follows reads only which sentences there are and the strongest link in the first.
    shared.sort_unstable();
    for occurrences in shared.chunk_by(|x, y| x.0 == y.0) {
        let pair = &occurrences[0].0;
        if typed_pairs.contains(pair) {
            continue;
        }
        // Occurrences come in sentence order: each new sentence differs from the one before.
        let sentences_shared = 1 + occurrences.windows(2).filter(|w| w[0].1 != w[1].1).count();
        // The strongest link, in its first sentence.
        let &(_, si, link) = occurrences.iter().min_by_key(|(_, s, l)| (*l, *s)).expect("an occurrence");
        let via = match link {
            Link::Clause => Via::Clause,
            Link::Sentence => Via::Sentence,
            Link::Shared => Via::Cooccurrence,
        };
        if link != Link::Shared || sentences_shared as u32 >= options.cooccurrence_sentences {
            rels.insert((pair.0, pair.1, ontology.fallback_relation, si, OrdF64(via.reliability())));
        }
    }
    // One claim per pair: where a document links two concepts in several ways, the most
    // reliable (then most frequent) relation stands for the pair, as a careful reader would
    // draw one arrow.
    let mut best: BTreeMap<(usize, usize), (OrdF64, usize, RelationId)> = BTreeMap::new();
    let mut counts: BTreeMap<(usize, usize, RelationId), usize> = BTreeMap::new();
    for &(s, t, rel, _, _) in &rels {
        *counts.entry((s, t, rel)).or_insert(0) += 1;
    }
    for &(s, t, rel, _, r) in &rels {
        let count = counts[&(s, t, rel)];
        let key = (s.min(t), s.max(t));
        let cand = (r, count, rel);
        match best.get(&key) {
            Some(b) if (b.0, b.1, std::cmp::Reverse(b.2)) >= (cand.0, cand.1, std::cmp::Reverse(cand.2)) => {}
            _ => {
                best.insert(key, cand);
            }
        }
    }
    rels.retain(|&(s, t, rel, _, _)| best.get(&(s.min(t), s.max(t))).is_some_and(|b| b.2 == rel));
    // 9. Output.
    let id_of = |g: usize| ids[g].clone();
    // The selected concepts in id order (a stable sort: of two labels with one id, the first
    // selected comes first), and each one's rank in it, equal ids ranking equal: relations sort
    // by their ends' ranks, not by comparing their ids again and again.
    let mut by_id: Vec<usize> = selected.iter().copied().collect();
    by_id.sort_by(|&x, &y| ids[x].cmp(&ids[y]));
    let mut rank: Vec<u32> = vec![0; cands.len()];
    for (k, &g) in by_id.iter().enumerate() {
        rank[g] = match k {
            0 => 0,
            _ if ids[g] == ids[by_id[k - 1]] => rank[by_id[k - 1]],
            _ => rank[by_id[k - 1]] + 1,
        };
    }
    let mut out_concepts: Vec<Concept> = Vec::new();
    for &g in &by_id {
        let info = &infos[&g];
        out_concepts.push(Concept {
            id: id_of(g),
            label: info.label.clone(),
            kind: ontology.kind(info.kind).name.clone(),
            kind_strength: info.kind_source as u8,
            aliases: info.aliases.clone(),
            coreferences: info.coreferences.clone(),
            mentions: info.mentions,
            salience: (salience[&g] * 1000.0).round() / 1000.0,
        });
    }
    out_concepts.dedup_by(|x, y| {
        if x.id == y.id {
            // Two labels with one slug ("C++" and "C"? no: those differ) are one concept.
            y.mentions += x.mentions;
            for (k, v) in std::mem::take(&mut x.aliases) {
                y.aliases.entry(k).or_insert(v);
            }
            true
        } else {
            false
        }
    });
    // Relations by source id, target id, relation name and evidence, as their fields compare:
    // the ranks compare as the ids do, and all evidence is this document's, where a sentence's
    // span settles its text. (A stable sort, as the relations' own one would be.)
    let mut rels: Vec<(usize, usize, RelationId, usize, OrdF64)> =
        rels.into_iter().filter(|&(s, t, _, _, _)| rank[s] != rank[t]).collect();
    let span = |si: usize| (a.sentences[si].start, a.sentences[si].end);
    // Each relation type's rank by name, equal names ranking equal: the names compare once
    // here, not again in every comparison of the sort.
    let mut by_name: Vec<usize> = (0..ontology.relations.len()).collect();
    by_name.sort_by(|&x, &y| ontology.relations[x].name.cmp(&ontology.relations[y].name));
    let mut name_rank: Vec<u32> = vec![0; ontology.relations.len()];
    for (k, &r) in by_name.iter().enumerate() {
        name_rank[r] = match k {
            0 => 0,
            _ if ontology.relations[r].name == ontology.relations[by_name[k - 1]].name => name_rank[by_name[k - 1]],
            _ => name_rank[by_name[k - 1]] + 1,
        };
    }
    let name_rank = |r: RelationId| name_rank[usize::from(r.0)];
    rels.sort_by(|x, y| {
        (rank[x.0], rank[x.1], name_rank(x.2))
            .cmp(&(rank[y.0], rank[y.1], name_rank(y.2)))
            .then_with(|| span(x.3).cmp(&span(y.3)))
    });
    let out_relations: Vec<Relation> = rels
        .into_iter()
        .map(|(s, t, rel, si, r)| Relation {
            source: id_of(s),
            target: id_of(t),
            relation: ontology.relation(rel).name.clone(),
            reliability: r.0,
            evidence: sentence_evidence(si),
        })
        .collect();
    Extraction {
        document: DocumentInfo::of(doc),
        concepts: out_concepts,
        relations: out_relations,
        warnings,
        repeated_sentences: a.repeated_sentences,
        sentence_spans: a.sentence_spans,
        candidates: reports,
        trace,
    }
}

/// The kind a verb suggests for its agent (or patient), for named concepts.
fn verb_kind_cue(verb: &str, agent: bool) -> Option<&'static str> {
    const ORG_AGENT: &[&str] = &[
        "acquire",
        "announce",
        "manufacture",
        "sell",
        "hire",
        "employ",
        "sue",
        "invest",
        "license",
        "ship",
        "market",
        "release",
        "produce",
        "launch",
        "merge",
        "partner",
        "purchase",
        "buy",
        "agree",
        "sign",
        "report",
        "supply",
        "distribute",
        "export",
        "import",
        "operate",
        "headquarter",
        "fund",
        "own",
        "list",
        "compete",
        "settle",
        "outsource",
        "subcontract",
        "file",
    ];
    const PERSON_AGENT: &[&str] = &[
        "say",
        "believe",
        "write",
        "argue",
        "marry",
        "die",
        "bear",
        "think",
        "feel",
        "claim",
        "propose",
        "invent",
        "describe",
        "suggest",
        "remark",
        "recall",
        "speak",
        "tell",
        "reign",
        "flee",
        "marry",
        "kill",
        "murder",
        "succeed",
        "defeat",
        "command",
        "lead",
        "coin",
        "publish",
        "discover",
        "demonstrate",
        "study",
        "teach",
        "retire",
        "resign",
        "join",
        "attend",
        "graduate",
        "fight",
        "crown",
        "exile",
        "imprison",
        "rule",
    ];
    const ORG_PATIENT: &[&str] =
        &["acquire", "buy", "purchase", "found", "incorporate", "dissolve", "list", "charter", "establish"];
    const PERSON_PATIENT: &[&str] =
        &["bear", "kill", "crown", "murder", "execute", "exile", "imprison", "elect", "appoint", "marry", "knight"];
    if agent {
        if ORG_AGENT.contains(&verb) {
            return Some("Organization");
        }
        if PERSON_AGENT.contains(&verb) {
            return Some("Person");
        }
    } else {
        if ORG_PATIENT.contains(&verb) {
            return Some("Organization");
        }
        if PERSON_PATIENT.contains(&verb) {
            return Some("Person");
        }
    }
    None
}

/// One sentence's chunks and relations, for `Options::trace`.
fn trace_sentence(
    text: &str,
    a: &crate::text::Analysis,
    chunks: &[Chunk],
    mentions: &[Mention],
    sr: &relations::SentenceRelations,
    ontology: &Ontology,
) -> String {
    let mut line = String::new();
    for c in chunks {
        let words: Vec<&str> = (c.start..c.end).map(|i| a.tokens[i].text(text)).collect();
        let mark = match c.kind {
            Kind::Np => "NP",
            Kind::Verb if c.negated => "V-neg",
            Kind::Verb if c.passive => "V-pass",
            Kind::Verb => "V",
            Kind::Pronoun => "PRO",
            _ => "",
        };
        if mark.is_empty() {
            line.push_str(&words.join(" "));
        } else {
            line.push_str(&format!("[{mark} {}]", words.join(" ")));
        }
        line.push(' ');
    }
    for r in &sr.relations {
        let rel = r.relation.map_or("(by kinds)", |x| ontology.relation(x).name.as_str());
        line.push_str(&format!(
            "\n    {} -{rel}-> {}  ({:?})",
            mentions[r.source].label, mentions[r.target].label, r.via
        ));
    }
    line
}

/// An f64 that orders (reliabilities are finite).
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdF64(f64);
impl Eq for OrdF64 {}
impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Whether chunks `ci < cj` are linked within one clause: the second is a prepositional or
/// possessive attachment of the first ("X of Y", "X in Y", "X's Y"), or the two are the
/// arguments of one verb ("X ... governs ... Y"), with nothing between but adverbs, adjectives,
/// prepositions and that one verb. Mere lists ("X, Y and Z") and distant phrases are not linked.
fn one_clause(chunks: &[Chunk], ci: usize, cj: usize) -> bool {
    let between = &chunks[ci + 1..cj];
    let verbs = between.iter().filter(|c| c.kind == Kind::Verb).count();
    let preps = between.iter().filter(|c| c.kind == Kind::Prep).count();
    let only_links = between
        .iter()
        .all(|c| matches!(c.kind, Kind::Verb | Kind::Prep | Kind::Adv | Kind::Adj | Kind::Other | Kind::To));
    !between.is_empty() && only_links && verbs <= 1 && preps <= 2
}

/// Whether chunks `ci < cj` are in one clause across up to two noun phrases: one verb at most,
/// and no comma, conjunction, relative pronoun or break between ("Nvidia would assist Sony with
/// the design of the graphics processor", "the first quad-core processor for mobile devices at
/// the Mobile World Congress"). Such a pair gets `related_to`, never a verb's type: the verb
/// between is not known to join these two.
fn near_clause(chunks: &[Chunk], ci: usize, cj: usize) -> bool {
    let between = &chunks[ci + 1..cj];
    let verbs = between.iter().filter(|c| c.kind == Kind::Verb).count();
    let phrases = between.iter().filter(|c| matches!(c.kind, Kind::Np | Kind::Pronoun)).count();
    let only_links = between.iter().all(|c| {
        matches!(
            c.kind,
            Kind::Verb | Kind::Prep | Kind::Adv | Kind::Adj | Kind::Other | Kind::To | Kind::Np | Kind::Pronoun
        )
    });
    only_links && verbs <= 1 && (1..=2).contains(&phrases)
}

/// Whether chunk `ci` is in a verbless phrase that opens the sentence and `cj` is the subject
/// right after its comma: "Across the English Channel in Brittany, Henry Tudor ...", "In machine
/// learning and cognitive science, artificial neural networks are ...". The phrase sets where
/// or in what the clause holds; a phrase of means or manner ("Through research, ...", "As a
/// leader in AI, ...") does not.
fn fronted(text: &str, a: &crate::text::Analysis, chunks: &[Chunk], ci: usize, cj: usize) -> bool {
    let Some(comma) = chunks.iter().position(|c| c.kind == Kind::Comma) else { return false };
    let opens = chunks.iter().find(|c| c.kind != Kind::Adv).is_some_and(|c| {
        c.kind == Kind::Prep
            && matches!(
                &*lower_case(a.tokens[c.start].text(text)),
                "in" | "across" | "at" | "within" | "throughout" | "among" | "inside" | "near"
            )
    });
    opens
        && ci < comma
        && cj == comma + 1
        && chunks[..comma].iter().all(|c| matches!(c.kind, Kind::Prep | Kind::Np | Kind::Adv | Kind::Adj | Kind::Conj))
        && chunks[cj].kind == Kind::Np
        && chunks[cj + 1..].iter().any(|c| c.kind == Kind::Verb)
}

/// How two concepts meet in one sentence, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Link {
    /// In one clause ([`one_clause`]).
    Clause,
    /// The only two concepts of the sentence, and not a list.
    Sentence,
    /// Anywhere else in the sentence.
    Shared,
}

/// Whether the concepts present in a sentence, as (chunk, concept), are exactly two.
fn sole_pair(present: &[(usize, usize)]) -> bool {
    let Some(&(_, first)) = present.first() else { return false };
    let second = present.iter().find(|p| p.1 != first).map(|p| p.1);
    second.is_some_and(|second| present.iter().all(|p| p.1 == first || p.1 == second))
}

/// "the policy and safety teams", "the U.S. and British governments": a one-word first conjunct
/// shares the head of the plural phrase after "and" or "or", so it names "policy team".
fn elided_head(
    text: &str,
    a: &crate::text::Analysis,
    si: usize,
    chunks: &[Chunk],
    ci: usize,
    m: &mut Mention,
    ontology: &Ontology,
) {
    let (Some(conj), Some(next)) = (chunks.get(ci + 1), chunks.get(ci + 2)) else { return };
    if conj.kind != Kind::Conj
        || next.kind != Kind::Np
        || !matches!(&*lower_case(a.tokens[conj.start].text(text)), "and" | "or")
    {
        return;
    }
    let c = &chunks[ci];
    // The first conjunct: "the" or a possessive ("OpenAI's") and one word, no plural and no
    // person ("the CEO and board members").
    let possessed = c.start == m.start
        && ci > 0
        && matches!(a.tokens[chunks[ci - 1].end - 1].text(text), "'s" | "’s")
        && chunks[ci - 1].end == c.start;
    let the = c.start != m.start && lower_case(a.tokens[c.start].text(text)) == "the";
    if m.end - m.start != 1 || !(the || possessed) {
        return;
    }
    if !matches!(a.tags[m.head].name(), "NN" | "NNP" | "JJ") {
        return;
    }
    let word = lower_case(a.tokens[m.head].text(text));
    if crate::text::lexicon::wordnet(&word, crate::text::lexicon::Pos::Noun)
        .is_some_and(|e| e.first_class() == "person")
    {
        return;
    }
    // The second: no determiner, a modifier and a plural head.
    let Some(second) = concepts::mention(text, a, si, ci + 2, next, ontology) else { return };
    if second.start != next.start || second.end - second.start < 2 || !a.tags[second.head].is_plural() {
        return;
    }
    let Some((first_word, rest)) = second.label.split_once(' ') else { return };
    if !first_word.eq_ignore_ascii_case(a.tokens[second.start].text(text)) {
        return;
    }
    m.label = format!("{} {rest}", m.label);
    m.surface = m.label.clone();
    m.head = second.head;
}

/// "the Houses of Lancaster and York", "the battles of Barnet and Tewkesbury": the class ("House",
/// "Battle") when chunk `p` is such a plural, "the" and its head, before "of" and two one-word
/// names joined by "and" or "or". Each name is then one of the class ("House of Lancaster"), and
/// the plural no concept of its own.
fn distributed_class(text: &str, a: &crate::text::Analysis, chunks: &[Chunk], p: usize) -> Option<String> {
    let word = |k: usize| lower_case(a.tokens[chunks[k].start].text(text));
    let is = |k: usize, kind: Kind| chunks.get(k).is_some_and(|c| c.kind == kind);
    if !(is(p, Kind::Np)
        && is(p + 1, Kind::Prep)
        && is(p + 2, Kind::Np)
        && is(p + 3, Kind::Conj)
        && is(p + 4, Kind::Np))
    {
        return None;
    }
    if word(p + 1) != "of" || !matches!(&*word(p + 3), "and" | "or") || is(p + 5, Kind::Prep) && word(p + 5) == "of" {
        return None;
    }
    let name = |k: usize| {
        let c = &chunks[k];
        c.end - c.start == 1
            && a.tags[c.start].is_noun()
            && !a.tags[c.start].is_plural()
            && a.tokens[c.start].text(text).starts_with(char::is_uppercase)
    };
    let plural = &chunks[p];
    let head = plural.end - 1;
    if !name(p + 2) || !name(p + 4) || plural.end - plural.start != 2 || word(p) != "the" || !a.tags[head].is_plural() {
        return None;
    }
    let mut class = crate::text::lemma::singular(&lower_case(a.tokens[head].text(text))).into_owned();
    if let Some(c) = class.get_mut(0..1) {
        c.make_ascii_uppercase();
    }
    Some(class)
}

/// Names a distributed "of" phrase ([`distributed_class`]) when mention `m` is one of its names.
fn distributed_of(text: &str, a: &crate::text::Analysis, chunks: &[Chunk], ci: usize, m: &mut Mention) {
    let p = [2, 4]
        .into_iter()
        .filter(|&d| ci >= d)
        .map(|d| ci - d)
        .find_map(|p| distributed_class(text, a, chunks, p).map(|class| (p, class)));
    if let Some((p, class)) = p {
        m.label = format!("{class} of {}", m.label);
        m.surface = m.label.clone();
        m.head = chunks[p].end - 1;
        m.proper = true;
    }
}

/// "AI Regulation and Policy": a bare one-word noun after "and" may share the modifier of the
/// two-word phrase before it; the label it would then have ("AI policy"), kept where the text
/// names that concept elsewhere.
fn shared_modifier(
    text: &str,
    a: &crate::text::Analysis,
    chunks: &[Chunk],
    ci: usize,
    m: &Mention,
    mention_of: &[Option<usize>],
    mentions: &[Mention],
) -> Option<String> {
    if ci < 2 || chunks[ci - 1].kind != Kind::Conj || chunks[ci].start != m.start || m.end - m.start != 1 {
        return None;
    }
    if !matches!(&*lower_case(a.tokens[chunks[ci - 1].start].text(text)), "and" | "or")
        || m.proper && !a.in_heading(m.start)
    {
        return None;
    }
    let before = &mentions[mention_of[ci - 2]?];
    let (modifier, _) = before.label.split_once(' ')?;
    if before.end - before.start != 2 || before.label.matches(' ').count() != 1 || !a.tags[before.start].is_noun() {
        return None;
    }
    Some(format!("{modifier} {}", m.label))
}

/// Whether chunks `ci < cj` are items of one list ("X, Y", "X and Y"): only commas and
/// conjunctions between.
fn items_of_list(chunks: &[Chunk], ci: usize, cj: usize) -> bool {
    chunks[ci + 1..cj].iter().all(|c| matches!(c.kind, Kind::Conj | Kind::Comma))
}

/// Symmetric relations are written with `source < target` (by id; `ids` holds the selected
/// concepts' ids by group).
fn orient(s: usize, t: usize, rel: RelationId, ontology: &Ontology, ids: &[String]) -> (usize, usize) {
    if ontology.relation(rel).is_symmetric() && ids[t] < ids[s] {
        (t, s)
    } else {
        (s, t)
    }
}

/// A concept's id: the slug of its label, or a hash when the label has no ASCII letters.
pub fn concept_id(label: &str) -> String {
    let s = crate::slug(label);
    if s.is_empty() {
        let h = crate::text::sha256_hex(label.as_bytes());
        format!("x-{}", &h[..12])
    } else {
        s
    }
}

#[derive(Debug, Clone)]
struct GroupInfo {
    label: String,
    kind: KindId,
    kind_source: KindSource,
    aliases: BTreeMap<String, String>,
    mentions: u32,
    first_sentence: usize,
    proper: bool,
    acronym: bool,
    lexicon: bool,
    arguments: u32,
    /// A mention is a member of a coordinated list.
    listed: bool,
    typed: u32,
    coreferences: BTreeMap<String, u32>,
    heading: bool,
    /// A name used mostly after "in", "at", "from": a place.
    place: bool,
    head: String,
}

/// [`Ontology::lookup`] and [`concepts::is_generic`] of one document's labels, each worked out
/// once per distinct label: a label is mentioned again and again, and a lookup singularises and
/// lower-cases its form every time.
struct LabelMemo<'o> {
    ontology: &'o Ontology,
    lexicon: FxHashMap<Box<str>, Option<&'o ConceptDef>>,
    generic: FxHashMap<Box<str>, bool>,
}

impl<'o> LabelMemo<'o> {
    fn new(ontology: &'o Ontology) -> LabelMemo<'o> {
        LabelMemo { ontology, lexicon: FxHashMap::default(), generic: FxHashMap::default() }
    }

    /// `ontology.lookup(label)`.
    fn lookup(&mut self, label: &str) -> Option<&'o ConceptDef> {
        if let Some(&def) = self.lexicon.get(label) {
            return def;
        }
        let def = self.ontology.lookup(label);
        self.lexicon.insert(label.into(), def);
        def
    }

    /// `concepts::is_generic(label, ontology)`.
    fn is_generic(&mut self, label: &str) -> bool {
        if let Some(&generic) = self.generic.get(label) {
            return generic;
        }
        let generic = concepts::is_generic(label, self.ontology);
        self.generic.insert(label.into(), generic);
        generic
    }
}

/// The label a group shows: the lexicon's label, else the most frequent canonical label, with
/// ties going to the first seen; and whether a mention's label is in the lexicon.
fn choose_label(ms: &[&Mention], labels: &mut LabelMemo<'_>) -> (String, bool) {
    // Mentions in a row often share a label: it is looked up once.
    let mut asked: Option<&str> = None;
    for m in ms {
        if asked == Some(m.label.as_str()) {
            continue;
        }
        asked = Some(&m.label);
        if let Some(def) = labels.lookup(&m.label) {
            return (def.label.clone(), true);
        }
    }
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        match counts.iter_mut().find(|(l, _, _)| *l == m.label) {
            Some(e) => e.1 += 1,
            None => counts.push((m.label.clone(), 1, i)),
        }
    }
    // Prefer a form that is not an all-lower-case variant of a capitalised one.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let top = counts.first().map(|c| c.0.clone()).unwrap_or_default();
    // A name shortened after its first mention is labelled in full: "Alan Turing", not "Turing".
    let proper = |l: &str| l.chars().next().is_some_and(char::is_uppercase);
    if !top.contains(' ') && proper(&top) {
        let full = counts.iter().find(|(l, _, _)| {
            let words: Vec<&str> = l.split(' ').collect();
            words.len() >= 2 && words.iter().all(|w| proper(w)) && (words[0] == top || words[words.len() - 1] == top)
        });
        if let Some((l, _, _)) = full {
            return (l.clone(), false);
        }
    }
    (top, false)
}
/// Whether a sentence's first word chunk is a gerund: "Leading AI Research and Innovation".
fn gerund_initial(a: &crate::text::Analysis, chunks: &[Chunk]) -> bool {
    chunks.first().is_some_and(|c| c.kind == Kind::Verb && a.tags[c.head].name() == "VBG" && c.start == c.head)
}

/// Whether the line holding byte `start` is a list item ("- ", "* ", "• ", "3. ", "b) ").
fn is_list_line(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = text[line_start..start].trim();
    !prefix.is_empty()
        && (matches!(prefix, "-" | "*" | "•" | "–" | "+")
            || prefix.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_alphanumeric()) && prefix.len() <= 4)
}

/// Which groups a walk over the mentions has seen named: none, one, or more than one.
#[derive(Debug, Clone, Copy)]
enum Named {
    Nothing,
    One(usize),
    Several,
}

impl Named {
    fn add(&mut self, g: usize) {
        *self = match *self {
            Named::Nothing => Named::One(g),
            Named::One(first) if first == g => Named::One(g),
            _ => Named::Several,
        };
    }
}
