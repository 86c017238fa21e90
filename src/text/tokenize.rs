//! Tokens and sentences: splits a document's text into sentences of tokens, with byte offsets.
//!
//! This file owns the tokenisation rules (Penn-Treebank-like: clitics split off, hyphenated
//! words kept whole, abbreviations keep their period) and the sentence rules (terminal
//! punctuation, abbreviations, decimals, quotes, and lines that stand alone: headings and list
//! items). Tagging and lemmas are left to `tagger` and `lemma`.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// One token: a byte span of the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

/// One sentence: a byte span and the range of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the sentence's first token.
    pub start: u32,
    /// Byte offset one past the sentence's last token.
    pub end: u32,
    /// Indices into the token list.
    pub tokens: Range<usize>,
    /// The sentence is a line of its own without terminal punctuation (a heading or a title).
    pub heading: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
}

/// The most tokens one sentence may have; longer runs are cut into pieces of this size.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// The longest line kg analyses, in bytes (1 MiB). Longer lines are not prose (logs, minified
/// or encoded data) and are skipped whole, as if they were blank; `Document::bound_warnings`
/// warns about them.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The longest token kg analyses, in bytes. Longer runs (encoded data, hashes, very long URLs)
/// are left out of the analysis; `Document::bound_warnings` warns about them.
pub const MAX_TOKEN_BYTES: usize = 256;

/// Abbreviations that keep their period (lower case, without the final period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "hon", "gen", "col", "capt", "lt", "sgt",
    "gov", "sen", "rep", "pres", "inc", "ltd", "co", "corp", "llc", "plc", "bros", "dept", "univ", "assn", "ave",
    "blvd", "rd", "vs", "etc", "al", "approx", "appt", "est", "fig", "figs", "vol", "vols", "no", "nos", "pp", "ed",
    "eds", "cf", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "ph.d", "b.c", "a.d",
    "viz", "op", "cit", "ibid", "esp", "incl", "min", "max", "misc", "dist",
];

/// The bytes of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let (mut n, mut i) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > n {
            n = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    n
};

/// Abbreviations that often end a sentence; after them a capitalised common word starts a new one.
const FINAL_ABBREVIATIONS: &[&str] =
    &["etc", "inc", "ltd", "co", "corp", "llc", "plc", "jr", "sr", "u.s", "u.k", "a.m", "p.m", "b.c", "a.d"];

/// Words that start sentences; after a final abbreviation they mark a boundary.
const SENTENCE_STARTERS: &[&str] = &[
    "the", "this", "that", "these", "those", "it", "its", "in", "a", "an", "he", "she", "they", "we", "i", "there",
    "as", "after", "at", "by", "for", "from", "on", "but", "however", "his", "her", "their", "our", "when", "while",
    "with", "since", "during", "although", "if",
];

/// How many times the same sentence is analysed in one document. Later copies (boilerplate,
/// logs, text pasted over and over) are left out, so that repetition neither inflates mention
/// counts nor costs time; `Document::bound_warnings` warns about them.
pub const MAX_SENTENCE_REPEATS: usize = 3;

/// Tokenise `text` and split it into sentences.
///
/// Offsets are byte offsets into `text`, always on char boundaries. Lines longer than
/// [`MAX_LINE_BYTES`], tokens longer than [`MAX_TOKEN_BYTES`] and copies of a sentence beyond
/// [`MAX_SENTENCE_REPEATS`] are left out.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<Sentence>) {
    let t = tokenize_counting_repeats(text);
    (t.tokens, t.sentences)
}

/// A text's tokens and sentences, with what [`tokenize`] left out as repeats.
#[derive(Debug)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    /// The sentences kept.
    pub sentences: Vec<Sentence>,
    /// How many sentences were left out as repeats (what [`repeated_sentences`] counts).
    pub repeats: usize,
    /// The byte spans of all the sentences found, repeats included (what [`count_repeats`]
    /// reads).
    pub spans: Vec<(u32, u32)>,
}

/// [`tokenize`], with how many sentences it left out as repeats (without splitting the text a
/// second time) and the spans of all the sentences it found.
pub fn tokenize_counting_repeats(text: &str) -> Tokenized {
    let (tokens, sentences) = split(text);
    let spans = sentences.iter().map(|s| (s.start, s.end)).collect();
    let ((tokens, sentences), repeats) = drop_repeats(text, tokens, sentences);
    Tokenized { tokens, sentences, repeats, spans }
}

