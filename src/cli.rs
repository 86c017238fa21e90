//! The command line: argument parsing (clap derive), dispatch, printing and exit codes.
//!
//! This is the only module that prints, reads the environment or decides exit codes. Results go
//! to stdout; warnings, progress and errors go to stderr. Exit codes: 0 success, 1 "nothing
//! found" (no path, unknown concept), 2 errors and usage errors. A closed pipe exits 0.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::atomic::write_atomic;
use crate::build::build_paths;
use crate::error::Error;
use crate::export::{cypher, dot, graphml, html, json, mermaid, neo4j_csv, rdf, select, Format};
use crate::extract::Options;
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::query;

const EXAMPLES: &str = "\
Examples:
  kg build                          build output/graph.json and output/graph.dot from graph-data/corpus
  kg build notes/ paper.md --out out
  kg path AGI GPU                   how two concepts connect, with evidence
  kg neighbors safety --depth 2
  kg show CTO --why                 kind, aliases (and why they merged), relations
  kg stats
  kg export --format dot -o graph.dot
  kg export -o graph.graphml        Gephi, yEd, NetworkX, igraph (format from the extension)
  kg export -o graph.ttl --base-iri https://example.com/kg/
  kg export --format neo4j-csv -o neo4j/
  kg export --format mermaid --focus CTO --depth 1
  kg export -o graph.html           an offline page to explore the graph in a browser
  kg eval gold.json output/graph.json";

/// kg: build a typed knowledge graph of the concepts in English text, and query it.
#[derive(Debug, Parser)]
#[command(name = "kg", version, about, after_help = EXAMPLES)]
pub struct Args {
    /// When to use colour on stderr.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Print only results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what kg does.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// kg's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph of a corpus: .txt and .md files, folders read recursively.
    Build(BuildArgs),
    /// The shortest chain of relations between two concepts, with evidence.
    Path(PathArgs),
    /// Concepts within some hops of a concept.
    #[command(alias = "neighbours")]
    Neighbors(NeighborsArgs),
    /// A concept: kind, aliases, mentions, and its relations with evidence.
    Show(ShowArgs),
    /// Counts by kind and relation, and the most connected concepts.
    Stats(StatsArgs),
    /// Write a saved graph in another format.
    Export(ExportArgs),
    /// Score a graph against a gold concept map (the project's scorer).
    Eval(EvalArgs),
}

/// Where a query reads its graph.
#[derive(Debug, Clone, ClapArgs)]
pub struct GraphArg {
    /// The graph to read: kg's JSON, or GraphML (by the .graphml extension).
    #[arg(long, default_value = "output/graph.json")]
    pub graph: PathBuf,
}

/// `kg build`.
#[derive(Debug, Clone, ClapArgs)]
pub struct BuildArgs {
    /// Files and folders to read (default: graph-data/corpus).
    pub inputs: Vec<PathBuf>,
    /// The folder to write graph.json and graph.dot into.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// An ontology file to use instead of the built-in one.
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Leave out concepts below this salience (lower keeps more).
    #[arg(long, default_value_t = Options::default().min_salience)]
    pub min_salience: f64,
    /// Treat warnings (skipped files) as errors.
    #[arg(long)]
    pub strict: bool,
}

/// Output formats of queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Lines of text.
    Text,
    /// The answer as a kg graph (JSON format version 1).
    Json,
    /// The answer as a Graphviz diagram.
    Dot,
}

/// `kg path`.
#[derive(Debug, Clone, ClapArgs)]
pub struct PathArgs {
    /// Where the path starts (id, label or alias).
    pub from: String,
    /// Where it ends.
    pub to: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// `kg neighbors`.
#[derive(Debug, Clone, ClapArgs)]
pub struct NeighborsArgs {
    /// The concept.
    pub name: String,
    /// How many hops.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// `kg show`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ShowArgs {
    /// The concept.
    pub name: String,
    /// Say why each alias was merged.
    #[arg(long)]
    pub why: bool,
    #[command(flatten)]
    pub graph: GraphArg,
}

/// `kg stats`.
#[derive(Debug, Clone, ClapArgs)]
pub struct StatsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// How many top concepts to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

/// `kg export`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ExportArgs {
    /// The format: json, dot, graphml, ntriples, turtle, cypher, neo4j-csv, kuzu-csv, mermaid,
    /// csv or html (default: from the extension of -o).
    #[arg(long)]
    pub format: Option<String>,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Write here instead of stdout; a folder for neo4j-csv, kuzu-csv and csv.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// An ontology for the diagram's colours and shapes.
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// The base IRI of the RDF exports (ntriples, turtle); concepts are BASE/concept/ID.
    #[arg(long, value_name = "IRI", default_value = rdf::DEFAULT_BASE_IRI)]
    pub base_iri: String,
    /// The database a Cypher script is for.
    #[arg(long, value_enum, default_value_t = CypherDialect::Neo4j)]
    pub dialect: CypherDialect,
    #[command(flatten)]
    pub limits: DiagramLimits,
}

