//! The command line: argument parsing (clap derive), dispatch, printing and exit codes.
//!
//! This is the only module that prints, reads the environment or decides exit codes. Results go
//! to stdout; warnings, progress and errors go to stderr. Exit codes: 0 success, 1 "nothing
//! found" (no path, unknown concept), 2 errors and usage errors. A closed pipe exits 0.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::atomic::write_atomic;
use crate::build::{build_paths_with, merge_paths, BuildOptions};
use crate::error::Error;
use crate::export::{cypher, dot, graphml, html, json, mermaid, neo4j_csv, rdf, svg, Format};
use crate::extract::Options;
use crate::graph::KnowledgeGraph;
use crate::ontology::Ontology;
use crate::query;

mod config;
mod init;
mod progress;
mod settings;

const EXAMPLES: &str = "\
Examples:
  kg build                          read graph-data/corpus, write output/graph.json and graph.dot
  kg build notes/ paper.md --out out
  kg build --partial -o part-1.json shard-1/   then: kg merge part-*.json -o graph.json
  kg path AGI GPU                   how two concepts connect, with evidence
  kg path AGI GPU --k 3 --exclude-relations related_to
  kg neighbors safety --depth 2
  kg subgraph GPU AGI --depth 1 --format dot -o around.dot
  kg rank --by betweenness --top 10
  kg communities
  kg find \"human feedback\"
  kg render -o graph.svg            a diagram of the 60 most central concepts, no Graphviz needed
  kg render --focus GPU --depth 2 -o gpu.svg
  kg show CTO --why                 kind, aliases (and why they merged), relations
  kg stats
  kg export --format dot -o graph.dot
  kg eval gold.json output/graph.json
  kg init my-project                a starter project: corpus/, ontology.toml, kg.toml, README.md
  kg config                         the settings in effect and where each came from
  kg completions bash > ~/.local/share/bash-completion/completions/kg

Settings: an optional kg.toml in the working folder sets defaults (corpus, ontology, out, graph,
max-nodes, min-salience, strict, color); flags win over it.
Exit codes: 0 success, 1 nothing found (no path, unknown concept), 2 error. Results go to stdout;
warnings, progress and errors to stderr.";

/// kg: build a typed knowledge graph of the concepts in English text, and query it.
#[derive(Debug, Parser)]
#[command(name = "kg", version = env!("KG_VERSION"), about, after_help = EXAMPLES)]
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
    /// The ids of the arguments given on the command line (filled by [`parse`]); `kg.toml`
    /// fills in the others.
    #[arg(skip)]
    pub given: BTreeSet<String>,
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
    /// Merge partial graphs (`kg build --partial`) into one graph.
    Merge(MergeArgs),
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
    /// The ego graph of one or more concepts, in any export format.
    Subgraph(SubgraphArgs),
    /// Concepts ranked by degree, weighted degree, PageRank or betweenness.
    Rank(RankArgs),
    /// Groups of closely related concepts (Louvain, fixed seed), each named by its most central
    /// concept.
    Communities(CommunitiesArgs),
    /// Concepts whose label or alias matches a text, best first.
    Find(FindArgs),
    /// Draw the graph as SVG, in process (no Graphviz needed) or with Graphviz's `dot`.
    Render(RenderArgs),
    /// Make a starter project: a corpus folder, a commented ontology, kg.toml and a README.
    Init(InitArgs),
    /// Show the effective settings (flags, kg.toml, defaults) and where each came from.
    Config,
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print kg's manual page (roff), for `man`.
    #[command(after_help = "Example:\n  kg man > ~/.local/share/man/man1/kg.1 && man kg")]
    Man,
}

const COMPLETIONS_HELP: &str = "\
Examples:
  kg completions bash > ~/.local/share/bash-completion/completions/kg
  kg completions zsh > ~/.zfunc/_kg          (with fpath+=~/.zfunc before compinit)
  kg completions fish > ~/.config/fish/completions/kg.fish
  kg completions powershell >> $PROFILE";

/// `kg init`.
#[derive(Debug, Clone, ClapArgs)]
pub struct InitArgs {
    /// The folder to make the project in (created when missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite the files kg init writes when they exist.
    #[arg(long)]
    pub force: bool,
}