/// How many sentences of `text` [`tokenize`] leaves out as repeats.
pub fn repeated_sentences(text: &str) -> usize {
    let (_, sentences) = split(text);
    count_repeats(text, sentences.iter().map(|s| (s.start as usize, s.end as usize)))
}

/// How many of the sentences of `text` at `spans` (byte offsets, in text order) are copies beyond
/// [`MAX_SENTENCE_REPEATS`]: given all the sentences [`tokenize`] finds, what it leaves out.
pub fn count_repeats(text: &str, spans: impl IntoIterator<Item = (usize, usize)>) -> usize {
    let mut seen = SentenceCounts::default();
    spans.into_iter().filter(|&(start, end)| !count_text(&text[start..end], &mut seen)).count()
}

/// Whether tokenizing each of `pieces` (consecutive ranges that cover `text`) finds the sentences
/// that tokenizing `text` whole finds: each piece but the last ends with a blank line (which
/// ends a block either way, and no block reads past its end), and each is hard-wrapped just when
/// the whole text is.
pub fn splits_alike(text: &str, pieces: &[Range<usize>]) -> bool {
    let wrapped = is_hard_wrapped(text);
    let n = pieces.len();
    pieces.iter().enumerate().all(|(i, r)| {
        let piece = &text[r.clone()];
        (i + 1 == n || piece.ends_with("\n\n")) && is_hard_wrapped(piece) == wrapped
    })
}

/// How many times each sentence text has been seen so far in a document.
type SentenceCounts<'t> = FxHashMap<&'t str, usize>;

/// Count sentence `s` in `seen`; whether this copy is within [`MAX_SENTENCE_REPEATS`].
fn count_sentence<'t>(text: &'t str, s: &Sentence, seen: &mut SentenceCounts<'t>) -> bool {
    count_text(&text[s.start as usize..s.end as usize], seen)
}

/// Count a sentence's text in `seen`; whether this copy is within [`MAX_SENTENCE_REPEATS`].
fn count_text<'t>(sentence: &'t str, seen: &mut SentenceCounts<'t>) -> bool {
    let n = seen.entry(sentence).or_insert(0);
    *n += 1;
    *n <= MAX_SENTENCE_REPEATS
}

/// Leave out the copies of a sentence beyond [`MAX_SENTENCE_REPEATS`]; also returns how many.
fn drop_repeats(text: &str, tokens: Vec<Token>, sentences: Vec<Sentence>) -> ((Vec<Token>, Vec<Sentence>), usize) {
    let mut seen = SentenceCounts::with_capacity_and_hasher(sentences.len(), Default::default());
    let keep: Vec<bool> = sentences.iter().map(|s| count_sentence(text, s, &mut seen)).collect();
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped == 0 {
        return ((tokens, sentences), 0);
    }
    let mut kept_tokens = Vec::with_capacity(tokens.len());
    let mut kept_sentences = Vec::with_capacity(sentences.len() - dropped);
    for (s, keep) in sentences.into_iter().zip(keep) {
        if keep {
            let first = kept_tokens.len();
            kept_tokens.extend_from_slice(&tokens[s.tokens.clone()]);
            kept_sentences.push(Sentence { tokens: first..kept_tokens.len(), ..s });
        }
    }
    ((kept_tokens, kept_sentences), dropped)
}

