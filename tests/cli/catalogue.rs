//! The catalogue of bad inputs and faults: each case runs the binary and pins the exit code and
//! the message (issue 6).
//!
//! Exit codes: 2 for errors, 1 for "not found", 0 for a build that only warned (and 2 for the
//! same build under `--strict`). Errors print one `kg: error: ...` line naming the file and what
//! to do; nothing reaches stdout. Large files are sparse (`File::set_len`) or written once in
//! chunks, so the whole catalogue runs in seconds.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use crate::fixture::{kg_bin, kg_command, run_command, small_graph, synthetic_graph, Env, Run};

const TEXT: &str = "OpenAI develops GPT. GPT relies on GPUs for training.\n";

/// An error: `code`, one `kg: error:` line containing `message`, nothing on stdout.
#[track_caller]
fn fails(r: &Run, code: i32, message: &str) {
    assert_eq!(r.code, code, "exit code; stderr: {}", r.stderr);
    // Warnings may come first (a cache that could not be written, say); the error ends it.
    let error_at = r.stderr.find("kg: error: ").unwrap_or_else(|| panic!("no error line; stderr: {}", r.stderr));
    assert!(r.stderr[..error_at].lines().all(|l| l.starts_with("kg: warning: ")), "stderr: {}", r.stderr);
    assert!(r.stderr.contains(message), "expected {message:?} in stderr: {}", r.stderr);
    assert_eq!(r.stderr.matches("kg: error:").count(), 1, "one error line: {}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
}

/// A build that warned: exit 0, a `kg: warning:` containing `message`, and the graph written.
#[track_caller]
fn warns(env: &Env, r: &Run, message: &str) {
    assert_eq!(r.code, 0, "exit code; stderr: {}", r.stderr);
    assert!(r.stderr.contains(&format!("kg: warning: {message}")), "expected {message:?} in stderr: {}", r.stderr);
    assert!(!r.stderr.contains("kg: error"), "{}", r.stderr);
    assert!(env.path("output/graph.json").exists(), "the graph was written");
}

/// The same build under `--strict` fails with exit 2 after printing the warnings.
#[track_caller]
fn strict_fails(env: &Env, args: &[&str]) {
    let mut all = args.to_vec();
    all.push("--strict");
    let r = env.kg(&all);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("kg: warning: "), "{}", r.stderr);
    assert!(r.stderr.contains("warning(s) and --strict was given; the first: "), "{}", r.stderr);
    // Quiet hides the warnings, so the error names the first.
    all.insert(0, "-q");
    let r = env.kg(&all);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("kg: error: ") && r.stderr.contains("--strict was given; the first: "),
        "{}",
        r.stderr
    );
}

fn is_root(env: &Env) -> bool {
    let probe = env.write(".probe", "x");
    std::fs::metadata(probe).unwrap().uid() == 0
}

// ---------------------------------------------------------------- input files

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let env = Env::new();
    env.write("latin1.txt", b"Caf\xe9 culture and OpenAI.\n");
    let r = env.kg(&["build", "latin1.txt"]);
    fails(&r, 2, "latin1.txt: invalid UTF-8 at byte offset 3; convert the file to UTF-8 (e.g. `iconv -f latin1");
}

#[test]
fn invalid_utf8_in_a_folder_is_skipped_with_a_warning() {
    let env = Env::new();
    env.write("corpus/good.txt", TEXT);
    env.write("corpus/latin1.txt", b"Caf\xe9 culture.\n");
    let r = env.kg(&["build", "corpus"]);
    warns(&env, &r, "corpus/latin1.txt: invalid UTF-8 at byte offset 3");
    assert!(r.stderr.contains("(skipped)"), "{}", r.stderr);
    assert!(r.stderr.contains("read 1 document(s)"), "{}", r.stderr);
    strict_fails(&env, &["build", "corpus"]);
}

#[test]
fn utf16_with_a_byte_order_mark() {
    let env = Env::new();
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
    env.write("utf16.txt", bytes);
    let r = env.kg(&["build", "utf16.txt"]);
    fails(&r, 2, "utf16.txt: not a text file: it is UTF-16 (it starts with a UTF-16 byte-order mark); convert it");
    assert!(r.stderr.contains("iconv -f UTF-16 -t UTF-8"), "{}", r.stderr);
}

#[test]
fn a_binary_file() {
    let env = Env::new();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    env.write("image.txt", png);
    let r = env.kg(&["build", "image.txt"]);
    fails(&r, 2, "image.txt: not a text file: it looks like a binary file, not text");
}

