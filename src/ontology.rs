//! The ontology: the closed set of node kinds and relation types, and the words that signal them.
//!
//! This file owns reading and checking an ontology file (TOML; format in `docs/ontology.md`) and
//! the lookups extraction needs: which relation a predicate signals, which kind a head noun, a
//! WordNet class, a suffix or a naming cue suggests, and the lexicon of known concepts. The
//! default ontology, `graph-data/ontology.toml`, is embedded in the binary. Errors carry the line
//! and column of the offending entry.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_column, Error, Result};
use crate::text::lemma::verb_lemma;
use crate::text::lexicon::{lemma_exceptions, wordnet, Pos};
use crate::text::lower_case;

/// Largest ontology file [`Ontology::load`] reads (16 MiB; the default is about 25 KiB).
pub const MAX_ONTOLOGY_BYTES: u64 = 16 << 20;

/// The default ontology's text.
pub const DEFAULT_ONTOLOGY: &str = include_str!("../graph-data/ontology.toml");

/// Index of a node kind in [`Ontology::kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KindId(pub u16);

/// Index of a relation type in [`Ontology::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId(pub u16);

/// A node kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeKind {
    /// Its name (`Organization`).
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Fill colour in diagrams (`#8ecae6`).
    pub color: Option<String>,
    /// Graphviz node shape in diagrams (`box`).
    pub shape: Option<String>,
}

/// A relation type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationType {
    /// Its name (`develops`).
    pub name: String,
    /// What it means, source to target.
    pub description: String,
    /// Written once per pair, with `source < target`, and drawn without arrowheads.
    pub symmetric: bool,
}

impl RelationType {
    /// Whether the relation has no direction.
    pub fn is_symmetric(&self) -> bool {
        self.symmetric
    }
}

/// A syntactic pattern whose relation the ontology chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// "X is a Y".
    Copula,
    /// "X, a Y, ...".
    Apposition,
    /// "Y such as X".
    SuchAs,
    /// "Y, including X".
    Including,
    /// "X and other Y".
    AndOther,
    /// "X's Y" and "the Y of X" where Y is a role, person or team.
    Possessive,
    /// "X is one of the Y".
    MemberOf,
}

/// A lexicon entry: a concept with a fixed kind and aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptDef {
    /// The canonical label.
    pub label: String,
    /// Its kind.
    pub kind: KindId,
    /// Other names for it.
    pub aliases: Vec<String>,
}

/// A loaded, checked ontology.
#[derive(Debug, Clone)]
pub struct Ontology {
    /// Where it came from (`<default>` for the embedded one).
    pub source: PathBuf,
    /// Its name.
    pub name: String,
    /// Node kinds, in file order.
    pub kinds: Vec<NodeKind>,
    /// Relation types, in file order.
    pub relations: Vec<RelationType>,
    /// The lexicon.
    pub concepts: Vec<ConceptDef>,
    /// The kind given when nothing else types a concept.
    pub default_kind: KindId,
    /// The relation of concepts linked without a typed signal.
    pub fallback_relation: RelationId,
    /// SHA-256 of the file's text: changes whenever the ontology does.
    pub hash: String,
    predicates: HashMap<String, (RelationId, bool)>,
    nouns: HashMap<String, RelationId>,
    agents: HashMap<String, RelationId>,
    verb_classes: HashMap<String, RelationId>,
    heads: HashMap<String, KindId>,
    noun_classes: HashMap<String, KindId>,
    suffixes: Vec<(String, KindId)>,
    cues: HashMap<String, KindId>,
    patterns: BTreeMap<Pattern, RelationId>,
    lexicon: HashMap<String, usize>,
    /// The last word of every lexicon key: most forms [`Ontology::lookup`] is asked about have
    /// none of these last and need no key built.
    lexicon_lasts: HashSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOntology {
    ontology: Option<RawHeader>,
    #[serde(default)]
    kinds: Vec<Spanned<RawKind>>,
    #[serde(default)]
    relations: Vec<Spanned<RawRelation>>,
    #[serde(default)]
    patterns: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    concepts: Vec<Spanned<RawConcept>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Option<String>,
    default_kind: Option<Spanned<String>>,
    fallback_relation: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
    color: Option<String>,
    shape: Option<String>,
    #[serde(default)]
    heads: Vec<Spanned<String>>,
    #[serde(default)]
    wordnet: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    #[serde(default)]
    cues: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    symmetric: bool,
    #[serde(default)]
    verbs: Vec<Spanned<String>>,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    inverse: Vec<Spanned<String>>,
    #[serde(default)]
    nouns: Vec<Spanned<String>>,
    #[serde(default)]
    agents: Vec<Spanned<String>>,
    #[serde(default)]
    wordnet: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    label: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
}

impl Default for Ontology {
    fn default() -> Ontology {
        Ontology::parse(DEFAULT_ONTOLOGY, Path::new("<default ontology>"))
            .expect("the default ontology is valid (a unit test parses it)")
    }
}

impl Ontology {
    /// Read and check an ontology file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::TooLarge`] above [`MAX_ONTOLOGY_BYTES`],
    /// and [`Error::Ontology`] with line and column when it is malformed.
    pub fn load(path: &Path) -> Result<Ontology> {
        let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        if size > MAX_ONTOLOGY_BYTES {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                what: "the ontology file",
                size,
                limit: MAX_ONTOLOGY_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::InvalidUtf8 { path: path.to_owned(), offset: e.utf8_error().valid_up_to() })?;
        Ontology::parse(&text, path)
    }