/// How much of the graph an export shows (`kg export`).
#[derive(Debug, Clone, ClapArgs)]
pub struct DiagramLimits {
    /// Show at most this many concepts, the most connected first; 0 shows all (default: 60 for
    /// mermaid, all for the other formats).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
    /// Show only this concept and its neighbours (id, label or alias).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// With --focus: how many hops of neighbours.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "focus")]
    pub depth: usize,
}

/// Databases a Cypher script can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CypherDialect {
    /// Neo4j 5 (cypher-shell).
    Neo4j,
    /// Memgraph (mgconsole).
    Memgraph,
    /// Kuzu (creates the tables first).
    Kuzu,
}

/// The Mermaid diagram's default size.
pub const MERMAID_MAX_NODES: usize = 60;

/// `kg eval`.
#[derive(Debug, Clone, ClapArgs)]
pub struct EvalArgs {
    /// The gold concept map.
    pub gold: PathBuf,
    /// The graph to score.
    pub graph: PathBuf,
    /// Print the full result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Success,
    /// The query found nothing.
    NotFound,
    /// An error.
    Error,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Success => ExitCode::SUCCESS,
            Exit::NotFound => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}

/// Messages on stderr, honouring `--quiet` and `--color`.
struct Ui {
    quiet: bool,
    color: bool,
}

impl Ui {
    fn new(args: &Args) -> Ui {
        Ui { quiet: args.quiet, color: use_color(args.color) }
    }
    fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
    fn warn(&self, msg: &str) {
        if self.color {
            eprintln!("\x1b[33mkg: warning:\x1b[0m {msg}");
        } else {
            eprintln!("kg: warning: {msg}");
        }
    }
}

fn use_color(when: ColorWhen) -> bool {
    use std::io::IsTerminal;
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    }
}

/// Print the error chain once, on stderr, and choose the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    eprintln!("kg: error: {err:#}");
    let not_found = err.chain().any(|e| e.downcast_ref::<Error>().is_some_and(Error::is_not_found));
    if not_found {
        Exit::NotFound.into()
    } else {
        Exit::Error.into()
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Run a command.
///
/// # Errors
/// Any error, for [`report`].
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ui = Ui::new(&args);
    let exit = match &args.command {
        Command::Build(b) => build(b, &ui)?,
        Command::Path(p) => path(p)?,
        Command::Neighbors(n) => neighbors(n)?,
        Command::Show(s) => show(s)?,
        Command::Stats(s) => stats(s)?,
        Command::Export(e) => export(e, &ui)?,
        Command::Eval(e) => eval(e)?,
    };
    Ok(exit.into())
}

fn load_ontology(path: Option<&Path>) -> anyhow::Result<Ontology> {
    match path {
        Some(p) => Ok(Ontology::load(p)?),
        None => Ok(Ontology::default()),
    }
}

fn load_graph(path: &Path) -> anyhow::Result<KnowledgeGraph> {
    if !path.exists() {
        bail!("{}: no such graph; run `kg build` first, or give --graph FILE", path.display());
    }
    if Format::from_extension(path) == Some(Format::Graphml) {
        return Ok(graphml::load(path)?);
    }
    Ok(json::load(path)?)
}

