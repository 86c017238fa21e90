//! The binary sidecar `graph.kgb`: the JSON graph's content in a form that loads fast.
//!
//! This file owns the sidecar's byte layout. A sidecar is never the only copy of a graph: it
//! mirrors, field for field, the JSON wire form that `json` writes (the same structs), and it
//! records a hash of the exact JSON bytes it was made from. [`json::load`](super::json::load)
//! uses the sidecar beside a `.json` file only when that hash matches the file's bytes, and reads
//! the JSON otherwise, so an edited, replaced or truncated JSON always wins. Loading either gives
//! the same graph, because both go through the same wire-to-graph conversion.
//!
//! Layout: the magic `KGB\x01`, the JSON's length and hash (u64 little-endian each), then the wire
//! graph: unsigned integers as LEB128 varints, floats as 8 little-endian bytes, strings as a
//! varint length and UTF-8 bytes, optional values behind a 0/1 byte, sequences and maps behind
//! their length. The same encoding keeps the build cache's per-document partial graphs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;

use super::json::{WireDocument, WireEdge, WireEvidence, WireGraph, WireMeta, WireNode};
use crate::graph::KnowledgeGraph;

const MAGIC: &[u8; 4] = b"KGB\x01";

/// The sidecar of a JSON graph file: the same path with the extension `kgb`.
pub fn sidecar_path(json: &Path) -> PathBuf {
    json.with_extension("kgb")
}

/// A fast streaming hash of a file's bytes, the same however the bytes are split into writes
/// (not cryptographic: it tells the JSON a sidecar was made from from any other).
#[derive(Debug, Clone, Default)]
pub struct ContentHasher {
    h: u64,
    tail: [u8; 8],
    filled: usize,
    len: u64,
}

