//! Interrupted builds: SIGINT and SIGKILL in the middle of writing `graph.json` leave the
//! previous graph intact (issue 6).
//!
//! `KG_TEST_PAUSE_WRITES` makes every write pause after its first bytes reach the temporary
//! file, so the signal certainly lands mid-write; the test waits for that file, not for a time.

use std::path::Path;
use std::process::{Child, Stdio};

use crate::fixture::{kg_command, Env};

fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kg-tmp-"))
        .collect()
}

/// Start a build that will pause inside its write of `out/graph.json`, and wait until the
/// temporary file holds bytes.
fn start_paused_build(env: &Env) -> Child {
    let mut cmd = kg_command(env.dir.path(), &["build", "new.txt", "--out", "out"]);
    cmd.env("KG_TEST_PAUSE_WRITES", "60000").stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    loop {
        let started = std::fs::read_dir(env.path("out")).unwrap().any(|e| {
            let e = e.unwrap();
            e.file_name().to_string_lossy().starts_with(".graph.json.kg-tmp-") && e.metadata().unwrap().len() > 0
        });
        if started {
            return child;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended before its write paused: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Send a signal with bash's built-in `kill` (no procps needed).
fn signal(child: &Child, name: &str) {
    let ok =
        std::process::Command::new("bash").args(["-c", &format!("kill -s {name} {}", child.id())]).status().unwrap();
    assert!(ok.success());
}

fn previous_build(env: &Env) -> Vec<u8> {
    env.write("old.txt", "OpenAI develops GPT. GPT relies on GPUs.\n");
    env.write("new.txt", "The CTO leads research on AI safety. RLHF promotes safety.\n");
    let r = env.kg(&["build", "old.txt", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read(env.path("out/graph.json")).unwrap()
}

#[test]
fn sigint_mid_write_keeps_the_previous_graph_and_no_debris() {
    let env = Env::new();
    let previous = previous_build(&env);
    let child = start_paused_build(&env);
    signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kg: interrupted; the previous output is left as it was"), "{stderr}");
    assert_eq!(std::fs::read(env.path("out/graph.json")).unwrap(), previous);
    assert!(temporary_files(&env.path("out")).is_empty(), "{:?}", temporary_files(&env.path("out")));
}

#[test]
fn sigkill_mid_write_keeps_the_previous_graph() {
    use std::os::unix::process::ExitStatusExt;
    let env = Env::new();
    let previous = previous_build(&env);
    let mut child = start_paused_build(&env);
    signal(&child, "KILL");
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9));
    assert_eq!(std::fs::read(env.path("out/graph.json")).unwrap(), previous, "the previous graph is intact");
    // A killed write leaves its hidden temporary file; the next build is not hindered by it.
    assert_eq!(temporary_files(&env.path("out")).len(), 1);
    let r = env.kg(&["build", "new.txt", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(std::fs::read(env.path("out/graph.json")).unwrap(), previous);
}
