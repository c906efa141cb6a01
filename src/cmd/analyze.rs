//! `clausemap analyze [PATH]... [--out DIR]`
//!
//! Analyse every treaty under the given paths (files or directories, recursively, in sorted
//! order) and write `DIR/report.json`. Progress and a summary go to stderr; nothing goes to
//! stdout. Files that cannot be read are named on stderr with the reason and listed in the
//! report's `errors`; the others are analysed all the same (exit code 1).

use crate::cli::Outcome;
use clausemap::{pipeline, report, Error};
use std::path::PathBuf;

/// Analyse treaties and write reports.
///
/// Reads every file under PATH (directories recursively; inside them only .txt, .md,
/// .markdown, .text, .xml and .jsonl files), compares every article with the articles of the
/// other treaties, and writes DIR/report.json.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap analyze\n  clausemap analyze ../shared/corpora --out /tmp/out"
)]
pub struct Args {
    /// Files or directories to analyse.
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Directory the reports are written to (created if missing).
    #[arg(long, short, default_value = "reports")]
    pub out: PathBuf,
    /// Provision taxonomy (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub compare: super::CompareArgs,
    /// Keep the word alignment of this many best pairs in report.json.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub align_top: usize,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let params = args.compare.params()?;
    let opts = super::options(args.taxonomy.as_deref())?;
    let mut corpus = pipeline::analyze(&args.paths, &opts);
    corpus.comparison = Some(clausemap::compare::corpus::compare(
        &corpus,
        &params,
        args.align_top,
    ));
    for e in &corpus.errors {
        eprintln!("clausemap: {}: {}", e.file, e.message);
    }
    if corpus.documents.is_empty() && !corpus.errors.is_empty() {
        return Err(Error::Usage(
            "no input could be analysed; nothing written".into(),
        ));
    }
    let path = args.out.join("report.json");
    report::write::atomic(&path, report::to_json(&corpus).as_bytes())?;
    if !args.quiet {
        let articles: usize = corpus.documents.iter().map(|d| d.articles().count()).sum();
        let warnings: usize = corpus.documents.iter().map(|d| d.warnings.len()).sum();
        eprintln!(
            "clausemap: {} treaties, {} articles, {} warnings, {} errors, {} pairs -> {}",
            corpus.documents.len(),
            articles,
            warnings,
            corpus.errors.len(),
            corpus.comparison.as_ref().map_or(0, |c| c.pairs.len()),
            path.display()
        );
        if let Some(note) = corpus.comparison.as_ref().and_then(|c| c.note.as_deref()) {
            eprintln!("clausemap: {note}");
        }
    }
    Ok(if corpus.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    })
}
