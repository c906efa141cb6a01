//! `clausemap analyze [PATH]... [--out DIR] [--format json,md,html,csv,csl,graph] [--top N]`
//!
//! Analyse every treaty under the given paths (files or directories, recursively, in sorted
//! order), compare their clauses and write the reports into DIR: `report.json`, `report.md`,
//! `report.html`, `provisions.csv`, `values.csv`, `pairs.csv`, `treaties.csl.json` (CSL-JSON
//! citations) and the others `render` lists. Every report is rendered
//! in memory first and then written to a temporary file and renamed, so a failed run leaves
//! the old reports as they were. Progress and a summary go to stderr; nothing goes to stdout.
//! Files that cannot be read are named on stderr with the reason and listed in the reports;
//! the others are analysed all the same (exit code 1).

use crate::cli::Outcome;
use clausemap::report::count;
use clausemap::{pipeline, report, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Analyse treaties and write reports.
///
/// Reads every file under PATH (directories recursively; inside them only .txt, .md,
/// .markdown, .text, .xml, .jsonl and .rtf files), compares every article with the articles of the
/// other treaties, and writes into DIR: report.json (everything), report.md (a research
/// note), report.html (a self-contained page), provisions.csv, values.csv, pairs.csv and
/// treaties.csl.json (the treaties as CSL-JSON, for Zotero and Pandoc).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap analyze\n  clausemap analyze ../shared/corpora --out /tmp/out --format md,csv --top 25"
)]
pub struct Args {
    /// Files or directories to analyse.
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Directory the reports are written to (created if missing). Default: reports/ for the
    /// shipped corpus (no PATH given), clausemap-reports/ for any other input, so that a run
    /// on your own treaties never overwrites the shipped reports.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Reports to write, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,md,html,csv,csl,graph"
    )]
    pub format: Vec<ReportFormat>,
    /// Pairs, wording clusters and clauses per group shown in report.md and report.html (the
    /// JSON and CSV hold all).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Provision taxonomy (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Print nothing but errors (no progress bar, no summary).
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub compare: super::CompareArgs,
    #[command(flatten)]
    pub passages: super::PassageArgs,
    /// Keep the word alignment of this many best pairs in report.json (at least --top).
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub align_top: usize,
    /// A CSV or JSON file of what you know about the treaties (columns file, id, title, date,
    /// place, parties, party_codes, citation): it overrides what was read, and the reports
    /// carry its citations.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// Leave out of every report the labels whose confidence (0-1) is below this.
    #[arg(long, default_value_t = 0.0, value_name = "C")]
    pub min_confidence: f64,
    /// Run COMMAND FILE on each file in a format clausemap does not read (PDF, HTML, DOCX,
    /// ODT, DOC) and read its standard output as the treaty's text: an OCR tool or
    /// `pdftotext` behind a small script, as ripgrep's --pre.
    #[arg(long, value_name = "COMMAND")]
    pub pre: Option<PathBuf>,
    /// Start each CSV file with a UTF-8 byte-order mark, so that Excel shows accented names
    /// right when the file is opened by double-click (the default stays plain RFC 4180 UTF-8).
    #[arg(long, alias = "excel")]
    pub csv_bom: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportFormat {
    Json,
    Md,
    Html,
    Csv,
    /// treaties.csl.json: the treaties as CSL-JSON, for reference managers and Pandoc.
    Csl,
    Graph,
}

/// A progress bar on stderr, shown only on a terminal and only once the run has taken a
/// moment (a run over the shipped corpus ends before it would appear).
struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: Mutex<bool>,
    enabled: bool,
}

const SHOW_AFTER: Duration = Duration::from_millis(300);

