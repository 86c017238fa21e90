//! Part-of-speech tagging: a greedy averaged perceptron over Penn Treebank tags.
//!
//! This file owns the tag set ([`Tag`]), the feature templates, inference, training and the
//! model's binary format. The shipped model (`graph-data/linguistic/tagger.bin`) is trained on
//! the UD English EWT treebank by `examples/train_tagger.rs`; see `graph-data/linguistic/SOURCE.md`.
//! Feature templates follow Honnibal's "A good POS tagger in about 200 lines", extended with word
//! shape, longer suffixes and prefixes, and the tag class of the neighbouring words in a lexicon.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
        matches!(self.name(), "NN" | "NNS" | "NNP" | "NNPS")
    }
    /// NNP or NNPS.
    pub fn is_proper(self) -> bool {
        matches!(self.name(), "NNP" | "NNPS")
    }
    /// NNS or NNPS.
    pub fn is_plural(self) -> bool {
        matches!(self.name(), "NNS" | "NNPS")
    }
    /// Any VB* tag.
    pub fn is_verb(self) -> bool {
        self.name().starts_with("VB")
    }
    /// JJ, JJR or JJS.
    pub fn is_adjective(self) -> bool {
        self.name().starts_with("JJ")
    }
    /// RB, RBR or RBS.
    pub fn is_adverb(self) -> bool {
        self.name().starts_with("RB")
    }
    /// Punctuation and symbols.
    pub fn is_punct(self) -> bool {
        matches!(self.name(), "#" | "$" | "''" | "," | "-LRB-" | "-RRB-" | "." | ":" | "``" | "HYPH" | "NFP" | "SYM")
    }
}

/// A trained tagger model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// feature hash -> (first weight, number of weights)
    features: HashMap<u64, (u32, u16), BuildHasherDefault<IdentityHasher>>,
    weights: Vec<(Tag, f32)>,
    /// Frequent words that always take one tag skip the model.
    tagdict: HashMap<String, Tag>,
    /// A word's most frequent tag class in a wider lexicon (for unknown-word features).
    lexicon: HashMap<String, u64>,
}

/// Error from reading a model's bytes.
#[derive(Debug, thiserror::Error)]
#[error("corrupt tagger model: {0}")]
pub struct ModelError(&'static str);

const MAGIC: &[u8; 8] = b"KGTAGv01";

impl Model {
    /// Tag one sentence of words.
    pub fn tag(&self, words: &[&str], out: &mut Vec<Tag>) {
        let ctx = Context::new(words, &self.lexicon);
        let start = out.len();
        let mut scores = [0f32; NUM_TAGS];
        let mut feats = Vec::with_capacity(24);
        for i in 0..words.len() {
            if let Some(&t) = self.tagdict.get(words[i]) {
                out.push(t);
                continue;
            }
            let prev = if i > 0 { out[start + i - 1] } else { START };
            let prev2 = if i > 1 { out[start + i - 2] } else { START2 };
            feats.clear();
            ctx.features(i, prev, prev2, &mut feats);
            scores.fill(0.0);
            for f in &feats {
                if let Some(&(at, n)) = self.features.get(f) {
                    for &(tag, w) in &self.weights[at as usize..at as usize + n as usize] {
                        scores[tag.index()] += w;
                    }
                }
            }
            out.push(best(&scores));
        }
    }

    /// The model as bytes (the format [`Model::from_bytes`] reads).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let mut feats: Vec<(&u64, &(u32, u16))> = self.features.iter().collect();
        feats.sort();
        put_u32(&mut out, feats.len() as u32);
        for (hash, &(at, n)) in feats {
            out.extend_from_slice(&hash.to_le_bytes());
            out.push(n as u8);
            for &(tag, w) in &self.weights[at as usize..at as usize + n as usize] {
                out.push(tag.0);
                out.extend_from_slice(&quantize(w).to_le_bytes());
            }
        }
        let mut dict: Vec<(&String, &Tag)> = self.tagdict.iter().collect();
        dict.sort();
        put_u32(&mut out, dict.len() as u32);
        for (word, tag) in dict {
            put_str(&mut out, word);
            out.push(tag.0);
        }
        let mut lex: Vec<(&String, &u64)> = self.lexicon.iter().collect();
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
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("bad magic"));
        }
        let n = r.u32()? as usize;
        let mut model = Model::default();
        model.features.reserve(n);
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
            model.features.insert(hash, (at, k as u16));
        }
        let n = r.u32()? as usize;
        for _ in 0..n {
            let word = r.str()?.to_owned();
            let tag = r.take(1)?[0];
            if tag as usize >= NUM_TAGS {
                return Err(ModelError("tag out of range"));
            }
            model.tagdict.insert(word, Tag(tag));
        }
        let n = r.u32()? as usize;
        for _ in 0..n {
            let word = r.str()?.to_owned();
            let mask = r.u64()?;
            model.lexicon.insert(word, mask);
        }
        Ok(model)
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.features.len()
    }
}

