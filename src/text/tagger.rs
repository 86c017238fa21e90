//! Part-of-speech tagging: a greedy averaged perceptron over Penn Treebank tags.
//!
//! This file owns the tag set ([`Tag`]), the feature templates, inference, training and the
//! model's binary format. The shipped model (`graph-data/linguistic/tagger.bin`) is trained on
//! the UD English EWT treebank by `examples/train_tagger.rs`; see `graph-data/linguistic/SOURCE.md`.
//! Feature templates follow Honnibal's "A good POS tagger in about 200 lines", extended with word
//! shape, longer suffixes and prefixes, and the tag class of the neighbouring words in a lexicon.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// A Penn Treebank part-of-speech tag (with the extra tags of UD English EWT's XPOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Tag(u8);

/// Every tag, in a fixed order; a [`Tag`] is an index into this table.
pub const TAG_NAMES: &[&str] = &[
    "#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS",
    "MD", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB",
    "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``", "ADD", "AFX", "GW", "HYPH", "NFP", "XX",
];

const NUM_TAGS: usize = 51;

impl Tag {
    /// The tag named `name` (`"NNS"`), if it is one.
    pub fn from_name(name: &str) -> Option<Tag> {
        TAG_NAMES.iter().position(|t| *t == name).map(|i| Tag(i as u8))
    }
    /// The tag's name (`"NNS"`).
    pub fn name(self) -> &'static str {
        TAG_NAMES[self.0 as usize]
    }
    fn index(self) -> usize {
        self.0 as usize
    }
    #[cfg(test)]
    fn named(name: &str) -> Tag {
        Tag::from_name(name).expect("tag names in this file are in TAG_NAMES")
    }
    /// NN, NNS, NNP or NNPS.
    pub fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }
    /// NNP or NNPS.
    pub fn is_proper(self) -> bool {
        matches!(self, Tag::NNP | Tag::NNPS)
    }
    /// NNS or NNPS.
    pub fn is_plural(self) -> bool {
        matches!(self, Tag::NNS | Tag::NNPS)
    }
    /// Any VB* tag.
    pub fn is_verb(self) -> bool {
        (Tag::VB.0..=Tag::VBZ.0).contains(&self.0)
    }
    /// JJ, JJR or JJS.
    pub fn is_adjective(self) -> bool {
        (Tag::JJ.0..=Tag::JJS.0).contains(&self.0)
    }
    /// RB, RBR or RBS.
    pub fn is_adverb(self) -> bool {
        (Tag::RB.0..=Tag::RBS.0).contains(&self.0)
    }
    /// Punctuation and symbols.
    pub fn is_punct(self) -> bool {
        // Tags 0 to 7 are `#`, `$`, `''`, `,`, `-LRB-`, `-RRB-`, `.` and `:`.
        self.0 <= Tag::COLON.0 || matches!(self, Tag::OPEN_QUOTE | Tag::HYPH | Tag::NFP | Tag::SYM)
    }

    // The tags the predicates above test, found by name so that they follow `TAG_NAMES`.
    const NN: Tag = Tag::from_name_const("NN");
    const NNS: Tag = Tag::from_name_const("NNS");
    const NNP: Tag = Tag::from_name_const("NNP");
    const NNPS: Tag = Tag::from_name_const("NNPS");
    const VB: Tag = Tag::from_name_const("VB");
    const VBZ: Tag = Tag::from_name_const("VBZ");
    const JJ: Tag = Tag::from_name_const("JJ");
    const JJS: Tag = Tag::from_name_const("JJS");
    const RB: Tag = Tag::from_name_const("RB");
    const RBS: Tag = Tag::from_name_const("RBS");
    const COLON: Tag = Tag::from_name_const(":");
    const OPEN_QUOTE: Tag = Tag::from_name_const("``");
    const HYPH: Tag = Tag::from_name_const("HYPH");
    const NFP: Tag = Tag::from_name_const("NFP");
    const SYM: Tag = Tag::from_name_const("SYM");

    /// [`Tag::from_name`] at compile time; a name not in [`TAG_NAMES`] fails the build.
    const fn from_name_const(name: &str) -> Tag {
        let mut i = 0;
        while i < TAG_NAMES.len() {
            let (a, b) = (TAG_NAMES[i].as_bytes(), name.as_bytes());
            if a.len() == b.len() {
                let mut k = 0;
                while k < a.len() && a[k] == b[k] {
                    k += 1;
                }
                if k == a.len() {
                    return Tag(i as u8);
                }
            }
            i += 1;
        }
        panic!("not a tag name")
    }
}

/// A trained tagger model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// feature hash -> (first weight, number of weights), as an open-addressing table.
    features: FeatureTable,
    weights: Vec<(Tag, f32)>,
    /// The weights of the features with many of them (see [`DENSE_MIN`]) again, as rows by tag
    /// with 0 for the tags a feature has no weight for; [`Slot::row`] points into it.
    rows: Vec<Row>,
    /// Frequent words that always take one tag skip the model.
    tagdict: Words<Tag>,
    /// A word's most frequent tag class in a wider lexicon (for unknown-word features).
    lexicon: Words<u64>,
}

/// A table by word: the embedded model's words borrow its bytes, other models' are copies.
type Words<V> = FxHashMap<Cow<'static, str>, V>;