    /// Parse and check ontology text; `path` names it in errors.
    ///
    /// # Errors
    /// [`Error::Ontology`] with line and column when it is malformed.
    pub fn parse(text: &str, path: &Path) -> Result<Ontology> {
        let err = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            Error::Ontology { path: path.to_owned(), line, column, message }
        };
        let raw: RawOntology = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err(offset, e.message().trim().replace('\n', "; "))
        })?;
        let header = raw.ontology.unwrap_or(RawHeader { name: None, default_kind: None, fallback_relation: None });
        let mut ont = Ontology {
            source: path.to_owned(),
            name: header.name.unwrap_or_else(|| "custom".into()),
            kinds: Vec::new(),
            relations: Vec::new(),
            concepts: Vec::new(),
            default_kind: KindId(0),
            fallback_relation: RelationId(0),
            hash: crate::text::sha256_hex(text.as_bytes()),
            predicates: HashMap::default(),
            nouns: HashMap::default(),
            agents: HashMap::default(),
            verb_classes: HashMap::default(),
            heads: HashMap::default(),
            noun_classes: HashMap::default(),
            suffixes: Vec::new(),
            cues: HashMap::default(),
            patterns: BTreeMap::new(),
            lexicon: HashMap::default(),
            lexicon_lasts: HashSet::default(),
        };
        if raw.kinds.is_empty() {
            return Err(err(0, "the ontology defines no kinds; add at least one [[kinds]] table".into()));
        }
        if raw.relations.is_empty() {
            return Err(err(0, "the ontology defines no relations; add at least one [[relations]] table".into()));
        }
        for k in &raw.kinds {
            let span = k.span();
            let k = k.get_ref();
            let name =
                k.name.as_ref().ok_or_else(|| err(span.start, "a kind has no name; add `name = \"...\"`".into()))?;
            check_name(name.get_ref(), false).map_err(|m| err(name.span().start, m))?;
            if ont.kind_id(name.get_ref()).is_some() {
                return Err(err(name.span().start, format!("kind '{}' is defined twice", name.get_ref())));
            }
            let id = KindId(ont.kinds.len() as u16);
            ont.kinds.push(NodeKind {
                name: name.get_ref().clone(),
                description: k.description.clone(),
                color: k.color.clone(),
                shape: k.shape.clone(),
            });
            for h in &k.heads {
                let key = h.get_ref().to_lowercase();
                if let Some(other) = ont.heads.insert(key.clone(), id) {
                    if other != id {
                        return Err(err(
                            h.span().start,
                            format!(
                                "head noun '{key}' is listed under kinds '{}' and '{}'",
                                ont.kinds[other.0 as usize].name,
                                name.get_ref()
                            ),
                        ));
                    }
                }
            }
            for c in &k.wordnet {
                ont.noun_classes.entry(c.trim_start_matches("noun.").to_owned()).or_insert(id);
            }
            for s in &k.suffixes {
                ont.suffixes.push((s.to_lowercase(), id));
            }
            for c in &k.cues {
                ont.cues.entry(c.clone()).or_insert(id);
            }
        }
        for r in &raw.relations {
            let span = r.span();
            let r = r.get_ref();
            let name = r
                .name
                .as_ref()
                .ok_or_else(|| err(span.start, "a relation has no name; add `name = \"...\"`".into()))?;
            check_name(name.get_ref(), true).map_err(|m| err(name.span().start, m))?;
            if ont.relation_id(name.get_ref()).is_some() {
                return Err(err(name.span().start, format!("relation '{}' is defined twice", name.get_ref())));
            }
            let id = RelationId(ont.relations.len() as u16);
            ont.relations.push(RelationType {
                name: name.get_ref().clone(),
                description: r.description.clone(),
                symmetric: r.symmetric,
            });
            let lists = [(&r.verbs, false), (&r.phrases, false), (&r.inverse, true)];
            for (list, inverse) in lists {
                for p in list {
                    let key = predicate_key(p.get_ref());
                    if key.is_empty() {
                        return Err(err(p.span().start, "an empty verb or phrase".into()));
                    }
                    if let Some((other, _)) = ont.predicates.insert(key.clone(), (id, inverse)) {
                        if other != id {
                            return Err(err(
                                p.span().start,
                                format!(
                                    "'{}' signals both '{}' and '{}'; list it under one relation",
                                    p.get_ref(),
                                    ont.relations[other.0 as usize].name,
                                    name.get_ref()
                                ),
                            ));
                        }
                    }
                }
            }
            for n in &r.nouns {
                ont.nouns.entry(n.get_ref().to_lowercase()).or_insert(id);
            }
            for n in &r.agents {
                let key = n.get_ref().to_lowercase();
                if let Some(other) = ont.agents.insert(key.clone(), id) {
                    if other != id {
                        return Err(err(
                            n.span().start,
                            format!(
                                "agent noun '{key}' is listed under relations '{}' and '{}'",
                                ont.relations[other.0 as usize].name,
                                name.get_ref()
                            ),
                        ));
                    }
                }
            }
            for c in &r.wordnet {
                ont.verb_classes.entry(c.trim_start_matches("verb.").to_owned()).or_insert(id);
            }
        }
        ont.default_kind = match &header.default_kind {
            Some(k) => ont
                .kind_id(k.get_ref())
                .ok_or_else(|| err(k.span().start, format!("default_kind '{}' is not a kind", k.get_ref())))?,
            None => ont.kind_id("Concept").unwrap_or(KindId(ont.kinds.len() as u16 - 1)),
        };
        ont.fallback_relation = match &header.fallback_relation {
            Some(r) => ont
                .relation_id(r.get_ref())
                .ok_or_else(|| err(r.span().start, format!("fallback_relation '{}' is not a relation", r.get_ref())))?,
            None => ont.relation_id("related_to").unwrap_or(RelationId(ont.relations.len() as u16 - 1)),
        };
        for (pattern, relation) in &raw.patterns {
            let p = match pattern.get_ref().as_str() {
                "copula" => Pattern::Copula,
                "apposition" => Pattern::Apposition,
                "such_as" => Pattern::SuchAs,
                "including" => Pattern::Including,
                "and_other" => Pattern::AndOther,
                "possessive" => Pattern::Possessive,
                "member_of" => Pattern::MemberOf,
                other => {
                    return Err(err(
                        pattern.span().start,
                        format!("unknown pattern '{other}'; patterns are copula, apposition, such_as, including, and_other, possessive, member_of"),
                    ))
                }
            };
            let r = ont.relation_id(relation.get_ref()).ok_or_else(|| {
                err(
                    relation.span().start,
                    format!("pattern '{}' names an unknown relation '{}'", pattern.get_ref(), relation.get_ref()),
                )
            })?;
            ont.patterns.insert(p, r);
        }
        for c in &raw.concepts {
            let span = c.span();
            let c = c.get_ref();
            let label = c
                .label
                .as_ref()
                .ok_or_else(|| err(span.start, "a concept has no label; add `label = \"...\"`".into()))?;
            if label.get_ref().trim().is_empty() {
                return Err(err(label.span().start, "a concept has an empty label".into()));
            }
            let kind = match &c.kind {
                Some(k) => ont.kind_id(k.get_ref()).ok_or_else(|| {
                    err(
                        k.span().start,
                        format!(
                            "unknown kind '{}' for concept '{}'; kinds are {}",
                            k.get_ref(),
                            label.get_ref(),
                            ont.kind_names()
                        ),
                    )
                })?,
                None => ont.default_kind,
            };
            let index = ont.concepts.len();
            for form in std::iter::once(label.get_ref()).chain(&c.aliases) {
                let key = lexicon_key(form);
                ont.lexicon_lasts.insert(last_word(&key).to_owned());
                if let Some(prev) = ont.lexicon.insert(key, index) {
                    if prev != index {
                        return Err(err(
                            label.span().start,
                            format!(
                                "'{form}' is both concept '{}' and concept '{}'",
                                ont.concepts[prev].label,
                                label.get_ref()
                            ),
                        ));
                    }
                }
            }
            ont.concepts.push(ConceptDef { label: label.get_ref().clone(), kind, aliases: c.aliases.clone() });
        }
        Ok(ont)
    }

    fn kind_names(&self) -> String {
        self.kinds.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The kind named `name`.
    pub fn kind_id(&self, name: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.name == name).map(|i| KindId(i as u16))
    }

    /// The relation named `name`.
    pub fn relation_id(&self, name: &str) -> Option<RelationId> {
        self.relations.iter().position(|r| r.name == name).map(|i| RelationId(i as u16))
    }

    /// A kind by id.
    pub fn kind(&self, id: KindId) -> &NodeKind {
        &self.kinds[id.0 as usize]
    }

    /// A relation by id.
    pub fn relation(&self, id: RelationId) -> &RelationType {
        &self.relations[id.0 as usize]
    }

    /// The relation a predicate signals, and whether its ends are swapped.
    ///
    /// `key` is lemmas joined by spaces: `"oversee"`, `"be responsible for"`, `"rely on"`.
    pub fn predicate(&self, key: &str) -> Option<(RelationId, bool)> {
        self.predicates.get(key).copied()
    }

    /// The relation a nominalisation signals ("development" -> develops).
    pub fn noun_relation(&self, lemma: &str) -> Option<RelationId> {
        self.nouns.get(lemma).copied()
    }

    /// The relation an agent noun holds to what follows "of" ("founder of X" -> develops X).
    pub fn agent_relation(&self, lemma: &str) -> Option<RelationId> {
        self.agents.get(lemma).copied()
    }

    /// The relation for a verb listed nowhere, by its WordNet class (`"creation"`).
    pub fn verb_class_relation(&self, class: &str) -> Option<RelationId> {
        self.verb_classes.get(class).copied()
    }

    /// The kind a lower-case head noun (lemma) gives.
    pub fn head_kind(&self, lemma: &str) -> Option<KindId> {
        self.heads.get(lemma).copied()
    }

    /// The kind a WordNet noun class (`"person"`) suggests.
    pub fn noun_class_kind(&self, class: &str) -> Option<KindId> {
        self.noun_classes.get(class).copied()
    }

    /// The kind a lower-case word's suffix suggests (the longest listed suffix wins).
    pub fn suffix_kind(&self, word: &str) -> Option<KindId> {
        self.suffixes
            .iter()
            .filter(|(s, _)| word.len() > s.len() + 2 && word.ends_with(s.as_str()))
            .max_by_key(|(s, _)| s.len())
            .map(|(_, k)| *k)
    }

    /// The kind a word inside a name suggests ("University" -> Organization).
    pub fn cue_kind(&self, word: &str) -> Option<KindId> {
        self.cues.get(word).copied()
    }

    /// The relation a syntactic pattern gives, if the ontology maps it.
    pub fn pattern(&self, p: Pattern) -> Option<RelationId> {
        self.patterns.get(&p).copied()
    }

    /// The lexicon entry whose label or alias is `form` (compared case-insensitively, singular).
    pub fn lookup(&self, form: &str) -> Option<&ConceptDef> {
        if let Some(last) = last_of_form(form) {
            // The key ends with `lexicon_last(last)`, so both end with the same word.
            if !self.lexicon_lasts.contains(last_word(&lexicon_last(last))) {
                return None;
            }
        }
        self.lexicon.get(&lexicon_key(form)).map(|&i| &self.concepts[i])
    }

    /// Every lexicon form (label and aliases), lower-cased: for dictionary matching.
    pub fn lexicon_forms(&self) -> impl Iterator<Item = (&str, &ConceptDef)> {
        self.concepts.iter().flat_map(|c| {
            std::iter::once(c.label.as_str()).chain(c.aliases.iter().map(String::as_str)).map(move |f| (f, c))
        })
    }
}

