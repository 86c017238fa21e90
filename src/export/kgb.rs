//! The binary sidecar `graph.kgb`: the JSON graph's content in a form that loads fast.
//!
//! This file owns the sidecar's byte layout. A sidecar is never the only copy of a graph: it
//! mirrors, field for field, the JSON wire form that `json` writes (the same structs), and it
//! records a hash of the exact JSON bytes it was made from. [`json::load`](super::json::load)
//! uses the sidecar beside a `.json` file only when that hash matches the file's bytes, and reads
//! the JSON otherwise, so an edited, replaced or truncated JSON always wins. Loading either gives
//! the same graph, because both go through the same wire-to-graph conversion.
//!
//! Layout (version 2): the magic `KGB\x02`, the JSON's length and hash (u64 little-endian each),
//! then the graph as loading the JSON gives it: a table of repeated short strings (kinds, alias
//! reasons, relations, document ids) that later fields name by position, the generator, the
//! documents, the symmetric relations, the nodes in id order, and the edges in canonical order
//! with their ends as node positions. Unsigned integers are LEB128 varints, floats 8
//! little-endian bytes, strings a varint length and UTF-8 bytes, optional values behind a 0/1
//! byte, sequences and maps behind their length. Both sides stream: writing goes through a small
//! buffer, and reading decodes straight into the graph, so neither holds the file in memory. The
//! same encoding keeps the build cache's per-document partial graphs.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHasher};

use super::json::WriteOptions;
use crate::extract::{DocumentInfo, Evidence};
use crate::graph::{Edge, KnowledgeGraph, Node, VecMap};
use crate::text::SharedStr;

const MAGIC: &[u8; 4] = b"KGB\x02";

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
pub fn to_bytes(g: &KnowledgeGraph, opts: WriteOptions, json: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    write(g, opts, content_hash(json), &mut out).expect("writing to memory does not fail");
    out
}

/// Sidecar bytes of `g` (as [`write`] writes them) whose header does not yet hold the JSON's
/// (length, hash): for encoding the sidecar while the JSON is still being written.
pub(crate) fn to_bytes_unhashed(g: &KnowledgeGraph, opts: WriteOptions) -> Vec<u8> {
    let mut out = Vec::new();
    write(g, opts, (0, 0), &mut out).expect("writing to memory does not fail");
    out
}

/// Put the (length, hash) of the JSON bytes that sidecar `bytes` mirror into its header.
pub(crate) fn set_json_hash(bytes: &mut [u8], (len, hash): (u64, u64)) {
    let at = MAGIC.len();
    bytes[at..at + 8].copy_from_slice(&len.to_le_bytes());
    bytes[at + 8..at + 16].copy_from_slice(&hash.to_le_bytes());
}

/// The graph in the sidecar of the JSON file `json_path` (of `json_len` bytes), when there is one
/// made from exactly that file's bytes; `None` for a missing, stale or unreadable sidecar (the
/// caller then reads the JSON). The JSON is hashed on a second thread while the sidecar decodes.
pub(crate) fn load_sidecar(json_path: &Path, json_len: u64) -> Option<KnowledgeGraph> {
    let file = std::fs::File::open(sidecar_path(json_path)).ok()?;
    let size = file.metadata().ok()?.len();
    let mut r = Dec::new(file, size);
    let (len, hash) = r.header().ok()?;
    if len != json_len {
        return None;
    }
    std::thread::scope(|scope| {
        let hashed = scope.spawn(|| hash_file(json_path));
        let g = r.graph();
        let matches = hashed.join().ok().flatten() == Some((len, hash));
        g.ok().filter(|_| matches)
    })
}