/// Error from reading a model's bytes.
#[derive(Debug, thiserror::Error)]
#[error("corrupt tagger model: {0}")]
pub struct ModelError(&'static str);

const MAGIC: &[u8; 8] = b"KGTAGv01";

/// Feature weights by feature hash: linear probing over a power-of-two table of slots, a slot
/// with no weights being empty. One probe usually finds a feature (the table is at most half
/// full), and key and weight range share a cache line.
#[derive(Debug, Clone, Default)]
struct FeatureTable {
    slots: Vec<Slot>,
    shift: u32,
    len: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    at: u32,
    /// How many weights, from `at` in [`Model::weights`].
    n: u16,
    /// One past the index of the feature's row in [`Model::rows`]; 0 when it has none.
    row: u16,
}

/// One feature's weights by tag index, padded with zeros to a multiple of four lanes.
type Row = [f32; ROW_LEN];

const ROW_LEN: usize = NUM_TAGS.next_multiple_of(4);

/// Features with at least this many weights also get a [`Row`]: adding a whole row of scores is
/// cheaper than adding that many weights one tag at a time. Adding a row gives the same sums to
/// the bit: each tag's score takes the same weights in the same order, and adding the row's
/// zeros changes no score (no score is ever -0: a sum of nonzero weights that cancels is +0).
const DENSE_MIN: u32 = 8;

impl FeatureTable {
    fn with_capacity(n: usize) -> FeatureTable {
        let size = (n.max(4) * 2).next_power_of_two();
        FeatureTable { slots: vec![Slot::default(); size], shift: 64 - size.trailing_zeros(), len: 0 }
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Insert a feature with `n > 0` weights (a later insert of the same key wins).
    fn insert(&mut self, key: u64, at: u32, n: u32) {
        debug_assert!(n > 0);
        let n = u16::try_from(n).expect("at most 255 weights per feature");
        if (self.len + 1) * 2 > self.slots.len() {
            let mut bigger = FeatureTable::with_capacity(self.len + 1);
            for s in self.slots.iter().filter(|s| s.n > 0) {
                bigger.insert(s.key, s.at, u32::from(s.n));
            }
            *self = bigger;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.n == 0 {
                *s = Slot { key, at, n, row: 0 };
                self.len += 1;
                return;
            }
            if s.key == key {
                *s = Slot { key, at, n, row: 0 };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot of feature `key`; an empty slot when the model has no weights for it.
    #[inline]
    fn get(&self, key: u64) -> Slot {
        if self.slots.is_empty() {
            return Slot::default();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = self.slots[i];
            if s.n == 0 || s.key == key {
                return s;
            }
            i = (i + 1) & mask;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u64, u32, u32)> + '_ {
        self.slots.iter().filter(|s| s.n > 0).map(|s| (s.key, s.at, u32::from(s.n)))
    }
}

impl Model {
    /// Tag one sentence of words.
    pub fn tag(&self, words: &[&str], out: &mut Vec<Tag>) {
        self.tag_with(words, out, &mut WordScores::default());
    }

    /// [`Model::tag`], with what the templates read of each word, and the scores of the
    /// word-only templates, kept in `cache` across the sentences of a document: a word seen
    /// before skips them. The tags are those of [`Model::tag`], to the bit: the feature hashes are
    /// the same, and the cached partial sums are the same additions in the same order.
    pub fn tag_with<'w>(&self, words: &[&'w str], out: &mut Vec<Tag>, cache: &mut WordScores<'w>) {
        let mut ids = std::mem::take(&mut cache.sentence);
        cache.intern(words, &self.tagdict, &self.lexicon, &mut ids);
        // One score per possible `Tag` byte, so that adding a weight needs no bounds check; the
        // scores past `NUM_TAGS` stay 0 and `best` does not look at them.
        let mut scores = [0f32; 256];
        for forms in &cache.forms[cache.scores.len()..] {
            scores[..NUM_TAGS].fill(0.0);
            if forms.dict.is_none() {
                self.add_weights(&forms.own, &mut scores);
            }
            cache.scores.push(scores[..NUM_TAGS].try_into().expect("NUM_TAGS scores"));
        }
        let ctx = Context { forms: &cache.forms, ids: &ids };
        let start = out.len();
        let mut feats = [0u64; MAX_FEATURES];
        for (i, &id) in ids.iter().enumerate() {
            if let Some(t) = ctx.word(i).dict {
                out.push(t);
                continue;
            }
            scores[..NUM_TAGS].copy_from_slice(&cache.scores[id as usize]);
            let prev = if i > 0 { out[start + i - 1] } else { START };
            let prev2 = if i > 1 { out[start + i - 2] } else { START2 };
            let n = ctx.context_features(i, prev, prev2, &mut feats);
            self.add_weights(&feats[..n], &mut scores);
            out.push(best(scores[..NUM_TAGS].try_into().expect("NUM_TAGS scores")));
        }
        cache.sentence = ids;
    }

    /// Add the weights of `feats` to `scores`, feature after feature in the order given
    /// (floating-point sums depend on the order).
    fn add_weights(&self, feats: &[u64], scores: &mut [f32; 256]) {
        // Look every feature up first, so that the memory accesses overlap.
        let mut found = [Slot::default(); MAX_FEATURES];
        for (f, slot) in feats.iter().zip(found.iter_mut()) {
            *slot = self.features.get(*f);
        }
        for slot in &found[..feats.len()] {
            if slot.row > 0 {
                let row = &self.rows[usize::from(slot.row) - 1];
                for (s, w) in scores[..ROW_LEN].iter_mut().zip(row) {
                    *s += w;
                }
                continue;
            }
            let (at, k) = (slot.at as usize, usize::from(slot.n));
            // In blocks of four, which the compiler unrolls: fewer loop steps, the same additions
            // in the same order.
            let mut blocks = self.weights[at..at + k].chunks_exact(4);
            for block in &mut blocks {
                let block: &[(Tag, f32); 4] = block.try_into().expect("blocks of four");
                for &(tag, w) in block {
                    scores[usize::from(tag.0)] += w;
                }
            }
            for &(tag, w) in blocks.remainder() {
                scores[usize::from(tag.0)] += w;
            }
        }
    }

    /// The model as bytes (the format [`Model::from_bytes`] reads).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let mut feats: Vec<(u64, u32, u32)> = self.features.iter().collect();
        feats.sort_unstable();
        put_u32(&mut out, feats.len() as u32);
        for (hash, at, n) in feats {
            out.extend_from_slice(&hash.to_le_bytes());
            out.push(n as u8);
            for &(tag, w) in &self.weights[at as usize..at as usize + n as usize] {
                out.push(tag.0);
                out.extend_from_slice(&quantize(w).to_le_bytes());
            }
        }
        let mut dict: Vec<(&str, &Tag)> = self.tagdict.iter().map(|(w, t)| (&**w, t)).collect();
        dict.sort();
        put_u32(&mut out, dict.len() as u32);
        for (word, tag) in dict {
            put_str(&mut out, word);
            out.push(tag.0);
        }
        let mut lex: Vec<(&str, &u64)> = self.lexicon.iter().map(|(w, m)| (&**w, m)).collect();
        lex.sort();
        put_u32(&mut out, lex.len() as u32);
        for (word, mask) in lex {
            put_str(&mut out, word);
            out.extend_from_slice(&mask.to_le_bytes());
        }
        out
    }

    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::read(bytes, |w| Cow::Owned(w.to_owned()))
    }

    /// [`Model::from_bytes`] for bytes that live as long as the program (an embedded model):
    /// the model's words borrow them instead of being copied.
    pub fn from_static_bytes(bytes: &'static [u8]) -> Result<Model, ModelError> {
        Model::read(bytes, Cow::Borrowed)
    }

    fn read<'b>(bytes: &'b [u8], word_of: impl Fn(&'b str) -> Cow<'static, str>) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("bad magic"));
        }
        let n = r.u32()? as usize;
        let mut model = Model { features: FeatureTable::with_capacity(n), ..Model::default() };
        model.weights.reserve(n * 3);
        for _ in 0..n {
            let hash = r.u64()?;
            let k = r.take(1)?[0];
            let at = model.weights.len() as u32;
            for _ in 0..k {
                let tag = r.take(1)?[0];
                if tag as usize >= NUM_TAGS {
                    return Err(ModelError("tag out of range"));
                }
                let w = i16::from_le_bytes(r.take(2)?.try_into().map_err(|_| ModelError("short"))?);
                model.weights.push((Tag(tag), dequantize(w)));
            }
            if k > 0 {
                model.features.insert(hash, at, u32::from(k));
            }
        }
        let n = r.u32()? as usize;
        model.tagdict.reserve(n);
        for _ in 0..n {
            let word = r.str()?;
            let tag = r.take(1)?[0];
            if tag as usize >= NUM_TAGS {
                return Err(ModelError("tag out of range"));
            }
            model.tagdict.insert(word_of(word), Tag(tag));
        }
        let n = r.u32()? as usize;
        model.lexicon.reserve(n);
        for _ in 0..n {
            let word = r.str()?;
            let mask = r.u64()?;
            model.lexicon.insert(word_of(word), mask);
        }
        model.make_rows();
        Ok(model)
    }

    /// Give the features with at least [`DENSE_MIN`] weights their [`Row`] (as many as a slot
    /// can point to). A feature that names a tag twice (no model kg writes does) keeps adding
    /// its weights one at a time, as written.
    fn make_rows(&mut self) {
        self.rows.clear();
        for slot in &mut self.features.slots {
            slot.row = 0;
            if u32::from(slot.n) < DENSE_MIN || self.rows.len() >= usize::from(u16::MAX) {
                continue;
            }
            let mut row = [0f32; ROW_LEN];
            let mut seen = [false; NUM_TAGS];
            let weights = &self.weights[slot.at as usize..slot.at as usize + usize::from(slot.n)];
            if weights.iter().all(|&(tag, _)| !std::mem::replace(&mut seen[tag.index()], true)) {
                for &(tag, w) in weights {
                    row[tag.index()] = w;
                }
                self.rows.push(row);
                slot.row = self.rows.len() as u16;
            }
        }
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.features.len
    }
}

