//! The report model: everything the reports show, computed once from a [`Corpus`]. `report.json`
//! is this model serialised; the Markdown, HTML and CSV renderers only lay it out (they
//! select, order and escape, but compute nothing).
//!
//! Everything is in a fixed order (documents by file, segments in document order, labels in
//! taxonomy order, pairs best first), and nothing depends on the clock or the machine, so the
//! same input gives the same bytes in every format.

use crate::compare::align::Alignment;
use crate::compare::corpus::{ClausePair, Comparison, SegRef};
use crate::compare::recurring::GroupKind;
use crate::compare::{Measure, Params};
use crate::model::{
    Corpus, FileError, Format, Label, LabelInfo, MetaSource, Segment, SegmentKind, Signatory, Span,
    Treaty, Unit, Value, ValueKind, Warning,
};
use serde::Serialize;

pub const FORMAT: &str = "clausemap-report/1";

/// Words kept in a quotation.
const QUOTE_WORDS: usize = 40;
/// Words not worth leaving out of a quotation.
const QUOTE_SLACK: usize = 5;
/// Characters at most in a quotation.
const QUOTE_CHARS: usize = 400;
/// Words at least in the sentence a quotation is taken from.
const MIN_QUOTE_WORDS: usize = 4;

#[derive(Serialize)]
pub struct Report<'a> {
    pub format: &'static str,
    pub summary: Summary,
    pub documents: Vec<Document<'a>>,
    /// For each label: every segment that carries it.
    pub provisions: Vec<Provision<'a>>,
    /// Treaty × provision: which article of which treaty carries which label; rows by date.
    pub matrix: Matrix<'a>,
    /// Term, renewal and notice periods, one row per treaty that states any, by date.
    pub values: Vec<ValueRow<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<Vec<PairOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring: Option<Vec<RecurringOut<'a>>>,
    /// Shared passages, treaty-to-treaty reuse, main sources and the genealogy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse: Option<ReuseOut<'a>>,
    pub errors: &'a [FileError],
    /// Document indices by date of signature (undated last), then file: the order of the
    /// tables a reader scans.
    #[serde(skip)]
    pub chronological: Vec<usize>,
}

#[derive(Serialize)]
pub struct Summary {
    pub documents: usize,
    pub articles: usize,
    pub errors: usize,
    /// Warnings that need a look (no articles, no date, a duplicate passage, ...).
    pub warnings: usize,
    /// Routine notices: a translation or annex skipped, a file read as Windows-1252.
    pub notices: usize,
}

/// Scores are given to 4 decimals (the join itself decides on the exact value).
fn round4(x: f64) -> f64 {
    crate::compare::score_rounded(x, 4)
}

#[derive(Serialize)]
pub struct Document<'a> {
    /// Stable across runs and however the path was typed: the user's id (`--metadata`), else
    /// the file name without its extension (`~2`, `~3` for a name met again, in file order).
    pub treaty_id: String,
    /// The treaty's anchor in report.md and report.html (`treaty-<treaty_id>`, see
    /// [`anchor_of`]), so that `report.html#treaty-…` lands on it.
    #[serde(skip)]
    pub anchor: String,
    pub file: &'a str,
    pub format: Format,
    pub title: Option<&'a str>,
    /// Where each fact was read: `closing`, `dateline`, `title_line`, `title`, `preamble`,
    /// `header_field`, `tota_meta`, `metadata_file`.
    pub title_source: Option<MetaSource>,
    /// The title without the parties ("Treaty of Mutual Cooperation and Security"), or the
    /// file name when there is no title: how the reports name the treaty.
    pub short_title: String,
    /// A database's own short name (ToTA `<meta name>`).
    pub database_name: Option<&'a str>,
    /// The user's id and citation for the treaty (`--metadata`).
    pub id: Option<&'a str>,
    pub citation: Option<&'a str>,
    pub date: Option<&'a str>,
    pub date_source: Option<MetaSource>,
    pub place: Option<&'a str>,
    pub place_source: Option<MetaSource>,
    pub parties: &'a [String],
    pub parties_source: Option<MetaSource>,
    /// ISO 3166-1 alpha-3 codes of the parties, where known.
    pub party_codes: &'a [String],
    pub languages: &'a [String],
    /// The language the text is written in (ISO 639-3, detected).
    pub language: Option<&'a str>,
    pub articles: usize,
    pub segments: Vec<SegmentOut<'a>>,
    pub warnings: &'a [Warning],
}

#[derive(Serialize)]
pub struct SegmentOut<'a> {
    pub kind: SegmentKind,
    pub number: Option<&'a str>,
    pub heading: Option<&'a str>,
    pub text: &'a str,
    pub paragraphs: Vec<&'a str>,
    pub span: Span,
    pub labels: &'a [Label],
    pub values: &'a [Value],
    #[serde(skip_serializing_if = "<[Signatory]>::is_empty")]
    pub signatories: &'a [Signatory],
    /// How the reports cite it: `Art. 6`, `Art. X` (numbered in Roman numerals), `Preamble`,
    /// `Closing`.
    pub citation: String,
}

