//! Word alignment of two clauses with `similar` (Myers' diff over normalised words): which
//! passages they share, which words only the first has (deleted) and which only the second
//! has (inserted).
//!
//! Pieces carry byte ranges into the original texts. The `a` ranges of the `equal` and
//! `delete` pieces cover the first text end to end, in order, and the `b` ranges of the `equal`
//! and `insert` pieces the second, so a renderer can print either text, or the diff, without
//! losing a character.

use crate::model::TextRange;
use crate::tokenize::{self, Word};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of words: shared (`a` and `b`), only in the first (`a`) or only in the second (`b`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub op: Op,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<TextRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<TextRange>,
    pub words: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// Words in shared runs.
    pub shared_words: usize,
    pub words_a: usize,
    pub words_b: usize,
    pub pieces: Vec<Piece>,
}

/// Where run `from..to` of `words` stands in `text`: from its first word (or the text's start,
/// for the first run) to the next run's first word (or the text's end).
fn range(words: &[Word], text: &str, from: usize, to: usize) -> TextRange {
    let start = if from == 0 { 0 } else { words[from].start };
    let end = if to >= words.len() {
        text.len()
    } else {
        words[to].start
    };
    TextRange { start, end }
}

/// Above this bound on Myers' work ((N + M) x |N - M|, the least edit distance), the longer
/// text is cut to the window that shares most words with the shorter before aligning: a clause
/// against a 500,000-word volume read without articles would otherwise take minutes.
const MAX_DIFF_WORK: usize = 200_000_000;

/// Two texts both longer than this (in words) are shown as replaced, not aligned: Myers' time
/// grows with length times edit distance, and two 500,000-word volumes read without articles
/// would take hours. A treaty article is rarely over 5,000 words.
const MAX_ALIGNED_WORDS: usize = 20_000;

