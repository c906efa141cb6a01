//! PDF reading speed: `cargo bench --bench pdf [-- --runs N] [-- PDF...]`.
//!
//! Reads and segments UNCLOS (202 pages) and the 1,440-page FRUS volume from
//! `../shared/formats/pdf` (or the PDFs given; skipped with a message when absent), best of N
//! runs (default 3), and prints for each file the seconds to read it (`ingest::load`: the PDF
//! made into text) and to segment it, the pages per second, and the peak resident memory
//! (`VmHWM`; each run is a process of its own, which also compiles the built-in taxonomy and
//! classifies the segments as `clausemap segment` does: that time is printed apart). Issue 16's
//! targets: UNCLOS under 1 s, FRUS under 5 s and 300 MB. `CLAUSEMAP_TRACE=1` prints the
//! reader's own stages.

use clausemap::classify::{self, Taxonomy};
use clausemap::{ingest, segment};
use std::path::{Path, PathBuf};
use std::time::Instant;

const DIR: &str = "../shared/formats/pdf";
const FILES: &[(&str, Option<f64>)] = &[
    ("un_unclos_1982_en.pdf", Some(1.0)),
    ("frus_1958-60_v5_supp_american_republics.pdf", Some(5.0)),
];

/// The peak resident set of this process, in KB (`VmHWM` in `/proc/self/status`).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn pages_of(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    pdf_extract::Document::load_mem(&bytes)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}

/// One run in this process (a child of the bench, so that its peak memory is its own):
/// prints `read segment classify peak_kb segments`, or `error MESSAGE`.
fn child(path: &Path) {
    let tax = Taxonomy::builtin();
    let t = Instant::now();
    let src = match ingest::load(path) {
        Ok(s) => s,
        Err(e) => {
            println!("error {e}");
            return;
        }
    };
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut treaty = segment::segment(&src);
    let seg = t.elapsed().as_secs_f64();
    let t = Instant::now();
    classify::classify(&tax, &mut treaty);
    let class = t.elapsed().as_secs_f64();
    println!(
        "{read} {seg} {class} {} {}",
        peak_kb().unwrap_or(0),
        treaty.segments.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let (Some("--child"), Some(path)) = (args.first().map(String::as_str), args.get(1)) {
        child(Path::new(path));
        return;
    }
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
        .max(1);
    let given: Vec<(PathBuf, Option<f64>)> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--runs"))
        .map(|(_, a)| (PathBuf::from(a), None))
        .collect();
    let files = if given.is_empty() {
        if !Path::new(DIR).exists() {
            println!("pdf: {DIR} is absent: nothing to measure (skipped)");
            return;
        }
        FILES
            .iter()
            .map(|(f, target)| (PathBuf::from(DIR).join(f), *target))
            .collect()
    } else {
        given
    };
    let Ok(me) = std::env::current_exe() else {
        println!("pdf: cannot find the bench's own executable (skipped)");
        return;
    };
    println!("pdf: best of {runs} runs, each in a process of its own");
    for (path, target) in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !path.exists() {
            println!("{name}: absent (skipped)");
            continue;
        }
        let pages = pages_of(&path);
        let (mut read, mut seg, mut class, mut peak, mut segments) =
            (f64::MAX, f64::MAX, f64::MAX, 0u64, 0usize);
        for _ in 0..runs {
            let out = std::process::Command::new(&me)
                .arg("--child")
                .arg(&path)
                .output();
            let text = out
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_else(|e| format!("error {e}"));
            let f: Vec<&str> = text.split_whitespace().collect();
            let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
            let (Some(r), Some(s), Some(c), Some(p), Some(n)) =
                (num(0), num(1), num(2), num(3), num(4))
            else {
                println!("{name}: {text}");
                break;
            };
            read = read.min(r);
            seg = seg.min(s);
            class = class.min(c);
            peak = peak.max(p as u64);
            segments = n as usize;
        }
        if read == f64::MAX {
            continue;
        }
        let total = read + seg;
        let verdict = target.map_or(String::new(), |t| {
            let ok = total < t;
            format!(" (target < {t} s: {})", if ok { "met" } else { "MISSED" })
        });
        println!(
            "{name}: {pages} pages, {segments} segments: read {read:.3} s + segment {seg:.3} s = \
             {total:.3} s{verdict}, {:.0} pages/s; classify {class:.3} s; peak {:.0} MB",
            pages as f64 / total,
            peak as f64 / 1024.0
        );
    }
}
