//! Classification throughput: `cargo bench --bench classify [-- PATH...]`.
//!
//! Segments every treaty under PATH (default `../shared/corpora`, else `corpus`), then times
//! labelling, value extraction and the learned component's probabilities of all their articles, repeated until about 100,000
//! articles have been classified, and prints articles per second. Run with `--profile` to
//! print the slowest taxonomy patterns, measured one by one.

use clausemap::classify::{self, Taxonomy};
use clausemap::{ingest, segment};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let profile = args.iter().any(|a| a == "--profile");
    let mut paths: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        let shared = PathBuf::from("../shared/corpora");
        paths.push(if shared.exists() {
            shared
        } else {
            PathBuf::from("corpus")
        });
    }
    let (files, _) = ingest::discover(&paths);
    let mut articles: Vec<(Option<String>, String)> = Vec::new();
    for f in &files {
        if let Ok(src) = ingest::load(f) {
            let t = segment::segment(&src);
            articles.extend(t.segments.into_iter().map(|s| (s.heading, s.text)));
        }
    }
    let bytes: usize = articles.iter().map(|a| a.1.len()).sum();
    let mut tax = Taxonomy::builtin();
    if args.iter().any(|a| a == "--rules-only") {
        tax.linear = None;
    }
    let rounds = if profile {
        0
    } else {
        (100_000 / articles.len().max(1)).max(1)
    };
    let start = Instant::now();
    let mut labels = 0;
    for _ in 0..rounds {
        for (h, text) in &articles {
            let l = classify::labels(&tax, h.as_deref(), text);
            labels += l.len() + classify::values::extract(text, &l).len();
            // The learned component's probabilities (the confidence of each label).
            if let (Some(m), false) = (tax.linear, l.is_empty()) {
                std::hint::black_box(m.probabilities(text));
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = articles.len() * rounds;
    println!(
        "classify: {n} segments ({:.1} MB) in {secs:.2} s = {:.0} segments/s, {:.1} MB/s ({labels} labels+values)",
        (bytes * rounds) as f64 / 1e6,
        n as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs
    );
    if profile {
        let mut times: Vec<(f64, String)> = tax
            .text
            .each
            .iter()
            .map(|re| {
                let t = Instant::now();
                for (_, text) in &articles {
                    std::hint::black_box(re.find_iter(text).count());
                }
                (t.elapsed().as_secs_f64(), re.as_str().to_string())
            })
            .collect();
        let fake = classify::labels(
            &tax,
            None,
            "Either Party may terminate this Agreement. It shall remain in force for ten years.",
        );
        let t = Instant::now();
        for (_, text) in &articles {
            std::hint::black_box(classify::values::extract(text, &fake).len());
        }
        println!(
            "values (as if every segment had duration+termination): {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        for (_, text) in &articles {
            for v in tax.veto.iter().flatten() {
                std::hint::black_box(v.is_match(text));
            }
            if let Some(n) = &tax.negation {
                std::hint::black_box(n.is_match(text));
            }
        }
        println!(
            "veto+negation sets over whole texts: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        times.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!(
            "sum of single patterns: {:.3} s",
            times.iter().map(|t| t.0).sum::<f64>()
        );
        for (s, p) in times.iter().take(15) {
            println!("{s:8.3} s  {p}");
        }
    }
}