/// A segment as cited in pairs and groups. `doc` and `seg` index `documents` and its
/// `segments` (not serialised: `file` and `number` are the stable keys).
#[derive(Serialize, Clone)]
pub struct Cite<'a> {
    pub file: &'a str,
    pub kind: SegmentKind,
    pub number: Option<&'a str>,
    pub heading: Option<&'a str>,
    pub date: Option<&'a str>,
    /// Source lines the segment spans.
    pub lines: [usize; 2],
    #[serde(skip)]
    pub doc: usize,
    #[serde(skip)]
    pub seg: usize,
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
        doc: r.doc,
        seg: r.seg,
    }
}

#[derive(Serialize)]
pub struct ComparisonOut<'a> {
    #[serde(flatten)]
    pub params: &'a Params,
    pub boilerplate_applied: bool,
    pub boilerplate_dropped: usize,
    pub vocabulary: usize,
    pub units: usize,
    pub candidates: u64,
    pub pairs: usize,
    pub note: Option<&'a str>,
    /// When no pair reaches the threshold: the closest pair there is, aligned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_below: Option<PairOut<'a>>,
    /// The measure in words: `Jaccard similarity of character 5-gram sets`.
    #[serde(skip)]
    pub method: String,
    /// The boilerplate rule in words.
    #[serde(skip)]
    pub boilerplate_note: String,
}

/// The measure of `p` in words.
pub fn method(p: &Params) -> String {
    let unit = match p.shingle {
        crate::compare::Shingle::Chars => format!("character {}-gram", p.n),
        crate::compare::Shingle::Words => format!("word {}-gram", p.n),
    };
    match p.measure {
        Measure::Jaccard => format!("Jaccard similarity of {unit} sets"),
        Measure::Containment => format!("containment (of the smaller set) of {unit} sets"),
        Measure::Tfidf => format!(
            "cosine similarity of TF-IDF vectors of {} and their pairs",
            if p.stem { "word stems" } else { "words" }
        ),
    }
}

fn boilerplate_note(c: &Comparison) -> String {
    match (&c.params.boilerplate, c.boilerplate_applied) {
        (None, _) => "formulaic wording kept (--keep-boilerplate)".to_string(),
        (Some(b), true) => format!(
            "pairs are chosen only where they also reach the threshold without the {} shingles \
             found in more than {}% of the treaties (boilerplate), so clauses alike only in \
             formula are not listed; scores count all the wording",
            c.boilerplate_dropped,
            (b.max_share * 100.0).round()
        ),
        (Some(b), false) => format!(
            "boilerplate filter off (it needs at least {} treaties)",
            b.min_treaties
        ),
    }
}

#[derive(Serialize)]
pub struct PairOut<'a> {
    pub id: &'a str,
    pub a: Cite<'a>,
    pub b: Cite<'a>,
    pub measure: Measure,
    /// The similarity of the two texts as printed.
    pub score: f64,
    /// The similarity without formulaic wording, when the boilerplate rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_distinctive: Option<f64>,
    pub directed: bool,
    pub shared_words: usize,
    pub heading_similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment: Option<&'a Alignment>,
    /// The score is below the run's threshold (a group's closest pair may be).
    #[serde(skip)]
    pub below_threshold: bool,
}

impl PairOut<'_> {
    /// `→` from the earlier treaty to the later, `~` when the order is unknown.
    pub fn arrow(&self) -> &'static str {
        if self.directed {
            "→"
        } else {
            "~"
        }
    }

    /// What to say after the score of a pair below the threshold (else nothing).
    pub fn threshold_note(&self) -> &'static str {
        if self.below_threshold {
            " (below the threshold: little shared wording)"
        } else {
            ""
        }
    }
}

fn pair_out<'a>(corpus: &'a Corpus, params: &Params, p: &'a ClausePair) -> PairOut<'a> {
    let measure = params.measure;
    PairOut {
        below_threshold: p.score < params.threshold,
        id: &p.id,
        a: cite(corpus, p.a),
        b: cite(corpus, p.b),
        measure,
        score: round4(p.score),
        score_distinctive: p.score_distinctive.map(round4),
        directed: p.directed,
        shared_words: p.shared_words,
        heading_similarity: p.heading_similarity.map(round4),
        alignment: p.alignment.as_ref(),
    }
}

#[derive(Serialize)]
pub struct ScoredOut<'a> {
    pub a: Cite<'a>,
    pub b: Cite<'a>,
    pub score: f64,
}

#[derive(Serialize)]
pub struct Representative<'a> {
    #[serde(flatten)]
    pub cite: Cite<'a>,
    pub text: &'a str,
}

/// A member of a group with a short quotation: for a label group the sentence holding the
/// label's evidence, for a wording cluster the opening words.
#[derive(Serialize)]
pub struct Member<'a> {
    #[serde(flatten)]
    pub cite: Cite<'a>,
    pub quote: String,
}

#[derive(Serialize)]
pub struct RecurringOut<'a> {
    pub id: &'a str,
    pub kind: GroupKind,
    pub label: Option<&'a str>,
    /// The label's name in the taxonomy.
    pub name: Option<&'a str>,
    pub treaties: usize,
    pub members: Vec<Member<'a>>,
    pub pairs: Vec<ScoredOut<'a>>,
    pub pairs_total: usize,
    pub mean_score: Option<f64>,
    pub representative: Representative<'a>,
    /// The closest pair, directed from the earlier treaty, with its word alignment.
    pub closest: Option<PairOut<'a>>,
    /// When an earlier group has the same closest pair: that group's label (or id).
    #[serde(skip)]
    pub closest_as_in: Option<&'a str>,
}

