//! Text: documents as read, and their linguistic analysis (sentences, tokens, tags, lemmas).
//!
//! This module owns reading input files (UTF-8 checks, which files count as input, document
//! ids) and the analysis that every later stage builds on. It knows nothing of concepts,
//! ontologies or graphs. Submodules: `tokenize` (tokens and sentences), `tagger` (parts of
//! speech), `lemma` (dictionary forms) and `lexicon` (the embedded linguistic data).

pub mod lemma;
pub mod lexicon;
mod shared;
pub mod tagger;
pub mod tokenize;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result, Warning};
pub use shared::SharedStr;
pub use tagger::Tag;
pub use tokenize::{Sentence, Token};

/// One input document, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// A slug of the file name, unique within one build (`cto-openai`).
    pub id: String,
    /// The path as given on the command line or found in a folder (relative stays relative).
    pub path: String,
    /// The full text.
    pub text: String,
    /// Hex SHA-256 of the bytes read.
    pub sha256: String,
}

impl Document {
    /// A document from text in memory (tests, benchmarks, library users).
    pub fn from_text(id: &str, path: &str, text: &str) -> Document {
        Document {
            id: id.to_owned(),
            path: path.to_owned(),
            text: text.to_owned(),
            sha256: sha256_hex(text.as_bytes()),
        }
    }

    /// Read `path` as UTF-8 text.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::InvalidUtf8`] with the byte offset of
    /// the first bad byte, [`Error::NotText`] for UTF-16 and binary files.
    pub fn read(path: &Path, id: &str) -> Result<Document> {
        Document::read_bounded(path, id)
    }

    /// Read `path` as UTF-8 text, with warnings for the bounds it hits (see [`MAX_LINE_BYTES`]).
    ///
    /// The file is refused before it is read when it is larger than [`MAX_DOCUMENT_BYTES`].
    ///
    /// # Errors
    /// As [`Document::read`], and [`Error::TooLarge`] above [`MAX_DOCUMENT_BYTES`].
    pub fn read_with_warnings(path: &Path, id: &str) -> Result<(Document, Vec<Warning>)> {
        let doc = Document::read_bounded(path, id)?;
        let warnings = doc.bound_warnings();
        Ok((doc, warnings))
    }

    /// [`Document::read_with_warnings`] with only the [`Document::line_warnings`]: for a caller
    /// that tokenizes the document anyway, and so learns its repeated sentences for free (see
    /// [`Document::repeat_warning`]).
    ///
    /// # Errors
    /// As [`Document::read_with_warnings`].
    pub fn read_with_line_warnings(path: &Path, id: &str) -> Result<(Document, Vec<Warning>)> {
        let doc = Document::read_bounded(path, id)?;
        let warnings = doc.line_warnings();
        Ok((doc, warnings))
    }

    /// Read `path` as UTF-8 text, refused unread above [`MAX_DOCUMENT_BYTES`].
    fn read_bounded(path: &Path, id: &str) -> Result<Document> {
        use std::io::Read;
        let io = |source| Error::Io { path: path.to_owned(), source };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let too_large =
            |size| Error::TooLarge { path: path.to_owned(), what: "the file", size, limit: MAX_DOCUMENT_BYTES };
        if size > MAX_DOCUMENT_BYTES {
            return Err(too_large(size));
        }
        // The size may change while the file is read (a log being written): read one byte past
        // the limit at most.
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        Document::from_bytes(path, id, bytes)
    }

    /// Warnings for what the analysis leaves out because no prose holds it: lines longer than
    /// [`MAX_LINE_BYTES`] and words longer than [`tokenize::MAX_TOKEN_BYTES`] (the tokenizer
    /// skips them; the text and its byte offsets stay those of the file), and copies of a
    /// sentence beyond [`MAX_SENTENCE_REPEATS`]. An empty document gets a warning too.
    pub fn bound_warnings(&self) -> Vec<Warning> {
        let mut warnings = self.line_warnings();
        warnings.extend(self.repeat_warning(tokenize::repeated_sentences(&self.text)));
        warnings
    }