const SCALE: f32 = 1000.0;

fn quantize(w: f32) -> i16 {
    (w * SCALE).round().clamp(i16::MIN as f32, i16::MAX as f32) as i16
}

fn dequantize(w: i16) -> f32 {
    w as f32 / SCALE
}

/// The tag with the highest score; of equal scores, the first.
fn best(scores: &[f32; NUM_TAGS]) -> Tag {
    // Four lanes, each keeping its highest score and where it first saw it: fewer steps than
    // one tag at a time. The first of the lanes' bests with the highest score is the first best
    // of all the blocks; the tags after the blocks come last.
    const LANES: usize = 4;
    let mut max = [f32::NEG_INFINITY; LANES];
    let mut at = [0u32; LANES];
    let mut blocks = scores.chunks_exact(LANES);
    for (b, block) in (0u32..).zip(&mut blocks) {
        for lane in 0..LANES {
            if block[lane] > max[lane] {
                max[lane] = block[lane];
                at[lane] = b * LANES as u32 + lane as u32;
            }
        }
    }
    let (mut best, mut best_score) = (at[0], max[0]);
    for lane in 1..LANES {
        if max[lane] > best_score || (max[lane] == best_score && at[lane] < best) {
            (best, best_score) = (at[lane], max[lane]);
        }
    }
    let rest = NUM_TAGS - blocks.remainder().len();
    for (t, &s) in (rest as u32..).zip(blocks.remainder()) {
        if s > best_score {
            (best, best_score) = (t, s);
        }
    }
    Tag(best as u8)
}