fn stdout_write(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

fn build(b: &BuildArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let ontology = load_ontology(b.ontology.as_deref())?;
    let inputs = if b.inputs.is_empty() {
        let default = PathBuf::from("graph-data/corpus");
        if !default.exists() {
            bail!(
                "no input given and graph-data/corpus does not exist here; give files or folders: `kg build PATH...`"
            );
        }
        vec![default]
    } else {
        b.inputs.clone()
    };
    if !b.min_salience.is_finite() {
        bail!("--min-salience must be a number");
    }
    let options = Options { min_salience: b.min_salience, ..Options::default() };
    let started = std::time::Instant::now();
    let built = build_paths(&inputs, &ontology, &options, &mut |_, _| {})?;
    for w in &built.warnings {
        ui.warn(&w.to_string());
    }
    if b.strict && !built.warnings.is_empty() {
        bail!("{} warning(s) and --strict was given", built.warnings.len());
    }
    std::fs::create_dir_all(&b.out).with_context(|| format!("{}: cannot create the output folder", b.out.display()))?;
    let json_path = b.out.join("graph.json");
    let dot_path = b.out.join("graph.dot");
    let g = &built.graph;
    crate::atomic::write_atomic_with(&json_path, |w| json::write(g, w, json::WriteOptions::default()))?;
    let title = corpus_title(g);
    let dot_bytes =
        dot::write(g, &dot::Style::from_ontology(&ontology), &dot::DotOptions { title, ..dot::DotOptions::default() });
    write_atomic(&dot_path, &dot_bytes)?;
    ui.info(&format!(
        "kg: read {} document(s), {} bytes in {:.2}s: {} concepts, {} relations -> {}, {}",
        built.documents,
        built.bytes,
        started.elapsed().as_secs_f64(),
        g.node_count(),
        g.edge_count(),
        json_path.display(),
        dot_path.display()
    ));
    Ok(Exit::Success)
}

/// The diagram title: the corpus's document ids.
fn corpus_title(g: &KnowledgeGraph) -> String {
    let ids: Vec<&str> = g.documents.keys().map(String::as_str).collect();
    match ids.len() {
        0 => "kg".into(),
        1..=3 => format!("kg: {}", ids.join(", ")),
        n => format!("kg: {}, {} and {} more", ids[0], ids[1], n - 2),
    }
}

fn hop_line(g: &KnowledgeGraph, h: &query::Hop) -> String {
    let (_, _, e) = g.edge(h.edge);
    let from = &g.node(h.from).label;
    let to = &g.node(h.to).label;
    let arrow = if g.is_symmetric(&e.relation) {
        format!("-{}-", e.relation)
    } else if h.forward {
        format!("-{}->", e.relation)
    } else {
        format!("<-{}-", e.relation)
    };
    let evidence = e.evidence.first().map(|ev| format!("  \"{}\"", ev.text.replace('\n', " "))).unwrap_or_default();
    format!("{from} {arrow} {to}{evidence}")
}

fn print_subgraph(
    g: &KnowledgeGraph,
    nodes: &BTreeSet<petgraph::graph::NodeIndex>,
    format: QueryFormat,
    title: &str,
) -> anyhow::Result<()> {
    let sub = g.subgraph(nodes);
    match format {
        QueryFormat::Json => stdout_write(json::to_string(&sub, json::WriteOptions::default()).as_bytes()),
        QueryFormat::Dot => stdout_write(&dot::write(
            &sub,
            &dot::Style::from_ontology(&Ontology::default()),
            &dot::DotOptions { title: title.to_owned(), ..dot::DotOptions::default() },
        )),
        QueryFormat::Text => Ok(()),
    }
}

fn path(p: &PathArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&p.graph.graph)?;
    let from = query::resolve(&g, &p.from)?;
    let to = query::resolve(&g, &p.to)?;
    let Some(hops) = query::shortest_path(&g, from, to) else {
        eprintln!("kg: no path between '{}' and '{}'", g.node(from).label, g.node(to).label);
        return Ok(Exit::NotFound);
    };
    match p.format {
        QueryFormat::Text => {
            let mut out = String::new();
            if hops.is_empty() {
                out.push_str(&format!("{} is {}: a path of length 0\n", p.from, g.node(from).label));
            }
            for h in &hops {
                out.push_str(&hop_line(&g, h));
                out.push('\n');
            }
            stdout_write(out.as_bytes())?;
        }
        f => {
            let nodes: BTreeSet<_> = std::iter::once(from).chain(hops.iter().map(|h| h.to)).collect();
            print_subgraph(&g, &nodes, f, &format!("kg path: {} to {}", g.node(from).label, g.node(to).label))?;
        }
    }
    Ok(Exit::Success)
}