    /// [`Document::bound_warnings`] but the repeated sentences', which needs the document
    /// tokenized: the lines and words left out, or an empty document.
    pub fn line_warnings(&self) -> Vec<Warning> {
        let path = Path::new(&self.path);
        let mut warnings = Vec::new();
        if self.text.trim().is_empty() {
            warnings.push(Warning::new(Some(path), "the file is empty (or only white space)"));
            return warnings;
        }
        let long: Vec<(usize, std::ops::Range<usize>)> = line_ranges(&self.text)
            .enumerate()
            .filter(|(_, r)| r.len() > MAX_LINE_BYTES)
            .map(|(k, r)| (k + 1, r))
            .collect();
        if let Some((first, r)) = long.first() {
            warnings.push(Warning::new(
                Some(path),
                &format!(
                    "line {first} is {} bytes long{}, over the limit of {MAX_LINE_BYTES} bytes per line; such \
                     lines are not prose (a log, minified or encoded data?) and were left out",
                    r.len(),
                    if long.len() > 1 { format!(" (and {} more)", long.len() - 1) } else { String::new() }
                ),
            ));
        }
        let max = tokenize::MAX_TOKEN_BYTES;
        let long_words = line_ranges(&self.text)
            .filter(|r| r.len() <= MAX_LINE_BYTES)
            .map(|r| self.text[r].split_whitespace().filter(|w| w.len() > max).count())
            .sum::<usize>();
        if long_words > 0 {
            warnings.push(Warning::new(
                Some(path),
                &format!(
                    "{long_words} word(s) longer than {max} bytes (encoded data, hashes, long URLs?) were left out"
                ),
            ));
        }
        warnings
    }

    /// The warning of [`Document::bound_warnings`] for `repeats` copies of sentences left out
    /// (see [`tokenize::repeated_sentences`]); none for none.
    pub fn repeat_warning(&self, repeats: usize) -> Option<Warning> {
        (repeats > 0).then(|| {
            Warning::new(
                Some(Path::new(&self.path)),
                &format!(
                    "{repeats} repeated sentence(s) were left out (each sentence is read at most \
                     {} times per document)",
                    tokenize::MAX_SENTENCE_REPEATS
                ),
            )
        })
    }

    /// A document from bytes read from `path`.
    ///
    /// # Errors
    /// As [`Document::read`], without the I/O errors.
    pub fn from_bytes(path: &Path, id: &str, bytes: Vec<u8>) -> Result<Document> {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Err(Error::NotText {
                path: path.to_owned(),
                reason: "it is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`".into(),
            });
        }
        let sha256 = sha256_hex(&bytes);
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if looks_binary(&bytes) {
                Error::NotText { path: path.to_owned(), reason: "it looks like a binary file, not text".into() }
            } else {
                Error::InvalidUtf8 { path: path.to_owned(), offset }
            }
        })?;
        if text.as_bytes().iter().take(8192).filter(|&&b| b == 0).count() > 16 {
            return Err(Error::NotText {
                path: path.to_owned(),
                reason: "it looks like a binary file, not text (it holds NUL bytes)".into(),
            });
        }
        Ok(Document { id: id.to_owned(), path: path_string(path), text, sha256 })
    }
}

/// Largest input file kg reads: 256 MiB. Larger files are refused before they are read (an
/// error when named on the command line, a skipped file with a warning when found in a folder).
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

pub use tokenize::{MAX_LINE_BYTES, MAX_SENTENCE_REPEATS, MAX_SENTENCE_TOKENS, MAX_TOKEN_BYTES};

/// Byte ranges of the lines of `text`, without their line breaks.
fn line_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0usize;
    text.split_inclusive('\n').map(move |line| {
        let start = at;
        at += line.len();
        start..start + line.trim_end_matches(['\n', '\r']).len()
    })
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let invalid = String::from_utf8_lossy(head).matches('\u{fffd}').count();
    nul > 0 || (head.len() >= 256 && invalid * 20 > head.len())
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The input files of a build: `.txt` and `.md` files, found recursively in folders, sorted by
/// path, each with a unique document id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// (path, document id), sorted by path.
    pub files: Vec<(PathBuf, String)>,
    /// Files skipped and why.
    pub warnings: Vec<Warning>,
}

/// Whether kg reads a file with this name.
pub fn is_input_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("txt" | "md" | "markdown")
    )
}

/// Collect the input files under `inputs` (files and folders).
///
/// # Errors
/// [`Error::Io`] for a path that does not exist or a folder that cannot be listed, and
/// [`Error::NoInput`] when nothing readable was found.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Inputs> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut warnings = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::MissingInput { path: input.clone() },
            _ => Error::Io { path: input.clone(), source },
        })?;
        if meta.is_dir() {
            let mut seen = std::collections::BTreeSet::new();
            walk(input, &mut files, &mut warnings, &mut seen, 0)?;
        } else if is_input_file(input) {
            files.push(input.clone());
        } else {
            warnings.push(Warning::new(Some(input), "skipped: not a .txt or .md file"));
        }
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        let skipped = warnings.iter().filter_map(|w| w.path.clone()).collect();
        return Err(Error::NoInput { inputs: inputs.to_vec(), skipped });
    }
    let mut taken = std::collections::BTreeMap::<String, usize>::new();
    let files = files
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let mut base = crate::slug(&stem);
            if base.is_empty() {
                base = "doc".into();
            }
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            (p, id)
        })
        .collect();
    Ok(Inputs { files, warnings })
}

