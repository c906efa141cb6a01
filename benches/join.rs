//! Similarity join: clausemap `pairs` against the Python baseline, in the same run.
//!
//! ```text
//! cargo bench --bench join -- [--k 1,4] [--measures jaccard,tfidf] [--runs 3]
//!     [--baseline-runs 1] [--timeout 900] [--work DIR] [--threshold 0.5]
//!     [--no-baseline] [--baseline-k16] [--no-build]
//!     [--baseline-dir DIR] [--tota DIR]
//! ```
//!
//! Defaults: K = 1,4; both measures; 3 clausemap runs and 1 baseline run per (K, measure);
//! a 900 s cap per process; work directory `/tmp/clausemap-bench`; threshold 0.5;
//! baseline scripts in `../shared/bench` and the ToTA XML in `../shared/corpora/tota`
//! (both relative to the crate root). K = 16 is accepted, but its baseline (over ten
//! minutes) runs only with `--baseline-k16`. Environment: `PY` is the Python with
//! scikit-learn (default `/tmp/benchvenv/bin/python`, else `python3`).
//!
//! Steps: builds `clausemap` (`cargo build --release --bin clausemap`, skipped with
//! `--no-build`); for each K creates `WORK/tota_k<K>.jsonl` with `articles_from_tota.py
//! --replicate K` unless already there; for each measure runs
//! `clausemap pairs IN --measure M --threshold T --keep-boilerplate --distinct-shingles --no-nfkc --no-stem`
//! and `baseline_pairs.py IN --method M` (jaccard: `--jaccard-algo spmm`), each process
//! whole under `/usr/bin/time -v timeout --foreground T`: wall time from process start to
//! exit (reading input and writing pairs included) and peak RSS. Logs go to `WORK/logs/`.
//!
//! The two pair files are compared as sets of (doc_a, number_a, ord_a, doc_b, number_b,
//! ord_b): counts, intersection, both differences, largest score difference on common
//! pairs and, for the differing pairs, the largest |score - threshold|. Jaccard must agree
//! exactly (the bench exits non-zero otherwise); TF-IDF may differ on pairs scored close to
//! the threshold (scikit-learn works in float32). A baseline that times out is not run at
//! larger K. The summary table is printed and written to `WORK/results.md`; raw figures go
//! to `WORK/results.json`. Exit status 1 on a Jaccard mismatch or a failed (not timed-out)
//! process.

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const USAGE: &str = "usage: cargo bench --bench join -- [--k 1,4] [--measures jaccard,tfidf] \
[--runs 3] [--baseline-runs 1] [--timeout 900] [--work DIR] [--threshold 0.5] [--no-baseline] \
[--baseline-k16] [--no-build] [--baseline-dir DIR] [--tota DIR]";

/// Command-line options.
struct Opts {
    ks: Vec<u32>,
    measures: Vec<String>,
    runs: usize,
    baseline_runs: usize,
    timeout_s: u64,
    work: PathBuf,
    threshold: f64,
    no_baseline: bool,
    baseline_k16: bool,
    build: bool,
    baseline_dir: PathBuf,
    tota: Option<PathBuf>,
}

