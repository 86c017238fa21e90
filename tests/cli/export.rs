//! `kg export`: every format is parsed back here, in Rust, and must keep the node and edge
//! counts and the labels; the same graph must give the same bytes. These run everywhere; the
//! checks with the real tools are in `interop.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::fixture::{repo, Env};

/// A small graph with every awkward thing an exporter must survive: markup, quotes, `{}|^`,
/// `;` and `|` in arrays, a control character, non-ASCII text, a node called `end`, parallel
/// edges, a symmetric edge, an edge without evidence and an isolated node.
pub(crate) const NASTY: &str = r#"{
  "format": "kg-graph", "version": 1, "directed": true, "multigraph": true,
  "graph": {"generator": "kg test", "documents": [
    {"id": "doc one", "path": "d/one.txt", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "bytes": 99}]},
  "nodes": [
    {"id": "a-b", "label": "A \"quoted\" <b>&amp; {x}|^`", "kind": "Technology",
     "aliases": ["=1+1", "a;b", "a|b"], "mentions": 3},
    {"id": "cafe", "label": "Café ☕", "kind": "Organization", "aliases": [], "mentions": 1},
    {"id": "end", "label": "end", "kind": "Concept", "aliases": ["END </script><script>alert(1)</script>"], "mentions": 2},
    {"id": "lonely", "label": "lonely -- x", "kind": "Goal", "aliases": [], "mentions": 1}
  ],
  "edges": [
    {"source": "a-b", "target": "end", "relation": "related_to", "weight": 1,
     "evidence": [{"doc": "doc one", "start": 0, "end": 10, "text": "A; B | end\u0007 </script> \"q\""}]},
    {"source": "a-b", "target": "end", "relation": "uses", "weight": 1,
     "evidence": [{"doc": "doc one", "start": 11, "end": 20, "text": "It's a\nnew line, with a comma"}]},
    {"source": "cafe", "target": "a-b", "relation": "develops", "weight": 2,
     "evidence": [{"doc": "doc one", "start": 21, "end": 30, "text": "Café develops A."},
                  {"doc": "doc one", "start": 31, "end": 40, "text": "=HYPERLINK(\"x\")"}]},
    {"source": "end", "target": "cafe", "relation": "part_of", "weight": 1, "evidence": []}
  ]
}
"#;

/// What every format must keep.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) edges: BTreeSet<(String, String, String)>,
}

/// The graph as kg's own JSON says it is.
pub(crate) fn summary_of_json(path: &Path) -> Summary {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let labels = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_owned(), n["label"].as_str().unwrap().to_owned()))
        .collect();
    let edges = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
                e["relation"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    Summary { labels, edges }
}

/// Control characters become spaces in the text formats that cannot carry them.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn cleaned(s: &Summary) -> Summary {
    Summary { labels: s.labels.iter().map(|(k, v)| (k.clone(), clean(v))).collect(), edges: s.edges.clone() }
}

pub(crate) fn nasty(env: &Env) -> PathBuf {
    env.write("g.json", NASTY)
}

/// Export `format` from `graph` (relative to the fixture folder) to `out`; assert success.
pub(crate) fn export(env: &Env, graph: &str, format: &str, out: &str, extra: &[&str]) {
    let mut args = vec!["export", "--graph", graph, "--format", format, "-o", out];
    args.extend_from_slice(extra);
    let r = env.kg(&args);
    assert_eq!(r.code, 0, "kg export --format {format}: {}", r.stderr);
}

fn read(env: &Env, rel: &str) -> String {
    String::from_utf8(std::fs::read(env.path(rel)).unwrap()).unwrap()
}

const FILE_FORMATS: &[(&str, &str)] = &[
    ("json", "g.json"),
    ("dot", "g.dot"),
    ("graphml", "g.graphml"),
    ("ntriples", "g.nt"),
    ("turtle", "g.ttl"),
    ("cypher", "g.cypher"),
    ("mermaid", "g.mmd"),
    ("html", "g.html"),
];
const FOLDER_FORMATS: &[&str] = &["neo4j-csv", "kuzu-csv", "csv"];

