//! CSV tables (RFC 4180, via the `csv` crate) for spreadsheets, R and pandas:
//! `provisions.csv`, `values.csv`, `pairs.csv`, `passages.csv`, `treaties.csv`, `matrix.csv`
//! and `reuse.csv`, laid out from the [`Report`] model, complete (no top N), and
//! `datapackage.json`, a Frictionless Tabular Data Package that declares every column's type.
//!
//! Every table is written from its [`Table`] declaration, so the header and the declared
//! schema cannot drift apart. A column keeps its type in every run: `article` is text (`6`,
//! `2bis`, `21.05`, `preamble`), so read it as text (`dtype={"article": str}` in pandas,
//! `col_types = cols(article = "c")` in readr, or the data package); a missing value is an
//! empty cell, never `NaN`; booleans are `true` / `false`; dates are ISO `YYYY-MM-DD`.
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

/// A column's type, as Frictionless Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Text, whatever it looks like (`article`: `6`, `IX`, `21.05`).
    String,
    /// A whole number.
    Integer,
    /// A decimal number (`0.8421`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An ISO 8601 date, `YYYY-MM-DD`.
    Date,
}

impl Type {
    /// The Table Schema name (`string`, `integer`, `number`, `boolean`, `date`).
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
            Type::Date => "date",
        }
    }
}

/// One column of a table: its header, type, whether a cell may be empty, and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Type,
    pub required: bool,
    pub about: &'static str,
}

/// One CSV file and its columns.
#[derive(Debug)]
pub struct Table {
    pub file: &'static str,
    pub about: &'static str,
    pub columns: &'static [Column],
}

const fn col(name: &'static str, kind: Type, required: bool, about: &'static str) -> Column {
    Column {
        name,
        kind,
        required,
        about,
    }
}

use Type::{Boolean, Date, Integer, Number, String as Text};

const FILE: &str = "the treaty's file, as given on the command line";
const TREATY_ID: &str = "the treaty's id in treaties.csv (does not depend on the path typed)";
const ARTICLE: &str = "the article's number, a Roman one in Arabic figures (6, 9.2, 2bis, 21.05), \
    or preamble, or closing; citation has it as printed";
const CITATION: &str = "the segment as cited in the reports (Art. 6, Preamble, Closing)";
const DATE: &str = "the treaty's date of signature";
const DIRECTED: &str = "true when a is the earlier treaty (different dates)";

pub const PROVISIONS: Table = Table {
    file: "provisions.csv",
    about: "One row per provision label on a segment.",
    columns: &[
        col("file", Text, true, FILE),
        col("title", Text, false, "the treaty's title"),
        col("date", Date, false, DATE),
        col("article", Text, true, ARTICLE),
        col("heading", Text, false, "the article's heading as printed"),
        col(
            "label",
            Text,
            true,
            "the provision label's id (taxonomy.toml)",
        ),
        col(
            "evidence",
            Text,
            true,
            "the sentence or clause that carries the provision",
        ),
        col("citation", Text, true, CITATION),
        col(
            "trigger",
            Text,
            true,
            "the words inside the evidence that the label rests on",
        ),
        col(
            "confidence",
            Number,
            true,
            "how sure the label is, 0-1 (README, Labels)",
        ),
        col("treaty_id", Text, true, TREATY_ID),
    ],
};

pub const VALUES: Table = Table {
    file: "values.csv",
    about: "One row per period a treaty states: its term, renewal or notice.",
    columns: &[
        col("file", Text, true, FILE),
        col("article", Text, true, ARTICLE),
        col("kind", Text, true, "term, renewal or notice"),
        col(
            "amount",
            Integer,
            false,
            "the period's length; empty when open-ended",
        ),
        col(
            "unit",
            Text,
            false,
            "years, months, weeks or days; empty when open-ended",
        ),
        col("evidence", Text, true, "the words that state the period"),
        col("date", Date, false, DATE),
        col("citation", Text, true, CITATION),
        col("treaty_id", Text, true, TREATY_ID),
    ],
};