fn neighbors(n: &NeighborsArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&n.graph.graph)?;
    let start = query::resolve(&g, &n.name)?;
    let found = query::neighbors(&g, start, n.depth);
    match n.format {
        QueryFormat::Text => {
            let mut out = format!(
                "{} ({}): {} neighbor(s) within {} hop(s)\n",
                g.node(start).label,
                g.node(start).kind,
                found.len(),
                n.depth
            );
            for nb in &found {
                out.push_str(&format!("  {} {}\n", nb.depth, hop_line(&g, &nb.via)));
            }
            stdout_write(out.as_bytes())?;
        }
        f => {
            let nodes: BTreeSet<_> = std::iter::once(start).chain(found.iter().map(|x| x.node)).collect();
            print_subgraph(&g, &nodes, f, &format!("kg neighbors: {}", g.node(start).label))?;
        }
    }
    Ok(Exit::Success)
}

fn show(s: &ShowArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&s.graph.graph)?;
    let i = query::resolve(&g, &s.name)?;
    let n = g.node(i);
    let mut out = format!("{}  [{}]  id {}  {} mention(s)\n", n.label, n.kind, n.id, n.mentions);
    if !n.aliases.is_empty() {
        if s.why {
            out.push_str("aliases:\n");
            for (a, r) in &n.aliases {
                out.push_str(&format!("  {a}  ({r})\n"));
            }
            for (c, k) in &n.coreferences {
                out.push_str(&format!("  {c}  (coreference, {k} mention(s))\n"));
            }
        } else {
            out.push_str(&format!("aliases: {}\n", n.aliases.keys().cloned().collect::<Vec<_>>().join(", ")));
        }
    }
    let incident = g.incident(i);
    out.push_str(&format!("relations ({}):\n", incident.len()));
    for (e, other, outgoing) in incident {
        let h = query::Hop { from: i, to: other, edge: e, forward: outgoing };
        let (_, _, edge) = g.edge(e);
        out.push_str(&format!(
            "  {}  (weight {}, confidence {:.2})\n",
            hop_line(&g, &h),
            edge.weight,
            edge.confidence()
        ));
    }
    stdout_write(out.as_bytes())?;
    Ok(Exit::Success)
}

fn stats(s: &StatsArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&s.graph.graph)?;
    let st = query::stats(&g, s.top);
    let mut out = format!("{} concepts, {} relations, {} document(s)\n", st.nodes, st.edges, st.documents);
    out.push_str("concepts by kind:\n");
    for (k, n) in &st.kinds {
        out.push_str(&format!("  {k:<14} {n}\n"));
    }
    out.push_str("relations by type:\n");
    for (r, n) in &st.relations {
        out.push_str(&format!("  {r:<18} {n}\n"));
    }
    out.push_str("top concepts by degree:\n");
    for (l, d) in &st.top {
        out.push_str(&format!("  {d:>4}  {l}\n"));
    }
    stdout_write(out.as_bytes())?;
    Ok(Exit::Success)
}