fn check_name(name: &str, relation: bool) -> std::result::Result<(), String> {
    let what = if relation { "relation" } else { "kind" };
    if name.is_empty() {
        return Err(format!("a {what} has an empty name"));
    }
    let ok = if relation {
        name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    } else {
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !ok {
        let rule = if relation { "lower-case ASCII letters, digits and '_'" } else { "ASCII letters, digits and '_'" };
        return Err(format!("{what} name '{name}' may only hold {rule}"));
    }
    Ok(())
}

/// Normalise a verb or phrase to the lemma key extraction builds ("is responsible for" ->
/// "be responsible for", "relies on" -> "rely on").
pub fn predicate_key(phrase: &str) -> String {
    let mut key = String::with_capacity(phrase.len());
    for (i, w) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&predicate_word(&lower_case(w)));
    }
    key
}

fn predicate_word(w: &str) -> Cow<'_, str> {
    match w {
        "is" | "are" | "was" | "were" | "been" | "being" | "am" => return Cow::Borrowed("be"),
        "has" | "had" | "having" => return Cow::Borrowed("have"),
        _ => {}
    }
    if let Some(l) = lemma_exceptions().get(&(w, Pos::Verb)) {
        return Cow::Borrowed(l);
    }
    // A known verb stays as it is: asked first, it spares the lemma's candidates.
    if (w.ends_with('s') || w.ends_with("ed") || w.ends_with("ing")) && wordnet(w, Pos::Verb).is_none() {
        let l = verb_lemma(w);
        if l != w && wordnet(&l, Pos::Verb).is_some() {
            return Cow::Owned(l);
        }
    }
    Cow::Borrowed(w)
}