/// For one label: every segment across the corpus that carries it.
#[derive(Serialize)]
pub struct Provision<'a> {
    pub label: &'a str,
    pub name: &'a str,
    pub treaties: usize,
    pub segments: Vec<SegmentRef<'a>>,
}

/// A citable segment: file, kind and article number.
#[derive(Serialize)]
pub struct SegmentRef<'a> {
    pub file: &'a str,
    pub kind: SegmentKind,
    pub number: Option<&'a str>,
}

/// Treaty × provision. `labels` are the labels at least one treaty carries (taxonomy order);
/// `absent` those none does.
#[derive(Serialize)]
pub struct Matrix<'a> {
    pub labels: Vec<MatrixLabel<'a>>,
    pub absent: Vec<&'a str>,
    pub rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
pub struct MatrixLabel<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub treaties: usize,
}

/// One treaty: for each of `Matrix::labels`, the segments carrying it (`Art. 6`).
#[derive(Serialize)]
pub struct MatrixRow<'a> {
    pub file: &'a str,
    pub cells: Vec<Vec<String>>,
    /// Segment indices behind `cells`, for links.
    #[serde(skip)]
    pub segs: Vec<Vec<usize>>,
    #[serde(skip)]
    pub doc: usize,
}

/// The periods one treaty states.
#[derive(Serialize)]
pub struct ValueRow<'a> {
    pub file: &'a str,
    pub term: Vec<ValueCell<'a>>,
    pub renewal: Vec<ValueCell<'a>>,
    pub notice: Vec<ValueCell<'a>>,
    #[serde(skip)]
    pub doc: usize,
}

impl<'a> ValueRow<'a> {
    /// The cells by kind: `term`, `renewal`, `notice`.
    pub fn by_kind(&self) -> [(&'static str, &[ValueCell<'a>]); 3] {
        [
            ("term", &self.term),
            ("renewal", &self.renewal),
            ("notice", &self.notice),
        ]
    }
}

#[derive(Serialize)]
pub struct ValueCell<'a> {
    /// `30 years`, `1 year`, `indefinite`.
    pub text: String,
    pub amount: Option<u32>,
    pub unit: Option<Unit>,
    pub article: String,
    pub evidence: &'a str,
    #[serde(skip)]
    pub seg: usize,
}

impl<'a> Report<'a> {
    /// The corpus in a sentence: `3 treaties, 23 articles; 0 files could not be read; 1 warning.`
    pub fn headline(&self) -> String {
        use super::count;
        let s = &self.summary;
        format!(
            "{}, {}; {} could not be read; {}, {}.",
            count(s.documents, "treaty", "treaties"),
            count(s.articles, "article", "articles"),
            count(s.errors, "file", "files"),
            count(s.warnings, "warning", "warnings"),
            count(s.notices, "notice", "notices")
        )
    }

    /// How clauses were compared, in a sentence (when they were).
    pub fn method_line(&self) -> Option<String> {
        self.comparison.as_ref().map(|c| {
            format!(
                "Clauses compared by {} (threshold {}); {}.",
                c.method, c.params.threshold, c.boilerplate_note
            )
        })
    }