fn parse_args(root: &Path) -> Result<Opts, String> {
    let mut o = Opts {
        ks: vec![1, 4],
        measures: vec!["jaccard".into(), "tfidf".into()],
        runs: 3,
        baseline_runs: 1,
        timeout_s: 900,
        work: PathBuf::from("/tmp/clausemap-bench"),
        threshold: 0.5,
        no_baseline: false,
        baseline_k16: false,
        build: true,
        baseline_dir: root.join("../shared/bench"),
        tota: None,
    };
    // `cargo bench` passes `--bench` to every bench binary.
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        // Accept both `--name value` and `--name=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let bad = |e: &dyn std::fmt::Display| format!("{name}: {e}");
        match name.as_str() {
            "--k" => {
                o.ks = value()?
                    .split(',')
                    .map(|k| k.trim().parse::<u32>().map_err(|e| bad(&e)))
                    .collect::<Result<_, _>>()?;
                if o.ks.contains(&0) {
                    return Err("--k: K must be at least 1".into());
                }
            }
            "--measures" => {
                o.measures = value()?.split(',').map(|m| m.trim().to_string()).collect();
                if let Some(m) = o.measures.iter().find(|m| *m != "jaccard" && *m != "tfidf") {
                    return Err(format!(
                        "--measures: unknown measure {m:?} (jaccard, tfidf)"
                    ));
                }
            }
            "--runs" => o.runs = value()?.parse().map_err(|e| bad(&e))?,
            "--baseline-runs" => o.baseline_runs = value()?.parse().map_err(|e| bad(&e))?,
            "--timeout" => o.timeout_s = value()?.parse().map_err(|e| bad(&e))?,
            "--work" => o.work = PathBuf::from(value()?),
            "--threshold" => o.threshold = value()?.parse().map_err(|e| bad(&e))?,
            "--baseline-dir" => o.baseline_dir = PathBuf::from(value()?),
            "--tota" => o.tota = Some(PathBuf::from(value()?)),
            "--no-baseline" => o.no_baseline = true,
            "--baseline-k16" => o.baseline_k16 = true,
            "--no-build" => o.build = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if o.runs == 0 || o.baseline_runs == 0 {
        return Err("--runs and --baseline-runs must be at least 1".into());
    }
    Ok(o)
}

// ---------------------------------------------------------------------------------------
// Running and measuring one process

enum Outcome {
    Ok,
    TimedOut,
    Failed(String),
}

/// One process run: wall time, peak RSS (from `time -v`) and how it ended.
struct Run {
    /// Wall time measured here around the whole process (µs resolution).
    wall_s: f64,
    /// "Elapsed (wall clock)" reported by `time -v` (10 ms resolution).
    elapsed_s: Option<f64>,
    peak_mb: Option<f64>,
    outcome: Outcome,
    /// The program's own summary line ("clausemap: ..." or "[summary] ...").
    summary: Option<String>,
    log: PathBuf,
}

/// Runs `argv` under `/usr/bin/time -v timeout --foreground -k 10 TIMEOUT` (each wrapper only
/// if present), stdout and stderr to `log`, and reads the measurements back from the log.
fn run_measured(argv: &[OsString], timeout_s: u64, log: &Path, summary_prefix: &str) -> Run {
    let mut full: Vec<OsString> = Vec::new();
    let have_time = Path::new("/usr/bin/time").exists();
    if have_time {
        full.extend(["/usr/bin/time".into(), "-v".into()]);
    }
    let have_timeout = Path::new("/usr/bin/timeout").exists();
    if have_timeout {
        let t = timeout_s.to_string();
        full.extend(["/usr/bin/timeout", "--foreground", "-k", "10", &t].map(OsString::from));
    }
    full.extend(argv.iter().cloned());

    let file = match File::create(log) {
        Ok(f) => f,
        Err(e) => return failed_run(log, format!("cannot create {}: {e}", log.display())),
    };
    let stdout = file.try_clone().expect("clone log file handle");
    let start = Instant::now();
    let status = Command::new(&full[0])
        .args(&full[1..])
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(file)
        .status();
    let wall_s = start.elapsed().as_secs_f64();
    let text = fs::read_to_string(log).unwrap_or_default();
    let outcome = match status {
        Err(e) => Outcome::Failed(format!("cannot start {:?}: {e}", full[0])),
        Ok(s) if s.success() => Outcome::Ok,
        Ok(s) if have_timeout && s.code() == Some(124) => Outcome::TimedOut,
        Ok(s) => Outcome::Failed(format!("{s}")),
    };
    let after = |label: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|v| v.trim().to_string())
    };
    let peak_mb = after("Maximum resident set size (kbytes):")
        .and_then(|v| v.parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    let elapsed_s = after("Elapsed (wall clock) time (h:mm:ss or m:ss):").and_then(|v| {
        v.split(':').try_fold(0.0, |acc, part| {
            part.parse::<f64>().ok().map(|x| acc * 60.0 + x)
        })
    });
    let summary = text
        .lines()
        .find(|l| l.starts_with(summary_prefix))
        .map(str::to_string);
    Run {
        wall_s,
        elapsed_s,
        peak_mb,
        outcome,
        summary,
        log: log.to_path_buf(),
    }
}

