//! Graphviz DOT: a styled diagram of a graph, written with the dot-writer crate.
//!
//! This file owns the DOT rules (every id and value double-quoted, `"` and `\` escaped, C0
//! control characters stripped, HTML-like labels well-formed XML, cluster names starting with
//! `cluster`) and the diagram's look ([`Style`]): a colour and shape per kind from the ontology,
//! a colour, line style and arrowhead per relation, pen width by weight, a title, a note of what
//! was left out, and a legend of the kinds and relations present, all in the graph's label so that
//! every layout engine places them. It draws the graph it is given: choosing what a diagram shows
//! (the most central concepts, a focus) is `query::overview`'s job.

use std::collections::{BTreeMap, BTreeSet};

use std::fmt::Write as _;
use std::io::Write;

use dot_writer::{Attributes, DotWriter};
use rustc_hash::{FxHashMap, FxHashSet};

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

/// Graphviz `rankdir`: the direction in which `dot` lays out ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankDir {
    /// Left to right.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    /// The Graphviz value (`LR`).
    pub fn as_str(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::RightLeft => "RL",
            RankDir::BottomTop => "BT",
        }
    }
}

/// Options for [`write()`].
#[derive(Debug, Clone, PartialEq)]
pub struct DotOptions {
    /// The diagram's title (`kg: cto-openai`).
    pub title: String,
    /// A second line under the title: what the diagram leaves out, or what it shows.
    pub note: String,
    /// Graphviz `rankdir`.
    pub rankdir: RankDir,
    /// Clusters.
    pub clusters: Clusters,
    /// Names of communities, shown on their clusters (`community 0: GPU`).
    pub community_names: BTreeMap<u32, String>,
    /// Draw a legend.
    pub legend: bool,
    /// Above this many edges the DOT asks for the `sfdp` layout (`dot` takes minutes beyond).
    pub sfdp_above_edges: usize,
    /// Label edges with their relation up to this many edges (beyond, colour and the legend say
    /// the relation, and labels would cover the drawing). Dashed edges (co-occurrence) are never
    /// labelled: the legend names them.
    pub edge_labels_up_to: usize,
    /// Node ids drawn highlighted (a path).
    pub highlight_nodes: BTreeSet<String>,
    /// Edges drawn highlighted, as (source id, target id, relation).
    pub highlight_edges: BTreeSet<(String, String, String)>,
}

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions {
            title: "kg".into(),
            note: String::new(),
            rankdir: RankDir::LeftRight,
            clusters: Clusters::None,
            community_names: BTreeMap::new(),
            legend: true,
            sfdp_above_edges: 300,
            edge_labels_up_to: 150,
            highlight_nodes: BTreeSet::new(),
            highlight_edges: BTreeSet::new(),
        }
    }
}

/// How an edge of one relation looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeLook {
    /// Line colour.
    pub color: String,
    /// Graphviz `style` (`solid`, `dashed`, `bold`).
    pub style: String,
    /// Graphviz `arrowhead` (`normal`, `empty`, `odiamond`, `tee`, `none`).
    pub arrowhead: String,
}

/// The look of a diagram: colour and shape per kind, [`EdgeLook`] per relation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    kinds: BTreeMap<String, (String, String)>,
    relations: BTreeMap<String, EdgeLook>,
}

const PALETTE: &[&str] = &[
    "#8ecae6", "#ffb703", "#fb8500", "#90be6d", "#b5e48c", "#f4a261", "#adb5bd", "#e9c46a", "#cdb4db", "#e76f51",
    "#ffd6a5", "#e5e5e5",
];

/// Line colours for relations a style does not know, dark enough to read on white.
const EDGE_PALETTE: &[&str] =
    &["#1d3557", "#2a9d8f", "#6d597a", "#9d0208", "#457b9d", "#588157", "#bc4749", "#7f5539", "#264653", "#b5838d"];

/// Colour, style and arrowhead of the default ontology's relations.
fn default_look(relation: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match relation {
        "is_a" => ("#1d3557", "solid", "empty"),
        "part_of" => ("#6d597a", "solid", "odiamond"),
        "develops" => ("#2a9d8f", "solid", "normal"),
        "uses" => ("#264653", "solid", "normal"),
        "enables" => ("#e76f51", "solid", "normal"),
        "leads" => ("#9d0208", "bold", "normal"),
        "collaborates_with" => ("#457b9d", "solid", "none"),
        "promotes" => ("#588157", "solid", "normal"),
        "regulates" => ("#bc4749", "solid", "tee"),
        "applied_in" => ("#7f5539", "solid", "normal"),
        "influences" => ("#b5838d", "solid", "vee"),
        "related_to" => ("#9a9a9a", "dashed", "none"),
        _ => return None,
    })
}

