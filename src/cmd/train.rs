//! `clausemap train [PATH]... --gold FILE... [--out FILE]`
//!
//! Rebuilds the learned component's weights (`src/classify/linear.tsv`) from the treaties
//! under PATH (classified by the rules alone) and the gold files' hand labels (the `measure`
//! split left out). Deterministic: the same input gives the same file.

use crate::cli::Outcome;
use clausemap::eval::Gold;
use clausemap::{pipeline, train, Error};
use std::path::PathBuf;

/// Rebuild the learned component's weights from headed articles and hand labels.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "The shipped weights were made with:\n  clausemap train ../shared/corpora/nl_bwb ../shared/corpora/ggo/texts --gold ../shared/gold/dev.json"
)]
pub struct Args {
    /// Files or directories to learn from.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Gold files (clausemap-gold/1) whose documents give hand labels (`measure` left out).
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Where to write the weights.
    #[arg(long, value_name = "FILE", default_value = "src/classify/linear.tsv")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let mut opts = super::options(None)?;
    opts.taxonomy.linear = None;
    let mut gold = Vec::new();
    for path in &args.gold {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Gold {
            file: name.clone(),
            message: e.to_string(),
        })?;
        gold.push(Gold::parse(&text, &name)?);
    }
    let corpus = pipeline::analyze(&args.paths, &opts);
    for e in &corpus.errors {
        eprintln!("clausemap: {}: {}", e.file, e.message);
    }
    let (model, n) = train::fit(&corpus, &gold, &opts.taxonomy);
    std::fs::write(&args.out, model.write())
        .map_err(|e| Error::Usage(format!("cannot write {}: {e}", args.out.display())))?;
    eprintln!(
        "clausemap: {} examples from {} treaties; weights written to {}",
        n,
        corpus.documents.len(),
        args.out.display()
    );
    Ok(Outcome::Ok)
}
