//! Mermaid: a `graph LR` block that renders on Markdown pages (GitHub, GitLab, MkDocs, Obsidian).
//!
//! This file owns the Mermaid syntax kg writes. Which concepts appear (`--max-nodes`, `--focus`)
//! is decided before the writer sees the graph; the writer draws what it is given.
//!
//! - Node ids are `c_` plus the concept id with `-` as `_` (ids are `[a-z0-9-]`, so this is
//!   one-to-one), which no Mermaid keyword (`end`, `graph`, `class`, ...) can equal and no edge
//!   arrow can swallow.
//! - Labels are always double-quoted; within them every character outside letters, digits,
//!   spaces and `-_.,:/'+()!?` is written as a Mermaid entity code (`#quot;`, `#35;`, ...), and
//!   control characters become spaces, so no label can end the string or inject markup.
//! - Directed relations are `-->`, symmetric ones `---`; `related_to` is dotted (`-.-`).
//! - Kinds are colour classes (`classDef k_Organization fill:...`) with the DOT diagram's
//!   palette.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::dot::Style;
use crate::graph::KnowledgeGraph;

/// Options for [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MermaidOptions {
    /// A comment line at the top (`kg: cto-openai`).
    pub title: String,
    /// Flow direction: `LR`, `TB`, `RL` or `BT`.
    pub direction: String,
    /// How many concepts the full graph has, when this is a part of it (for the header comment).
    pub of_total: Option<(usize, usize)>,
}

impl Default for MermaidOptions {
    fn default() -> MermaidOptions {
        MermaidOptions { title: "kg".into(), direction: "LR".into(), of_total: None }
    }
}

/// Mermaid's default `maxEdges`: a page refuses to render more.
pub const MERMAID_MAX_EDGES: usize = 500;

/// The Mermaid node id of a concept id.
pub fn node_id(id: &str) -> String {
    let mut out = String::from("c_");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '-' {
            out.push('_');
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

/// Escape text for a double-quoted Mermaid label.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            c if c.is_control() => out.push(' '),
            c if c.is_alphanumeric() || c == ' ' => out.push(c),
            '-' | '_' | '.' | ',' | ':' | '/' | '\'' | '+' | '(' | ')' | '!' | '?' => out.push(c),
            c => {
                let _ = write!(out, "#{};", u32::from(c));
            }
        }
    }
    out
}

/// A class name for a kind.
fn class_name(kind: &str) -> String {
    let mut out = String::from("k_");
    out.extend(kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
    out
}

/// A colour Mermaid's style syntax accepts, else a neutral grey.
fn color(c: &str) -> &str {
    let hex =
        c.strip_prefix('#').is_some_and(|h| matches!(h.len(), 3 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit()));
    if hex || (!c.is_empty() && c.chars().all(|c| c.is_ascii_alphabetic())) {
        c
    } else {
        "#e5e5e5"
    }
}

/// Write `g` as a Mermaid flowchart.
pub fn write(g: &KnowledgeGraph, style: &Style, opts: &MermaidOptions) -> Vec<u8> {
    let mut out = String::with_capacity(1 << 14);
    let title: String = opts.title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let _ = writeln!(out, "%% {title}");
    match opts.of_total {
        Some((nodes, edges)) => {
            let _ =
                writeln!(out, "%% {} of {nodes} concepts and {} of {edges} relations", g.node_count(), g.edge_count());
        }
        None => {
            let _ = writeln!(out, "%% {} concepts and {} relations", g.node_count(), g.edge_count());
        }
    }
    let direction = match opts.direction.as_str() {
        d @ ("LR" | "TB" | "TD" | "RL" | "BT") => d,
        _ => "LR",
    };
    let _ = writeln!(out, "graph {direction}");
    let mut classes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for i in g.nodes_sorted() {
        let n = g.node(i);
        let id = node_id(&n.id);
        let _ = writeln!(out, "  {id}[\"{}\"]", escape(&n.label));
        classes.entry(&n.kind).or_default().push(id);
    }
    for e in g.edges_sorted() {
        let (s, t, edge) = g.edge(e);
        let arrow = match (edge.relation == "related_to", g.is_symmetric(&edge.relation)) {
            (true, true) => "-.-",
            (true, false) => "-.->",
            (false, true) => "---",
            (false, false) => "-->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            node_id(&g.node(s).id),
            escape(&edge.relation),
            node_id(&g.node(t).id)
        );
    }
    for (kind, ids) in &classes {
        let (fill, _) = style.of(kind);
        let _ = writeln!(out, "  classDef {} fill:{},stroke:#555555,color:#111111", class_name(kind), color(&fill));
        let _ = writeln!(out, "  class {} {}", ids.join(","), class_name(kind));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_labels_are_safe() {
        assert_eq!(node_id("ai-safety"), "c_ai_safety");
        assert_eq!(node_id("end"), "c_end");
        assert_eq!(escape("say \"hi\" <b>#1;"), "say #quot;hi#quot; #60;b#62;#35;1#59;");
        assert_eq!(escape("C++ (v2), ok?"), "C++ (v2), ok?");
        assert_eq!(escape("a|b`c\u{1}"), "a#124;b#96;c ");
        assert_eq!(escape("café"), "café");
        assert_eq!(color("#8ecae6"), "#8ecae6");
        assert_eq!(color("red"), "red");
        assert_eq!(color("#8e;x"), "#e5e5e5");
        assert_eq!(class_name("Foo Bar"), "k_Foo_Bar");
    }
}