impl Style {
    /// The style an ontology defines: its kinds' colours and shapes (a palette where it gives
    /// none), and a look per relation (the default relations' own, a palette colour for others,
    /// dashed for the fallback relation, no arrowhead for symmetric ones).
    pub fn from_ontology(o: &Ontology) -> Style {
        let mut kinds = BTreeMap::new();
        for (i, k) in o.kinds.iter().enumerate() {
            let color = k.color.clone().unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_owned());
            let shape = k.shape.clone().unwrap_or_else(|| "ellipse".to_owned());
            kinds.insert(k.name.clone(), (color, shape));
        }
        let fallback = &o.relation(o.fallback_relation).name;
        let mut relations = BTreeMap::new();
        for (i, r) in o.relations.iter().enumerate() {
            let look = match default_look(&r.name) {
                Some((c, s, a)) => EdgeLook { color: c.into(), style: s.into(), arrowhead: a.into() },
                None => EdgeLook {
                    color: EDGE_PALETTE[i % EDGE_PALETTE.len()].into(),
                    style: if r.name == *fallback { "dashed" } else { "solid" }.into(),
                    arrowhead: if r.symmetric { "none" } else { "normal" }.into(),
                },
            };
            relations.insert(r.name.clone(), look);
        }
        Style { kinds, relations }
    }

    /// Colour and shape of a kind.
    pub fn of(&self, kind: &str) -> (String, String) {
        self.kinds.get(kind).cloned().unwrap_or_else(|| {
            let i = kind.bytes().map(usize::from).sum::<usize>() % PALETTE.len();
            (PALETTE[i].to_owned(), "ellipse".to_owned())
        })
    }

    /// How an edge of `relation` looks.
    pub fn edge(&self, relation: &str) -> EdgeLook {
        if let Some(l) = self.relations.get(relation) {
            return l.clone();
        }
        match default_look(relation) {
            Some((c, s, a)) => EdgeLook { color: c.into(), style: s.into(), arrowhead: a.into() },
            None => {
                let i = relation.bytes().map(usize::from).sum::<usize>() % EDGE_PALETTE.len();
                EdgeLook { color: EDGE_PALETTE[i].into(), style: "solid".into(), arrowhead: "normal".into() }
            }
        }
    }
}

/// Escape a string for a double-quoted DOT value: `\` and `"` escaped, control characters
/// (which make `dot` write invalid SVG) replaced by spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_into(&mut out, s);
    out
}