#[test]
fn a_pdf_renamed_to_txt() {
    let env = Env::new();
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n".to_vec();
    pdf.extend((0..4000u32).map(|i| (i * 31 % 251) as u8));
    env.write("paper.txt", pdf);
    let r = env.kg(&["build", "paper.txt"]);
    fails(&r, 2, "paper.txt: not a text file: it looks like a binary file");
}

#[test]
fn an_empty_file_warns() {
    let env = Env::new();
    env.write("empty.txt", "");
    let r = env.kg(&["build", "empty.txt"]);
    warns(&env, &r, "empty.txt: the file is empty (or only white space)");
    strict_fails(&env, &["build", "empty.txt"]);
}

#[test]
fn an_empty_folder() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("empty")).unwrap();
    let r = env.kg(&["build", "empty"]);
    fails(&r, 2, "no input: no .txt or .md files found in empty");
}

#[test]
fn a_folder_of_other_files() {
    let env = Env::new();
    env.write("docs/report.pdf", "%PDF");
    env.write("docs/photo.jpg", "JFIF");
    let r = env.kg(&["build", "docs"]);
    fails(&r, 2, "no input: no .txt or .md files found in docs (skipped: docs/photo.jpg, docs/report.pdf)");
}

#[test]
fn a_folder_whose_every_file_is_bad() {
    let env = Env::new();
    env.write("corpus/a.txt", b"\xff\xfeh\0i\0");
    env.write("corpus/b.txt", b"abc\xffdef");
    let r = env.kg(&["build", "corpus"]);
    fails(&r, 2, "no input: every .txt or .md file in corpus was skipped: corpus/a.txt: not a text file: it is UTF-16");
    assert!(r.stderr.contains("corpus/b.txt: invalid UTF-8 at byte offset 3"), "{}", r.stderr);
}

#[test]
fn a_missing_path() {
    let env = Env::new();
    let r = env.kg(&["build", "notes/missing.md"]);
    fails(&r, 2, "notes/missing.md: no such file or folder; check the path (kg reads .txt and .md files, and folders");
}

#[test]
fn no_input_and_no_default_corpus() {
    let env = Env::new();
    let r = env.kg(&["build"]);
    fails(&r, 2, "no input given and graph-data/corpus does not exist here; give files or folders");
    assert!(r.stderr.contains("`kg init`"), "{}", r.stderr);
}

#[test]
fn a_named_file_that_is_not_text_is_skipped() {
    let env = Env::new();
    env.write("notes.txt", TEXT);
    env.write("data.csv", "a,b\n");
    let r = env.kg(&["build", "notes.txt", "data.csv"]);
    warns(&env, &r, "data.csv: skipped: not a .txt or .md file");
}

#[test]
fn a_folder_with_a_symlink_loop() {
    let env = Env::new();
    env.write("corpus/sub/doc.txt", TEXT);
    std::os::unix::fs::symlink("..", env.path("corpus/sub/loop")).unwrap();
    std::os::unix::fs::symlink("self.txt", env.path("corpus/self.txt")).unwrap();
    let r = env.kg(&["build", "corpus"]);
    warns(&env, &r, "corpus/sub/loop: skipped: folder already visited (a symlink loop?)");
    assert!(r.stderr.contains("kg: warning: corpus/self.txt: skipped: a broken symbolic link"), "{}", r.stderr);
    assert!(r.stderr.contains("read 1 document(s)"), "{}", r.stderr);
    strict_fails(&env, &["build", "corpus"]);
}

#[test]
fn a_pipe_named_txt_is_skipped_not_waited_on() {
    let env = Env::new();
    env.write("corpus/doc.txt", TEXT);
    let made = Command::new("mkfifo").arg(env.path("corpus/pipe.txt")).status().expect("mkfifo");
    assert!(made.success());
    let r = env.kg(&["build", "corpus"]);
    warns(&env, &r, "corpus/pipe.txt: skipped: not a regular file (a pipe, socket or device?)");
}

/// Permission bits do not stop root, so as root the run drops to `nobody` with setpriv (when that
/// works here); otherwise it runs as the current, unprivileged user.
fn as_unprivileged(env: &Env, args: &[&str]) -> Option<Command> {
    if !is_root(env) {
        return Some(kg_command(env.dir.path(), args));
    }
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let setpriv = |args: &[&str]| {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", kg_bin()]).args(args).current_dir(env.dir.path());
        c
    };
    let works = setpriv(&["--version"]).output().is_ok_and(|o| o.status.success());
    works.then(|| setpriv(args))
}