    /// The recurring groups of one kind, in report order.
    pub fn groups(&self, kind: GroupKind) -> Vec<&RecurringOut<'a>> {
        self.recurring
            .iter()
            .flatten()
            .filter(|g| g.kind == kind)
            .collect()
    }

    /// The document a citation points into.
    pub fn doc(&self, c: &Cite<'_>) -> &Document<'a> {
        &self.documents[c.doc]
    }

    /// The segment a citation points into.
    pub fn segment(&self, c: &Cite<'_>) -> &SegmentOut<'a> {
        &self.documents[c.doc].segments[c.seg]
    }
}

/// `Treaty of Friendship, Alliance and Mutual Assistance between A and B` → `Treaty of
/// Friendship, Alliance and Mutual Assistance`; without a title, the file name.
pub fn short_title(t: &Treaty) -> String {
    let Some(title) = t.meta.title.as_deref().filter(|s| !s.trim().is_empty()) else {
        let name = t.file.rsplit(['/', '\\']).next().unwrap_or(&t.file);
        return name.to_string();
    };
    let mut s = crate::text::fold_ws(title).trim().to_string();
    // The parties are in their own column; keep them only when the rest says little
    // ("Agreement between A and B").
    // "... Rules of the Relations between A and B" names its subject by the parties: keep them.
    for cut in [" between ", " Between ", " BETWEEN "] {
        if let Some(i) = s.find(cut) {
            let head = &s[..i];
            let relations = head
                .split_whitespace()
                .last()
                .is_some_and(|w| w.to_lowercase().starts_with("relation"));
            if head.split_whitespace().count() >= 3 && !relations {
                s.truncate(i);
            }
        }
    }
    if let Some(rest) = s.strip_prefix("The ") {
        if rest.chars().next().is_some_and(char::is_uppercase) {
            s = rest.to_string();
        }
    }
    let s = s.trim_end_matches([',', ';', ':', ' ']).to_string();
    truncate_words(&s, 24)
}

/// How the reports name each treaty of `corpus`, in order: its short title, told apart from
/// the others' as in `report.json` (parties, then year, where short titles repeat), or the
/// database's name for a treaty without a title.
pub fn names(corpus: &Corpus) -> Vec<String> {
    distinguish(corpus.documents.iter().map(document).collect())
        .into_iter()
        .map(|d| match (d.title, d.database_name) {
            (None, Some(n)) => n.to_string(),
            _ => d.short_title,
        })
        .collect()
}

/// Short titles that tell treaties apart: where several treaties of the corpus share one
/// ("Agreement on encouragement and reciprocal protection of investments"), each names its
/// parties ("Netherlands–Ethiopia: Agreement on ...") and, where that still repeats, its year.
fn distinguish(mut docs: Vec<Document<'_>>) -> Vec<Document<'_>> {
    use std::collections::HashMap;
    let count = |docs: &[Document<'_>]| {
        let mut n: HashMap<String, usize> = HashMap::new();
        for d in docs {
            *n.entry(d.short_title.to_lowercase()).or_default() += 1;
        }
        n
    };
    let repeated = count(&docs);
    for d in &mut docs {
        if repeated[&d.short_title.to_lowercase()] > 1 && !d.parties.is_empty() {
            let names: Vec<String> = d
                .parties
                .iter()
                .map(|p| crate::segment::countries::short_name(p))
                .collect();
            d.short_title = format!("{}: {}", names.join("–"), d.short_title);
        }
    }
    let repeated = count(&docs);
    for d in &mut docs {
        if repeated[&d.short_title.to_lowercase()] > 1 {
            if let Some(year) = d.date.and_then(|y| y.get(..4)) {
                d.short_title = format!("{} ({year})", d.short_title);
            }
        }
    }
    docs
}

/// The first `n` words of `s`, with `…` when some were left out.
fn truncate_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        return words.join(" ");
    }
    format!("{} …", words[..n].join(" "))
}

/// The sentence of `text` around byte range `start..end`, cut to about [`QUOTE_WORDS`] words
/// around the range, with `…` where text was left out.
pub fn quote_around(text: &str, start: usize, end: usize) -> String {
    let mut start = start.min(text.len());
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Whole words: a range that starts or ends inside a word takes all of it.
    start = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    end = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    // The sentence: from after the last sentence end before `start` to the first one at or
    // after `end`, each side holding at least a few words.
    let ends: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| sentence_end(text, i, c))
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    let words = |a: usize, b: usize| text[a..b].split_whitespace().count();
    let from = ends
        .iter()
        .rev()
        .copied()
        .filter(|&e| e <= start)
        .find(|&e| words(e, end) >= MIN_QUOTE_WORDS)
        .unwrap_or(0);
    let to = ends
        .iter()
        .copied()
        .filter(|&e| e >= end)
        .find(|&e| words(from, e) >= MIN_QUOTE_WORDS)
        .unwrap_or(text.len());
    let before: Vec<&str> = text[from..start].split_whitespace().collect();
    let middle: Vec<&str> = text[start..end].split_whitespace().collect();
    let after: Vec<&str> = text[end..to].split_whitespace().collect();
    let room = QUOTE_WORDS.saturating_sub(middle.len());
    let mut keep_before = before
        .len()
        .min((room / 2).max(room.saturating_sub(after.len())));
    let mut keep_after = after.len().min(room - keep_before);
    // Leaving out a handful of words saves nothing: keep them.
    if before.len() - keep_before <= QUOTE_SLACK {
        keep_before = before.len();
    }
    if after.len() - keep_after <= QUOTE_SLACK {
        keep_after = after.len();
    }
    let mut words: Vec<&str> = Vec::new();
    if keep_before < before.len() {
        words.push("…");
    }
    words.extend(&before[before.len() - keep_before..]);
    words.extend(&middle);
    words.extend(&after[..keep_after]);
    let mut out = words.join(" ");
    // Scripts written without spaces: bound the quotation by characters too.
    if out.chars().count() > QUOTE_CHARS {
        out = out.chars().take(QUOTE_CHARS).collect();
        out.push_str(" …");
    } else if keep_after < after.len() {
        out.push_str(" …");
    }
    out
}

/// Whether `c` at byte `i` ends a sentence: `.`, `;`, `!`, `?` followed by white space (not
/// after a paragraph number, a single letter or an abbreviation such as `Art.`), a line
/// break, or an ideographic full stop.
fn sentence_end(text: &str, i: usize, c: char) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "art", "arts", "no", "nos", "para", "paras", "p", "pp", "vol", "mr", "mrs", "dr", "st",
        "cf", "e.g", "i.e", "etc", "u.s", "u.k", "inc", "ltd", "co", "sub", "lit",
    ];
    match c {
        '\n' | '。' | '！' | '？' => true,
        '.' | ';' | '!' | '?' => {
            let next = i + c.len_utf8();
            if !text[next..].starts_with(char::is_whitespace) {
                return false;
            }
            if c != '.' {
                return true;
            }
            let word = text[..i]
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("");
            let single_letter = word.chars().count() == 1;
            let number =
                !word.is_empty() && word.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
            let abbreviation = ABBREVIATIONS.contains(&word.to_lowercase().as_str());
            !(single_letter || number || abbreviation)
        }
        _ => false,
    }
}

