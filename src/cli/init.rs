//! `kg init [DIR]`: a starter project.
//!
//! This file owns what a new project holds: a corpus folder with one example document, a copy of
//! the default ontology (its comments explain each section), a `kg.toml` that points at both, a
//! README on what to do next, and a `.gitignore` for the output.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::atomic::write_atomic;
use crate::ontology::DEFAULT_ONTOLOGY;

const EXAMPLE: &str = "\
# Example document

kg reads plain text and Markdown. Replace this file with your own documents: notes, articles,
reports, transcripts. Folders are read recursively.

OpenAI develops GPT, a family of large language models. GPT relies on GPUs for training. The
chief technology officer (CTO) of OpenAI leads research on AI safety. Reinforcement learning from
human feedback (RLHF) promotes the safety of models such as GPT.
";

const CONFIG: &str = "\
# kg's settings for this folder. Flags on the command line win over these; `kg config` shows
# what is in effect and where each setting came from. Every setting is optional.

corpus = \"corpus\"          # what `kg build` reads when given no paths (a path or a list)
ontology = \"ontology.toml\" # node kinds and relation types; delete this line for the built-in one
out = \"output\"             # where `kg build` writes graph.json and graph.dot
# graph = \"output/graph.json\"  # the graph the queries read (default: OUT/graph.json)
# max-nodes = 60             # concepts in a diagram (render, dot and mermaid exports); 0 shows all
# min-salience = 0.3         # lower keeps more concepts
# strict = false             # make warnings (skipped files, bounds hit) fail the build
# color = \"auto\"             # colour on stderr: auto, always or never
";

const README: &str = "\
# A kg project

This folder was made by `kg init`. It holds:

- `corpus/`: the documents to read (`.txt` and `.md`, folders read recursively). Put yours here.
- `ontology.toml`: the node kinds and relation types, and the words that signal them. Its comments
  explain each section; `docs/ontology.md` in kg's repository documents the format.
- `kg.toml`: this folder's settings (corpus, ontology, output folder, ...). `kg config` shows them.
- `output/`: what `kg build` writes (created by the first build).

Then, from this folder:

```sh
kg build                 # reads corpus/, writes output/graph.json and output/graph.dot
kg stats                 # what was found
kg find safety           # search concepts
kg path GPT safety       # how two concepts connect, with the sentences that say so
kg render -o output/graph.svg
```

Edit `ontology.toml` (add a kind, a relation, the verbs that signal it) and build again. A mistake
in it is reported with its line and column. `kg --help` lists every command.
";

const GITIGNORE: &str = "output/\n";

/// Make the starter project in `dir`; refuses to overwrite unless `force`. Returns the files
/// written.
pub(super) fn init(dir: &Path, force: bool) -> anyhow::Result<Vec<PathBuf>> {
    let ontology = format!(
        "# This project's ontology, written by `kg init` as a copy of kg's built-in default.\n\
         # Edit it and run `kg build`: kg.toml points `kg build` here.\n#\n{DEFAULT_ONTOLOGY}"
    );
    let files: [(&str, &str); 5] = [
        ("corpus/example.md", EXAMPLE),
        ("ontology.toml", &ontology),
        ("kg.toml", CONFIG),
        ("README.md", README),
        (".gitignore", GITIGNORE),
    ];
    if dir.is_file() {
        bail!("{}: is a file; give a folder to make the project in", dir.display());
    }
    let existing: Vec<String> =
        files.iter().map(|(f, _)| dir.join(f)).filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if !existing.is_empty() && !force {
        bail!("{} already exist(s); kg init leaves them alone (give --force to overwrite)", existing.join(", "));
    }
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
        }
        write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
