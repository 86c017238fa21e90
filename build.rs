//! Build script: the version string `kg --version` prints, with the git commit when the source
//! is a git checkout (`0.1.0 (abc123def456)`), and the plain package version otherwise (a
//! source archive, or no git installed).

use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).current_dir(&dir).output().ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    // Only kg's own checkout counts, not a repository that happens to hold a copy of kg's
    // sources (a vendored crate, a source archive unpacked inside another project).
    let own = git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        let canon = |p: &str| std::fs::canonicalize(p).ok();
        canon(&top).is_some() && canon(&top) == canon(&dir)
    });
    let hash = if own { git(&["rev-parse", "--short=12", "HEAD"]) } else { None };
    let full = match hash {
        Some(hash) => format!("{version} ({hash})"),
        None => version,
    };
    println!("cargo:rustc-env=KG_VERSION={full}");
    // Rebuild when the commit changes: HEAD moves, or the branch it names does.
    if let Some(git_dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        for f in [format!("{git_dir}/HEAD"), format!("{git_dir}/logs/HEAD")] {
            if std::path::Path::new(&f).exists() {
                println!("cargo:rerun-if-changed={f}");
            }
        }
        if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
            if let Some(common) = git(&["rev-parse", "--path-format=absolute", "--git-common-dir"]) {
                // A missing file would make cargo rerun this script on every build.
                for f in [format!("{common}/{head_ref}"), format!("{common}/packed-refs")] {
                    if std::path::Path::new(&f).exists() {
                        println!("cargo:rerun-if-changed={f}");
                    }
                }
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