/// The end of the key of a lexicon form whose last word is `last`: [`lexicon_key`] is the
/// lower-cased words before `last`, each followed by a space, then this. (Lower-casing a string
/// lower-cases each of its space-separated parts on its own: even a final sigma looks no further
/// than a space.)
fn lexicon_last(last: &str) -> Cow<'_, str> {
    match crate::text::lemma::singular(last) {
        Cow::Borrowed(singular) => lower_case(singular),
        Cow::Owned(singular) => Cow::Owned(lower_case(&singular).into_owned()),
    }
}

/// What follows the last space of `s` (all of `s` without one).
fn last_word(s: &str) -> &str {
    // A byte search: a space is one byte, and no other char's bytes hold it.
    match s.as_bytes().iter().rposition(|&b| b == b' ') {
        Some(space) => &s[space + 1..],
        None => s,
    }
}

/// `form.split_whitespace().next_back()`, with no decoding of chars when `form` is ASCII.
fn last_of_form(form: &str) -> Option<&str> {
    if !form.is_ascii() {
        return form.split_whitespace().next_back();
    }
    // The ASCII chars that `char::is_whitespace` holds: tab, line feed, vertical tab, form feed,
    // carriage return and space.
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = form.as_bytes();
    let end = bytes.iter().rposition(|b| !space(b))? + 1;
    let start = bytes[..end].iter().rposition(space).map_or(0, |i| i + 1);
    Some(&form[start..end])
}

