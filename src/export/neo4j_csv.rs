//! Bulk-load CSV: the files of `neo4j-admin database import`, and the files and COPY script of
//! Kuzu.
//!
//! This file owns both folder layouts. The graph model (labels, relationship types, properties)
//! is the one `cypher.rs` documents, so a graph loaded either way answers the same queries.
//!
//! **Neo4j** (`--format neo4j-csv`): `nodes.csv`, `relationships.csv` and `import.sh`, which runs
//! `neo4j-admin database import full` with the right options. Headers follow the import tool's
//! grammar (`name:type`, `:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`):
//!
//! ```text
//! id:ID,label,kind,aliases:string[],mentions:int[,community:int],:LABEL
//! :START_ID,:END_ID,:TYPE,relation,weight:double,confidence:double,evidence:string[],evidence_at:string[]
//! ```
//!
//! Arrays are split on the array delimiter: `;` (the tool's default) when no element holds one,
//! else `|`, else U+001F; `import.sh` passes the one used. Control characters become spaces, so
//! no field spans lines (the tool's default `--multiline-fields=false` holds).
//!
//! **Kuzu** (`--format kuzu-csv`): `concepts.csv`, one `<TYPE>.csv` per relationship type, and
//! `load.cypher` (CREATE NODE/REL TABLE, then COPY). Kuzu matches CSV columns by position, so
//! the column order is the table's. Kuzu's CSV list syntax keeps quotes inside elements and
//! cannot hold a comma, so `aliases` and `evidence` are JSON text there (`STRING` columns);
//! the Cypher export (`--dialect kuzu`) writes real lists.

use std::collections::BTreeMap;

use serde::Serialize;

use super::csv::field;
use super::cypher::{float, quote_name, rel_type, rel_types};
use super::Files;
use crate::graph::KnowledgeGraph;

/// The node file header for `neo4j-admin database import`.
pub fn neo4j_node_header(has_community: bool) -> Vec<&'static str> {
    let mut h = vec!["id:ID", "label", "kind", "aliases:string[]", "mentions:int"];
    if has_community {
        h.push("community:int");
    }
    h.push(":LABEL");
    h
}

/// The relationship file header for `neo4j-admin database import`.
pub const NEO4J_RELATIONSHIP_HEADER: &[&str] = &[
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "relation",
    "weight:double",
    "confidence:double",
    "evidence:string[]",
    "evidence_at:string[]",
];

/// Text safe in a Neo4j import field: control characters become spaces.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The array delimiter: the first of `;`, `|`, U+001F that no array element contains (control
/// characters are cleaned out, so the last always fits).
pub fn array_delimiter(g: &KnowledgeGraph) -> char {
    let mut elements: Vec<&str> = Vec::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        elements.extend(n.aliases.keys().map(String::as_str));
        elements.push(&n.kind);
    }
    for e in g.graph().edge_weights() {
        elements.extend(e.evidence.iter().map(|ev| ev.text.as_str()));
        elements.extend(e.evidence.iter().map(|ev| ev.doc.as_str()));
    }
    [';', '|'].into_iter().find(|&d| !elements.iter().any(|x| x.contains(d))).unwrap_or('\u{1f}')
}

/// How `neo4j-admin` spells a delimiter on the command line.
fn delimiter_arg(d: char) -> String {
    match d {
        ';' | '|' => format!("'{d}'"),
        d => format!("U+{:04X}", u32::from(d)),
    }
}

fn line(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push('\n');
}