impl ContentHasher {
    /// Add bytes.
    pub fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.filled > 0 {
            let take = (8 - self.filled).min(bytes.len());
            self.tail[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.tail));
            self.filled = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.word(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    #[inline]
    fn word(&mut self, w: u64) {
        self.h = (self.h.rotate_left(26) ^ w).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    /// (length, hash) of everything added.
    pub fn finish(&self) -> (u64, u64) {
        let mut h = self.clone();
        let mut last = [0u8; 8];
        last[..h.filled].copy_from_slice(&h.tail[..h.filled]);
        h.word(u64::from_le_bytes(last));
        h.word(h.len);
        let mut f = FxHasher::default();
        f.write_u64(h.h);
        (self.len, f.finish() ^ h.h.rotate_left(32))
    }
}

impl std::io::Write for ContentHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// (length, hash) of bytes, as [`ContentHasher`] gives them.
pub fn content_hash(bytes: &[u8]) -> (u64, u64) {
    let mut h = ContentHasher::default();
    h.update(bytes);
    h.finish()
}

/// The sidecar bytes of the JSON file `json` (as [`super::json::write()`] wrote `g` with `opts`).
pub fn to_bytes(g: &KnowledgeGraph, opts: super::json::WriteOptions, json: &[u8]) -> Vec<u8> {
    encode(&super::json::to_wire(g, opts, &BTreeMap::new()), content_hash(json))
}

/// The graph in the sidecar of `json_path`, when there is one made from `json_bytes`; `None` for
/// a missing, stale or unreadable sidecar (the caller then reads the JSON).
pub(crate) fn load_sidecar(json_path: &Path, json_bytes: &[u8]) -> Option<KnowledgeGraph> {
    let bytes = std::fs::read(sidecar_path(json_path)).ok()?;
    let (len, hash, wire) = decode(&bytes).ok()?;
    if (len, hash) != content_hash(json_bytes) {
        return None;
    }
    super::json::from_wire(wire, json_path).ok()
}

/// Encode a wire graph, recording the (length, hash) of the JSON bytes it mirrors.
pub(crate) fn encode(wire: &WireGraph<'_>, (len, hash): (u64, u64)) -> Vec<u8> {
    let mut w = Enc(Vec::with_capacity(1 << 16));
    w.0.extend_from_slice(MAGIC);
    w.0.extend_from_slice(&len.to_le_bytes());
    w.0.extend_from_slice(&hash.to_le_bytes());
    w.str(&wire.format);
    w.uint(wire.version);
    w.bool(wire.directed);
    w.bool(wire.multigraph);
    let m = &wire.graph;
    w.str(&m.generator);
    w.uint(m.documents.len() as u64);
    for d in &m.documents {
        w.str(&d.id);
        w.str(&d.path);
        w.str(&d.sha256);
        w.uint(d.bytes);
    }
    w.uint(m.symmetric.len() as u64);
    for s in &m.symmetric {
        w.str(s);
    }
    w.bool(m.partial);
    w.uint(wire.nodes.len() as u64);
    for n in &wire.nodes {
        w.str(&n.id);
        w.str(&n.label);
        w.str(&n.kind);
        w.uint(n.aliases.len() as u64);
        for a in &n.aliases {
            w.str(a);
        }
        w.uint(n.mentions);
        w.uint(n.alias_reasons.len() as u64);
        for (k, v) in &n.alias_reasons {
            w.str(k);
            w.str(v);
        }
        w.uint(n.coreferences.len() as u64);
        for (k, v) in &n.coreferences {
            w.str(k);
            w.uint(*v);
        }
        match n.community {
            Some(c) => {
                w.bool(true);
                w.uint(u64::from(c));
            }
            None => w.bool(false),
        }
        w.uint(n.scores.len() as u64);
        for (k, v) in &n.scores {
            w.str(k);
            w.float(*v);
        }
        w.uint(n.label_votes.len() as u64);
        for (k, v) in &n.label_votes {
            w.str(k);
            w.uint(*v);
        }
        w.uint(n.kind_votes.len() as u64);
        for (k, (s, c)) in &n.kind_votes {
            w.str(k);
            w.uint(u64::from(*s));
            w.uint(*c);
        }
    }
    w.uint(wire.edges.len() as u64);
    for e in &wire.edges {
        w.str(&e.source);
        w.str(&e.target);
        w.str(&e.relation);
        w.float(e.weight);
        w.opt_float(e.confidence);
        w.opt_float(e.reliability);
        w.uint(e.evidence.len() as u64);
        for ev in &e.evidence {
            w.str(&ev.doc);
            w.uint(ev.start);
            w.uint(ev.end);
            w.str(&ev.text);
        }
    }
    w.0
}

/// Why bytes are not a sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Corrupt(&'static str);

/// Decode sidecar bytes: (JSON length, JSON hash, wire graph borrowing from `bytes`).
pub(crate) fn decode(bytes: &[u8]) -> Result<(u64, u64, WireGraph<'_>), Corrupt> {
    let mut r = Dec { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(Corrupt("bad magic"));
    }
    let len = r.u64()?;
    let hash = r.u64()?;
    let format = r.str()?;
    let version = r.uint()?;
    let directed = r.bool()?;
    let multigraph = r.bool()?;
    let generator = r.str()?;
    let n = r.len()?;
    let mut documents = Vec::with_capacity(n);
    for _ in 0..n {
        documents.push(WireDocument { id: r.str()?, path: r.str()?, sha256: r.str()?, bytes: r.uint()? });
    }
    let n = r.len()?;
    let mut symmetric = Vec::with_capacity(n);
    for _ in 0..n {
        symmetric.push(r.str()?);
    }
    let partial = r.bool()?;
    let n = r.len()?;
    let mut nodes = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?;
        let label = r.str()?;
        let kind = r.str()?;
        let k = r.len()?;
        let mut aliases = Vec::with_capacity(k);
        for _ in 0..k {
            aliases.push(r.str()?);
        }
        let mentions = r.uint()?;
        let mut alias_reasons = BTreeMap::new();
        for _ in 0..r.len()? {
            alias_reasons.insert(r.str()?, r.str()?);
        }
        let mut coreferences = BTreeMap::new();
        for _ in 0..r.len()? {
            coreferences.insert(r.str()?, r.uint()?);
        }
        let community = if r.bool()? {
            Some(u32::try_from(r.uint()?).map_err(|_| Corrupt("community out of range"))?)
        } else {
            None
        };
        let mut scores = BTreeMap::new();
        for _ in 0..r.len()? {
            scores.insert(r.str()?.into_owned(), r.float()?);
        }
        let mut label_votes = BTreeMap::new();
        for _ in 0..r.len()? {
            label_votes.insert(r.str()?, r.uint()?);
        }
        let mut kind_votes = BTreeMap::new();
        for _ in 0..r.len()? {
            let k = r.str()?;
            let s = u8::try_from(r.uint()?).map_err(|_| Corrupt("kind strength out of range"))?;
            kind_votes.insert(k, (s, r.uint()?));
        }
        nodes.push(WireNode {
            id,
            label,
            kind,
            aliases,
            mentions,
            alias_reasons,
            coreferences,
            community,
            scores,
            label_votes,
            kind_votes,
        });
    }
    let n = r.len()?;
    let mut edges = Vec::with_capacity(n);
    for _ in 0..n {
        let source = r.str()?;
        let target = r.str()?;
        let relation = r.str()?;
        let weight = r.float()?;
        let confidence = r.opt_float()?;
        let reliability = r.opt_float()?;
        let k = r.len()?;
        let mut evidence = Vec::with_capacity(k);
        for _ in 0..k {
            evidence.push(WireEvidence { doc: r.str()?, start: r.uint()?, end: r.uint()?, text: r.str()? });
        }
        edges.push(WireEdge { source, target, relation, weight, confidence, reliability, evidence });
    }
    if r.at != bytes.len() {
        return Err(Corrupt("trailing bytes"));
    }
    let graph = WireMeta { generator, documents, symmetric, partial };
    Ok((len, hash, WireGraph { format, version, directed, multigraph, graph, nodes, edges }))
}

struct Enc(Vec<u8>);

impl Enc {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn float(&mut self, f: f64) {
        self.0.extend_from_slice(&f.to_le_bytes());
    }
    fn opt_float(&mut self, f: Option<f64>) {
        match f {
            Some(f) => {
                self.bool(true);
                self.float(f);
            }
            None => self.bool(false),
        }
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Dec<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        let end = self.at.checked_add(n).ok_or(Corrupt("length overflow"))?;
        let s = self.bytes.get(self.at..end).ok_or(Corrupt("truncated"))?;
        self.at = end;
        Ok(s)
    }
    fn u64(&mut self) -> Result<u64, Corrupt> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| Corrupt("short"))?))
    }
    fn uint(&mut self) -> Result<u64, Corrupt> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or(Corrupt("truncated"))?;
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Corrupt("varint too long"))
    }
    /// A length, which cannot exceed the bytes left (each element takes at least one byte).
    fn len(&mut self) -> Result<usize, Corrupt> {
        let n = self.uint()?;
        if n > (self.bytes.len() - self.at) as u64 {
            return Err(Corrupt("length past the end"));
        }
        Ok(n as usize)
    }
    fn bool(&mut self) -> Result<bool, Corrupt> {
        match self.take(1)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt("bad flag")),
        }
    }
    fn float(&mut self) -> Result<f64, Corrupt> {
        Ok(f64::from_le_bytes(self.take(8)?.try_into().map_err(|_| Corrupt("short"))?))
    }
    fn opt_float(&mut self) -> Result<Option<f64>, Corrupt> {
        Ok(if self.bool()? { Some(self.float()?) } else { None })
    }
    fn str(&mut self) -> Result<Cow<'a, str>, Corrupt> {
        let n = self.len()?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map(Cow::Borrowed).map_err(|_| Corrupt("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::{from_slice, to_string, WriteOptions};

    const SMALL: &str = r#"{"format":"kg-graph","version":1,"directed":true,"multigraph":true,
      "graph":{"generator":"test","documents":[{"id":"d","path":"d.txt","sha256":"00","bytes":3}]},
      "nodes":[{"id":"a","label":"A","kind":"Concept","aliases":["a1"],"mentions":2,"community":3},
               {"id":"b","label":"B","kind":"Goal","aliases":[],"mentions":1}],
      "edges":[{"source":"a","target":"b","relation":"promotes","weight":2,"evidence":[{"doc":"d","start":0,"end":3,"text":"abc"}]}]}"#;

    #[test]
    fn sidecar_gives_the_json_graph() {
        for partial in [false, true] {
            let opts = WriteOptions { partial };
            let g = from_slice(SMALL.as_bytes(), Path::new("g.json")).unwrap();
            let json = to_string(&g, opts);
            let bytes = to_bytes(&g, opts, json.as_bytes());
            let (len, hash, wire) = decode(&bytes).unwrap();
            assert_eq!((len, hash), content_hash(json.as_bytes()));
            let back = super::super::json::from_wire(wire, Path::new("g.json")).unwrap();
            assert_eq!(to_string(&back, opts), json);
        }
    }

    #[test]
    fn content_hash_ignores_how_bytes_are_split() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = content_hash(&data);
        for split in [1, 3, 7, 8, 9, 500] {
            let mut h = ContentHasher::default();
            for c in data.chunks(split) {
                h.update(c);
            }
            assert_eq!(h.finish(), whole, "split {split}");
        }
        assert_ne!(content_hash(&data[..999]), whole);
        let mut other = data.clone();
        other[500] ^= 1;
        assert_ne!(content_hash(&other), whole);
    }

    #[test]
    fn corrupt_sidecars_are_errors() {
        let g = from_slice(SMALL.as_bytes(), Path::new("g.json")).unwrap();
        let bytes = to_bytes(&g, WriteOptions::default(), b"{}");
        for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(&extra).is_err());
    }
}
