//! Reader for flattened texts: a treaty as one long line with inline article markers
//! (`... ARTICLE I There shall be ... ARTICLE II ...`), either bare (main text, appendix, annex
//! as three lines) or labelled `MainText:` / `AppendixText:` / `AnnexText:` with `NA` for an
//! empty part. Only the main text is segmented; a non-empty appendix or annex is reported.
//!
//! Inline markers are found where `ARTICLE`/`Article` stands at a sentence start (or in
//! capitals anywhere) and the numbers run in sequence from 1, which rules out cross-references
//! such as "as provided for in Article 7 of the present Agreement".
//! Cost: linear in the text.

use super::{Block, BlockKind, Fields, Read};
use crate::model::{Warning, WarningKind};
use crate::segment::heading::parse_marker_with;
use crate::text::{fold_ws, is_upper, LineIndex};
use regex::Regex;
use std::sync::LazyLock;

static CANDIDATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:ARTICLE|Article|ART\.|Art\.)\s").expect("candidate regex"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(MainText|AppendixText|AnnexText):[ \t]*").expect("label regex")
});

/// A byte range of the file, and (for skipped parts) what it is.
type Range = (usize, usize);
type Skipped = Vec<(usize, usize, String)>;

/// A main-text stretch of the file and the parts skipped.
fn main_text(text: &str) -> (Range, Skipped) {
    let labels: Vec<_> = LABEL.captures_iter(text).collect();
    let mut skipped = Vec::new();
    if labels.is_empty() {
        // Bare form: first non-empty line is the main text, the others appendix and annex.
        let mut offset = 0;
        let mut main = None;
        for line in text.split_inclusive('\n') {
            let (s, e) = (offset, offset + line.trim_end().len());
            offset += line.len();
            if line.trim().is_empty() {
                continue;
            }
            if main.is_none() {
                main = Some((s, e));
            } else if line.trim() != "NA" {
                skipped.push((s, e, "appendix or annex".to_string()));
            }
        }
        return (main.unwrap_or((0, text.len())), skipped);
    }
    let mut main = (0, 0);
    for (i, c) in labels.iter().enumerate() {
        let whole = c.get(0).expect("match");
        let end = labels
            .get(i + 1)
            .map_or(text.len(), |n| n.get(0).expect("match").start());
        let body = &text[whole.end()..end];
        if &c[1] == "MainText" {
            main = (whole.end(), end);
        } else if !body.trim().is_empty() && body.trim() != "NA" {
            skipped.push((whole.end(), end, c[1].replace("Text", "").to_lowercase()));
        }
    }
    (main, skipped)
}

/// An accepted inline marker: where it starts, where its text starts, its number, its heading.
struct Found {
    start: usize,
    body: usize,
    number: String,
    roman: bool,
}

