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
        pre: None,
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
    let outcome = if corpus.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    };
    // The process ends next: leave the memory to the OS rather than free millions of
    // allocations one by one.
    std::mem::forget((corpus, index, pairs, out));
    Ok(outcome)
}

/// The pairs in the baseline's JSON Lines format (see the module docs): units ranked once by
/// (doc, number, ord), pairs sorted by rank, lines formatted in parallel.
pub fn to_jsonl(corpus: &Corpus, pairs: &[clausemap::compare::Pair]) -> String {
    use rayon::prelude::*;
    use std::fmt::Write as _;
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
    let mut order: Vec<usize> = (0..refs.len()).collect();
    order.par_sort_by(|&x, &y| key(x).cmp(&key(y)));
    let mut rank = vec![0u32; refs.len()];
    for (i, &u) in order.iter().enumerate() {
        rank[u] = i as u32;
    }
    let js = |s: &str| serde_json::to_string(s).expect("string serialises");
    // "doc_a": .., "number_a": .., "ord_a": .. (and _b) for every unit, written once.
    let unit = |u: usize, side: char| {
        let (doc, number, ord) = key(u);
        format!(
            "\"doc_{side}\": {}, \"number_{side}\": {}, \"ord_{side}\": {ord}",
            js(doc),
            js(number)
        )
    };
    let a_side: Vec<String> = (0..refs.len())
        .into_par_iter()
        .map(|u| unit(u, 'a'))
        .collect();
    let b_side: Vec<String> = (0..refs.len())
        .into_par_iter()
        .map(|u| unit(u, 'b'))
        .collect();
    let mut rows: Vec<(u32, u32, f64, usize, usize)> = pairs
        .par_iter()
        .map(|p| {
            let (a, b) = (p.a as usize, p.b as usize);
            let (a, b) = if rank[a] <= rank[b] { (a, b) } else { (b, a) };
            (rank[a], rank[b], p.score, a, b)
        })
        .collect();
    rows.par_sort_unstable_by_key(|r| (r.0, r.1));
    rows.par_chunks(4096)
        .map(|chunk| {
            let mut out = String::with_capacity(chunk.len() * 130);
            for &(_, _, score, a, b) in chunk {
                let score = clausemap::compare::score_rounded(score, 4);
                let _ = writeln!(
                    out,
                    "{{{}, {}, \"score\": {score:?}}}",
                    a_side[a], b_side[b]
                );
            }
            out
        })
        .collect::<Vec<String>>()
        .concat()
}