/// Every file under `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            for (k, v) in snapshot(&p) {
                out.insert(format!("{}/{k}", p.file_name().unwrap().to_string_lossy()), v);
            }
        } else {
            out.insert(p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap());
        }
    }
    out
}

#[test]
fn every_format_gives_the_same_bytes_twice() {
    let env = Env::new();
    nasty(&env);
    for run in ["one", "two"] {
        for (format, file) in FILE_FORMATS {
            export(&env, "g.json", format, &format!("{run}/{file}"), &[]);
        }
        for format in FOLDER_FORMATS {
            export(&env, "g.json", format, &format!("{run}/{format}"), &[]);
        }
    }
    let one = snapshot(&env.path("one"));
    assert_eq!(one.len(), FILE_FORMATS.len() + 3 + 6 + 2, "{:?}", one.keys());
    assert_eq!(one, snapshot(&env.path("two")));
}

#[test]
fn json_round_trips() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "json", "out.json", &[]);
    assert_eq!(summary_of_json(&env.path("out.json")), summary_of_json(&env.path("g.json")));
    export(&env, "out.json", "json", "again.json", &[]);
    assert_eq!(read(&env, "out.json"), read(&env, "again.json"));
}

#[test]
fn graphml_round_trips_and_is_well_formed() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "graphml", "g.graphml", &[]);
    let xml = read(&env, "g.graphml");
    assert!(!xml.chars().any(|c| c.is_control() && c != '\n'));
    // An independent parse: keys are typed, nodes and edges carry their data.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut edges, mut edge_ids) = (0, 0, BTreeSet::new());
    let mut key_types = BTreeMap::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |k: &[u8]| e.try_get_attribute(k).unwrap().map(|a| a.unescape_value().unwrap().into_owned());
                match e.name().as_ref() {
                    b"key" => {
                        key_types.insert(attr(b"attr.name").unwrap(), attr(b"attr.type").unwrap());
                    }
                    b"node" => nodes += 1,
                    b"edge" => {
                        edges += 1;
                        edge_ids.insert(attr(b"id").unwrap());
                    }
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((nodes, edges, edge_ids.len()), (4, 4, 4));
    assert_eq!(key_types["mentions"], "long");
    assert_eq!(key_types["weight"], "double");
    assert_eq!(key_types["symmetric"], "boolean");
    assert_eq!(key_types["aliases"], "string");
    // kg reads it back: counts, labels, relations, aliases and evidence survive.
    export(&env, "g.graphml", "json", "back.json", &[]);
    let want = cleaned(&summary_of_json(&env.path("g.json")));
    assert_eq!(summary_of_json(&env.path("back.json")), want);
    let back: serde_json::Value = serde_json::from_str(&read(&env, "back.json")).unwrap();
    assert_eq!(back["nodes"][0]["aliases"][1], "a;b");
    assert_eq!(back["edges"][0]["evidence"][0]["text"], "A; B | end\u{7} </script> \"q\"");
    assert_eq!(back["graph"]["documents"][0]["id"], "doc one");
}

#[test]
fn graphml_read_errors_name_the_place() {
    let env = Env::new();
    env.write("bad.graphml", "<graphml>\n<graph>\n<node id=\"a\"/>\n<node id=\"a\"/>\n</graph>\n</graphml>\n");
    let r = env.kg(&["stats", "--graph", "bad.graphml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.graphml:4:1") && r.stderr.contains("duplicate node id 'a'"), "{}", r.stderr);
}

/// Parse N-Triples or Turtle with oxttl into (subject, predicate, object) strings.
fn triples(text: &str, turtle: bool) -> BTreeSet<(String, String, String)> {
    let parsed: Vec<oxrdf::Triple> = if turtle {
        oxttl::TurtleParser::new().for_slice(text.as_bytes()).collect::<Result<_, _>>().expect("valid Turtle")
    } else {
        oxttl::NTriplesParser::new().for_slice(text.as_bytes()).collect::<Result<_, _>>().expect("valid N-Triples")
    };
    parsed.into_iter().map(|t| (t.subject.to_string(), t.predicate.to_string(), t.object.to_string())).collect()
}

