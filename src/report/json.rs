//! `report.json` (format `clausemap-report/1`): wire types borrowed from the model, serialised
//! with sorted, deterministic content (documents by file, errors by file, segments in document
//! order) and no timestamps, so the same input gives the same bytes.

use crate::compare::align::Alignment;
use crate::compare::corpus::{Comparison, SegRef};
use crate::compare::recurring::GroupKind;
use crate::compare::{Measure, Params};
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
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<ComparisonOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<Vec<PairOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring: Option<Vec<RecurringOut<'a>>>,
    errors: &'a [FileError],
}

/// Scores are printed to 4 decimals (the join itself decides on the exact value).
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A segment as cited in pairs and groups.
#[derive(Serialize)]
struct Cite<'a> {
    file: &'a str,
    kind: SegmentKind,
    number: Option<&'a str>,
    heading: Option<&'a str>,
    date: Option<&'a str>,
    /// Source lines the segment spans.
    lines: [usize; 2],
}

fn cite(corpus: &Corpus, r: SegRef) -> Cite<'_> {
    let t = &corpus.documents[r.doc];
    let s = &t.segments[r.seg];
    Cite {
        file: &t.file,
        kind: s.kind,
        number: s.number.as_deref(),
        heading: s.heading.as_deref(),
        date: t.meta.date.as_deref(),
        lines: [s.span.line_start, s.span.line_end],
    }
}

#[derive(Serialize)]
struct ComparisonOut<'a> {
    #[serde(flatten)]
    params: &'a Params,
    boilerplate_applied: bool,
    boilerplate_dropped: usize,
    vocabulary: usize,
    units: usize,
    candidates: u64,
    pairs: usize,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct PairOut<'a> {
    id: &'a str,
    a: Cite<'a>,
    b: Cite<'a>,
    measure: Measure,
    score: f64,
    directed: bool,
    shared_words: usize,
    heading_similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alignment: Option<&'a Alignment>,
}

#[derive(Serialize)]
struct ScoredOut<'a> {
    a: Cite<'a>,
    b: Cite<'a>,
    score: f64,
}

#[derive(Serialize)]
struct Representative<'a> {
    #[serde(flatten)]
    cite: Cite<'a>,
    text: &'a str,
}

#[derive(Serialize)]
struct RecurringOut<'a> {
    id: &'a str,
    kind: GroupKind,
    label: Option<&'a str>,
    treaties: usize,
    members: Vec<Cite<'a>>,
    pairs: Vec<ScoredOut<'a>>,
    pairs_total: usize,
    mean_score: Option<f64>,
    representative: Representative<'a>,
}

fn comparison_out(c: &Comparison) -> ComparisonOut<'_> {
    ComparisonOut {
        params: &c.params,
        boilerplate_applied: c.boilerplate_applied,
        boilerplate_dropped: c.boilerplate_dropped,
        vocabulary: c.vocabulary,
        units: c.stats.units,
        candidates: c.stats.candidates,
        pairs: c.pairs.len(),
        note: c.note.as_deref(),
    }
}

fn pairs_out<'a>(corpus: &'a Corpus, c: &'a Comparison) -> Vec<PairOut<'a>> {
    c.pairs
        .iter()
        .map(|p| PairOut {
            id: &p.id,
            a: cite(corpus, p.a),
            b: cite(corpus, p.b),
            measure: c.params.measure,
            score: round4(p.score),
            directed: p.directed,
            shared_words: p.shared_words,
            heading_similarity: p.heading_similarity.map(round4),
            alignment: p.alignment.as_ref(),
        })
        .collect()
}

fn recurring_out<'a>(corpus: &'a Corpus, c: &'a Comparison) -> Vec<RecurringOut<'a>> {
    c.recurring
        .iter()
        .map(|g| RecurringOut {
            id: &g.id,
            kind: g.kind,
            label: g.label.as_deref(),
            treaties: g.treaties,
            members: g.members.iter().map(|&m| cite(corpus, m)).collect(),
            pairs: g
                .pairs
                .iter()
                .map(|p| ScoredOut {
                    a: cite(corpus, p.a),
                    b: cite(corpus, p.b),
                    score: round4(p.score),
                })
                .collect(),
            pairs_total: g.pairs_total,
            mean_score: g.mean_score.map(round4),
            representative: Representative {
                cite: cite(corpus, g.representative),
                text: &corpus.documents[g.representative.doc].segments[g.representative.seg].text,
            },
        })
        .collect()
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
        comparison: corpus.comparison.as_ref().map(comparison_out),
        pairs: corpus.comparison.as_ref().map(|c| pairs_out(corpus, c)),
        recurring: corpus.comparison.as_ref().map(|c| recurring_out(corpus, c)),
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