const START: Tag = Tag(u8::MAX - 1);
const START2: Tag = Tag(u8::MAX);

/// Most features one token has (see [`Context::features`]).
const MAX_FEATURES: usize = 24;

/// How many templates depend on the tagged word alone (see [`Context::word_features`]).
const WORD_FEATURES: usize = 7;

/// What the feature templates read of each distinct word, worked out once: by
/// [`Model::tag_with`] once per document (with the summed weights of the word-only templates),
/// by training once per run. A sentence is then its words' ids here.
#[derive(Debug, Default)]
pub struct WordScores<'w> {
    ids: FxHashMap<&'w str, u32>,
    forms: Vec<Forms<'w>>,
    /// The summed weights of [`Forms::own`] by word id, for the words tagging has seen.
    scores: Vec<[f32; NUM_TAGS]>,
    /// The ids of the sentence being tagged (kept to reuse its buffer).
    sentence: Vec<u32>,
}

impl<'w> WordScores<'w> {
    /// Room for the words of a text of `tokens` tokens, so that the tables do not grow (and copy
    /// themselves) as tagging goes: about one token in five is a word not seen before in a
    /// document, and longer texts repeat more.
    pub fn for_tokens(tokens: usize) -> WordScores<'w> {
        let words = (tokens / 4).min(1 << 14);
        WordScores {
            ids: FxHashMap::with_capacity_and_hasher(words, Default::default()),
            forms: Vec::with_capacity(words),
            scores: Vec::with_capacity(words),
            sentence: Vec::new(),
        }
    }

    /// The ids of `words` into `ids`, adding the words not seen before.
    fn intern(&mut self, words: &[&'w str], tagdict: &Words<Tag>, lexicon: &Words<u64>, ids: &mut Vec<u32>) {
        ids.clear();
        for &w in words {
            let next = self.forms.len() as u32;
            let id = *self.ids.entry(w).or_insert(next);
            if id == next {
                self.forms.push(Forms::new(w, tagdict, lexicon));
            }
            ids.push(id);
        }
    }
}

/// An FNV-1a hash being fed a template id and parts (see [`fh`]).
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new(template: u8) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325).eat(template)
    }

    fn eat(self, b: u8) -> Fnv {
        Fnv((self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
    }

    /// One part: its bytes, then the separator.
    fn part(self, p: &[u8]) -> Fnv {
        p.iter().fold(self, |h, &b| h.eat(b)).eat(0xff)
    }
}

/// The hashes of the templates that read a word beside the tagged one (or a sentence boundary).
#[derive(Debug)]
struct Neighbour<'w> {
    norm: Cow<'w, str>,
    lex: u64,
    /// Templates 11 and 12: the previous word and its suffix.
    prev: [u64; 2],
    /// Template 13: the word before the previous one.
    prev2: u64,
    /// Templates 14 and 15: the next word and its suffix.
    next: [u64; 2],
    /// Template 16: the word after the next one.
    next2: u64,
    /// Template 19: the next word's lexicon bits.
    next_lex: u64,
    /// Template 20 with the previous word's lexicon bits eaten (the previous tag follows).
    prev_lex: Fnv,
}

impl<'w> Neighbour<'w> {
    fn new(norm: Cow<'w, str>, lex: u64) -> Neighbour<'w> {
        let n = norm.as_bytes();
        let suffix3 = suffix(&norm, 3).as_bytes();
        let lex_bytes = lex.to_le_bytes();
        Neighbour {
            prev: [fh(11, &[n]), fh(12, &[suffix3])],
            prev2: fh(13, &[n]),
            next: [fh(14, &[n]), fh(15, &[suffix3])],
            next2: fh(16, &[n]),
            next_lex: fh(19, &[&lex_bytes]),
            prev_lex: Fnv::new(20).part(&lex_bytes),
            norm,
            lex,
        }
    }
}

/// The sentence boundaries as neighbours: before the first word, two before it, after the last
/// word, two after it.
static BOUNDARIES: LazyLock<[Neighbour<'static>; 4]> =
    LazyLock::new(|| ["-START-", "-START2-", "-END-", "-END2-"].map(|n| Neighbour::new(Cow::Borrowed(n), u64::MAX)));

/// What the templates read of one word.
#[derive(Debug)]
struct Forms<'w> {
    /// The word's tag when the tag dictionary settles it.
    dict: Option<Tag>,
    /// The hashes of the templates on the word alone.
    own: [u64; WORD_FEATURES],
    /// Template 17 (the word's shape), within the sentence and opening it.
    shape: [u64; 2],
    /// Template 18: the word's lexicon bits.
    lex: u64,
    /// Template 21 with the word's lexicon bits eaten (the next word's follow).
    lex_next: Fnv,
    /// Template 22: the word's last four chars, when it has more than four.
    suffix4: Option<u64>,
    /// Template 23 with the word's normal form eaten (the next word's follow).
    norm_next: Fnv,
    /// The word as a neighbour of another.
    as_neighbour: Neighbour<'w>,
}

impl<'w> Forms<'w> {
    fn new(w: &'w str, tagdict: &Words<Tag>, lexicon: &Words<u64>) -> Forms<'w> {
        let norm = normalize(w);
        let lex = lexicon.get(w).or_else(|| lexicon.get(&*norm)).copied().unwrap_or(0);
        let n = norm.as_bytes();
        let mut lower = [0u8; 12];
        let prefix3 = match lower_prefix(w, 3, &mut lower) {
            Some(p) => fh(6, &[p]),
            None => fh(6, &[prefix(&w.to_lowercase(), 3).as_bytes()]),
        };
        let own = [
            fh(0, &[]),
            fh(1, &[n]),
            fh(2, &[suffix(w, 3).as_bytes()]),
            fh(3, &[suffix(w, 2).as_bytes()]),
            fh(4, &[suffix(w, 1).as_bytes()]),
            fh(5, &[prefix(w, 1).as_bytes()]),
            prefix3,
        ];
        Forms {
            dict: tagdict.get(w).copied(),
            own,
            shape: shapes(w).map(|shape| SHAPE_HASHES[shape as usize]),
            lex: fh(18, &[&lex.to_le_bytes()]),
            lex_next: Fnv::new(21).part(&lex.to_le_bytes()),
            suffix4: (w.chars().count() > 4).then(|| fh(22, &[suffix(w, 4).as_bytes()])),
            norm_next: Fnv::new(23).part(n),
            as_neighbour: Neighbour::new(norm, lex),
        }
    }
}

/// One sentence, as ids into [`WordScores::forms`].
struct Context<'a, 'w> {
    forms: &'a [Forms<'w>],
    ids: &'a [u32],
}

impl<'a, 'w> Context<'a, 'w> {
    fn word(&self, i: usize) -> &'a Forms<'w> {
        &self.forms[self.ids[i] as usize]
    }