/// Deepest folder nesting followed; deeper folders are skipped with a warning.
const MAX_DEPTH: usize = 64;

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    depth: usize,
) -> Result<()> {
    // Symlink loops: follow each real folder once.
    let real = std::fs::canonicalize(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    if !seen.insert(real) {
        warnings.push(Warning::new(Some(dir), "skipped: folder already visited (a symlink loop?)"));
        return Ok(());
    }
    if depth > MAX_DEPTH {
        warnings.push(Warning::new(Some(dir), "skipped: folders nested too deep"));
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_owned(), source })?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, warnings, seen, depth + 1)?,
            Ok(m) if is_input_file(&path) && !m.is_file() => {
                warnings.push(Warning::new(Some(&path), "skipped: not a regular file (a pipe, socket or device?)"))
            }
            Ok(_) if is_input_file(&path) => files.push(path),
            Ok(_) => warnings.push(Warning::new(Some(&path), "skipped: not a .txt or .md file")),
            Err(e) => {
                let broken = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                let why = if broken { format!("a broken symbolic link ({e})") } else { e.to_string() };
                warnings.push(Warning::new(Some(&path), &format!("skipped: {why}")))
            }
        }
    }
    Ok(())
}

/// The linguistic analysis of one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Tokens, in text order.
    pub tokens: Vec<Token>,
    /// One tag per token.
    pub tags: Vec<Tag>,
    /// Sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// Lemmas that differ from the token text: (token index, lemma), sorted by index.
    lemmas: Vec<(u32, Box<str>)>,
    /// By token: its lemma's index in `lemmas`, or [`NO_LEMMA`] (extraction asks for lemmas,
    /// and for sentences, token by token: a table spares a search each time).
    lemma_at: Vec<u32>,
    /// By token: the sentence [`Analysis::sentence_of`] gives.
    sentence_at: Vec<u32>,
    /// Copies of sentences left out as repeats (see [`tokenize::repeated_sentences`]).
    pub repeated_sentences: usize,
    /// The byte spans of all the sentences found, repeats included.
    pub sentence_spans: Vec<(u32, u32)>,
}

impl Analysis {
    /// The index of the sentence that holds token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        // The table's answer stands when it is the first sentence that ends after the token,
        // which it is unless the sentences were changed after the analysis.
        if let Some(&at) = self.sentence_at.get(i) {
            let at = at as usize;
            let first_after = |k: usize| {
                self.sentences.get(k).is_some_and(|s| s.tokens.end > i)
                    && (k == 0 || self.sentences[k - 1].tokens.end <= i)
            };
            if first_after(at) {
                return at;
            }
        }
        self.sentences.partition_point(|s| s.tokens.end <= i).min(self.sentences.len().saturating_sub(1))
    }

    /// Whether token `i` opens its sentence.
    pub fn starts_sentence(&self, i: usize) -> bool {
        self.sentences.get(self.sentence_of(i)).is_some_and(|s| s.tokens.start == i)
    }

    /// Whether token `i` is in a heading.
    pub fn in_heading(&self, i: usize) -> bool {
        self.sentences.get(self.sentence_of(i)).is_some_and(|s| s.heading && s.tokens.contains(&i))
    }

    /// The lemma of token `i` (its text when no rule changes it).
    pub fn lemma<'a>(&'a self, text: &'a str, i: usize) -> &'a str {
        match self.lemma_at.get(i) {
            Some(&NO_LEMMA) => return self.tokens[i].text(text),
            Some(&k) => return &self.lemmas[k as usize].1,
            None => {}
        }
        match self.lemmas.binary_search_by_key(&(i as u32), |(j, _)| *j) {
            Ok(k) => &self.lemmas[k].1,
            Err(_) => self.tokens[i].text(text),
        }
    }
}

/// [`Analysis::lemma_at`] of a token whose lemma is its text.
const NO_LEMMA: u32 = u32::MAX;

