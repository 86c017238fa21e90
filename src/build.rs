//! Building: documents in, one finished graph out.
//!
//! This file owns the corpus-level pipeline: reading every input (via `text`), extracting each
//! document (via `extract`), and merging the extractions into one [`KnowledgeGraph`] (via `graph`).
//!
//! Documents are analysed in parallel on a rayon pool of [`BuildOptions::jobs`] threads. A
//! document longer than [`MAX_PIECE_BYTES`] is cut at paragraph breaks into pieces of about
//! [`PIECE_BYTES`], which are extracted in parallel too (a fixed rule, so the pieces do not depend
//! on the thread count). Each document gives a partial graph; partial graphs merge associatively
//! and commutatively, and [`KnowledgeGraph::finish`] lays the result out in canonical order, so
//! the output is byte-identical whatever the thread count and the order of the inputs.
//!
//! Input is streamed: workers read their files themselves and at most a few documents per thread
//! are in memory at once, so memory grows with the graph, not with the corpus. Results come back
//! to the calling thread, which merges them and reports progress.
//!
//! With [`BuildOptions::cache`], each document's partial graph is kept in a folder keyed by the
//! document's SHA-256, the ontology and the options (see [`crate::cache`]); a rebuild analyses
//! only new and changed documents, and documents no longer among the inputs drop out (a full
//! build also removes their entries; a partial build, whose folder other shards may share, does
//! not).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::cache::Cache;
use crate::error::{Error, Result, Warning};
use crate::extract::{extract, DocumentInfo, Extraction, Options};
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::text::tokenize::{count_repeats, repeated_sentences, splits_alike};
use crate::text::{collect_inputs, Document};

/// A document is cut into pieces of about this many bytes, at paragraph breaks...
pub const PIECE_BYTES: usize = 128 * 1024;
/// ...when it is longer than this (so ordinary articles stay whole).
pub const MAX_PIECE_BYTES: usize = 256 * 1024;

/// How a build runs (not what it finds: that is [`Options`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Keep each document's partial graph in this folder and reuse it when the document, the
    /// ontology and the options are unchanged.
    pub cache: Option<PathBuf>,
    /// Leave the graph unfinished, with its merge state (votes, all aliases), for `kg merge`.
    pub partial: bool,
}

/// What a build of files gives.
#[derive(Debug, Clone)]
pub struct Built {
    /// The finished graph (unfinished with [`BuildOptions::partial`]).
    pub graph: KnowledgeGraph,
    /// Skipped files, bounds hit.
    pub warnings: Vec<Warning>,
    /// Documents read.
    pub documents: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Documents whose partial graph came from the cache.
    pub cached: usize,
}

/// The graph of documents already in memory (in parallel, on rayon's global pool).
pub fn build_documents(docs: &[Document], ontology: &Ontology, options: &Options) -> KnowledgeGraph {
    let parts: Vec<KnowledgeGraph> = docs.par_iter().map(|d| document_graph(d, ontology, options).0).collect();
    let mut g = empty_graph(ontology);
    for part in parts {
        g.merge(part);
    }
    g.finish()
}

/// An empty graph that knows the ontology's symmetric relations.
pub fn empty_graph(ontology: &Ontology) -> KnowledgeGraph {
    KnowledgeGraph::new(ontology.relations.iter().filter(|r| r.symmetric).map(|r| r.name.clone()))
}