    /// Word `j` as a neighbour, or the sentence boundary there.
    fn neighbour(&self, j: isize) -> &'a Neighbour<'w> {
        let len = self.ids.len() as isize;
        match j {
            -1 => &BOUNDARIES[0],
            ..=-2 => &BOUNDARIES[1],
            _ if j == len => &BOUNDARIES[2],
            _ if j > len => &BOUNDARIES[3],
            _ => &self.word(j as usize).as_neighbour,
        }
    }

    /// The feature hashes of word `i`, in template order, into `out`; returns how many.
    fn features(&self, i: usize, prev: Tag, prev2: Tag, out: &mut [u64; MAX_FEATURES]) -> usize {
        out[..WORD_FEATURES].copy_from_slice(&self.word_features(i));
        WORD_FEATURES + self.context_features(i, prev, prev2, &mut out[WORD_FEATURES..])
    }

    /// The hashes of the leading templates, which depend on word `i` alone.
    fn word_features(&self, i: usize) -> [u64; WORD_FEATURES] {
        self.word(i).own
    }

    /// The hashes of the templates after [`Context::word_features`]'s, which also depend on the
    /// neighbours and the previous tags, into `out`; returns how many.
    fn context_features(&self, i: usize, prev: Tag, prev2: Tag, out: &mut [u64]) -> usize {
        let j = i as isize;
        let word = self.word(i);
        let this = &word.as_neighbour;
        let (before, before2) = (self.neighbour(j - 1), self.neighbour(j - 2));
        let (after, after2) = (self.neighbour(j + 1), self.neighbour(j + 2));
        let feats = [
            fh(7, &[&[prev.0]]),
            fh(8, &[&[prev2.0]]),
            fh(9, &[&[prev.0, prev2.0]]),
            Fnv::new(10).part(&[prev.0]).part(this.norm.as_bytes()).0,
            before.prev[0],
            before.prev[1],
            before2.prev2,
            after.next[0],
            after.next[1],
            after2.next2,
            word.shape[usize::from(i == 0)],
            word.lex,
            after.next_lex,
            before.prev_lex.part(&[prev.0]).0,
            word.lex_next.part(&after.lex.to_le_bytes()).0,
        ];
        out[..feats.len()].copy_from_slice(&feats);
        let mut k = feats.len();
        if let Some(h) = word.suffix4 {
            out[k] = h;
            k += 1;
        }
        out[k] = word.norm_next.part(after.norm.as_bytes()).0;
        k + 1
    }
}

/// The first `n` chars of `w` lower-cased, without allocating when `w` starts with ASCII; `None`
/// when the prefix is not ASCII (the caller lower-cases the whole word then, as Unicode requires).
fn lower_prefix<'b>(w: &str, n: usize, buf: &'b mut [u8; 12]) -> Option<&'b [u8]> {
    let b = w.as_bytes();
    let take = b.len().min(n);
    // A prefix ends at a char boundary: all ASCII up to `take`, and the next byte starts a char.
    if !b[..take].is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(&b[..take]) {
        *d = s.to_ascii_lowercase();
    }
    Some(&buf[..take])
}

fn normalize(w: &str) -> Cow<'_, str> {
    let first = w.chars().next().unwrap_or(' ');
    if w.contains('-') && first != '-' {
        // Hyphenated words keep their last part, which carries the tag.
        let last = w.rsplit('-').next().unwrap_or(w);
        return Cow::Owned(format!("!HYPHEN-{}", last.to_lowercase()));
    }
    if first.is_ascii_digit() {
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            return Cow::Borrowed("!YEAR");
        }
        return Cow::Borrowed("!DIGITS");
    }
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(w);
    }
    // One copy, not two, for a word without a curly apostrophe.
    if w.contains('’') {
        Cow::Owned(w.replace('’', "'").to_lowercase())
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &w[start..]
}

fn prefix(w: &str, n: usize) -> &str {
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

/// The word shapes of [`shapes`], by [`Shape`] index.
const SHAPE_NAMES: [&str; 11] = [
    "num",
    "alnum",
    "punct",
    "first-lower",
    "first-title",
    "first-caps",
    "lower-hyphen",
    "lower",
    "caps",
    "title",
    "mixed",
];

/// Template 17 for each of [`SHAPE_NAMES`]: there are few shapes, so their hashes are computed
/// once, not for every new word.
static SHAPE_HASHES: LazyLock<[u64; SHAPE_NAMES.len()]> =
    LazyLock::new(|| SHAPE_NAMES.map(|name| fh(17, &[name.as_bytes()])));

/// A word shape, as an index into [`SHAPE_NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Num,
    Alnum,
    Punct,
    FirstLower,
    FirstTitle,
    FirstCaps,
    LowerHyphen,
    Lower,
    Caps,
    Title,
    Mixed,
}