pub const PAIRS: Table = Table {
    file: "pairs.csv",
    about: "Every pair of clauses that reached the threshold, best first.",
    columns: &[
        col("file_a", Text, true, FILE),
        col("article_a", Text, true, ARTICLE),
        col("file_b", Text, true, FILE),
        col("article_b", Text, true, ARTICLE),
        col("measure", Text, true, "jaccard, containment or tfidf"),
        col(
            "score",
            Number,
            true,
            "the similarity of the two clauses' whole wording",
        ),
        col(
            "score_distinctive",
            Number,
            false,
            "the similarity without boilerplate",
        ),
        col("date_a", Date, false, DATE),
        col("date_b", Date, false, DATE),
        col("directed", Boolean, true, DIRECTED),
        col(
            "shared_words",
            Integer,
            true,
            "words the two clauses have in common, in order",
        ),
        col(
            "id",
            Text,
            true,
            "the pair's id in report.json and report.html",
        ),
        col("citation_a", Text, true, CITATION),
        col("citation_b", Text, true, CITATION),
        col("treaty_id_a", Text, true, TREATY_ID),
        col("treaty_id_b", Text, true, TREATY_ID),
    ],
};

pub const PASSAGES: Table = Table {
    file: "passages.csv",
    about: "One row per shared passage listed, with both texts.",
    columns: &[
        col("file_a", Text, true, FILE),
        col("article_a", Text, true, ARTICLE),
        col("date_a", Date, false, DATE),
        col("file_b", Text, true, FILE),
        col("article_b", Text, true, ARTICLE),
        col("date_b", Date, false, DATE),
        col("directed", Boolean, true, DIRECTED),
        col("words_a", Integer, true, "words of the passage in a"),
        col("words_b", Integer, true, "words of the passage in b"),
        col(
            "aligned_words",
            Integer,
            true,
            "words aligned between the two",
        ),
        col(
            "edit_share",
            Number,
            true,
            "share of the passage's words that differ",
        ),
        col(
            "byte_start_a",
            Integer,
            true,
            "UTF-8 byte span in a's segment text (report.json)",
        ),
        col("byte_end_a", Integer, true, "end of that span"),
        col(
            "byte_start_b",
            Integer,
            true,
            "UTF-8 byte span in b's segment text (report.json)",
        ),
        col("byte_end_b", Integer, true, "end of that span"),
        col("text_a", Text, true, "the passage in a"),
        col("text_b", Text, true, "the passage in b"),
        col("treaty_id_a", Text, true, TREATY_ID),
        col("treaty_id_b", Text, true, TREATY_ID),
    ],
};

pub const TREATIES: Table = Table {
    file: "treaties.csv",
    about: "One row per treaty, keyed by treaty_id; lists joined with '; '.",
    columns: &[
        col("treaty_id", Text, true, TREATY_ID),
        col("file", Text, true, FILE),
        col("title", Text, false, "the treaty's title"),
        col(
            "short_title",
            Text,
            true,
            "the title the reports name it by",
        ),
        col("date", Date, false, DATE),
        col(
            "date_source",
            Text,
            false,
            "where the date was read (README, Metadata)",
        ),
        col("place", Text, false, "the place of signature"),
        col("parties", Text, false, "the parties, joined with '; '"),
        col(
            "party_codes",
            Text,
            false,
            "their ISO 3166 codes, joined with '; '",
        ),
        col(
            "language",
            Text,
            false,
            "the language of the text read (ISO 639-3: eng, fra, ...)",
        ),
        col("articles", Integer, true, "articles found"),
        col(
            "warnings",
            Integer,
            true,
            "warnings about it that need a look",
        ),
        col(
            "citation",
            Text,
            false,
            "the citation from the user's metadata file",
        ),
        col(
            "notices",
            Integer,
            true,
            "routine notices: a translation or annex skipped",
        ),
        col(
            "format",
            Text,
            true,
            "what the file was read as: text, header_fields, tota_xml, nl_bwb, flattened, \
             article_jsonl, rtf, html, pdf, docx",
        ),
    ],
};

pub const MATRIX: Table = Table {
    file: "matrix.csv",
    about: "The treaty-by-provision matrix in long form: one row per treaty, label and article.",
    columns: &[
        col("treaty_id", Text, true, TREATY_ID),
        col(
            "label",
            Text,
            true,
            "the provision label's id (taxonomy.toml)",
        ),
        col("article", Text, true, ARTICLE),
        col("date", Date, false, DATE),
        col("citation", Text, true, CITATION),
    ],
};

pub const REUSE: Table = Table {
    file: "reuse.csv",
    about: "One row per pair of treaties sharing a passage; a is the earlier when directed.",
    columns: &[
        col("file_a", Text, true, FILE),
        col("title_a", Text, true, "a's short title"),
        col("date_a", Date, false, DATE),
        col("file_b", Text, true, FILE),
        col("title_b", Text, true, "b's short title"),
        col("date_b", Date, false, DATE),
        col("directed", Boolean, true, DIRECTED),
        col("passages", Integer, true, "passages the two share"),
        col("words_a", Integer, true, "words of a"),
        col("words_b", Integer, true, "words of b"),
        col(
            "covered_a",
            Integer,
            true,
            "words of a inside shared passages",
        ),
        col(
            "covered_b",
            Integer,
            true,
            "words of b inside shared passages",
        ),
        col("share_a", Number, true, "covered_a / words_a"),
        col("share_b", Number, true, "covered_b / words_b"),
        col(
            "a_is_main_source_of_b",
            Boolean,
            true,
            "a is the treaty b borrows most from",
        ),
        col("treaty_id_a", Text, true, TREATY_ID),
        col("treaty_id_b", Text, true, TREATY_ID),
    ],
};

