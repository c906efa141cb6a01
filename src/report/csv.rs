//! CSV tables (RFC 4180, via the `csv` crate) for spreadsheets: `provisions.csv`,
//! `values.csv` and `pairs.csv`, laid out from the [`Report`] model, complete (no top N).
//!
//! A cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return) is prefixed with `'`, so opening the file runs nothing.

use super::model::{Cite, Report};
use crate::model::{SegmentKind, Unit};
use std::borrow::Cow;

/// The cell as text a spreadsheet will not evaluate.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['\t', '\r']) || s.trim_start_matches(' ').starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The article column: the number for an article, `preamble` or `closing` otherwise.
fn article(kind: SegmentKind, number: Option<&str>) -> String {
    match (kind, number) {
        (SegmentKind::Article, Some(n)) => n.to_string(),
        (SegmentKind::Article, None) => String::new(),
        (SegmentKind::Preamble, _) => "preamble".to_string(),
        (SegmentKind::Closing, _) => "closing".to_string(),
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Years => "years",
        Unit::Months => "months",
        Unit::Weeks => "weeks",
        Unit::Days => "days",
    }
}

fn table<const N: usize>(head: [&str; N], rows: impl IntoIterator<Item = [String; N]>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(head).expect("write to memory");
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

/// `provisions.csv`: one row per label on a segment.
pub fn provisions(r: &Report<'_>) -> Vec<u8> {
    let mut rows = Vec::new();
    for d in &r.documents {
        for s in &d.segments {
            for l in s.labels {
                rows.push([
                    d.file.to_string(),
                    d.title.unwrap_or("").to_string(),
                    d.date.unwrap_or("").to_string(),
                    article(s.kind, s.number),
                    s.heading.unwrap_or("").to_string(),
                    l.id.clone(),
                    crate::text::fold_ws(&l.sentence),
                    s.citation.clone(),
                    crate::text::fold_ws(&l.evidence),
                    format!("{:.2}", l.confidence),
                ]);
            }
        }
    }
    table(
        [
            "file",
            "title",
            "date",
            "article",
            "heading",
            "label",
            "evidence",
            "citation",
            "trigger",
            "confidence",
        ],
        rows,
    )
}

/// `values.csv`: one row per extracted period.
pub fn values(r: &Report<'_>) -> Vec<u8> {
    let mut rows = Vec::new();
    for row in &r.values {
        let d = &r.documents[row.doc];
        for (kind, cells) in row.by_kind() {
            for c in cells {
                let s = &d.segments[c.seg];
                rows.push([
                    d.file.to_string(),
                    article(s.kind, s.number),
                    kind.to_string(),
                    c.amount.map(|a| a.to_string()).unwrap_or_default(),
                    c.unit.map(unit_name).unwrap_or_default().to_string(),
                    c.evidence.to_string(),
                    d.date.unwrap_or("").to_string(),
                    s.citation.clone(),
                ]);
            }
        }
    }
    table(
        [
            "file", "article", "kind", "amount", "unit", "evidence", "date", "citation",
        ],
        rows,
    )
}

/// `pairs.csv`: every pair that reached the threshold, best first.
pub fn pairs(r: &Report<'_>) -> Vec<u8> {
    let side = |c: &Cite<'_>| {
        (
            c.file.to_string(),
            article(c.kind, c.number),
            c.date.unwrap_or("").to_string(),
        )
    };
    let rows = r.pairs.iter().flatten().map(|p| {
        let (fa, aa, da) = side(&p.a);
        let (fb, ab, db) = side(&p.b);
        [
            fa,
            aa,
            fb,
            ab,
            p.measure.name().to_string(),
            crate::compare::score_text(p.score, 4),
            p.score_distinctive
                .map_or(String::new(), |d| crate::compare::score_text(d, 4)),
            da,
            db,
            p.directed.to_string(),
            p.shared_words.to_string(),
            p.id.to_string(),
            r.segment(&p.a).citation.clone(),
            r.segment(&p.b).citation.clone(),
        ]
    });
    table(
        [
            "file_a",
            "article_a",
            "file_b",
            "article_b",
            "measure",
            "score",
            "score_distinctive",
            "date_a",
            "date_b",
            "directed",
            "shared_words",
            "id",
            "citation_a",
            "citation_b",
        ],
        rows,
    )
}

