//! Issue 17, point 3: `clausemap compare` in a terminal. On the shipped treaties: text wrapped
//! to --width at word boundaries with paragraphs kept and nothing lost, colour with a second
//! signal that each line closes, the summary table and the unmatched lists agreeing with the
//! pairs, `--article preamble|closing`, and no colour when piped.

use crate::util::{fold, root};
use clausemap::model::Treaty;
use clausemap::pipeline;
use clausemap::report::terminal::{display_width, strip_ansi};
use std::process::Command;

const A1950: &str = "corpus/000_79ce68988e783b83.txt";
const B1925: &str = "corpus/001_cfacc6748c233638.txt";
const B1960: &str = "corpus/002_d9c2b8e70902db1e.txt";

/// `clausemap compare ARGS` with `env` set and the caller's `COLUMNS` and `NO_COLOR` removed;
/// stdout, after checking it succeeded.
fn compare_env(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clausemap"));
    cmd.arg("compare")
        .args(args)
        .current_dir(root())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("clausemap runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

fn compare(args: &[&str]) -> String {
    compare_env(args, &[])
}

fn treaty(path: &str) -> Treaty {
    pipeline::analyze_file_with(&root().join(path), &pipeline::Options::default()).unwrap()
}

/// A row of the summary table: A's clause, B's, score, shared words.
#[derive(Debug, PartialEq)]
struct Row {
    a: String,
    b: String,
    score: String,
    shared: String,
}

/// The rows of the summary table (before the first pair).
fn table(out: &str) -> Vec<Row> {
    let head = out.split("\n── ").next().unwrap();
    let lines: Vec<&str> = head.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("#  A"))
        .expect("a table header");
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.trim().split("  ").filter(|c| !c.is_empty()).collect();
            assert_eq!(cells.len(), 5, "{l}");
            Row {
                a: cells[1].trim().into(),
                b: cells[2].trim().into(),
                score: cells[3].trim().into(),
                shared: cells[4].trim().into(),
            }
        })
        .collect()
}

/// One pair as detailed: its header (A's and B's lines and the score line, folded) and the
/// paragraphs of its diff as printed.
struct Detail {
    header: String,
    paragraphs: Vec<String>,
}

fn details(out: &str) -> Vec<Detail> {
    out.split("\n── ")
        .skip(1)
        .map(|block| {
            let block = block.split("\nUnmatched:").next().unwrap();
            let block = block.split("\nShared passages:").next().unwrap();
            let (header, diff) = block.split_once("\n\n").expect("header, blank line, diff");
            // The rule's line is not part of the header.
            let header = header.split_once('\n').unwrap().1;
            Detail {
                header: fold(header),
                paragraphs: diff
                    .split("\n\n")
                    .map(|p| p.trim_end_matches('\n').to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
            }
        })
        .collect()
}

/// Side A (`keep` = "[-") or B (`keep` = "{+") of a wdiff paragraph: the other side's runs
/// dropped, markers removed.
fn side(diff: &str, keep: &str) -> String {
    let (drop_open, drop_close) = if keep == "[-" {
        ("{+", "+}")
    } else {
        ("[-", "-]")
    };
    let mut s = String::new();
    let mut rest = diff;
    while let Some(i) = rest.find(drop_open) {
        s.push_str(&rest[..i]);
        let j = rest[i..]
            .find(drop_close)
            .expect("a run is closed in its paragraph");
        rest = &rest[i + j + 2..];
    }
    s.push_str(rest);
    s.replace("[-", "")
        .replace("-]", "")
        .replace("{+", "")
        .replace("+}", "")
}

fn segment<'t>(t: &'t Treaty, citation: &str) -> &'t clausemap::Segment {
    let found: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.citation() == citation)
        .collect();
    assert_eq!(found.len(), 1, "{citation}");
    found[0]
}

/// Where the paragraphs of `paras` end, counted in words.
fn ends(paras: impl Iterator<Item = String>) -> std::collections::BTreeSet<usize> {
    let mut n = 0;
    paras
        .map(|p| {
            n += p.split_whitespace().count();
            n
        })
        .collect()
}

/// Every line of `out` at most `width` columns once escape codes are left out.
fn fits(out: &str, width: usize) {
    for line in out.lines() {
        assert!(
            display_width(line) <= width,
            "{} > {width}: {line:?}",
            display_width(line)
        );
    }
}