/// `kg completions`.
#[derive(Debug, Clone, ClapArgs)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where a query reads its graph.
#[derive(Debug, Clone, ClapArgs)]
pub struct GraphArg {
    /// The graph to read.
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
    /// Also draw graph.svg (the default diagram, rendered in process).
    #[arg(long)]
    pub svg: bool,
    /// Write the graph JSON (and its graph.kgb sidecar) to this file instead of the --out folder,
    /// without a diagram.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write a partial graph, with its merge state, for `kg merge` (needs -o).
    #[arg(long, requires = "output")]
    pub partial: bool,
    /// Worker threads (default: one per core). The graph is the same for any number.
    #[arg(short, long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub jobs: usize,
    /// Where to keep each document's analysis between builds (default: .kg-cache in the output
    /// folder); only new and changed documents are analysed again.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Analyse every document, and keep no cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// `kg merge`.
#[derive(Debug, Clone, ClapArgs)]
pub struct MergeArgs {
    /// Partial graphs written by `kg build --partial` (or `kg merge --partial`).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// The graph file to write (its graph.kgb sidecar goes beside it).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Write a partial graph again, to merge further (a tree of merges).
    #[arg(long)]
    pub partial: bool,
    /// Worker threads for loading and merging (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub jobs: usize,
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

/// Which relations and kinds a traversal may use.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct FilterArgs {
    /// Follow only these relations (comma-separated: develops,uses).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub relations: Vec<String>,
    /// Never follow these relations (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub exclude_relations: Vec<String>,
    /// Pass only through concepts of these kinds (comma-separated; the ends are exempt).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub via_kinds: Vec<String>,
    /// Never pass through concepts of these kinds (comma-separated; the ends are exempt).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub avoid_kinds: Vec<String>,
    /// Follow relations only from source to target (symmetric ones go both ways).
    #[arg(long)]
    pub directed: bool,
}

/// `kg path`.
#[derive(Debug, Clone, ClapArgs)]
pub struct PathArgs {
    /// Where the path starts (id, label or alias).
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// How many paths: the k best loopless alternatives (Yen's algorithm).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub k: usize,
    /// The most hops a path may have.
    #[arg(long, value_name = "N")]
    pub max_hops: Option<usize>,
    /// Prefer strong relations: more evidence and higher confidence cost less.
    #[arg(long)]
    pub weighted: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format (dot draws the path among its neighbours).
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
    pub filter: FilterArgs,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// `kg subgraph`.
#[derive(Debug, Clone, ClapArgs)]
pub struct SubgraphArgs {
    /// The concepts at the centre (one or more).
    #[arg(required = true)]
    pub names: Vec<String>,
    /// How many hops around them.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The format (default: from the extension of -o).
    #[arg(long)]
    pub format: Option<String>,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub graph: GraphArg,
    /// An ontology for the diagram's colours and shapes.
    #[arg(long)]
    pub ontology: Option<PathBuf>,
}

/// A centrality score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreArg {
    /// Number of relations.
    Degree,
    /// Sum of relation weights.
    WeightedDegree,
    /// PageRank over directed, weighted relations.
    Pagerank,
    /// Share of shortest paths through the concept.
    Betweenness,
}

/// `kg rank`.
#[derive(Debug, Clone, ClapArgs)]
pub struct RankArgs {
    /// The score to sort by.
    #[arg(long, value_enum, default_value_t = ScoreArg::Pagerank)]
    pub by: ScoreArg,
    /// How many concepts.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format (json and dot: the ranked concepts and the relations between them).
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// `kg communities`.
#[derive(Debug, Clone, ClapArgs)]
pub struct CommunitiesArgs {
    /// Resolution: above 1 gives more, smaller communities.
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    /// Seed of the node order (the same seed gives the same communities).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// How many members to list per community in text output.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub show: usize,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format (json: the graph with a community id on every node; dot: one cluster per
    /// community).
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// `kg find`.
#[derive(Debug, Clone, ClapArgs)]
pub struct FindArgs {
    /// What to look for.
    pub text: String,
    /// How many matches at most.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,
}

/// How diagrams are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClustersArg {
    /// No clusters.
    None,
    /// One cluster per kind.
    Kind,
    /// One cluster per community (computed with the default seed).
    Community,
}

/// Graphviz rankdir.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankDirArg {
    /// Left to right.
    #[value(name = "LR", alias = "lr")]
    Lr,
    /// Top to bottom.
    #[value(name = "TB", alias = "tb")]
    Tb,
    /// Right to left.
    #[value(name = "RL", alias = "rl")]
    Rl,
    /// Bottom to top.
    #[value(name = "BT", alias = "bt")]
    Bt,
}

/// What a diagram shows and how.
#[derive(Debug, Clone, ClapArgs)]
pub struct DiagramArgs {
    /// The most concepts to show, the most central first; 0 shows all (default: 60 for diagrams
    /// (dot, mermaid, render), all for the data formats).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
    /// The most relations to draw, the strongest first (default: twice --max-nodes; 0: all).
    #[arg(long, value_name = "N")]
    pub max_edges: Option<usize>,
    /// Draw around these concepts instead of the most central ones.
    #[arg(long, value_name = "NAME")]
    pub focus: Vec<String>,
    /// Hops around --focus.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Group concepts into clusters.
    #[arg(long, value_enum, default_value_t = ClustersArg::None)]
    pub clusters: ClustersArg,
    /// Direction of the layout (dot layout only).
    #[arg(long, value_enum, default_value_t = RankDirArg::Lr)]
    pub rankdir: RankDirArg,
    /// The title (default: names the corpus).
    #[arg(long)]
    pub title: Option<String>,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

/// How `kg render` lays out and draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// kg's own force-directed layout and SVG writer: no Graphviz needed.
    Builtin,
    /// Graphviz's `dot` program (sfdp above a few hundred relations), when installed.
    Dot,
}

/// `kg render`.
#[derive(Debug, Clone, ClapArgs)]
pub struct RenderArgs {
    /// Where to write the SVG.
    #[arg(short, long, default_value = "output/graph.svg")]
    pub output: PathBuf,
    /// The layout engine.
    #[arg(long, value_enum, default_value_t = EngineArg::Builtin)]
    pub engine: EngineArg,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub graph: GraphArg,
    /// An ontology for the diagram's colours and shapes.
    #[arg(long)]
    pub ontology: Option<PathBuf>,
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
    #[command(flatten)]
    pub data: DataFormatArgs,
    #[command(flatten)]
    pub diagram: DiagramArgs,
}

/// Options of the data formats.
#[derive(Debug, Clone, ClapArgs)]
pub struct DataFormatArgs {
    /// The base IRI of the RDF exports (ntriples, turtle); concepts are BASE/concept/ID.
    #[arg(long, value_name = "IRI", default_value = rdf::DEFAULT_BASE_IRI)]
    pub base_iri: String,
    /// The database a Cypher script is for.
    #[arg(long, value_enum, default_value_t = CypherDialect::Neo4j)]
    pub dialect: CypherDialect,
}

impl Default for DataFormatArgs {
    fn default() -> DataFormatArgs {
        DataFormatArgs { base_iri: rdf::DEFAULT_BASE_IRI.to_owned(), dialect: CypherDialect::Neo4j }
    }
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
    verbose: u8,
    color: bool,
}

impl Ui {
    fn new(args: &Args) -> Ui {
        Ui { quiet: args.quiet, verbose: args.verbose, color: use_color(args.color) }
    }
    /// A message for `-v`.
    fn detail(&self, msg: &str) {
        if self.verbose > 0 && !self.quiet {
            eprintln!("{msg}");
        }
    }
    fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
    fn warn(&self, msg: &str) {
        if self.quiet {
            return;
        }
        if self.color {
            eprintln!("\x1b[33mkg: warning:\x1b[0m {msg}");
        } else {
            eprintln!("kg: warning: {msg}");
        }
    }
}

/// On Ctrl-C (or SIGTERM), remove the temporary files of writes in progress, so that an
/// interrupted run leaves the previous output as it was and no debris, and exit with 130.
fn on_interrupt() {
    // Only the first call installs the handler (tests may call `run` more than once).
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if crate::atomic::remove_temporary_files() > 0 {
                eprintln!("kg: interrupted; the previous output is left as it was");
            } else {
                eprintln!("kg: interrupted");
            }
            #[allow(clippy::exit)]
            std::process::exit(130);
        });
    });
}

