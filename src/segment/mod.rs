//! Segment: turn a [`Source`]'s blocks into a [`Treaty`]: preamble, articles (number, heading,
//! paragraphs) and closing clause with its signatories, plus metadata (title, date and place
//! of signature, parties).
//!
//! In: blocks from `ingest`. Out: segments whose text is the blocks' clean text, paragraphs
//! joined by a blank line, and whose spans point into the decoded source. Cost: linear.

pub mod closing;
pub mod countries;
pub mod date;
pub mod heading;
pub mod language;
pub mod metadata;
pub mod title;

use crate::ingest::{Block, BlockKind, Source};
use crate::model::{Format, Segment, SegmentKind, Treaty, Warning, WarningKind};
use crate::text::LineIndex;

/// A segment being built: its paragraphs as block indices.
struct Draft {
    kind: SegmentKind,
    number: Option<String>,
    roman: bool,
    heading: Option<String>,
    marker: Option<usize>,
    paras: Vec<usize>,
}

impl Draft {
    fn new(kind: SegmentKind) -> Self {
        Draft {
            kind,
            number: None,
            roman: false,
            heading: None,
            marker: None,
            paras: Vec::new(),
        }
    }
}

/// Segments one source.
pub fn segment(src: &Source) -> Treaty {
    let blocks = &src.blocks;
    let mut warnings = src.warnings.clone();
    let mut preamble = Draft::new(SegmentKind::Preamble);
    let mut articles: Vec<Draft> = Vec::new();
    let mut closing: Option<Draft> = None;
    for (i, b) in blocks.iter().enumerate() {
        match &b.kind {
            BlockKind::Title | BlockKind::Dateline => {}
            BlockKind::Marker { number, roman } => {
                let mut d = Draft::new(SegmentKind::Article);
                d.number = Some(number.clone());
                d.roman = *roman;
                d.heading = (!b.text.is_empty()).then(|| b.text.clone());
                d.marker = Some(i);
                articles.push(d);
            }
            BlockKind::ClosingPara => closing
                .get_or_insert_with(|| Draft::new(SegmentKind::Closing))
                .paras
                .push(i),
            BlockKind::PreamblePara => preamble.paras.push(i),
            BlockKind::Heading | BlockKind::Para => match (&mut closing, articles.last_mut()) {
                (Some(c), _) => c.paras.push(i),
                (None, Some(a)) => a.paras.push(i),
                (None, None) => preamble.paras.push(i),
            },
        }
    }
    // Instruments annexed after the treaty's closing, with articles of their own (a protocol
    // numbered from 1 again after "Done at Brussels ..."): the treaty ends with the article
    // that holds its closing; the rest is an annex (Codebook, Segmentation). Only in texts
    // without a database's structure (the Dutch database and ToTA mark their own parts, and
    // the Dutch database counts an annex's articles as its own).
    if closing.is_none() && (src.format == Format::Text || src.format.is_converted()) {
        let number = |d: &Draft| d.number.as_deref().and_then(|n| n.parse::<u32>().ok());
        let cut = (0..articles.len().saturating_sub(1)).find(|&k| {
            let restarts = match (number(&articles[k]), number(&articles[k + 1])) {
                (Some(a), Some(b)) => b <= a && b <= 1,
                _ => false,
            };
            restarts && closing::find_start(blocks, &articles[k].paras).is_some()
        });
        if let Some(k) = cut {
            let dropped = articles.split_off(k + 1);
            let from = dropped
                .first()
                .and_then(|d| d.marker)
                .map(|m| blocks[m].span);
            warnings.push(Warning {
                kind: WarningKind::SkippedAnnex,
                message: format!(
                    "{} articles after the closing clause (an annexed instrument's own numbering) skipped",
                    dropped.len()
                ),
                span: from,
            });
        }
    }
    // The closing clause: from the first paragraph after the last article marker that opens
    // with "Done at", "In witness whereof", ... (a paragraph may be split there).
    let mut extra: Vec<Block> = Vec::new();
    if closing.is_none() {
        let host = articles.last_mut().unwrap_or(&mut preamble);
        if let Some((pos, split)) = closing::find_start(blocks, &host.paras) {
            let mut c = Draft::new(SegmentKind::Closing);
            let tail: Vec<usize> = host.paras.split_off(pos);
            let mut tail_iter = tail.into_iter();
            if let Some(first) = tail_iter.next() {
                match split {
                    Some(at) => {
                        let b = &blocks[first];
                        let (head, rest) = split_block(b, at, &src.lines);
                        extra.push(head);
                        host.paras.push(blocks.len() + extra.len() - 1);
                        extra.push(rest);
                        c.paras.push(blocks.len() + extra.len() - 1);
                    }
                    None => c.paras.push(first),
                }
            }
            c.paras.extend(tail_iter);
            closing = Some(c);
        }
    }
    let all: Vec<&Block> = blocks.iter().chain(extra.iter()).collect();

    let mut segments = Vec::new();
    if !preamble.paras.is_empty() {
        segments.push(build(&preamble, &all, &src.lines));
    }
    check_numbering(&articles, &all, &mut warnings);
    for a in &articles {
        segments.push(build(a, &all, &src.lines));
    }
    if let Some(c) = &closing {
        let mut seg = build(c, &all, &src.lines);
        seg.signatories =
            closing::signatories(crate::text::slice(&src.text, seg.span.start, seg.span.end));
        segments.push(seg);
    }
    if articles.is_empty() && !warnings.iter().any(|w| w.kind == WarningKind::NoArticles) {
        warnings.push(Warning {
            kind: WarningKind::NoArticles,
            message: "no article markers found; the text is kept as preamble".into(),
            span: None,
        });
    }
    let (mut meta, date_warning) = metadata::extract(src, &segments);
    warnings.extend(date_warning);
    let (language, language_warning) = language::detect(&segments);
    meta.language = language;
    warnings.extend(language_warning);
    warnings.sort();
    Treaty {
        file: src.file.clone(),
        format: src.format,
        meta,
        segments,
        warnings,
    }
}