/// Byte ranges of the pieces `text` is analysed in: the whole text when it is at most
/// [`MAX_PIECE_BYTES`] long, else pieces that end after a blank line once they pass
/// [`PIECE_BYTES`] (after a line break when a piece finds no blank line within four times that).
pub fn pieces(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while bytes.len() - start > MAX_PIECE_BYTES {
        let from = start + PIECE_BYTES;
        let window = &bytes[from..bytes.len().min(from + 4 * PIECE_BYTES)];
        let cut = find(window, b"\n\n")
            .map(|i| from + i + 2)
            .or_else(|| window.iter().position(|&b| b == b'\n').map(|i| from + i + 1));
        match cut {
            Some(c) if c < bytes.len() => {
                out.push(start..c);
                start = c;
            }
            _ => break,
        }
    }
    out.push(start..bytes.len());
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The extraction of one document, piece by piece (in parallel), merged into a partial graph,
/// with the warnings of its analysis: the repeated sentences left out (the last of
/// [`Document::bound_warnings`]), then the extraction's. Evidence offsets are offsets into the
/// whole document.
pub fn document_graph(doc: &Document, ontology: &Ontology, options: &Options) -> (KnowledgeGraph, Vec<Warning>) {
    let ranges = pieces(&doc.text);
    let mut g = empty_graph(ontology);
    let mut warnings = Vec::new();
    if ranges.len() == 1 {
        let x = extract(doc, ontology, options);
        // A whole document's repeats are those its one extraction left out.
        warnings.extend(doc.repeat_warning(x.repeated_sentences));
        warnings.extend(x.warnings.iter().cloned());
        g.add_extraction(&x);
        return (g, warnings);
    }
    let info = DocumentInfo::of(doc);
    // Pieces count only their own repeats: the whole document's are counted from the sentences
    // the pieces found when they are the whole document's, else beside them.
    let (repeats, xs) = if splits_alike(&doc.text, &ranges) {
        let xs = document_pieces(doc, &ranges, &info, ontology, options);
        let spans = ranges.iter().zip(&xs).flat_map(|(r, x)| {
            x.sentence_spans.iter().map(|&(start, end)| (r.start + start as usize, r.start + end as usize))
        });
        (count_repeats(&doc.text, spans), xs)
    } else {
        rayon::join(|| repeated_sentences(&doc.text), || document_pieces(doc, &ranges, &info, ontology, options))
    };
    warnings.extend(doc.repeat_warning(repeats));
    for x in &xs {
        for w in &x.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        g.add_extraction(x);
    }
    (g, warnings)
}

/// The extractions of the pieces `ranges` of `doc`, in parallel, with whole-document offsets.
fn document_pieces(
    doc: &Document,
    ranges: &[Range<usize>],
    info: &DocumentInfo,
    ontology: &Ontology,
    options: &Options,
) -> Vec<Extraction> {
    ranges
        .par_iter()
        .map(|r| {
            let piece = Document {
                id: doc.id.clone(),
                path: doc.path.clone(),
                text: doc.text[r.clone()].to_owned(),
                sha256: String::new(),
            };
            let mut x = extract(&piece, ontology, options);
            for rel in &mut x.relations {
                rel.evidence.start += r.start;
                rel.evidence.end += r.start;
            }
            x.document = info.clone();
            x
        })
        .collect()
}

/// Build the graph of the `.txt` and `.md` files under `inputs`, with the default
/// [`BuildOptions`] (one thread per core, no cache).
///
/// `progress` is called on the calling thread after each document with (documents done, bytes
/// done).
///
/// # Errors
/// The first input that cannot be read, is not UTF-8 text, or is missing; no input at all.
pub fn build_paths(
    inputs: &[PathBuf],
    ontology: &Ontology,
    options: &Options,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Built> {
    build_paths_with(inputs, ontology, options, &BuildOptions::default(), progress)
}

/// [`build_paths`] with [`BuildOptions`]: threads, cache, partial output.
///
/// # Errors
/// As [`build_paths`]; also a cache folder that cannot be created.
pub fn build_paths_with(
    inputs: &[PathBuf],
    ontology: &Ontology,
    options: &Options,
    build: &BuildOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Built> {
    let found = collect_inputs(inputs)?;
    let mut warnings = found.warnings;
    // The cache only saves time: when it cannot be used, the build goes on without it.
    let cache = match &build.cache {
        Some(dir) => match Cache::open(dir, ontology, options) {
            Ok(c) => Some(c),
            Err(e) => {
                warnings.push(Warning::new(None, &format!("{e} (building without the cache)")));
                None
            }
        },
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(build.jobs)
        .build()
        .map_err(|e| Error::io(Path::new("(thread pool)"), std::io::Error::other(e)))?;
    let files = &found.files;
    // Documents after the first failure are skipped; those before it are still read, so that
    // the error reported is the first input's, as in a sequential build.
    let failed_at = AtomicUsize::new(usize::MAX);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<DocResult>)>(2 * pool.current_num_threads().max(1));
    let mut g = empty_graph(ontology);
    let mut doc_warnings: Vec<(usize, Vec<Warning>)> = Vec::new();
    let mut first_error: Option<(usize, Error)> = None;
    let (mut done, mut bytes, mut cached) = (0usize, 0u64, 0usize);
    let cache_ref = cache.as_ref();
    pool.in_place_scope(|scope| {
        let failed_at = &failed_at;
        scope.spawn(move |_| {
            files.par_iter().enumerate().for_each_with(tx, |tx, (k, (path, id))| {
                if k > failed_at.load(Ordering::Relaxed) {
                    return;
                }
                let r = document_result(path, id, ontology, options, cache_ref, inputs.contains(path));
                if r.is_err() {
                    failed_at.fetch_min(k, Ordering::Relaxed);
                }
                // The receiver only stops early when the calling thread panics.
                let _ = tx.send((k, r));
            });
        });
        for (k, r) in rx {
            match r {
                Ok(d) if d.skipped => doc_warnings.push((k, d.warnings)),
                Ok(d) => {
                    done += 1;
                    bytes += d.bytes;
                    cached += usize::from(d.cached);
                    if !d.warnings.is_empty() {
                        doc_warnings.push((k, d.warnings));
                    }
                    g.merge(d.graph);
                    progress(done, bytes);
                }
                Err(e) => {
                    if first_error.as_ref().is_none_or(|(j, _)| k < *j) {
                        first_error = Some((k, e));
                    }
                }
            }
        }
    });
    if let Some((_, e)) = first_error {
        return Err(e);
    }
    doc_warnings.sort_by_key(|(k, _)| *k);
    warnings.extend(doc_warnings.into_iter().flat_map(|(_, w)| w));
    if done == 0 {
        return Err(Error::NothingReadable { inputs: inputs.to_vec(), skipped: warnings });
    }
    // Shards of one corpus may share a cache folder; only a whole build knows what is unused.
    if let (Some(c), false) = (&cache, build.partial) {
        if let Err(e) = c.retain_used() {
            warnings.push(Warning::new(None, &format!("{e} (old cache entries were kept)")));
        }
    }
    let graph = pool.install(|| if build.partial { g.finish_partial() } else { g.finish() });
    Ok(Built { graph, warnings, documents: done, bytes, cached })
}

/// What [`merge_paths`] gives.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged graph (finished, or partial when asked).
    pub graph: KnowledgeGraph,
    /// Things to tell the user.
    pub warnings: Vec<Warning>,
}

/// Load the partial graphs `parts` (written by `kg build --partial`) and merge them, in parallel
/// and in a tree; the result is the same whatever the order of `parts` and the shape of the
/// tree, and the same as one build of all their documents. `partial` keeps the merge state for
/// further merges.
///
/// # Errors
/// A part that cannot be loaded; a document found in two parts.
pub fn merge_paths(parts: &[PathBuf], jobs: usize, partial: bool) -> Result<Merged> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::io(Path::new("(thread pool)"), std::io::Error::other(e)))?;
    let merged = pool.install(|| {
        parts
            .par_iter()
            .map(|p| crate::export::json::load(p).map(|g| (vec![p.clone()], g)))
            .try_reduce_with(|(mut pa, mut a), (pb, b)| {
                if let Some((id, _)) = b.documents.iter().find(|(id, _)| a.documents.contains_key(*id)) {
                    let path = pb[0].clone();
                    return Err(Error::Graph {
                        path,
                        line: 0,
                        column: 0,
                        message: format!(
                            "document '{id}' is also in {}; each document must be in one partial graph (give the shards distinct file names)",
                            pa.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
                a.merge(b);
                pa.extend(pb);
                Ok((pa, a))
            })
    });
    let Some(merged) = merged else {
        return Err(Error::NoInput { inputs: Vec::new(), skipped: Vec::new() });
    };
    let (_, g) = merged?;
    let graph = pool.install(|| if partial { g.finish_partial() } else { g.finish() });
    Ok(Merged { graph, warnings: Vec::new() })
}

/// One document's contribution to a build.
struct DocResult {
    graph: KnowledgeGraph,
    warnings: Vec<Warning>,
    bytes: u64,
    cached: bool,
    /// A file found in a folder that could not be read: only a warning.
    skipped: bool,
}

fn document_result(
    path: &Path,
    id: &str,
    ontology: &Ontology,
    options: &Options,
    cache: Option<&Cache>,
    named: bool,
) -> Result<DocResult> {
    // A file named on the command line must be read; one found in a folder is skipped with a
    // warning when it cannot be (binary, not UTF-8, too large, unreadable).
    // The repeated sentences' warning comes with the analysis (see `document_graph`), and is
    // cached with it.
    let (doc, mut warnings) = match Document::read_with_line_warnings(path, id) {
        Ok(r) => r,
        Err(e) if !named => {
            let warnings = vec![Warning::new(None, &format!("{e} (skipped)"))];
            return Ok(DocResult { graph: empty_graph(ontology), warnings, bytes: 0, cached: false, skipped: true });
        }
        Err(e) => return Err(e),
    };
    let bytes = doc.text.len() as u64;
    if let Some(c) = cache {
        if let Some((graph, cached_warnings)) = c.get(&doc) {
            warnings.extend(cached_warnings);
            return Ok(DocResult { graph, warnings, bytes, cached: true, skipped: false });
        }
    }
    let (graph, extract_warnings) = document_graph(&doc, ontology, options);
    if let Some(c) = cache {
        if let Err(e) = c.put(&doc, &graph, &extract_warnings) {
            // Said once per build: a full disk would otherwise give one warning per document.
            if c.first_failure() {
                warnings.push(Warning::new(None, &format!("{e} (the cache is not being updated)")));
            }
        }
    }
    warnings.extend(extract_warnings);
    Ok(DocResult { graph, warnings, bytes, cached: false, skipped: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_one_piece() {
        assert_eq!(pieces(""), vec![0..0]);
        assert_eq!(pieces("a\n\nb"), vec![0..4]);
    }

    #[test]
    fn long_texts_are_cut_after_blank_lines() {
        let para = format!("{}\n\n", "word ".repeat(1000));
        let text = para.repeat(200);
        let ps = pieces(&text);
        assert!(ps.len() > 1);
        assert_eq!(ps[0].start, 0);
        assert_eq!(ps.last().unwrap().end, text.len());
        for w in ps.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(text[..w[0].end].ends_with("\n\n"));
            assert!(w[0].len() >= PIECE_BYTES);
        }
        assert!(ps.last().unwrap().len() <= MAX_PIECE_BYTES);
    }

    #[test]
    fn pieces_that_split_alike_find_the_whole_texts_sentences() {
        use crate::text::tokenize::tokenize_counting_repeats;
        let paras = [
            "# Heading\n\nThe cat sat. The dog ran! Did it?\n- a list item\n- another one",
            "A paragraph that runs on. It says U.S. things, e.g. this. Again.",
            "The cat sat. The dog ran! Did it?",
            "short line\nnext line",
        ];
        let mut text = String::new();
        let mut k = 0;
        while text.len() < 4 * MAX_PIECE_BYTES {
            text.push_str(paras[k % paras.len()]);
            text.push_str("\n\n");
            k += 1;
        }
        let ranges = pieces(&text);
        assert!(ranges.len() > 2 && splits_alike(&text, &ranges));
        let whole = tokenize_counting_repeats(&text);
        let mut joined = Vec::new();
        for r in &ranges {
            let piece = tokenize_counting_repeats(&text[r.clone()]);
            joined.extend(piece.spans.iter().map(|&(s, e)| (s + r.start as u32, e + r.start as u32)));
        }
        assert_eq!(joined, whole.spans);
        let repeats = whole.repeats;
        assert!(repeats > 0);
        assert_eq!(count_repeats(&text, joined.iter().map(|&(s, e)| (s as usize, e as usize))), repeats);
        assert_eq!(repeated_sentences(&text), repeats);
        let crlf = text.replace('\n', "\r\n");
        assert!(!splits_alike(&crlf, &pieces(&crlf)));
    }

    #[test]
    fn a_text_without_breaks_stays_whole() {
        let text = "word ".repeat(100_000);
        assert_eq!(pieces(&text), vec![0..text.len()]);
    }
}
