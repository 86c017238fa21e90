//! SVG diagrams without Graphviz: kg's own layout ([`super::layout`]) drawn as SVG, and the
//! system's Graphviz `dot` as an alternative engine.
//!
//! This file owns the SVG: the same look as the DOT export (kind colours and shapes and relation
//! colours, line styles and arrowheads from [`Style`], pen width by weight, a title, a note of what
//! was left out, a legend of the kinds and relations present drawn with real samples, clusters as
//! shaded hulls, highlighted paths). Every node is a `<g class="node">` with a `<title>` tooltip,
//! every edge a `<g class="edge">`. Text is XML-escaped and stripped of control characters, so
//! the output is well-formed for any labels. Choosing what to draw is `query::overview`'s job.
//!
//! Why not the graphviz-pure crate (a Rust port of Graphviz): it is EPL-2.0, a copyleft licence
//! that would make every `kg` binary "MIT AND EPL-2.0" and keep it out of GPL-2.0 combinations;
//! it added 2.6 minutes to a release build on a 2-core machine; and its `sfdp` took 134 s on a
//! 5,000-node diagram that C Graphviz lays out in 24 s and this layout in about 8 s. Graphviz
//! itself stays one flag away (`--engine dot`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use super::dot::{pen_width, wrap, Clusters, DotOptions, EdgeLook, Style, HIGHLIGHT};
use super::graphml::escape as xml;
use super::layout::{layout, LayoutOptions, Size};
use super::truncate;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

const FONT: &str = "Helvetica, Arial, sans-serif";
const NODE_FONT: f64 = 11.0;
const LINE: f64 = 13.5;
const MARGIN: f64 = 20.0;