/// (length, hash) of a file's bytes, read in pieces.
fn hash_file(path: &Path) -> Option<(u64, u64)> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = ContentHasher::default();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Some(h.finish()),
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Decode sidecar bytes (or a cache entry's graph): (JSON length, JSON hash, graph).
pub(crate) fn decode(bytes: &[u8]) -> Result<(u64, u64, KnowledgeGraph), Corrupt> {
    let mut r = Dec::new(bytes, bytes.len() as u64);
    let (len, hash) = r.header()?;
    Ok((len, hash, r.graph()?))
}

/// Write the sidecar of `g` (as [`super::json::write()`] writes it with `opts`), recording the
/// (length, hash) of the JSON bytes it mirrors. What is stored is the graph that loading the
/// JSON gives (its votes, reliabilities and symmetric relations as the loader derives them), so
/// that decoding is a copy.
pub(crate) fn write(
    g: &KnowledgeGraph,
    opts: WriteOptions,
    (len, hash): (u64, u64),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // The table of repeated short strings (kinds, alias reasons, relations, documents), by
    // first use.
    let mut table = Table::default();
    let nodes: Vec<_> = g.nodes_sorted().collect();
    for &i in &nodes {
        let n = g.node(i);
        table.id(&n.kind);
        for reason in n.aliases.values() {
            table.id(reason);
        }
        for kind in n.kind_votes.keys() {
            table.id(kind);
        }
    }
    let edges = g.edges_sorted();
    for &e in &edges {
        let (_, _, edge) = g.edge(e);
        table.id(&edge.relation);
        for ev in &edge.evidence {
            table.id(&ev.doc);
        }
    }
    let mut w = Enc { buf: Vec::with_capacity(1 << 16), out };
    w.buf.extend_from_slice(MAGIC);
    w.buf.extend_from_slice(&len.to_le_bytes());
    w.buf.extend_from_slice(&hash.to_le_bytes());
    w.uint(table.strings.len() as u64);
    for s in &table.strings {
        w.str(s);
    }
    w.str(&g.generator);
    w.uint(g.documents.len() as u64);
    for d in g.documents.values() {
        w.str(&d.id);
        w.str(&d.path);
        w.str(&d.sha256);
        w.uint(d.bytes);
    }
    let symmetric = loaded_symmetric(g.symmetric.iter().map(String::as_str).filter(|_| opts.partial));
    w.uint(symmetric.len() as u64);
    for s in &symmetric {
        w.str(s);
    }
    w.uint(nodes.len() as u64);
    let mut position = vec![0u64; g.node_count()];
    for (k, &i) in nodes.iter().enumerate() {
        position[i.index()] = k as u64;
        let n = g.node(i);
        w.str(&n.id);
        w.str(&n.label);
        w.uint(table.get(&n.kind));
        w.uint(n.aliases.len() as u64);
        for (a, reason) in &n.aliases {
            w.str(a);
            w.uint(table.get(reason));
        }
        w.uint(n.coreferences.len() as u64);
        for (k, v) in &n.coreferences {
            w.str(k);
            w.uint(*v);
        }
        w.uint(n.mentions);
        match n.community {
            Some(c) => {
                w.bool(true);
                w.uint(u64::from(c));
            }
            None => w.bool(false),
        }
        let votes = n.mentions.max(1);
        if opts.partial && !n.label_votes.is_empty() {
            w.uint(n.label_votes.len() as u64);
            for (k, v) in &n.label_votes {
                w.str(k);
                w.uint(*v);
            }
        } else {
            w.uint(1);
            w.str(&n.label);
            w.uint(votes);
        }
        if opts.partial && !n.kind_votes.is_empty() {
            w.uint(n.kind_votes.len() as u64);
            for (k, (s, c)) in &n.kind_votes {
                w.uint(table.get(k));
                w.uint(u64::from(*s));
                w.uint(*c);
            }
        } else {
            w.uint(1);
            w.uint(table.get(&n.kind));
            w.uint(u64::from(u8::MAX));
            w.uint(votes);
        }
        w.flush_some()?;
    }
    w.uint(edges.len() as u64);
    for &e in &edges {
        let (s, t, edge) = g.edge(e);
        w.uint(position[s.index()]);
        w.uint(position[t.index()]);
        w.uint(table.get(&edge.relation));
        w.float(edge.weight);
        let reliability =
            if opts.partial { edge.reliability } else { super::json::reliability_from(edge.confidence(), edge.weight) };
        w.float(reliability);
        w.uint(edge.evidence.len() as u64);
        for ev in &edge.evidence {
            w.uint(table.get(&ev.doc));
            w.uint(ev.start as u64);
            w.uint(ev.end as u64);
            w.str(&ev.text);
        }
        w.flush_some()?;
    }
    w.out.write_all(&w.buf)?;
    w.out.flush()
}

/// The symmetric relations of a loaded graph: those the file names, and the two of the default
/// ontology.
pub(crate) fn loaded_symmetric<'a>(named: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    named.into_iter().chain(["related_to", "collaborates_with"]).map(str::to_owned).collect()
}

/// Short strings stored once, by first use.
#[derive(Default)]
struct Table<'g> {
    ids: FxHashMap<&'g str, u64>,
    strings: Vec<&'g str>,
}

impl<'g> Table<'g> {
    fn id(&mut self, s: &'g str) {
        if !self.ids.contains_key(s) {
            self.ids.insert(s, self.strings.len() as u64);
            self.strings.push(s);
        }
    }
    fn get(&self, s: &str) -> u64 {
        self.ids[s]
    }
}