/// A coarse word shape: capitalisation, digits, hyphens, and whether the word opens the sentence;
/// the word's shape within a sentence, then opening it.
fn shapes(w: &str) -> [Shape; 2] {
    let (mut upper, mut alpha, mut digit, mut hyphen) = (0usize, 0usize, false, false);
    for c in w.chars() {
        upper += usize::from(c.is_uppercase());
        alpha += usize::from(c.is_alphabetic());
        digit |= c.is_ascii_digit();
        hyphen |= c == '-';
    }
    let title = w.chars().next().is_some_and(char::is_uppercase);
    [false, true].map(|first| match (first, upper, alpha, digit, hyphen) {
        (_, _, 0, true, _) => Shape::Num,
        (_, _, _, true, _) => Shape::Alnum,
        (_, _, 0, false, _) => Shape::Punct,
        (true, 0, _, _, _) => Shape::FirstLower,
        (true, 1, _, _, _) if title => Shape::FirstTitle,
        (true, _, _, _, _) => Shape::FirstCaps,
        (false, 0, _, _, true) => Shape::LowerHyphen,
        (false, 0, _, _, false) => Shape::Lower,
        (false, u, a, _, _) if u == a && a > 1 => Shape::Caps,
        (false, 1, _, _, _) if title => Shape::Title,
        _ => Shape::Mixed,
    })
}

/// FNV-1a over a template id and parts; stable across platforms, so models are portable.
fn fh(template: u8, parts: &[&[u8]]) -> u64 {
    parts.iter().fold(Fnv::new(template), |h, p| h.part(p)).0
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.push(s.len().min(255) as u8);
    out.extend_from_slice(&s.as_bytes()[..s.len().min(255)]);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self.bytes.get(self.at..self.at + n).ok_or(ModelError("truncated"))?;
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| ModelError("short"))?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| ModelError("short"))?))
    }
    fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.take(1)?[0] as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| ModelError("invalid utf-8"))
    }
}

/// Training: an averaged perceptron over tagged sentences.
pub mod train {
    use super::*;

    /// One training sentence.
    pub type Tagged = (Vec<String>, Vec<Tag>);

    /// Options for [`train`].
    #[derive(Debug, Clone)]
    pub struct Options {
        /// Passes over the data.
        pub iterations: usize,
        /// Seed of the deterministic shuffle between passes.
        pub seed: u64,
        /// Weights whose absolute averaged value is below this are dropped.
        pub prune: f32,
        /// Minimum count and tag share for a word to enter the tag dictionary.
        pub tagdict_min_count: u32,
        /// See `tagdict_min_count`.
        pub tagdict_min_share: f64,
    }

    impl Default for Options {
        fn default() -> Options {
            Options { iterations: 8, seed: 7, prune: 0.0005, tagdict_min_count: 20, tagdict_min_share: 0.97 }
        }
    }

    /// A word -> tag-class lexicon, as bitmasks of [`TAG_NAMES`] indices, for the lexicon features.
    pub fn lexicon_mask(tags: &[Tag]) -> u64 {
        tags.iter().fold(0u64, |m, t| m | (1u64 << t.0))
    }