/// Draw `g` as SVG with kg's own layout: the same look as [`super::dot::write`], no Graphviz.
///
/// # Complexity
/// That of [`layout`]: about a second for a few thousand nodes.
///
/// # Example
/// ```
/// use kg::{build, ontology::Ontology, text::Document};
/// use kg::export::{dot, svg};
///
/// let doc = Document::from_text("d", "d.txt", "OpenAI develops GPT. GPT relies on GPUs.");
/// let g = build::build_documents(&[doc], &Ontology::default(), &Default::default());
/// let out = svg::write(&g, &dot::Style::from_ontology(&Ontology::default()), &Default::default());
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.matches("<g class=\"node\"").count(), 3);
/// ```
pub fn write(g: &KnowledgeGraph, style: &Style, opts: &DotOptions) -> Vec<u8> {
    let nodes: Vec<_> = g.nodes_sorted().collect();
    let mut slot = vec![usize::MAX; g.node_count()];
    for (k, &i) in nodes.iter().enumerate() {
        slot[i.index()] = k;
    }
    // Node boxes from their wrapped labels.
    let labels: Vec<Vec<String>> =
        nodes.iter().map(|&i| wrap(&clean(&g.node(i).label), 18).split('\n').map(str::to_owned).collect()).collect();
    let shapes: Vec<(String, String)> = nodes.iter().map(|&i| style.of(&g.node(i).kind)).collect();
    let sizes: Vec<Size> = labels
        .iter()
        .zip(&shapes)
        .map(|(lines, (_, shape))| {
            let tw = lines.iter().map(|l| text_width(l, NODE_FONT)).fold(0.0, f64::max);
            let th = lines.len() as f64 * LINE;
            let (pw, ph) = match shape.as_str() {
                "ellipse" | "circle" | "oval" => (tw * 0.42 + 14.0, th * 0.4 + 10.0),
                "hexagon" | "octagon" => (26.0, 10.0),
                "cylinder" => (16.0, 16.0),
                _ => (16.0, 10.0),
            };
            Size { w: (tw + pw).max(40.0), h: (th + ph).max(26.0) }
        })
        .collect();
    let edge_list: Vec<_> = g.edges_sorted();
    let pairs: Vec<(usize, usize)> = edge_list
        .iter()
        .map(|&e| {
            let (s, t, _) = g.edge(e);
            (slot[s.index()], slot[t.index()])
        })
        .collect();
    let groups: Vec<Option<u32>> = match opts.clusters {
        Clusters::None => vec![None; nodes.len()],
        Clusters::Community => nodes.iter().map(|&i| g.node(i).community).collect(),
        Clusters::Kind => {
            let kinds: BTreeMap<&str, u32> =
                nodes.iter().map(|&i| g.node(i).kind.as_str()).collect::<BTreeSet<_>>().into_iter().zip(0..).collect();
            nodes.iter().map(|&i| Some(kinds[g.node(i).kind.as_str()])).collect()
        }
    };
    let mut pos = layout(&sizes, &pairs, &groups, &LayoutOptions::default());

    // Header: title, note, legend; the drawing goes below it.
    let header = Header::new(g, style, opts);
    let (x0, y0, x1, y1) = super::layout::bounds(&(0..nodes.len()).collect::<Vec<_>>(), &pos, &sizes);
    let (dw, dh) = if nodes.is_empty() { (0.0, 0.0) } else { (x1 - x0, y1 - y0) };
    let top = MARGIN + header.height + 10.0;
    for p in &mut pos {
        *p = (p.0 - x0 + MARGIN, p.1 - y0 + top);
    }
    let width = (dw + 2.0 * MARGIN).max(header.width + 2.0 * MARGIN).ceil();
    let height = (top + dh + MARGIN).ceil();

    let mut s = String::with_capacity(4096 + nodes.len() * 400 + edge_list.len() * 300);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}pt\" height=\"{height}pt\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONT}\">\n"
    );
    let _ = writeln!(s, "<title>{}</title>", xml(&opts.title));
    // Arrowhead markers, one per look and colour used.
    let mut markers: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut marker_for = |head: &str, color: &str| -> Option<String> {
        if head == "none" {
            return None;
        }
        let n = markers.len();
        Some(markers.entry((head.to_owned(), color.to_owned())).or_insert_with(|| format!("m{n}")).clone())
    };
    let mut body = String::new();
    let _ = writeln!(body, "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
    // Clusters: shaded hulls under everything else.
    if opts.clusters != Clusters::None {
        let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (k, c) in groups.iter().enumerate() {
            if let Some(c) = c {
                members.entry(*c).or_default().push(k);
            }
        }
        let names: BTreeMap<u32, String> = match opts.clusters {
            Clusters::Kind => {
                nodes.iter().zip(&groups).filter_map(|(&i, c)| c.map(|c| (c, g.node(i).kind.clone()))).collect()
            }
            _ => members
                .keys()
                .map(|&c| {
                    let name = match opts.community_names.get(&c) {
                        Some(n) => format!("community {c}: {n}"),
                        None => format!("community {c}"),
                    };
                    (c, name)
                })
                .collect(),
        };
        for (c, ms) in &members {
            let mut pts = Vec::new();
            for &k in ms {
                let (x, y) = pos[k];
                let (hw, hh) = (sizes[k].w / 2.0 + 8.0, sizes[k].h / 2.0 + 8.0);
                pts.extend([(x - hw, y - hh), (x + hw, y - hh), (x + hw, y + hh), (x - hw, y + hh)]);
            }
            let hull = convex_hull(pts);
            let fill = if opts.clusters == Clusters::Kind {
                style.of(&names[c]).0
            } else {
                CLUSTER_TINTS[*c as usize % CLUSTER_TINTS.len()].to_owned()
            };
            let top_left = hull.iter().copied().fold((f64::INFINITY, f64::INFINITY), |a, p| {
                if p.1 < a.1 || (p.1 == a.1 && p.0 < a.0) {
                    p
                } else {
                    a
                }
            });
            let _ = writeln!(
                body,
                "<g class=\"cluster\"><title>{}</title><polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"#999999\" stroke-dasharray=\"4,3\" stroke-linejoin=\"round\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555555\">{}</text></g>",
                xml(&names[c]),
                hull.iter()
                    .map(|p| format!("{:.1},{:.1}", p.0, p.1))
                    .collect::<Vec<_>>()
                    .join(" "),
                xml(&fill),
                top_left.0,
                top_left.1 - 4.0,
                xml(&names[c])
            );
        }
    }
    // Edges under nodes.
    let draw_labels = edge_list.len() <= opts.edge_labels_up_to;
    let mut label_boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (k, &e) in edge_list.iter().enumerate() {
        let (si, ti, edge) = g.edge(e);
        let (a, b) = pairs[k];
        let (sid, tid) = (&g.node(si).id, &g.node(ti).id);
        let lit = opts.highlight_edges.contains(&(sid.clone(), tid.clone(), edge.relation.to_string()));
        let look = style.edge(&edge.relation);
        let color = if lit { HIGHLIGHT.to_owned() } else { look.color.clone() };
        let symmetric = g.is_symmetric(&edge.relation);
        let head = if symmetric { "none" } else { look.arrowhead.as_str() };
        let marker = marker_for(head, &color);
        // Parallel edges between the same pair bow apart.
        let parallel: Vec<usize> = pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| (p.0 == a && p.1 == b) || (p.0 == b && p.1 == a))
            .map(|(j, _)| j)
            .collect();
        let rank = parallel.iter().position(|&j| j == k).unwrap_or(0);
        let bow = (rank as f64 - (parallel.len() as f64 - 1.0) / 2.0) * 22.0;
        let (p, q) = (pos[a], pos[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let (nx, ny) = (-dy / len, dx / len);
        let ctrl = ((p.0 + q.0) / 2.0 + nx * bow, (p.1 + q.1) / 2.0 + ny * bow);
        let start = clip(p, sizes[a], &shapes[a].1, if bow == 0.0 { q } else { ctrl });
        let end = clip(q, sizes[b], &shapes[b].1, if bow == 0.0 { p } else { ctrl });
        let width = pen_width(edge.weight) + if lit { 1.5 } else { 0.0 };
        let dash = match look.style.as_str() {
            "dashed" => " stroke-dasharray=\"6,4\"",
            "dotted" => " stroke-dasharray=\"1.5,3\"",
            _ => "",
        };
        let width = if look.style == "bold" { width + 1.0 } else { width };
        let d = if bow == 0.0 {
            format!("M{:.1},{:.1} L{:.1},{:.1}", start.0, start.1, end.0, end.1)
        } else {
            format!("M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}", start.0, start.1, ctrl.0, ctrl.1, end.0, end.1)
        };
        let tip = match edge.evidence.first() {
            Some(ev) => format!(
                "{} {} {} (found {}): {}",
                g.node(si).label,
                edge.relation,
                g.node(ti).label,
                edge.weight,
                ev.text
            ),
            None => format!("{} {} {}", g.node(si).label, edge.relation, g.node(ti).label),
        };
        let _ = write!(
            body,
            "<g class=\"edge\"><title>{}</title><path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width:.2}\"{dash}{}/>",
            xml(&truncate(&tip, 300)),
            xml(&color),
            marker
                .map(|m| format!(" marker-end=\"url(#{m})\""))
                .unwrap_or_default()
        );
        if draw_labels && look.style != "dashed" {
            let text = edge.relation.replace('_', " ");
            let w = text_width(&text, 9.0);
            // On the curve's midpoint, moved along the normal until it covers no node or label.
            let mid = if bow == 0.0 {
                ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0)
            } else {
                (0.25 * start.0 + 0.5 * ctrl.0 + 0.25 * end.0, 0.25 * start.1 + 0.5 * ctrl.1 + 0.25 * end.1)
            };
            // Where no free place is found the label is left out: the colour and the legend
            // still say the relation, and the tooltip names it.
            let mut at = None;
            for step in 0..12 {
                let off = f64::from((step + 1) / 2) * 9.0 * if step % 2 == 0 { 1.0 } else { -1.0 };
                let c = (mid.0 + nx * off, mid.1 + ny * off);
                let bx = (c.0 - w / 2.0 - 2.0, c.1 - 8.0, c.0 + w / 2.0 + 2.0, c.1 + 3.0);
                let hits_node = (0..nodes.len()).any(|v| {
                    let (x, y) = pos[v];
                    let (hw, hh) = (sizes[v].w / 2.0, sizes[v].h / 2.0);
                    bx.0 < x + hw && bx.2 > x - hw && bx.1 < y + hh && bx.3 > y - hh
                });
                let hits_label = label_boxes.iter().any(|l| bx.0 < l.2 && bx.2 > l.0 && bx.1 < l.3 && bx.3 > l.1);
                if !hits_node && !hits_label {
                    label_boxes.push(bx);
                    at = Some(c);
                    break;
                }
            }
            if let Some(at) = at {
                let _ = write!(
                    body,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#333333\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    at.0,
                    at.1,
                    xml(&text)
                );
            }
        }
        body.push_str("</g>\n");
    }
    // Nodes.
    for (k, &i) in nodes.iter().enumerate() {
        let n = g.node(i);
        let (fill, shape) = &shapes[k];
        let lit = opts.highlight_nodes.contains(&n.id);
        let (stroke, sw) = if lit { (HIGHLIGHT, 2.5) } else { ("#444444", 1.0) };
        let _ = write!(
            body,
            "<g class=\"node\" id=\"node-{}\"><title>{}</title>",
            xml(&n.id),
            xml(&format!("{} ({}), {} mentions", n.label, n.kind, n.mentions))
        );
        body.push_str(&shape_svg(shape, pos[k], sizes[k], fill, stroke, sw));
        let lines = &labels[k];
        let y0 = pos[k].1 - (lines.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{NODE_FONT}\" text-anchor=\"middle\" fill=\"#111111\">{}</text>",
                pos[k].0,
                y0 + j as f64 * LINE,
                xml(line)
            );
        }
        body.push_str("</g>\n");
    }
    // Markers.
    s.push_str("<defs>\n");
    for ((head, color), id) in &markers {
        s.push_str(&marker_svg(id, head, color));
    }
    s.push_str("</defs>\n");
    s.push_str(&body);
    s.push_str(&header.svg);
    s.push_str("</svg>\n");
    s.into_bytes()
}