fn split_block(b: &Block, at: usize, idx: &LineIndex) -> (Block, Block) {
    let head_text = b.text[..at].trim_end().to_string();
    let rest_text = b.text[at..].trim_start().to_string();
    // Map the split into the source proportionally when the block was reflowed; exact when
    // the source slice has the same length (the common case of a single long line).
    let len = b.span.end - b.span.start;
    let cut = if len == b.text.len() {
        b.span.start + at
    } else {
        b.span.start + (at * len) / b.text.len().max(1)
    };
    let head = Block {
        kind: b.kind.clone(),
        text: head_text,
        span: idx.span(b.span.start, cut),
    };
    let rest = Block {
        kind: b.kind.clone(),
        text: rest_text,
        span: idx.span(cut, b.span.end),
    };
    (head, rest)
}

fn build(d: &Draft, blocks: &[&Block], idx: &LineIndex) -> Segment {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    for &i in &d.paras {
        let t = &blocks[i].text;
        // Chapter titles are not part of an article's text; in the closing, headings such as
        // "FOR JAPAN:" are.
        let heading = blocks[i].kind == BlockKind::Heading;
        if t.is_empty() || (heading && d.kind != SegmentKind::Closing) {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let s = text.len();
        text.push_str(t);
        paragraphs.push((s, text.len()));
    }
    let spans = d
        .marker
        .iter()
        .chain(d.paras.iter())
        .map(|&i| blocks[i].span);
    let start = spans.clone().map(|s| s.start).min().unwrap_or(0);
    let end = spans.map(|s| s.end).max().unwrap_or(start);
    Segment {
        kind: d.kind,
        number: d.number.clone(),
        roman: d.roman,
        heading: d.heading.clone(),
        text,
        paragraphs,
        span: idx.span(start, end),
        labels: Vec::new(),
        values: Vec::new(),
        signatories: Vec::new(),
    }
}

/// Warns once when article numbers repeat (a second numbering in an annex or protocol, or a
/// segmentation problem worth a look).
fn check_numbering(articles: &[Draft], blocks: &[&Block], warnings: &mut Vec<Warning>) {
    let mut seen = std::collections::HashSet::new();
    let mut repeated: Vec<(&str, Option<crate::model::Span>)> = Vec::new();
    for a in articles {
        let Some(n) = &a.number else { continue };
        if !seen.insert(n.as_str()) {
            repeated.push((n, a.marker.map(|i| blocks[i].span)));
        }
    }
    if let Some(&(_, first_span)) = repeated.first() {
        let list: Vec<String> = repeated
            .iter()
            .take(10)
            .map(|(n, s)| format!("{n} (line {})", s.map_or(0, |s| s.line_start)))
            .collect();
        let more = repeated.len().saturating_sub(10);
        warnings.push(Warning {
            kind: WarningKind::RepeatedNumber,
            message: format!(
                "{} article numbers appear more than once: {}{}",
                repeated.len(),
                list.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            span: first_span,
        });
    }
}