    /// Train a model. `lexicon` maps words to tag-class masks (see [`lexicon_mask`]).
    pub fn train(sentences: &[Tagged], lexicon: HashMap<String, u64>, opts: &Options) -> Model {
        let tagdict = make_tagdict(sentences, opts);
        let lexicon: Words<u64> = lexicon.into_iter().map(|(w, m)| (Cow::Owned(w), m)).collect();
        let mut weights: HashMap<u64, Weights> = HashMap::new();
        let mut step: u32 = 0;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = opts.seed | 1;
        let mut cache = WordScores::default();
        let mut ids = Vec::new();
        for _ in 0..opts.iterations {
            for idx in order.iter().copied() {
                let (words, gold) = &sentences[idx];
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                cache.intern(&refs, &tagdict, &lexicon, &mut ids);
                let ctx = Context { forms: &cache.forms, ids: &ids };
                let mut guesses: Vec<Tag> = Vec::with_capacity(words.len());
                let mut feats = [0u64; MAX_FEATURES];
                for i in 0..words.len() {
                    let prev = if i > 0 { guesses[i - 1] } else { START };
                    let prev2 = if i > 1 { guesses[i - 2] } else { START2 };
                    if let Some(&t) = tagdict.get(words[i].as_str()) {
                        guesses.push(t);
                        continue;
                    }
                    let nf = ctx.features(i, prev, prev2, &mut feats);
                    let feats = &feats[..nf];
                    let mut scores = [0f32; NUM_TAGS];
                    for f in feats {
                        if let Some(w) = weights.get(f) {
                            for (t, s) in scores.iter_mut().enumerate() {
                                *s += w.current[t];
                            }
                        }
                    }
                    let guess = best(&scores);
                    step += 1;
                    if guess != gold[i] {
                        for f in feats {
                            let w = weights.entry(*f).or_insert_with(Weights::new);
                            w.update(gold[i].index(), step, 1.0);
                            w.update(guess.index(), step, -1.0);
                        }
                    }
                    guesses.push(guess);
                }
            }
            // Deterministic Fisher-Yates shuffle.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
        }
        let mut model =
            Model { tagdict, lexicon, features: FeatureTable::with_capacity(weights.len()), ..Model::default() };
        let mut keys: Vec<u64> = weights.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let w = &weights[&k];
            let at = model.weights.len() as u32;
            for t in 0..NUM_TAGS {
                let total = w.total[t] + (step - w.stamp[t]) as f32 * w.current[t];
                let avg = total / step.max(1) as f32;
                if avg.abs() >= opts.prune && quantize(avg) != 0 {
                    model.weights.push((Tag(t as u8), avg));
                }
            }
            let n = model.weights.len() as u32 - at;
            if n > 0 {
                model.features.insert(k, at, n);
            }
        }
        model.make_rows();
        model
    }

    struct Weights {
        current: [f32; NUM_TAGS],
        total: [f32; NUM_TAGS],
        stamp: [u32; NUM_TAGS],
    }

    impl Weights {
        fn new() -> Weights {
            Weights { current: [0.0; NUM_TAGS], total: [0.0; NUM_TAGS], stamp: [0; NUM_TAGS] }
        }
        fn update(&mut self, t: usize, step: u32, delta: f32) {
            self.total[t] += (step - self.stamp[t]) as f32 * self.current[t];
            self.stamp[t] = step;
            self.current[t] += delta;
        }
    }

    fn make_tagdict(sentences: &[Tagged], opts: &Options) -> Words<Tag> {
        let mut counts: HashMap<&str, [u32; NUM_TAGS]> = HashMap::new();
        for (words, tags) in sentences {
            for (w, t) in words.iter().zip(tags) {
                counts.entry(w.as_str()).or_insert([0; NUM_TAGS])[t.index()] += 1;
            }
        }
        let mut dict = FxHashMap::default();
        for (w, c) in counts {
            let total: u32 = c.iter().sum();
            let (t, &n) = c.iter().enumerate().max_by_key(|(_, n)| **n).expect("NUM_TAGS > 0");
            if total >= opts.tagdict_min_count && n as f64 / total as f64 >= opts.tagdict_min_share {
                dict.insert(Cow::Owned(w.to_owned()), Tag(t as u8));
            }
        }
        dict
    }

    /// Token accuracy of `model` on `sentences`.
    pub fn accuracy(model: &Model, sentences: &[Tagged]) -> (usize, usize) {
        let mut right = 0;
        let mut total = 0;
        let mut out = Vec::new();
        for (words, gold) in sentences {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            out.clear();
            model.tag(&refs, &mut out);
            right += out.iter().zip(gold).filter(|(a, b)| a == b).count();
            total += gold.len();
        }
        (right, total)
    }
}

#[cfg(test)]
mod tests {
    use super::train::*;
    use super::*;