fn use_color(when: ColorWhen) -> bool {
    use std::io::IsTerminal;
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    }
}

/// Whether stderr messages are coloured; set once by [`run`], read by [`report`].
static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Parse the command line. Usage errors, `--help` and `--version` end the process here (clap's
/// exit codes: 2 and 0). The ids of the arguments given are kept, so that `kg.toml` fills in
/// only the others.
pub fn parse() -> Args {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Args::command().get_matches();
    let mut args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    args.given = settings::given_ids(&matches);
    args
}

/// Print the error chain once, on stderr, and choose the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    // The chain, without the causes a message already quotes (kg's errors name their source).
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    if COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("\x1b[1;31mkg: error:\x1b[0m {message}");
    } else {
        eprintln!("kg: error: {message}");
    }
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
pub fn run(mut args: Args) -> anyhow::Result<ExitCode> {
    // Commands that do not read settings work whatever state kg.toml is in.
    let reads_settings = !matches!(args.command, Command::Init(_) | Command::Completions(_) | Command::Man);
    let config = if reads_settings { config::load(Path::new("."))? } else { None };
    if let Some((_, c)) = &config {
        settings::apply(&mut args, c);
    }
    let ui = Ui::new(&args);
    COLOR.store(ui.color, std::sync::atomic::Ordering::Relaxed);
    on_interrupt();
    // A test hook: tests of interrupted builds need a write that is certainly in progress.
    if let Some(ms) = std::env::var("KG_TEST_PAUSE_WRITES").ok().and_then(|v| v.parse().ok()) {
        crate::atomic::pause_writes_for_tests(ms);
    }
    if args.verbose > 0 {
        match &config {
            Some((path, _)) => ui.info(&format!("kg: settings from {}", path.display())),
            None => ui.info("kg: no kg.toml here; built-in defaults"),
        }
    }
    let exit = match &args.command {
        Command::Build(b) => build(b, &ui)?,
        Command::Merge(m) => merge(m, &ui)?,
        Command::Path(p) => path(p)?,
        Command::Neighbors(n) => neighbors(n)?,
        Command::Show(s) => show(s)?,
        Command::Stats(s) => stats(s)?,
        Command::Export(e) => export(e, &ui)?,
        Command::Eval(e) => eval(e)?,
        Command::Subgraph(s) => subgraph(s, &ui)?,
        Command::Rank(r) => rank(r)?,
        Command::Communities(c) => communities(c)?,
        Command::Find(f) => find(f)?,
        Command::Render(r) => render(r, &ui)?,
        Command::Init(i) => {
            let written = init::init(&i.dir, i.force)?;
            let next = if i.dir == Path::new(".") {
                "kg build".to_owned()
            } else {
                format!("cd {} && kg build", i.dir.display())
            };
            ui.info(&format!(
                "kg: made a project in {}: {}\nkg: next: put your documents in corpus/, then {next}",
                i.dir.display(),
                written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            ));
            Exit::Success
        }
        Command::Config => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let rows = settings::effective(&args, config.as_ref().map(|(_, c)| c), no_color);
            let mut out = match &config {
                Some((path, _)) => format!("# settings from {} and defaults; flags win over both\n", path.display()),
                None => format!("# no {} in this folder: built-in defaults (flags win)\n", config::FILE),
            };
            let width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0).max(5);
            for (name, value, source) in rows {
                out.push_str(&format!("{name:<13} {value:<width$}  {}\n", source.name()));
            }
            stdout_write(out.as_bytes())?;
            Exit::Success
        }
        Command::Completions(c) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(c.shell, &mut Args::command(), "kg", &mut out);
            stdout_write(&out)?;
            Exit::Success
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_mangen::Man::new(Args::command()).render(&mut out)?;
            stdout_write(&out)?;
            Exit::Success
        }
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
                "no input given and graph-data/corpus does not exist here; give files or folders (`kg build \
                 PATH...`), set `corpus` in kg.toml, or start a project with `kg init`"
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
    let cache = if b.no_cache {
        None
    } else {
        Some(b.cache.clone().unwrap_or_else(|| match &b.output {
            Some(file) => file.parent().unwrap_or(Path::new("")).join(".kg-cache"),
            None => b.out.join(".kg-cache"),
        }))
    };
    let how = BuildOptions { jobs: b.jobs, cache, partial: b.partial };
    // The output folder is made before the build, so that a build is not wasted on a bad --out.
    match &b.output {
        Some(file) => {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the folder", dir.display()))?;
            }
        }
        None => std::fs::create_dir_all(&b.out)
            .with_context(|| format!("{}: cannot create the output folder", b.out.display()))?,
    }
    let progress = build_progress(&inputs, ui);
    let built = build_paths_with(&inputs, &ontology, &options, &how, &mut |docs, bytes| progress.update(docs, bytes));
    progress.finish();
    let built = built?;
    for w in &built.warnings {
        ui.warn(&w.to_string());
    }
    if b.strict && !built.warnings.is_empty() {
        bail!("{} warning(s) and --strict was given; the first: {}", built.warnings.len(), built.warnings[0]);
    }
    let g = &built.graph;
    let summary = |written: &str| {
        let cached = if built.cached > 0 { format!(" ({} from the cache)", built.cached) } else { String::new() };
        format!(
            "kg: read {} document(s){cached}, {} bytes in {:.2}s: {} concepts, {} relations -> {written}",
            built.documents,
            built.bytes,
            started.elapsed().as_secs_f64(),
            g.node_count(),
            g.edge_count(),
        )
    };
    // Writing runs on a pool of --jobs threads too.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(b.jobs).build().context("cannot start the threads")?;
    if let Some(file) = &b.output {
        pool.install(|| json::save(g, file, json::WriteOptions { partial: b.partial }))?;
        ui.info(&summary(&file.display().to_string()));
        return Ok(Exit::Success);
    }
    let json_path = b.out.join("graph.json");
    let dot_path = b.out.join("graph.dot");
    let style = dot::Style::from_ontology(&ontology);
    let draw = || -> anyhow::Result<_> {
        let (shown, opts) = diagram(g, &DiagramArgs::default())?;
        let dot = dot::write(&shown, &style, &opts);
        Ok((shown, opts, dot))
    };
    // The diagram is drawn while graph.json is written (one after the other with --jobs 1);
    // graph.dot is still written only once graph.json is.
    let (saved, drawn) =
        pool.install(|| rayon::join(|| json::save(g, &json_path, json::WriteOptions::default()), draw));
    saved?;
    let (shown, opts, dot) = drawn?;
    write_atomic(&dot_path, &dot)?;
    let mut written = format!("{}, {}", json_path.display(), dot_path.display());
    if b.svg {
        let svg_path = b.out.join("graph.svg");
        write_atomic(&svg_path, &svg::write(&shown, &style, &opts))?;
        written.push_str(&format!(", {}", svg_path.display()));
    }
    ui.info(&summary(&written));
    // The process ends here: freeing a big graph one string at a time takes seconds (2.7 s for
    // a 120 MB corpus), and the system takes the memory back at once.
    std::mem::forget(shown);
    std::mem::forget(built);
    Ok(Exit::Success)
}