/// Render DOT with the system's Graphviz `dot` (which follows the `layout` the DOT asks for).
///
/// # Errors
/// [`Error::Invalid`] when `dot` is not installed or fails, with its message.
pub fn graphviz(dot_source: &[u8]) -> Result<Vec<u8>> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::Invalid(format!("cannot run graphviz `dot` ({e}); install Graphviz or use --engine builtin"))
        })?;
    {
        let mut stdin = child.stdin.take().expect("piped stdin");
        let source = dot_source.to_vec();
        // Write from another thread, so that a large output cannot block the input.
        let writer = std::thread::spawn(move || stdin.write_all(&source));
        let out = child.wait_with_output().map_err(|e| Error::Invalid(format!("graphviz `dot` failed: {e}")))?;
        let _ = writer.join();
        if !out.status.success() {
            return Err(Error::Invalid(format!(
                "graphviz `dot` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    }
}

/// Pale fills for community hulls.
const CLUSTER_TINTS: &[&str] =
    &["#8ecae6", "#ffb703", "#90be6d", "#cdb4db", "#f4a261", "#adb5bd", "#e76f51", "#b5e48c"];

/// The title, note and legend above the drawing.
struct Header {
    svg: String,
    width: f64,
    height: f64,
}

impl Header {
    fn new(g: &KnowledgeGraph, style: &Style, opts: &DotOptions) -> Header {
        let mut svg = String::from("<g class=\"legend\">\n");
        let mut y = MARGIN + 16.0;
        let mut width = text_width(&opts.title, 18.0);
        let _ = writeln!(
            svg,
            "<text x=\"{MARGIN}\" y=\"{y:.1}\" font-size=\"18\" fill=\"#111111\">{}</text>",
            xml(&opts.title)
        );
        if !opts.note.is_empty() {
            y += 18.0;
            width = width.max(text_width(&opts.note, 11.0));
            let _ = writeln!(
                svg,
                "<text x=\"{MARGIN}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#555555\">{}</text>",
                xml(&opts.note)
            );
        }
        if opts.legend && g.node_count() > 0 {
            let kinds: BTreeSet<&str> = g.nodes_sorted().map(|i| g.node(i).kind.as_str()).collect();
            let relations: BTreeSet<&str> = g.graph().edge_weights().map(|e| e.relation.as_str()).collect();
            let mut marker_defs = String::new();
            y += 22.0;
            let mut x = MARGIN;
            let _ =
                writeln!(svg, "<text x=\"{x}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555555\">kinds</text>", y + 4.0);
            x += 58.0;
            for k in &kinds {
                let (fill, shape) = style.of(k);
                let w = text_width(k, 10.0) + 16.0;
                let size = Size { w, h: 18.0 };
                svg.push_str(&shape_svg(&shape, (x + w / 2.0, y), size, &fill, "#444444", 1.0));
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#111111\">{}</text>",
                    x + w / 2.0,
                    y + 3.5,
                    xml(k)
                );
                x += w + 8.0;
            }
            width = width.max(x - MARGIN);
            if !relations.is_empty() {
                y += 26.0;
                let mut x = MARGIN;
                let _ = writeln!(
                    svg,
                    "<text x=\"{x}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555555\">relations</text>",
                    y + 4.0
                );
                x += 58.0;
                for (k, r) in relations.iter().enumerate() {
                    let look: EdgeLook = style.edge(r);
                    let head = if g.is_symmetric(r) { "none" } else { look.arrowhead.as_str() };
                    let id = format!("legend{k}");
                    if head != "none" {
                        marker_defs.push_str(&marker_svg(&id, head, &look.color));
                    }
                    let dash = match look.style.as_str() {
                        "dashed" => " stroke-dasharray=\"6,4\"",
                        _ => "",
                    };
                    let sw = if look.style == "bold" { 2.5 } else { 1.5 };
                    let _ = writeln!(
                        svg,
                        "<path d=\"M{:.1},{y:.1} L{:.1},{y:.1}\" stroke=\"{}\" stroke-width=\"{sw}\"{dash}{}/>",
                        x,
                        x + 30.0,
                        xml(&look.color),
                        if head == "none" { String::new() } else { format!(" marker-end=\"url(#{id})\"") }
                    );
                    let label = r.replace('_', " ");
                    let _ = writeln!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#111111\">{}</text>",
                        x + 36.0,
                        y + 3.5,
                        xml(&label)
                    );
                    x += 36.0 + text_width(&label, 10.0) + 14.0;
                }
                width = width.max(x - MARGIN);
            }
            if !marker_defs.is_empty() {
                svg.push_str("<defs>\n");
                svg.push_str(&marker_defs);
                svg.push_str("</defs>\n");
            }
            y += 10.0;
        }
        svg.push_str("</g>\n");
        Header { svg, width, height: y - MARGIN }
    }
}

/// An arrowhead marker.
fn marker_svg(id: &str, head: &str, color: &str) -> String {
    let c = xml(color);
    let shape = match head {
        "empty" | "onormal" => format!("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"white\" stroke=\"{c}\" stroke-width=\"1.2\"/>"),
        "odiamond" => format!("<path d=\"M0,5 L5,0 L10,5 L5,10 z\" fill=\"white\" stroke=\"{c}\" stroke-width=\"1.2\"/>"),
        "diamond" => format!("<path d=\"M0,5 L5,0 L10,5 L5,10 z\" fill=\"{c}\"/>"),
        "tee" => format!("<path d=\"M7,0 L10,0 L10,10 L7,10 z\" fill=\"{c}\"/><path d=\"M0,5 L7,5\" stroke=\"{c}\" stroke-width=\"1.5\"/>"),
        "vee" => format!("<path d=\"M0,0 L10,5 L0,10 L3,5 z\" fill=\"{c}\"/>"),
        _ => format!("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/>"),
    };
    format!(
        "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">{shape}</marker>\n",
        xml(id)
    )
}

/// The SVG of a node shape centred at `c`.
fn shape_svg(shape: &str, c: (f64, f64), s: Size, fill: &str, stroke: &str, sw: f64) -> String {
    let (x, y, w, h) = (c.0 - s.w / 2.0, c.1 - s.h / 2.0, s.w, s.h);
    let paint = format!("fill=\"{}\" stroke=\"{}\" stroke-width=\"{sw}\"", xml(fill), xml(stroke));
    let poly = |pts: &[(f64, f64)]| {
        format!(
            "<polygon points=\"{}\" {paint}/>",
            pts.iter().map(|p| format!("{:.1},{:.1}", p.0, p.1)).collect::<Vec<_>>().join(" ")
        )
    };
    match shape {
        "ellipse" | "oval" | "circle" => format!(
            "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {paint}/>",
            c.0,
            c.1,
            w / 2.0,
            h / 2.0
        ),
        "hexagon" => {
            let d = h / 2.0 * 0.6;
            poly(&[(x + d, y), (x + w - d, y), (x + w, c.1), (x + w - d, y + h), (x + d, y + h), (x, c.1)])
        }
        "octagon" => {
            let d = h * 0.28;
            poly(&[
                (x + d, y),
                (x + w - d, y),
                (x + w, y + d),
                (x + w, y + h - d),
                (x + w - d, y + h),
                (x + d, y + h),
                (x, y + h - d),
                (x, y + d),
            ])
        }
        "cylinder" => {
            let r = 4.0;
            format!(
                "<path d=\"M{x:.1},{:.1} A{:.1},{r} 0 0 1 {:.1},{:.1} L{:.1},{:.1} A{:.1},{r} 0 0 1 {x:.1},{:.1} z\" {paint}/>\
                 <path d=\"M{x:.1},{:.1} A{:.1},{r} 0 0 0 {:.1},{:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{sw}\"/>",
                y + r,
                w / 2.0,
                x + w,
                y + r,
                x + w,
                y + h - r,
                w / 2.0,
                y + h - r,
                y + r,
                w / 2.0,
                x + w,
                y + r,
                xml(stroke)
            )
        }
        "note" => {
            let f = 7.0;
            format!(
                "{}<path d=\"M{:.1},{y:.1} L{:.1},{:.1} L{:.1},{:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{sw}\"/>",
                poly(&[(x, y), (x + w - f, y), (x + w, y + f), (x + w, y + h), (x, y + h)]),
                x + w - f,
                x + w - f,
                y + f,
                x + w,
                y + f,
                xml(stroke)
            )
        }
        "folder" => poly(&[
            (x, y + 4.0),
            (x + 4.0, y),
            (x + w * 0.35, y),
            (x + w * 0.35 + 4.0, y + 4.0),
            (x + w, y + 4.0),
            (x + w, y + h),
            (x, y + h),
        ]),
        _ => format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"{}\" {paint}/>",
            if shape == "box" || shape == "rect" || shape == "rectangle" { "3" } else { "0" }
        ),
    }
}

/// Where the segment from a node's centre `c` towards `toward` leaves the node's outline.
fn clip(c: (f64, f64), s: Size, shape: &str, toward: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (toward.0 - c.0, toward.1 - c.1);
    if dx == 0.0 && dy == 0.0 {
        return c;
    }
    let (a, b) = (s.w / 2.0, s.h / 2.0);
    let t = if matches!(shape, "ellipse" | "oval" | "circle") {
        1.0 / ((dx / a).powi(2) + (dy / b).powi(2)).sqrt()
    } else {
        let tx = if dx == 0.0 { f64::INFINITY } else { a / dx.abs() };
        let ty = if dy == 0.0 { f64::INFINITY } else { b / dy.abs() };
        tx.min(ty)
    };
    let t = t.min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}

/// The convex hull of points (Andrew's monotone chain), counter-clockwise.
fn convex_hull(mut pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut lower: Vec<(f64, f64)> = Vec::new();
    for &p in &pts {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<(f64, f64)> = Vec::new();
    for &p in pts.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// Width of `text` in Helvetica at `size` points, from the font's character widths.
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' => 222,
            '\'' => 191,
            ' ' | 'f' | 't' | '.' | ',' | ':' | ';' | '!' | '/' | 'I' => 278,
            'r' | '-' | '(' | ')' | '[' | ']' => 333,
            'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
            'm' | 'M' => 833,
            'w' => 722,
            'W' => 944,
            'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
            'G' | 'O' | 'Q' => 778,
            'F' | 'T' | 'Z' => 611,
            'L' => 556,
            'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
            c if c.is_ascii() => 556,
            // Wide scripts and symbols.
            c if u32::from(c) >= 0x2E80 => 1000,
            _ => 600,
        })
        .sum();
    f64::from(units) / 1000.0 * size
}

