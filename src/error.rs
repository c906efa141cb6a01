//! Errors. Library code returns them; only `main` prints them and picks the exit code.

use std::path::PathBuf;
use thiserror::Error;

/// What is wrong with one input file, without its name (see [`Error::Input`]).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InputProblem {
    #[error("looks binary ({0}); skipped")]
    Binary(String),
    #[error("cannot be decoded: {0}; skipped")]
    Encoding(String),
    #[error("is empty; skipped")]
    Empty,
    #[error("is {size} bytes, over the limit of {limit} bytes; skipped")]
    TooLarge { size: u64, limit: u64 },
    #[error("is {format}, which clausemap does not read yet; skipped (convert it to text first, e.g. {hint}, or give analyze a command that does with --pre COMMAND)")]
    Unsupported {
        format: &'static str,
        hint: &'static str,
    },
    #[error("--pre {command} failed: {message}; skipped")]
    Pre { command: String, message: String },
    #[error("cannot be read as {format}: {reason}; skipped")]
    Document {
        format: &'static str,
        reason: String,
    },
    #[error("is not well-formed XML: {0}; skipped")]
    Xml(String),
    #[error("is not a regular file (a FIFO, socket or device); skipped")]
    NotAFile,
    #[error("cannot be read: {0}")]
    Io(String),
    #[error("line {line}: {message}; line skipped")]
    Jsonl { line: usize, message: String },
}

/// Everything that can go wrong in a run.
#[derive(Debug, Error)]
pub enum Error {
    /// One input file could not be analysed; the others go on.
    #[error("{}: {problem}", path.display())]
    Input {
        path: PathBuf,
        problem: InputProblem,
    },
    /// An output could not be written: nothing of it was left behind.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A taxonomy file is not valid: the file, then what is wrong (label, pattern, line).
    #[error("taxonomy {file}: {message}")]
    Taxonomy { file: String, message: String },
    /// A metadata file given with `--metadata` cannot be read.
    #[error("metadata file {file}: {message}")]
    Metadata { file: String, message: String },
    /// A gold file is not valid.
    #[error("gold file {file}: {message}")]
    Gold { file: String, message: String },
    /// An argument is not usable (no such path, bad option value).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn input(path: impl Into<PathBuf>, problem: InputProblem) -> Self {
        Error::Input {
            path: path.into(),
            problem,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
