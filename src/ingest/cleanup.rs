//! Cleanup of read blocks: text broken by page breaks is joined, and passages repeated by a
//! copying error are dropped with a `duplicate_passage` warning.
//!
//! A repeated passage is a run of at least two consecutive blocks, holding an article marker
//! and at least 200 characters, that equals (white space and case folded) an earlier run of the
//! same file. Requiring a marker keeps legitimately repeated sentences (a reply note quoting
//! the first note) in place: a copy error repeats article headings that were already printed.
//! Cost: linear in the blocks, times the length of a repeated run (capped).

use super::{Block, BlockKind};
use crate::model::{Warning, WarningKind};
use crate::text::LineIndex;
use std::collections::HashMap;

/// Longest run compared when looking for a repeat, in blocks.
const MAX_RUN: usize = 2000;
const MIN_CHARS: usize = 200;

/// Cleans the blocks of a text format. `structured` sources (XML) state their structure, so
/// repeated articles there are the treaty's own (identical articles in two protocols), not
/// copying errors, and are kept.
pub fn run(
    blocks: Vec<Block>,
    structured: bool,
    idx: &LineIndex,
    warnings: &mut Vec<Warning>,
) -> Vec<Block> {
    let blocks = join_page_breaks(blocks, idx);
    if structured {
        return blocks;
    }
    drop_repeats(blocks, idx, warnings)
}

/// Joins a paragraph that stops mid-sentence with the next one when that starts in lower case
/// (the remnant of a page break in the source).
fn join_page_breaks(blocks: Vec<Block>, idx: &LineIndex) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let Some(prev) = out.last_mut() {
            let joinable = prev.kind == b.kind
                && matches!(
                    b.kind,
                    BlockKind::Para | BlockKind::PreamblePara | BlockKind::ClosingPara
                )
                && !prev
                    .text
                    .ends_with(['.', ';', ':', '!', '?', ')', '"', '\u{201d}', '\''])
                && b.text.chars().next().is_some_and(char::is_lowercase);
            if joinable {
                if prev.text.ends_with('-') {
                    prev.text.push_str(&b.text);
                } else {
                    prev.text.push(' ');
                    prev.text.push_str(&b.text);
                }
                prev.span = idx.span(prev.span.start, b.span.end);
                continue;
            }
        }
        out.push(b);
    }
    out
}

fn key(b: &Block) -> String {
    let tag = match &b.kind {
        BlockKind::Marker { number, .. } => format!("M{number}:"),
        _ => String::new(),
    };
    format!("{tag}{}", b.text.to_lowercase())
}

fn drop_repeats(blocks: Vec<Block>, idx: &LineIndex, warnings: &mut Vec<Warning>) -> Vec<Block> {
    let keys: Vec<String> = blocks.iter().map(key).collect();
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut drop = vec![false; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        let Some(&j) = first_seen.get(keys[i].as_str()) else {
            first_seen.insert(&keys[i], i);
            i += 1;
            continue;
        };
        // Extend the run i.. against j.. while blocks agree and the copy stays behind i.
        let mut len = 0;
        while i + len < blocks.len()
            && j + len < i
            && len < MAX_RUN
            && keys[j + len] == keys[i + len]
        {
            len += 1;
        }
        let run = &blocks[i..i + len];
        let chars: usize = run.iter().map(|b| b.text.len()).sum();
        let has_marker = run
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Marker { .. }));
        if len >= 2 && has_marker && chars >= MIN_CHARS {
            let dup = idx.span(run[0].span.start, run[len - 1].span.end);
            let orig = idx.span(blocks[j].span.start, blocks[j + len - 1].span.end);
            let numbers: Vec<&str> = run
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::Marker { number, .. } => Some(number.as_str()),
                    _ => None,
                })
                .collect();
            warnings.push(Warning {
                kind: WarningKind::DuplicatePassage,
                message: format!(
                    "lines {}-{} repeat lines {}-{} (articles {}); dropped",
                    dup.line_start,
                    dup.line_end,
                    orig.line_start,
                    orig.line_end,
                    numbers.join(", ")
                ),
                span: Some(dup),
            });
            drop[i..i + len].iter_mut().for_each(|d| *d = true);
            i += len;
        } else {
            i += 1;
        }
    }
    blocks
        .into_iter()
        .zip(drop)
        .filter_map(|(b, d)| (!d).then_some(b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn block(kind: BlockKind, text: &str, at: usize) -> Block {
        Block {
            kind,
            text: text.into(),
            span: Span {
                start: at,
                end: at + 1,
                line_start: at + 1,
                line_end: at + 1,
            },
        }
    }

    #[test]
    fn page_break_remnants_are_joined() {
        let idx = LineIndex::new(&"x\n".repeat(10));
        let blocks = vec![
            block(BlockKind::Para, "and will enter into force", 0),
            block(BlockKind::Para, "on the date of exchange.", 4),
            block(BlockKind::Para, "Next sentence.", 6),
        ];
        let out = join_page_breaks(blocks, &idx);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].text,
            "and will enter into force on the date of exchange."
        );
        assert_eq!((out[0].span.start, out[0].span.end), (0, 5));
    }

    #[test]
    fn repeated_articles_are_dropped_once() {
        let idx = LineIndex::new(&"x\n".repeat(20));
        let long = "a".repeat(150);
        let m = |n: &str| BlockKind::Marker {
            number: n.into(),
            roman: false,
        };
        let blocks = vec![
            block(m("1"), "", 0),
            block(BlockKind::Para, &long, 1),
            block(m("2"), "", 2),
            block(BlockKind::Para, &format!("{long} two"), 3),
            block(m("1"), "", 4),
            block(BlockKind::Para, &long, 5),
            block(m("2"), "", 6),
            block(BlockKind::Para, &format!("{long} two"), 7),
        ];
        let mut warnings = Vec::new();
        let out = drop_repeats(blocks, &idx, &mut warnings);
        assert_eq!(out.len(), 4);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].span.unwrap().start, 4);
    }

    #[test]
    fn repeated_sentences_without_markers_stay() {
        let idx = LineIndex::new(&"x\n".repeat(20));
        let long = "b".repeat(300);
        let blocks = vec![
            block(BlockKind::Para, &long, 0),
            block(BlockKind::Para, "short", 1),
            block(BlockKind::Para, &long, 2),
            block(BlockKind::Para, "short", 3),
        ];
        let mut warnings = Vec::new();
        assert_eq!(drop_repeats(blocks, &idx, &mut warnings).len(), 4);
        assert!(warnings.is_empty());
    }
}