#[test]
fn rdf_round_trips_with_encoded_iris() {
    let env = Env::new();
    nasty(&env);
    let base = "http://example.com/my kg/";
    let r = env.kg(&["export", "--graph", "g.json", "-o", "x.nt", "--base-iri", base]);
    assert_eq!(r.code, 2, "a space in the base IRI is refused");
    assert!(r.stderr.contains("--base-iri"), "{}", r.stderr);
    let base = "http://example.com/kg";
    export(&env, "g.json", "ntriples", "g.nt", &["--base-iri", base]);
    export(&env, "g.json", "turtle", "g.ttl", &["--base-iri", base]);
    let nt = triples(&read(&env, "g.nt"), false);
    let ttl = triples(&read(&env, "g.ttl"), true);
    assert_eq!(nt, ttl, "N-Triples and Turtle say the same");
    let rdfs_label = "<http://www.w3.org/2000/01/rdf-schema#label>";
    let concept = "<http://example.com/kg/concept/";
    let labels: BTreeMap<String, String> = nt
        .iter()
        .filter(|(s, p, _)| s.starts_with(concept) && p == rdfs_label)
        .map(|(s, _, o)| {
            let id = s[concept.len()..s.len() - 1].to_owned();
            let lit: oxrdf::Literal = match oxttl::NTriplesParser::new()
                .for_slice(format!("<x:s> <x:p> {o} .").as_bytes())
                .next()
                .unwrap()
                .unwrap()
                .object
            {
                oxrdf::Term::Literal(l) => l,
                other => panic!("{other}"),
            };
            (id, lit.value().to_owned())
        })
        .collect();
    let want = summary_of_json(&env.path("g.json"));
    assert_eq!(labels, want.labels);
    let relation = "<http://example.com/kg/relation/";
    let edges: BTreeSet<(String, String, String)> = nt
        .iter()
        .filter(|(s, p, o)| s.starts_with(concept) && p.starts_with(relation) && o.starts_with(concept))
        .map(|(s, p, o)| {
            let strip = |x: &str, pre: &str| x[pre.len()..x.len() - 1].to_owned();
            (strip(s, concept), strip(o, concept), strip(p, relation))
        })
        .collect();
    assert_eq!(edges, want.edges);
    let statements = nt
        .iter()
        .filter(|(_, p, o)| {
            p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
                && o == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"
        })
        .count();
    assert_eq!(statements, 4);
    // The document id "doc one" is percent-encoded; no IRI has a space or {}|^.
    assert!(nt.iter().any(|(s, _, _)| s == "<http://example.com/kg/document/doc%20one>"));
    for (s, p, o) in &nt {
        for t in [s, p, o] {
            if t.starts_with('<') {
                assert!(!t.contains([' ', '{', '}', '|', '^', '"']), "{t}");
            }
        }
    }
    let alt = nt.iter().filter(|(_, p, _)| p == "<http://www.w3.org/2004/02/skos/core#altLabel>").count();
    assert_eq!(alt, 4);
}

/// Single-quoted Cypher strings in a statement, unescaped.
fn cypher_strings(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            let mut s = String::new();
            loop {
                match chars.next().expect("string closes") {
                    '\\' => s.push(chars.next().expect("escape")),
                    '\'' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        }
    }
    out
}

#[test]
fn cypher_scripts_keep_counts_and_labels() {
    let env = Env::new();
    nasty(&env);
    let want = cleaned(&summary_of_json(&env.path("g.json")));
    for dialect in ["neo4j", "memgraph", "kuzu"] {
        let out = format!("{dialect}.cypher");
        export(&env, "g.json", "cypher", &out, &["--dialect", dialect]);
        let text = read(&env, &out);
        let mut labels = BTreeMap::new();
        let mut edges = BTreeSet::new();
        for line in text.lines() {
            if line.starts_with("//") {
                continue;
            }
            assert!(line.ends_with(';'), "{line}");
            assert!(!line.chars().any(char::is_control), "{line}");
            let s = cypher_strings(line);
            if line.starts_with("MERGE (n:Concept {id: ") {
                labels.insert(s[0].clone(), s[1].clone());
                assert_eq!(line.contains("SET n:`"), dialect != "kuzu", "{line}");
            } else if line.starts_with("MATCH (a:Concept {id: ") {
                edges.insert((s[0].clone(), s[1].clone(), s[2].clone()));
            } else {
                assert!(line.starts_with("CREATE "), "{line}");
            }
        }
        assert_eq!(Summary { labels, edges }, want, "{dialect}");
    }
}