fn failed_run(log: &Path, why: String) -> Run {
    Run {
        wall_s: 0.0,
        elapsed_s: None,
        peak_mb: None,
        outcome: Outcome::Failed(why),
        summary: None,
        log: log.to_path_buf(),
    }
}

/// Prints one run's figures; on failure also the end of its log.
fn report_run(what: &str, r: &Run) {
    let peak = r.peak_mb.map_or("?".into(), |m| format!("{m:.0} MB"));
    match &r.outcome {
        Outcome::Ok => println!("    {what}: {:.2} s, peak {peak}", r.wall_s),
        Outcome::TimedOut => println!("    {what}: TIMEOUT after {:.0} s", r.wall_s),
        Outcome::Failed(why) => {
            println!("    {what}: FAILED ({why}); log {}", r.log.display());
            let text = fs::read_to_string(&r.log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for l in &lines[lines.len().saturating_sub(12)..] {
                println!("      | {l}");
            }
        }
    }
    if let Some(s) = &r.summary {
        println!("      {s}");
    }
}

// ---------------------------------------------------------------------------------------
// Pair files

/// One line of a pair file.
#[derive(Deserialize)]
struct PairLine {
    doc_a: String,
    number_a: String,
    ord_a: i64,
    doc_b: String,
    number_b: String,
    ord_b: i64,
    score: f64,
}

type Article = (String, String, i64);

/// Interns articles so that a pair is two `u32`s (millions of pairs at K = 16).
#[derive(Default)]
struct Articles {
    ids: HashMap<Article, u32>,
    names: Vec<Article>,
}

impl Articles {
    fn id(&mut self, a: Article) -> u32 {
        if let Some(&i) = self.ids.get(&a) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(a.clone());
        self.ids.insert(a, i);
        i
    }
    fn show(&self, (a, b): (u32, u32)) -> String {
        let (x, y) = (&self.names[a as usize], &self.names[b as usize]);
        format!(
            "{} art. {:?} (ord {}) ~ {} art. {:?} (ord {})",
            x.0, x.1, x.2, y.0, y.1, y.2
        )
    }
}

struct PairSet {
    scores: HashMap<(u32, u32), f64>,
    duplicates: usize,
}

fn read_pairs(path: &Path, arts: &mut Articles) -> Result<PairSet, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut set = PairSet {
        scores: HashMap::new(),
        duplicates: 0,
    };
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let p: PairLine = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let mut a = (p.doc_a, p.number_a, p.ord_a);
        let mut b = (p.doc_b, p.number_b, p.ord_b);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        let key = (arts.id(a), arts.id(b));
        if set.scores.insert(key, p.score).is_some() {
            set.duplicates += 1;
        }
    }
    Ok(set)
}

/// How the clausemap and baseline pair sets compare.
struct Comparison {
    clausemap: usize,
    baseline: usize,
    common: usize,
    only_clausemap: usize,
    only_baseline: usize,
    duplicates: (usize, usize),
    /// Largest |score difference| over common pairs.
    max_common_diff: f64,
    /// Largest |score - threshold| over the pairs found by one side only.
    max_diff_margin: Option<f64>,
}

impl Comparison {
    fn identical(&self) -> bool {
        self.only_clausemap == 0 && self.only_baseline == 0
    }
}

