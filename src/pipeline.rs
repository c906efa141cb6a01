//! The run over all stages: discover files, then ingest and segment each (in parallel), and
//! gather treaties and errors into a [`Corpus`] sorted by file.

use crate::error::Error;
use crate::ingest;
use crate::model::{Corpus, FileError, Treaty};
use crate::segment;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Ingests and segments one file.
pub fn analyze_file(path: &Path) -> Result<Treaty, Error> {
    let source = ingest::load(path)?;
    Ok(segment::segment(&source))
}

/// Analyses every file under `paths`. Files that fail are listed in `errors`; the others are
/// analysed all the same.
pub fn analyze(paths: &[PathBuf]) -> Corpus {
    let (files, listing_errors) = ingest::discover(paths);
    let results: Vec<Result<Treaty, Error>> = files.par_iter().map(|p| analyze_file(p)).collect();
    let mut corpus = Corpus::default();
    for r in results {
        match r {
            Ok(t) => corpus.documents.push(t),
            Err(e) => corpus.errors.push(file_error(&e)),
        }
    }
    corpus.errors.extend(listing_errors.iter().map(file_error));
    corpus.documents.sort_by(|a, b| a.file.cmp(&b.file));
    corpus.errors.sort();
    corpus
}

fn file_error(e: &Error) -> FileError {
    match e {
        Error::Input { path, problem } => FileError {
            file: path.to_string_lossy().into_owned(),
            message: problem.to_string(),
        },
        other => FileError {
            file: String::new(),
            message: other.to_string(),
        },
    }
}