fn leading_int(n: &str) -> Option<u32> {
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Inline markers in `text[range]`, in sequence.
fn markers(text: &str, range: (usize, usize)) -> Vec<Found> {
    let hay = &text[range.0..range.1];
    let mut cands = Vec::new();
    for m in CANDIDATE.find_iter(hay) {
        let at = m.start();
        let before = hay[..at].trim_end();
        let sentence_start = before.is_empty()
            || before.ends_with(['.', ':', ';', '!', '?', ')', '"', '\u{201d}'])
            || hay[at..].starts_with("ARTICLE")
            || hay[at..].starts_with("ART.");
        // A bounded window keeps this linear on hostile input.
        let mut end = (at + 160).min(hay.len());
        while !hay.is_char_boundary(end) {
            end -= 1;
        }
        let Some(mk) = parse_marker_with(&hay[at..end], true) else {
            continue;
        };
        // Mid-sentence, "Article 2 Financial contribution" (a heading follows) is a marker;
        // "Article 2, the ..." or "Article 2 (a)" is a reference.
        let heading_follows = mk.rest.chars().next().is_some_and(char::is_alphabetic);
        if mk.foreign || !(sentence_start || heading_follows) {
            continue;
        }
        let body = at + hay[at..end].trim_end().len() - mk.rest.len();
        cands.push(Found {
            start: range.0 + at,
            body: range.0 + body,
            number: mk.number,
            roman: mk.roman,
        });
    }
    // Keep the markers whose numbers run 1, 2, 3, ... (with `2bis`, `3.1` after their base).
    // One marker lost in the source ("ARTICLE 15" missing) is stepped over when the next two
    // candidates run on from it (16, 17): its text stays in the previous article.
    let whole_of = |c: &Found| leading_int(&c.number).filter(|n| n.to_string() == c.number);
    let mut out: Vec<Found> = Vec::new();
    let mut expected = 1;
    let mut cands = cands.into_iter().peekable();
    while let Some(c) = cands.next() {
        // A marker never starts inside the previous one.
        if out.last().is_some_and(|l| c.start < l.body) {
            continue;
        }
        let n = leading_int(&c.number);
        let whole = whole_of(&c);
        if whole == Some(expected) {
            expected += 1;
            out.push(c);
        } else if whole.is_none() && n.is_some_and(|n| n + 1 == expected) && !out.is_empty() {
            out.push(c);
        } else if whole == Some(expected + 1) && !out.is_empty() {
            let next = cands.peek().and_then(whole_of);
            if next == Some(expected + 2) {
                expected += 2;
                out.push(c);
            }
        }
    }
    out
}

/// Reads a flattened text.
pub fn read(text: &str, idx: &LineIndex) -> Read {
    let (main, skipped) = main_text(text);
    let mut warnings: Vec<Warning> = skipped
        .into_iter()
        .map(|(s, e, what)| Warning {
            kind: WarningKind::SkippedAnnex,
            message: format!("{what} not segmented ({} bytes)", e - s),
            span: Some(idx.span(s, e)),
        })
        .collect();
    let found = markers(text, main);
    let mut blocks = Vec::new();
    let para = |blocks: &mut Vec<Block>, s: usize, e: usize| {
        let t = fold_ws(&text[s..e]);
        if !t.is_empty() {
            blocks.push(Block {
                kind: BlockKind::Para,
                text: t,
                span: idx.span(s, e),
            });
        }
    };
    let first = found.first().map_or(main.1, |f| f.start);
    // Before the first marker: title (a sentence in capitals), dateline, preamble.
    let mut pos = main.0;
    let head = &text[main.0..first];
    if let Some(dot) = head.find(". ") {
        let candidate = &head[..dot];
        if is_upper(candidate) && candidate.split_whitespace().count() >= 3 {
            blocks.push(Block {
                kind: BlockKind::Title,
                text: fold_ws(candidate),
                span: idx.span(main.0, main.0 + dot),
            });
            pos = main.0 + dot + 1;
            let after = text[pos..first].trim_start();
            let lead = text[pos..first].len() - after.len();
            if after.to_lowercase().starts_with("signed at") {
                if let Some(dot2) = after.find(". ") {
                    blocks.push(Block {
                        kind: BlockKind::Dateline,
                        text: fold_ws(&after[..dot2]),
                        span: idx.span(pos + lead, pos + lead + dot2),
                    });
                    pos += lead + dot2 + 1;
                }
            }
        }
    }
    para(&mut blocks, pos, first);
    for (i, f) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(main.1, |n| n.start).max(f.body);
        blocks.push(Block {
            kind: BlockKind::Marker {
                number: f.number.clone(),
                roman: f.roman,
            },
            text: String::new(),
            span: idx.span(f.start, f.body),
        });
        para(&mut blocks, f.body, end);
    }
    if found.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::NoArticles,
            message: "no inline article markers found in the main text".into(),
            span: None,
        });
    }
    Read {
        blocks,
        fields: Fields::default(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markers_in_sequence_and_cross_references_skipped() {
        let text = "MainText:\nAGREEMENT ON LOCUSTS. SIGNED AT KABUL, MAY 6TH, 1935. The Parties agree: ARTICLE 1. The Parties shall act. ARTICLE 2. Measures under Article 1 shall be taken as in ARTICLE 5 of the Convention. ARTICLE 3.- Final provisions apply.\n\nAppendixText:\nNA\n\nAnnexText:\nNA\n";
        let idx = LineIndex::new(text);
        let read = read(text, &idx);
        let markers: Vec<_> = read
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Marker { number, .. } => Some(number.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["1", "2", "3"]);
        assert_eq!(read.blocks[0].kind, BlockKind::Title);
        assert_eq!(read.blocks[0].text, "AGREEMENT ON LOCUSTS");
        assert_eq!(read.blocks[1].kind, BlockKind::Dateline);
        let last = read.blocks.last().unwrap();
        assert_eq!(last.text, "Final provisions apply.");
        assert!(read.warnings.is_empty());
    }

    /// The article numbers read from a flattened text.
    fn numbers(text: &str) -> Vec<String> {
        read(text, &LineIndex::new(text))
            .blocks
            .into_iter()
            .filter_map(|b| match b.kind {
                BlockKind::Marker { number, .. } => Some(number),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn one_lost_marker_is_stepped_over_when_the_sequence_runs_on() {
        // As in the Panama-Honduras treaty of 1973, whose "ARTICLE 15" marker is missing.
        // 3 is missing and 14 does not run on: no jump.
        let text = "Treaty. ARTICLE 1 One. ARTICLE 2 Two. ARTICLE 14 Not yet. The concessions granted. ARTICLE 16 Sixteen. ARTICLE 17 Seventeen. ARTICLE 19 As in Article 20 below.\n";
        assert_eq!(numbers(text), ["1", "2"]);
        // 4 lost between 3 and 5 is stepped over where 5 and 6 follow; 7 is not (8 alone).
        let text = "Treaty. ARTICLE 1 One. ARTICLE 2 Two. ARTICLE 3 Text of three, then the text of four whose marker is lost. ARTICLE 5 Five. ARTICLE 6 Six. ARTICLE 8 Eight.\n";
        assert_eq!(numbers(text), ["1", "2", "3", "5", "6"]);
    }

    #[test]
    fn annex_text_is_reported_not_segmented() {
        let text = "Main treaty text ARTICLE I There shall be peace.\nNA\nANNEX ARTICLE 1 Something else.\n";
        let idx = LineIndex::new(text);
        let read = read(text, &idx);
        assert_eq!(read.warnings.len(), 1);
        assert_eq!(read.warnings[0].kind, WarningKind::SkippedAnnex);
        assert_eq!(
            read.blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Marker { .. }))
                .count(),
            1
        );
    }
}