/// The header grammar of `neo4j-admin database import`: `[name][:TYPE[(idspace)]]`, with the
/// documented types and optional `[]` for arrays.
fn neo4j_header_ok(column: &str) -> bool {
    const TYPES: &[&str] = &[
        "int",
        "long",
        "float",
        "double",
        "boolean",
        "byte",
        "short",
        "char",
        "string",
        "point",
        "date",
        "localtime",
        "time",
        "localdatetime",
        "datetime",
        "duration",
    ];
    const SPECIAL: &[&str] = &["ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"];
    let name_ok = |n: &str| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match column.split_once(':') {
        None => !column.is_empty() && name_ok(column),
        Some((name, ty)) => {
            let ty = ty.split_once('(').map_or(ty, |(t, rest)| {
                assert!(rest.ends_with(')'), "{column}");
                t
            });
            let special = SPECIAL.contains(&ty);
            let typed = TYPES.contains(&ty.trim_end_matches("[]"));
            name_ok(name) && (special || (typed && !name.is_empty())) && (!name.is_empty() || special)
        }
    }
}

#[test]
fn neo4j_csv_follows_the_import_grammar() {
    for (ok, bad) in
        [("id:ID", "id:id"), (":LABEL", ":FOO"), ("aliases:string[]", "aliases:str[]"), ("mentions:int", ":int")]
    {
        assert!(neo4j_header_ok(ok), "{ok}");
        assert!(!neo4j_header_ok(bad), "{bad}");
    }
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "neo4j-csv", "neo4j", &[]);
    let script = read(&env, "neo4j/import.sh");
    // "a;b" and "a|b" are both aliases, so the delimiter falls back to U+001F.
    assert!(script.contains("--array-delimiter=U+001F"), "{script}");
    assert!(script.contains("--nodes=nodes.csv") && script.contains("--relationships=relationships.csv"));
    let delim = '\u{1f}';
    let mut nodes = csv::Reader::from_path(env.path("neo4j/nodes.csv")).unwrap();
    let headers: Vec<String> = nodes.headers().unwrap().iter().map(String::from).collect();
    assert!(headers.iter().all(|h| neo4j_header_ok(h)), "{headers:?}");
    assert_eq!(headers[0], "id:ID");
    assert!(headers.contains(&"aliases:string[]".to_owned()) && headers.contains(&"mentions:int".to_owned()));
    let mut labels = BTreeMap::new();
    for row in nodes.records() {
        let row = row.unwrap();
        assert_eq!(row.len(), headers.len());
        labels.insert(row[0].to_owned(), row[1].to_owned());
        let label_col = headers.iter().position(|h| h == ":LABEL").unwrap();
        assert!(row[label_col].starts_with(&format!("Concept{delim}")));
        if &row[0] == "a-b" {
            let aliases: Vec<&str> = row[3].split(delim).collect();
            assert_eq!(aliases, ["=1+1", "a;b", "a|b"]);
        }
    }
    let mut rels = csv::Reader::from_path(env.path("neo4j/relationships.csv")).unwrap();
    let headers: Vec<String> = rels.headers().unwrap().iter().map(String::from).collect();
    assert!(headers.iter().all(|h| neo4j_header_ok(h)), "{headers:?}");
    assert_eq!(&headers[..3], [":START_ID", ":END_ID", ":TYPE"]);
    let mut edges = BTreeSet::new();
    for row in rels.records() {
        let row = row.unwrap();
        assert!(!row.iter().any(|f| f.contains(['\n', '\r'])), "no multi-line fields");
        assert_eq!(row[2], row[3].to_uppercase());
        edges.insert((row[0].to_owned(), row[1].to_owned(), row[3].to_owned()));
    }
    assert_eq!(Summary { labels, edges }, cleaned(&summary_of_json(&env.path("g.json"))));
}

