//! Errors and warnings of the library.
//!
//! This file owns [`Error`], the one error type of kg's library: every variant names the file
//! (and the line and column where one applies) and says what to do next. Warnings are data
//! ([`Warning`]), returned beside results and printed by `cli`, never here.

use std::fmt;
use std::path::{Path, PathBuf};

/// kg's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in kg's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}{}", path.display(), io_hint(source))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An input file is not valid UTF-8.
    #[error("{}: invalid UTF-8 at byte offset {offset}; convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)", path.display())]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// An input file is not text at all.
    #[error("{}: not a text file: {reason}", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// Why kg thinks so.
        reason: String,
    },
    /// The inputs held no `.txt` or `.md` file.
    #[error("no input: no .txt or .md files found in {}{}", list_paths(inputs), list_others(skipped))]
    NoInput {
        /// What was searched.
        inputs: Vec<PathBuf>,
        /// Other files found there, which kg does not read.
        skipped: Vec<PathBuf>,
    },
    /// An input named on the command line does not exist.
    #[error("{}: no such file or folder; check the path (kg reads .txt and .md files, and folders of them)", path.display())]
    MissingInput {
        /// The path as given.
        path: PathBuf,
    },
    /// Every input file found was skipped (each with a warning).
    #[error("no input: every .txt or .md file in {} was skipped: {}", list_paths(inputs), list_skipped(skipped))]
    NothingReadable {
        /// What was searched.
        inputs: Vec<PathBuf>,
        /// Why each file was skipped.
        skipped: Vec<Warning>,
    },
    /// An input is larger than kg reads.
    #[error("{}: {what} is {size} bytes, over the limit of {limit} bytes; split it into smaller files", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What is too large ("the file", "the graph").
        what: &'static str,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The ontology file is malformed.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Ontology {
        /// The ontology file (`<default>` for the embedded one).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The config file (`kg.toml`) is malformed.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A saved graph is malformed.
    #[error("{}{}: {message}", path.display(), location(*line, *column))]
    Graph {
        /// The graph file.
        path: PathBuf,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A concept name matches no node.
    #[error("unknown concept '{name}'{}", suggest(suggestions))]
    UnknownNode {
        /// The name as given.
        name: String,
        /// Close matches, best first.
        suggestions: Vec<String>,
    },
    /// A gold file for `kg eval` is malformed.
    #[error("{}: {message}", path.display())]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An option has a value kg cannot use.
    #[error("{0}")]
    Invalid(String),
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn list_others(skipped: &[PathBuf]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut s = skipped.iter().take(5).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
    if skipped.len() > 5 {
        s.push_str(&format!(" and {} more", skipped.len() - 5));
    }
    format!(" (skipped: {s})")
}

fn list_skipped(skipped: &[Warning]) -> String {
    let mut s = skipped.iter().take(3).map(ToString::to_string).collect::<Vec<_>>().join("; ");
    if skipped.len() > 3 {
        s.push_str(&format!("; and {} more", skipped.len() - 3));
    }
    s
}

/// What to do about an I/O error, when kg can tell.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull => "; the disk is full: free some space or write elsewhere (--out, -o)",
        ErrorKind::FileTooLarge => "; the file is over a size limit (`ulimit -f`?)",
        ErrorKind::PermissionDenied => "; check its permissions, or use another path",
        ErrorKind::ReadOnlyFilesystem => "; the file system is read-only: write elsewhere (--out, -o)",
        ErrorKind::NotADirectory => "; a part of the path is a file, not a folder",
        ErrorKind::IsADirectory => "; it is a folder, not a file",
        _ if e.raw_os_error() == Some(40) => "; a symbolic link loop?",
        _ => "",
    }
}

fn location(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}:{column}")
    }
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; try `kg find` to search labels and aliases".into()
    } else {
        format!("; did you mean {}?", suggestions.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "))
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io { path: path.to_owned(), source }
    }

    /// Whether the error means "nothing found" (exit code 1) rather than a failure (2).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::UnknownNode { .. })
    }
}

/// Something the user should know that does not stop the work: a skipped file, a bound hit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The file concerned, if any.
    pub path: Option<PathBuf>,
    /// What happened.
    pub message: String,
}

impl Warning {
    /// A warning about `path`.
    pub fn new(path: Option<&Path>, message: &str) -> Warning {
        Warning { path: path.map(Path::to_owned), message: message.to_owned() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_place() {
        let e = Error::Ontology { path: "o.toml".into(), line: 3, column: 7, message: "expected `=`".into() };
        assert_eq!(e.to_string(), "o.toml:3:7: expected `=`");
        let e = Error::UnknownNode { name: "gpux".into(), suggestions: vec!["GPU".into()] };
        assert_eq!(e.to_string(), "unknown concept 'gpux'; did you mean 'GPU'?");
        assert!(e.is_not_found());
        assert_eq!(line_column("ab\ncd\nef", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