fn export(e: &ExportArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let format = match (&e.format, &e.output) {
        (Some(f), _) => Format::from_name(f)?,
        (None, Some(o)) => Format::from_extension(o)
            .with_context(|| format!("{}: cannot tell the format from the extension; give --format", o.display()))?,
        (None, None) => bail!(
            "give --format when writing to stdout (formats: {})",
            Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
        ),
    };
    if format.is_folder() && e.output.is_none() {
        bail!("{} writes a folder of files; give -o DIR", format.name());
    }
    let full = load_graph(&e.graph.graph)?;
    let g = limit_graph(&full, format, &e.limits, ui)?;
    let style =
        || -> anyhow::Result<dot::Style> { Ok(dot::Style::from_ontology(&load_ontology(e.ontology.as_deref())?)) };
    let rdf_options = rdf::RdfOptions { base_iri: e.base_iri.clone() };
    let bytes = match format {
        Format::Json => json::to_string(&g, json::WriteOptions::default()).into_bytes(),
        Format::Dot => {
            dot::write(&g, &style()?, &dot::DotOptions { title: corpus_title(&g), ..dot::DotOptions::default() })
        }
        Format::Graphml => graphml::write(&g),
        Format::Ntriples => rdf::write_ntriples(&g, &rdf_options)?,
        Format::Turtle => rdf::write_turtle(&g, &rdf_options)?,
        Format::Cypher => cypher::write(
            &g,
            &cypher::CypherOptions {
                dialect: match e.dialect {
                    CypherDialect::Neo4j => cypher::Dialect::Neo4j,
                    CypherDialect::Memgraph => cypher::Dialect::Memgraph,
                    CypherDialect::Kuzu => cypher::Dialect::Kuzu,
                },
            },
        ),
        Format::Mermaid => {
            if g.edge_count() > mermaid::MERMAID_MAX_EDGES {
                ui.warn(&format!(
                    "the diagram has {} relations; Mermaid draws at most {} unless the page \
                     raises maxEdges (use --max-nodes or --focus to show fewer)",
                    g.edge_count(),
                    mermaid::MERMAID_MAX_EDGES
                ));
            }
            mermaid::write(
                &g,
                &style()?,
                &mermaid::MermaidOptions {
                    title: corpus_title(&full),
                    of_total: (g.node_count() < full.node_count()).then(|| (full.node_count(), full.edge_count())),
                    ..mermaid::MermaidOptions::default()
                },
            )
        }
        Format::Html => html::write(&g, &style()?, &html::HtmlOptions { title: corpus_title(&full) }),
        Format::Neo4jCsv | Format::KuzuCsv | Format::Csv => {
            let files = match format {
                Format::Neo4jCsv => neo4j_csv::write_neo4j(&g),
                Format::KuzuCsv => neo4j_csv::write_kuzu(&g),
                _ => crate::export::csv::write(&g),
            };
            let dir = e.output.as_ref().expect("checked above");
            write_folder(dir, &files)?;
            ui.info(&format!(
                "kg: wrote {} to {}",
                files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>().join(", "),
                dir.display()
            ));
            return Ok(Exit::Success);
        }
    };
    match &e.output {
        Some(o) => {
            if let Some(dir) = o.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the folder", dir.display()))?;
            }
            write_atomic(o, &bytes)?
        }
        None => stdout_write(&bytes)?,
    }
    Ok(Exit::Success)
}

/// The part of the graph an export shows: `--focus` and `--max-nodes`, with Mermaid's default
/// size. The whole graph when neither applies.
fn limit_graph(g: &KnowledgeGraph, format: Format, limits: &DiagramLimits, ui: &Ui) -> anyhow::Result<KnowledgeGraph> {
    let max = match (limits.max_nodes, format) {
        (Some(0), _) => None,
        (Some(n), _) => Some(n),
        (None, Format::Mermaid) => Some(MERMAID_MAX_NODES),
        (None, _) => None,
    };
    let chosen: BTreeSet<petgraph::graph::NodeIndex> = match &limits.focus {
        Some(name) => {
            let start = query::resolve(g, name)?;
            std::iter::once(start)
                .chain(query::neighbors(g, start, limits.depth).into_iter().map(|n| n.node))
                .take(max.unwrap_or(usize::MAX))
                .collect()
        }
        None => match max {
            Some(n) if n < g.node_count() => select::most_central(g, n),
            _ => return Ok(g.clone()),
        },
    };
    if chosen.len() < g.node_count() {
        ui.info(&format!(
            "kg: the export shows {} of {} concepts{}",
            chosen.len(),
            g.node_count(),
            match (&limits.focus, max) {
                (Some(f), _) => format!(" (--focus {f} --depth {})", limits.depth),
                (None, Some(n)) => format!(" (the {n} most connected; --max-nodes 0 shows all)"),
                (None, None) => String::new(),
            }
        ));
    }
    Ok(g.subgraph(&chosen))
}

/// Write the files of a multi-file export into `dir` (created when missing), each atomically.
fn write_folder(dir: &Path, files: &crate::export::Files) -> anyhow::Result<()> {
    if dir.is_file() {
        bail!("{}: is a file; this format writes a folder of files, give -o DIR", dir.display());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        #[cfg(unix)]
        if name.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .with_context(|| format!("{}: cannot make it executable", path.display()))?;
        }
    }
    Ok(())
}

fn eval(e: &EvalArgs) -> anyhow::Result<Exit> {
    let gold = crate::eval::read_json(&e.gold)?;
    let graph = crate::eval::read_json(&e.graph)?;
    let scores = crate::eval::score(&gold, &graph)?;
    if e.json {
        let mut s = serde_json::to_string_pretty(&scores)?;
        s.push('\n');
        stdout_write(s.as_bytes())?;
    } else {
        stdout_write(format!("{}\n", crate::eval::report(&scores)).as_bytes())?;
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_debug() {
        Args::command().debug_assert();
    }
}
