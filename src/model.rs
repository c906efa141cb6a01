//! The one data model that flows through every stage.
//!
//! `ingest` turns a file into a [`Source`] (decoded text plus the [`Block`]s its format reader
//! found); `segment` turns a source into a [`Treaty`]; later stages (classify, compare, report)
//! add to treaties and never rewrite their text or spans, so every finding can be quoted and
//! cited back to the file.

use serde::{Deserialize, Serialize};

/// A byte range into a document's decoded text (UTF-8, line ends normalised to `\n`), with the
/// 1-based lines it starts and ends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line_start: usize,
    pub line_end: usize,
}

/// The input formats clausemap reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text or Markdown-ish export (`#` headings, `**bold**`).
    Text,
    /// Database export with `[Title]` / `[Date]` / `[Source]` header fields.
    HeaderFields,
    /// ToTA treaty XML (`<treaty><meta>…<body><chapter><article>`).
    TotaXml,
    /// Dutch treaty database Markdown (`##Dutch title`, `####English title`, `###Article N`).
    NlBwb,
    /// Flattened one-line texts with inline article markers (`MainText: … ARTICLE I …`).
    Flattened,
    /// Article JSON Lines: articles split elsewhere, one per line, many treaties per file.
    ArticleJsonl,
    /// Rich Text Format, converted to text first.
    Rtf,
    /// An HTML page, converted to text first (its main block text).
    Html,
    /// A PDF with a text layer, converted to text first.
    Pdf,
    /// A Word document (Office Open XML), converted to text first.
    Docx,
}

impl Format {
    /// Whether the format is a document converted to text before it is read.
    pub fn is_converted(self) -> bool {
        matches!(
            self,
            Format::Rtf | Format::Html | Format::Pdf | Format::Docx
        )
    }
}

/// What kind of part of a treaty a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Preamble,
    Article,
    Closing,
}

/// A non-fatal finding about a document. `kind` is one of a fixed set of ids (see
/// [`WarningKind`]); `line` points into the decoded text where that helps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A passage repeated by a copying error; dropped from the articles.
    DuplicatePassage,
    /// A translation appended to the authentic text; not segmented.
    SkippedTranslation,
    /// The file was not valid UTF-8 and was decoded as Windows-1252.
    EncodingFallback,
    /// The file had no article markers; its text is kept as one preamble.
    NoArticles,
    /// Article numbers that appear more than once (an annex's own numbering, or a problem).
    RepeatedNumber,
    /// Parts of a file that are not the treaty's main text (annexes, appendices) were skipped.
    SkippedAnnex,
    /// The date of signature is printed in figures that can be read two ways ("11/12/96"): no
    /// date is given rather than a wrong one.
    DateUncertain,
    /// The text is reliably in another language than English: its labels cannot be trusted.
    NotEnglish,
    /// Pages of a PDF that could not be read (a damaged file); the others were.
    DamagedPages,
    /// No date of signature was found in the text or its source's fields (give one with
    /// `--metadata`).
    NoDate,
}

impl WarningKind {
    /// A routine notice (a translation, an annex or a file's encoding handled as expected):
    /// counted apart from the warnings that need a reader's look.
    pub fn is_notice(self) -> bool {
        matches!(
            self,
            WarningKind::SkippedTranslation
                | WarningKind::SkippedAnnex
                | WarningKind::EncodingFallback
        )
    }

    /// What happened, in a few words, for counts (`43 no articles found`).
    pub fn summary(self) -> &'static str {
        match self {
            WarningKind::DuplicatePassage => "duplicate passage dropped",
            WarningKind::SkippedTranslation => "translation skipped",
            WarningKind::EncodingFallback => "read as Windows-1252",
            WarningKind::NoArticles => "no articles found",
            WarningKind::RepeatedNumber => "article numbers repeated",
            WarningKind::SkippedAnnex => "annex skipped",
            WarningKind::DateUncertain => "date read two ways, none given",
            WarningKind::NotEnglish => "not in English",
            WarningKind::DamagedPages => "damaged PDF pages",
            WarningKind::NoDate => "no date of signature found",
        }
    }
}

/// A byte range into a segment's `text` (or its `heading`, for evidence found there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

/// Where a label's evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// In the article's heading; `span` is into `heading`.
    Heading,
    /// In the body; `span` is into `text`.
    Text,
}

/// A provision label on a segment, with the words that justify it (filled by `classify`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// A taxonomy id (`duration`, `mutual_defense`, ...).
    pub id: String,
    /// The matched words, exactly as they stand at `span`.
    pub evidence: String,
    pub span: TextRange,
    pub source: EvidenceSource,
    /// How sure the label is, 0-1 (two decimals): see `classify` for how it is computed.
    pub confidence: f64,
    /// The sentence or clause that carries the provision (it contains `span`), exactly as it
    /// stands at `sentence_span` in `text` (or the heading).
    pub sentence: String,
    pub sentence_span: TextRange,
    /// Given by an `implied` pattern (kept only when no other segment states the label).
    #[serde(skip)]
    pub implied: bool,
}

/// What an extracted period measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// How long the treaty runs before it ends or before notice may be given.
    Term,
    /// The length of each automatic extension.
    Renewal,
    /// The notice period for termination or denunciation.
    Notice,
}

