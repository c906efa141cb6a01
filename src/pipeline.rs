//! The run over all stages: discover files, then ingest, segment and classify each (in
//! parallel), and gather treaties and errors into a [`Corpus`] sorted by file.

use crate::classify::{self, Taxonomy};
use crate::error::Error;
use crate::ingest;
use crate::model::{Corpus, FileError, LabelInfo, Treaty};
use crate::segment;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a run needs beyond its input paths (validated library options, not CLI types).
#[derive(Debug, Clone)]
pub struct Options {
    pub taxonomy: Taxonomy,
    /// Label provisions and extract values (off when only the text is needed, as for `pairs`).
    pub classify: bool,
    /// A command run on each file in a format not read (PDF, HTML, DOCX ...), whose standard
    /// output is read as the text (`--pre`).
    pub pre: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            taxonomy: Taxonomy::builtin(),
            classify: true,
            pre: None,
        }
    }
}

/// Ingests, segments and classifies one file with the default options.
pub fn analyze_file(path: &Path) -> Result<Treaty, Error> {
    analyze_file_with(path, &Options::default())
}

/// Ingests, segments and classifies one file as one treaty.
pub fn analyze_file_with(path: &Path, opts: &Options) -> Result<Treaty, Error> {
    let source = load(path, opts)?;
    Ok(treaty_of(&source, opts))
}

fn load(path: &Path, opts: &Options) -> Result<ingest::Source, Error> {
    match &opts.pre {
        Some(cmd) => ingest::load_with_pre(path, cmd),
        None => ingest::load(path),
    }
}

fn treaty_of(source: &ingest::Source, opts: &Options) -> Treaty {
    let mut treaty = segment::segment(source);
    if opts.classify {
        classify::classify(&opts.taxonomy, &mut treaty);
    }
    treaty
}

/// The treaties of one file: one, or each treaty of a web page that holds several
/// ([`ingest::collection`]: `page.html#1`, `page.html#2`, ...).
pub fn analyze_file_all(path: &Path, opts: &Options) -> (Vec<Treaty>, Vec<Error>) {
    let source = match load(path, opts) {
        Ok(s) => s,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let Some(parts) = ingest::collection::split(&source) else {
        return (vec![treaty_of(&source, opts)], Vec::new());
    };
    let mut treaties = Vec::new();
    let mut errors = Vec::new();
    for part in parts {
        match part {
            Ok(p) => treaties.push(treaty_of(&p, opts)),
            Err(problem) => errors.push(Error::input(path, problem)),
        }
    }
    (treaties, errors)
}

/// The treaties of one input file: one, several for a web page of several treaties, or many
/// for article JSON Lines (whose bad lines are returned as errors beside them).
fn analyze_path(path: &Path, opts: &Options) -> (Vec<Treaty>, Vec<Error>) {
    if !ingest::is_jsonl(path) {
        return analyze_file_all(path, opts);
    }
    match ingest::jsonl::load(path) {
        Ok(mut read) => {
            if opts.classify {
                read.treaties
                    .par_iter_mut()
                    .for_each(|t| classify::classify(&opts.taxonomy, t));
            }
            (read.treaties, read.errors)
        }
        Err(e) => (Vec::new(), vec![e]),
    }
}

/// Told how a run goes (for a progress bar); called from the worker threads.
pub trait Progress: Sync {
    /// The files were found: `total` of them will be read.
    fn files(&self, _total: usize) {}
    /// One more file is done.
    fn file_done(&self) {}
}

/// No progress reports.
impl Progress for () {}

/// Analyses every file under `paths`. Files that fail are listed in `errors`; the others are
/// analysed all the same.
pub fn analyze(paths: &[PathBuf], opts: &Options) -> Corpus {
    analyze_with_progress(paths, opts, &())
}

/// [`analyze`], reporting each file done to `progress`.
pub fn analyze_with_progress(paths: &[PathBuf], opts: &Options, progress: &dyn Progress) -> Corpus {
    let (mut files, listing_errors, skipped) = ingest::discover_all(paths);
    // With --pre, the files of formats not read are read through the command.
    let skipped = if opts.pre.is_some() {
        files.extend(skipped.iter().filter_map(|e| match e {
            Error::Input { path, .. } => Some(path.clone()),
            _ => None,
        }));
        files.sort();
        Vec::new()
    } else {
        skipped
    };
    progress.files(files.len());
    let results: Vec<(Vec<Treaty>, Vec<Error>)> = files
        .par_iter()
        .map(|p| {
            let r = analyze_path(p, opts);
            progress.file_done();
            r
        })
        .collect();
    let mut corpus = Corpus {
        labels: opts
            .taxonomy
            .labels
            .iter()
            .map(|l| LabelInfo {
                id: l.id.clone(),
                name: l.name.clone(),
            })
            .collect(),
        ..Corpus::default()
    };
    for (treaties, errors) in results {
        corpus.documents.extend(treaties);
        corpus.errors.extend(errors.iter().map(file_error));
    }
    corpus.errors.extend(listing_errors.iter().map(file_error));
    corpus.skipped = skipped.iter().map(file_error).collect();
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