/// A label with whitespace runs (and control characters) folded to single spaces.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, Node, VecMap};

    fn small() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(["related_to".to_owned()]);
        let mut add = |id: &str, label: &str, kind: &str| {
            g.add_node(Node {
                id: id.into(),
                label: label.into(),
                kind: kind.into(),
                mentions: 1,
                label_votes: VecMap::from([(label.to_owned(), 1)]),
                kind_votes: VecMap::from([(kind.to_owned(), (2, 1))]),
                ..Node::default()
            })
        };
        let a = add("a", "A <&> \"quoted\"", "Organization");
        let b = add("b", "B\u{1}ell", "Technology");
        let c = add("c", "a rather long label that wraps over lines", "Principle");
        let _ = add("d", "lonely", "Concept");
        let mut g2 = g;
        for (s, t, r) in [(a, b, "develops"), (b, c, "related_to"), (a, b, "uses")] {
            g2.add_edge(s, t, Edge { relation: r.into(), weight: 2.0, evidence: Vec::new(), reliability: 0.5 });
        }
        g2
    }

    #[test]
    fn writes_escaped_svg_with_every_node() {
        let g = small();
        let style = Style::from_ontology(&crate::ontology::Ontology::default());
        let opts = DotOptions { title: "t <1>".into(), note: "n & m".into(), ..DotOptions::default() };
        let out = String::from_utf8(write(&g, &style, &opts)).unwrap();
        assert_eq!(out.matches("<g class=\"node\"").count(), 4);
        assert_eq!(out.matches("<g class=\"edge\"").count(), 3);
        assert!(out.contains("A &lt;&amp;&gt; &quot;quoted&quot;"));
        assert!(out.contains("t &lt;1&gt;") && out.contains("n &amp; m"));
        assert!(!out.contains('\u{1}'));
        // Deterministic.
        assert_eq!(out.as_bytes(), write(&g, &style, &opts).as_slice());
        // The legend lists the kinds present, and only those.
        assert!(out.contains(">Principle</text>") && !out.contains(">Goal</text>"));
    }

    #[test]
    fn geometry_helpers() {
        let hull = convex_hull(vec![(0.0, 0.0), (2.0, 0.0), (1.0, 1.0), (2.0, 2.0), (0.0, 2.0)]);
        assert_eq!(hull.len(), 4);
        let p = clip((0.0, 0.0), Size { w: 20.0, h: 10.0 }, "box", (100.0, 0.0));
        assert!((p.0 - 10.0).abs() < 1e-9 && p.1 == 0.0);
        let e = clip((0.0, 0.0), Size { w: 20.0, h: 10.0 }, "ellipse", (0.0, 50.0));
        assert!((e.1 - 5.0).abs() < 1e-9);
        assert!(text_width("WWW", 10.0) > text_width("iii", 10.0));
    }
}
