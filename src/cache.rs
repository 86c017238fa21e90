//! The incremental build cache: each document's partial graph, kept between builds.
//!
//! This file owns the cache folder's layout and keys; `build` decides when to use it. An entry
//! is one file, `<key>.kgc`, named by the SHA-256 of the document's bytes, its id and path, the
//! ontology's hash, the extraction options, kg's version and the identity (size and modification
//! time) of the running executable, so that a changed document, ontology, option or program
//! misses. The entry holds the document's warnings and its partial graph in the sidecar encoding
//! (`export::kgb`), merge state included, so merging cached and fresh partial graphs gives the
//! same bytes as a build from scratch. After a build, entries of documents that are no longer
//! inputs are removed. A damaged entry is a miss, never an error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result, Warning};
use crate::export::{json, kgb};
use crate::extract::Options;
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::text::Document;

const EXTENSION: &str = "kgc";

/// An open cache folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    prefix: Vec<u8>,
    used: Mutex<BTreeSet<String>>,
    /// A write has failed (said once).
    failed: AtomicBool,
}

impl Cache {
    /// Open (and create) the cache folder `dir` for builds with `ontology` and `options`.
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be created.
    pub fn open(dir: &Path, ontology: &Ontology, options: &Options) -> Result<Cache> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut prefix =
            format!("kg-cache 1\nkg {}\nontology {}\noptions {options:?}\n", env!("CARGO_PKG_VERSION"), ontology.hash);
        // A rebuilt kg may extract differently with the same version number.
        if let Some(meta) = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()) {
            let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            prefix.push_str(&format!("exe {} {:?}\n", meta.len(), mtime));
        }
        Ok(Cache {
            dir: dir.to_owned(),
            prefix: prefix.into_bytes(),
            used: Mutex::new(BTreeSet::new()),
            failed: AtomicBool::new(false),
        })
    }

    fn key(&self, doc: &Document) -> String {
        let mut h = Sha256::new();
        h.update(&self.prefix);
        for part in [&doc.sha256, &doc.id, &doc.path] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        let digest = h.finalize();
        let key: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.used.lock().expect("no panics while holding the lock").insert(key.clone());
        key
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.{EXTENSION}"))
    }

    /// The cached partial graph and warnings of `doc`, if any.
    pub fn get(&self, doc: &Document) -> Option<(KnowledgeGraph, Vec<Warning>)> {
        let path = self.entry(&self.key(doc));
        let bytes = std::fs::read(&path).ok()?;
        let (warnings, rest) = decode_warnings(&bytes)?;
        let (_, _, g) = kgb::decode(rest).ok()?;
        Some((g, warnings))
    }

    /// Keep the partial graph and warnings of `doc`.
    ///
    /// # Errors
    /// [`Error::Io`] when the entry cannot be written.
    pub fn put(&self, doc: &Document, graph: &KnowledgeGraph, warnings: &[Warning]) -> Result<()> {
        let path = self.entry(&self.key(doc));
        let mut bytes = encode_warnings(warnings);
        bytes.extend(kgb::to_bytes(graph, json::WriteOptions { partial: true }, b""));
        let tmp = path.with_extension(format!("{EXTENSION}.tmp{}", std::process::id()));
        if let Err(e) = std::fs::write(&tmp, &bytes) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(&path, e));
        }
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }

    /// Whether this is the first failed [`Cache::put`] of the build (call it after each failure).
    pub fn first_failure(&self) -> bool {
        !self.failed.swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// Remove the entries that this build did not use (documents removed or changed).
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be listed or an entry removed.
    pub fn retain_used(&self) -> Result<()> {
        let used = self.used.lock().expect("no panics while holding the lock");
        let entries = std::fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&self.dir, e))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some(EXTENSION) {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            if !used.contains(stem) {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }
}

fn encode_warnings(warnings: &[Warning]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(warnings.len() as u32).to_le_bytes());
    for w in warnings {
        let path = w.path.as_ref().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        for s in [path.as_str(), w.message.as_str()] {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.push(u8::from(w.path.is_some()));
    }
    out
}

fn decode_warnings(bytes: &[u8]) -> Option<(Vec<Warning>, &[u8])> {
    let mut at = 0usize;
    let u32_at = |at: &mut usize| -> Option<usize> {
        let b = bytes.get(*at..*at + 4)?;
        *at += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    };
    let n = u32_at(&mut at)?;
    let mut warnings = Vec::new();
    for _ in 0..n {
        let mut parts = [String::new(), String::new()];
        for part in &mut parts {
            let len = u32_at(&mut at)?;
            *part = std::str::from_utf8(bytes.get(at..at + len)?).ok()?.to_owned();
            at += len;
        }
        let has_path = *bytes.get(at)? == 1;
        at += 1;
        let [path, message] = parts;
        warnings.push(Warning { path: has_path.then(|| PathBuf::from(path)), message });
    }
    Some((warnings, &bytes[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_round_trip() {
        let ws = vec![
            Warning { path: Some("a.txt".into()), message: "m".into() },
            Warning { path: None, message: "n".into() },
        ];
        let mut bytes = encode_warnings(&ws);
        bytes.push(7);
        let (back, rest) = decode_warnings(&bytes).unwrap();
        assert_eq!(back, ws);
        assert_eq!(rest, [7]);
        assert!(decode_warnings(&bytes[..5]).is_none());
    }
}