/// The unit of a period, as the text states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Years,
    Months,
    Weeks,
    Days,
}

/// An extracted period (filled by `classify`). `amount` and `unit` are `None` for a term
/// without end ("indefinitely", "until terminated").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub amount: Option<u32>,
    pub unit: Option<Unit>,
    /// The words the value was read from, exactly as they stand at `span` in `text`.
    pub evidence: String,
    pub span: TextRange,
}

/// A person who signed, with the party they signed for when the text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signatory {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// One part of a treaty: the preamble, an article, or the closing clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The article number as printed, Roman numerals converted: `"6"`, `"9.2"`, `"2bis"`.
    pub number: Option<String>,
    /// The source printed the number as a Roman numeral: it is cited so (`Art. X`).
    #[serde(skip)]
    pub roman: bool,
    pub heading: Option<String>,
    /// Clean text: paragraphs joined by a blank line, white space folded, markup removed.
    pub text: String,
    /// Byte ranges of the paragraphs within `text`.
    pub paragraphs: Vec<(usize, usize)>,
    /// Where the segment stands in the decoded source.
    pub span: Span,
    pub labels: Vec<Label>,
    pub values: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<Signatory>,
}

impl Segment {
    /// The paragraphs as text slices.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|&(s, e)| &self.text[s..e])
    }

    /// How the segment is cited: `Art. 6`, `Preamble`, `Closing`.
    pub fn citation(&self) -> String {
        match (self.kind, &self.number) {
            (SegmentKind::Article, Some(n)) if self.roman => {
                format!("Art. {}", as_roman(n))
            }
            (SegmentKind::Article, Some(n)) => format!("Art. {n}"),
            (SegmentKind::Article, None) => "Art. (unnumbered)".to_string(),
            (SegmentKind::Preamble, _) => "Preamble".to_string(),
            (SegmentKind::Closing, _) => "Closing".to_string(),
        }
    }
}

/// Title, date and place of signature, and parties, each fact with where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub title_source: Option<MetaSource>,
    /// Date of signature, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub date_source: Option<MetaSource>,
    pub place: Option<String>,
    pub place_source: Option<MetaSource>,
    /// The parties as the text designates them ("Kingdom of the Netherlands").
    pub parties: Vec<String>,
    pub parties_source: Option<MetaSource>,
    /// ISO 3166-1 alpha-3 codes of the parties, where known (ToTA meta, or the names).
    pub party_codes: Vec<String>,
    /// A database's short name for the treaty (ToTA `<meta name>`: "Chile - India").
    pub database_name: Option<String>,
    /// The user's own id for the treaty (metadata file).
    pub id: Option<String>,
    /// How the user cites it: "1300 UNTS 101", "Trb. 1993, 18" (metadata file).
    pub citation: Option<String>,
    /// Languages of the authentic texts, as the closing or an article names them.
    pub languages: Vec<String>,
    /// The language the text is written in (ISO 639-3, detected), when the detection is sure.
    pub language: Option<String>,
}

/// Where a metadata fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaSource {
    /// The closing clause ("Done at Addis Ababa, on 16 May 2003").
    Closing,
    /// A dateline under the title ("Signed at Peking, January 20, 1925").
    Dateline,
    /// The article that opens this treaty for signature, when no closing clause or dateline
    /// dates it ("This Convention ... shall be open for signature at Ottawa ... from 3 December
    /// 1997"): the date it was opened (Codebook, Metadata).
    OpenedForSignature,
    /// The title the text prints at its head.
    TitleLine,
    /// The words of the title ("... between Japan and the United Mexican States").
    Title,
    /// The opening of the preamble ("The Government of Canada, the Government of ...").
    Preamble,
    /// A header field of the file (`[Date]`, the Dutch database's fields).
    HeaderField,
    /// The ToTA `<meta>` element.
    TotaMeta,
    /// The metadata file the user gave.
    MetadataFile,
}

/// One treaty after segmentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Treaty {
    /// The path as given on the command line (or found under a given directory).
    pub file: String,
    pub format: Format,
    #[serde(flatten)]
    pub meta: Metadata,
    pub segments: Vec<Segment>,
    pub warnings: Vec<Warning>,
}

impl Treaty {
    pub fn articles(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Article)
    }

    pub fn preamble(&self) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.kind == SegmentKind::Preamble)
    }

    pub fn closing(&self) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.kind == SegmentKind::Closing)
    }
}

/// A file that could not be analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FileError {
    pub file: String,
    pub message: String,
}

/// A provision label as the run's taxonomy defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelInfo {
    pub id: String,
    pub name: String,
}

/// Everything analysed in one run, sorted by file.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Corpus {
    pub documents: Vec<Treaty>,
    pub errors: Vec<FileError>,
    /// Files found inside directories in a format not read yet (PDF, HTML, DOCX): named and
    /// counted, not errors.
    pub skipped: Vec<FileError>,
    /// The labels of the taxonomy used, in its order.
    pub labels: Vec<LabelInfo>,
}

/// `10` → `X`, for citing an article the source numbered in Roman numerals; other numbers as
/// they are.
pub fn as_roman(number: &str) -> String {
    number
        .parse::<u32>()
        .ok()
        .and_then(to_roman)
        .unwrap_or_else(|| number.to_string())
}

pub fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}