/// Why bytes are not a sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Corrupt(&'static str);

struct Enc<'w> {
    buf: Vec<u8>,
    out: &'w mut dyn Write,
}

impl Enc<'_> {
    /// Hand the buffer to the writer once it holds enough.
    fn flush_some(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.buf.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.buf.push(n as u8);
    }
    fn bool(&mut self, b: bool) {
        self.buf.push(u8::from(b));
    }
    fn float(&mut self, f: f64) {
        self.buf.extend_from_slice(&f.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
}

/// A decoder over a reader, through a buffer.
struct Dec<R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes not yet decoded (buffered or not), from the file's size.
    left: u64,
}

const BUFFER: usize = 1 << 18;

impl<R: Read> Dec<R> {
    fn new(r: R, size: u64) -> Dec<R> {
        Dec { r, buf: vec![0u8; BUFFER].into_boxed_slice(), pos: 0, end: 0, left: size }
    }

    /// Make `n` (at most [`BUFFER`]) bytes available.
    fn fill(&mut self, n: usize) -> Result<(), Corrupt> {
        if self.end - self.pos >= n {
            return Ok(());
        }
        if n as u64 > self.left {
            return Err(Corrupt("truncated"));
        }
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        while self.end < n {
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(0) => return Err(Corrupt("truncated")),
                Ok(k) => self.end += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Corrupt("unreadable")),
            }
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<&[u8], Corrupt> {
        self.fill(n)?;
        let at = self.pos;
        self.pos += n;
        self.left = self.left.saturating_sub(n as u64);
        Ok(&self.buf[at..at + n])
    }

