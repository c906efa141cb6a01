//! `clausemap compare FILE_A FILE_B [--article N] [--with M]`
//!
//! The best-aligned clause pairs of two treaties, in the terminal: every clause of A is scored
//! against every clause of B, pairs are taken best first with each clause used once, and each
//! is shown with its word diff (words only A has, words only B has). Colour on a terminal
//! (red: only in A, green: only in B) unless `NO_COLOR` is set; otherwise wdiff notation,
//! `[-only in A-]` and `{+only in B+}`.

use crate::cli::Outcome;
use clausemap::compare::align::{self, Op};
use clausemap::compare::{Index, Pair, Unit};
use clausemap::model::{Segment, Treaty};
use clausemap::{pipeline, Error};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Show the best-aligned clause pairs of two treaties with their word differences.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap compare corpus/000_79ce68988e783b83.txt corpus/002_d9c2b8e70902db1e.txt\n  clausemap compare A.txt B.txt --article 6 --with X\n  clausemap compare A.txt B.txt --measure tfidf --top 3"
)]
pub struct Args {
    pub file_a: PathBuf,
    pub file_b: PathBuf,
    /// Only this article of A (its number as printed: 6, X, 9.2), with its best match in B.
    #[arg(long, value_name = "N")]
    pub article: Option<String>,
    /// With --article: compare with this article of B instead of the best match.
    #[arg(long, value_name = "M", requires = "article")]
    pub with: Option<String>,
    /// Show at most this many pairs.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Leave out pairs scoring below this.
    #[arg(long, default_value_t = 0.05, value_name = "S")]
    pub min_score: f64,
    /// Shared passages listed after the pairs, longest first (0: none).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub passages: usize,
    /// Also write a self-contained HTML page with the two treaties side by side, their
    /// shared passages marked and linked to each other.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub compare: super::CompareArgs,
}

fn find(t: &Treaty, number: &str) -> Result<usize, Error> {
    let want = number.trim().to_ascii_lowercase();
    // Roman numbers are stored in Arabic; accept either.
    let arabic = roman(&want).map(|n| n.to_string());
    t.segments
        .iter()
        .position(|s| {
            s.number.as_deref().is_some_and(|n| {
                let n = n.to_ascii_lowercase();
                n == want || Some(&n) == arabic.as_ref()
            })
        })
        .ok_or_else(|| {
            let have: Vec<&str> = t
                .segments
                .iter()
                .filter_map(|s| s.number.as_deref())
                .collect();
            Error::Usage(format!(
                "{} has no article {number} (it has: {})",
                t.file,
                if have.is_empty() {
                    "none".to_string()
                } else {
                    have.join(", ")
                }
            ))
        })
}

fn roman(s: &str) -> Option<u32> {
    let val = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(val).collect();
    let d = digits.filter(|d| !d.is_empty() && d.len() < 10)?;
    Some(d.iter().enumerate().fold(0i64, |acc, (i, &v)| {
        if d.get(i + 1).is_some_and(|&n| n > v) {
            acc - v as i64
        } else {
            acc + v as i64
        }
    }) as u32)
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let mut params = args.compare.params()?;
    params.boilerplate = None; // two treaties: document frequency says nothing
    let opts = super::options(None)?;
    let load = |p: &PathBuf| pipeline::analyze_file_with(p, &opts);
    let (a, b) = (load(&args.file_a)?, load(&args.file_b)?);
    let units: Vec<Unit> = a
        .segments
        .iter()
        .map(|s| Unit {
            doc: 0,
            text: &s.text,
        })
        .chain(b.segments.iter().map(|s| Unit {
            doc: 1,
            text: &s.text,
        }))
        .collect();
    let na = a.segments.len();
    let index = Index::build(&units, &params);
    let score = |i: usize, j: usize| Pair::new(i, na + j, index.score(i, na + j));
    let pairs: Vec<Pair> = match (&args.article, &args.with) {
        (Some(x), Some(y)) => vec![score(find(&a, x)?, find(&b, y)?)],
        (Some(x), None) => {
            let i = find(&a, x)?;
            (0..b.segments.len())
                .map(|j| score(i, j))
                .max_by(|p, q| p.score.total_cmp(&q.score).then(q.b.cmp(&p.b)))
                .into_iter()
                .collect()
        }
        _ => {
            let mut all: Vec<Pair> = (0..na)
                .flat_map(|i| (0..b.segments.len()).map(move |j| (i, j)))
                .map(|(i, j)| score(i, j))
                .filter(|p| p.score >= args.min_score)
                .collect();
            all.sort_by(|p, q| {
                q.score
                    .total_cmp(&p.score)
                    .then((p.a, p.b).cmp(&(q.a, q.b)))
            });
            let (mut used_a, mut used_b) = (vec![false; na], vec![false; b.segments.len()]);
            let mut chosen = Vec::new();
            for p in all {
                let (i, j) = (p.a as usize, p.b as usize - na);
                if !used_a[i] && !used_b[j] && chosen.len() < args.top {
                    used_a[i] = true;
                    used_b[j] = true;
                    chosen.push(p);
                }
            }
            chosen
        }
    };
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = String::new();
    if pairs.is_empty() {
        out.push_str(&format!(
            "no pair of clauses scores {} or more ({:?}); try --min-score 0\n",
            args.min_score, params.measure
        ));
    }
    for p in &pairs {
        let (sa, sb) = (&a.segments[p.a as usize], &b.segments[p.b as usize - na]);
        out.push_str(&show(&a, sa, &b, sb, p.score, &params, colour));
    }
    // Shared passages, wherever they stand.
    let corpus = clausemap::model::Corpus {
        documents: vec![a, b],
        ..Default::default()
    };
    let links = clausemap::compare::reuse::LinkParams {
        main_share: 0.0,
        other_share: 0.0,
        list: clausemap::compare::reuse::PassageList::All,
    };
    let passage_params = clausemap::compare::passages::PassageParams::default();
    // The page needs the whole comparison, which holds the reuse; without it, the reuse alone.
    let reuse = match &args.html {
        Some(path) => {
            let cmp = clausemap::compare::corpus::compare_with(
                &corpus,
                &params,
                args.top,
                &passage_params,
                &links,
            );
            let page = clausemap::report::html::render(
                &clausemap::report::build(&corpus, Some(&cmp)),
                &clausemap::report::Options { top: args.top },
            );
            clausemap::report::write::atomic(path, page.as_bytes())?;
            cmp.reuse
        }
        None => clausemap::compare::reuse::find(&corpus, &passage_params, &links, params.nfkc),
    };
    out.push_str(&passages_text(&corpus, &reuse, &args, colour));
    let mut so = std::io::stdout().lock();
    if let Err(e) = so.write_all(out.as_bytes()).and_then(|_| so.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::Usage(format!(
                "cannot write to standard output: {e}"
            )));
        }
    }
    Ok(Outcome::Ok)
}

