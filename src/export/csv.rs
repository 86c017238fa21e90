//! CSV tables for spreadsheets: `nodes.csv` and `edges.csv`, and the RFC 4180 quoting that the
//! other CSV exports share.
//!
//! This file owns the spreadsheet tables. Their columns:
//!
//! - `nodes.csv`: `id, label, kind, aliases, mentions, degree, community`; aliases are joined
//!   with `; `.
//! - `edges.csv`: `source, target, source_label, target_label, relation, weight, confidence,
//!   evidence_count, evidence, documents`; the evidence sentences are joined with a line break
//!   inside the quoted cell, documents with `; `.
//!
//! Lines end with CRLF and fields are quoted when they hold `,`, `"` or a line break (RFC 4180).
//! A text cell that begins with `=`, `+`, `-`, `@` or a tab, which Excel and LibreOffice would
//! run as a formula, gets a leading `'` (the OWASP advice on CSV injection).

use std::collections::BTreeSet;

use super::Files;
use crate::graph::KnowledgeGraph;

/// One CSV field, quoted when it holds the delimiter, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A text cell for a spreadsheet: control characters other than line breaks become spaces, and
/// a leading formula character is defused with `'`.
pub fn cell(s: &str) -> String {
    let clean: String = s.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
    if clean.starts_with(['=', '+', '-', '@', '\t']) {
        field(&format!("'{clean}"))
    } else {
        field(&clean)
    }
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// Write `g` as `nodes.csv` and `edges.csv`.
pub fn write(g: &KnowledgeGraph) -> Files {
    let mut nodes = String::with_capacity(1 << 14);
    row(&mut nodes, &["id", "label", "kind", "aliases", "mentions", "degree", "community"].map(String::from));
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let aliases: Vec<&str> = n.aliases.keys().map(String::as_str).collect();
        row(
            &mut nodes,
            &[
                cell(&n.id),
                cell(&n.label),
                cell(&n.kind),
                cell(&aliases.join("; ")),
                n.mentions.to_string(),
                g.incident(i).len().to_string(),
                n.community.map(|c| c.to_string()).unwrap_or_default(),
            ],
        );
    }
    let mut edges = String::with_capacity(1 << 16);
    row(
        &mut edges,
        &[
            "source",
            "target",
            "source_label",
            "target_label",
            "relation",
            "weight",
            "confidence",
            "evidence_count",
            "evidence",
            "documents",
        ]
        .map(String::from),
    );
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let texts: Vec<&str> = edge.evidence.iter().map(|ev| ev.text.as_str()).collect();
        let docs: BTreeSet<&str> = edge.evidence.iter().map(|ev| ev.doc.as_str()).collect();
        row(
            &mut edges,
            &[
                cell(&g.node(s).id),
                cell(&g.node(t).id),
                cell(&g.node(s).label),
                cell(&g.node(t).label),
                cell(&edge.relation),
                super::cypher::float(edge.weight),
                super::cypher::float(edge.confidence()),
                edge.evidence.len().to_string(),
                cell(&texts.join("\n")),
                cell(&docs.into_iter().collect::<Vec<_>>().join("; ")),
            ],
        );
    }
    vec![("nodes.csv".into(), nodes.into_bytes()), ("edges.csv".into(), edges.into_bytes())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_cells() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-x,y"), "\"'-x,y\"");
        assert_eq!(cell("a\u{1}b\nc"), "\"a b\nc\"");
    }
}
