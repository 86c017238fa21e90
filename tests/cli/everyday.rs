//! Everyday use (issue 6): help, version, completions, the man page, `kg init`, `kg.toml` and
//! `kg config`, `-q`/`-v`, and colour.

use crate::fixture::{kg_command, run_command, Env};

const TEXT: &str = "OpenAI develops GPT. GPT relies on GPUs for training.\n";

#[test]
fn help_is_pinned() {
    let env = Env::new();
    let mut cmd = kg_command(env.dir.path(), &["--help"]);
    cmd.env("COLUMNS", "100");
    let r = run_command(cmd);
    assert_eq!(r.code, 0);
    expect_test::expect_file!["../golden/help.txt"].assert_eq(&r.stdout);
}

#[test]
fn version_has_the_git_commit_when_built_from_git() {
    let env = Env::new();
    let r = env.kg(&["--version"]);
    assert_eq!(r.code, 0);
    let v = r.stdout.trim_end();
    let rest = v.strip_prefix(&format!("kg {}", env!("CARGO_PKG_VERSION"))).expect(v);
    let hash = rest.strip_prefix(" (").and_then(|h| h.strip_suffix(')'));
    assert!(rest.is_empty() || hash.is_some_and(|h| h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit())), "{v}");
}

#[test]
fn completions_for_every_shell() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "complete -F _kg"),
        ("zsh", "#compdef kg"),
        ("fish", "complete -c kg"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = env.kg(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}");
        assert!(r.stdout.contains("neighbors") && r.stdout.contains("--max-nodes"), "{shell}");
    }
    let r = env.kg(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_page() {
    let env = Env::new();
    let r = env.kg(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH kg 1"), "{}", &r.stdout[..200]);
    assert!(r.stdout.contains("kg\\-build") || r.stdout.contains("build"), "subcommands are listed");
}

#[test]
fn init_makes_a_project_that_builds() {
    let env = Env::new();
    let r = env.kg(&["init", "proj"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["corpus/example.md", "ontology.toml", "kg.toml", "README.md", ".gitignore"] {
        assert!(env.path("proj").join(f).is_file(), "{f}");
    }
    let ontology = std::fs::read_to_string(env.path("proj/ontology.toml")).unwrap();
    assert!(ontology.starts_with("# This project's ontology, written by `kg init`"));
    assert!(ontology.contains("[[kinds]]") && ontology.contains("#   [[relations]]"), "commented sections");
    // Run again: nothing is overwritten without --force.
    let again = env.kg(&["init", "proj"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("proj/corpus/example.md, proj/ontology.toml"), "{}", again.stderr);
    assert!(again.stderr.contains("give --force to overwrite"), "{}", again.stderr);
    // The user edits the ontology and builds, from the project folder, with no arguments.
    let edited = ontology.replace("\"Technology\"", "\"Tech\"");
    std::fs::write(env.path("proj/ontology.toml"), edited).unwrap();
    let r = crate::fixture::run_in(&env.path("proj"), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = std::fs::read_to_string(env.path("proj/output/graph.json")).unwrap();
    assert!(g.contains("\"kind\": \"Tech\""), "the project ontology was used: {g}");
    let r = crate::fixture::run_in(&env.path("proj"), &["show", "GPT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn init_ontology_mistakes_point_at_the_line() {
    let env = Env::new();
    assert_eq!(env.kg(&["init", "."]).code, 0);
    let ontology = std::fs::read_to_string(env.path("ontology.toml")).unwrap();
    std::fs::write(env.path("ontology.toml"), ontology.replacen("name = \"Organization\"", "name = Organization", 1))
        .unwrap();
    let r = env.kg(&["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("kg: error: ontology.toml:"), "{}", r.stderr);
}

#[test]
fn config_shows_sources_and_flags_win() {
    let env = Env::new();
    env.write("docs/a.txt", TEXT);
    let r = env.kg(&["config"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("# no kg.toml in this folder"), "{}", r.stdout);
    assert!(r.stdout.contains("\nout           output"), "{}", r.stdout);
    env.write("kg.toml", "corpus = \"docs\"\nout = \"built\"\nmax-nodes = 5\n");
    let r = env.kg(&["--color", "never", "config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line =
        |name: &str| r.stdout.lines().find(|l| l.starts_with(name)).unwrap().split_whitespace().collect::<Vec<_>>();
    assert_eq!(line("corpus"), ["corpus", "docs", "kg.toml"]);
    assert_eq!(line("graph"), ["graph", "built/graph.json", "kg.toml"]);
    assert_eq!(line("max-nodes"), ["max-nodes", "5", "kg.toml"]);
    assert_eq!(line("strict"), ["strict", "false", "default"]);
    assert_eq!(line("color"), ["color", "never", "flag"]);
    // kg.toml's corpus and out are used; the queries read its graph.
    let r = env.kg(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(env.path("built/graph.json").exists());
    assert_eq!(env.kg(&["show", "GPT"]).code, 0);
    // A flag wins over kg.toml.
    let r = env.kg(&["build", "--out", "flagged"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(env.path("flagged/graph.json").exists());
}

#[test]
fn quiet_verbose_and_colour() {
    let env = Env::new();
    env.write("a.txt", TEXT);
    env.write("empty.txt", "");
    let r = env.kg(&["-q", "build", "a.txt", "empty.txt"]);
    assert_eq!((r.code, r.stderr.as_str(), r.stdout.as_str()), (0, "", ""));
    let r = env.kg(&["build", "-v", "a.txt", "empty.txt"]);
    assert!(r.stderr.contains("kg: input a.txt (54 bytes, document id a)"), "{}", r.stderr);
    assert!(r.stderr.contains("kg: warning: empty.txt: the file is empty"), "{}", r.stderr);
    assert!(!r.stderr.contains('\x1b'), "no colour off a terminal: {}", r.stderr);
    let r = env.kg(&["build", "--color", "always", "a.txt", "empty.txt"]);
    assert!(r.stderr.contains("\x1b[33mkg: warning:\x1b[0m empty.txt"), "{}", r.stderr);
    let r = env.kg(&["--color", "always", "build", "missing.txt"]);
    assert!(r.stderr.starts_with("\x1b[1;31mkg: error:\x1b[0m missing.txt"), "{}", r.stderr);
    let mut cmd = kg_command(env.dir.path(), &["build", "a.txt", "empty.txt"]);
    cmd.env("NO_COLOR", "1");
    let r = run_command(cmd);
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
    // Results stay on stdout, even with -v.
    let r = env.kg(&["-v", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("5 concepts") || r.stdout.contains("concepts,"), "{}", r.stdout);
    assert!(r.stderr.contains("kg: no kg.toml here"), "{}", r.stderr);
}