/// `30 years`, `1 year`, `indefinite`.
pub fn value_text(v: &Value) -> String {
    match (v.amount, v.unit) {
        (Some(n), Some(u)) => {
            let unit = match u {
                Unit::Years => "year",
                Unit::Months => "month",
                Unit::Weeks => "week",
                Unit::Days => "day",
            };
            format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
        }
        (Some(n), None) => n.to_string(),
        _ => "indefinite".to_string(),
    }
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
        citation: s.citation(),
    }
}

fn document(t: &Treaty) -> Document<'_> {
    Document {
        treaty_id: String::new(),
        anchor: String::new(),
        file: &t.file,
        format: t.format,
        title: t.meta.title.as_deref(),
        title_source: t.meta.title_source,
        short_title: short_title(t),
        database_name: t.meta.database_name.as_deref(),
        id: t.meta.id.as_deref(),
        citation: t.meta.citation.as_deref(),
        date: t.meta.date.as_deref(),
        date_source: t.meta.date_source,
        place: t.meta.place.as_deref(),
        place_source: t.meta.place_source,
        parties: &t.meta.parties,
        parties_source: t.meta.parties_source,
        party_codes: &t.meta.party_codes,
        languages: &t.meta.languages,
        language: t.meta.language.as_deref(),
        articles: t.articles().count(),
        segments: t.segments.iter().map(segment).collect(),
        warnings: &t.warnings,
    }
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

/// Document indices by date of signature, undated last, then by file.
fn chronological(corpus: &Corpus) -> Vec<usize> {
    let mut order: Vec<usize> = (0..corpus.documents.len()).collect();
    order.sort_by_key(|&i| {
        let t = &corpus.documents[i];
        (
            t.meta.date.is_none(),
            t.meta.date.as_deref(),
            t.file.as_str(),
        )
    });
    order
}

fn matrix<'a>(corpus: &'a Corpus, provisions: &[Provision<'a>], order: &[usize]) -> Matrix<'a> {
    let present: Vec<(&LabelInfo, usize)> = corpus
        .labels
        .iter()
        .zip(provisions)
        .filter(|(_, p)| p.treaties > 0)
        .map(|(l, p)| (l, p.treaties))
        .collect();
    let rows = order
        .iter()
        .map(|&doc| {
            let t = &corpus.documents[doc];
            let segs: Vec<Vec<usize>> = present
                .iter()
                .map(|(l, _)| {
                    t.segments
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| crate::classify::has(s, &l.id))
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect();
            MatrixRow {
                file: &t.file,
                cells: segs
                    .iter()
                    .map(|c| c.iter().map(|&i| t.segments[i].citation()).collect())
                    .collect(),
                segs,
                doc,
            }
        })
        .collect();
    Matrix {
        labels: present
            .iter()
            .map(|(l, n)| MatrixLabel {
                id: &l.id,
                name: &l.name,
                treaties: *n,
            })
            .collect(),
        absent: corpus
            .labels
            .iter()
            .zip(provisions)
            .filter(|(_, p)| p.treaties == 0)
            .map(|(l, _)| l.id.as_str())
            .collect(),
        rows,
    }
}

fn values<'a>(corpus: &'a Corpus, order: &[usize]) -> Vec<ValueRow<'a>> {
    let mut out = Vec::new();
    for &doc in order {
        let t = &corpus.documents[doc];
        let mut row = ValueRow {
            file: &t.file,
            term: Vec::new(),
            renewal: Vec::new(),
            notice: Vec::new(),
            doc,
        };
        for (i, s) in t.segments.iter().enumerate() {
            for v in &s.values {
                let cell = ValueCell {
                    text: value_text(v),
                    amount: v.amount,
                    unit: v.unit,
                    article: s.citation(),
                    evidence: &v.evidence,
                    seg: i,
                };
                match v.kind {
                    ValueKind::Term => row.term.push(cell),
                    ValueKind::Renewal => row.renewal.push(cell),
                    ValueKind::Notice => row.notice.push(cell),
                }
            }
        }
        if !(row.term.is_empty() && row.renewal.is_empty() && row.notice.is_empty()) {
            out.push(row);
        }
    }
    out
}

fn comparison_out<'a>(corpus: &'a Corpus, c: &'a Comparison) -> ComparisonOut<'a> {
    ComparisonOut {
        params: &c.params,
        boilerplate_applied: c.boilerplate_applied,
        boilerplate_dropped: c.boilerplate_dropped,
        vocabulary: c.vocabulary,
        units: c.stats.units,
        candidates: c.stats.candidates,
        pairs: c.pairs.len(),
        note: c.note.as_deref(),
        best_below: c
            .best_below
            .as_ref()
            .map(|p| pair_out(corpus, &c.params, p)),
        method: method(&c.params),
        boilerplate_note: boilerplate_note(c),
    }
}

/// The quotation for a member: the sentence with the label's evidence, else the opening.
fn member_quote(s: &Segment, label: Option<&str>) -> String {
    let evidence = label.and_then(|id| {
        s.labels
            .iter()
            .find(|l| l.id == id && l.source == crate::model::EvidenceSource::Text)
    });
    match evidence {
        Some(l) => quote_around(&s.text, l.span.start, l.span.end),
        None => quote_around(&s.text, 0, 0),
    }
}

