//! Print kg's tokens, tags and lemmas for a text (a debugging aid).
//!
//! ```text
//! cargo run --release --example tags -- "Richard III was the last king of the House of York."
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let a = kg::text::analyze(&text);
    for s in &a.sentences {
        let line: Vec<String> =
            s.tokens.clone().map(|i| format!("{}/{}", a.tokens[i].text(&text), a.tags[i].name())).collect();
        println!("{}", line.join(" "));
    }
}