#[test]
fn plain_output_wraps_at_words_and_reads_back_as_both_texts() {
    for (fa, fb) in [(A1950, B1960), (A1950, B1925), (B1925, B1960)] {
        let out = compare(&[fa, fb, "--width", "60", "--color", "never", "--top", "20"]);
        assert!(!out.contains('\x1b'));
        fits(&out, 60);
        let (ta, tb) = (treaty(fa), treaty(fb));
        let rows = table(&out);
        let shown = details(&out);
        assert_eq!(rows.len(), shown.len(), "{out}");
        assert!(rows.len() >= 5, "{out}");
        let mut several = 0;
        for (row, d) in rows.iter().zip(&shown) {
            let (sa, sb) = (segment(&ta, &row.a), segment(&tb, &row.b));
            // Every word of each clause, in order, and nothing else: no word cut, none lost.
            for (s, keep) in [(sa, "[-"), (sb, "{+")] {
                let got: Vec<String> = d.paragraphs.iter().map(|p| side(p, keep)).collect();
                assert_eq!(fold(&got.join(" ")), fold(&s.text), "{}", row.a);
                // Each paragraph of the clause ends where a paragraph of the diff ends.
                let want = ends(s.paragraph_texts().map(str::to_string));
                let have = ends(got.into_iter());
                assert!(want.is_subset(&have), "{want:?} {have:?}\n{out}");
            }
            several += usize::from(sa.paragraphs.len() > 1);
        }
        assert!(
            several > 0,
            "no clause of several paragraphs shown: {fa} {fb}"
        );
    }
}

#[test]
fn colour_output_marks_twice_fits_and_closes_each_line() {
    let args = [A1950, B1960, "--width", "60"];
    let colour = compare(&[&args[..], &["--color", "always"]].concat());
    let plain = compare(&[&args[..], &["--color", "never"]].concat());
    // Deletions red and struck through, insertions green and underlined.
    assert!(colour.contains("\x1b[31;9m") && colour.contains("\x1b[32;4m"));
    fits(&colour, 60);
    let mut reopened = 0;
    let lines: Vec<&str> = colour.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        if let Some(i) = line.rfind('\x1b') {
            assert!(line[i..].starts_with("\x1b[0m"), "not reset: {line:?}");
        }
        if k > 0 && (line.starts_with("\x1b[31;9m") || line.starts_with("\x1b[32;4m")) {
            reopened += usize::from(lines[k - 1].ends_with("\x1b[0m"));
        }
    }
    assert!(reopened > 0, "a run wrapped over lines is opened again");
    // The same words as without colour, where the markers were.
    let unmarked = plain
        .replace("[-", "")
        .replace("-]", "")
        .replace("{+", "")
        .replace("+}", "");
    assert_eq!(fold(&strip_ansi(&colour)), fold(&unmarked));
}