const SCALE: f32 = 1000.0;

fn quantize(w: f32) -> i16 {
    (w * SCALE).round().clamp(i16::MIN as f32, i16::MAX as f32) as i16
}

fn dequantize(w: i16) -> f32 {
    w as f32 / SCALE
}

fn best(scores: &[f32; NUM_TAGS]) -> Tag {
    let mut best = 0;
    for t in 1..NUM_TAGS {
        if scores[t] > scores[best] {
            best = t;
        }
    }
    Tag(best as u8)
}

const START: Tag = Tag(u8::MAX - 1);
const START2: Tag = Tag(u8::MAX);

/// Per-sentence precomputed word forms.
struct Context<'a> {
    words: &'a [&'a str],
    norm: Vec<String>,
    lex: Vec<u64>,
}

impl<'a> Context<'a> {
    fn new(words: &'a [&'a str], lexicon: &HashMap<String, u64>) -> Context<'a> {
        let norm: Vec<String> = words.iter().map(|w| normalize(w)).collect();
        let lex = norm
            .iter()
            .zip(words)
            .map(|(n, w)| lexicon.get(*w).or_else(|| lexicon.get(n)).copied().unwrap_or(0))
            .collect();
        Context { words, norm, lex }
    }

    fn norm(&self, i: isize) -> &str {
        if i < 0 {
            if i == -1 {
                "-START-"
            } else {
                "-START2-"
            }
        } else if i as usize >= self.words.len() {
            if i as usize == self.words.len() {
                "-END-"
            } else {
                "-END2-"
            }
        } else {
            &self.norm[i as usize]
        }
    }

    fn lex(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.words.len() {
            u64::MAX
        } else {
            self.lex[i as usize]
        }
    }

    fn features(&self, i: usize, prev: Tag, prev2: Tag, out: &mut Vec<u64>) {
        let w = self.words[i];
        let j = i as isize;
        let n = self.norm(j);
        out.push(fh(0, &[]));
        out.push(fh(1, &[n.as_bytes()]));
        out.push(fh(2, &[suffix(w, 3).as_bytes()]));
        out.push(fh(3, &[suffix(w, 2).as_bytes()]));
        out.push(fh(4, &[suffix(w, 1).as_bytes()]));
        out.push(fh(5, &[prefix(w, 1).as_bytes()]));
        out.push(fh(6, &[prefix(&w.to_lowercase(), 3).as_bytes()]));
        out.push(fh(7, &[&[prev.0]]));
        out.push(fh(8, &[&[prev2.0]]));
        out.push(fh(9, &[&[prev.0, prev2.0]]));
        out.push(fh(10, &[&[prev.0], n.as_bytes()]));
        out.push(fh(11, &[self.norm(j - 1).as_bytes()]));
        out.push(fh(12, &[suffix(self.norm(j - 1), 3).as_bytes()]));
        out.push(fh(13, &[self.norm(j - 2).as_bytes()]));
        out.push(fh(14, &[self.norm(j + 1).as_bytes()]));
        out.push(fh(15, &[suffix(self.norm(j + 1), 3).as_bytes()]));
        out.push(fh(16, &[self.norm(j + 2).as_bytes()]));
        out.push(fh(17, &[shape(w, i == 0).as_bytes()]));
        out.push(fh(18, &[&self.lex(j).to_le_bytes()]));
        out.push(fh(19, &[&self.lex(j + 1).to_le_bytes()]));
        out.push(fh(20, &[&self.lex(j - 1).to_le_bytes(), &[prev.0]]));
        out.push(fh(21, &[&self.lex(j).to_le_bytes(), &self.lex(j + 1).to_le_bytes()]));
        if w.chars().count() > 4 {
            out.push(fh(22, &[suffix(w, 4).as_bytes()]));
        }
        out.push(fh(23, &[n.as_bytes(), self.norm(j + 1).as_bytes()]));
    }
}