impl Bar {
    fn new(quiet: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} files")
                .expect("progress template")
                .progress_chars("=> "),
        );
        Bar {
            bar,
            started: Instant::now(),
            shown: Mutex::new(false),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        if !self.enabled || self.started.elapsed() < SHOW_AFTER {
            return;
        }
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if !*shown {
            *shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn stage(&self, msg: &'static str) {
        self.bar.set_message(msg);
        self.tick();
    }
}

impl pipeline::Progress for Bar {
    fn files(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_message("reading");
    }
    fn file_done(&self) {
        self.bar.inc(1);
        self.tick();
    }
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let params = args.compare.params()?;
    let (passage_params, link_params) = args.passages.params()?;
    if args.top == 0 {
        return Err(Error::Usage("--top must be at least 1".into()));
    }
    let t0 = std::time::Instant::now();
    let mut opts = super::options(args.taxonomy.as_deref())?;
    opts.pre = args.pre.clone();
    clausemap::compare::trace("taxonomy", t0);
    let bar = Bar::new(args.quiet);
    if !(0.0..=1.0).contains(&args.min_confidence) {
        return Err(Error::Usage(
            "--min-confidence must be between 0 and 1".into(),
        ));
    }
    // Read before the run, so that an unreadable file stops it before any work.
    let metadata = args
        .metadata
        .as_deref()
        .map(clausemap::metadata_file::read)
        .transpose()?;
    let t0 = std::time::Instant::now();
    let mut corpus = pipeline::analyze_with_progress(&args.paths, &opts, &bar);
    clausemap::compare::trace("read, segment, classify", t0);
    let notices = metadata
        .as_ref()
        .map(|m| clausemap::metadata_file::apply(&mut corpus, m))
        .unwrap_or_default();
    if args.min_confidence > 0.0 {
        clausemap::classify::keep_confident(&mut corpus, args.min_confidence);
    }
    bar.stage("comparing");
    let comparison = clausemap::compare::corpus::compare_with(
        &corpus,
        &params,
        args.align_top.max(args.top),
        &passage_params,
        &link_params,
    );
    bar.stage("rendering reports");
    let t0 = std::time::Instant::now();
    let model = report::build(&corpus, Some(&comparison));
    clausemap::compare::trace("report model", t0);
    let t0 = std::time::Instant::now();
    let mut outputs = render(&model, &args.format, args.top);
    if args.csv_bom {
        for (name, bytes) in &mut outputs {
            if name.ends_with(".csv") {
                bytes.splice(0..0, [0xef, 0xbb, 0xbf]);
            }
        }
    }
    clausemap::compare::trace("render", t0);
    bar.bar.finish_and_clear();
    for e in &corpus.errors {
        eprintln!("clausemap: {}: {}", e.file, e.message);
    }
    if !args.quiet {
        for n in &notices {
            eprintln!("clausemap: note: {n}");
        }
    }
    let skipped = skipped_note(&corpus.skipped);
    if corpus.documents.is_empty() {
        if let Some(note) = &skipped {
            eprintln!("clausemap: {note}");
        }
        return Err(Error::Usage(if corpus.errors.is_empty() {
            "no treaty found (inside directories clausemap reads .txt, .text, .md, .markdown, \
             .xml, .jsonl and .rtf files); nothing written"
                .into()
        } else {
            "no input could be analysed; nothing written".into()
        }));
    }
    let out_dir = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(if args.paths == [PathBuf::from("corpus")] {
            "reports"
        } else {
            "clausemap-reports"
        })
    });
    let t0 = std::time::Instant::now();
    {
        use rayon::prelude::*;
        outputs
            .par_iter()
            .map(|(name, bytes)| report::write::atomic(&out_dir.join(name), bytes))
            .collect::<Result<Vec<()>, _>>()?;
    }
    clausemap::compare::trace("write", t0);
    if !args.quiet {
        let s = &model.summary;
        let names: Vec<&str> = outputs.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "clausemap: {}, {}, {}, {}, {}{}, {} -> {}/{{{}}}",
            count(s.documents, "treaty", "treaties"),
            count(s.articles, "article", "articles"),
            count(s.warnings, "warning", "warnings"),
            count(s.notices, "notice", "notices"),
            count(s.errors, "error", "errors"),
            if corpus.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} skipped", corpus.skipped.len())
            },
            count(comparison.pairs.len(), "pair", "pairs"),
            out_dir.display(),
            names.join(",")
        );
        for (notices, n) in [(false, s.warnings), (true, s.notices)] {
            let lines = warning_lines(&corpus, notices);
            if !lines.is_empty() {
                if notices {
                    eprintln!(
                        "clausemap: {}:",
                        count(n, "routine notice", "routine notices")
                    );
                } else {
                    eprintln!(
                        "clausemap: {} to look at (report.md gives each treaty's):",
                        count(n, "warning", "warnings")
                    );
                }
                for l in lines {
                    eprintln!("  {l}");
                }
            }
        }
        if let Some(note) = comparison.note.as_deref() {
            eprintln!("clausemap: {note}");
        }
        if let Some(note) = &skipped {
            eprintln!("clausemap: {note}");
        }
    }
    Ok(if corpus.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    })
}