/// A passage as shown: A's segment and byte span, B's, aligned words, edit share.
type Shown<'a> = (&'a Segment, [u32; 2], &'a Segment, [u32; 2], u32, f64);

/// The shared passages of the two treaties (`a` = the first file), longest first; with
/// `--article`, those of that article of A only.
fn passages_text(
    corpus: &clausemap::model::Corpus,
    reuse: &clausemap::compare::reuse::Reuse,
    args: &Args,
    colour: bool,
) -> String {
    use std::fmt::Write as _;
    let (a, b) = (&corpus.documents[0], &corpus.documents[1]);
    let mut out = String::new();
    let pair = reuse.pairs.first();
    let share = |doc: usize| pair.map_or(0.0, |p| if p.a == doc { p.share_a } else { p.share_b });
    let _ = writeln!(
        out,
        "Shared passages: {} ({:.0} % of A's words, {:.0} % of B's)",
        pair.map_or(0, |p| p.passages),
        (share(0) * 100.0).floor(),
        (share(1) * 100.0).floor()
    );
    // Each passage from A's side, whichever treaty is earlier.
    let mut list: Vec<Shown> = reuse
        .passages
        .iter()
        .map(|p| {
            let (ca, sa, cb, sb) = if p.a.doc == 0 {
                (p.a, p.bytes_a, p.b, p.bytes_b)
            } else {
                (p.b, p.bytes_b, p.a, p.bytes_a)
            };
            (
                &a.segments[ca.seg],
                sa,
                &b.segments[cb.seg],
                sb,
                p.aligned,
                p.edit_share,
            )
        })
        .filter(|(sa, ..)| {
            args.article
                .as_deref()
                .is_none_or(|x| find(a, x).is_ok_and(|i| std::ptr::eq(&a.segments[i], *sa)))
        })
        .collect();
    list.sort_by_key(|&(.., aligned, _)| std::cmp::Reverse(aligned));
    for (sa, ra, sb, rb, aligned, edits) in list.into_iter().take(args.passages) {
        let text = &sb.text[rb[0] as usize..rb[1] as usize];
        let words: Vec<&str> = text.split_whitespace().collect();
        let quote = if words.len() > 40 {
            format!("{} …", words[..40].join(" "))
        } else {
            words.join(" ")
        };
        let _ = writeln!(
            out,
            "\n  A {} [bytes {}-{}] ~ B {} [bytes {}-{}]: {aligned} words aligned, {:.0} % edits\n  {}{quote}{}",
            sa.citation(),
            ra[0],
            ra[1],
            sb.citation(),
            rb[0],
            rb[1],
            (edits * 100.0).floor(),
            if colour { "\x1b[2m" } else { "" },
            if colour { "\x1b[0m" } else { "" },
        );
    }
    out
}

fn cite(t: &Treaty, s: &Segment) -> String {
    let mut c = s.citation();
    if let Some(h) = &s.heading {
        c.push_str(&format!(" \"{h}\""));
    }
    format!(
        "{c} ({}{})",
        t.file,
        t.meta
            .date
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default()
    )
}

fn show(
    a: &Treaty,
    sa: &Segment,
    b: &Treaty,
    sb: &Segment,
    score: f64,
    params: &clausemap::compare::Params,
    colour: bool,
) -> String {
    let al = align::align(&sa.text, &sb.text);
    let measure = serde_json::to_value(params.measure)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let diff = align::render(&al, &sa.text, &sb.text, |op, s| match (op, colour) {
        (Op::Equal, _) => s.to_string(),
        (Op::Delete, true) => format!("\x1b[31m{s}\x1b[0m"),
        (Op::Insert, true) => format!("\x1b[32m{s}\x1b[0m"),
        (Op::Delete, false) => format!("[-{s}-]"),
        (Op::Insert, false) => format!("{{+{s}+}}"),
    });
    format!(
        "A  {}\nB  {}\n{measure} {} · {} shared words ({} in A, {} in B)\n\n{diff}\n\n",
        cite(a, sa),
        cite(b, sb),
        clausemap::compare::score_text(score, 3),
        al.shared_words,
        al.words_a,
        al.words_b,
    )
}