#[test]
fn kuzu_csv_columns_match_the_tables() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "kuzu-csv", "kuzu", &[]);
    let script = read(&env, "kuzu/load.cypher");
    // Column counts of each table, from its CREATE statement.
    let mut columns: BTreeMap<String, usize> = BTreeMap::new();
    let mut copies: Vec<(String, String)> = Vec::new();
    for line in script.lines() {
        if let Some(rest) = line.strip_prefix("CREATE NODE TABLE ") {
            let (name, cols) = rest.split_once('(').unwrap();
            columns.insert(name.to_owned(), cols.split(", ").count());
        } else if let Some(rest) = line.strip_prefix("CREATE REL TABLE ") {
            let (name, cols) = rest.split_once('(').unwrap();
            // FROM/TO become two columns; MANY_MANY is not a column.
            let props = cols.split(", ").filter(|c| !c.starts_with("FROM") && !c.starts_with("MANY_MANY")).count();
            columns.insert(name.trim_matches('`').to_owned(), props + 2);
        } else if let Some(rest) = line.strip_prefix("COPY ") {
            let (table, rest) = rest.split_once(" FROM '").unwrap();
            let file = rest.split_once('\'').unwrap().0;
            copies.push((table.trim_matches('`').to_owned(), file.to_owned()));
        }
    }
    assert_eq!(copies.len(), 1 + 4, "{script}");
    let mut labels = BTreeMap::new();
    let mut edges = BTreeSet::new();
    for (table, file) in copies {
        let mut r = csv::Reader::from_path(env.path(&format!("kuzu/{file}"))).unwrap();
        let width = r.headers().unwrap().len();
        assert_eq!(width, columns[&table], "{file}");
        for row in r.records() {
            let row = row.unwrap();
            assert_eq!(row.len(), width, "{file}");
            if table == "Concept" {
                labels.insert(row[0].to_owned(), row[1].to_owned());
                let aliases: Vec<String> = serde_json::from_str(&row[3]).unwrap();
                if &row[0] == "a-b" {
                    assert_eq!(aliases, ["=1+1", "a;b", "a|b"]);
                }
            } else {
                assert_eq!(table, row[2].to_uppercase());
                edges.insert((row[0].to_owned(), row[1].to_owned(), row[2].to_owned()));
            }
        }
    }
    assert_eq!(Summary { labels, edges }, cleaned(&summary_of_json(&env.path("g.json"))));
}

/// Undo Mermaid's entity codes.
fn mermaid_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("entity ends") + i;
        let code = &rest[i + 1..end];
        out.push(match code {
            "quot" => '"',
            n => char::from_u32(n.parse().expect("numeric entity")).unwrap(),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A strict reading of the Mermaid kg writes: every line is a comment, the header, a node, an
/// edge, a classDef or a class line. Returns (id -> label, edges).
fn parse_mermaid(text: &str) -> Summary {
    let mut lines = text.lines().filter(|l| !l.starts_with("%%"));
    assert_eq!(lines.next(), Some("graph LR"));
    let id_ok = |id: &str| id.starts_with("c_") && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // Only letters, digits, spaces, a few safe marks, and entity codes (`#quot;`, `#35;`).
    let label_ok = |l: &str| {
        let mut rest = l;
        while let Some(c) = rest.chars().next() {
            if c == '#' {
                let end = rest.find(';').expect("entity ends");
                let code = &rest[1..end];
                assert!(code == "quot" || code.parse::<u32>().is_ok(), "{l}");
                rest = &rest[end + 1..];
            } else {
                assert!(c.is_alphanumeric() || " -_.,:/'+()!?".contains(c), "{c:?} in {l}");
                rest = &rest[c.len_utf8()..];
            }
        }
        true
    };
    let mut labels = BTreeMap::new();
    let mut ids = BTreeMap::new();
    let mut edges = BTreeSet::new();
    for line in lines {
        let body = line.strip_prefix("  ").unwrap_or_else(|| panic!("indented: {line}"));
        if let Some((id, rest)) = body.split_once("[\"") {
            let label = rest.strip_suffix("\"]").unwrap_or_else(|| panic!("{line}"));
            assert!(id_ok(id) && label_ok(label), "{line}");
            ids.insert(id.to_owned(), mermaid_unescape(label));
        } else if body.starts_with("classDef ") || body.starts_with("class ") {
            assert!(!body.contains('"'), "{line}");
        } else {
            let parts: Vec<&str> = body.split(' ').collect();
            assert_eq!(parts.len(), 3, "{line}");
            let (arrow, label) = parts[1].split_once('|').unwrap();
            assert!(["-->", "---", "-.-", "-.->"].contains(&arrow), "{line}");
            let label = label.strip_prefix('"').unwrap().strip_suffix("\"|").unwrap();
            assert!(id_ok(parts[0]) && id_ok(parts[2]) && label_ok(label), "{line}");
            edges.insert((parts[0].to_owned(), parts[2].to_owned(), mermaid_unescape(label)));
        }
    }
    // Map Mermaid ids back to kg ids (c_ + id with - as _; kg ids have no _).
    let kg_id = |m: &str| m[2..].replace('_', "-");
    for (m, l) in ids {
        labels.insert(kg_id(&m), l);
    }
    Summary { labels, edges: edges.into_iter().map(|(s, t, r)| (kg_id(&s), kg_id(&t), r)).collect() }
}

#[test]
fn mermaid_is_strict_and_keeps_labels() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "mermaid", "g.mmd", &[]);
    let got = parse_mermaid(&read(&env, "g.mmd"));
    assert_eq!(got, cleaned(&summary_of_json(&env.path("g.json"))));
}

