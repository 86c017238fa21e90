//! A fixture that runs the `kg` binary in a temporary folder with a clean environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder to run kg in.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write a file (and its folders) under the fixture folder.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// Run kg with `args` in the fixture folder.
    pub fn kg(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

/// Run kg in `dir`, with KG_* and NO_COLOR cleared.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kg"));
    cmd.args(args).current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("KG_") || k == "NO_COLOR" {
            cmd.env_remove(k);
        }
    }
    let out: Output = cmd.output().expect("run kg");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