fn merge(m: &MergeArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let started = std::time::Instant::now();
    let merged = merge_paths(&m.parts, m.jobs, m.partial)?;
    for w in &merged.warnings {
        ui.warn(&w.to_string());
    }
    if let Some(dir) = m.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    let g = &merged.graph;
    json::save(g, &m.output, json::WriteOptions { partial: m.partial })?;
    ui.info(&format!(
        "kg: merged {} graph(s) of {} document(s) in {:.2}s: {} concepts, {} relations -> {}",
        m.parts.len(),
        g.documents.len(),
        started.elapsed().as_secs_f64(),
        g.node_count(),
        g.edge_count(),
        m.output.display()
    ));
    Ok(Exit::Success)
}

/// The progress bar of a build (shown on a terminal after a second), and the inputs for `-v`.
fn build_progress(inputs: &[PathBuf], ui: &Ui) -> progress::Progress {
    use std::io::IsTerminal;
    let (files, bytes) = match crate::text::collect_inputs(inputs) {
        Ok(found) => {
            let sizes: Vec<u64> =
                found.files.iter().map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len())).collect();
            if ui.verbose > 0 {
                for ((p, id), size) in found.files.iter().zip(&sizes) {
                    ui.detail(&format!("kg: input {} ({size} bytes, document id {id})", p.display()));
                }
            }
            (found.files.len(), sizes.iter().sum())
        }
        // build_paths reports the error.
        Err(_) => (0, 0),
    };
    progress::Progress::new(files, bytes, !ui.quiet && std::io::stderr().is_terminal())
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

/// How many concepts a diagram shows by default.
pub const DIAGRAM_MAX_NODES: usize = 60;

impl Default for DiagramArgs {
    fn default() -> DiagramArgs {
        DiagramArgs {
            max_nodes: None,
            max_edges: None,
            focus: Vec::new(),
            depth: 2,
            clusters: ClustersArg::None,
            rankdir: RankDirArg::Lr,
            title: None,
            no_legend: false,
        }
    }
}