/// The bytes [`escape_into`] copies unchanged: printable ASCII but `"` and `\\`.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        t[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    t
};

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, s: &str) {
    // Most text is printable ASCII without quotes or backslashes: copied as it is.
    if s.bytes().all(|b| PLAIN[usize::from(b)]) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A quoted DOT id.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// Escape text for an HTML-like label (well-formed XML, no control characters).
pub fn escape_html(s: &str) -> String {
    super::escape_markup(s, None)
}

/// Wrap a label at spaces so that no line is much longer than `width` characters.
pub fn wrap(label: &str, width: usize) -> String {
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

/// Pen width of an edge found `weight` times: 1 for once, growing with the logarithm.
pub fn pen_width(weight: f64) -> f64 {
    (1.0 + weight.max(1.0).ln()).min(6.0)
}

/// Highlight colour of a path.
pub const HIGHLIGHT: &str = "#d62828";

/// Write `g` as DOT.
///
/// Nodes are written in id order (grouped into clusters when asked), then edges in (source,
/// target, relation) order, so the same graph and options give the same bytes.
pub fn write(g: &KnowledgeGraph, style: &Style, opts: &DotOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_to(g, style, opts, &mut bytes).expect("writing to memory does not fail");
    bytes
}

/// [`write()`] to a writer, streamed: a big graph's DOT is never held in memory.
///
/// # Errors
/// The writer's first I/O error.
pub fn write_to(g: &KnowledgeGraph, style: &Style, opts: &DotOptions, w: &mut dyn Write) -> std::io::Result<()> {
    let mut out = Latch { w: std::io::BufWriter::with_capacity(1 << 16, w), err: None };
    write_dot(g, style, opts, &mut out);
    match out.err.take() {
        Some(e) => Err(e),
        None => out.w.flush(),
    }
}

/// A writer that keeps its first error and then swallows the rest, for dot-writer, which
/// panics on a write error.
struct Latch<W: Write> {
    w: W,
    err: Option<std::io::Error>,
}

impl<W: Write> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.err.is_none() {
            if let Err(e) = self.w.write_all(buf) {
                self.err = Some(e);
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How the edges of one relation are written: attribute values, escaped once.
struct RelationLook {
    color: String,
    arrowhead: String,
    /// The `style`, when not solid.
    style: Option<String>,
    dashed: bool,
    label: String,
    symmetric: bool,
}

fn write_dot<W: Write>(g: &KnowledgeGraph, style: &Style, opts: &DotOptions, bytes: &mut W) {
    {
        let mut writer = DotWriter::from(bytes);
        writer.set_pretty_print(true);
        let mut digraph = writer.digraph();
        let big = g.edge_count() > opts.sfdp_above_edges;
        {
            let mut attrs = digraph.graph_attributes();
            attrs.set_html(&format!("<{}>", graph_label(g, style, opts)));
            attrs
                .set("labelloc", "t", true)
                .set("labeljust", "l", true)
                .set("fontname", "Helvetica", true)
                .set("bgcolor", "white", true);
            if big {
                attrs.set("layout", "sfdp", true).set("overlap", "prism", true).set("overlap_scaling", "-4", true).set(
                    "outputorder",
                    "edgesfirst",
                    true,
                );
            } else {
                attrs
                    .set("rankdir", opts.rankdir.as_str(), true)
                    .set("nodesep", "0.35", true)
                    .set("ranksep", "0.7", true);
            }
        }
        digraph
            .node_attributes()
            .set("style", "filled", true)
            .set("fontname", "Helvetica", true)
            .set("fontsize", "11", true)
            .set("color", "#444444", true)
            .set("margin", "0.08,0.04", true);
        digraph
            .edge_attributes()
            .set("fontname", "Helvetica", true)
            .set("fontsize", "9", true)
            .set("fontcolor", "#333333", true)
            .set("arrowsize", "0.7", true);
        let nodes: Vec<_> = g.nodes_sorted().collect();
        let write_node = |scope: &mut dot_writer::Scope<'_, '_>, i| {
            let n = g.node(i);
            let (color, shape) = style.of(&n.kind);
            let mut node = scope.node_named(quote(&n.id));
            node.set("label", &wrap(&n.label, 18).split('\n').map(escape).collect::<Vec<_>>().join("\\n"), true)
                .set("fillcolor", &escape(&color), true)
                .set("shape", &escape(&shape), true)
                .set("tooltip", &escape(&format!("{} ({}), {} mentions", n.label, n.kind, n.mentions)), true);
            if opts.highlight_nodes.contains(&n.id) {
                node.set("color", HIGHLIGHT, true).set("penwidth", "2.5", true);
            }
        };
        match opts.clusters {
            Clusters::None => {
                for &i in &nodes {
                    write_node(&mut digraph, i);
                }
            }
            Clusters::Kind | Clusters::Community => {
                let mut groups: BTreeMap<(u8, String), Vec<_>> = BTreeMap::new();
                for &i in &nodes {
                    let n = g.node(i);
                    let key = match (opts.clusters, n.community) {
                        (Clusters::Kind, _) => (0, n.kind.clone()),
                        (_, Some(c)) => (0, format!("{c:010}")),
                        (_, None) => (1, String::new()),
                    };
                    groups.entry(key).or_default().push(i);
                }
                for ((unassigned, name), members) in &groups {
                    if *unassigned == 1 {
                        for &i in members {
                            write_node(&mut digraph, i);
                        }
                        continue;
                    }
                    let label = match opts.clusters {
                        Clusters::Kind => name.clone(),
                        _ => {
                            let c: u32 = name.parse().expect("written as a number above");
                            match opts.community_names.get(&c) {
                                Some(n) => format!("community {c}: {n}"),
                                None => format!("community {c}"),
                            }
                        }
                    };
                    let mut cluster = digraph.cluster();
                    cluster
                        .graph_attributes()
                        .set("label", &escape(&label), true)
                        .set("fontsize", "12", true)
                        .set("fontcolor", "#555555", true)
                        .set("style", "rounded,dashed", true)
                        .set("color", "#999999", true);
                    for &i in members {
                        write_node(&mut cluster, i);
                    }
                }
            }
        }
        let labels = g.edge_count() <= opts.edge_labels_up_to;
        let quoted: Vec<String> = g.graph().node_weights().map(|n| quote(&n.id)).collect();
        let mut looks: FxHashMap<&str, RelationLook> = FxHashMap::default();
        let mut widths: FxHashMap<u64, String> = FxHashMap::default();
        let mut tip = String::new();
        for e in g.edges_sorted() {
            let (s, t, edge) = g.edge(e);
            let (sn, tn) = (g.node(s), g.node(t));
            let look = looks.entry(edge.relation.as_str()).or_insert_with(|| {
                let look = style.edge(&edge.relation);
                RelationLook {
                    color: escape(&look.color),
                    arrowhead: escape(&look.arrowhead),
                    style: (look.style != "solid").then(|| escape(&look.style)),
                    dashed: look.style == "dashed",
                    label: escape(&edge.relation.replace('_', " ")),
                    symmetric: g.is_symmetric(&edge.relation),
                }
            });
            let line = digraph.edge(&quoted[s.index()], &quoted[t.index()]);
            let mut attrs = line.attributes();
            if labels && !look.dashed {
                attrs.set("label", &look.label, true);
            }
            let lit = !opts.highlight_edges.is_empty()
                && opts.highlight_edges.contains(&(sn.id.clone(), tn.id.clone(), edge.relation.to_string()));
            let width = pen_width(edge.weight) + if lit { 1.5 } else { 0.0 };
            let width_text = widths.entry(width.to_bits()).or_insert_with(|| format!("{width:.2}"));
            attrs.set("penwidth", width_text, true).set("color", if lit { HIGHLIGHT } else { &look.color }, true).set(
                "arrowhead",
                &look.arrowhead,
                true,
            );
            if let Some(line_style) = &look.style {
                attrs.set("style", line_style, true);
            }
            if look.symmetric {
                attrs.set("dir", "none", true);
            }
            // "label relation label (found weight): sentence", escaped piece by piece (escaping
            // is a map over characters).
            tip.clear();
            escape_into(&mut tip, &sn.label);
            tip.push(' ');
            escape_into(&mut tip, &edge.relation);
            tip.push(' ');
            escape_into(&mut tip, &tn.label);
            if let Some(ev) = edge.evidence.first() {
                let _ = write!(tip, " (found {}): ", edge.weight);
                match ev.text.char_indices().nth(300) {
                    None => escape_into(&mut tip, &ev.text),
                    Some((at, _)) => {
                        escape_into(&mut tip, &ev.text[..at]);
                        tip.push('…');
                    }
                }
            }
            attrs.set("tooltip", &tip, true);
        }
    }
}

/// The graph's HTML label: title, note and legend, stacked.
fn graph_label(g: &KnowledgeGraph, style: &Style, opts: &DotOptions) -> String {
    let mut out = String::from("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">");
    out.push_str(&format!(
        "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"18\">{}</FONT></TD></TR>",
        escape_html(&opts.title)
    ));
    if !opts.note.is_empty() {
        out.push_str(&format!(
            "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"#555555\">{}</FONT></TD></TR>",
            escape_html(&opts.note)
        ));
    }
    if opts.legend && g.node_count() > 0 {
        out.push_str(&format!("<TR><TD ALIGN=\"LEFT\">{}</TD></TR>", legend_html(g, style)));
    }
    out.push_str("</TABLE>");
    out
}

/// A legend of the kinds and relations present, as rows of at most six entries.
fn legend_html(g: &KnowledgeGraph, style: &Style) -> String {
    // Few distinct values among many nodes and edges: deduplicated by hash, then sorted.
    let kinds: FxHashSet<&str> = g.graph().node_weights().map(|n| n.kind.as_str()).collect();
    let kinds: BTreeSet<&str> = kinds.into_iter().collect();
    let relations: FxHashSet<&str> = g.graph().edge_weights().map(|e| e.relation.as_str()).collect();
    let relations: BTreeSet<&str> = relations.into_iter().collect();
    let mut cells: Vec<Vec<String>> = Vec::new();
    let mut row = vec!["<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">kinds</FONT></TD>".to_owned()];
    for (i, k) in kinds.iter().enumerate() {
        if i > 0 && i % 6 == 0 {
            cells.push(std::mem::take(&mut row));
            row.push("<TD></TD>".into());
        }
        let (color, _) = style.of(k);
        row.push(format!(
            "<TD BGCOLOR=\"{}\" BORDER=\"1\" COLOR=\"#444444\" ALIGN=\"CENTER\"><FONT POINT-SIZE=\"10\">{}</FONT></TD>",
            escape_html(&color),
            escape_html(k)
        ));
    }
    cells.push(row);
    if !relations.is_empty() {
        let mut row = vec!["<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">relations</FONT></TD>".to_owned()];
        for (i, r) in relations.iter().enumerate() {
            if i > 0 && i % 6 == 0 {
                cells.push(std::mem::take(&mut row));
                row.push("<TD></TD>".into());
            }
            let look = style.edge(r);
            let glyph = match (look.style.as_str(), g.is_symmetric(r) || look.arrowhead == "none") {
                ("dashed", _) => "- - -",
                ("bold", false) => "<B>━━▶</B>",
                (_, true) => "━━━",
                (_, false) => "━━▶",
            };
            row.push(format!(
                "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\"{}\">{glyph}</FONT><FONT POINT-SIZE=\"10\"> {}</FONT></TD>",
                escape_html(&look.color),
                escape_html(&r.replace('_', " "))
            ));
        }
        cells.push(row);
    }
    let mut out = String::from("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\">");
    for row in cells {
        out.push_str("<TR>");
        for c in row {
            out.push_str(&c);
        }
        out.push_str("</TR>");
    }
    out.push_str("</TABLE>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::VecMap;

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

    fn sample(edges: usize) -> KnowledgeGraph {
        use crate::graph::{Edge, Node};
        let mut g = KnowledgeGraph::new(["related_to".to_owned()]);
        let mut ids = Vec::new();
        for (id, kind) in [("a", "Organization"), ("b <&>", "Technology"), ("c", "Goal")] {
            ids.push(g.add_node(Node {
                id: id.into(),
                label: id.into(),
                kind: kind.into(),
                label_votes: VecMap::from([(id.to_owned(), 1)]),
                kind_votes: VecMap::from([(kind.to_owned(), (2, 1))]),
                ..Node::default()
            }));
        }
        for k in 0..edges {
            let relation = ["develops", "related_to", "uses"][k % 3].to_owned();
            g.add_edge(
                ids[k % 3],
                ids[(k + 1) % 3],
                Edge {
                    relation: format!("{relation}{}", k / 3).into(),
                    weight: 1.0,
                    evidence: Vec::new(),
                    reliability: 0.5,
                },
            );
        }
        g
    }

    #[test]
    fn legend_is_well_formed_and_lists_what_is_present() {
        let g = sample(2);
        let style = Style::from_ontology(&Ontology::default());
        let dot = String::from_utf8(write(&g, &style, &DotOptions::default())).unwrap();
        let start = dot.find("label=<").unwrap() + "label=<".len();
        let end = dot[start..].find(">, labelloc").unwrap() + start;
        let html = &dot[start..end];
        roxmltree::Document::parse(html).expect("the HTML label is well-formed XML");
        assert!(html.contains(">Organization<") && html.contains(">Technology<"));
        assert!(!html.contains(">Role<"));
        assert!(html.contains(" develops0<") && html.contains(" related to0<"));
        assert!(!html.contains(" uses0<"));
        assert!(!dot.contains("layout="));
    }

    #[test]
    fn clusters_highlights_and_sfdp() {
        let g = sample(400);
        let style = Style::from_ontology(&Ontology::default());
        let opts =
            DotOptions { clusters: Clusters::Kind, highlight_nodes: ["a".to_owned()].into(), ..DotOptions::default() };
        let dot = String::from_utf8(write(&g, &style, &opts)).unwrap();
        assert_eq!(dot.matches("subgraph cluster_").count(), 3);
        assert!(dot.contains("layout=\"sfdp\", overlap=\"prism\""));
        assert!(!dot.contains("rankdir"));
        assert!(dot.contains(&format!("\"a\" [label=\"a\", fillcolor=\"#8ecae6\", shape=\"box\", tooltip=\"a (Organization), 0 mentions\", color=\"{HIGHLIGHT}\"")));
        // Too many edges for labels.
        assert!(!dot.contains("label=\"develops0\""));
        assert!(dot.contains("\"b <&>\""));
    }

    #[test]
    fn styles_come_from_the_ontology() {
        let s = Style::from_ontology(&Ontology::default());
        assert_eq!(s.of("Organization"), ("#8ecae6".into(), "box".into()));
        assert_eq!(s.edge("related_to").style, "dashed");
        assert_eq!(s.edge("collaborates_with").arrowhead, "none");
        assert_eq!(s.edge("is_a").arrowhead, "empty");
        // Unknown names still get a look, the same one every time.
        assert_eq!(s.edge("xyz"), s.edge("xyz"));
        assert_eq!(s.of("Xyz"), s.of("Xyz"));
        assert!((pen_width(1.0) - 1.0).abs() < 1e-12 && pen_width(1e9) == 6.0);
    }
}