#[test]
fn summary_table_lists_the_pairs_in_the_order_detailed() {
    let out = compare(&[A1950, B1960, "--color", "never"]);
    let rows = table(&out);
    let shown = details(&out);
    assert_eq!(rows.len(), shown.len());
    assert!(
        fold(&out).contains(&format!("{} shown of ", rows.len())),
        "{out}"
    );
    for (row, d) in rows.iter().zip(&shown) {
        assert!(
            d.header.starts_with(&format!(
                "A Treaty of Friendship, Alliance and Mutual Assistance (1950-02-14) — {} ",
                row.a
            )),
            "{}",
            d.header
        );
        assert!(
            d.header.contains(&format!(
                "B Treaty of Mutual Cooperation and Security (1960-01-19) — {} ",
                row.b
            )),
            "{}",
            d.header
        );
        assert!(
            d.header.contains(&format!(
                "jaccard {} · {} shared words",
                row.score, row.shared
            )),
            "{}",
            d.header
        );
    }
    // Checked by hand: the duration articles first, then consultation.
    assert_eq!(
        (rows[0].a.as_str(), rows[0].b.as_str()),
        ("Art. 6", "Art. X")
    );
    assert_eq!(rows[0].score, "0.159");
    assert_eq!(
        (rows[1].a.as_str(), rows[1].b.as_str()),
        ("Art. 4", "Art. IV")
    );
    let scores: Vec<f64> = rows.iter().map(|r| r.score.parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

/// The cited clauses after `Unmatched in SIDE (n): ` (folded), or none.
fn unmatched(out: &str, side: &str) -> Vec<String> {
    let flat = fold(out);
    if flat.contains(&format!("Unmatched in {side}: none")) {
        return Vec::new();
    }
    let start = flat
        .find(&format!("Unmatched in {side} ("))
        .unwrap_or_else(|| panic!("no unmatched list for {side}: {out}"));
    let rest = &flat[start..];
    let (count, rest) = rest.split_once("): ").unwrap();
    let n: usize = count.rsplit('(').next().unwrap().parse().unwrap();
    let list = rest.split(" Unmatched in ").next().unwrap();
    let list = list.split(" Shared passages:").next().unwrap();
    let cited: Vec<String> = list.split(", ").map(str::to_string).collect();
    assert_eq!(cited.len(), n, "{list}");
    cited
}

/// The best score `compare --article` finds for A's clause `citation`.
fn best_score(fa: &str, fb: &str, citation: &str) -> f64 {
    let number = citation
        .strip_prefix("Art. ")
        .unwrap_or(citation)
        .to_lowercase();
    let out = compare(&[fa, fb, "--article", &number, "--color", "never"]);
    table(&out)[0].score.parse().unwrap()
}

#[test]
fn unmatched_clauses_have_no_pair_reaching_the_min_score() {
    let args = [A1950, B1925, "--min-score", "0.1", "--color", "never"];
    let out = compare(&args);
    let rows = table(&out);
    let (ua, ub) = (unmatched(&out, "A"), unmatched(&out, "B"));
    // Checked by hand.
    assert_eq!(ua, ["Art. 2"]);
    assert_eq!(ub, ["Art. II"]);
    for c in &ua {
        assert!(rows.iter().all(|r| &r.a != c), "{c} is in a pair");
        assert!(best_score(A1950, B1925, c) < 0.1, "{c}");
    }
    for c in &ub {
        assert!(rows.iter().all(|r| &r.b != c), "{c} is in a pair");
        assert!(best_score(B1925, A1950, c) < 0.1, "{c}");
    }
    // A clause left out of the pairs because its match was taken is not unmatched.
    let ta = treaty(A1950);
    let taken: Vec<String> = ta
        .segments
        .iter()
        .map(|s| s.citation())
        .filter(|c| !ua.contains(c) && rows.iter().all(|r| &r.a != c))
        .collect();
    assert!(!taken.is_empty());
    for c in &taken {
        assert!(best_score(A1950, B1925, c) >= 0.1, "{c}");
    }
    // At the default threshold every clause of the 1950 and 1960 treaties has a pair.
    let out = compare(&[A1950, B1960]);
    assert!(
        out.contains("Unmatched in A: none\nUnmatched in B: none\n"),
        "{out}"
    );
}

#[test]
fn article_selects_the_preamble_and_the_closing_clause() {
    let out = compare(&[A1950, B1960, "--article", "preamble", "--color", "never"]);
    let rows = table(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].a.as_str(), rows[0].b.as_str()),
        ("Preamble", "Preamble")
    );
    assert!(fold(&out).contains(
        "A Treaty of Friendship, Alliance and Mutual Assistance (1950-02-14) — Preamble"
    ));
    assert!(
        !out.contains("Unmatched in"),
        "no unmatched lists for one clause"
    );
    let out = compare(&[A1950, B1960, "--article", "Closing", "--with", "preamble"]);
    let rows = table(&out);
    assert_eq!(
        (rows[0].a.as_str(), rows[0].b.as_str()),
        ("Closing", "Preamble")
    );
    assert!(
        fold(&out).contains("[-Done at Moscow, on 14 February 1950,-]"),
        "{out}"
    );
    let out = compare(&[A1950, B1960, "--article", "closing"]);
    assert_eq!(table(&out)[0].b, "Closing");
    // Roman numbers as printed or in Arabic.
    let out = compare(&[B1960, A1950, "--article", "x", "--with", "6"]);
    assert_eq!(table(&out)[0].a, "Art. X");
}

#[test]
fn unknown_clauses_are_refused_with_what_the_treaty_has() {
    for (args, want) in [
        (
            [A1950, B1960, "--article", "6", "--with", "99"],
            "corpus/002_d9c2b8e70902db1e.txt has no article 99 (it has: preamble, I, II, III, \
             IV, V, VI, VII, VIII, IX, X, closing)",
        ),
        (
            [B1925, B1960, "--article", "preamble", "--with", "I"],
            "corpus/001_cfacc6748c233638.txt has no preamble (it has: I, II, III, IV, V, VI, VII)",
        ),
    ] {
        let o = crate::util::clausemap(&[&["compare"][..], &args].concat());
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = crate::util::clausemap(&["compare", A1950, B1960, "--width", "5"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn auto_colour_and_width_follow_the_output_and_the_environment() {
    // Piped: no colour, whatever NO_COLOR says; 80 columns, or COLUMNS.
    let out = compare(&[A1950, B1960]);
    assert!(!out.contains('\x1b'));
    fits(&out, 80);
    assert!(out.lines().any(|l| display_width(l) > 70), "uses the width");
    let out = compare_env(&[A1950, B1960, "--color", "auto"], &[("COLUMNS", "50")]);
    assert!(!out.contains('\x1b'));
    fits(&out, 50);
    let out = compare_env(&[A1950, B1960, "--width", "100"], &[("COLUMNS", "50")]);
    assert!(out.lines().any(|l| display_width(l) > 50), "--width wins");
    // always: colour even piped and with NO_COLOR set.
    let out = compare_env(&[A1950, B1960, "--color", "always"], &[("NO_COLOR", "1")]);
    assert!(out.contains("\x1b[31;9m"));
    // The output does not depend on the run.
    assert_eq!(compare(&[A1950, B1960]), compare(&[A1950, B1960]));
}