/// `s` lower-cased ([`str::to_lowercase`]), without a copy when it has no upper-case or non-ASCII
/// character.
pub fn lower_case(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Analyse `text`: sentences, tokens, part-of-speech tags and lemmas.
///
/// Never fails: any string gives an analysis.
pub fn analyze(text: &str) -> Analysis {
    let tokenize::Tokenized { tokens, sentences, repeats: repeated_sentences, spans: sentence_spans } =
        tokenize::tokenize_counting_repeats(text);
    let model = lexicon::tagger();
    let mut tags = Vec::with_capacity(tokens.len());
    let mut words: Vec<&str> = Vec::with_capacity(64);
    let mut word_scores = tagger::WordScores::for_tokens(tokens.len());
    for s in &sentences {
        words.clear();
        words.extend(tokens[s.tokens.clone()].iter().map(|t| t.text(text)));
        model.tag_with(&words, &mut tags, &mut word_scores);
        fix_heading_tags(s, &words, &mut tags);
        fix_name_runs(s, &words, &mut tags);
        fix_lexical_tags(&words, &mut tags);
        fix_main_verb(&words, &mut tags);
    }
    let mut lemmas = Vec::new();
    let mut lemma_at = Vec::with_capacity(tokens.len());
    for (i, (tok, tag)) in tokens.iter().zip(&tags).enumerate() {
        let word = tok.text(text);
        let lemma = lemma::lemmatize(word, *tag);
        if lemma != word {
            lemma_at.push(lemmas.len() as u32);
            lemmas.push((i as u32, lemma.into_owned().into_boxed_str()));
        } else {
            lemma_at.push(NO_LEMMA);
        }
    }
    // What the search in `sentence_of` finds: the first sentence that ends after the token,
    // else the last.
    let mut sentence_at = Vec::with_capacity(tokens.len());
    let mut k = 0;
    for i in 0..tokens.len() {
        while k < sentences.len() && sentences[k].tokens.end <= i {
            k += 1;
        }
        sentence_at.push(k.min(sentences.len().saturating_sub(1)) as u32);
    }
    Analysis { tokens, tags, sentences, lemmas, lemma_at, sentence_at, repeated_sentences, sentence_spans }
}

/// Title-case headings fool the tagger ("Leading AI Research and Innovation" is not a run of
/// proper nouns). In a heading, a capitalised word that WordNet knows as a common noun is NN/NNS.
fn fix_heading_tags(s: &Sentence, words: &[&str], tags: &mut [Tag]) {
    if !s.heading {
        return;
    }
    let base = tags.len() - words.len();
    let nnp = Tag::from_name("NNP").expect("tag");
    let nnps = Tag::from_name("NNPS").expect("tag");
    for (k, w) in words.iter().enumerate() {
        let t = tags[base + k];
        if t != nnp && t != nnps {
            continue;
        }
        let lower = w.to_lowercase();
        let singular = lemma::singular(&lower);
        let common = lexicon::wordnet(&singular, lexicon::Pos::Noun).is_some();
        let acronym = w.chars().filter(|c| c.is_uppercase()).count() > 1;
        if common && !acronym {
            tags[base + k] = Tag::from_name(if singular != lower { "NNS" } else { "NN" }).expect("tag");
        }
    }
    // "Balancing/NN Research and Product Development": a heading that opens with an "-ing" word
    // of an English verb, before a noun it does not form a compound with, opens with that verb.
    if let [first, next, ..] = words {
        let (t, n) = (tags[base], tags[base + 1]);
        let lower = first.to_lowercase();
        if matches!(t.name(), "NN" | "NNP" | "JJ")
            && (n.is_noun() || n.is_adjective())
            && lower.len() > 5
            && lower.ends_with("ing")
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && lexicon::wordnet(&lemma::verb_lemma(&lower), lexicon::Pos::Verb).is_some()
            && lexicon::wordnet(&format!("{lower} {}", lemma::singular(&next.to_lowercase())), lexicon::Pos::Noun)
                .is_none()
        {
            tags[base] = Tag::from_name("VBG").expect("tag");
        }
    }
}

/// In running text, two or more capitalised words in a row past the sentence's start are one
/// name, whatever the tagger made of each ("its handheld Shield/NN Portable/JJ", "the Tegra
/// Note/VB 7"). Headings, where every word is capitalised, are left alone, and so are function
/// words ("Bank of England" keeps its "of"; a capitalised "The" inside a title stays DT) and
/// hyphenated modifiers ("GPT-based API").
fn fix_name_runs(s: &Sentence, words: &[&str], tags: &mut [Tag]) {
    if s.heading {
        return;
    }
    let base = tags.len() - words.len();
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase()) && !w.contains('-')
    };
    // A word opens the sentence where it follows its start, an opening quote, a colon or a dash.
    let opens =
        |k: usize| k == 0 || matches!(words[k - 1], "\"" | "“" | "``" | "‘" | "'" | ":" | "-" | "—" | "–" | "(");
    let mut k = 0;
    while k < words.len() {
        let start = k;
        while k < words.len() && capitalised(words[k]) && !opens(k) && !lexicon::is_stopword(&lower_case(words[k])) {
            k += 1;
        }
        // "the Iranian Government": an adjective that opens the run keeps its tag, and what is
        // left must still be a run.
        let first = if k > start && tags[base + start].name() == "JJ" { start + 1 } else { start };
        if k - first >= 2 {
            for i in first..k {
                let t = tags[base + i];
                if !t.is_proper() {
                    tags[base + i] = Tag::from_name(if t.name() == "NNS" { "NNPS" } else { "NNP" }).expect("tag");
                }
            }
        }
        k = k.max(start + 1);
    }
}

