//! [`VecMap`], a small ordered map kept as a sorted vector.
//!
//! This file owns the map that each graph node holds several of (aliases, coreferences, label and
//! kind votes). Most of them have one or two entries, where a `BTreeMap` allocates a whole B-tree
//! node (some 400 bytes) and a sorted vector allocates just the entries. The API mirrors the part
//! of `BTreeMap` that the graph uses, with the same semantics: iteration in key order, one entry
//! per key, and the last value winning when an iterator gives a key twice. Lookups are binary
//! searches; inserts move the entries after the new one, so the map suits small maps only.

use std::borrow::Borrow;
use std::fmt;

/// An ordered map as a sorted vector of entries (see the module docs).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        VecMap::default()
    }

    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// Whether the map has `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Set `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Remove `key`, returning its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The value of `key`, inserted as `make()` when missing.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }
}

impl<K, V> VecMap<K, V> {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// Entries in any order; of two with the same key, the later one is kept (as `BTreeMap`).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            // A stable sort keeps equal keys in arrival order; keep the last of each run.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out: Vec<(K, V)> = Vec::with_capacity(entries.len());
            for e in entries {
                match out.last_mut() {
                    Some(last) if last.0 == e.0 => *last = e,
                    _ => out.push(e),
                }
            }
            entries = out;
        }
        entries.shrink_to_fit();
        VecMap { entries }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn behaves_as_a_btreemap() {
        let ops: [(&str, u32); 9] =
            [("b", 1), ("a", 2), ("c", 3), ("a", 4), ("", 5), ("bb", 6), ("b", 7), ("z", 8), ("", 9)];
        let mut v = VecMap::new();
        let mut b = BTreeMap::new();
        for (k, x) in ops {
            assert_eq!(v.insert(k.to_owned(), x), b.insert(k.to_owned(), x));
            assert!(v.iter().eq(b.iter()));
        }
        assert_eq!(v.remove("bb"), b.remove("bb"));
        assert_eq!(v.remove("nope"), b.remove("nope"));
        *v.get_or_insert_with("q".into(), || 0) += 1;
        *b.entry("q".to_owned()).or_insert(0) += 1;
        assert!(v.iter().eq(b.iter()));
        assert_eq!(v.get("a"), b.get("a"));
        assert_eq!(v.contains_key("zz"), b.contains_key("zz"));
        assert_eq!(format!("{v:?}"), format!("{b:?}"));
        let collected: VecMap<String, u32> = ops.iter().map(|&(k, x)| (k.to_owned(), x)).collect();
        let expected: BTreeMap<String, u32> = ops.iter().map(|&(k, x)| (k.to_owned(), x)).collect();
        assert!(collected.into_iter().eq(expected));
    }
}