/// What a diagram shows (the most central concepts, or those around --focus) and how: the
/// selected graph and the DOT options, with a note of what was left out.
fn diagram(g: &KnowledgeGraph, d: &DiagramArgs) -> anyhow::Result<(KnowledgeGraph, dot::DotOptions)> {
    // Only communities change the graph; a copy of a big graph would double the peak memory.
    let (g, names) = if d.clusters == ClustersArg::Community {
        let c = query::communities(g, &query::LouvainOptions::default());
        let names = c.communities.iter().map(|m| (m.id, g.node(m.name).label.clone())).collect();
        (std::borrow::Cow::Owned(c.assign(g)), names)
    } else {
        (std::borrow::Cow::Borrowed(g), BTreeMap::new())
    };
    let g: &KnowledgeGraph = &g;
    let (order, around) = if d.focus.is_empty() {
        (query::central_order(g), None)
    } else {
        let seeds = d.focus.iter().map(|n| query::resolve(g, n)).collect::<Result<Vec<_>, _>>()?;
        let labels: Vec<String> = seeds.iter().map(|&s| g.node(s).label.clone()).collect();
        (
            query::focus_order(g, &seeds, d.depth, &query::Filter::default()),
            Some(format!("around {}, {} hop{}", labels.join(", "), d.depth, if d.depth == 1 { "" } else { "s" })),
        )
    };
    let max_nodes = d.max_nodes.unwrap_or(DIAGRAM_MAX_NODES);
    let max_edges = d.max_edges.unwrap_or(max_nodes.saturating_mul(2));
    let o = query::overview(g, &order, max_nodes, max_edges);
    let mut note = Vec::new();
    if let Some(a) = around {
        note.push(a);
    }
    if o.is_partial() {
        note.push(format!(
            "showing {} of {} concepts ({}) and {} of {} relations (the strongest); --max-nodes 0 draws all",
            o.nodes.len(),
            o.total_nodes,
            if d.focus.is_empty() { "the most central" } else { "the nearest" },
            o.edges.len(),
            o.total_edges
        ));
    } else {
        note.push(format!("{} concepts, {} relations", o.nodes.len(), o.edges.len()));
    }
    let opts = dot::DotOptions {
        title: d.title.clone().unwrap_or_else(|| corpus_title(g)),
        note: note.join("; "),
        rankdir: match d.rankdir {
            RankDirArg::Lr => dot::RankDir::LeftRight,
            RankDirArg::Tb => dot::RankDir::TopBottom,
            RankDirArg::Rl => dot::RankDir::RightLeft,
            RankDirArg::Bt => dot::RankDir::BottomTop,
        },
        clusters: match d.clusters {
            ClustersArg::None => dot::Clusters::None,
            ClustersArg::Kind => dot::Clusters::Kind,
            ClustersArg::Community => dot::Clusters::Community,
        },
        community_names: names,
        legend: !d.no_legend,
        ..dot::DotOptions::default()
    };
    Ok((o.graph(g), opts))
}

/// The relation and kind filter of a traversal; unknown names are errors that list the known.
fn filter_of(g: &KnowledgeGraph, f: &FilterArgs, ontology: &Ontology) -> anyhow::Result<query::Filter> {
    let relations: BTreeSet<String> = ontology
        .relations
        .iter()
        .map(|r| r.name.clone())
        .chain(g.graph().edge_weights().map(|e| e.relation.to_string()))
        .collect();
    let kinds: BTreeSet<String> =
        ontology.kinds.iter().map(|k| k.name.clone()).chain(g.nodes_sorted().map(|i| g.node(i).kind.clone())).collect();
    let check = |names: &[String], known: &BTreeSet<String>, what: &str| {
        let mut out = BTreeSet::new();
        for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let found = known.iter().find(|k| k.eq_ignore_ascii_case(n) || k.replace('_', "-").eq_ignore_ascii_case(n));
            match found {
                Some(k) => {
                    out.insert(k.clone());
                }
                None => {
                    bail!("unknown {what} '{n}'; {what}s are {}", known.iter().cloned().collect::<Vec<_>>().join(", "))
                }
            }
        }
        Ok(out)
    };
    Ok(query::Filter {
        relations: check(&f.relations, &relations, "relation")?,
        exclude_relations: check(&f.exclude_relations, &relations, "relation")?,
        via_kinds: check(&f.via_kinds, &kinds, "kind")?,
        avoid_kinds: check(&f.avoid_kinds, &kinds, "kind")?,
        directed: f.directed,
    })
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
    let evidence =
        query::best_evidence(g, h).map(|ev| format!("  \"{}\"", ev.text.replace('\n', " "))).unwrap_or_default();
    format!("{from} {arrow} {to}{evidence}")
}

/// What an export writes: one file's bytes, or a folder of files.
enum Exported {
    File(Vec<u8>),
    Folder(crate::export::Files),
}

