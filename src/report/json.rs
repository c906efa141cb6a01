//! `report.json` (format `clausemap-report/1`): wire types borrowed from the model, serialised
//! with sorted, deterministic content (documents by file, errors by file, segments in document
//! order) and no timestamps, so the same input gives the same bytes.

use crate::model::{
    Corpus, FileError, Format, Label, Segment, SegmentKind, Signatory, Span, Treaty, Value, Warning,
};
use serde::Serialize;

pub const FORMAT: &str = "clausemap-report/1";

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    summary: Summary,
    documents: Vec<Document<'a>>,
    provisions: Vec<Provision<'a>>,
    errors: &'a [FileError],
}

/// For one label: every segment across the corpus that carries it.
#[derive(Serialize)]
struct Provision<'a> {
    label: &'a str,
    name: &'a str,
    treaties: usize,
    segments: Vec<SegmentRef<'a>>,
}

/// A citable segment: file, kind and article number.
#[derive(Serialize)]
struct SegmentRef<'a> {
    file: &'a str,
    kind: SegmentKind,
    number: Option<&'a str>,
}

fn provisions(corpus: &Corpus) -> Vec<Provision<'_>> {
    corpus
        .labels
        .iter()
        .map(|l| {
            let mut treaties = 0;
            let mut segments = Vec::new();
            for d in &corpus.documents {
                let before = segments.len();
                segments.extend(
                    d.segments
                        .iter()
                        .filter(|s| crate::classify::has(s, &l.id))
                        .map(|s| SegmentRef {
                            file: &d.file,
                            kind: s.kind,
                            number: s.number.as_deref(),
                        }),
                );
                treaties += usize::from(segments.len() > before);
            }
            Provision {
                label: &l.id,
                name: &l.name,
                treaties,
                segments,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    articles: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    format: Format,
    title: Option<&'a str>,
    date: Option<&'a str>,
    place: Option<&'a str>,
    parties: &'a [String],
    languages: &'a [String],
    segments: Vec<SegmentOut<'a>>,
    warnings: &'a [Warning],
}

#[derive(Serialize)]
struct SegmentOut<'a> {
    kind: SegmentKind,
    number: Option<&'a str>,
    heading: Option<&'a str>,
    text: &'a str,
    paragraphs: Vec<&'a str>,
    span: Span,
    labels: &'a [Label],
    values: &'a [Value],
    #[serde(skip_serializing_if = "<[Signatory]>::is_empty")]
    signatories: &'a [Signatory],
}

fn segment(s: &Segment) -> SegmentOut<'_> {
    SegmentOut {
        kind: s.kind,
        number: s.number.as_deref(),
        heading: s.heading.as_deref(),
        text: &s.text,
        paragraphs: s.paragraph_texts().collect(),
        span: s.span,
        labels: &s.labels,
        values: &s.values,
        signatories: &s.signatories,
    }
}

fn document(t: &Treaty) -> Document<'_> {
    Document {
        file: &t.file,
        format: t.format,
        title: t.meta.title.as_deref(),
        date: t.meta.date.as_deref(),
        place: t.meta.place.as_deref(),
        parties: &t.meta.parties,
        languages: &t.meta.languages,
        segments: t.segments.iter().map(segment).collect(),
        warnings: &t.warnings,
    }
}

/// The report as pretty-printed JSON with a final newline.
pub fn to_json(corpus: &Corpus) -> String {
    let report = Report {
        format: FORMAT,
        summary: Summary {
            documents: corpus.documents.len(),
            articles: corpus.documents.iter().map(|d| d.articles().count()).sum(),
            errors: corpus.errors.len(),
            warnings: corpus.documents.iter().map(|d| d.warnings.len()).sum(),
        },
        documents: corpus.documents.iter().map(document).collect(),
        provisions: provisions(corpus),
        errors: &corpus.errors,
    };
    let mut out = serde_json::to_string_pretty(&report).expect("report serialises");
    out.push('\n');
    out
}

/// One treaty as JSON (for `clausemap segment --json`).
pub fn treaty_json(t: &Treaty) -> String {
    let mut out = serde_json::to_string_pretty(&document(t)).expect("treaty serialises");
    out.push('\n');
    out
}