/// An acronym the tagger read as a function word or a number ("Leading AI/IN Research",
/// "Ensuring AI/CD systems"), or as a content word English does not have: capitals that are no
/// function word and no Roman numeral.
fn is_misread_acronym(w: &str, t: Tag) -> bool {
    const FUNCTION: &[&str] = &[
        "IN", "ON", "AT", "OR", "AND", "TO", "IT", "US", "OF", "BY", "AS", "IF", "SO", "NO", "AN", "THE", "FOR", "BUT",
        "NOR", "UP", "WE", "HE", "ME", "MY", "ALL", "ANY", "THIS", "THAT", "BE", "IS", "DO", "ONE", "TWO", "OK", "NOT",
        "ARE", "WAS", "CAN", "MAY", "WILL", "HAS", "HAD", "HAVE",
    ];
    w.len() >= 2
        && w.len() <= 6
        && w.chars().all(|c| c.is_ascii_uppercase())
        && !FUNCTION.contains(&w)
        && !w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        && match t.name() {
            "IN" | "CD" | "DT" | "CC" => true,
            // "AMD (which had acquired ATI/RB)": read as a content word that English does not
            // have ("VERY", "HELP" and "GOOD" in capitals are what the tagger says).
            "RB" | "RBR" | "JJ" | "VB" | "VBD" | "VBN" | "VBP" | "VBZ" | "MD" => {
                let lower = w.to_ascii_lowercase();
                !lexicon::is_stopword(&lower)
                    && lexicon::wordnet(&lower, lexicon::Pos::Adjective).is_none()
                    && lexicon::wordnet(&lemma::verb_lemma(&lower), lexicon::Pos::Verb).is_none()
                    && lexicon::wordnet(&lower, lexicon::Pos::Noun).is_none()
            }
            _ => false,
        }
}

/// Whether `w` is an adjective or a comparative or superlative of one: "larger", "biggest",
/// "happier", "best".
fn is_graded_adjective(w: &str) -> bool {
    let adjective = |x: &str| lexicon::wordnet(x, lexicon::Pos::Adjective).is_some();
    if adjective(w) || lexicon::lemma_exceptions().contains_key(&(w, lexicon::Pos::Adjective)) {
        return true;
    }
    let Some(stem) = w.strip_suffix("est").or_else(|| w.strip_suffix("er")) else {
        return false;
    };
    let undoubled = stem.len() > 2 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
    adjective(stem)
        || adjective(&format!("{stem}e"))
        || stem.strip_suffix('i').is_some_and(|s| adjective(&format!("{s}y")))
        || undoubled && adjective(&stem[..stem.len() - 1])
}

/// "The study of logic led/VBN directly to ...": a sentence needs a finite verb, so when it has
/// none (nor a base form, as an imperative has), the first participle after a noun, or "-ed"
/// adjective after a plural noun whose stem is a verb, is the past tense.
fn fix_main_verb(words: &[&str], tags: &mut [Tag]) {
    let base = tags.len() - words.len();
    let tags = &mut tags[base..];
    // An infinitive ("to simulate") is no finite verb.
    let finite = |k: usize| match tags[k].name() {
        "VBD" | "VBZ" | "VBP" | "MD" => true,
        "VB" => k == 0 || tags[k - 1].name() != "TO",
        _ => false,
    };
    if words.last() != Some(&".") || (0..tags.len()).any(finite) {
        return;
    }
    // The noun may stand before an adverb or a parenthesis: "Farley and Clark (1954) first
    // used/VBN computational machines".
    let after_noun = |k: usize| {
        let mut j = k;
        while j > 0 && tags[j - 1].name() == "RB" {
            j -= 1;
        }
        if j > 0 && words[j - 1] == ")" {
            if let Some(open) = (0..j - 1).rev().find(|&i| words[i] == "(") {
                j = open;
            }
        }
        j > 0 && tags[j - 1].is_noun()
    };
    // "Many European nations chartered/JJ corporations": an "-ed" adjective after a plural noun
    // and before more of a phrase, when its stem is a verb.
    let past_adjective = |k: usize| {
        tags[k].name() == "JJ"
            && tags[k - 1].name() == "NNS"
            && k + 1 < tags.len()
            && (tags[k + 1].is_noun() || tags[k + 1].is_adjective() || tags[k + 1].name() == "DT")
            && words[k].ends_with("ed")
            && lexicon::wordnet(&lemma::verb_lemma(&words[k].to_ascii_lowercase()), lexicon::Pos::Verb).is_some()
    };
    if let Some(k) = (1..tags.len()).find(|&k| tags[k].name() == "VBN" && after_noun(k) || past_adjective(k)) {
        tags[k] = Tag::from_name("VBD").expect("tag");
    }
}