fn normalize(w: &str) -> String {
    let first = w.chars().next().unwrap_or(' ');
    if w.contains('-') && first != '-' {
        // Hyphenated words keep their last part, which carries the tag.
        let last = w.rsplit('-').next().unwrap_or(w);
        return format!("!HYPHEN-{}", last.to_lowercase());
    }
    if first.is_ascii_digit() {
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            return "!YEAR".into();
        }
        return "!DIGITS".into();
    }
    w.replace('’', "'").to_lowercase()
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &w[start..]
}

fn prefix(w: &str, n: usize) -> &str {
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

/// A coarse word shape: capitalisation, digits, hyphens, and whether the word opens the sentence.
fn shape(w: &str, first: bool) -> &'static str {
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

/// FNV-1a over a template id and parts; stable across platforms, so models are portable.
fn fh(template: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(template);
    for p in parts {
        for &b in *p {
            eat(b);
        }
        eat(0xff);
    }
    h
}

/// A hasher for keys that already are hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
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
        let mut weights: HashMap<u64, Weights> = HashMap::new();
        let mut step: u32 = 0;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = opts.seed | 1;
        for _ in 0..opts.iterations {
            for idx in order.iter().copied() {
                let (words, gold) = &sentences[idx];
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                let ctx = Context::new(&refs, &lexicon);
                let mut guesses: Vec<Tag> = Vec::with_capacity(words.len());
                let mut feats = Vec::new();
                for i in 0..words.len() {
                    let prev = if i > 0 { guesses[i - 1] } else { START };
                    let prev2 = if i > 1 { guesses[i - 2] } else { START2 };
                    if let Some(&t) = tagdict.get(&words[i]) {
                        guesses.push(t);
                        continue;
                    }
                    feats.clear();
                    ctx.features(i, prev, prev2, &mut feats);
                    let mut scores = [0f32; NUM_TAGS];
                    for f in &feats {
                        if let Some(w) = weights.get(f) {
                            for (t, s) in scores.iter_mut().enumerate() {
                                *s += w.current[t];
                            }
                        }
                    }
                    let guess = best(&scores);
                    step += 1;
                    if guess != gold[i] {
                        for f in &feats {
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
        let mut model = Model { tagdict, lexicon, ..Model::default() };
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
                model.features.insert(k, (at, n as u16));
            }
        }
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

    fn make_tagdict(sentences: &[Tagged], opts: &Options) -> HashMap<String, Tag> {
        let mut counts: HashMap<&str, [u32; NUM_TAGS]> = HashMap::new();
        for (words, tags) in sentences {
            for (w, t) in words.iter().zip(tags) {
                counts.entry(w.as_str()).or_insert([0; NUM_TAGS])[t.index()] += 1;
            }
        }
        let mut dict = HashMap::new();
        for (w, c) in counts {
            let total: u32 = c.iter().sum();
            let (t, &n) = c.iter().enumerate().max_by_key(|(_, n)| **n).expect("NUM_TAGS > 0");
            if total >= opts.tagdict_min_count && n as f64 / total as f64 >= opts.tagdict_min_share {
                dict.insert(w.to_owned(), Tag(t as u8));
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
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn suffixes_respect_chars() {
        assert_eq!(suffix("naïve", 3), "ïve");
        assert_eq!(prefix("über", 1), "ü");
        assert_eq!(suffix("ab", 3), "ab");
    }
}
