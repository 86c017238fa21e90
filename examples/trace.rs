//! Show how kg reads each sentence of a file: chunks and the relations found (a development aid).
//!
//! ```text
//! cargo run --release --example trace -- FILE
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("usage: trace FILE");
    let text = std::fs::read_to_string(&path)?;
    let doc = kg::text::Document::from_text("doc", &path, &text);
    let options = kg::extract::Options { trace: true, ..Default::default() };
    let x = kg::extract::extract(&doc, &kg::ontology::Ontology::default(), &options);
    for line in x.trace {
        println!("{line}");
    }
    Ok(())
}
