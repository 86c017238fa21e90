//! Graphviz DOT: a styled diagram of a graph, written with the dot-writer crate.
//!
//! This file owns the DOT rules (every id and value double-quoted, `"` and `\` escaped, C0
//! control characters stripped, HTML-like labels well-formed XML, cluster names starting with
//! `cluster`) and the diagram's look: a colour and shape per kind, a style per relation, pen
//! width by weight, a legend of the kinds and relations present, and a title.

use std::collections::{BTreeMap, BTreeSet};

use dot_writer::{Attributes, DotWriter};

use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;

/// How nodes are grouped into clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clusters {
    /// No clusters.
    #[default]
    None,
    /// One cluster per kind.
    Kind,
    /// One cluster per community (nodes need community ids).
    Community,
}

/// Options for [`write`].
#[derive(Debug, Clone, PartialEq)]
pub struct DotOptions {
    /// The diagram's title (`kg: cto-openai`).
    pub title: String,
    /// Graphviz `rankdir` (`LR`, `TB`, `RL`, `BT`).
    pub rankdir: String,
    /// Clusters.
    pub clusters: Clusters,
    /// Draw a legend.
    pub legend: bool,
    /// Above this many edges the DOT asks for the `sfdp` layout.
    pub sfdp_above_edges: usize,
}

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions {
            title: "kg".into(),
            rankdir: "LR".into(),
            clusters: Clusters::None,
            legend: true,
            sfdp_above_edges: 300,
        }
    }
}

/// Node colour and shape per kind, from the ontology, with a fallback for kinds it lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    kinds: BTreeMap<String, (String, String)>,
}

const PALETTE: &[&str] = &[
    "#8ecae6", "#ffb703", "#fb8500", "#90be6d", "#b5e48c", "#f4a261", "#adb5bd", "#e9c46a", "#cdb4db", "#e76f51",
    "#ffd6a5", "#e5e5e5",
];

impl Style {
    /// The style an ontology defines.
    pub fn from_ontology(o: &Ontology) -> Style {
        let mut kinds = BTreeMap::new();
        for (i, k) in o.kinds.iter().enumerate() {
            let color = k.color.clone().unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_owned());
            let shape = k.shape.clone().unwrap_or_else(|| "ellipse".to_owned());
            kinds.insert(k.name.clone(), (color, shape));
        }
        Style { kinds }
    }

    /// Colour and shape of a kind.
    pub fn of(&self, kind: &str) -> (String, String) {
        self.kinds.get(kind).cloned().unwrap_or_else(|| {
            let i = kind.bytes().map(usize::from).sum::<usize>() % PALETTE.len();
            (PALETTE[i].to_owned(), "ellipse".to_owned())
        })
    }
}

/// Escape a string for a double-quoted DOT value: `\` and `"` escaped, control characters
/// (which make `dot` write invalid SVG) replaced by spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A quoted DOT id.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// Escape text for an HTML-like label (well-formed XML, no control characters).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Wrap a label at spaces so that no line is much longer than `width` characters.
fn wrap(label: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in label.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines.join("\n")
}

