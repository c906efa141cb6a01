//! `clausemap eval --gold FILE [PATH]...`
//! `clausemap eval --hidden-headings [--split dev|held-out|all] [PATH]...`
//!
//! The first form runs the pipeline on PATH (default `corpus`) and scores it against a gold
//! file (`clausemap-gold/1`): articles found, metadata, closing clauses, values, duplicate
//! passages, recurring groups, and label precision / recall / F1 overall and per label. The
//! second measures how often the labels that an article's heading names (entry into force,
//! duration, termination, ...) are found from the body alone, with the heading hidden.
//!
//! Prints a table, or JSON with `--json`. Exit code 0 whatever the numbers (they speak), 2
//! when the gold or taxonomy file is invalid.

use crate::cli::Outcome;
use clausemap::eval::{self, Count, Gold, Prf, Split};
use clausemap::{pipeline, Error};
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

/// Score the analysis against a gold file, or measure label recall with headings hidden.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap eval --gold ../shared/gold/seeds.json corpus\n  clausemap eval --hidden-headings --split held-out ../shared/corpora/nl_bwb ../shared/corpora/tota"
)]
pub struct Args {
    /// Files or directories to analyse.
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Gold file (clausemap-gold/1) to score against.
    #[arg(long, value_name = "FILE", required_unless_present = "hidden_headings")]
    pub gold: Option<PathBuf>,
    /// Measure recall of final-clause labels from the body alone on headed articles.
    #[arg(long, conflicts_with = "gold")]
    pub hidden_headings: bool,
    /// Which part to score. With --gold: `tune` or `measure` (the gold's `split`), or `all`.
    /// With --hidden-headings: `held-out` (a third of the files, by a hash of the file name,
    /// not used to write the patterns), `dev` (the rest) or `all`.
    #[arg(long, value_enum, default_value = "all")]
    pub split: SplitArg,
    /// Provision taxonomy (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Labels from the rules alone, without the learned component.
    #[arg(long)]
    pub rules_only: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every mistake (missed and wrong labels, articles, values).
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SplitArg {
    All,
    Dev,
    HeldOut,
    Tune,
    Measure,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let mut opts = super::options(args.taxonomy.as_deref())?;
    if args.rules_only {
        opts.taxonomy.linear = None;
    }
    let gold = match &args.gold {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::Gold {
                file: path.display().to_string(),
                message: e.to_string(),
            })?;
            let mut gold = Gold::parse(&text, &path.display().to_string())?;
            match args.split {
                SplitArg::All => {}
                SplitArg::Tune => gold.keep_split("tune"),
                SplitArg::Measure => gold.keep_split("measure"),
                SplitArg::Dev | SplitArg::HeldOut => {
                    return Err(Error::Usage(
                        "--split dev|held-out is for --hidden-headings; with --gold use tune|measure|all".into(),
                    ))
                }
            }
            Some(gold)
        }
        None => None,
    };
    // With a gold file, only its documents are analysed (found by file name under the paths).
    let paths: Vec<PathBuf> = match &gold {
        Some(g) => g.files(&args.paths),
        None => args.paths.clone(),
    };
    let corpus = if paths.is_empty() {
        clausemap::model::Corpus::default()
    } else {
        pipeline::analyze(&paths, &opts)
    };
    for e in &corpus.errors {
        eprintln!("clausemap: {}: {}", e.file, e.message);
    }
    let out = match gold {
        Some(gold) => {
            let ev = eval::evaluate(&corpus, &gold);
            if args.json {
                json(&ev)
            } else {
                gold_table(&ev, args.verbose)
            }
        }
        None => {
            let split = match args.split {
                SplitArg::All => Split::All,
                SplitArg::Dev => Split::Dev,
                SplitArg::HeldOut => Split::HeldOut,
                SplitArg::Tune | SplitArg::Measure => return Err(Error::Usage(
                    "--split tune|measure needs --gold; --hidden-headings takes dev|held-out|all"
                        .into(),
                )),
            };
            let hr = eval::heading_recall(&corpus, &opts.taxonomy, split);
            if args.json {
                json(&hr)
            } else {
                heading_table(&hr, args.verbose)
            }
        }
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(Outcome::Ok)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("evaluation serialises");
    s.push('\n');
    s
}

fn count(c: Count) -> String {
    let pct = if c.total == 0 {
        100.0
    } else {
        100.0 * c.correct as f64 / c.total as f64
    };
    format!("{:>4}/{:<4} {pct:>6.1}%", c.correct, c.total)
}

fn prf(name: &str, p: &Prf) -> String {
    format!(
        "{name:<22} {:>4} {:>4} {:>4}   {:>6.3} {:>6.3} {:>6.3}\n",
        p.tp, p.fp, p.fn_, p.precision, p.recall, p.f1
    )
}

fn gold_table(ev: &eval::Evaluation, verbose: bool) -> String {
    let mut o = String::new();
    if !ev.missing_documents.is_empty() {
        let _ = writeln!(o, "missing documents: {}", ev.missing_documents.join(", "));
    }
    for (name, c) in [
        ("articles found", ev.articles),
        ("title", ev.title),
        ("date", ev.date),
        ("place", ev.place),
        ("parties", ev.parties),
        ("closing clause", ev.closing),
        ("languages", ev.languages),
        ("duplicate passages", ev.duplicates),
    ] {
        let _ = writeln!(o, "{name:<22} {}", count(c));
    }
    let _ = writeln!(o, "{:<22} {}", "extra articles", ev.extra_articles);
    let _ = writeln!(
        o,
        "\n{:<22} {:>4} {:>4} {:>4}   {:>6} {:>6} {:>6}",
        "", "tp", "fp", "fn", "P", "R", "F1"
    );
    o.push_str(&prf("values", &ev.values));
    o.push_str(&prf("recurring members", &ev.recurring));
    o.push_str(&prf("labels (all)", &ev.labels));
    for (id, p) in &ev.per_label {
        o.push_str(&prf(&format!("  {id}"), p));
    }
    if verbose && !ev.mistakes.is_empty() {
        o.push_str("\nmistakes:\n");
        for m in &ev.mistakes {
            let _ = writeln!(o, "  {m}");
        }
    }
    o
}

fn heading_table(hr: &eval::HeadingRecall, verbose: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} documents, {} headed articles; label recall from the body alone (heading hidden):\n",
        hr.documents, hr.headed_articles
    );
    let mut total = Count::default();
    for (id, c) in &hr.per_label {
        let _ = writeln!(o, "  {id:<22} {}", count(*c));
        total.correct += c.correct;
        total.total += c.total;
    }
    let _ = writeln!(o, "  {:<22} {}", "all", count(total));
    if verbose && !hr.misses.is_empty() {
        o.push_str("\nmisses:\n");
        for m in &hr.misses {
            let _ = writeln!(o, "  {m}");
        }
    }
    o
}
