//! `clausemap compare FILE_A FILE_B [--article N] [--with M] [--width N] [--color WHEN]`
//!
//! The best-aligned clause pairs of two treaties, in the terminal: every clause of A is scored
//! against every clause of B, pairs are taken best first with each clause used once. Shown: the
//! two treaties (short title, date, file), a table of the pairs, each pair with its word diff
//! wrapped to the width (words only A has, words only B has), the clauses of each treaty with
//! no pair reaching --min-score, and the shared passages. Colour on a terminal (red and struck
//! through: only in A; green and underlined: only in B) unless `NO_COLOR` is set; otherwise
//! wdiff notation, `[-only in A-]` and `{+only in B+}`. The layout is
//! [`clausemap::report::terminal`]'s.

use crate::cli::Outcome;
use clausemap::compare::align;
use clausemap::compare::{Index, Unit};
use clausemap::model::{Segment, SegmentKind, Treaty};
use clausemap::report::terminal::{self, Layout, Part, Style};
use clausemap::{pipeline, Error};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Show the best-aligned clause pairs of two treaties with their word differences.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap compare corpus/000_79ce68988e783b83.txt corpus/002_d9c2b8e70902db1e.txt\n  clausemap compare A.txt B.txt --article 6 --with X\n  clausemap compare A.txt B.txt --article preamble --width 72 --color always | less -R\n  clausemap compare A.txt B.txt --measure tfidf --top 3"
)]
pub struct Args {
    pub file_a: PathBuf,
    pub file_b: PathBuf,
    /// Only this clause of A, with its best match in B: an article number as printed (6, X,
    /// 9.2), `preamble` or `closing`.
    #[arg(long, value_name = "N")]
    pub article: Option<String>,
    /// With --article: compare with this clause of B (a number, `preamble` or `closing`)
    /// instead of the best match.
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
    /// Wrap text to this many columns (default: the terminal's width, else $COLUMNS, else 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Colour the differences: auto (when writing to a terminal and NO_COLOR is not set),
    /// always, never.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub compare: super::CompareArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The layout the options and the terminal ask for.
fn layout(args: &Args) -> Layout {
    let tty = std::io::stdout().is_terminal();
    let colour = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let terminal = || {
        tty.then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
    };
    let width = args
        .width
        .map(usize::from)
        .or_else(|| terminal().filter(|&w| w > 0))
        .or_else(|| columns().filter(|&w| w > 0))
        .unwrap_or(80)
        .max(20);
    Layout { width, colour }
}

/// The segment of `t` that `what` names: `preamble`, `closing`, or an article number as
/// printed (Roman or Arabic).
fn find(t: &Treaty, what: &str) -> Result<usize, Error> {
    let want = what.trim().to_ascii_lowercase();
    let kind = match want.as_str() {
        "preamble" => Some(SegmentKind::Preamble),
        "closing" => Some(SegmentKind::Closing),
        _ => None,
    };
    // Roman numbers are stored in Arabic; accept either.
    let arabic = roman(&want).map(|n| n.to_string());
    let found = t.segments.iter().position(|s| match kind {
        Some(k) => s.kind == k,
        None => {
            s.kind == SegmentKind::Article
                && s.number.as_deref().is_some_and(|n| {
                    let n = n.to_ascii_lowercase();
                    n == want || Some(&n) == arabic.as_ref()
                })
        }
    });
    found.ok_or_else(|| {
        let what = match kind {
            Some(_) => format!("no {want}"),
            None => format!("no article {}", what.trim()),
        };
        Error::Usage(format!("{} has {what} (it has: {})", t.file, available(t)))
    })
}

/// What `--article` can name in `t`, in its order: `preamble`, the article numbers as
/// printed, `closing`.
fn available(t: &Treaty) -> String {
    let mut seen = std::collections::HashSet::new();
    let have: Vec<String> = t
        .segments
        .iter()
        .filter_map(|s| match (s.kind, &s.number) {
            (SegmentKind::Preamble, _) => Some("preamble".to_string()),
            (SegmentKind::Closing, _) => Some("closing".to_string()),
            (SegmentKind::Article, Some(n)) if s.roman => Some(clausemap::model::as_roman(n)),
            (SegmentKind::Article, Some(n)) => Some(n.clone()),
            (SegmentKind::Article, None) => None,
        })
        .filter(|n| seen.insert(n.clone()))
        .collect();
    if have.is_empty() {
        "none".to_string()
    } else {
        have.join(", ")
    }
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

/// A pair of clauses: segment `i` of A, segment `j` of B, their score.
#[derive(Debug, Clone, Copy)]
struct Matched {
    i: usize,
    j: usize,
    score: f64,
}

/// The pairs to show and, when every clause was compared with every other, how many one-to-one
/// pairs reach --min-score and the clauses of each side that have no pair reaching it.
struct Choice {
    pairs: Vec<Matched>,
    all: Option<AllPairs>,
}

struct AllPairs {
    found: usize,
    unmatched: [Vec<usize>; 2],
}

/// The pairs `args` asks for, scored by `score(i, j)`.
fn choose(
    args: &Args,
    a: &Treaty,
    b: &Treaty,
    score: impl Fn(usize, usize) -> f64,
) -> Result<Choice, Error> {
    let (na, nb) = (a.segments.len(), b.segments.len());
    let pair = |i, j| Matched {
        i,
        j,
        score: score(i, j),
    };
    let pairs = match (&args.article, &args.with) {
        (Some(x), Some(y)) => vec![pair(find(a, x)?, find(b, y)?)],
        (Some(x), None) => {
            let i = find(a, x)?;
            let best = (0..nb)
                .map(|j| pair(i, j))
                .max_by(|p, q| p.score.total_cmp(&q.score).then(q.j.cmp(&p.j)));
            best.into_iter().collect()
        }
        _ => {
            let all: Vec<Matched> = (0..na)
                .flat_map(|i| (0..nb).map(move |j| (i, j)))
                .map(|(i, j)| pair(i, j))
                .filter(|p| p.score >= args.min_score)
                .collect();
            let mut pairs = one_to_one(&all, na, nb);
            let found = pairs.len();
            pairs.truncate(args.top);
            let unmatched = [
                without(na, all.iter().map(|p| p.i)),
                without(nb, all.iter().map(|p| p.j)),
            ];
            return Ok(Choice {
                pairs,
                all: Some(AllPairs { found, unmatched }),
            });
        }
    };
    Ok(Choice { pairs, all: None })
}

/// The pairs of `all` taken best first (ties: A's, then B's order), each clause once.
fn one_to_one(all: &[Matched], na: usize, nb: usize) -> Vec<Matched> {
    let mut sorted = all.to_vec();
    sorted.sort_by(|p, q| {
        q.score
            .total_cmp(&p.score)
            .then((p.i, p.j).cmp(&(q.i, q.j)))
    });
    let (mut used_a, mut used_b) = (vec![false; na], vec![false; nb]);
    sorted
        .into_iter()
        .filter(|p| {
            let free = !used_a[p.i] && !used_b[p.j];
            if free {
                (used_a[p.i], used_b[p.j]) = (true, true);
            }
            free
        })
        .collect()
}

/// The indices below `n` that `taken` does not hold, in order.
fn without(n: usize, taken: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = vec![false; n];
    for k in taken {
        seen[k] = true;
    }
    (0..n).filter(|&k| !seen[k]).collect()
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let mut params = args.compare.params()?;
    params.boilerplate = None; // two treaties: document frequency says nothing
    let layout = layout(&args);
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
    let choice = choose(&args, &a, &b, |i, j| index.score(i, na + j))?;
    let corpus = clausemap::model::Corpus {
        documents: vec![a, b],
        ..Default::default()
    };
    let names = clausemap::report::model::names(&corpus);
    let view = View {
        a: &corpus.documents[0],
        b: &corpus.documents[1],
        names: [&names[0], &names[1]],
        layout,
        measure: measure_name(&params),
    };
    let mut out = view.treaties();
    out.push_str(&view.summary(&choice, &args));
    for (k, p) in choice.pairs.iter().enumerate() {
        out.push_str(&view.pair(k, choice.pairs.len(), p));
    }
    if let Some(all) = &choice.all {
        out.push_str(&view.unmatched(all, args.min_score));
    }
    let reuse = shared_passages(&corpus, &params, &args)?;
    out.push_str(&passages_text(&view, &reuse, &args));
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

/// The measure as the options name it: `jaccard`, `containment`, `tfidf`.
fn measure_name(params: &clausemap::compare::Params) -> String {
    serde_json::to_value(params.measure)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The shared passages of the two treaties, wherever they stand; with --html, also the page
/// with both side by side (which needs the whole comparison, that holds them).
fn shared_passages(
    corpus: &clausemap::model::Corpus,
    params: &clausemap::compare::Params,
    args: &Args,
) -> Result<clausemap::compare::reuse::Reuse, Error> {
    let links = clausemap::compare::reuse::LinkParams {
        main_share: 0.0,
        other_share: 0.0,
        list: clausemap::compare::reuse::PassageList::All,
    };
    let passage_params = clausemap::compare::passages::PassageParams::default();
    let Some(path) = &args.html else {
        return Ok(clausemap::compare::reuse::find(
            corpus,
            &passage_params,
            &links,
            params.nfkc,
        ));
    };
    let cmp =
        clausemap::compare::corpus::compare_with(corpus, params, args.top, &passage_params, &links);
    let page = clausemap::report::html::render(
        &clausemap::report::build(corpus, Some(&cmp)),
        &clausemap::report::Options { top: args.top },
    );
    clausemap::report::write::atomic(path, page.as_bytes())?;
    Ok(cmp.reuse)
}

/// The two treaties as shown: how they are named, and the layout.
struct View<'a> {
    a: &'a Treaty,
    b: &'a Treaty,
    names: [&'a str; 2],
    layout: Layout,
    measure: String,
}

impl View<'_> {
    /// `text` wrapped plain, first line led by `first`, the others by `rest`.
    fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        terminal::wrap(text, Style::Plain, first, rest, &self.layout)
    }

    /// Side `k`'s treaty named: short title and date.
    fn named(&self, k: usize) -> String {
        let t = if k == 0 { self.a } else { self.b };
        match &t.meta.date {
            Some(d) => format!("{} ({d})", self.names[k]),
            None => self.names[k].to_string(),
        }
    }

    /// The header block: each treaty's name and date, and its file.
    fn treaties(&self) -> String {
        let mut out = String::new();
        for (k, (side, t)) in [("A  ", self.a), ("B  ", self.b)].into_iter().enumerate() {
            out.push_str(&self.wrap(&self.named(k), side, "   "));
            let _ = writeln!(out, "   {}", t.file);
        }
        out
    }

    /// The table of the pairs shown, after a line saying how they were chosen.
    fn summary(&self, choice: &Choice, args: &Args) -> String {
        let mut out = String::from("\n");
        let how = match (&choice.all, &args.with) {
            (Some(all), _) => format!(
                "Pairs of clauses ({}, {} or more, each clause once, best first): {} shown of {}.",
                self.measure,
                args.min_score,
                choice.pairs.len(),
                all.found
            ),
            (None, Some(_)) => format!("The two clauses asked for ({}):", self.measure),
            (None, None) => format!(
                "The clause asked for and its best match ({}):",
                self.measure
            ),
        };
        out.push_str(&self.wrap(&how, "", ""));
        if choice.pairs.is_empty() {
            out.push_str(&self.wrap("None; try --min-score 0.", "", ""));
            return out;
        }
        let rows: Vec<[String; 5]> = choice
            .pairs
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let al = align::align(&self.a.segments[p.i].text, &self.b.segments[p.j].text);
                [
                    (k + 1).to_string(),
                    self.a.segments[p.i].citation(),
                    self.b.segments[p.j].citation(),
                    clausemap::compare::score_text(p.score, 3),
                    al.shared_words.to_string(),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(&["#", "A", "B", "Score", "Shared words"], &rows));
        out
    }

    /// Pair `k` of `n`: a rule, the two clauses cited, the score, the word diff.
    fn pair(&self, k: usize, n: usize, p: &Matched) -> String {
        let (sa, sb) = (&self.a.segments[p.i], &self.b.segments[p.j]);
        let al = align::align(&sa.text, &sb.text);
        let label = format!("── {} of {n} ", k + 1);
        let fill = self.layout.width.saturating_sub(label.chars().count());
        let mut out = format!("\n{label}{}\n", "─".repeat(fill));
        out.push_str(&self.cite(0, sa));
        out.push_str(&self.cite(1, sb));
        let score = format!(
            "{} {} · {} shared words ({} in A, {} in B)",
            self.measure,
            clausemap::compare::score_text(p.score, 3),
            al.shared_words,
            al.words_a,
            al.words_b,
        );
        out.push_str(&self.wrap(&score, "", "  "));
        out.push('\n');
        out.push_str(&terminal::diff(&al, &sa.text, &sb.text, "", &self.layout));
        out
    }

    /// `A  Treaty of Friendship, Alliance and Mutual Assistance (1950-02-14) — Art. 6 "Title"`,
    /// the citation kept on one line.
    fn cite(&self, k: usize, s: &Segment) -> String {
        let name = self.named(k);
        let citation = s.citation();
        let heading = s.heading.as_ref().map(|h| format!("\"{h}\""));
        let mut parts = vec![Part::Words(&name), Part::Words("—"), Part::Whole(&citation)];
        parts.extend(heading.as_deref().map(Part::Words));
        let lead = if k == 0 { "A  " } else { "B  " };
        terminal::paragraph(&terminal::atoms(&parts), lead, "   ", &self.layout)
    }

    /// The clauses of each side with no pair reaching `min_score`, cited as printed.
    fn unmatched(&self, all: &AllPairs, min_score: f64) -> String {
        let mut out = String::from("\n");
        let why = format!("Unmatched: no pair scoring {min_score} or more with the other treaty.");
        out.push_str(&self.wrap(&why, "", ""));
        for (side, (t, list)) in ["A", "B"]
            .into_iter()
            .zip([self.a, self.b].into_iter().zip(&all.unmatched))
        {
            if list.is_empty() {
                out.push_str(&self.wrap(&format!("Unmatched in {side}: none"), "", ""));
                continue;
            }
            let lead = format!("Unmatched in {side} ({}):", list.len());
            let cited: Vec<String> = list.iter().map(|&k| t.segments[k].citation()).collect();
            let last = cited.len() - 1;
            let listed: Vec<String> = cited
                .iter()
                .enumerate()
                .map(|(n, c)| if n < last { format!("{c},") } else { c.clone() })
                .collect();
            let mut parts = vec![Part::Words(&lead)];
            parts.extend(listed.iter().map(|c| Part::Whole(c)));
            out.push_str(&terminal::paragraph(
                &terminal::atoms(&parts),
                "",
                "  ",
                &self.layout,
            ));
        }
        out
    }
}

/// Rows under a header in columns two spaces apart, numbers (the first and the last two
/// columns) right-aligned, each line led by two spaces.
fn table(header: &[&str; 5], rows: &[[String; 5]]) -> String {
    let width = |c: usize| {
        rows.iter()
            .map(|r| terminal::display_width(&r[c]))
            .chain([terminal::display_width(header[c])])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let line = |cells: [&str; 5]| {
        let mut l = String::from(" ");
        for (c, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(terminal::display_width(cell)));
            if matches!(c, 1 | 2) {
                let _ = write!(l, " {cell}{pad} ");
            } else {
                let _ = write!(l, " {pad}{cell} ");
            }
        }
        format!("{}\n", l.trim_end())
    };
    let mut out = line(*header);
    for r in rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    out
}

/// A passage as shown: A's segment and byte span, B's, aligned words, edit share.
type Shown<'a> = (&'a Segment, [u32; 2], &'a Segment, [u32; 2], u32, f64);

/// The shared passages of the two treaties (`a` = the first file), longest first; with
/// `--article`, those of that clause of A only.
fn passages_text(view: &View, reuse: &clausemap::compare::reuse::Reuse, args: &Args) -> String {
    let (a, b) = (view.a, view.b);
    let mut out = String::from("\n");
    let pair = reuse.pairs.first();
    let share = |doc: usize| pair.map_or(0.0, |p| if p.a == doc { p.share_a } else { p.share_b });
    let head = format!(
        "Shared passages: {} ({:.0} % of A's words, {:.0} % of B's)",
        pair.map_or(0, |p| p.passages),
        (share(0) * 100.0).floor(),
        (share(1) * 100.0).floor()
    );
    out.push_str(&view.wrap(&head, "", "  "));
    let only = args.article.as_deref().and_then(|x| find(a, x).ok());
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
            args.article.is_none() || only.is_some_and(|i| std::ptr::eq(&a.segments[i], *sa))
        })
        .collect();
    list.sort_by_key(|&(.., aligned, _)| std::cmp::Reverse(aligned));
    for (sa, ra, sb, rb, aligned, edits) in list.into_iter().take(args.passages) {
        let text = sb.text.get(rb[0] as usize..rb[1] as usize).unwrap_or("");
        let words: Vec<&str> = text.split_whitespace().collect();
        let quote = if words.len() > 40 {
            format!("{} …", words[..40].join(" "))
        } else {
            words.join(" ")
        };
        let (cite_a, cite_b) = (
            format!("A {}", sa.citation()),
            format!("B {}", sb.citation()),
        );
        let (bytes_a, bytes_b) = (
            format!("[bytes {}-{}]", ra[0], ra[1]),
            format!("[bytes {}-{}]:", rb[0], rb[1]),
        );
        let rest = format!(
            "{aligned} words aligned, {:.0} % edits",
            (edits * 100.0).floor()
        );
        let parts = [
            Part::Whole(&cite_a),
            Part::Whole(&bytes_a),
            Part::Words("~"),
            Part::Whole(&cite_b),
            Part::Whole(&bytes_b),
            Part::Words(&rest),
        ];
        out.push('\n');
        out.push_str(&terminal::paragraph(
            &terminal::atoms(&parts),
            "  ",
            "    ",
            &view.layout,
        ));
        out.push_str(&terminal::wrap(
            &quote,
            Style::Dim,
            "  ",
            "  ",
            &view.layout,
        ));
    }
    out
}