/// `g` in an export format. `full` is the graph it was cut from (for "n of m" notes).
fn export_output(
    format: Format,
    g: &KnowledgeGraph,
    full: &KnowledgeGraph,
    style: &dot::Style,
    opts: &dot::DotOptions,
    data: &DataFormatArgs,
    ui: &Ui,
) -> anyhow::Result<Exported> {
    let rdf_options = rdf::RdfOptions { base_iri: data.base_iri.clone() };
    Ok(Exported::File(match format {
        Format::Json => json::to_string(g, json::WriteOptions::default()).into_bytes(),
        Format::Dot => dot::write(g, style, opts),
        Format::Graphml => graphml::write(g),
        Format::Ntriples => rdf::write_ntriples(g, &rdf_options)?,
        Format::Turtle => rdf::write_turtle(g, &rdf_options)?,
        Format::Cypher => cypher::write(
            g,
            &cypher::CypherOptions {
                dialect: match data.dialect {
                    CypherDialect::Neo4j => cypher::Dialect::Neo4j,
                    CypherDialect::Memgraph => cypher::Dialect::Memgraph,
                    CypherDialect::Kuzu => cypher::Dialect::Kuzu,
                },
            },
        ),
        Format::Mermaid => {
            if g.edge_count() > mermaid::MERMAID_MAX_EDGES {
                ui.warn(&format!(
                    "the diagram has {} relations; Mermaid draws at most {} unless the page raises maxEdges (use \
                     --max-nodes or --focus to show fewer)",
                    g.edge_count(),
                    mermaid::MERMAID_MAX_EDGES
                ));
            }
            mermaid::write(
                g,
                style,
                &mermaid::MermaidOptions {
                    title: opts.title.clone(),
                    of_total: (g.node_count() < full.node_count()).then(|| (full.node_count(), full.edge_count())),
                    ..mermaid::MermaidOptions::default()
                },
            )
        }
        Format::Html => html::write(g, style, &html::HtmlOptions { title: opts.title.clone() }),
        Format::Neo4jCsv => return Ok(Exported::Folder(neo4j_csv::write_neo4j(g))),
        Format::KuzuCsv => return Ok(Exported::Folder(neo4j_csv::write_kuzu(g))),
        Format::Csv => return Ok(Exported::Folder(crate::export::csv::write(g))),
    }))
}

/// Write an export to `-o` (a file or a folder) or stdout.
fn write_exported(out: Exported, format: Format, output: Option<&Path>, ui: &Ui) -> anyhow::Result<()> {
    match (out, output) {
        (Exported::File(bytes), Some(o)) => {
            if let Some(parent) = o.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
            }
            write_atomic(o, &bytes)?;
        }
        (Exported::File(bytes), None) => stdout_write(&bytes)?,
        (Exported::Folder(files), Some(dir)) => {
            write_folder(dir, &files)?;
            ui.info(&format!(
                "kg: wrote {} to {}",
                files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>().join(", "),
                dir.display()
            ));
        }
        (Exported::Folder(_), None) => bail!("{} writes a folder of files; give -o DIR", format.name()),
    }
    Ok(())
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

/// The format of an export: --format, else the extension of -o; required on stdout.
fn export_format(format: Option<&str>, output: Option<&Path>) -> anyhow::Result<Format> {
    match (format, output) {
        (Some(f), _) => Ok(Format::from_name(f)?),
        (None, Some(o)) => Format::from_extension(o)
            .with_context(|| format!("{}: cannot tell the format from the extension; give --format", o.display())),
        (None, None) => bail!(
            "give --format when writing to stdout (formats: {})",
            Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Print a query's graph as JSON or DOT.
fn print_graph(g: &KnowledgeGraph, format: QueryFormat, opts: &dot::DotOptions) -> anyhow::Result<()> {
    match format {
        QueryFormat::Json => stdout_write(json::to_string(g, json::WriteOptions::default()).as_bytes()),
        QueryFormat::Dot => stdout_write(&dot::write(g, &dot::Style::from_ontology(&Ontology::default()), opts)),
        QueryFormat::Text => Ok(()),
    }
}

fn titled(title: String, note: String) -> dot::DotOptions {
    dot::DotOptions { title, note, ..dot::DotOptions::default() }
}

fn path(p: &PathArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&p.graph.graph)?;
    let from = query::resolve(&g, &p.from)?;
    let to = query::resolve(&g, &p.to)?;
    let opts = query::PathOptions {
        filter: filter_of(&g, &p.filter, &Ontology::default())?,
        max_hops: p.max_hops,
        weighted: p.weighted,
    };
    if p.k == 0 {
        bail!("--k must be at least 1");
    }
    let paths = query::k_shortest_paths(&g, from, to, p.k, &opts);
    if paths.is_empty() {
        eprintln!(
            "kg: no path between '{}' and '{}'{}",
            g.node(from).label,
            g.node(to).label,
            if opts.filter.is_empty() && opts.max_hops.is_none() { "" } else { " under these constraints" }
        );
        return Ok(Exit::NotFound);
    }
    match p.format {
        QueryFormat::Text => {
            let mut out = String::new();
            for (k, path) in paths.iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                let cost = if p.weighted { format!(", cost {:.3}", path.cost) } else { String::new() };
                out.push_str(&format!(
                    "path {}: {} hop{}{cost}\n",
                    k + 1,
                    path.len(),
                    if path.len() == 1 { "" } else { "s" }
                ));
                for h in &path.hops {
                    out.push_str(&format!("  {}\n", hop_line(&g, h)));
                }
                out.push_str(&format!("  {}\n", query::explain(&g, path)));
            }
            if paths.len() < p.k {
                eprintln!("kg: only {} loopless path(s) exist under these constraints", paths.len());
            }
            stdout_write(out.as_bytes())?;
        }
        format => {
            let on_path: BTreeSet<_> = paths.iter().flat_map(query::Path::nodes).collect();
            let path_edges: BTreeSet<_> = paths.iter().flat_map(|p| p.hops.iter().map(|h| h.edge)).collect();
            let title = format!("kg path: {} to {}", g.node(from).label, g.node(to).label);
            if format == QueryFormat::Json {
                let o = query::Overview { nodes: on_path, edges: path_edges, total_nodes: 0, total_edges: 0 };
                print_graph(&o.graph(&g), format, &titled(title, String::new()))?;
            } else {
                // The path among its neighbours: path nodes first, then their nearest.
                let seeds: Vec<_> = on_path.iter().copied().collect();
                let order = query::focus_order(&g, &seeds, 1, &query::Filter::default());
                let max = 40.max(seeds.len());
                let mut o = query::overview(&g, &order, max, max * 2);
                o.edges.extend(path_edges.iter().copied());
                let mut opts = titled(
                    title,
                    format!(
                        "{} path(s) in red, among {} neighbouring concepts",
                        paths.len(),
                        o.nodes.len() - seeds.len()
                    ),
                );
                opts.highlight_nodes = on_path.iter().map(|&i| g.node(i).id.clone()).collect();
                opts.highlight_edges = path_edges
                    .iter()
                    .map(|&e| {
                        let (s, t, w) = g.edge(e);
                        (g.node(s).id.clone(), g.node(t).id.clone(), w.relation.to_string())
                    })
                    .collect();
                print_graph(&o.graph(&g), format, &opts)?;
            }
        }
    }
    Ok(Exit::Success)
}

fn neighbors(n: &NeighborsArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&n.graph.graph)?;
    let start = query::resolve(&g, &n.name)?;
    let filter = filter_of(&g, &n.filter, &Ontology::default())?;
    let found = query::neighbors(&g, start, n.depth, &filter);
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
            let mut opts = titled(format!("kg neighbors: {}", g.node(start).label), format!("{} hop(s)", n.depth));
            opts.highlight_nodes.insert(g.node(start).id.clone());
            print_graph(&g.subgraph(&nodes), f, &opts)?;
        }
    }
    Ok(Exit::Success)
}