/// `treaties.csv`: one row per treaty, keyed by `treaty_id`; lists joined with `; `.
pub fn treaties(r: &Report<'_>) -> Vec<u8> {
    let rows = r.chronological.iter().map(|&i| {
        let d = &r.documents[i];
        [
            d.treaty_id.clone(),
            d.file.to_string(),
            d.title.unwrap_or("").to_string(),
            d.short_title.clone(),
            d.date.unwrap_or("").to_string(),
            d.date_source
                .map(|s| super::name_of(&s))
                .unwrap_or_default(),
            d.place.unwrap_or("").to_string(),
            d.parties.join("; "),
            d.party_codes.join("; "),
            d.language.unwrap_or("").to_string(),
            d.articles.to_string(),
            d.warnings.len().to_string(),
            d.citation.unwrap_or("").to_string(),
        ]
    });
    table(
        [
            "treaty_id",
            "file",
            "title",
            "short_title",
            "date",
            "date_source",
            "place",
            "parties",
            "party_codes",
            "language",
            "articles",
            "warnings",
            "citation",
        ],
        rows,
    )
}

/// `matrix.csv`: the treaty-by-provision matrix in long form, one row per treaty, label and
/// article that carries it (treaties by date, labels in taxonomy order).
pub fn matrix(r: &Report<'_>) -> Vec<u8> {
    let mut rows = Vec::new();
    for row in &r.matrix.rows {
        let d = &r.documents[row.doc];
        for (label, cells) in r.matrix.labels.iter().zip(&row.cells) {
            for c in cells {
                rows.push([
                    d.treaty_id.clone(),
                    label.id.to_string(),
                    c.clone(),
                    d.date.unwrap_or("").to_string(),
                ]);
            }
        }
    }
    table(["treaty_id", "label", "article", "date"], rows)
}

/// `passages.csv`: one row per shared passage listed (see `--passages`), with both texts.
pub fn passages(r: &Report<'_>) -> Vec<u8> {
    let rows = r.reuse.iter().flat_map(|u| &u.passages).map(|p| {
        [
            p.a.file.to_string(),
            article(p.a.kind, p.a.number),
            p.a.date.unwrap_or("").to_string(),
            p.b.file.to_string(),
            article(p.b.kind, p.b.number),
            p.b.date.unwrap_or("").to_string(),
            p.directed.to_string(),
            p.words_a.to_string(),
            p.words_b.to_string(),
            p.aligned.to_string(),
            format!("{:.4}", p.edit_share),
            p.bytes_a[0].to_string(),
            p.bytes_a[1].to_string(),
            p.bytes_b[0].to_string(),
            p.bytes_b[1].to_string(),
            p.text_a.to_string(),
            p.text_b.to_string(),
        ]
    });
    table(
        [
            "file_a",
            "article_a",
            "date_a",
            "file_b",
            "article_b",
            "date_b",
            "directed",
            "words_a",
            "words_b",
            "aligned_words",
            "edit_share",
            "byte_start_a",
            "byte_end_a",
            "byte_start_b",
            "byte_end_b",
            "text_a",
            "text_b",
        ],
        rows,
    )
}

/// `reuse.csv`: one row per pair of treaties sharing a passage, `a` the earlier when
/// `directed`, with the share of each covered by passages from the other.
pub fn reuse(r: &Report<'_>) -> Vec<u8> {
    let Some(u) = &r.reuse else {
        return table(REUSE_HEAD, std::iter::empty());
    };
    let main: std::collections::HashSet<(&str, &str)> = u
        .sources
        .iter()
        .map(|s| (s.source.file, s.treaty.file))
        .collect();
    let rows = u.treaty_pairs.iter().map(|p| {
        [
            p.a.file.to_string(),
            p.a.title.clone(),
            p.a.date.unwrap_or("").to_string(),
            p.b.file.to_string(),
            p.b.title.clone(),
            p.b.date.unwrap_or("").to_string(),
            p.directed.to_string(),
            p.passages.to_string(),
            p.a.words.to_string(),
            p.b.words.to_string(),
            p.covered_a.to_string(),
            p.covered_b.to_string(),
            format!("{:.4}", p.share_a),
            format!("{:.4}", p.share_b),
            main.contains(&(p.a.file, p.b.file)).to_string(),
        ]
    });
    table(REUSE_HEAD, rows)
}

const REUSE_HEAD: [&str; 15] = [
    "file_a",
    "title_a",
    "date_a",
    "file_b",
    "title_b",
    "date_b",
    "directed",
    "passages",
    "words_a",
    "words_b",
    "covered_a",
    "covered_b",
    "share_a",
    "share_b",
    "a_is_main_source_of_b",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("Article 6"), "Article 6");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise("  =1+1"), "'  =1+1");
    }
}