fn split(text: &str) -> (Vec<Token>, Vec<Sentence>) {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentences = Vec::new();
    let wrapped = is_hard_wrapped(text);
    let mut offset = 0usize;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .map(|line| {
            let at = offset;
            offset += line.len();
            (at, line)
        })
        .collect();
    // A block is a run of lines that belong to one paragraph; every block ends sentences.
    let mut block_start: Option<usize> = None;
    let mut block_end = 0usize;
    let flush = |from: usize, to: usize, tokens: &mut Vec<Token>, sentences: &mut Vec<Sentence>| {
        split_block(text, from, to, tokens, sentences);
    };
    for (i, &(at, line)) in lines.iter().enumerate() {
        if line.len() > MAX_LINE_BYTES + 2 || line.trim_end_matches(['\n', '\r']).len() > MAX_LINE_BYTES {
            if let Some(s) = block_start.take() {
                flush(s, block_end, &mut tokens, &mut sentences);
            }
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if let Some(s) = block_start.take() {
                flush(s, block_end, &mut tokens, &mut sentences);
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let (marker, heading) = line_marker(trimmed);
        let body_start = at + lead + marker;
        let body_end = at + content.trim_end().len();
        let stands_alone = heading
            || marker > 0
            || !wrapped
            || is_short_line(trimmed, wrapped)
            || lines.get(i + 1).is_some_and(|(_, next)| {
                if next.len() > MAX_LINE_BYTES {
                    return true;
                }
                let n = next.trim();
                n.is_empty() || line_marker(n).0 > 0 || line_marker(n).1
            });
        if marker > 0 || heading {
            if let Some(s) = block_start.take() {
                flush(s, block_end, &mut tokens, &mut sentences);
            }
        }
        if body_start >= body_end {
            continue;
        }
        if block_start.is_none() {
            block_start = Some(body_start);
        }
        block_end = body_end;
        if stands_alone {
            if let Some(s) = block_start.take() {
                flush(s, block_end, &mut tokens, &mut sentences);
            }
        }
    }
    if let Some(s) = block_start.take() {
        flush(s, block_end, &mut tokens, &mut sentences);
    }
    (tokens, sentences)
}

/// Text whose paragraphs run over several lines of similar width (Project Gutenberg, e-mail).
fn is_hard_wrapped(text: &str) -> bool {
    let mut lines = 0usize;
    let mut continued = 0usize;
    let mut longest = 0usize;
    let mut prev_nonempty = false;
    for line in text.lines().take(2000) {
        if line.len() > MAX_LINE_BYTES {
            continue;
        }
        let len = line.trim_end().chars().count();
        longest = longest.max(len);
        if len > 0 {
            lines += 1;
            if prev_nonempty {
                continued += 1;
            }
        }
        prev_nonempty = len > 0;
    }
    lines >= 4 && longest <= 100 && continued * 2 >= lines
}

fn is_short_line(line: &str, wrapped: bool) -> bool {
    wrapped && line.chars().count() < 40 && !line.ends_with([',', ';'])
}

/// Length in bytes of a list marker at the start of a trimmed line, and whether the line is a
/// Markdown heading (whose `#` marks are counted in the marker).
fn line_marker(line: &str) -> (usize, bool) {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b'#') {
        let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
        if hashes <= 6 && bytes.get(hashes).is_none_or(|b| *b == b' ') {
            let rest = &line[hashes..];
            return (hashes + (rest.len() - rest.trim_start().len()), true);
        }
    }
    for bullet in ["- ", "* ", "+ ", "• ", "– ", "· "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return (line.len() - rest.trim_start().len(), false);
        }
    }
    // "1. ", "12) ", "a) ", "iv. "
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let letters = if digits == 0 { bytes.iter().take_while(|b| b.is_ascii_lowercase()).count() } else { 0 };
    let n = digits.max(letters);
    if n > 0 && n <= 3 && (digits > 0 || letters == 1) {
        if let (Some(&p), Some(&b' ')) = (bytes.get(n), bytes.get(n + 1)) {
            if p == b')' || (p == b'.' && digits > 0) {
                let rest = &line[n + 2..];
                return (line.len() - rest.trim_start().len(), false);
            }
        }
    }
    (0, false)
}

/// Tokenise the block `text[from..to]` and append its sentences.
fn split_block(text: &str, from: usize, to: usize, tokens: &mut Vec<Token>, sentences: &mut Vec<Sentence>) {
    let first = tokens.len();
    tokenize_span(text, from, to, tokens);
    if tokens.len() == first {
        return;
    }
    let block = &text[from..to];
    // A heading: a line without terminal punctuation, or a paragraph of a few words ending in a
    // period ("History.", "Air and water quality.", as Wikipedia extracts write section titles).
    // Words are counted up to one past the most a heading may have: a paragraph is not counted
    // to its end.
    let words = block.split_whitespace().take(13).count();
    let heading = !block.contains('\n')
        && ((!block.trim_end().ends_with(['.', '!', '?', ':', ';', '"', '”', ')']) && words <= 12)
            || (block.trim_end().ends_with('.') && words <= 5 && !block.contains(". ")));
    let mut start = first;
    let mut i = first;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        let mut end_here = false;
        if matches!(t, "." | "!" | "?" | "..." | "…") || t.ends_with("?!") {
            end_here = next_starts_sentence(text, tokens, i + 1);
        } else if t.len() > 1 && t.ends_with('.') {
            // An abbreviation that may end the sentence ("... and so on etc. The next").
            let word = t[..t.len() - 1].to_ascii_lowercase();
            if FINAL_ABBREVIATIONS.contains(&word.as_str()) {
                end_here = tokens.get(i + 1).is_none_or(|n| {
                    let next = n.text(text);
                    next.starts_with(char::is_uppercase)
                        && SENTENCE_STARTERS.contains(&next.to_ascii_lowercase().as_str())
                });
            }
        }
        if end_here {
            // Closing quotes and brackets stay with the sentence they close.
            while i + 1 < tokens.len() && is_closer(tokens[i + 1].text(text)) {
                i += 1;
            }
        }
        if end_here || i + 1 - start >= MAX_SENTENCE_TOKENS || i + 1 == tokens.len() {
            sentences.push(Sentence {
                start: tokens[start].start,
                end: tokens[i].end,
                tokens: start..i + 1,
                heading: heading && i + 1 == tokens.len() && start == first,
            });
            start = i + 1;
        }
        i += 1;
    }
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | "''" | ")" | "]" | "}" | "»")
}

