//! Score kg on the development set: every `tests/data/eval/NAME.gold.json` against a graph built
//! from `NAME.txt` alone (the seed's text is `graph-data/corpus/cto-openai.txt`).
//!
//! ```text
//! cargo run --release --example devset [-- --min-salience X] [--verbose]
//! ```
//!
//! Prints per-text figures and the macro average over the texts other than the seed (the figure
//! the extraction issue's targets refer to), then the seed's own.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use kg::build::build_documents;
use kg::eval::{macro_average, score, Scores};
use kg::export::json;
use kg::extract::Options;
use kg::ontology::Ontology;
use kg::text::Document;

fn main() -> anyhow::Result<()> {
    let mut options = Options::default();
    let mut verbose = false;
    let mut dump: Option<PathBuf> = None;
    let mut features_out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--min-salience" => options.min_salience = args.next().expect("value").parse()?,
            "--verbose" => verbose = true,
            "--cooccurrence" => options.cooccurrence_sentences = args.next().expect("value").parse()?,
            "--dump" => dump = Some(args.next().expect("folder").into()),
            "--features" => features_out = Some(args.next().expect("file").into()),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let dir = Path::new("tests/data/eval");
    let ontology = Ontology::default();
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".gold.json").map(str::to_owned))
        .collect();
    names.sort();
    let mut dev: Vec<Scores> = Vec::new();
    let mut table = format!("text\tlabel\tselected\tgold\t{}\n", kg::extract::salience_features().join("\t"));
    if features_out.is_some() {
        options.explain = true;
    }
    let mut seed = None;
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7} {:>6}",
        "text", "c.P", "c.R", "c.F1", "kind", "unt.P", "unt.R", "unt.F1", "typ.F1", "typ.P", "rel%"
    );
    for name in &names {
        let text_path = if name == "seed" {
            PathBuf::from("graph-data/corpus/cto-openai.txt")
        } else {
            dir.join(format!("{name}.txt"))
        };
        let text = std::fs::read_to_string(&text_path)?;
        let doc = Document::from_text(name, &text_path.to_string_lossy(), &text);
        let g = build_documents(&[doc], &ontology, &options);
        let graph_json = json::to_string(&g, json::WriteOptions::default());
        if let Some(d) = &dump {
            std::fs::create_dir_all(d)?;
            std::fs::write(d.join(format!("{name}.json")), &graph_json)?;
        }
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.gold.json")))?)?;
        if features_out.is_some() {
            let gold_forms = gold_forms(&gold);
            let x = kg::extract::extract(&Document::from_text(name, "x", &text), &ontology, &options);
            for c in &x.candidates {
                let hit =
                    std::iter::once(&c.label).chain(&c.aliases).any(|f| gold_forms.contains(&kg::eval::normalize(f)));
                let feats: Vec<String> = c.features.iter().map(|f| format!("{f:.4}")).collect();
                table.push_str(&format!(
                    "{name}\t{}\t{}\t{}\t{}\n",
                    c.label,
                    u8::from(c.selected),
                    u8::from(hit),
                    feats.join("\t")
                ));
            }
        }
        let s = score(&gold, &serde_json::from_str(&graph_json)?)?;
        println!(
            "{:<28} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>7.3} {:>7.3} {:>7.3} {:>6.3}",
            name,
            s.concepts.precision,
            s.concepts.recall,
            s.concepts.f1,
            s.concepts.kind_accuracy,
            s.edges_untyped.precision,
            s.edges_untyped.recall,
            s.edges_untyped.f1,
            s.edges_typed.f1,
            s.edges_typed.precision,
            s.related_to_share
        );
        if verbose {
            println!(
                "    nodes {} gold {}; missed: {}",
                s.concepts.nodes,
                s.concepts.gold,
                s.concepts.missed.join("; ")
            );
        }
        if name == "seed" {
            seed = Some(s);
        } else {
            dev.push(s);
        }
    }
    if let Some(f) = &features_out {
        std::fs::write(f, &table)?;
    }
    let m = macro_average(&dev);
    println!(
        "{:<28} {:>6} {:>6} {:>6.3} {:>6.3} {:>6} {:>6} {:>7.3} {:>7.3} {:>7} {:>6.3}",
        "MACRO (dev, no seed)",
        "",
        "",
        m["concept_f1"],
        m["kind_accuracy"],
        "",
        "",
        m["untyped_f1"],
        m["typed_f1"],
        "",
        m["related_to_share"]
    );
    if let Some(s) = seed {
        println!(
            "seed: concept F1 {:.3}, typed-edge F1 {:.3}, related_to share {:.3}",
            s.concepts.f1, s.edges_typed.f1, s.related_to_share
        );
    }
    Ok(())
}

fn gold_forms(gold: &serde_json::Value) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for c in gold["concepts"].as_array().into_iter().flatten() {
        if let Some(l) = c["label"].as_str() {
            out.insert(kg::eval::normalize(l));
        }
        for a in c["aliases"].as_array().into_iter().flatten() {
            if let Some(a) = a.as_str() {
                out.insert(kg::eval::normalize(a));
            }
        }
    }
    out
}