/// Compares two pair files and prints the result (with examples of differing pairs).
fn compare(ours: &Path, theirs: &Path, threshold: f64) -> Result<Comparison, String> {
    let mut arts = Articles::default();
    let a = read_pairs(ours, &mut arts)?;
    let b = read_pairs(theirs, &mut arts)?;
    let mut max_common_diff: f64 = 0.0;
    // The common pair with the largest score difference: (pair, clausemap, baseline).
    let mut worst: Option<((u32, u32), f64, f64)> = None;
    let mut common = 0;
    let mut only_a: Vec<((u32, u32), f64)> = Vec::new();
    for (k, &s) in &a.scores {
        match b.scores.get(k) {
            Some(&t) => {
                common += 1;
                if (s - t).abs() > max_common_diff {
                    max_common_diff = (s - t).abs();
                    worst = Some((*k, s, t));
                }
            }
            None => only_a.push((*k, s)),
        }
    }
    let mut only_b: Vec<((u32, u32), f64)> = b
        .scores
        .iter()
        .filter(|(k, _)| !a.scores.contains_key(k))
        .map(|(k, &s)| (*k, s))
        .collect();
    let margin = |v: &[((u32, u32), f64)]| {
        v.iter()
            .map(|(_, s)| (s - threshold).abs())
            .reduce(f64::max)
    };
    let max_diff_margin = match (margin(&only_a), margin(&only_b)) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let c = Comparison {
        clausemap: a.scores.len(),
        baseline: b.scores.len(),
        common,
        only_clausemap: only_a.len(),
        only_baseline: only_b.len(),
        duplicates: (a.duplicates, b.duplicates),
        max_common_diff,
        max_diff_margin,
    };
    println!(
        "    pairs: clausemap {}, baseline {}, both {}, only clausemap {}, only baseline {}",
        c.clausemap, c.baseline, c.common, c.only_clausemap, c.only_baseline
    );
    println!(
        "    common pairs: max |score difference| = {:.4}",
        c.max_common_diff
    );
    if let Some((k, s, t)) = worst {
        println!(
            "      largest: clausemap {s:.4}, baseline {t:.4}  {}",
            arts.show(k)
        );
    }
    if c.duplicates != (0, 0) {
        println!(
            "    WARNING: duplicate pair lines: clausemap {}, baseline {}",
            c.duplicates.0, c.duplicates.1
        );
    }
    if let Some(m) = c.max_diff_margin {
        println!("    differing pairs: max |score - {threshold}| = {m:.4}");
    }
    // Show the differing pairs closest to the threshold last, the farthest first.
    for (label, v) in [
        ("only clausemap", &mut only_a),
        ("only baseline", &mut only_b),
    ] {
        v.sort_by(|x, y| (y.1 - threshold).abs().total_cmp(&(x.1 - threshold).abs()));
        for (k, s) in v.iter().take(10) {
            println!("      {label}: {s:.4}  {}", arts.show(*k));
        }
        if v.len() > 10 {
            println!("      {label}: ... {} more", v.len() - 10);
        }
    }
    Ok(c)
}

fn count_lines(path: &Path) -> Option<usize> {
    let f = File::open(path).ok()?;
    Some(
        BufReader::new(f)
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .count(),
    )
}

// ---------------------------------------------------------------------------------------
// Results

/// The baseline side of one (K, measure): run or why not.
enum Baseline {
    Skipped(String),
    Ran(Vec<Run>),
}

