//! HTML: one self-contained page that shows a graph interactively, offline.
//!
//! This file owns the page: its markup, the JSON island that carries the graph, and the
//! embedding rules. The viewer's script and style live in `assets/html/` and cytoscape.js 3.34.4
//! (MIT, license beside it) in `assets/vendor/cytoscape/`; all three are compiled in with
//! `include_str!` and inlined, so the page needs no network. A Content-Security-Policy forbids
//! every fetch, so a page that tried would fail loudly rather than leak.
//!
//! Embedding rules:
//! - The graph is JSON in `<script type="application/json">`, with `<`, `>`, `&`, U+2028 and
//!   U+2029 written as `\u` escapes, so no label can close the script element or start a
//!   comment.
//! - Text in the markup (the title) is HTML-escaped.
//! - Inlined scripts are checked: a `</script` inside one (case-insensitive) is written as
//!   `<\/script`, which JavaScript reads the same.

use std::collections::BTreeSet;

use serde::Serialize;

use super::dot::Style;
use crate::graph::KnowledgeGraph;

/// The vendored cytoscape.js, as published on npm (see `assets/vendor/cytoscape/SOURCE.md`).
pub const CYTOSCAPE_JS: &str = include_str!("../../assets/vendor/cytoscape/cytoscape.min.js");
/// The cytoscape.js license, kept in the page with the library.
pub const CYTOSCAPE_LICENSE: &str = include_str!("../../assets/vendor/cytoscape/LICENSE");
/// The viewer's script.
pub const VIEWER_JS: &str = include_str!("../../assets/html/viewer.js");
/// The viewer's style sheet.
pub const VIEWER_CSS: &str = include_str!("../../assets/html/viewer.css");

/// Options for [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOptions {
    /// The page title (`kg: cto-openai`).
    pub title: String,
}

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions { title: "kg".into() }
    }
}

#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    generator: &'a str,
    kinds: Vec<Kind>,
    relations: Vec<Relation<'a>>,
    nodes: Vec<PageNode<'a>>,
    edges: Vec<PageEdge<'a>>,
}

#[derive(Serialize)]
struct Kind {
    name: String,
    color: String,
}

#[derive(Serialize)]
struct Relation<'a> {
    name: &'a str,
    symmetric: bool,
}

#[derive(Serialize)]
struct PageNode<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'a str,
    aliases: Vec<&'a str>,
    mentions: u64,
}

#[derive(Serialize)]
struct PageEdge<'a> {
    source: &'a str,
    target: &'a str,
    relation: &'a str,
    weight: f64,
    confidence: f64,
    evidence: Vec<PageEvidence<'a>>,
}

#[derive(Serialize)]
struct PageEvidence<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

/// Escape text for HTML content or a double-quoted attribute.
pub fn escape(s: &str) -> String {
    super::escape_markup(s, Some("&#39;"))
}

/// JSON made safe inside a `<script>` element.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A script's source made safe to inline: `</script` (any case) becomes `<\/script`.
pub fn inline_script(js: &str) -> String {
    let lower = js.to_ascii_lowercase();
    if !lower.contains("</script") {
        return js.to_owned();
    }
    let mut out = String::with_capacity(js.len() + 16);
    let mut last = 0;
    for (i, _) in lower.match_indices("</script") {
        out.push_str(&js[last..i]);
        out.push_str("<\\/");
        last = i + 2;
    }
    out.push_str(&js[last..]);
    out
}