/// Write `g` as the CSV files of `neo4j-admin database import`, with `import.sh`.
pub fn write_neo4j(g: &KnowledgeGraph) -> Files {
    let d = array_delimiter(g);
    let join = |items: Vec<String>| -> String { field(&items.join(&d.to_string())) };
    let has_community = g.nodes_sorted().any(|i| g.node(i).community.is_some());
    let mut nodes = String::with_capacity(1 << 14);
    line(&mut nodes, &neo4j_node_header(has_community).into_iter().map(String::from).collect::<Vec<_>>());
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let mut cells = vec![
            field(&n.id),
            field(&clean(&n.label)),
            field(&clean(&n.kind)),
            join(n.aliases.keys().map(|a| clean(a)).collect()),
            n.mentions.to_string(),
        ];
        if has_community {
            cells.push(n.community.map(|c| c.to_string()).unwrap_or_default());
        }
        cells.push(join(vec!["Concept".into(), clean(&n.kind)]));
        line(&mut nodes, &cells);
    }
    let mut rels = String::with_capacity(1 << 16);
    line(&mut rels, &NEO4J_RELATIONSHIP_HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        line(
            &mut rels,
            &[
                field(&g.node(s).id),
                field(&g.node(t).id),
                field(&rel_type(&edge.relation)),
                field(&clean(&edge.relation)),
                float(edge.weight),
                float(edge.confidence()),
                join(edge.evidence.iter().map(|ev| clean(&ev.text)).collect()),
                join(edge.evidence.iter().map(|ev| clean(&format!("{}:{}-{}", ev.doc, ev.start, ev.end))).collect()),
            ],
        );
    }
    let script = format!(
        "#!/bin/sh\n\
         # Load this folder into a new Neo4j database with neo4j-admin (Neo4j 5 or later).\n\
         # Stop the database first; the import creates it. Usage: sh import.sh [DATABASE]\n\
         # Written by {generator}: {n} concepts, {m} relations.\n\
         set -e\n\
         cd \"$(dirname \"$0\")\"\n\
         exec neo4j-admin database import full \\\n\
         \x20 --array-delimiter={delim} \\\n\
         \x20 --nodes=nodes.csv \\\n\
         \x20 --relationships=relationships.csv \\\n\
         \x20 \"${{1:-neo4j}}\"\n",
        generator = g.generator.replace(['\n', '\r'], " "),
        n = g.node_count(),
        m = g.edge_count(),
        delim = delimiter_arg(d),
    );
    vec![
        ("nodes.csv".into(), nodes.into_bytes()),
        ("relationships.csv".into(), rels.into_bytes()),
        ("import.sh".into(), script.into_bytes()),
    ]
}

#[derive(Serialize)]
struct KuzuEvidence<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

/// The Kuzu node table's columns, in order.
pub const KUZU_NODE_COLUMNS: &[(&str, &str)] = &[
    ("id", "STRING PRIMARY KEY"),
    ("label", "STRING"),
    ("kind", "STRING"),
    ("aliases", "STRING"),
    ("mentions", "INT64"),
    ("community", "INT64"),
];

/// The Kuzu relationship tables' property columns, in order (after `from` and `to`).
pub const KUZU_REL_COLUMNS: &[(&str, &str)] =
    &[("relation", "STRING"), ("weight", "DOUBLE"), ("confidence", "DOUBLE"), ("evidence", "STRING")];