#[test]
fn an_unreadable_file() {
    let env = Env::new();
    env.write("corpus/good.txt", TEXT);
    let secret = env.write("corpus/secret.txt", TEXT);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(env.path("corpus"), std::fs::Permissions::from_mode(0o755)).unwrap();
    match as_unprivileged(&env, &["build", "corpus/secret.txt"]) {
        Some(cmd) => {
            let r = run_command(cmd);
            fails(&r, 2, "corpus/secret.txt: Permission denied (os error 13); check its permissions");
            // In a folder, the file is skipped and the rest is read.
            let r = run_command(as_unprivileged(&env, &["build", "corpus"]).unwrap());
            assert_eq!(r.code, 0, "{}", r.stderr);
            assert!(r.stderr.contains("kg: warning: corpus/secret.txt: Permission denied"), "{}", r.stderr);
            assert!(r.stderr.contains("read 1 document(s)"), "{}", r.stderr);
        }
        None => {
            // Root without a way to drop privileges: a different read fault, a file that
            // vanishes behind a dangling link, must be skipped the same way.
            std::os::unix::fs::symlink("gone.txt", env.path("corpus/dangling.txt")).unwrap();
            let r = env.kg(&["build", "corpus"]);
            warns(&env, &r, "corpus/dangling.txt: skipped: a broken symbolic link");
        }
    }
}

#[test]
fn a_1_gb_file_is_refused_before_it_is_read() {
    let env = Env::new();
    let f = std::fs::File::create(env.path("huge.txt")).unwrap();
    f.set_len(1 << 30).unwrap(); // sparse: no disk, no time
    let r = env.kg(&["build", "huge.txt"]);
    fails(
        &r,
        2,
        "huge.txt: the file is 1073741824 bytes, over the limit of 268435456 bytes; split it into smaller files",
    );
    // Found in a folder, it is skipped and the rest is built.
    env.write("corpus/doc.txt", TEXT);
    std::fs::rename(env.path("huge.txt"), env.path("corpus/huge.txt")).unwrap();
    let r = env.kg(&["build", "corpus"]);
    warns(&env, &r, "corpus/huge.txt: the file is 1073741824 bytes, over the limit of 268435456 bytes");
}