/// Write `g` as DOT.
pub fn write(g: &KnowledgeGraph, style: &Style, opts: &DotOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut writer = DotWriter::from(&mut bytes);
        writer.set_pretty_print(true);
        let mut digraph = writer.digraph();
        let big = g.edge_count() > opts.sfdp_above_edges;
        {
            let mut attrs = digraph.graph_attributes();
            attrs
                .set("label", &escape(&opts.title), true)
                .set("labelloc", "t", true)
                .set("fontname", "Helvetica", true)
                .set("fontsize", "18", true);
            attrs.set("rankdir", &escape(&opts.rankdir), true);
            if big {
                attrs.set("layout", "sfdp", true).set("overlap", "prism", true).set("outputorder", "edgesfirst", true);
            } else {
                attrs.set("nodesep", "0.3", true).set("ranksep", "0.6", true);
            }
        }
        digraph
            .node_attributes()
            .set("style", "filled", true)
            .set("fontname", "Helvetica", true)
            .set("fontsize", "11", true);
        digraph
            .edge_attributes()
            .set("fontname", "Helvetica", true)
            .set("fontsize", "9", true)
            .set("color", "#555555", true);
        let nodes: Vec<_> = g.nodes_sorted().collect();
        let write_node = |scope: &mut dot_writer::Scope<'_, '_>, i| {
            let n = g.node(i);
            let (color, shape) = style.of(&n.kind);
            let mut node = scope.node_named(quote(&n.id));
            node.set("label", &wrap(&n.label, 18).split('\n').map(escape).collect::<Vec<_>>().join("\\n"), true)
                .set("fillcolor", &escape(&color), true)
                .set("shape", &escape(&shape), true)
                .set("tooltip", &escape(&format!("{} ({}), {} mentions", n.label, n.kind, n.mentions)), true);
        };
        match opts.clusters {
            Clusters::None => {
                for &i in &nodes {
                    write_node(&mut digraph, i);
                }
            }
            Clusters::Kind | Clusters::Community => {
                let mut groups: BTreeMap<String, Vec<_>> = BTreeMap::new();
                for &i in &nodes {
                    let n = g.node(i);
                    let key = match opts.clusters {
                        Clusters::Kind => n.kind.clone(),
                        _ => n.community.map_or_else(|| "none".to_owned(), |c| format!("{c:05}")),
                    };
                    groups.entry(key).or_default().push(i);
                }
                for (k, (name, members)) in groups.iter().enumerate() {
                    let mut cluster = digraph.cluster();
                    let label = match opts.clusters {
                        Clusters::Kind => name.clone(),
                        _ => format!("community {}", name.trim_start_matches('0').parse::<u32>().unwrap_or(0)),
                    };
                    cluster
                        .graph_attributes()
                        .set("label", &escape(&label), true)
                        .set("style", "rounded,dashed", true)
                        .set("color", "#999999", true);
                    let _ = k;
                    for &i in members {
                        write_node(&mut cluster, i);
                    }
                }
            }
        }
        for e in g.edges_sorted() {
            let (s, t, edge) = g.edge(e);
            let line = digraph.edge(quote(&g.node(s).id), quote(&g.node(t).id));
            let mut attrs = line.attributes();
            attrs.set("label", &escape(&edge.relation), true);
            let width = 1.0 + (edge.weight.max(1.0)).ln();
            attrs.set("penwidth", &format!("{width:.2}"), true);
            if g.is_symmetric(&edge.relation) {
                attrs.set("dir", "none", true);
            }
            if edge.relation == "related_to" {
                attrs.set("style", "dashed", true).set("color", "#999999", true);
            }
            if let Some(ev) = edge.evidence.first() {
                attrs.set("tooltip", &escape(&truncate(&ev.text, 300)), true);
            }
        }
        if opts.legend && g.node_count() > 0 {
            let kinds: BTreeSet<&str> = nodes.iter().map(|&i| g.node(i).kind.as_str()).collect();
            let relations: BTreeSet<&str> = g.graph().edge_weights().map(|e| e.relation.as_str()).collect();
            let mut legend = digraph.cluster();
            legend
                .graph_attributes()
                .set("label", "Legend", true)
                .set("fontsize", "12", true)
                .set("style", "rounded", true)
                .set("color", "#bbbbbb", true);
            let mut rows = String::from("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">");
            for k in &kinds {
                let (color, shape) = style.of(k);
                rows.push_str(&format!(
                    "<TR><TD BGCOLOR=\"{}\" WIDTH=\"14\"> </TD><TD ALIGN=\"LEFT\">{} ({})</TD></TR>",
                    escape_html(&color),
                    escape_html(k),
                    escape_html(&shape)
                ));
            }
            for r in &relations {
                let line = if *r == "related_to" {
                    "- - -"
                } else if g.is_symmetric(r) {
                    "———"
                } else {
                    "——&gt;"
                };
                rows.push_str(&format!("<TR><TD>{line}</TD><TD ALIGN=\"LEFT\">{}</TD></TR>", escape_html(r)));
            }
            rows.push_str("</TABLE>>");
            let mut node = legend.node_named(quote("kg-legend"));
            node.set("shape", "plaintext", true).set("style", "solid", true).set_html(&rows);
        }
    }
    bytes
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape(r#"a "b" \N c"#), r#"a \"b\" \\N c"#);
        assert_eq!(escape("x\u{1}y\nz"), "x y z");
        assert_eq!(escape_html("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(
            wrap("reinforcement learning from human feedback", 18),
            "reinforcement\nlearning from\nhuman feedback"
        );
    }
}