/// Write `g` as one self-contained HTML page.
pub fn write(g: &KnowledgeGraph, style: &Style, opts: &HtmlOptions) -> Vec<u8> {
    let kinds: BTreeSet<&str> = g.nodes_sorted().map(|i| g.node(i).kind.as_str()).collect();
    let relations: BTreeSet<&str> = g.graph().edge_weights().map(|e| e.relation.as_str()).collect();
    let page = Page {
        title: &opts.title,
        generator: &g.generator,
        kinds: kinds.into_iter().map(|k| Kind { name: k.to_owned(), color: style.of(k).0 }).collect(),
        relations: relations.into_iter().map(|r| Relation { name: r, symmetric: g.is_symmetric(r) }).collect(),
        nodes: g
            .nodes_sorted()
            .map(|i| {
                let n = g.node(i);
                PageNode {
                    id: &n.id,
                    label: &n.label,
                    kind: &n.kind,
                    aliases: n.aliases.keys().map(String::as_str).collect(),
                    mentions: n.mentions,
                }
            })
            .collect(),
        edges: g
            .edges_sorted()
            .into_iter()
            .map(|e| {
                let (s, t, edge) = g.edge(e);
                PageEdge {
                    source: &g.node(s).id,
                    target: &g.node(t).id,
                    relation: &edge.relation,
                    weight: edge.weight,
                    confidence: edge.confidence(),
                    evidence: edge
                        .evidence
                        .iter()
                        .map(|ev| PageEvidence { doc: &ev.doc, start: ev.start, end: ev.end, text: &ev.text })
                        .collect(),
                }
            })
            .collect(),
    };
    let json = serde_json::to_string(&page).expect("the page data serializes");
    let title = escape(&opts.title);
    let license: String = CYTOSCAPE_LICENSE
        .replace("*/", "* /")
        .lines()
        .map(|l| format!(" * {l}").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::with_capacity(CYTOSCAPE_JS.len() + json.len() + 16_384);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"{}\">\n<title>{title}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(&g.generator),
        VIEWER_CSS
    ));
    out.push_str(&format!(
        r#"<header>
<h1 title="{title}">{title}</h1>
<input id="search" type="search" placeholder="Search concepts and aliases (Enter to select)" list="labels" aria-label="Search concepts" autocomplete="off">
<span id="search-status" class="count"></span>
<button id="fit" type="button" title="Fit the graph to the window">Fit</button>
<button id="relayout" type="button" title="Lay the shown graph out again">Re-layout</button>
<span id="count" class="count"></span>
</header>
<aside id="left">
<h2>Path finder</h2>
<form id="path-form">
<input id="path-from" type="text" list="labels" placeholder="From (e.g. a label)" aria-label="Path from">
<input id="path-to" type="text" list="labels" placeholder="To" aria-label="Path to">
<button id="path-go" type="submit">Find path</button>
</form>
<div id="path-result"></div>
<h2>Kinds <span><a id="kinds-all">all</a> <a id="kinds-none">none</a></span></h2>
<div id="kinds" class="filters"></div>
<h2>Relations <span><a id="relations-all">all</a> <a id="relations-none">none</a></span></h2>
<div id="relations" class="filters"></div>
</aside>
<main><div id="cy" role="img" aria-label="The concept graph"></div><div class="hint">Drag to pan, scroll to zoom, click a concept or a relation for details.</div></main>
<aside id="right"><div id="details"><p class="muted">Click a concept to see its kind, aliases and relations with the sentences that support them.</p></div></aside>
<datalist id="labels"></datalist>
"#
    ));
    out.push_str("<script type=\"application/json\" id=\"kg-data\">");
    out.push_str(&script_json(&json));
    out.push_str("</script>\n<script>\n/*\n * cytoscape.js 3.34.4, inlined from the npm package. Its license:\n *\n");
    out.push_str(&license);
    out.push_str("\n */\n");
    out.push_str(&inline_script(CYTOSCAPE_JS));
    out.push_str("\n</script>\n<script>\n");
    out.push_str(&inline_script(VIEWER_JS));
    out.push_str("</script>\n</body>\n</html>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_vendored_library_is_the_pinned_one() {
        let digest = Sha256::digest(CYTOSCAPE_JS.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "081591ab735b2b6a3b31a3c60f8f3a3e2fee8c92939e0c7820ad1208571b6cd8");
        assert!(CYTOSCAPE_LICENSE.contains("Permission is hereby granted"));
    }

    #[test]
    fn embedded_text_cannot_break_the_page() {
        assert_eq!(script_json(r#"{"label":"</script><!--&"}"#), r#"{"label":"\u003c/script\u003e\u003c!--\u0026"}"#);
        assert_eq!(inline_script("a='</SCRIPT>'"), "a='<\\/SCRIPT>'");
        assert_eq!(inline_script("plain"), "plain");
        assert_eq!(escape("<b \"x\">&'"), "&lt;b &quot;x&quot;&gt;&amp;&#39;");
    }
}
