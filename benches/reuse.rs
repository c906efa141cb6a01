//! Shared passages, reuse shares, main sources and genealogy at corpus scale:
//! `cargo bench --bench reuse [-- PATH]` (default `../shared/collections/tota`, the 444 ToTA
//! agreements; else `corpus`).
//!
//! Analyses the corpus once, then finds the reuse of its first quarter, half and whole (in
//! file order), two runs each, and prints per run: treaties, words, passages found, the median
//! time, time per million words plus passages, and the peak memory of the process so far.
//! The cost should follow the text and the passages found, not the pairs of articles (which
//! grow with the square of the corpus).

use clausemap::compare::passages::PassageParams;
use clausemap::compare::reuse::{self, LinkParams};
use clausemap::model::Corpus;
use clausemap::pipeline;
use std::path::PathBuf;
use std::time::Instant;

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let arg = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from);
    let path = arg.unwrap_or_else(|| {
        let shared = PathBuf::from("../shared/collections/tota");
        if shared.exists() {
            shared
        } else {
            PathBuf::from("corpus")
        }
    });
    let t0 = Instant::now();
    let all = pipeline::analyze(std::slice::from_ref(&path), &pipeline::Options::default());
    println!(
        "{}: {} treaties read and segmented in {:.1} s",
        path.display(),
        all.documents.len(),
        t0.elapsed().as_secs_f64()
    );
    println!("| treaties | articles | article pairs | words | passages | median s | s per M (words + passages) | peak MB |");
    println!("|---|---|---|---|---|---|---|---|");
    let n = all.documents.len();
    for part in [n.div_ceil(4), n.div_ceil(2), n] {
        let corpus = Corpus {
            documents: all.documents[..part].to_vec(),
            ..Default::default()
        };
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..2 {
            let t = Instant::now();
            let r = reuse::find(
                &corpus,
                &PassageParams::default(),
                &LinkParams {
                    list: reuse::PassageList::All,
                    ..LinkParams::default()
                },
                true,
            );
            times.push(t.elapsed().as_secs_f64());
            last = Some(r);
        }
        times.sort_by(f64::total_cmp);
        let r = last.expect("two runs");
        let words: u64 = r.words.iter().sum();
        let articles: usize = corpus.documents.iter().map(|d| d.segments.len()).sum();
        let med = times[0];
        println!(
            "| {part} | {articles} | {} | {words} | {} | {med:.1} | {:.2} | {:.0} |",
            articles * articles.saturating_sub(1) / 2,
            r.passages.len(),
            med / ((words as f64 + r.passages.len() as f64) / 1e6),
            peak_mb()
        );
    }
}