fn recurring_out<'a>(corpus: &'a Corpus, c: &'a Comparison) -> Vec<RecurringOut<'a>> {
    c.recurring
        .iter()
        .map(|g| RecurringOut {
            id: &g.id,
            kind: g.kind,
            label: g.label.as_deref(),
            name: g.label.as_deref().and_then(|id| {
                corpus
                    .labels
                    .iter()
                    .find(|l| l.id == id)
                    .map(|l| l.name.as_str())
            }),
            treaties: g.treaties,
            members: g
                .members
                .iter()
                .map(|&m| Member {
                    cite: cite(corpus, m),
                    quote: member_quote(
                        &corpus.documents[m.doc].segments[m.seg],
                        match g.kind {
                            GroupKind::Label => g.label.as_deref(),
                            GroupKind::Wording => None,
                        },
                    ),
                })
                .collect(),
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
            closest: g.closest.as_ref().map(|p| pair_out(corpus, &c.params, p)),
            closest_as_in: g.closest.as_ref().and_then(|p| {
                c.recurring
                    .iter()
                    .take_while(|h| h.id != g.id)
                    .find(|h| h.closest.as_ref().is_some_and(|q| (q.a, q.b) == (p.a, p.b)))
                    .map(|h| match h.kind {
                        GroupKind::Label => h.label.as_deref().unwrap_or(&h.id),
                        GroupKind::Wording => h.id.as_str(),
                    })
            }),
        })
        .collect()
}

/// Builds the report model of an analysed corpus.
/// Builds the report model of an analysed corpus and, when it was compared, its comparison
/// (pairs, recurring provisions, reuse).
pub fn build<'a>(corpus: &'a Corpus, comparison: Option<&'a Comparison>) -> Report<'a> {
    let provisions = provisions(corpus);
    let order = chronological(corpus);
    let mut documents = distinguish(corpus.documents.iter().map(document).collect());
    treaty_ids(&mut documents);
    // How the reuse tables name a treaty: its short title, else the database's name.
    let names: Vec<String> = documents
        .iter()
        .map(|d| match (d.title, d.database_name) {
            (None, Some(n)) => n.to_string(),
            _ => d.short_title.clone(),
        })
        .collect();
    let matrix = matrix(corpus, &provisions, &order);
    let all_warnings = corpus.documents.iter().flat_map(|d| &d.warnings);
    Report {
        format: FORMAT,
        summary: Summary {
            documents: corpus.documents.len(),
            articles: corpus.documents.iter().map(|d| d.articles().count()).sum(),
            errors: corpus.errors.len(),
            warnings: all_warnings.clone().filter(|w| !w.kind.is_notice()).count(),
            notices: all_warnings.filter(|w| w.kind.is_notice()).count(),
        },
        documents,
        provisions,
        matrix,
        values: values(corpus, &order),
        comparison: comparison.map(|c| comparison_out(corpus, c)),
        pairs: comparison.map(|c| {
            c.pairs
                .iter()
                .map(|p| pair_out(corpus, &c.params, p))
                .collect()
        }),
        recurring: comparison.map(|c| recurring_out(corpus, c)),
        reuse: comparison.map(|c| reuse_out(corpus, &c.reuse, &names)),
        errors: &corpus.errors,
        chronological: order,
    }
}

/// A treaty as named in the reuse tables: its file, short title and date.
#[derive(Serialize, Clone)]
pub struct TreatyRef<'a> {
    pub file: &'a str,
    pub title: String,
    pub date: Option<&'a str>,
    /// Words of its text (all segments).
    pub words: u64,
    #[serde(skip)]
    pub doc: usize,
}

#[derive(Serialize)]
pub struct PassageOut<'a> {
    pub a: Cite<'a>,
    pub b: Cite<'a>,
    /// UTF-8 byte spans in the segments' `text`.
    pub bytes_a: [u32; 2],
    pub bytes_b: [u32; 2],
    pub words_a: u32,
    pub words_b: u32,
    pub aligned: u32,
    pub edit_share: f64,
    pub directed: bool,
    #[serde(skip)]
    pub text_a: &'a str,
    #[serde(skip)]
    pub text_b: &'a str,
}

#[derive(Serialize)]
pub struct TreatyPairOut<'a> {
    pub a: TreatyRef<'a>,
    pub b: TreatyRef<'a>,
    pub directed: bool,
    pub passages: usize,
    pub covered_a: u64,
    pub covered_b: u64,
    /// Share of a's words inside passages it shares with b, and of b's inside those it
    /// shares with a (of the later treaty found in the earlier, when directed).
    pub share_a: f64,
    pub share_b: f64,
}

#[derive(Serialize)]
pub struct SourceOut<'a> {
    pub treaty: TreatyRef<'a>,
    pub source: TreatyRef<'a>,
    pub share: f64,
}

#[derive(Serialize)]
pub struct LinkOut {
    /// Indices into `genealogy.nodes`.
    pub from: usize,
    pub to: usize,
    pub share: f64,
    pub main: bool,
}