struct Row {
    k: u32,
    measure: String,
    articles: usize,
    clausemap: Vec<Run>,
    clausemap_pairs: Option<usize>,
    baseline: Baseline,
    comparison: Option<Comparison>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

fn max_opt(v: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    v.flatten().reduce(f64::max)
}

/// Median wall time and maximum peak RSS of the successful runs (None if any run failed
/// or timed out).
fn summarize(runs: &[Run]) -> Option<(f64, Option<f64>)> {
    if runs.is_empty() || runs.iter().any(|r| !matches!(r.outcome, Outcome::Ok)) {
        return None;
    }
    let wall = median(runs.iter().map(|r| r.wall_s).collect())?;
    Some((wall, max_opt(runs.iter().map(|r| r.peak_mb))))
}

/// Why a set of runs has no figures ("timeout", "failed"), for the table.
fn runs_status(runs: &[Run], timeout_s: u64) -> String {
    if runs.iter().any(|r| matches!(r.outcome, Outcome::TimedOut)) {
        format!("timeout (> {timeout_s} s)")
    } else {
        "failed".into()
    }
}

fn table(rows: &[Row], timeout_s: u64) -> String {
    let mut t = String::from(
        "| K | measure | articles | clausemap s (median) | clausemap peak MB | baseline s | \
         baseline peak MB | speed-up (baseline/clausemap) | memory ratio | pairs clausemap | \
         pairs baseline | identical |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mb = |m: Option<f64>| m.map_or("?".into(), |m| format!("{m:.0}"));
    for r in rows {
        let ours = summarize(&r.clausemap);
        let (c_s, c_mb) = match ours {
            Some((w, m)) => (format!("{w:.2}"), mb(m)),
            None => (runs_status(&r.clausemap, timeout_s), "–".into()),
        };
        let theirs = match &r.baseline {
            Baseline::Ran(runs) => summarize(runs).ok_or_else(|| runs_status(runs, timeout_s)),
            Baseline::Skipped(why) => Err(why.clone()),
        };
        let (b_s, b_mb, speed, mem) = match (&theirs, ours) {
            (Ok((bw, bm)), Some((cw, cm))) => (
                format!("{bw:.2}"),
                mb(*bm),
                format!("{:.1}×", bw / cw),
                match (bm, cm) {
                    (Some(b), Some(c)) => format!("{:.1}×", b / c),
                    _ => "?".into(),
                },
            ),
            (Ok((bw, bm)), None) => (format!("{bw:.2}"), mb(*bm), "–".into(), "–".into()),
            (Err(why), _) => (why.clone(), "–".into(), "–".into(), "–".into()),
        };
        let count = |n: Option<usize>| n.map_or("–".into(), |n| n.to_string());
        let baseline_pairs = r.comparison.as_ref().map(|c| c.baseline);
        let identical = match &r.comparison {
            None => "–".to_string(),
            Some(c) if c.identical() => "yes".into(),
            Some(c) => format!(
                "no ({} only clausemap, {} only baseline)",
                c.only_clausemap, c.only_baseline
            ),
        };
        t += &format!(
            "| {} | {} | {} | {c_s} | {c_mb} | {b_s} | {b_mb} | {speed} | {mem} | {} | {} | {identical} |\n",
            r.k,
            r.measure,
            r.articles,
            count(r.clausemap_pairs),
            count(baseline_pairs),
        );
    }
    t
}

fn run_json(r: &Run) -> Value {
    let (outcome, error) = match &r.outcome {
        Outcome::Ok => ("ok", None),
        Outcome::TimedOut => ("timeout", None),
        Outcome::Failed(why) => ("failed", Some(why.clone())),
    };
    json!({
        "wall_s": r.wall_s, "time_v_elapsed_s": r.elapsed_s, "peak_rss_mb": r.peak_mb,
        "outcome": outcome, "error": error, "summary": r.summary, "log": r.log,
    })
}

fn row_json(r: &Row) -> Value {
    let ours = summarize(&r.clausemap);
    let (baseline_runs, skipped) = match &r.baseline {
        Baseline::Ran(runs) => (runs.iter().map(run_json).collect(), None),
        Baseline::Skipped(why) => (vec![], Some(why.clone())),
    };
    let theirs = match &r.baseline {
        Baseline::Ran(runs) => summarize(runs),
        Baseline::Skipped(_) => None,
    };
    let cmp = r.comparison.as_ref().map(|c| {
        json!({
            "pairs_clausemap": c.clausemap, "pairs_baseline": c.baseline, "common": c.common,
            "only_clausemap": c.only_clausemap, "only_baseline": c.only_baseline,
            "duplicates_clausemap": c.duplicates.0, "duplicates_baseline": c.duplicates.1,
            "max_common_score_diff": c.max_common_diff,
            "max_differing_score_margin": c.max_diff_margin, "identical": c.identical(),
        })
    });
    json!({
        "k": r.k, "measure": r.measure, "articles": r.articles,
        "clausemap": {
            "median_wall_s": ours.map(|o| o.0), "max_peak_rss_mb": ours.and_then(|o| o.1),
            "pairs": r.clausemap_pairs,
            "runs": r.clausemap.iter().map(run_json).collect::<Vec<_>>(),
        },
        "baseline": {
            "median_wall_s": theirs.map(|o| o.0), "max_peak_rss_mb": theirs.and_then(|o| o.1),
            "skipped": skipped, "runs": baseline_runs,
        },
        "speedup": match (ours, theirs) { (Some(c), Some(b)) => Some(b.0 / c.0), _ => None },
        "memory_ratio": match (ours, theirs) {
            (Some((_, Some(c))), Some((_, Some(b)))) => Some(b / c), _ => None
        },
        "comparison": cmp,
    })
}

// ---------------------------------------------------------------------------------------
// Environment

/// Output of a command (trimmed stdout) if it succeeds.
fn output_of(program: &str, args: &[&str], cwd: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Finds a Python: `$PY`, else the bench venv, else `python3`. Returns (python for the
/// baseline, or why there is none) and a python good enough to build the article files.
fn find_python(root: &Path) -> (Result<String, String>, String) {
    let mut candidates: Vec<String> = Vec::new();
    if let Ok(py) = std::env::var("PY") {
        candidates.push(py);
    }
    if Path::new("/tmp/benchvenv/bin/python").exists() {
        candidates.push("/tmp/benchvenv/bin/python".into());
    }
    candidates.push("python3".into());
    candidates.dedup();
    let any = candidates
        .iter()
        .find(|p| output_of(p, &["-c", "pass"], root).is_some())
        .cloned()
        .unwrap_or_else(|| "python3".into());
    let check = "import numpy, scipy, sklearn; print(sklearn.__version__)";
    for py in &candidates {
        if let Some(v) = output_of(py, &["-c", check], root) {
            println!("python for the baseline: {py} (scikit-learn {v})");
            return (Ok(py.clone()), any);
        }
    }
    let why = format!(
        "no python with numpy, scipy and scikit-learn (tried {}); set PY, or \
         `python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install -r \
         ../shared/bench/requirements.txt`",
        candidates.join(", ")
    );
    (Err(why), any)
}

/// Builds the release `clausemap` binary and returns its path.
fn build_clausemap(root: &Path, build: bool) -> Result<PathBuf, String> {
    if build {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        println!("building: {cargo} build --release --bin clausemap");
        let status = Command::new(&cargo)
            .args(["build", "--release", "--bin", "clausemap"])
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run {cargo}: {e}"))?;
        if !status.success() {
            return Err(format!("cargo build --release --bin clausemap: {status}"));
        }
    }
    // This bench runs from <target>/release/deps/; the binary is in <target>/release/.
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("clausemap")));
    [beside, Some(root.join("target/release/clausemap"))]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .ok_or_else(|| "target/release/clausemap not found".into())
}

/// Creates `WORK/tota_k<K>.jsonl` unless present; returns its path and article count.
fn ensure_input(o: &Opts, python: &str, k: u32) -> Result<(PathBuf, usize), String> {
    let input = o.work.join(format!("tota_k{k}.jsonl"));
    let present = fs::metadata(&input).map(|m| m.len() > 0).unwrap_or(false);
    if !present {
        let script = o.baseline_dir.join("articles_from_tota.py");
        let tota = o
            .tota
            .clone()
            .unwrap_or_else(|| o.baseline_dir.join("../corpora/tota"));
        let tmp = o.work.join(format!("tota_k{k}.jsonl.part"));
        let log = o.work.join(format!("logs/convert_k{k}.txt"));
        println!(
            "creating {} (articles_from_tota.py --replicate {k})",
            input.display()
        );
        let status = Command::new(python)
            .arg(&script)
            .arg(&tota)
            .args(["--replicate", &k.to_string(), "-o"])
            .arg(&tmp)
            .stderr(File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?)
            .status()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        if !status.success() {
            return Err(format!(
                "articles_from_tota.py --replicate {k}: {status} (see {})",
                log.display()
            ));
        }
        fs::rename(&tmp, &input)
            .map_err(|e| format!("articles_from_tota.py wrote no {}: {e}", tmp.display()))?;
    }
    let n = count_lines(&input).ok_or_else(|| format!("cannot read {}", input.display()))?;
    Ok((input, n))
}

// ---------------------------------------------------------------------------------------

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let o = match parse_args(&root) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("join bench: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = fs::create_dir_all(o.work.join("logs")) {
        eprintln!("join bench: cannot create {}: {e}", o.work.display());
        std::process::exit(2);
    }
    let clausemap = match build_clausemap(&root, o.build) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("join bench: {e}");
            std::process::exit(1);
        }
    };
    let (baseline_py, any_py) = find_python(&root);
    let baseline_py = if o.no_baseline {
        Err("--no-baseline".to_string())
    } else {
        baseline_py
    };
    if let Err(why) = &baseline_py {
        println!("baseline not run: {why}");
    }
    let git = output_of("git", &["rev-parse", "--short", "HEAD"], &root).unwrap_or_default();
    let dirty = output_of("git", &["status", "--porcelain", "--", "src"], &root)
        .is_some_and(|s| !s.is_empty());
    println!(
        "clausemap {} (git {git}{}), work dir {}, threshold {}, {} clausemap run(s), {} baseline run(s), timeout {} s",
        clausemap.display(),
        if dirty { ", src modified" } else { "" },
        o.work.display(),
        o.threshold,
        o.runs,
        o.baseline_runs,
        o.timeout_s
    );

    let mut rows: Vec<Row> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    // Baseline measures that timed out, with the K: not run again at larger K.
    let mut dead: HashMap<String, u32> = HashMap::new();
    for &k in &o.ks {
        let (input, articles) = match ensure_input(&o, &any_py, k) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("join bench: {e}");
                errors.push(e);
                continue;
            }
        };
        for measure in &o.measures {
            println!("\n== K={k} measure={measure} ({articles} articles)");
            let thr = o.threshold.to_string();

            // clausemap
            let out = o.work.join(format!("k{k}_clausemap.{measure}.jsonl"));
            let mut argv: Vec<OsString> = vec![clausemap.clone().into(), "pairs".into()];
            argv.push(input.clone().into());
            for a in [
                "--measure",
                measure,
                "--threshold",
                &thr,
                "--keep-boilerplate",
                "--distinct-shingles",
            ] {
                argv.push(a.into());
            }
            for a in ["--no-nfkc", "--no-stem", "-o"] {
                argv.push(a.into());
            }
            argv.push(out.clone().into());
            let mut ours = Vec::new();
            for run in 1..=o.runs {
                let _ = fs::remove_file(&out);
                let log = o
                    .work
                    .join(format!("logs/k{k}_{measure}_clausemap_{run}.txt"));
                let r = run_measured(&argv, o.timeout_s, &log, "clausemap: ");
                report_run(&format!("clausemap run {run}"), &r);
                let ok = matches!(r.outcome, Outcome::Ok);
                if let Outcome::Failed(why) = &r.outcome {
                    errors.push(format!("K={k} {measure}: clausemap failed: {why}"));
                }
                ours.push(r);
                if !ok {
                    break;
                }
            }
            let ours_ok = summarize(&ours).is_some();
            let clausemap_pairs = if ours_ok { count_lines(&out) } else { None };

            // baseline
            let skip = match &baseline_py {
                Err(why) => Some(why.clone()),
                Ok(_) if k >= 16 && !o.baseline_k16 => {
                    Some("skipped (K ≥ 16: --baseline-k16)".to_string())
                }
                Ok(_) => dead
                    .get(measure)
                    .map(|dk| format!("skipped (timed out at K={dk})")),
            };
            let baseline = match (skip, &baseline_py) {
                (Some(why), _) => {
                    println!("    baseline: {why}");
                    Baseline::Skipped(why)
                }
                (None, Ok(py)) => {
                    let prefix = o.work.join(format!("k{k}_baseline"));
                    let bout = o.work.join(format!("k{k}_baseline.{measure}.jsonl"));
                    let script = o.baseline_dir.join("baseline_pairs.py");
                    let mut argv: Vec<OsString> =
                        vec![py.into(), script.into(), input.clone().into()];
                    argv.extend([
                        "-o".into(),
                        prefix.into(),
                        "--method".into(),
                        measure.into(),
                    ]);
                    let thr_flag = format!("--{measure}-threshold");
                    argv.extend([thr_flag.into(), thr.clone().into()]);
                    if measure == "jaccard" {
                        argv.extend(["--jaccard-algo".into(), "spmm".into()]);
                    }
                    let mut runs = Vec::new();
                    for run in 1..=o.baseline_runs {
                        let _ = fs::remove_file(&bout);
                        let log = o
                            .work
                            .join(format!("logs/k{k}_{measure}_baseline_{run}.txt"));
                        let r = run_measured(&argv, o.timeout_s, &log, "[summary]");
                        report_run(&format!("baseline run {run}"), &r);
                        match &r.outcome {
                            Outcome::Ok => {}
                            Outcome::TimedOut => {
                                dead.insert(measure.clone(), k);
                            }
                            Outcome::Failed(why) => {
                                errors.push(format!("K={k} {measure}: baseline failed: {why}"))
                            }
                        }
                        let ok = matches!(r.outcome, Outcome::Ok);
                        runs.push(r);
                        if !ok {
                            break;
                        }
                    }
                    Baseline::Ran(runs)
                }
                (None, Err(_)) => unreachable!(),
            };

            // comparison
            let mut comparison = None;
            if let (true, Baseline::Ran(runs)) = (ours_ok, &baseline) {
                if summarize(runs).is_some() {
                    let bout = o.work.join(format!("k{k}_baseline.{measure}.jsonl"));
                    match compare(&out, &bout, o.threshold) {
                        Ok(c) => {
                            if measure == "jaccard" && !c.identical() {
                                errors.push(format!(
                                    "K={k} jaccard: pair sets differ ({} only clausemap, {} only baseline)",
                                    c.only_clausemap, c.only_baseline
                                ));
                            }
                            comparison = Some(c);
                        }
                        Err(e) => errors.push(format!("K={k} {measure}: comparison: {e}")),
                    }
                }
            }
            rows.push(Row {
                k,
                measure: measure.clone(),
                articles,
                clausemap: ours,
                clausemap_pairs,
                baseline,
                comparison,
            });
        }
    }

    let t = table(&rows, o.timeout_s);
    println!("\n{t}");
    let date = output_of("date", &["-u", "+%Y-%m-%d %H:%M UTC"], &root).unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let md = format!(
        "# clausemap pairs vs Python baseline\n\n{date}; git {git}{}; {cores} cores; threshold {}; \
         clausemap: median of {} run(s), `--keep-boilerplate --distinct-shingles --no-nfkc --no-stem`; baseline: {} \
         run(s) of baseline_pairs.py (jaccard: spmm). Wall time and peak RSS of each whole \
         process (`/usr/bin/time -v`).\n\n{t}",
        if dirty { " (src modified)" } else { "" },
        o.threshold,
        o.runs,
        o.baseline_runs
    );
    let results = json!({
        "date": date, "git": git, "src_modified": dirty, "cores": cores,
        "threshold": o.threshold, "runs": o.runs, "baseline_runs": o.baseline_runs,
        "timeout_s": o.timeout_s, "clausemap": clausemap,
        "baseline_python": baseline_py.as_ref().ok(), "rows": rows.iter().map(row_json).collect::<Vec<_>>(),
        "errors": errors,
    });
    let md_path = o.work.join("results.md");
    let json_path = o.work.join("results.json");
    let written = fs::write(&md_path, md).and_then(|_| {
        fs::write(
            &json_path,
            serde_json::to_string_pretty(&results).expect("serialize") + "\n",
        )
    });
    match written {
        Ok(()) => println!("written: {} and {}", md_path.display(), json_path.display()),
        Err(e) => errors.push(format!("cannot write results: {e}")),
    }
    if !errors.is_empty() {
        eprintln!("\njoin bench: {} problem(s):", errors.len());
        for e in &errors {
            eprintln!("  {e}");
        }
        std::process::exit(1);
    }
}