fn subgraph(s: &SubgraphArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let format = export_format(s.format.as_deref(), s.output.as_deref())?;
    let g = load_graph(&s.graph.graph)?;
    let ontology = load_ontology(s.ontology.as_deref())?;
    let seeds = s.names.iter().map(|n| query::resolve(&g, n)).collect::<Result<Vec<_>, _>>()?;
    let filter = filter_of(&g, &s.filter, &ontology)?;
    let nodes = query::ego_graph(&g, &seeds, s.depth, &filter);
    let sub = g.subgraph(&nodes);
    let labels: Vec<String> = seeds.iter().map(|&i| g.node(i).label.clone()).collect();
    let mut opts = titled(
        format!("{}: around {}", corpus_title(&g), labels.join(", ")),
        format!("{} hop(s): {} concepts, {} relations", s.depth, sub.node_count(), sub.edge_count()),
    );
    opts.highlight_nodes = seeds.iter().map(|&i| g.node(i).id.clone()).collect();
    if format.is_folder() && s.output.is_none() {
        bail!("{} writes a folder of files; give -o DIR", format.name());
    }
    let out =
        export_output(format, &sub, &g, &dot::Style::from_ontology(&ontology), &opts, &DataFormatArgs::default(), ui)?;
    write_exported(out, format, s.output.as_deref(), ui)?;
    Ok(Exit::Success)
}

fn rank(r: &RankArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&r.graph.graph)?;
    let by = match r.by {
        ScoreArg::Degree => query::Score::Degree,
        ScoreArg::WeightedDegree => query::Score::WeightedDegree,
        ScoreArg::Pagerank => query::Score::PageRank,
        ScoreArg::Betweenness => query::Score::Betweenness,
    };
    let ranked = query::rank(&g, by, r.top);
    let sources = query::centrality::betweenness_sources(&g);
    if sources < g.node_count() {
        eprintln!("kg: betweenness is estimated from {sources} of {} concepts as sources", g.node_count());
    }
    match r.format {
        QueryFormat::Text => {
            let width = ranked.iter().map(|x| g.node(x.node).label.chars().count()).max().unwrap_or(7).clamp(7, 40);
            let mut out = format!(
                "{:>4}  {:<width$}  {:<12}  {:>8}  {:>6}  {:>8}  {:>11}\n",
                "rank", "concept", "kind", "pagerank", "degree", "weighted", "betweenness"
            );
            for (k, x) in ranked.iter().enumerate() {
                let n = g.node(x.node);
                let label: String = n.label.chars().take(width).collect();
                out.push_str(&format!(
                    "{:>4}  {label:<width$}  {:<12}  {:>8.4}  {:>6}  {:>8}  {:>11.4}\n",
                    k + 1,
                    n.kind,
                    x.pagerank,
                    x.degree,
                    x.weighted_degree,
                    x.betweenness
                ));
            }
            stdout_write(out.as_bytes())?;
        }
        f => {
            let nodes: BTreeSet<_> = ranked.iter().map(|x| x.node).collect();
            let sub = g.subgraph(&nodes);
            if f == QueryFormat::Json {
                let scores: json::NodeScores = ranked
                    .iter()
                    .enumerate()
                    .map(|(k, x)| {
                        (
                            g.node(x.node).id.clone(),
                            BTreeMap::from([
                                ("rank".to_owned(), (k + 1) as f64),
                                ("degree".to_owned(), x.degree),
                                ("weighted_degree".to_owned(), x.weighted_degree),
                                ("pagerank".to_owned(), x.pagerank),
                                ("betweenness".to_owned(), x.betweenness),
                            ]),
                        )
                    })
                    .collect();
                stdout_write(json::to_string_scored(&sub, json::WriteOptions::default(), &scores).as_bytes())?;
            } else {
                let opts = titled(
                    format!("{}: top {} by {:?}", corpus_title(&g), ranked.len(), r.by).to_lowercase(),
                    String::new(),
                );
                print_graph(&sub, f, &opts)?;
            }
        }
    }
    Ok(Exit::Success)
}