#[test]
fn a_single_100_mb_line_is_left_out() {
    let env = Env::new();
    let path = env.path("log.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(TEXT.as_bytes()).unwrap();
    let chunk = "GET /index.html 200 ".repeat(1 << 16);
    let mut written = 0;
    while written < 100_000_000 {
        f.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    f.write_all(b"\nThe CTO leads research on AI safety.\n").unwrap();
    drop(f);
    let r = env.kg(&["build", "log.txt"]);
    warns(&env, &r, &format!("log.txt: line 2 is {written} bytes long, over the limit of 1048576 bytes per line"));
    // The lines around it are still read.
    let g = std::fs::read_to_string(env.path("output/graph.json")).unwrap();
    assert!(g.contains("\"id\": \"gpt\"") && g.contains("\"id\": \"cto\""), "{g}");
}

#[test]
fn a_very_long_word_is_left_out() {
    let env = Env::new();
    let blob = "QUJD".repeat(100);
    env.write("doc.md", format!("OpenAI develops GPT. The key is {blob} and GPT uses GPUs.\n"));
    let r = env.kg(&["build", "doc.md"]);
    warns(&env, &r, "doc.md: 1 word(s) longer than 256 bytes (encoded data, hashes, long URLs?) were left out");
    let g = std::fs::read_to_string(env.path("output/graph.json")).unwrap();
    assert!(!g.contains("\"id\": \"qujd"), "the blob is not a concept");
}

#[test]
fn a_very_long_sentence_is_cut() {
    let env = Env::new();
    let words = ["model", "system", "network", "data", "GPU", "team"];
    let long: Vec<&str> = (0..1000).map(|i| words[i % words.len()]).collect();
    env.write("run-on.txt", format!("{} end.\n", long.join(" ")));
    let r = env.kg(&["build", "run-on.txt"]);
    warns(&env, &r, "run-on.txt: a sentence longer than 400 tokens was cut into pieces");
}

#[test]
fn deeply_repeated_text_is_read_once_per_copy_up_to_a_bound() {
    let env = Env::new();
    env.write("boilerplate.txt", "OpenAI develops GPT. Click here to subscribe.\n".repeat(10));
    let r = env.kg(&["build", "boilerplate.txt"]);
    warns(&env, &r, "boilerplate.txt: 14 repeated sentence(s) were left out (each sentence is read at most 3 times");
}

#[test]
fn millions_of_noun_phrases_hit_a_bound() {
    // The bound is 100,000 distinct noun phrases per document; a smaller one shows the behaviour.
    let text: String = (0..50).map(|i| format!("The system{i} uses the device{i}. ")).collect();
    let doc = kg::text::Document::from_text("many", "many.txt", &text);
    let options = kg::extract::Options { max_candidates: 10, ..Default::default() };
    let x = kg::extract::extract(&doc, &kg::ontology::Ontology::default(), &options);
    let w: Vec<String> = x.warnings.iter().map(ToString::to_string).collect();
    assert!(w.iter().any(|w| w.starts_with("many.txt: more than 10 distinct noun phrases; ")), "{w:?}");
    assert_eq!(kg::extract::MAX_CANDIDATES, 100_000);
}

#[test]
fn text_with_a_few_nul_bytes_is_read() {
    let env = Env::new();
    env.write("nul.txt", b"OpenAI develops GPT.\0 GPT relies on GPUs.\0\n");
    let r = env.kg(&["build", "nul.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = std::fs::read_to_string(env.path("output/graph.json")).unwrap();
    assert!(g.contains("\"id\": \"gpu\""), "{g}");
}

#[test]
fn text_full_of_nul_bytes_is_binary() {
    let env = Env::new();
    let mut bytes = TEXT.as_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 100));
    env.write("nuls.txt", bytes);
    let r = env.kg(&["build", "nuls.txt"]);
    fails(&r, 2, "nuls.txt: not a text file: it looks like a binary file");
}

// ---------------------------------------------------------------- ontologies

fn ontology_case(ontology: &str, message: &str) {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    env.write("o.toml", ontology);
    let r = env.kg(&["build", "doc.txt", "--ontology", "o.toml"]);
    fails(&r, 2, message);
    assert!(!env.path("output").exists(), "nothing is written");
}

const BASE: &str = "[[kinds]]\nname = \"Thing\"\n\n[[relations]]\nname = \"related_to\"\n";

#[test]
fn an_ontology_with_a_syntax_error() {
    ontology_case("[[kinds]]\nname = \"Thing\"\ncolor = \"#fff\n", "o.toml:3:14: invalid basic string");
    ontology_case("[[kinds]\nname = \"Thing\"\n", "o.toml:1:9: unclosed array table, expected `]`");
}

#[test]
fn an_ontology_with_an_unknown_kind_in_the_lexicon() {
    ontology_case(
        &format!("{BASE}\n[[concepts]]\nlabel = \"GPU\"\nkind = \"Gadget\"\n"),
        "o.toml:9:8: unknown kind 'Gadget' for concept 'GPU'; kinds are Thing",
    );
}

#[test]
fn an_ontology_with_a_relation_without_a_name() {
    ontology_case(
        &format!("{BASE}\n[[relations]]\ndescription = \"uses\"\nverbs = [\"use\"]\n"),
        "o.toml:7:1: a relation has no name; add `name = \"...\"`",
    );
}

#[test]
fn an_ontology_with_an_unknown_field() {
    ontology_case(&format!("{BASE}verb = [\"use\"]\n"), "o.toml:6:1: unknown field `verb`");
}

#[test]
fn an_ontology_with_no_kinds() {
    ontology_case("[[relations]]\nname = \"related_to\"\n", "the ontology defines no kinds");
}

#[test]
fn an_ontology_too_large_to_be_one() {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    std::fs::File::create(env.path("o.toml")).unwrap().set_len(1 << 30).unwrap();
    let r = env.kg(&["build", "doc.txt", "--ontology", "o.toml"]);
    fails(&r, 2, "o.toml: the ontology file is 1073741824 bytes, over the limit of 16777216 bytes");
}

#[test]
fn a_missing_ontology() {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    let r = env.kg(&["build", "doc.txt", "--ontology", "nope.toml"]);
    assert_eq!(r.stderr, "kg: error: nope.toml: No such file or directory (os error 2)\n", "said once");
    fails(&r, 2, "nope.toml: No such file or directory");
}

// ---------------------------------------------------------------- saved graphs

fn graph_case(json: &str, message: &str) {
    let env = Env::new();
    env.write("g.json", json);
    let r = env.kg(&["stats", "--graph", "g.json"]);
    fails(&r, 2, message);
}

#[test]
fn a_graph_of_another_format_version() {
    let g = small_graph().replace("\"version\": 1", "\"version\": 2");
    graph_case(
        &g,
        "g.json: graph format version 2 is not supported (this kg reads version 1); rebuild it with `kg build`",
    );
}

#[test]
fn a_truncated_graph() {
    let g = small_graph();
    graph_case(&g[..g.len() / 2], "g.json:");
    graph_case(&g[..g.len() / 2], ": the file ends too early (truncated?)");
}

#[test]
fn a_graph_with_an_edge_to_a_missing_node() {
    let g = small_graph().replacen("\"target\": \"gpu\"", "\"target\": \"tpu\"", 1);
    graph_case(&g, "g.json: edge 1 refers to a missing node 'tpu'");
}

#[test]
fn a_graph_with_duplicate_ids() {
    let g = small_graph().replacen("\"id\": \"cto\"", "\"id\": \"agi\"", 1);
    graph_case(&g, "g.json: duplicate node id 'agi'");
}

#[test]
fn a_2_gb_graph_is_refused_before_it_is_read() {
    let env = Env::new();
    let f = std::fs::File::create(env.path("g.json")).unwrap();
    f.set_len(2 << 30).unwrap();
    let r = env.kg(&["stats", "--graph", "g.json"]);
    fails(&r, 2, "g.json: the graph file is 2147483648 bytes, over the limit of 1073741824 bytes");
}

#[test]
fn a_json_file_that_is_not_a_kg_graph() {
    graph_case(
        "{\"nodes\": [], \"links\": []}",
        "g.json: not a kg graph: \"format\" is \"missing\", expected \"kg-graph\"",
    );
}

#[test]
fn no_graph_yet() {
    let env = Env::new();
    let r = env.kg(&["path", "a", "b"]);
    fails(&r, 2, "output/graph.json: no such graph; run `kg build` first, or give --graph FILE");
}

// ---------------------------------------------------------------- queries

fn with_small_graph() -> Env {
    let env = Env::new();
    env.write("output/graph.json", small_graph());
    env
}

#[test]
fn an_unknown_concept_exits_1() {
    let env = with_small_graph();
    let r = env.kg(&["neighbors", "GPX"]);
    fails(&r, 1, "unknown concept 'GPX'; did you mean 'GPT', 'GPU'?");
    let r = env.kg(&["path", "zebra", "GPU"]);
    fails(&r, 1, "unknown concept 'zebra'; try `kg find` to search labels and aliases");
}

#[test]
fn a_path_between_the_same_node() {
    let env = with_small_graph();
    // The same concept by label and by alias: a path of no hops, said in words.
    let r = env.kg(&["path", "GPU", "graphics processing unit"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "path 1: 0 hops\n  GPU is the concept asked for; the path has no hops.\n");
}

#[test]
fn no_path_exits_1() {
    let env = with_small_graph();
    let r = env.kg(&["path", "x", "GPU"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "kg: no path between 'x' and 'GPU'\n");
    assert!(r.stdout.is_empty());
}

#[test]
fn a_bad_option_value_is_a_usage_error() {
    let env = with_small_graph();
    let r = env.kg(&["rank", "--by", "fame"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("invalid value 'fame' for '--by <BY>'"), "{}", r.stderr);
    let r = env.kg(&["communities", "--resolution=-1"]);
    fails(&r, 2, "--resolution must be a positive number");
}

// ---------------------------------------------------------------- output

#[test]
fn an_output_folder_under_a_file() {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    env.write("taken", "a file");
    let r = env.kg(&["build", "doc.txt", "--out", "taken/out"]);
    fails(&r, 2, "taken/out: cannot create the output folder");
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    std::fs::create_dir_all(env.path("locked")).unwrap();
    std::fs::set_permissions(env.path("locked"), std::fs::Permissions::from_mode(0o555)).unwrap();
    match as_unprivileged(&env, &["build", "doc.txt", "--out", "locked"]) {
        Some(cmd) => {
            let r = run_command(cmd);
            fails(&r, 2, "locked: Permission denied (os error 13); check its permissions, or use another path");
            assert_eq!(std::fs::read_dir(env.path("locked")).unwrap().count(), 0, "no debris");
        }
        None => {
            // Root: the graph file's place is taken by a folder, so the rename must fail.
            std::fs::create_dir_all(env.path("locked/graph.json/x")).unwrap();
            let r = env.kg(&["build", "doc.txt", "--out", "locked"]);
            fails(&r, 2, "locked/graph.json: ");
        }
    }
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(at.to_owned()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_previous_graph() {
    let env = Env::new();
    env.write("small.txt", TEXT);
    // Enough text that its graph cannot fit in what is left.
    let big: String = (0..200).map(|i| format!("Team{i} develops System{i}. System{i} uses Device{i}.\n")).collect();
    env.write("big.txt", big);
    let out = env.path("disk");
    let tmp_files = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kg-tmp"))
            .collect()
    };
    match Tmpfs::mount(&out, "256k") {
        Some(_disk) => {
            // A real full disk: a small tmpfs, filled after the first build.
            let first = env.kg(&["build", "small.txt", "--out", "disk"]);
            assert_eq!(first.code, 0, "{}", first.stderr);
            let previous = std::fs::read(out.join("graph.json")).unwrap();
            let mut filler = std::fs::File::create(out.join("filler")).unwrap();
            while filler.write_all(&[b'x'; 4096]).is_ok() {}
            drop(filler);
            let r = env.kg(&["build", "big.txt", "--out", "disk"]);
            fails(&r, 2, "disk/graph.json: No space left on device (os error 28); the disk is full: free some space");
            assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), previous, "the previous graph survives");
            assert!(tmp_files(&out).is_empty(), "{:?}", tmp_files(&out));
        }
        None => {
            // Not root: a file size limit (ulimit -f, with SIGXFSZ ignored so that writes fail
            // with EFBIG instead of killing the process).
            let first = env.kg(&["build", "small.txt", "--out", "disk"]);
            assert_eq!(first.code, 0, "{}", first.stderr);
            let previous = std::fs::read(out.join("graph.json")).unwrap();
            let mut cmd = Command::new("bash");
            cmd.arg("-c")
                .arg(format!("trap '' XFSZ; ulimit -f 8; exec '{}' build big.txt --out disk", kg_bin()))
                .current_dir(env.dir.path());
            let r = run_command(cmd);
            fails(&r, 2, "disk/graph.json: File too large (os error 27); the file is over a size limit");
            assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), previous, "the previous graph survives");
            assert!(tmp_files(&out).is_empty(), "{:?}", tmp_files(&out));
        }
    }
}

#[test]
fn sigpipe_when_piped_to_head_exits_0_quietly() {
    let env = Env::new();
    env.write("g.json", synthetic_graph(3000));
    let script =
        format!("set -o pipefail; '{}' export --graph g.json --format json | head -c 100 >/dev/null", kg_bin());
    let out = Command::new("bash").arg("-c").arg(script).current_dir(env.dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let script = format!("set -o pipefail; '{}' completions bash | head -n 1 >/dev/null", kg_bin());
    let out = Command::new("bash").arg("-c").arg(script).current_dir(env.dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_folder_format_to_stdout_is_refused() {
    let env = with_small_graph();
    let r = env.kg(&["export", "--format", "neo4j-csv"]);
    fails(&r, 2, "neo4j-csv writes a folder of files; give -o DIR");
}

// ---------------------------------------------------------------- kg.toml

#[test]
fn a_config_with_an_unknown_setting() {
    let env = with_small_graph();
    env.write("kg.toml", "out = \"output\"\nmax_nodes = 10\n");
    let r = env.kg(&["stats"]);
    fails(&r, 2, "kg.toml:2:1: unknown setting `max_nodes`; settings are corpus, ontology, out, graph, max-nodes");
}

#[test]
fn a_config_with_a_syntax_error() {
    let env = with_small_graph();
    env.write("kg.toml", "out = \"output\ncolor = \"never\"\n");
    let r = env.kg(&["config"]);
    fails(&r, 2, "kg.toml:1:");
}

#[test]
fn a_cache_that_cannot_be_made_only_warns() {
    let env = Env::new();
    env.write("doc.txt", TEXT);
    env.write("taken", "a file");
    let r = env.kg(&["build", "doc.txt", "--cache", "taken/cache"]);
    warns(&env, &r, "taken/cache: Not a directory");
    assert!(r.stderr.contains("(building without the cache)"), "{}", r.stderr);
    strict_fails(&env, &["build", "doc.txt", "--cache", "taken/cache"]);
}
