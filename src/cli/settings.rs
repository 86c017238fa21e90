//! Effective settings: flags, then `kg.toml`, then built-in defaults.
//!
//! This file owns which flags of which commands `kg.toml` fills in, and the table `kg config`
//! prints. The file's format is in `config.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::config::{Config, Source};
use super::{Args, ColorWhen, Command, GraphArg, DIAGRAM_MAX_NODES};
use crate::extract::Options;

/// The ids of the arguments given on the command line (clap's `ArgMatches`, all levels).
pub(super) fn given_ids(m: &clap::ArgMatches) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut level = Some(m);
    while let Some(m) = level {
        for id in m.ids() {
            if matches!(m.value_source(id.as_str()), Some(clap::parser::ValueSource::CommandLine)) {
                out.insert(id.as_str().to_owned());
            }
        }
        level = m.subcommand().map(|(_, sub)| sub);
    }
    out
}

/// Fill in what the command line left out from `kg.toml`.
pub(super) fn apply(args: &mut Args, config: &Config) {
    let given = args.given.clone();
    let unset = |id: &str| !given.contains(id);
    if unset("color") {
        if let Some(c) = &config.color {
            args.color = color_of(c.get_ref()).unwrap_or(ColorWhen::Auto);
        }
    }
    let ontology = config.ontology.as_ref().map(|o| o.get_ref().clone());
    let set_ontology = |slot: &mut Option<PathBuf>| {
        if unset("ontology") && slot.is_none() {
            if let Some(o) = &ontology {
                *slot = Some(o.clone());
            }
        }
    };
    if let Some(g) = graph_arg(&mut args.command) {
        if unset("graph") {
            if let Some(path) = config_graph(config) {
                g.graph = path;
            }
        }
    }
    match &mut args.command {
        Command::Build(b) => {
            if b.inputs.is_empty() {
                if let Some(c) = &config.corpus {
                    b.inputs = c.get_ref().paths();
                }
            }
            if let (true, Some(o)) = (unset("out"), &config.out) {
                b.out = o.get_ref().clone();
            }
            set_ontology(&mut b.ontology);
            if let (true, Some(m)) = (unset("min_salience"), &config.min_salience) {
                b.min_salience = *m.get_ref();
            }
            if let (true, Some(s)) = (unset("strict"), &config.strict) {
                b.strict = *s.get_ref();
            }
        }
        Command::Export(e) => {
            set_ontology(&mut e.ontology);
            if let (true, Some(m)) = (unset("max_nodes"), &config.max_nodes) {
                e.diagram.max_nodes = Some(*m.get_ref());
            }
        }
        Command::Render(r) => {
            set_ontology(&mut r.ontology);
            if let (true, Some(m)) = (unset("max_nodes"), &config.max_nodes) {
                r.diagram.max_nodes = Some(*m.get_ref());
            }
        }
        Command::Subgraph(s) => set_ontology(&mut s.ontology),
        _ => {}
    }
}

/// The graph queries read by `kg.toml`: `graph`, else OUT/graph.json.
fn config_graph(config: &Config) -> Option<PathBuf> {
    config
        .graph
        .as_ref()
        .map(|g| g.get_ref().clone())
        .or_else(|| config.out.as_ref().map(|o| o.get_ref().join("graph.json")))
}

fn color_of(s: &str) -> Option<ColorWhen> {
    match s {
        "auto" => Some(ColorWhen::Auto),
        "always" => Some(ColorWhen::Always),
        "never" => Some(ColorWhen::Never),
        _ => None,
    }
}

fn graph_arg(c: &mut Command) -> Option<&mut GraphArg> {
    match c {
        Command::Path(a) => Some(&mut a.graph),
        Command::Neighbors(a) => Some(&mut a.graph),
        Command::Show(a) => Some(&mut a.graph),
        Command::Stats(a) => Some(&mut a.graph),
        Command::Export(a) => Some(&mut a.graph),
        Command::Subgraph(a) => Some(&mut a.graph),
        Command::Rank(a) => Some(&mut a.graph),
        Command::Communities(a) => Some(&mut a.graph),
        Command::Find(a) => Some(&mut a.graph),
        Command::Render(a) => Some(&mut a.graph),
        _ => None,
    }
}

/// The effective settings with their sources, in the order of [`super::config::SETTINGS`].
pub(super) fn effective(args: &Args, config: Option<&Config>, no_color_env: bool) -> Vec<(String, String, Source)> {
    let empty = Config::default();
    let c = config.unwrap_or(&empty);
    let pick = |file: Option<String>, default: String| match file {
        Some(v) => (v, Source::File),
        None => (default, Source::Default),
    };
    let show = |p: &Path| p.display().to_string();
    let defaults = Options::default();
    let mut rows = Vec::new();
    let corpus = c.corpus.as_ref().map(|x| x.get_ref().paths().iter().map(|p| show(p)).collect::<Vec<_>>().join(", "));
    rows.push(("corpus", pick(corpus, "graph-data/corpus".into())));
    rows.push((
        "ontology",
        pick(c.ontology.as_ref().map(|o| show(o.get_ref())), "(built in: graph-data/ontology.toml)".into()),
    ));
    rows.push(("out", pick(c.out.as_ref().map(|o| show(o.get_ref())), "output".into())));
    rows.push(("graph", pick(config_graph(c).map(|g| show(&g)), "output/graph.json".into())));
    rows.push((
        "max-nodes",
        pick(c.max_nodes.as_ref().map(|m| m.get_ref().to_string()), DIAGRAM_MAX_NODES.to_string()),
    ));
    rows.push((
        "min-salience",
        pick(c.min_salience.as_ref().map(|m| m.get_ref().to_string()), defaults.min_salience.to_string()),
    ));
    rows.push(("strict", pick(c.strict.as_ref().map(|s| s.get_ref().to_string()), "false".into())));
    let color = if args.given.contains("color") {
        (format!("{:?}", args.color).to_lowercase(), Source::Flag)
    } else {
        let (v, s) = pick(c.color.as_ref().map(|x| x.get_ref().clone()), "auto".into());
        if v == "auto" && no_color_env {
            ("never".into(), Source::Environment)
        } else {
            (v, s)
        }
    };
    rows.push(("color", color));
    rows.into_iter().map(|(k, (v, s))| (k.to_owned(), v, s)).collect()
}