/// The key of a lexicon form: lower case, single spaces, last word singular.
pub fn lexicon_key(form: &str) -> String {
    let mut words = form.split_whitespace();
    let Some(last) = words.next_back() else {
        return String::new();
    };
    let mut key = String::with_capacity(form.len() + 1);
    for w in words {
        key.push_str(w);
        key.push(' ');
    }
    key.push_str(&crate::text::lemma::singular(last));
    match lower_case(&key) {
        Cow::Borrowed(_) => key,
        Cow::Owned(lower) => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ontology_parses() {
        let o = Ontology::default();
        assert_eq!(o.kinds.len(), 12);
        assert_eq!(o.relations.len(), 12);
        let leads = o.relation_id("leads").unwrap();
        assert_eq!(o.predicate("be responsible for"), Some((leads, false)));
        assert_eq!(o.predicate("oversee"), Some((leads, false)));
        let uses = o.relation_id("uses").unwrap();
        assert_eq!(o.predicate(&predicate_key("relies on")), Some((uses, false)));
        let part_of = o.relation_id("part_of").unwrap();
        assert_eq!(o.predicate("include"), Some((part_of, true)));
        assert!(o.relation(o.relation_id("collaborates_with").unwrap()).is_symmetric());
        assert_eq!(o.kind(o.head_kind("team").unwrap()).name, "Organization");
        assert_eq!(o.kind(o.head_kind("officer").unwrap()).name, "Role");
        assert_eq!(o.lookup("GPUs").unwrap().label, "GPU");
        assert_eq!(o.lookup("artificial general intelligence").unwrap().label, "AGI");
        assert_eq!(o.kind(o.default_kind).name, "Concept");
    }

    #[track_caller]
    fn parse_err(text: &str) -> String {
        Ontology::parse(text, Path::new("o.toml")).unwrap_err().to_string()
    }

    #[test]
    fn errors_give_line_and_column() {
        let base = "[[kinds]]\nname = \"Thing\"\n[[relations]]\nname = \"related_to\"\n";
        assert!(parse_err("[[kinds]\nname = 1").starts_with("o.toml:1:"), "{}", parse_err("[[kinds]\nname = 1"));
        let e = parse_err(&format!("{base}[[concepts]]\nlabel = \"X\"\nkind = \"Gadget\"\n"));
        assert!(e.starts_with("o.toml:7:8: unknown kind 'Gadget'"), "{e}");
        let e = parse_err("[[kinds]]\nname = \"Thing\"\n[[relations]]\ndescription = \"no name\"\n");
        assert!(e.starts_with("o.toml:3:1: a relation has no name"), "{e}");
        let e = parse_err(&format!("{base}[[relations]]\nname = \"uses\"\nverbs = [\"use\"]\n[[relations]]\nname = \"needs\"\nverbs = [\"use\"]\n"));
        assert!(e.contains("'use' signals both 'uses' and 'needs'"), "{e}");
        let e = parse_err("[[kinds]]\nname = \"A\"\nbogus = 1\n[[relations]]\nname = \"r\"\n");
        assert!(e.starts_with("o.toml:3:1: unknown field `bogus`"), "{e}");
    }

    #[test]
    fn last_of_form_is_the_last_whitespace_separated_word() {
        for form in ["", " ", "data", "big data ", "\tbig\x0bdata\r\n", "a  b", "ΣΟΦΟΣ data", "x\u{a0}y"] {
            assert_eq!(last_of_form(form), form.split_whitespace().next_back(), "{form:?}");
        }
    }

    #[test]
    fn predicate_keys() {
        assert_eq!(predicate_key("is responsible for"), "be responsible for");
        assert_eq!(predicate_key("Relies on"), "rely on");
        assert_eq!(predicate_key("focus on"), "focus on");
        assert_eq!(predicate_key("is known as"), "be know as");
        assert_eq!(lexicon_key("Data  Pipelines"), "data pipeline");
    }

    #[test]
    fn lookup_filter_agrees_with_the_keys() {
        let o = Ontology::default();
        let forms: Vec<String> = o.lexicon_forms().map(|(f, _)| f.to_owned()).collect();
        assert!(!forms.is_empty());
        let mut probes: Vec<String> = vec!["".into(), " ".into(), "ΣΟΦΟΣ".into(), "data".into(), "the mice".into()];
        for f in &forms {
            probes.extend([f.clone(), f.to_uppercase(), format!("{f}s"), format!("{f}es"), format!("big {f}")]);
            probes.extend(f.split_whitespace().map(String::from));
        }
        for p in &probes {
            let slow = o.lexicon.get(&lexicon_key(p)).map(|&i| &o.concepts[i]);
            assert_eq!(o.lookup(p).map(|c| &c.label), slow.map(|c| &c.label), "{p}");
        }
        assert!(forms.iter().all(|f| o.lookup(f).is_some()));
    }
}