    #[test]
    fn tag_names_round_trip() {
        assert_eq!(TAG_NAMES.len(), NUM_TAGS);
        for name in TAG_NAMES {
            assert_eq!(Tag::from_name(name).unwrap().name(), *name);
        }
        assert!(Tag::named("NNS").is_plural() && Tag::named("NNS").is_noun());
        for name in TAG_NAMES {
            let t = Tag::named(name);
            assert_eq!(t.is_noun(), matches!(*name, "NN" | "NNS" | "NNP" | "NNPS"), "{name}");
            assert_eq!(t.is_proper(), matches!(*name, "NNP" | "NNPS"), "{name}");
            assert_eq!(t.is_plural(), matches!(*name, "NNS" | "NNPS"), "{name}");
            assert_eq!(t.is_verb(), name.starts_with("VB"), "{name}");
            assert_eq!(t.is_adjective(), name.starts_with("JJ"), "{name}");
            assert_eq!(t.is_adverb(), name.starts_with("RB"), "{name}");
            let punct = ["#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "``", "HYPH", "NFP", "SYM"];
            assert_eq!(t.is_punct(), punct.contains(name), "{name}");
        }
    }

    #[test]
    fn trains_and_round_trips_a_tiny_model() {
        let s = |w: &str, t: &str| -> Tagged {
            (w.split(' ').map(String::from).collect(), t.split(' ').map(|t| Tag::from_name(t).unwrap()).collect())
        };
        let data = vec![
            s("the dog runs", "DT NN VBZ"),
            s("a cat sleeps", "DT NN VBZ"),
            s("the dogs run", "DT NNS VBP"),
            s("dogs run fast", "NNS VBP RB"),
        ];
        let opts = Options { iterations: 5, tagdict_min_count: 100, ..Options::default() };
        let model = train(&data, HashMap::new(), &opts);
        let (right, total) = accuracy(&model, &data);
        assert_eq!(right, total);
        let again = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(accuracy(&again, &data), (right, total));
        let embedded: &'static [u8] = Box::leak(model.to_bytes().into_boxed_slice());
        let borrowed = Model::from_static_bytes(embedded).unwrap();
        assert_eq!(borrowed.to_bytes(), embedded);
        assert_eq!(accuracy(&borrowed, &data), (right, total));
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    /// The feature templates as written out, word by word, with nothing worked out ahead.
    fn reference_features(words: &[&str], lexicon: &Words<u64>, i: usize, prev: Tag, prev2: Tag) -> Vec<u64> {
        let len = words.len() as isize;
        let norm = |j: isize| -> String {
            match j {
                -1 => "-START-".into(),
                ..=-2 => "-START2-".into(),
                _ if j == len => "-END-".into(),
                _ if j > len => "-END2-".into(),
                _ => normalize(words[j as usize]).into_owned(),
            }
        };
        let lex = |j: isize| -> u64 {
            if j < 0 || j >= len {
                return u64::MAX;
            }
            let w = words[j as usize];
            lexicon.get(w).or_else(|| lexicon.get(normalize(w).as_ref())).copied().unwrap_or(0)
        };
        let (w, j) = (words[i], i as isize);
        let n = norm(j);
        let mut out = vec![
            fh(0, &[]),
            fh(1, &[n.as_bytes()]),
            fh(2, &[suffix(w, 3).as_bytes()]),
            fh(3, &[suffix(w, 2).as_bytes()]),
            fh(4, &[suffix(w, 1).as_bytes()]),
            fh(5, &[prefix(w, 1).as_bytes()]),
            fh(6, &[prefix(&w.to_lowercase(), 3).as_bytes()]),
            fh(7, &[&[prev.0]]),
            fh(8, &[&[prev2.0]]),
            fh(9, &[&[prev.0, prev2.0]]),
            fh(10, &[&[prev.0], n.as_bytes()]),
            fh(11, &[norm(j - 1).as_bytes()]),
            fh(12, &[suffix(&norm(j - 1), 3).as_bytes()]),
            fh(13, &[norm(j - 2).as_bytes()]),
            fh(14, &[norm(j + 1).as_bytes()]),
            fh(15, &[suffix(&norm(j + 1), 3).as_bytes()]),
            fh(16, &[norm(j + 2).as_bytes()]),
            fh(17, &[reference_shape(w, i == 0).as_bytes()]),
            fh(18, &[&lex(j).to_le_bytes()]),
            fh(19, &[&lex(j + 1).to_le_bytes()]),
            fh(20, &[&lex(j - 1).to_le_bytes(), &[prev.0]]),
            fh(21, &[&lex(j).to_le_bytes(), &lex(j + 1).to_le_bytes()]),
        ];
        if w.chars().count() > 4 {
            out.push(fh(22, &[suffix(w, 4).as_bytes()]));
        }
        out.push(fh(23, &[n.as_bytes(), norm(j + 1).as_bytes()]));
        out
    }

    /// The word shape as first written: one pass per count.
    fn reference_shape(w: &str, first: bool) -> &'static str {
        let upper = w.chars().filter(|c| c.is_uppercase()).count();
        let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
        let digit = w.chars().any(|c| c.is_ascii_digit());
        let hyphen = w.contains('-');
        match (first, upper, alpha, digit, hyphen) {
            (_, _, 0, true, _) => "num",
            (_, _, _, true, _) => "alnum",
            (_, _, 0, false, _) => "punct",
            (true, 0, _, _, _) => "first-lower",
            (true, 1, _, _, _) if w.chars().next().is_some_and(char::is_uppercase) => "first-title",
            (true, _, _, _, _) => "first-caps",
            (false, 0, _, _, true) => "lower-hyphen",
            (false, 0, _, _, false) => "lower",
            (false, u, a, _, _) if u == a && a > 1 => "caps",
            (false, 1, _, _, _) if w.chars().next().is_some_and(char::is_uppercase) => "title",
            _ => "mixed",
        }
    }

    #[test]
    fn worked_out_features_are_the_templates() {
        let model = crate::text::lexicon::tagger();
        let sentences = [
            "The well-known Écoles of 1999 taught 3.5 million STUDENTS’ children quickly .",
            "Run",
            "Über alles",
            "the cat sat on the mat and the dog’s bone",
        ];
        let mut cache = WordScores::default();
        let mut ids = Vec::new();
        for s in sentences {
            let words: Vec<&str> = s.split(' ').collect();
            cache.intern(&words, &model.tagdict, &model.lexicon, &mut ids);
            let ctx = Context { forms: &cache.forms, ids: &ids };
            for i in 0..words.len() {
                for (prev, prev2) in [(START, START2), (Tag::named("DT"), Tag::named("NN"))] {
                    let mut feats = [0u64; MAX_FEATURES];
                    let n = ctx.features(i, prev, prev2, &mut feats);
                    assert_eq!(feats[..n], reference_features(&words, &model.lexicon, i, prev, prev2), "{s} {i}");
                }
            }
        }
    }

    #[test]
    fn shapes_index_their_names() {
        let names = |w: &str| shapes(w).map(|s| SHAPE_NAMES[s as usize]);
        assert_eq!(names("Paris"), ["title", "first-title"]);
        assert_eq!(names("NASA"), ["caps", "first-caps"]);
        assert_eq!(names("well-known"), ["lower-hyphen", "first-lower"]);
        assert_eq!(names("1990"), ["num", "num"]);
        assert_eq!(names("GPT4"), ["alnum", "alnum"]);
        assert_eq!(names(","), ["punct", "punct"]);
        assert_eq!(names("iPhone"), ["mixed", "first-caps"]);
        assert_eq!(names("data"), ["lower", "first-lower"]);
    }

    #[test]
    fn best_is_the_first_highest_score() {
        let reference = |scores: &[f32; NUM_TAGS]| {
            let mut best = 0;
            for t in 1..NUM_TAGS {
                if scores[t] > scores[best] {
                    best = t;
                }
            }
            Tag(best as u8)
        };
        // Few distinct values, so that ties are common, in every lane and in the tail.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut scores = [0f32; NUM_TAGS];
            for s in &mut scores {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *s = [-1.5, -0.25, 0.0, 0.25, 0.5, 2.0][(x % 6) as usize] * if x % 97 == 0 { 4.0 } else { 1.0 };
            }
            assert_eq!(best(&scores), reference(&scores), "{scores:?}");
        }
    }

    #[test]
    fn suffixes_respect_chars() {
        assert_eq!(suffix("naïve", 3), "ïve");
        assert_eq!(prefix("über", 1), "ü");
        assert_eq!(suffix("ab", 3), "ab");
    }
}