    fn u64(&mut self) -> Result<u64, Corrupt> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    fn uint(&mut self) -> Result<u64, Corrupt> {
        // Up to 10 bytes; fewer when the data ends sooner.
        let _ = self.fill((self.left.min(10)) as usize);
        let mut n = 0u64;
        for (k, shift) in (0..64).step_by(7).enumerate() {
            let b = *self.buf[self.pos..self.end].get(k).ok_or(Corrupt("truncated"))?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                self.pos += k + 1;
                self.left = self.left.saturating_sub(k as u64 + 1);
                return Ok(n);
            }
        }
        Err(Corrupt("varint too long"))
    }

    /// A length, which cannot exceed the bytes left (each element takes at least one byte).
    fn len(&mut self) -> Result<usize, Corrupt> {
        let n = self.uint()?;
        if n > self.left {
            return Err(Corrupt("length past the end"));
        }
        usize::try_from(n).map_err(|_| Corrupt("length past the end"))
    }

    fn bool(&mut self) -> Result<bool, Corrupt> {
        match self.take(1)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt("bad flag")),
        }
    }

    fn float(&mut self) -> Result<f64, Corrupt> {
        Ok(f64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    fn str(&mut self) -> Result<String, Corrupt> {
        let n = self.len()?;
        if n > BUFFER {
            return self.long_str(n);
        }
        std::str::from_utf8(self.take(n)?).map(str::to_owned).map_err(|_| Corrupt("invalid UTF-8"))
    }

    /// A string, in one allocation.
    fn shared_str(&mut self) -> Result<SharedStr, Corrupt> {
        let n = self.len()?;
        if n > BUFFER {
            return self.long_str(n).map(SharedStr::from);
        }
        std::str::from_utf8(self.take(n)?).map(SharedStr::from).map_err(|_| Corrupt("invalid UTF-8"))
    }

    /// A string of `n` bytes, longer than the buffer.
    fn long_str(&mut self, n: usize) -> Result<String, Corrupt> {
        let bytes = {
            let mut v = Vec::with_capacity(n);
            v.extend_from_slice(&self.buf[self.pos..self.end]);
            self.left = self.left.saturating_sub((self.end - self.pos) as u64);
            self.pos = self.end;
            let rest = n - v.len();
            (&mut self.r).take(rest as u64).read_to_end(&mut v).map_err(|_| Corrupt("unreadable"))?;
            if v.len() != n {
                return Err(Corrupt("truncated"));
            }
            self.left = self.left.saturating_sub(rest as u64);
            v
        };
        String::from_utf8(bytes).map_err(|_| Corrupt("invalid UTF-8"))
    }

    /// An index into a table of `n` entries.
    fn index(&mut self, n: usize) -> Result<usize, Corrupt> {
        let i = self.uint()?;
        if i >= n as u64 {
            return Err(Corrupt("index out of range"));
        }
        Ok(i as usize)
    }

    fn header(&mut self) -> Result<(u64, u64), Corrupt> {
        if self.take(4)? != MAGIC {
            return Err(Corrupt("bad magic"));
        }
        Ok((self.u64()?, self.u64()?))
    }

    /// The graph after the header.
    fn graph(&mut self) -> Result<KnowledgeGraph, Corrupt> {
        let n = self.len()?;
        let mut table = Vec::with_capacity(n);
        for _ in 0..n {
            table.push(self.str()?);
        }
        let generator = self.str()?;
        let mut documents = BTreeMap::new();
        for _ in 0..self.len()? {
            let d = DocumentInfo { id: self.str()?, path: self.str()?, sha256: self.str()?, bytes: self.uint()? };
            documents.insert(d.id.clone(), d);
        }
        let mut symmetric = BTreeSet::new();
        for _ in 0..self.len()? {
            symmetric.insert(self.str()?);
        }
        let n = self.len()?;
        let mut nodes = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.str()?;
            let label = self.str()?;
            let kind = table[self.index(table.len())?].clone();
            let mut aliases = VecMap::new();
            for _ in 0..self.len()? {
                let a = self.str()?;
                aliases.insert(a, table[self.index(table.len())?].clone());
            }
            let mut coreferences = VecMap::new();
            for _ in 0..self.len()? {
                coreferences.insert(self.str()?, self.uint()?);
            }
            let mentions = self.uint()?;
            let community = if self.bool()? {
                Some(u32::try_from(self.uint()?).map_err(|_| Corrupt("community out of range"))?)
            } else {
                None
            };
            let mut label_votes = VecMap::new();
            for _ in 0..self.len()? {
                label_votes.insert(self.str()?, self.uint()?);
            }
            let mut kind_votes = VecMap::new();
            for _ in 0..self.len()? {
                let k = table[self.index(table.len())?].clone();
                let s = u8::try_from(self.uint()?).map_err(|_| Corrupt("kind strength out of range"))?;
                kind_votes.insert(k, (s, self.uint()?));
            }
            nodes.push(Node { id, label, kind, aliases, coreferences, mentions, community, label_votes, kind_votes });
        }
        let m = self.len()?;
        let mut g = KnowledgeGraph::from_sorted_nodes(nodes, m, documents, generator, symmetric)
            .ok_or(Corrupt("nodes out of order"))?;
        let symmetric: Vec<bool> = table.iter().map(|r| g.is_symmetric(r)).collect();
        let shared: Vec<SharedStr> = table.iter().map(|s| SharedStr::from(s.as_str())).collect();
        // Edges come in canonical order; should one not (a file not written by kg), it and the
        // rest are merged as the JSON loader merges them.
        let mut canonical = true;
        let mut last: Option<(usize, usize, usize)> = None;
        for _ in 0..m {
            let s = self.index(n)?;
            let t = self.index(n)?;
            let r = self.index(table.len())?;
            let weight = self.float()?;
            if !weight.is_finite() || weight <= 0.0 {
                return Err(Corrupt("weight not positive"));
            }
            let reliability = self.float()?;
            let k = self.len()?;
            let mut evidence = Vec::with_capacity(k);
            for _ in 0..k {
                let doc = shared[self.index(table.len())?].clone();
                let start = self.uint()? as usize;
                let end = self.uint()? as usize;
                evidence.push(Evidence { doc, start, end, text: self.shared_str()? });
            }
            let edge = Edge { relation: shared[r].clone(), weight, evidence, reliability };
            canonical = canonical
                && !(symmetric[r] && t < s)
                && last.is_none_or(|(ls, lt, lr)| (ls, lt, table[lr].as_str()) < (s, t, table[r].as_str()));
            last = Some((s, t, r));
            let (s, t) = (NodeIndex::new(s), NodeIndex::new(t));
            if canonical {
                g.push_canonical_edge(s, t, edge);
            } else {
                g.add_edge(s, t, edge);
            }
        }
        if self.left != 0 {
            return Err(Corrupt("trailing bytes"));
        }
        Ok(g)
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
            let (len, hash, back) = decode(&bytes).unwrap();
            assert_eq!((len, hash), content_hash(json.as_bytes()));
            assert_eq!(to_string(&back, opts), json);
            let from_json = from_slice(json.as_bytes(), Path::new("g.json")).unwrap();
            assert_eq!(format!("{:?}", back.graph()), format!("{:?}", from_json.graph()));
            assert_eq!(back.symmetric, from_json.symmetric);
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
