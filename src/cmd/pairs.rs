//! `clausemap pairs [PATH]... [--measure M] [--threshold T] [-o FILE]`
//!
//! The similarity join alone: every pair of units (articles, preambles, closing clauses) from
//! different treaties that reaches the threshold, as JSON Lines, one pair per line:
//! `{"doc_a", "number_a", "ord_a", "doc_b", "number_b", "ord_b", "score"}`, `a` before `b` in
//! (doc, number, ord) order, lines sorted, score rounded to 4 decimals. `ord` is the unit's
//! position in its treaty. This is the format of `shared/bench/baseline_pairs.py`, so pair sets
//! can be compared line by line; inputs are usually article JSON Lines (`*.jsonl`).
//! Timings per phase go to stderr.

use crate::cli::Outcome;
use clausemap::compare::{corpus::units, Index};
use clausemap::model::Corpus;
use clausemap::{pipeline, report, Error};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Write every pair of articles from different treaties that reaches the threshold.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap pairs articles.jsonl --threshold 0.5 -o pairs.jsonl\n  clausemap pairs corpus --measure tfidf --no-stem --keep-boilerplate"
)]
pub struct Args {
    /// Files or directories (article JSON Lines or treaty texts).
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Output file (written atomically); standard output if absent.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub compare: super::CompareArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let params = args.compare.params()?;
    let t0 = Instant::now();
    let opts = pipeline::Options {
        taxonomy: clausemap::classify::Taxonomy::empty(),
        classify: false,
    };
    let corpus = pipeline::analyze(&args.paths, &opts);
    for e in &corpus.errors {
        eprintln!("clausemap: {}: {}", e.file, e.message);
    }
    if corpus.documents.is_empty() && !corpus.errors.is_empty() {
        return Err(Error::Usage(
            "no input could be read; nothing written".into(),
        ));
    }
    let t_read = t0.elapsed();
    let (_, us) = units(&corpus);
    let index = Index::build(&us, &params);
    let t_index = t0.elapsed();
    let (pairs, stats) = index.join();
    let t_join = t0.elapsed();
    let out = to_jsonl(&corpus, &pairs);
    clausemap::compare::trace("formatted", t0);
    match &args.out {
        Some(path) => report::write::atomic(path, out.as_bytes())?,
        None => {
            let mut so = std::io::stdout().lock();
            if let Err(e) = so.write_all(out.as_bytes()).and_then(|_| so.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::Usage(format!(
                        "cannot write to standard output: {e}"
                    )));
                }
            }
        }
    }
    if !args.quiet {
        eprintln!(
            "clausemap: {} treaties, {} units, vocabulary {} ({} boilerplate left out), {} candidates, {} pairs; read {:.3} s, features {:.3} s, join {:.3} s, total {:.3} s",
            corpus.documents.len(),
            stats.units,
            index.vocabulary,
            index.boilerplate_dropped,
            stats.candidates,
            pairs.len(),
            t_read.as_secs_f64(),
            (t_index - t_read).as_secs_f64(),
            (t_join - t_index).as_secs_f64(),
            t0.elapsed().as_secs_f64(),
        );
    }
    Ok(if corpus.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    })
}

/// The pairs in the baseline's JSON Lines format (see the module docs).
pub fn to_jsonl(corpus: &Corpus, pairs: &[clausemap::compare::Pair]) -> String {
    let (refs, _) = units(corpus);
    let key = |u: usize| {
        let r = refs[u];
        let t = &corpus.documents[r.doc];
        (
            t.file.as_str(),
            t.segments[r.seg].number.as_deref().unwrap_or(""),
            r.seg,
        )
    };
    let mut rows: Vec<_> = pairs
        .iter()
        .map(|p| {
            let (x, y) = (key(p.a as usize), key(p.b as usize));
            if x <= y {
                (x, y, p.score)
            } else {
                (y, x, p.score)
            }
        })
        .collect();
    rows.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    let mut out = String::with_capacity(rows.len() * 120);
    let js = |s: &str| serde_json::to_string(s).expect("string serialises");
    for (a, b, score) in rows {
        let score = (score * 1e4).round() / 1e4;
        out.push_str(&format!(
            "{{\"doc_a\": {}, \"number_a\": {}, \"ord_a\": {}, \"doc_b\": {}, \"number_b\": {}, \"ord_b\": {}, \"score\": {:?}}}\n",
            js(a.0), js(a.1), a.2, js(b.0), js(b.1), b.2, score
        ));
    }
    out
}