/// Write `g` as Kuzu CSV files and `load.cypher`.
pub fn write_kuzu(g: &KnowledgeGraph) -> Files {
    let mut nodes = String::with_capacity(1 << 14);
    line(&mut nodes, &KUZU_NODE_COLUMNS.iter().map(|c| c.0.to_owned()).collect::<Vec<_>>());
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let aliases: Vec<&str> = n.aliases.keys().map(String::as_str).collect();
        line(
            &mut nodes,
            &[
                field(&n.id),
                field(&clean(&n.label)),
                field(&clean(&n.kind)),
                field(&serde_json::to_string(&aliases).expect("strings serialize")),
                n.mentions.to_string(),
                n.community.map(|c| c.to_string()).unwrap_or_default(),
            ],
        );
    }
    let mut by_type: BTreeMap<String, String> = BTreeMap::new();
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let evidence: Vec<KuzuEvidence> = edge
            .evidence
            .iter()
            .map(|ev| KuzuEvidence { doc: &ev.doc, start: ev.start, end: ev.end, text: &ev.text })
            .collect();
        let out = by_type.entry(rel_type(&edge.relation)).or_insert_with(|| {
            let mut h = String::from("from,to");
            for c in KUZU_REL_COLUMNS {
                h.push(',');
                h.push_str(c.0);
            }
            h.push('\n');
            h
        });
        line(
            out,
            &[
                field(&g.node(s).id),
                field(&g.node(t).id),
                field(&clean(&edge.relation)),
                float(edge.weight),
                float(edge.confidence()),
                field(&serde_json::to_string(&evidence).expect("evidence serializes")),
            ],
        );
    }
    let columns = |cols: &[(&str, &str)]| -> String {
        cols.iter().map(|(n, t)| format!("{n} {t}")).collect::<Vec<_>>().join(", ")
    };
    let mut script = format!(
        "// Load this folder into Kuzu; run it from this folder (COPY paths are relative):\n\
         //   cd FOLDER && kuzu graph.kuzu < load.cypher\n\
         // Written by {}: {} concepts, {} relations.\n\
         CREATE NODE TABLE Concept({});\n",
        g.generator.replace(['\n', '\r'], " "),
        g.node_count(),
        g.edge_count(),
        columns(KUZU_NODE_COLUMNS)
    );
    for t in rel_types(g).keys() {
        script.push_str(&format!(
            "CREATE REL TABLE {}(FROM Concept TO Concept, {}, MANY_MANY);\n",
            quote_name(t),
            columns(KUZU_REL_COLUMNS)
        ));
    }
    script.push_str("COPY Concept FROM 'concepts.csv' (HEADER=true);\n");
    for t in by_type.keys() {
        script.push_str(&format!("COPY {} FROM '{}' (HEADER=true);\n", quote_name(t), kuzu_file(t)));
    }
    let mut files: Files = vec![("concepts.csv".into(), nodes.into_bytes())];
    for (t, body) in by_type {
        files.push((kuzu_file(&t), body.into_bytes()));
    }
    files.push(("load.cypher".into(), script.into_bytes()));
    files
}

/// The file of a Kuzu relationship table.
pub fn kuzu_file(rel_type: &str) -> String {
    format!("rel_{}.csv", rel_type.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Evidence;
    use crate::graph::{Edge, Node};

    fn graph(evidence: &str) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new([]);
        let a =
            g.add_node(Node { id: "a".into(), label: "A, \"one\"".into(), kind: "Concept".into(), ..Node::default() });
        let b = g.add_node(Node { id: "b".into(), label: "B".into(), kind: "Goal".into(), ..Node::default() });
        g.add_edge(
            a,
            b,
            Edge {
                relation: "uses".into(),
                weight: 1.0,
                evidence: vec![Evidence { doc: "d".into(), start: 0, end: 1, text: evidence.into() }],
                reliability: 0.5,
            },
        );
        g
    }

    #[test]
    fn the_array_delimiter_avoids_the_data() {
        assert_eq!(array_delimiter(&graph("plain")), ';');
        assert_eq!(array_delimiter(&graph("a; b")), '|');
        assert_eq!(array_delimiter(&graph("a; b | c")), '\u{1f}');
        let files = write_neo4j(&graph("a; b"));
        let script = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(script.contains("--array-delimiter='|'"), "{script}");
        let nodes = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(nodes.contains("a,\"A, \"\"one\"\"\",Concept,,0,Concept|Concept\n"), "{nodes}");
    }

    #[test]
    fn kuzu_files_match_the_script() {
        let files = write_kuzu(&graph("x"));
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["concepts.csv", "rel_uses.csv", "load.cypher"]);
        let script = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(script.contains("COPY `USES` FROM 'rel_uses.csv' (HEADER=true);"), "{script}");
    }
}