fn next_starts_sentence(text: &str, tokens: &[Token], next: usize) -> bool {
    let mut j = next;
    while j < tokens.len() && is_closer(tokens[j].text(text)) {
        j += 1;
    }
    let Some(tok) = tokens.get(j) else {
        return true;
    };
    // No space between "." and the next token: a URL or a number, not a boundary.
    if tokens[next].start == tokens[next - 1].end && j == next {
        return false;
    }
    let t = tok.text(text);
    let c = t.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '“' | '‘' | '(' | '[' | '\'' | '¿' | '¡')
        || !c.is_alphabetic() && !matches!(c, ',' | ';' | ':' | ')')
}

/// Tokenise `text[from..to]`, appending to `out`.
fn tokenize_span(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        let c = char_at(text, i);
        let clen = c.len_utf8();
        if c.is_whitespace() || c.is_control() || c == '\u{feff}' {
            i += clen;
            continue;
        }
        if c.is_alphanumeric() {
            let end = scan_word(text, i, to);
            if end - i <= MAX_TOKEN_BYTES {
                push_word(text, i, end, out);
            }
            i = end;
            continue;
        }
        // Punctuation: group runs of the same mark that read as one ("...", "--", "''", "?!").
        let mut end = i + clen;
        if matches!(c, '.' | '-' | '\'' | '`' | '!' | '?' | '=' | '*' | '_' | '~') {
            while end < to && (bytes[end] == c as u8 || (c == '?' && bytes[end] == b'!')) {
                end += 1;
            }
        }
        if end - i <= MAX_TOKEN_BYTES {
            out.push(Token { start: i as u32, end: end as u32 });
        }
        i = end;
    }
}

fn char_at(text: &str, i: usize) -> char {
    // Most text is ASCII: a byte below 0x80 is a whole char, with no slicing or decoding.
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

/// The char that ends at `i` (`' '` at `start`), as `text[start..i].chars().next_back()` reads it.
fn char_before(text: &str, start: usize, i: usize) -> char {
    match text.as_bytes()[start..i].last() {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[start..i].chars().next_back().unwrap_or(' '),
    }
}

/// End of a word starting at `start`: letters and digits, joined by inner hyphens, periods,
/// apostrophes, commas between digits, `&` and `/` between short capitalised parts.
fn scan_word(text: &str, start: usize, to: usize) -> usize {
    let mut i = start;
    let mut end = start;
    // URLs and e-mail addresses run to the next space.
    let rest = &text[start..to];
    if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") {
        let stop = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let url = rest[..stop].trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '!', '?', ']']);
        return start + url.len();
    }
    let bytes = text.as_bytes();
    while i < to {
        // ASCII letters and digits, most of a word, a byte at a time.
        if bytes[i].is_ascii_alphanumeric() {
            i += 1;
            end = i;
            continue;
        }
        let c = char_at(text, i);
        if c.is_alphanumeric() || is_combining(c) {
            i += c.len_utf8();
            end = i;
            continue;
        }
        let next = if i + c.len_utf8() < to { char_at(text, i + c.len_utf8()) } else { ' ' };
        let prev = char_before(text, start, i);
        let joins = match c {
            '-' | '\u{2010}' | '\u{2011}' => next.is_alphanumeric() && prev.is_alphanumeric(),
            '.' => {
                next.is_alphanumeric()
                    && (prev.is_ascii_digit() && next.is_ascii_digit() || is_dotted(text, start, i, to))
            }
            ',' => prev.is_ascii_digit() && next.is_ascii_digit() && digits_after(text, i + 1, to) == 3,
            '\'' | '’' => next.is_alphabetic() && prev.is_alphabetic(),
            '&' => prev.is_uppercase() && next.is_uppercase(),
            '/' => next.is_alphanumeric() && short_caps(&text[start..i]) && short_caps_ahead(text, i + 1, to),
            '@' => {
                next.is_alphanumeric() && text[start..i].chars().all(|c| c.is_alphanumeric() || c == '.' || c == '_')
            }
            _ => false,
        };
        if !joins {
            break;
        }
        i += c.len_utf8();
    }
    // A trailing period stays when the word is an abbreviation ("Inc.", "U.S.", "J.").
    if end < to && text.as_bytes()[end] == b'.' && keeps_period(&text[start..end], text, end + 1, to) {
        end += 1;
    }
    end
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f)
}