#[derive(Serialize)]
pub struct GenealogyOut<'a> {
    /// The treaties linked, by date.
    pub nodes: Vec<TreatyRef<'a>>,
    pub links: Vec<LinkOut>,
}

#[derive(Serialize)]
pub struct ReuseOut<'a> {
    pub params: &'a crate::compare::passages::PassageParams,
    pub links: &'a crate::compare::reuse::LinkParams,
    pub passages: Vec<PassageOut<'a>>,
    /// Most of the later treaty covered first.
    pub treaty_pairs: Vec<TreatyPairOut<'a>>,
    /// Each treaty's main source, by date of the treaty.
    pub sources: Vec<SourceOut<'a>>,
    pub genealogy: GenealogyOut<'a>,
}

fn treaty_ref<'a>(
    corpus: &'a Corpus,
    r: &crate::compare::reuse::Reuse,
    names: &[String],
    d: usize,
) -> TreatyRef<'a> {
    let t = &corpus.documents[d];
    TreatyRef {
        file: &t.file,
        title: names[d].clone(),
        date: t.meta.date.as_deref(),
        words: r.words[d],
        doc: d,
    }
}

fn reuse_out<'a>(
    corpus: &'a Corpus,
    r: &'a crate::compare::reuse::Reuse,
    names: &[String],
) -> ReuseOut<'a> {
    let text = |c: &SegRef, span: [u32; 2]| {
        let t = &corpus.documents[c.doc].segments[c.seg].text;
        t.get(span[0] as usize..span[1] as usize).unwrap_or("")
    };
    let passages = r
        .passages
        .iter()
        .map(|p| PassageOut {
            a: cite(corpus, p.a),
            b: cite(corpus, p.b),
            bytes_a: p.bytes_a,
            bytes_b: p.bytes_b,
            words_a: p.words_a,
            words_b: p.words_b,
            aligned: p.aligned,
            edit_share: round4(p.edit_share),
            directed: p.directed,
            text_a: text(&p.a, p.bytes_a),
            text_b: text(&p.b, p.bytes_b),
        })
        .collect();
    let treaty_pairs = r
        .pairs
        .iter()
        .map(|p| TreatyPairOut {
            a: treaty_ref(corpus, r, names, p.a),
            b: treaty_ref(corpus, r, names, p.b),
            directed: p.directed,
            passages: p.passages,
            covered_a: p.covered_a,
            covered_b: p.covered_b,
            share_a: round4(p.share_a),
            share_b: round4(p.share_b),
        })
        .collect();
    let order = chronological(corpus);
    let rank: Vec<usize> = {
        let mut v = vec![0; corpus.documents.len()];
        for (i, &d) in order.iter().enumerate() {
            v[d] = i;
        }
        v
    };
    let mut sources: Vec<SourceOut> = r
        .sources
        .iter()
        .map(|s| SourceOut {
            treaty: treaty_ref(corpus, r, names, s.treaty),
            source: treaty_ref(corpus, r, names, s.source),
            share: round4(s.share),
        })
        .collect();
    sources.sort_by_key(|s| rank[s.treaty.doc]);
    let mut members: Vec<usize> = r.genealogy.iter().flat_map(|l| [l.from, l.to]).collect();
    members.sort_by_key(|&d| rank[d]);
    members.dedup();
    let node_of = |d: usize| members.iter().position(|&m| m == d).unwrap_or(0);
    let links = r
        .genealogy
        .iter()
        .map(|l| LinkOut {
            from: node_of(l.from),
            to: node_of(l.to),
            share: round4(l.share),
            main: l.main,
        })
        .collect();
    ReuseOut {
        params: &r.params,
        links: &r.links,
        passages,
        treaty_pairs,
        sources,
        genealogy: GenealogyOut {
            nodes: members
                .iter()
                .map(|&d| treaty_ref(corpus, r, names, d))
                .collect(),
            links,
        },
    }
}

