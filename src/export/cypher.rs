//! Cypher: a script of MERGE statements that loads a graph into Neo4j, Memgraph or Kuzu.
//!
//! This file owns the Cypher shape kg writes, shared by the CSV exports in `neo4j_csv.rs`:
//! every concept is a node labelled `Concept` (and, in Neo4j and Memgraph, also its kind, as in
//! `:Concept:Organization`) with the properties `id`, `label`, `kind`, `aliases` (a list),
//! `mentions` and, when set, `community`. Every edge is a relationship whose type is the relation
//! in upper case (`develops` -> `DEVELOPS`, see [`rel_type`]) with the properties `relation`,
//! `weight`, `confidence`, `evidence` (the sentences) and `evidence_at` (`doc:start-end` for
//! each sentence).
//!
//! The script runs again without duplicating anything (MERGE on `id`, and on the relationship
//! between two concepts). Strings are single-quoted with only `\` and `'` escaped, the one
//! escaping the three databases agree on, so control characters become spaces. Names are always
//! back-quoted, so a relation called `match` cannot break a statement. Only the header differs
//! between dialects: a uniqueness constraint (Neo4j, Memgraph) or the node and relationship
//! tables (Kuzu, which needs a schema and has one label per node).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;

/// Which database the script is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Neo4j 5 (`cypher-shell -f graph.cypher`).
    #[default]
    Neo4j,
    /// Memgraph (`mgconsole < graph.cypher`).
    Memgraph,
    /// Kuzu (`kuzu DB < graph.cypher`).
    Kuzu,
}

/// Options for [`write()`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CypherOptions {
    /// The target database.
    pub dialect: Dialect,
}

/// The relationship type (or Kuzu table) of a relation: upper case, anything but ASCII letters,
/// digits and `_` replaced by `_`, and `R_` before a leading digit.
pub fn rel_type(relation: &str) -> String {
    let mut out: String = relation
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_uppercase() } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "R_");
    }
    if out.eq_ignore_ascii_case("concept") {
        // Kuzu's table names are case-insensitive and share one namespace with the node table.
        out.insert_str(0, "R_");
    }
    out
}

/// A back-quoted name: `` ` `` doubled inside.
pub fn quote_name(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A single-quoted string literal: `\` and `'` escaped, control characters replaced by spaces.
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quote_string).collect();
    format!("[{}]", items.join(", "))
}

/// A float literal every dialect reads as a float (`2.0`, not `2`).
pub fn float(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    format!("{x:?}")
}

/// Relationship types used by `g`, each with the relations that map to it.
pub fn rel_types(g: &KnowledgeGraph) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in g.graph().edge_weights() {
        let v = out.entry(rel_type(&e.relation)).or_default();
        if !v.iter().any(|r| *r == e.relation) {
            v.push(e.relation.to_string());
            v.sort();
        }
    }
    out
}

/// Write `g` as a Cypher script for `opts.dialect`.
pub fn write(g: &KnowledgeGraph, opts: &CypherOptions) -> Vec<u8> {
    let mut out = String::with_capacity(1 << 16);
    let _ = writeln!(
        out,
        "// {} graph: {} concepts, {} relations. Written by {}.",
        match opts.dialect {
            Dialect::Neo4j => "Neo4j",
            Dialect::Memgraph => "Memgraph",
            Dialect::Kuzu => "Kuzu",
        },
        g.node_count(),
        g.edge_count(),
        g.generator.replace(['\n', '\r'], " ")
    );
    let has_community = g.nodes_sorted().any(|i| g.node(i).community.is_some());
    match opts.dialect {
        Dialect::Neo4j => {
            out.push_str("CREATE CONSTRAINT kg_concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE;\n")
        }
        Dialect::Memgraph => {
            out.push_str("CREATE INDEX ON :Concept(id);\n");
            out.push_str("CREATE CONSTRAINT ON (c:Concept) ASSERT c.id IS UNIQUE;\n");
        }
        Dialect::Kuzu => {
            out.push_str(
                "CREATE NODE TABLE IF NOT EXISTS Concept(id STRING PRIMARY KEY, label STRING, \
                 kind STRING, aliases STRING[], mentions INT64, community INT64);\n",
            );
            for t in rel_types(g).keys() {
                let _ = writeln!(
                    out,
                    "CREATE REL TABLE IF NOT EXISTS {}(FROM Concept TO Concept, relation STRING, \
                     weight DOUBLE, confidence DOUBLE, evidence STRING[], evidence_at STRING[], \
                     MANY_MANY);",
                    quote_name(t)
                );
            }
        }
    }
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let kind_label = match opts.dialect {
            Dialect::Kuzu => String::new(),
            _ => format!("n:{}, ", quote_name(&n.kind)),
        };
        let community = match (n.community, has_community) {
            (Some(c), _) => format!(", n.community = {c}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "MERGE (n:Concept {{id: {}}}) SET {kind_label}n.label = {}, n.kind = {}, n.aliases = {}, n.mentions = {}{community};",
            quote_string(&n.id),
            quote_string(&n.label),
            quote_string(&n.kind),
            list(n.aliases.keys().map(String::as_str)),
            n.mentions,
        );
    }
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let at: Vec<String> = edge.evidence.iter().map(|ev| format!("{}:{}-{}", ev.doc, ev.start, ev.end)).collect();
        let _ = writeln!(
            out,
            "MATCH (a:Concept {{id: {}}}), (b:Concept {{id: {}}}) MERGE (a)-[r:{}]->(b) SET r.relation = {}, r.weight = {}, r.confidence = {}, r.evidence = {}, r.evidence_at = {};",
            quote_string(&g.node(s).id),
            quote_string(&g.node(t).id),
            quote_name(&rel_type(&edge.relation)),
            quote_string(&edge.relation),
            float(edge.weight),
            float(edge.confidence()),
            list(edge.evidence.iter().map(|ev| ev.text.as_str())),
            list(at.iter().map(String::as_str)),
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_strings_are_safe() {
        assert_eq!(rel_type("related_to"), "RELATED_TO");
        assert_eq!(rel_type("is a"), "IS_A");
        assert_eq!(rel_type("3d"), "R_3D");
        assert_eq!(rel_type("concept"), "R_CONCEPT");
        assert_eq!(quote_name("a`b"), "`a``b`");
        assert_eq!(quote_string("it's \\ \"x\"\n"), "'it\\'s \\\\ \"x\" '");
        assert_eq!(float(2.0), "2.0");
        assert_eq!(float(0.125), "0.125");
    }
}