fn communities(c: &CommunitiesArgs) -> anyhow::Result<Exit> {
    if !(c.resolution.is_finite() && c.resolution > 0.0) {
        bail!("--resolution must be a positive number");
    }
    let g = load_graph(&c.graph.graph)?;
    let found =
        query::communities(&g, &query::LouvainOptions { resolution: c.resolution, seed: c.seed, weighted: true });
    match c.format {
        QueryFormat::Text => {
            let mut out = format!(
                "{} communities, modularity {:.3} (resolution {}, seed {})\n",
                found.communities.len(),
                found.modularity,
                c.resolution,
                c.seed
            );
            for m in &found.communities {
                out.push_str(&format!(
                    "community {}: {} ({} concept{})\n",
                    m.id,
                    g.node(m.name).label,
                    m.members.len(),
                    if m.members.len() == 1 { "" } else { "s" }
                ));
                let shown: Vec<&str> = m.members.iter().take(c.show).map(|&i| g.node(i).label.as_str()).collect();
                let more = m.members.len().saturating_sub(c.show);
                out.push_str(&format!(
                    "  {}{}\n",
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ));
            }
            stdout_write(out.as_bytes())?;
        }
        QueryFormat::Json => print_graph(&found.assign(&g), QueryFormat::Json, &dot::DotOptions::default())?,
        QueryFormat::Dot => {
            let d = DiagramArgs { clusters: ClustersArg::Community, ..DiagramArgs::default() };
            let (shown, opts) = diagram(&g, &d)?;
            print_graph(&shown, QueryFormat::Dot, &opts)?;
        }
    }
    Ok(Exit::Success)
}

fn find(f: &FindArgs) -> anyhow::Result<Exit> {
    let g = load_graph(&f.graph.graph)?;
    let found = query::find(&g, &f.text, f.top);
    if found.is_empty() {
        eprintln!("kg: no concept matches '{}'", f.text);
        return Ok(Exit::NotFound);
    }
    match f.format {
        QueryFormat::Text => {
            let mut out = String::new();
            for m in &found {
                let n = g.node(m.node);
                let how = match m.kind {
                    query::MatchKind::Exact => "exact",
                    query::MatchKind::Prefix => "prefix",
                    query::MatchKind::WordPrefix => "word prefix",
                    query::MatchKind::Substring => "substring",
                    query::MatchKind::Typo => "close spelling",
                    query::MatchKind::Initials => "initials",
                };
                let via = if m.alias && m.name != n.id { format!(", alias '{}'", m.name) } else { String::new() };
                out.push_str(&format!("{:.2}  {}  [{}]  {how}{via}\n", m.score, n.label, n.kind));
            }
            stdout_write(out.as_bytes())?;
        }
        format => {
            let nodes: BTreeSet<_> = found.iter().map(|m| m.node).collect();
            let sub = g.subgraph(&nodes);
            if format == QueryFormat::Json {
                let scores: json::NodeScores = found
                    .iter()
                    .map(|m| (g.node(m.node).id.clone(), BTreeMap::from([("match".to_owned(), m.score)])))
                    .collect();
                stdout_write(json::to_string_scored(&sub, json::WriteOptions::default(), &scores).as_bytes())?;
            } else {
                let opts = titled(format!("kg find: {}", f.text), String::new());
                print_graph(&sub, format, &opts)?;
            }
        }
    }
    Ok(Exit::Success)
}

fn render(r: &RenderArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let g = load_graph(&r.graph.graph)?;
    let ontology = load_ontology(r.ontology.as_deref())?;
    let style = dot::Style::from_ontology(&ontology);
    let (shown, opts) = diagram(&g, &r.diagram)?;
    let bytes = match r.engine {
        EngineArg::Builtin => svg::write(&shown, &style, &opts),
        EngineArg::Dot => svg::graphviz(&dot::write(&shown, &style, &opts))?,
    };
    if let Some(parent) = r.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    write_atomic(&r.output, &bytes)?;
    ui.info(&format!(
        "kg: drew {} of {} concepts and {} of {} relations -> {}",
        shown.node_count(),
        g.node_count(),
        shown.edge_count(),
        g.edge_count(),
        r.output.display()
    ));
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
    let format = export_format(e.format.as_deref(), e.output.as_deref())?;
    if format.is_folder() && e.output.is_none() {
        bail!("{} writes a folder of files; give -o DIR", format.name());
    }
    let full = load_graph(&e.graph.graph)?;
    let ontology = load_ontology(e.ontology.as_deref())?;
    let style = dot::Style::from_ontology(&ontology);
    // Diagrams show the most central concepts by default; data formats everything, unless
    // --max-nodes or --focus asks for less.
    let diagram_format = matches!(format, Format::Dot | Format::Mermaid);
    let cut = diagram_format || e.diagram.max_nodes.is_some() || !e.diagram.focus.is_empty();
    let (g, opts) = if cut {
        let mut d = e.diagram.clone();
        if !diagram_format && d.max_nodes.is_none() {
            d.max_nodes = Some(0);
        }
        if d.max_nodes == Some(0) {
            d.max_nodes = Some(usize::MAX);
            d.max_edges.get_or_insert(usize::MAX);
        }
        diagram(&full, &d)?
    } else {
        (full.clone(), dot::DotOptions { title: corpus_title(&full), ..dot::DotOptions::default() })
    };
    if g.node_count() < full.node_count() {
        let why = if e.diagram.focus.is_empty() { "the most central; --max-nodes 0 shows all" } else { "--focus" };
        ui.info(&format!("kg: the export shows {} of {} concepts ({why})", g.node_count(), full.node_count()));
    }
    let out = export_output(format, &g, &full, &style, &opts, &e.data, ui)?;
    write_exported(out, format, e.output.as_deref(), ui)?;
    Ok(Exit::Success)
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