fn digits_after(text: &str, i: usize, to: usize) -> usize {
    text.as_bytes()[i..to].iter().take_while(|b| b.is_ascii_digit()).count()
}

/// "U.S.", "e.g.", "i.e.", "Ph.D.": single letters joined by periods, or a URL-like host name.
fn is_dotted(text: &str, start: usize, dot: usize, to: usize) -> bool {
    let before = &text[start..dot];
    let after_len = text[dot + 1..to].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum::<usize>();
    let after = &text[dot + 1..dot + 1 + after_len];
    let last_part = before.rsplit('.').next().unwrap_or(before);
    if last_part.chars().count() == 1 && after.chars().count() <= 2 && text[dot + 1 + after_len..to].starts_with('.') {
        return true;
    }
    // Host names and file names: "openai.com", "index.html", "node.js".
    matches!(
        after,
        "com" | "org" | "net" | "edu" | "gov" | "io" | "ai" | "js" | "html" | "py" | "rs" | "txt" | "md" | "uk" | "de"
    ) && !after.is_empty()
        && before.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn short_caps(s: &str) -> bool {
    let part = s.rsplit('/').next().unwrap_or(s);
    !part.is_empty() && part.len() <= 4 && part.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn short_caps_ahead(text: &str, i: usize, to: usize) -> bool {
    let part: String = text[i..to].chars().take_while(|c| c.is_alphanumeric()).collect();
    short_caps(&part)
}

fn keeps_period(word: &str, text: &str, after: usize, to: usize) -> bool {
    // Most words before a period are ASCII, longer than any abbreviation and hold no period:
    // none of the tests below can pass, and the word need not be lower-cased to know it.
    if word.len() > LONGEST_ABBREVIATION && word.is_ascii() && !word.contains('.') {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "U.S." at the end of a paragraph still keeps its period; so does "Inc.".
        return true;
    }
    let single_cap = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if single_cap {
        // An initial ("J. Smith"), not a sentence-final capital letter ("plan B.").
        let next = text[after..to].trim_start();
        return next.chars().next().is_some_and(char::is_uppercase);
    }
    // Dotted acronyms: the word already holds inner periods ("U.S", "e.g").
    word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2)
}

/// Append a word, splitting off clitics ("do" + "n't", "OpenAI" + "'s", "companies" + "'").
fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // The word ASCII-lower-cased with ’ as ': its length, and its last three chars (all a clitic
    // can end with), without copying the word.
    let mut buf = [0u8; 12];
    let (norm_len, tail) = if word.is_ascii() {
        // The common case, with no ’ and one byte per char: the tail is the last three bytes.
        let tail = &word.as_bytes()[word.len().saturating_sub(3)..];
        for (d, s) in buf.iter_mut().zip(tail) {
            *d = s.to_ascii_lowercase();
        }
        (word.len(), &buf[..tail.len()])
    } else {
        let norm_len = word.len() - 2 * word.matches('’').count();
        let tail_start = word.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        let mut n = 0;
        for c in word[tail_start..].chars() {
            let mut utf8 = [0u8; 4];
            let bytes: &[u8] = if c == '’' { b"'" } else { c.encode_utf8(&mut utf8).as_bytes() };
            for &b in bytes {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        (norm_len, &buf[..n])
    };
    // Every clitic holds an apostrophe: a tail without one ends in none of them.
    if !tail.contains(&b'\'') {
        out.push(Token { start: start as u32, end: end as u32 });
        return;
    }
    for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
        if tail.ends_with(clitic.as_bytes()) && norm_len > clitic.len() {
            let clitic_bytes = if word.contains('’') { clitic.len() + 2 } else { clitic.len() };
            let split = end - clitic_bytes;
            if text.is_char_boundary(split) {
                out.push(Token { start: start as u32, end: split as u32 });
                out.push(Token { start: split as u32, end: end as u32 });
                return;
            }
        }
    }
    out.push(Token { start: start as u32, end: end as u32 });
    // A plural possessive: "companies'" keeps the apostrophe as its own token.
    let after = text.as_bytes().get(end);
    let _ = after;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> String {
        let (t, s) = tokenize(text);
        s.iter()
            .map(|s| t[s.tokens.clone()].iter().map(|t| t.text(text)).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn clitics_split_as_a_copied_lower_case_word_would() {
        // The split `push_word` made when it lower-cased and straightened a copy of the word.
        fn copied(word: &str) -> Vec<(u32, u32)> {
            let norm = word.to_ascii_lowercase().replace('’', "'");
            for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
                if norm.ends_with(clitic) && norm.len() > clitic.len() {
                    let split = word.len() - if word.contains('’') { clitic.len() + 2 } else { clitic.len() };
                    if word.is_char_boundary(split) {
                        return vec![(0, split as u32), (split as u32, word.len() as u32)];
                    }
                }
            }
            vec![(0, word.len() as u32)]
        }
        let words = [
            "don't",
            "DON’T",
            "OpenAI’s",
            "OpenAI's",
            "'s",
            "’s",
            "s",
            "n't",
            "xn't",
            "we’ll",
            "I'M",
            "I’m",
            "é’s",
            "’’s",
            "naïve’d",
            "’",
            "''",
            "ab’",
            "Éd",
            "x’ré",
            "they’re’s",
            "a’s’",
        ];
        for w in words {
            let mut out = Vec::new();
            push_word(w, 0, w.len(), &mut out);
            let got: Vec<(u32, u32)> = out.iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(got, copied(w), "{w}");
        }
    }

    #[track_caller]
    fn check(text: &str, expect: &str) {
        assert_eq!(toks(text), expect, "input: {text:?}");
    }

    #[test]
    fn words_and_punctuation() {
        check("OpenAI's CTO doesn't stop.", "OpenAI 's CTO does n't stop .");
        check("It costs $3.5 million, or 1,000 units.", "It costs $ 3.5 million , or 1,000 units .");
        check("cutting-edge GPT-based APIs (I/O).", "cutting-edge GPT-based APIs ( I/O ) .");
        check("R&D at AT&T, e.g. here.", "R&D at AT&T , e.g. here .");
        check("See https://openai.com/research. Then go.", "See https://openai.com/research .\nThen go .");
        check("It’s OpenAI’s model.", "It ’s OpenAI ’s model .");
    }

    #[test]
    fn sentences() {
        check(
            "Dr. Smith works at Acme Inc. in Ohio. He likes it!",
            "Dr. Smith works at Acme Inc. in Ohio .\nHe likes it !",
        );
        check("The U.S. economy grew 2.5 percent. It slowed.", "The U.S. economy grew 2.5 percent .\nIt slowed .");
        check("He said \"stop.\" Then he left.", "He said \" stop . \"\nThen he left .");
        check("Tools, data, etc. The end.", "Tools , data , etc.\nThe end .");
        check("J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it .");
    }

    #[test]
    fn lines_and_lists() {
        let text = "The Role of the CTO\nThe CTO leads. This matters.\n1. Leading AI Research\n- Ensuring safety.\n- Promoting fairness\n## Heading here\n";
        check(
            text,
            "The Role of the CTO\nThe CTO leads .\nThis matters .\nLeading AI Research\nEnsuring safety .\nPromoting fairness\nHeading here",
        );
        let (_, s) = tokenize(text);
        assert!(s[0].heading);
        assert!(!s[1].heading);
    }

    #[test]
    fn wrapped_paragraphs_join() {
        let text = "It was the best of times, it was the worst of times, it was the age of\nwisdom, it was the age of foolishness, it was the epoch of belief, it\nwas the epoch of incredulity. It was the season of Light, it was the\nseason of Darkness.\n\nCHAPTER II\n\nThere were a king with a large jaw and a queen with a plain face.\n";
        let out = toks(text);
        assert_eq!(out.lines().count(), 4, "{out}");
        assert!(out.lines().next().unwrap().ends_with("incredulity ."));
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "Ünïcödé “quotes” — dashes… and 日本語 text.";
        let (t, _) = tokenize(text);
        for tok in t {
            assert!(text.is_char_boundary(tok.start as usize) && text.is_char_boundary(tok.end as usize));
        }
    }
}