/// The word-level diff of `na` and `nb` (Myers), on a window of the longer side when the
/// two differ too much in length ([`MAX_DIFF_WORK`]); deterministic either way.
fn diff_ops(na: &[&str], nb: &[&str]) -> Vec<DiffOp> {
    let (n, m) = (na.len(), nb.len());
    if n.min(m) > MAX_ALIGNED_WORDS {
        // Two whole volumes (documents read without articles): not aligned word by word.
        return vec![DiffOp::Replace {
            old_index: 0,
            old_len: n,
            new_index: 0,
            new_len: m,
        }];
    }
    if (n + m).saturating_mul(n.abs_diff(m)) <= MAX_DIFF_WORK {
        return capture_diff_slices(Algorithm::Myers, na, nb);
    }
    let swap = n > m;
    let (short, long) = if swap { (nb, na) } else { (na, nb) };
    let vocab: std::collections::HashSet<&str> = short.iter().copied().collect();
    let width = (short.len() * 2).max(1).min(long.len());
    let step = (short.len() / 2).max(1);
    let (mut best, mut best_hits) = (0usize, 0usize);
    let mut start = 0;
    loop {
        let end = (start + width).min(long.len());
        let hits = long[start..end]
            .iter()
            .filter(|w| vocab.contains(*w))
            .count();
        if hits > best_hits {
            (best, best_hits) = (start, hits);
        }
        if end == long.len() {
            break;
        }
        start += step;
    }
    let end = (best + width).min(long.len());
    let inner = if swap {
        capture_diff_slices(Algorithm::Myers, &long[best..end], short)
    } else {
        capture_diff_slices(Algorithm::Myers, short, &long[best..end])
    };
    // The window's ops, moved to the long side's place, between the words left out before
    // and after it.
    let shift = |op: DiffOp| -> DiffOp {
        let (o, w) = if swap { (best, 0) } else { (0, best) };
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffOp::Equal {
                old_index: old_index + o,
                new_index: new_index + w,
                len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffOp::Delete {
                old_index: old_index + o,
                old_len,
                new_index: new_index + w,
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffOp::Insert {
                old_index: old_index + o,
                new_index: new_index + w,
                new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffOp::Replace {
                old_index: old_index + o,
                old_len,
                new_index: new_index + w,
                new_len,
            },
        }
    };
    let outside = |from: usize, len: usize, at_short: usize| -> DiffOp {
        if swap {
            DiffOp::Delete {
                old_index: from,
                old_len: len,
                new_index: at_short,
            }
        } else {
            DiffOp::Insert {
                old_index: at_short,
                new_index: from,
                new_len: len,
            }
        }
    };
    let mut ops = Vec::with_capacity(inner.len() + 2);
    if best > 0 {
        ops.push(outside(0, best, 0));
    }
    ops.extend(inner.into_iter().map(shift));
    if end < long.len() {
        ops.push(outside(end, long.len() - end, short.len()));
    }
    ops
}

/// Aligns `a` with `b` word by word.
pub fn align(a: &str, b: &str) -> Alignment {
    let wa = tokenize::words(a, true);
    let wb = tokenize::words(b, true);
    let na: Vec<&str> = wa.iter().map(|w| w.norm.as_str()).collect();
    let nb: Vec<&str> = wb.iter().map(|w| w.norm.as_str()).collect();
    let ops = diff_ops(&na, &nb);
    let mut pieces = Vec::new();
    let mut shared = 0;
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                shared += len;
                // Words that match once normalised but are printed differently ("The" and
                // "the", "security." and "security") are shown as changed, so that either
                // text can be read back exactly from the pieces.
                let same = |k: usize| {
                    let x = range(&wa, a, old_index + k, old_index + k + 1);
                    let y = range(&wb, b, new_index + k, new_index + k + 1);
                    a[x.start..x.end]
                        .split_whitespace()
                        .eq(b[y.start..y.end].split_whitespace())
                };
                let mut k = 0;
                while k < len {
                    let s = same(k);
                    let mut e = k + 1;
                    while e < len && same(e) == s {
                        e += 1;
                    }
                    let (i, j) = (old_index + k, new_index + k);
                    if s {
                        pieces.push(Piece {
                            op: Op::Equal,
                            a: Some(range(&wa, a, i, i + e - k)),
                            b: Some(range(&wb, b, j, j + e - k)),
                            words: e - k,
                        });
                    } else {
                        pieces.push(delete(&wa, a, i, e - k));
                        pieces.push(insert(&wb, b, j, e - k));
                    }
                    k = e;
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => pieces.push(delete(&wa, a, old_index, old_len)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => pieces.push(insert(&wb, b, new_index, new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                pieces.push(delete(&wa, a, old_index, old_len));
                pieces.push(insert(&wb, b, new_index, new_len));
            }
        }
    }
    // Texts without words (or with words on one side only) still cover their text.
    if wa.is_empty() && !a.is_empty() {
        pieces.push(Piece {
            op: Op::Delete,
            a: Some(TextRange {
                start: 0,
                end: a.len(),
            }),
            b: None,
            words: 0,
        });
    }
    if wb.is_empty() && !b.is_empty() {
        pieces.push(Piece {
            op: Op::Insert,
            a: None,
            b: Some(TextRange {
                start: 0,
                end: b.len(),
            }),
            words: 0,
        });
    }
    Alignment {
        shared_words: shared,
        words_a: wa.len(),
        words_b: wb.len(),
        pieces: coalesce(pieces),
    }
}

/// Merges each run of changed pieces into one deletion and one insertion ("[-thirty years.-]
/// {+ten years,+}" rather than four pieces): the ranges of a run are contiguous on each side.
fn coalesce(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut del: Option<Piece> = None;
    let mut ins: Option<Piece> = None;
    let merge = |into: &mut Option<Piece>, p: Piece| match into {
        Some(q) => {
            let (x, y) = match p.op {
                Op::Delete => (&mut q.a, p.a),
                _ => (&mut q.b, p.b),
            };
            if let (Some(x), Some(y)) = (x.as_mut(), y) {
                x.start = x.start.min(y.start);
                x.end = x.end.max(y.end);
            }
            q.words += p.words;
        }
        None => *into = Some(p),
    };
    for p in pieces {
        match p.op {
            Op::Delete => merge(&mut del, p),
            Op::Insert => merge(&mut ins, p),
            Op::Equal => {
                out.extend(del.take());
                out.extend(ins.take());
                out.push(p);
            }
        }
    }
    out.extend(del);
    out.extend(ins);
    out
}

fn delete(words: &[Word], text: &str, from: usize, len: usize) -> Piece {
    Piece {
        op: Op::Delete,
        a: Some(range(words, text, from, from + len)),
        b: None,
        words: len,
    }
}

fn insert(words: &[Word], text: &str, from: usize, len: usize) -> Piece {
    Piece {
        op: Op::Insert,
        a: None,
        b: Some(range(words, text, from, from + len)),
        words: len,
    }
}

/// The diff as one line of text in wdiff's notation: shared words as in `a`, `[-deleted-]`,
/// `{+inserted+}`. White space is folded.
pub fn wdiff(al: &Alignment, a: &str, b: &str) -> String {
    render(al, a, b, |op, s| match op {
        Op::Equal => s.to_string(),
        Op::Delete => format!("[-{s}-]"),
        Op::Insert => format!("{{+{s}+}}"),
    })
}

/// The diff with each piece passed through `style(op, folded text)`; white space between
/// pieces is kept outside the styled text.
pub fn render(al: &Alignment, a: &str, b: &str, style: impl Fn(Op, &str) -> String) -> String {
    let mut out = String::new();
    for p in &al.pieces {
        let r = match p.op {
            Op::Equal | Op::Delete => p.a,
            Op::Insert => p.b,
        };
        let Some(r) = r else { continue };
        let text = if p.op == Op::Insert { b } else { a };
        let folded = crate::text::fold_ws(&text[r.start..r.end]);
        let body = folded.trim_end();
        if body.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(&style(p.op, body));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "This Treaty shall remain in force for thirty years.\n\nIt may be renewed.";
    const B: &str = "This Treaty shall remain in force for ten years. It may be renewed!";

    #[test]
    fn pieces_cover_both_texts_and_mark_the_change() {
        let al = align(A, B);
        assert_eq!(al.shared_words, 12);
        assert_eq!((al.words_a, al.words_b), (13, 13));
        let cat = |pick: fn(&Piece) -> Option<TextRange>, t: &str| -> String {
            al.pieces
                .iter()
                .filter_map(pick)
                .map(|r| &t[r.start..r.end])
                .collect()
        };
        assert_eq!(cat(|p| p.a, A), A);
        assert_eq!(cat(|p| p.b, B), B);
        // "renewed." and "renewed!" match as words but are printed differently: the diff
        // shows both, so it never misquotes the second text.
        assert_eq!(
            wdiff(&al, A, B),
            "This Treaty shall remain in force for [-thirty-] {+ten+} years. It may be \
             [-renewed.-] {+renewed!+}"
        );
    }

    #[test]
    fn the_diff_reads_back_as_either_text() {
        let a = "The two Contracting Parties shall consult together on all questions.";
        let b = "the Parties will consult together, on ALL questions";
        let al = align(a, b);
        let only = |keep: Op| {
            render(&al, a, b, |op, s| {
                if op == Op::Equal || op == keep {
                    s.to_string()
                } else {
                    String::new()
                }
            })
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
        };
        assert_eq!(only(Op::Delete), a);
        assert_eq!(only(Op::Insert), b);
    }

    #[test]
    fn empty_and_wordless_texts() {
        let al = align("", "Done.");
        assert_eq!(al.shared_words, 0);
        assert_eq!(wdiff(&al, "", "Done."), "{+Done.+}");
        let al = align("—", "");
        assert_eq!(wdiff(&al, "—", ""), "[-—-]");
    }

    #[test]
    fn a_clause_against_a_huge_text_is_aligned_in_its_window() {
        let clause = "The Parties shall settle any dispute by negotiation and consultation.";
        let filler = "Memorandum of conversation about other matters entirely. ".repeat(20_000);
        let big = format!("{filler} {clause} {filler}");
        let al = align(clause, &big);
        assert_eq!(al.shared_words, 10);
        assert_eq!(al.words_b, 280_010);
        let back = align(&big, clause);
        assert_eq!(back.shared_words, 10);
        let two = align(&big, &big);
        assert_eq!((two.shared_words, two.words_a), (0, 280_010));
        // The pieces still cover both texts in order.
        let covered: usize = al
            .pieces
            .iter()
            .filter_map(|p| p.b)
            .map(|r| r.end - r.start)
            .sum();
        assert_eq!(covered, big.len());
    }
}