/// Titles of rulers and heads of state that may stand before a name ("King Henry VI").
pub(crate) const RULER_TITLES: &[&str] = &[
    "king",
    "queen",
    "emperor",
    "empress",
    "president",
    "pope",
    "tsar",
    "czar",
    "tsarina",
    "sultan",
    "pharaoh",
    "chancellor",
    "senator",
    "governor",
    "premier",
    "kaiser",
    "shah",
    "caliph",
];

/// Corrects tagger errors: acronyms read as function words, and two that WordNet settles. A
/// common noun that English has only as an adjective ("a visionary responsible/NN for") is an
/// adjective, and a phrase-initial "-ing" noun followed by an adjective or determiner takes an
/// object ("balancing/NN advanced research"), so it is a gerund.
fn fix_lexical_tags(words: &[&str], tags: &mut [Tag]) {
    let base = tags.len() - words.len();
    let (nn, nns) = (Tag::from_name("NN").expect("tag"), Tag::from_name("NNS").expect("tag"));
    for (k, w) in words.iter().enumerate() {
        let t = tags[base + k];
        if is_misread_acronym(w, t) {
            tags[base + k] = Tag::from_name("NNP").expect("tag");
            continue;
        }
        // "Edward IV", "Henry VII": a regnal number after a name belongs to it.
        if k > 0
            && !t.is_proper()
            && tags[base + k - 1].is_proper()
            && (2..=5).contains(&w.len())
            && w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
        {
            tags[base + k] = Tag::from_name("NNP").expect("tag");
            continue;
        }
        // "King/NNP Magnus Eriksson": a ruler's title before a name is the common noun of its class.
        if t.is_proper()
            && k + 1 < words.len()
            && tags[base + k + 1].is_proper()
            && words[k + 1].starts_with(|c: char| c.is_uppercase())
            && RULER_TITLES.contains(&&*w.to_lowercase())
        {
            tags[base + k] = nn;
            continue;
        }
        // "Regulatory efforts include ...": a capitalised first word that WordNet knows only as an
        // adjective, before a common noun, is that adjective.
        if k == 0 && t.is_proper() && k + 1 < words.len() && matches!(tags[base + 1].name(), "NN" | "NNS") {
            let lower = lower_case(w);
            if lower.bytes().all(|b| b.is_ascii_lowercase())
                && lexicon::wordnet(&lower, lexicon::Pos::Noun).is_none()
                && lexicon::wordnet(&lower, lexicon::Pos::Adjective).is_some()
            {
                tags[base] = Tag::from_name("JJ").expect("tag");
                continue;
            }
        }
        // "Nobel laureate Richard Willstätter": a lower-case word between capitalised names is a
        // common noun (a title before a name).
        let capitalised = |i: usize| words[i].starts_with(|c: char| c.is_uppercase()) && tags[base + i].is_proper();
        if t.is_proper()
            && k > 0
            && k + 1 < words.len()
            && capitalised(k - 1)
            && capitalised(k + 1)
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && lexicon::wordnet(w, lexicon::Pos::Noun).is_some()
        {
            tags[base + k] = if t.is_plural() { nns } else { nn };
            continue;
        }
        // "the Dutch East India Company defeated Portuguese forces": a past form after a name and
        // before the start of a noun phrase is the name's verb, not an adjective.
        if t.is_adjective()
            && k > 0
            && tags[base + k - 1].is_proper()
            && w.len() > 4
            && w.ends_with("ed")
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && k + 1 < words.len()
            && matches!(tags[base + k + 1].name(), "DT" | "PRP$" | "JJ" | "CD" | "NNS" | "NNP" | "NNPS")
            && lexicon::wordnet(&lemma::verb_lemma(w), lexicon::Pos::Verb).is_some()
        {
            tags[base + k] = Tag::from_name("VBD").expect("tag");
            continue;
        }
        // "molecules that decrease/NN enzyme activity": right after a relative pronoun, a bare
        // noun that English also has as a verb, before what a verb takes, is the clause's verb.
        if (t == nn || t == nns)
            && k >= 2
            && tags[base + k - 1].name() == "WDT"
            && tags[base + k - 2].is_noun()
            && k + 1 < words.len()
            && {
                let n = tags[base + k + 1];
                n.is_noun() || n.is_adjective() || matches!(n.name(), "DT" | "PRP$" | "PRP" | "CD")
            }
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && lexicon::wordnet(&lemma::verb_lemma(w), lexicon::Pos::Verb).is_some()
        {
            let plural_antecedent = tags[base + k - 2].is_plural();
            tags[base + k] = Tag::from_name(if t == nns || !plural_antecedent { "VBZ" } else { "VBP" }).expect("tag");
            continue;
        }
        // "the enzyme converts these into ...": a plural form after a singular noun and before an
        // object's determiner is the noun's verb.
        if t == nns
            && k > 0
            && tags[base + k - 1] == nn
            && k + 1 < words.len()
            && matches!(tags[base + k + 1].name(), "DT" | "PRP$" | "PRP")
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && lexicon::wordnet(&lemma::verb_lemma(w), lexicon::Pos::Verb).is_some()
        {
            tags[base + k] = Tag::from_name("VBZ").expect("tag");
            continue;
        }
        // "Interest/JJS in neural nets": a comparative or superlative of no English adjective is
        // the noun WordNet knows.
        if matches!(t.name(), "JJR" | "JJS") {
            let lower = lower_case(w);
            if lower.bytes().all(|b| b.is_ascii_lowercase()) && !is_graded_adjective(&lower) {
                let singular = lemma::singular(&lower);
                if lexicon::wordnet(&singular, lexicon::Pos::Noun).is_some() {
                    tags[base + k] = if singular != lower { nns } else { nn };
                    continue;
                }
            }
        }
        // "machine learning/VBG by", "Hebbian learning/VBG is": an "-ing" word after a modifier is
        // the head of its noun phrase when the pair is a noun WordNet knows, or when an
        // adjective or a name comes before it and no object after it.
        if t.name() == "VBG" && k > 0 && w.bytes().all(|b| b.is_ascii_lowercase()) {
            let p = tags[base + k - 1];
            let compound = (p == nn || p.is_adjective())
                && lexicon::wordnet(&format!("{} {w}", lower_case(words[k - 1])), lexicon::Pos::Noun).is_some();
            // Nothing after it that a verb takes: no object, particle or preposition.
            let no_object = k + 1 == words.len() || {
                let n = tags[base + k + 1];
                !(n.is_noun()
                    || n.is_adjective()
                    || matches!(n.name(), "DT" | "PRP$" | "PRP" | "CD" | "RB" | "TO" | "IN" | "RP"))
            };
            let modifier = matches!(p.name(), "JJ" | "NNP") && words[k - 1].len() > 2;
            if compound || (modifier && no_object && lexicon::wordnet(w, lexicon::Pos::Noun).is_some()) {
                tags[base + k] = nn;
                continue;
            }
            // "include reasoning/VBG, knowledge, planning, learning/VBG, ...": an "-ing" word
            // with nothing after it but a comma or a conjunction, after a finite verb other than
            // an auxiliary or after a comma that follows a noun, is an item of a list of nouns,
            // when English has it as a noun.
            let ends_item =
                k + 1 < words.len() && (matches!(words[k + 1], "," | ";") || tags[base + k + 1].name() == "CC");
            let after_verb = matches!(p.name(), "VBP" | "VBZ" | "VBD")
                && !matches!(
                    &*lower_case(words[k - 1]),
                    "is" | "are"
                        | "was"
                        | "were"
                        | "am"
                        | "be"
                        | "been"
                        | "has"
                        | "have"
                        | "had"
                        | "keep"
                        | "keeps"
                        | "kept"
                );
            let in_list = words[k - 1] == "," && k >= 2 && tags[base + k - 2].is_noun();
            if ends_item && (after_verb || in_list) && lexicon::wordnet(w, lexicon::Pos::Noun).is_some() {
                tags[base + k] = nn;
                continue;
            }
            // "used as switching/VBG elements": after "as", an "-ing" word that English also has
            // as a noun or an adjective, before a bare plural, modifies it.
            if words[k - 1].eq_ignore_ascii_case("as")
                && !(k >= 2 && matches!(words[k - 2], "such" | "well"))
                && k + 1 < words.len()
                && tags[base + k + 1] == nns
                && (lexicon::wordnet(w, lexicon::Pos::Noun).is_some()
                    || lexicon::wordnet(w, lexicon::Pos::Adjective).is_some())
            {
                tags[base + k] = nn;
                continue;
            }
        }
        if t != nn && t != nns {
            continue;
        }
        // Only plain words: lower-case ASCII, or a capitalised one at the start of a sentence.
        let lower: std::borrow::Cow<'_, str> =
            if w.bytes().all(|b| b.is_ascii_lowercase()) { (*w).into() } else { w.to_lowercase().into() };
        if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let noun = |x: &str| lexicon::wordnet(x, lexicon::Pos::Noun).is_some();
        if !noun(&lower)
            && !noun(&lemma::singular(&lower))
            && lexicon::wordnet(&lower, lexicon::Pos::Adjective).is_some()
        {
            tags[base + k] = Tag::from_name("JJ").expect("tag");
            continue;
        }
        let starts_phrase = k == 0 || {
            let p = tags[base + k - 1];
            !(p.is_adjective()
                || p.is_noun()
                || matches!(p.name(), "DT" | "PRP$" | "POS" | "CD" | "HYPH" | "VBN" | "VBG"))
        };
        let next_takes_object = k + 1 < words.len()
            && (tags[base + k + 1].is_adjective() || matches!(tags[base + k + 1].name(), "DT" | "PRP$"));
        if t == nn
            && starts_phrase
            && next_takes_object
            && lower.len() > 5
            && lower.ends_with("ing")
            && lexicon::wordnet(&lemma::verb_lemma(&lower), lexicon::Pos::Verb).is_some()
        {
            tags[base + k] = Tag::from_name("VBG").expect("tag");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(text: &str) -> String {
        let a = analyze(text);
        a.tokens
            .iter()
            .zip(&a.tags)
            .map(|(t, g)| format!("{}/{}", t.text(text), g.name()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tags_a_sentence() {
        assert_eq!(
            tagged("The CTO oversees the development of GPUs."),
            "The/DT CTO/NNP oversees/VBZ the/DT development/NN of/IN GPUs/NNS ./."
        );
    }

    #[test]
    fn a_superlative_of_no_adjective_is_a_noun() {
        assert!(tagged("Interest in neural nets was sparked.").starts_with("Interest/NN in/IN"));
        let graded = tagged("The biggest and happiest dogs are larger.");
        assert!(graded.contains("biggest/JJS") && graded.contains("larger/JJR"), "{graded}");
        assert!(is_graded_adjective("biggest") && is_graded_adjective("happier") && is_graded_adjective("best"));
        assert!(!is_graded_adjective("interest") && !is_graded_adjective("winter"));
    }

    #[test]
    fn a_sentence_without_a_finite_verb_has_a_past_tense() {
        let t = tagged("The study of logic led directly to the computer.");
        assert!(t.contains("led/VBD"), "{t}");
        // A heading keeps its participle: "Models trained on GPUs".
        assert!(tagged("Models trained on GPUs").contains("trained/VBN"));
        // An imperative has its verb.
        assert!(tagged("Use models trained on ImageNet.").contains("trained/VBN"));
    }

    #[test]
    fn an_ing_word_after_a_modifier_heads_its_noun_phrase() {
        let compound = tagged("Nets were overtaken in machine learning by kernels.");
        assert!(compound.contains("machine/NN learning/NN by/IN"), "{compound}");
        let named = tagged("Hebbian learning is a rule.");
        assert!(named.contains("learning/NN is/VBZ"), "{named}");
        // A verb keeps its object, particle or preposition.
        let verb = tagged("The company was still growing in Europe.");
        assert!(verb.contains("growing/VBG in/IN"), "{verb}");
        let particle = tagged("Why is Enron blowing up?");
        assert!(particle.contains("blowing/VBG"), "{particle}");
    }

    #[test]
    fn lemmas() {
        let text = "OpenAI's researchers trained models on GPUs.";
        let a = analyze(text);
        let lemmas: Vec<&str> = (0..a.tokens.len()).map(|i| a.lemma(text, i)).collect();
        assert_eq!(lemmas, ["OpenAI", "'s", "researcher", "train", "model", "on", "GPU", "."]);
    }

    #[test]
    fn utf8_errors_name_the_offset() {
        let err = Document::from_bytes(Path::new("x.txt"), "x", b"abc\xffdef".to_vec()).unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 3, .. }), "{err}");
        let err = Document::from_bytes(Path::new("x.txt"), "x", vec![0xff, 0xfe, b'a', 0]).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }
}