/// Gives every document its `treaty_id`.
fn treaty_ids(docs: &mut [Document<'_>]) {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for d in docs.iter_mut() {
        let base = match d.id {
            Some(id) => id.to_string(),
            None => {
                let name = d.file.rsplit(['/', '\\']).next().unwrap_or(d.file);
                // One treaty of a page of several (`page.html#2`): `page-2`.
                let (name, part) = match name.rsplit_once('#') {
                    Some((n, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                        (n, Some(p))
                    }
                    _ => (name, None),
                };
                let stem = match name.rsplit_once('.') {
                    Some((stem, _)) if !stem.is_empty() => stem.to_string(),
                    _ => name.to_string(),
                };
                match part {
                    Some(p) => format!("{stem}-{p}"),
                    None => stem,
                }
            }
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        d.treaty_id = if *n == 1 { base } else { format!("{base}~{n}") };
    }
    let mut taken: std::collections::HashSet<String> = Default::default();
    for d in docs.iter_mut() {
        let base = anchor_of(&d.treaty_id);
        let mut anchor = base.clone();
        let mut n = 1;
        while !taken.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        d.anchor = anchor;
    }
}

/// The anchor of a treaty: `treaty-` and its id where the id is made of ASCII letters, digits,
/// `_` and `-` (the file stems of the corpora are); otherwise those characters of it, each
/// run of others as `-`, and a hash of the whole id, so that ids differing only in the
/// characters left out keep distinct anchors. Such an anchor is the same in an HTML `id`, a
/// URL fragment and a CSS selector, with nothing to escape. (`treaty-`, not `t-`: the HTML
/// report already names its tables `t-corpus`, `t-matrix`…)
pub fn anchor_of(treaty_id: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !treaty_id.is_empty() && treaty_id.chars().all(plain) {
        return format!("treaty-{treaty_id}");
    }
    let mut out = String::from("treaty-");
    for c in treaty_id.chars() {
        if plain(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    // FNV-1a: the same on every machine and run (std's hasher is seeded).
    let hash = treaty_id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    if !out.ends_with('-') {
        out.push('-');
    }
    out.push_str(&format!("{hash:08x}"));
    out
}

/// One treaty as it stands in the report (for `clausemap segment --json`).
pub fn document_of(t: &Treaty) -> Document<'_> {
    let mut d = [document(t)];
    treaty_ids(&mut d);
    let [d] = d;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: Option<&str>) -> Treaty {
        Treaty {
            file: "corpus/x/BWBV0001.md".into(),
            format: Format::Text,
            meta: crate::model::Metadata {
                title: title.map(str::to_string),
                ..Default::default()
            },
            segments: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn short_titles_drop_the_parties_unless_little_is_left() {
        let t = |s| short_title(&titled(Some(s)));
        assert_eq!(
            t("Treaty of Mutual Cooperation and Security between Japan and the United States of America"),
            "Treaty of Mutual Cooperation and Security"
        );
        assert_eq!(
            t("The Convention Embodying Basic Rules of the Relations between Japan and the USSR"),
            "Convention Embodying Basic Rules of the Relations between Japan and the USSR"
        );
        assert_eq!(
            t("Agreement between the Kingdom of the Netherlands and the Republic of Moldova"),
            "Agreement between the Kingdom of the Netherlands and the Republic of Moldova"
        );
        assert_eq!(short_title(&titled(None)), "BWBV0001.md");
    }

    #[test]
    fn quotes_the_sentence_around_the_evidence() {
        let text = "The first sentence here. The Treaty shall remain in force for thirty years. \
                    Then more.";
        let s = text.find("thirty").unwrap();
        assert_eq!(
            quote_around(text, s, s + 6),
            "The Treaty shall remain in force for thirty years."
        );
        assert_eq!(quote_around(text, 0, 0), "The first sentence here.");
    }

    #[test]
    fn long_sentences_are_cut_around_the_evidence() {
        let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let s = text.find("w50").unwrap();
        let q = quote_around(&text, s, s + 3);
        assert!(q.starts_with("… ") && q.ends_with(" …"), "{q}");
        assert!(q.contains(" w50 "));
        assert_eq!(
            q.split_whitespace().filter(|w| *w != "…").count(),
            QUOTE_WORDS
        );
    }

    #[test]
    fn paragraph_numbers_and_abbreviations_do_not_end_a_sentence() {
        let text = "1. The Parties shall consult under Art. 5 of the Charter. 2. Other text here.";
        let s = text.find("consult").unwrap();
        assert_eq!(
            quote_around(text, s, s + 7),
            "1. The Parties shall consult under Art. 5 of the Charter."
        );
        let text = "1.\n\nEach Party shall accord to investors of the other Party treatment.";
        assert_eq!(
            quote_around(text, 0, 0),
            "1. Each Party shall accord to investors of the other Party treatment."
        );
    }

    #[test]
    fn a_few_words_are_not_cut_and_long_runs_are_bounded() {
        let words: Vec<String> = (0..44).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        assert_eq!(quote_around(&text, 0, 2), text);
        let cjk = "条约".repeat(400);
        let q = quote_around(&cjk, 0, 3);
        assert!(
            q.ends_with(" …") && q.chars().count() == QUOTE_CHARS + 2,
            "{q}"
        );
    }

    #[test]
    fn evidence_inside_a_word_is_glued_back() {
        let text = "It shall be ratified promptly.";
        let s = text.find("ratif").unwrap();
        assert_eq!(
            quote_around(text, s, s + 5),
            "It shall be ratified promptly."
        );
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(
            anchor_of("000_79ce68988e783b83"),
            "treaty-000_79ce68988e783b83"
        );
        let a = anchor_of("Trb. 1993, 18");
        assert!(a.starts_with("treaty-Trb-1993-18-"), "{a}");
        assert_ne!(anchor_of("a b"), anchor_of("a.b"));
        assert_ne!(anchor_of("x~2"), anchor_of("x-2"));
        for id in ["", "条约", "\"<script>", "a b"] {
            let a = anchor_of(id);
            assert!(a
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        }
    }

    #[test]
    fn values_read_as_a_reader_says_them() {
        let v = |amount, unit| Value {
            kind: ValueKind::Term,
            amount,
            unit,
            evidence: String::new(),
            span: Default::default(),
        };
        assert_eq!(value_text(&v(Some(30), Some(Unit::Years))), "30 years");
        assert_eq!(value_text(&v(Some(1), Some(Unit::Years))), "1 year");
        assert_eq!(value_text(&v(Some(6), Some(Unit::Months))), "6 months");
        assert_eq!(value_text(&v(None, None)), "indefinite");
    }
}