/// Every requested report, rendered from the one model (each on its own thread), before
/// anything is written.
fn render(
    model: &report::Report<'_>,
    formats: &[ReportFormat],
    top: usize,
) -> Vec<(&'static str, Vec<u8>)> {
    use rayon::prelude::*;
    type Job<'a> = (&'static str, Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>);
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let opts = report::Options { top };
    let opts = &opts;
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for f in formats {
        match f {
            ReportFormat::Json => jobs.push((
                "report.json",
                Box::new(move || report::json::render(model).into_bytes()),
            )),
            ReportFormat::Md => jobs.push((
                "report.md",
                Box::new(move || report::markdown::render(model, opts).into_bytes()),
            )),
            ReportFormat::Html => jobs.push((
                "report.html",
                Box::new(move || report::html::render(model, opts).into_bytes()),
            )),
            ReportFormat::Csv => {
                jobs.push((
                    "provisions.csv",
                    Box::new(move || report::csv::provisions(model)),
                ));
                jobs.push(("values.csv", Box::new(move || report::csv::values(model))));
                jobs.push(("pairs.csv", Box::new(move || report::csv::pairs(model))));
                jobs.push((
                    "passages.csv",
                    Box::new(move || report::csv::passages(model)),
                ));
                jobs.push((
                    "treaties.csv",
                    Box::new(move || report::csv::treaties(model)),
                ));
                jobs.push(("matrix.csv", Box::new(move || report::csv::matrix(model))));
                jobs.push(("reuse.csv", Box::new(move || report::csv::reuse(model))));
                jobs.push(("datapackage.json", Box::new(report::csv::datapackage)));
            }
            ReportFormat::Csl => jobs.push((
                "treaties.csl.json",
                Box::new(move || report::csl::render(model).into_bytes()),
            )),
            ReportFormat::Graph => {
                jobs.push((
                    "genealogy.graphml",
                    Box::new(move || report::graph::graphml(model).into_bytes()),
                ));
                jobs.push((
                    "genealogy.dot",
                    Box::new(move || report::graph::dot(model).into_bytes()),
                ));
            }
        }
    }
    jobs.par_iter().map(|(name, job)| (*name, job())).collect()
}

/// The warnings (or, with `notices`, the routine notices) of a run, a line per kind, most
/// files first, each naming its first few files: `no articles found: 43 files (a.txt, b.txt,
/// c.txt and 40 more)`.
fn warning_lines(corpus: &clausemap::model::Corpus, notices: bool) -> Vec<String> {
    const NAMED: usize = 3;
    let mut by_kind: std::collections::BTreeMap<clausemap::model::WarningKind, Vec<&str>> =
        Default::default();
    for t in &corpus.documents {
        for w in t.warnings.iter().filter(|w| w.kind.is_notice() == notices) {
            let files = by_kind.entry(w.kind).or_default();
            if files.last() != Some(&t.file.as_str()) {
                files.push(&t.file);
            }
        }
    }
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|(k, files)| (std::cmp::Reverse(files.len()), *k));
    kinds
        .iter()
        .map(|(kind, files)| {
            format!(
                "{}: {} ({})",
                kind.summary(),
                count(files.len(), "file", "files"),
                first_few(files, files.len(), NAMED)
            )
        })
        .collect()
}

/// "3 files skipped (a format not read yet): a.pdf (a PDF), b.html (an HTML page), ... and 1
/// more": the files found inside directories and not read, named so that a run that read
/// none of them does not look complete.
fn skipped_note(skipped: &[clausemap::model::FileError]) -> Option<String> {
    const NAMED: usize = 5;
    if skipped.is_empty() {
        return None;
    }
    let names: Vec<String> = skipped
        .iter()
        .take(NAMED)
        .map(|e| {
            let what = e
                .message
                .strip_prefix("is ")
                .and_then(|m| m.split(", which").next())
                .unwrap_or(&e.message);
            format!("{} ({what})", e.file)
        })
        .collect();
    Some(format!(
        "{} skipped (a format not read yet; convert to text first, e.g. `pdftotext -layout`, `pandoc -t plain`): {}",
        count(skipped.len(), "file", "files"),
        first_few(&names, skipped.len(), NAMED)
    ))
}

/// The first `named` of `names` (of `total` in all) joined with commas, then `and N more`.
fn first_few<S: AsRef<str>>(names: &[S], total: usize, named: usize) -> String {
    let shown: Vec<&str> = names.iter().take(named).map(AsRef::as_ref).collect();
    let more = total.saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