/// Every table `analyze` writes, in file-name order.
pub const TABLES: [&Table; 7] = [
    &MATRIX,
    &PAIRS,
    &PASSAGES,
    &PROVISIONS,
    &REUSE,
    &TREATIES,
    &VALUES,
];

/// `datapackage.json`: the tables and their column types as a Frictionless Tabular Data
/// Package (readable by `frictionless` in R and Python; the types are what to pass to
/// `read_csv`).
pub fn datapackage() -> Vec<u8> {
    use serde_json::json;
    let resources: Vec<_> = TABLES
        .iter()
        .map(|t| {
            let fields: Vec<_> = t
                .columns
                .iter()
                .map(|c| {
                    let mut f = json!({
                        "name": c.name,
                        "type": c.kind.name(),
                        "description": c.about,
                    });
                    if c.required {
                        f["constraints"] = json!({ "required": true });
                    }
                    f
                })
                .collect();
            json!({
                "name": t.file.trim_end_matches(".csv"),
                "path": t.file,
                "profile": "tabular-data-resource",
                "description": t.about,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true },
                "schema": { "fields": fields, "missingValues": [""] },
            })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "clausemap-reports",
        "title": "clausemap tables",
        "resources": resources,
    });
    let mut out = serde_json::to_string_pretty(&package).expect("JSON of plain values");
    out.push('\n');
    out.into_bytes()
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

/// `t` as CSV: its header, then `rows`, each cell trimmed of white space at its ends and
/// neutralised.
fn table<const N: usize>(t: &Table, rows: impl IntoIterator<Item = [String; N]>) -> Vec<u8> {
    assert_eq!(
        t.columns.len(),
        N,
        "{}: row width and columns differ",
        t.file
    );
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.name))
        .expect("write to memory");
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c.trim()).into_owned()))
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
                    d.treaty_id.clone(),
                ]);
            }
        }
    }
    table(&PROVISIONS, rows)
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
                    d.treaty_id.clone(),
                ]);
            }
        }
    }
    table(&VALUES, rows)
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
            r.documents[p.a.doc].treaty_id.clone(),
            r.documents[p.b.doc].treaty_id.clone(),
        ]
    });
    table(&PAIRS, rows)
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
            d.warnings
                .iter()
                .filter(|w| !w.kind.is_notice())
                .count()
                .to_string(),
            d.citation.unwrap_or("").to_string(),
            d.warnings
                .iter()
                .filter(|w| w.kind.is_notice())
                .count()
                .to_string(),
            super::name_of(&d.format),
        ]
    });
    table(&TREATIES, rows)
}

/// `matrix.csv`: the treaty-by-provision matrix in long form, one row per treaty, label and
/// article that carries it (treaties by date, labels in taxonomy order).
pub fn matrix(r: &Report<'_>) -> Vec<u8> {
    let mut rows = Vec::new();
    for row in &r.matrix.rows {
        let d = &r.documents[row.doc];
        for (label, segs) in r.matrix.labels.iter().zip(&row.segs) {
            for &i in segs {
                let s = &d.segments[i];
                rows.push([
                    d.treaty_id.clone(),
                    label.id.to_string(),
                    article(s.kind, s.number),
                    d.date.unwrap_or("").to_string(),
                    s.citation.clone(),
                ]);
            }
        }
    }
    table(&MATRIX, rows)
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
            r.documents[p.a.doc].treaty_id.clone(),
            r.documents[p.b.doc].treaty_id.clone(),
        ]
    });
    table(&PASSAGES, rows)
}

/// `reuse.csv`: one row per pair of treaties sharing a passage, `a` the earlier when
/// `directed`, with the share of each covered by passages from the other.
pub fn reuse(r: &Report<'_>) -> Vec<u8> {
    let Some(u) = &r.reuse else {
        return table(&REUSE, std::iter::empty::<[String; 17]>());
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
            r.documents[p.a.doc].treaty_id.clone(),
            r.documents[p.b.doc].treaty_id.clone(),
        ]
    });
    table(&REUSE, rows)
}

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
