//! Token accuracy of kg's whole tagging step (the model plus the corrections in
//! `text::fix_lexical_tags`) on the UD English EWT test split, read from `../shared/data`.
//! `train_tagger` measures the model alone; this says whether a correction rule helps on
//! annotated text. Sentences that kg tokenizes differently from EWT are skipped and counted.
//!
//! ```text
//! cargo run --release --example tag_accuracy [-- PATH.conllu.gz]
//! ```
#![allow(clippy::print_stdout)]

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let path =
        std::env::args().nth(1).unwrap_or_else(|| "../shared/data/ud-english-ewt/en_ewt-ud-test.conllu.gz".to_owned());
    let mut conllu = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_string(&mut conllu)?;
    let (mut right, mut total, mut skipped) = (0usize, 0usize, 0usize);
    for block in conllu.split("\n\n") {
        // Word rows only: no comments, multi-word tokens ("1-2") or empty nodes ("3.1").
        let rows: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|r| r.len() > 4 && !r[0].contains(['-', '.']))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let text = rows.iter().map(|r| r[1]).collect::<Vec<_>>().join(" ");
        let a = kg::text::analyze(&text);
        if a.tokens.len() != rows.len() {
            skipped += 1;
            continue;
        }
        total += rows.len();
        right += rows.iter().zip(&a.tags).filter(|(r, t)| t.name() == r[4]).count();
        // KG_TAG_DIFF=1 lists the disagreements: the word, EWT's tag, kg's tag and the sentence.
        if std::env::var_os("KG_TAG_DIFF").is_some() {
            for (r, t) in rows.iter().zip(&a.tags).filter(|(r, t)| t.name() != r[4]) {
                println!("{}\t{}\t{}\t{text}", r[1], r[4], t.name());
            }
        }
    }
    println!(
        "{right}/{total} tokens tagged as EWT tags them: {:.2}% ({skipped} sentences tokenized differently, skipped)",
        100.0 * right as f64 / total.max(1) as f64
    );
    Ok(())
}