#[test]
fn mermaid_takes_size_limits_and_focus() {
    let env = Env::new();
    let corpus = repo().join("graph-data/corpus");
    let r = env.kg(&["build", corpus.to_str().unwrap(), "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let full = summary_of_json(&env.path("out/graph.json"));
    assert!(full.labels.len() > 60);
    // Default: the 60 most connected.
    let r = env.kg(&["export", "--graph", "out/graph.json", "--format", "mermaid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let top = parse_mermaid(&r.stdout);
    assert_eq!(top.labels.len(), 60);
    assert!(r.stdout.contains(&format!("%% 60 of {} concepts", full.labels.len())));
    assert!(top.labels.contains_key("openai") && top.labels.contains_key("cto"));
    assert!(r.stderr.contains("shows 60 of"), "{}", r.stderr);
    // --max-nodes 0 shows everything.
    let r = env.kg(&["export", "--graph", "out/graph.json", "--format", "mermaid", "--max-nodes", "0"]);
    assert_eq!(parse_mermaid(&r.stdout).labels.len(), full.labels.len());
    // --focus: the concept and its neighbours within --depth.
    let r = env.kg(&["export", "--graph", "out/graph.json", "--format", "mermaid", "--focus", "GPU", "--depth", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let near = parse_mermaid(&r.stdout);
    let want: BTreeSet<&str> = full
        .edges
        .iter()
        .filter_map(|(s, t, _)| match (s.as_str(), t.as_str()) {
            ("gpu", o) | (o, "gpu") => Some(o),
            _ => None,
        })
        .chain(["gpu"])
        .collect();
    assert_eq!(near.labels.keys().map(String::as_str).collect::<BTreeSet<_>>(), want);
    let r = env.kg(&["export", "--graph", "out/graph.json", "--format", "mermaid", "--focus", "GPUX"]);
    assert_eq!(r.code, 1, "an unknown focus is 'not found'");
    assert!(r.stderr.contains("did you mean 'GPU'"), "{}", r.stderr);
    // The other formats are whole unless asked.
    let r = env.kg(&["export", "--graph", "out/graph.json", "--format", "json", "--max-nodes", "5"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 5);
}

#[test]
fn csv_tables_for_spreadsheets() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "csv", "tables", &[]);
    let raw = read(&env, "tables/nodes.csv");
    assert!(raw.starts_with("id,label,kind,aliases,mentions,degree,community\r\n"));
    let mut labels = BTreeMap::new();
    for row in csv::Reader::from_path(env.path("tables/nodes.csv")).unwrap().records() {
        let row = row.unwrap();
        labels.insert(row[0].to_owned(), row[1].to_owned());
        if &row[0] == "a-b" {
            assert_eq!(&row[3], "'=1+1; a;b; a|b", "a formula is defused");
            assert_eq!(&row[5], "3");
        }
    }
    let mut edges = BTreeSet::new();
    for row in csv::Reader::from_path(env.path("tables/edges.csv")).unwrap().records() {
        let row = row.unwrap();
        assert_eq!(row.len(), 10);
        edges.insert((row[0].to_owned(), row[1].to_owned(), row[4].to_owned()));
        if &row[0] == "cafe" {
            assert_eq!(&row[8], "Café develops A.\n=HYPERLINK(\"x\")");
        }
    }
    assert_eq!(Summary { labels, edges }, summary_of_json(&env.path("g.json")));
}

#[test]
fn html_is_one_safe_offline_page() {
    let env = Env::new();
    nasty(&env);
    export(&env, "g.json", "html", "g.html", &[]);
    let page = read(&env, "g.html");
    let lower = page.to_ascii_lowercase();
    // Exactly the page's own three scripts close; nothing in the data closes one.
    assert_eq!(lower.matches("</script").count(), 3);
    assert!(!page.contains("alert(1)</script>"));
    assert!(!lower.contains("<script src") && !lower.contains("<link"));
    assert!(page.contains("Content-Security-Policy") && page.contains("default-src 'none'"));
    assert!(page.contains("Copyright (c) 2016-2026, The Cytoscape Consortium"));
    let start = page.find("<script type=\"application/json\" id=\"kg-data\">").unwrap();
    let body = &page[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    assert!(!body.contains(['<', '>']));
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    let labels: BTreeMap<String, String> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().into(), n["label"].as_str().unwrap().into()))
        .collect();
    let edges: BTreeSet<(String, String, String)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().into(),
                e["target"].as_str().unwrap().into(),
                e["relation"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(Summary { labels, edges }, summary_of_json(&env.path("g.json")));
    assert_eq!(v["nodes"][2]["aliases"][0], "END </script><script>alert(1)</script>");
}

#[test]
fn formats_come_from_names_and_extensions() {
    let env = Env::new();
    nasty(&env);
    for (ext, marker) in [
        ("graphml", "<graphml"),
        ("nt", "> <"),
        ("ttl", "@prefix"),
        ("cypher", "MERGE"),
        ("mmd", "graph LR"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let out = format!("x.{ext}");
        let r = env.kg(&["export", "--graph", "g.json", "-o", &out]);
        assert_eq!(r.code, 0, "{ext}: {}", r.stderr);
        assert!(read(&env, &out).contains(marker), "{ext}");
    }
    let r = env.kg(&["export", "--graph", "g.json", "-o", "x.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot tell the format"), "{}", r.stderr);
    let r = env.kg(&["export", "--graph", "g.json", "--format", "neo4j-csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("writes a folder of files; give -o DIR"), "{}", r.stderr);
    env.write("afile", "x");
    let r = env.kg(&["export", "--graph", "g.json", "--format", "csv", "-o", "afile"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a file"), "{}", r.stderr);
    let r = env.kg(&["export", "--graph", "g.json", "--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("kuzu-csv, mermaid, csv, html"), "{}", r.stderr);
    let r = env.kg(&["export", "--graph", "g.json", "--format", "ttl"]);
    assert_eq!(r.code, 0, "alias names work: {}", r.stderr);
}

#[test]
fn an_empty_graph_exports_in_every_format() {
    let env = Env::new();
    env.write(
        "empty.json",
        r#"{"format":"kg-graph","version":1,"directed":true,"multigraph":true,
            "graph":{"generator":"kg test","documents":[]},"nodes":[],"edges":[]}"#,
    );
    for (format, file) in FILE_FORMATS {
        export(&env, "empty.json", format, file, &[]);
    }
    for format in FOLDER_FORMATS {
        export(&env, "empty.json", format, format, &[]);
    }
    assert_eq!(parse_mermaid(&read(&env, "g.mmd")), Summary { labels: BTreeMap::new(), edges: BTreeSet::new() });
    assert!(triples(&read(&env, "g.ttl"), true).is_empty());
    export(&env, "g.graphml", "json", "back.json", &[]);
    assert!(summary_of_json(&env.path("back.json")).labels.is_empty());
}
