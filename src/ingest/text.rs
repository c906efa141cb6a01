//! Reader for line-structured text: plain text, Markdown-ish exports (`#` headings, `**bold**`),
//! database exports with `[Title]`/`[Date]`/`[Source]`/`[Place]` header fields, and the Dutch
//! treaty database Markdown (`##Dutch title`, `####English title`, `###Article N`,
//! `####Heading`), where reading stops at the Dutch repeat of the treaty.
//!
//! In: decoded text. Out: blocks, header fields and warnings. Cost: one pass over the lines.

use super::{Block, BlockKind, Fields, Read};
use crate::model::{Format, Warning, WarningKind};
use crate::segment::heading::{parse_marker, Marker};
use crate::text::{fold_ws, is_upper, strip_markup, LineIndex};
use regex::Regex;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-\s*\d{1,4}\s*-|\[?(?:Page|PAGE|p\.)\s*\d{1,4}(?:\s+of\s+\d{1,4})?\]?|\d{1,4})\s*$")
        .expect("page regex")
});
static PARA_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}\.|\(\d{1,2}\)|\d{1,2}\))\s").expect("para regex"));
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([A-Za-z][A-Za-z ]{0,30})\]\s*(.*)$").expect("field regex"));
static TITLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:treaty|agreement|convention|protocol|exchange|charter|pact|accord|declaration|memorandum|arrangement|covenant)\b").expect("title regex")
});
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:signed|done|concluded)\s+at\b").expect("dateline regex"));
/// Dutch function words: a `####` title made of them starts the Dutch repeat of a treaty.
const DUTCH: &[&str] = &[
    "verdrag",
    "overeenkomst",
    "tussen",
    "het",
    "der",
    "van",
    "inzake",
    "betreffende",
    "en",
    "de",
    "bij",
    "tot",
    "wijziging",
    "briefwisseling",
    "houdende",
    "koninkrijk",
    "regering",
    "nederlanden",
    "inzake",
    "protocol",
    "aanvullend",
    "uitvoering",
    "betreffende",
];

fn dutch_words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| DUTCH.contains(&w.to_lowercase().as_str()))
        .count()
}

fn looks_dutch(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let nl = dutch_words(s);
    let english = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "the" | "of" | "and" | "between" | "on"
            )
        })
        .count();
    nl >= 2 && nl * 3 >= words.min(12) && nl > english
}

/// True when `s` reads as English: enough of its words are English function words.
fn looks_english(s: &str) -> bool {
    const EN: &[&str] = &[
        "the", "of", "and", "shall", "to", "in", "be", "or", "by", "for", "any", "this", "with",
        "which", "that", "on", "as", "party", "parties",
    ];
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take(80)
        .collect();
    let en = words.iter().filter(|w| EN.contains(&w.as_str())).count();
    !words.is_empty() && en * 100 >= words.len() * 12
}

/// The first four non-blank lines after byte `offset`, markup stripped.
fn lookahead(text: &str, offset: usize) -> String {
    text[offset..]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .map(strip_markup)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paragraph under construction.
struct Para {
    start: usize,
    end: usize,
    lines: Vec<String>,
}

struct Reader<'a> {
    idx: &'a LineIndex,
    blocks: Vec<Block>,
    para: Option<Para>,
    /// Only blank lines since the last marker: a heading may follow.
    after_marker: bool,
    markers: usize,
    /// Markers with an English word (`Article`): a foreign one after them starts a translation.
    english_markers: usize,
    title_seen: bool,
    /// Last Nr. letter number seen (exchange of notes), to spot the Dutch repeat of letters.
    last_letter: u32,
}

impl Reader<'_> {
    fn flush(&mut self) {
        if let Some(p) = self.para.take() {
            let text = fold_ws(&p.lines.join(" "));
            if !text.is_empty() {
                self.blocks.push(Block {
                    kind: BlockKind::Para,
                    text,
                    span: self.idx.span(p.start, p.end),
                });
            }
        }
    }

    fn push(&mut self, kind: BlockKind, text: String, start: usize, end: usize) {
        self.flush();
        self.blocks.push(Block {
            kind,
            text,
            span: self.idx.span(start, end),
        });
    }

    fn add_line(&mut self, clean: &str, start: usize, end: usize) {
        if let Some(p) = &mut self.para {
            if PARA_NUMBER.is_match(clean) && !p.lines.is_empty() {
                self.flush();
            }
        }
        match &mut self.para {
            Some(p) => {
                p.end = end;
                p.lines.push(clean.to_string());
            }
            None => {
                self.para = Some(Para {
                    start,
                    end,
                    lines: vec![clean.to_string()],
                })
            }
        }
    }

    /// True when the paragraph under construction ends mid-sentence, so that a following
    /// "Article 5." line is the end of a wrapped cross-reference, not a heading. A line in
    /// capitals ("GENERAL PROVISIONS", a part's title) is a heading, not a sentence.
    fn mid_sentence(&self) -> bool {
        self.para.as_ref().is_some_and(|p| {
            p.lines.last().is_some_and(|l| {
                let capitals =
                    l.chars().any(char::is_alphabetic) && !l.chars().any(char::is_lowercase);
                !capitals && !l.ends_with(['.', ':', ';', '!', '?', ')', '"', '\u{201d}'])
            })
        })
    }
}

/// Splits what follows a marker on its line into an inline heading or the start of the body.
fn heading_or_body(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim();
    if rest.is_empty() {
        return (None, None);
    }
    let is_heading = rest.chars().count() <= 100
        && !rest.ends_with(['.', ';', ',', ':'])
        && rest.split_whitespace().count() <= 14;
    if is_heading {
        (Some(rest.to_string()), None)
    } else {
        (None, Some(rest.to_string()))
    }
}

/// Reads line-structured text in `format` (Text, HeaderFields or NlBwb).
pub fn read(text: &str, format: Format, idx: &LineIndex) -> Read {
    let mut r = Reader {
        idx,
        blocks: Vec::new(),
        para: None,
        after_marker: false,
        markers: 0,
        english_markers: 0,
        title_seen: false,
        last_letter: 0,
    };
    let mut fields = Fields::default();
    let mut warnings = Vec::new();
    // Header-field exports: lines before the first `[Field]` are the database's banner, and
    // the fields run until `[Full text]`.
    let mut in_header = format == Format::HeaderFields;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let end = start + line.len();
        let trimmed = line.trim();

        if in_header {
            if let Some(c) = FIELD.captures(trimmed) {
                let value = fold_ws(&c[2]);
                let value = (!value.is_empty()).then_some(value);
                match c[1].to_ascii_lowercase().as_str() {
                    "title" => fields.title = value,
                    "date" => fields.date = value,
                    "place" => fields.place = value,
                    "full text" => in_header = false,
                    _ => {}
                }
            }
            continue;
        }
        if trimmed.is_empty() || trimmed == "\x0C" || PAGE_NUMBER.is_match(trimmed) {
            r.flush();
            continue;
        }
        if format == Format::NlBwb && (trimmed.starts_with("<meta") || is_editorial_note(trimmed)) {
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        let clean = strip_markup(trimmed);
        if clean.is_empty() {
            r.flush();
            continue;
        }

        // Dutch database: `##` is the Dutch title, `####` the English title or a heading.
        if format == Format::NlBwb && hashes == 2 {
            // "Briefwisseling tussen ..." / "Notawisseling ...": an exchange of letters or notes,
            // whose English letters carry letterheads, not a title.
            let lower = clean.to_lowercase();
            if fields.exchange.is_none() {
                if lower.starts_with("briefwisseling") || lower.starts_with("wisseling van brieven")
                {
                    fields.exchange = Some("Exchange of letters".to_string());
                } else if lower.starts_with("notawisseling")
                    || lower.starts_with("wisseling van nota")
                {
                    fields.exchange = Some("Exchange of notes".to_string());
                }
            }
            r.flush();
            continue;
        }
        if let Some(letter) = letter_number(&clean).filter(|_| hashes == 3) {
            // `### Nr. I` letters of an exchange of notes: a letter number that goes back to I
            // after higher ones starts the Dutch repeat of the letters.
            if format == Format::NlBwb && letter <= r.last_letter && r.markers == 0 && letter == 1 {
                skip_translation(&mut r, &mut warnings, start, text.len(), &clean);
                break;
            }
            r.last_letter = letter;
            r.push(BlockKind::Heading, clean, start, end);
            continue;
        }

        let marker = parse_marker(&clean)
            .filter(|_| hashes > 0 || !r.mid_sentence())
            .filter(|m| {
                hashes > 0 || trimmed.starts_with(m.word.as_str()) || trimmed.starts_with('*')
            });
        if let Some(m) = marker {
            // `Artikel 3` before English text is a typo in the authentic text; before Dutch
            // (or other non-English) text, after English articles, it starts the translation.
            // A text in Spanish or German throughout ("Artículo 1", "Artículo 2") is read.
            if m.foreign
                && (r.english_markers > 0 || format == Format::NlBwb)
                && !looks_english(&lookahead(text, offset))
            {
                skip_translation(&mut r, &mut warnings, start, text.len(), &clean);
                break;
            }
            push_marker(&mut r, m, start, end);
            continue;
        }

        if hashes > 0 {
            if r.after_marker {
                // `####Heading` right under `###Article N`.
                r.after_marker = false;
                if let Some(Block {
                    kind: BlockKind::Marker { .. },
                    text: heading,
                    ..
                }) = r.blocks.last_mut()
                {
                    if heading.is_empty() {
                        *heading = clean;
                        continue;
                    }
                }
                r.push(BlockKind::Heading, clean, start, end);
                continue;
            }
            // A Dutch `####` title followed by Dutch text starts the repeat; an English heading
            // carrying a Dutch editorial note ("[Red: De bij dit Verdrag ...]") does not.
            // A title too short to tell ("NOORD-ATLANTISCH VERDRAG") is told by its text.
            let next = lookahead(text, offset);
            if format == Format::NlBwb
                && r.title_seen
                && r.markers > 0
                && (looks_dutch(&clean) || (dutch_words(&clean) >= 1 && looks_dutch(&next)))
                && !looks_english(&next)
            {
                skip_translation(&mut r, &mut warnings, start, text.len(), &clean);
                break;
            }
            if !r.title_seen && r.markers == 0 {
                r.title_seen = true;
                r.push(BlockKind::Title, clean, start, end);
            } else {
                r.push(BlockKind::Heading, clean, start, end);
            }
            continue;
        }

        r.after_marker = false;
        r.add_line(&clean, start, end);
    }
    r.flush();
    let mut blocks = r.blocks;
    if format == Format::Text {
        mark_title_and_dateline(&mut blocks);
    }
    Read {
        blocks,
        fields,
        warnings,
    }
}

/// The Dutch database's editorial note on an article's entry into force ("Treedt in werking op
/// een nader te bepalen tijdstip", "Treedt in werking per 01-09-2015"), printed as a line of
/// its own at the head of an article body: not treaty text (Codebook, Segmentation).
fn is_editorial_note(line: &str) -> bool {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[*_\s]*Treedt in werking (?:op een nader te bepalen tijdstip|per \d{2}-\d{2}-\d{4})[*_\s.]*$")
            .expect("note regex")
    });
    NOTE.is_match(line)
}

/// In plain text the title is unmarked: the first block, in capitals or naming a treaty,
/// before any article; a "Signed at ..." line with a date may follow it.
fn mark_title_and_dateline(blocks: &mut [Block]) {
    let mut i = 0;
    if blocks.first().is_some_and(|b| b.kind == BlockKind::Title) {
        i = 1;
    } else if let Some(first) = blocks.first_mut() {
        let t = &first.text;
        let titled = first.kind == BlockKind::Para
            && t.len() <= 300
            && (is_upper(t) || (TITLE_WORD.is_match(t) && !t.ends_with(['.', ',', ';', ':'])));
        if titled && blocks.len() > 1 {
            blocks[0].kind = BlockKind::Title;
            i = 1;
        }
    }
    if let Some(b) = blocks.get_mut(i) {
        if b.kind == BlockKind::Para
            && b.text.len() <= 200
            && DATELINE.is_match(&b.text)
            && crate::segment::date::find_date(&b.text).is_some()
        {
            b.kind = BlockKind::Dateline;
        }
    }
}

fn push_marker(r: &mut Reader, m: Marker, start: usize, end: usize) {
    if !m.foreign {
        r.english_markers += 1;
    }
    let (heading, body) = heading_or_body(&m.rest);
    // `end` is the end of the trimmed line, so an inline body is its last bytes; the marker's
    // own span stops where the body starts.
    let body_start = end.saturating_sub(m.rest.len()).max(start);
    let marker_end = if body.is_some() { body_start } else { end };
    r.push(
        BlockKind::Marker {
            number: m.number,
            roman: m.roman,
        },
        heading.unwrap_or_default(),
        start,
        marker_end,
    );
    r.markers += 1;
    r.after_marker = body.is_none();
    if let Some(body) = body {
        r.add_line(&body, body_start, end);
    }
}

fn skip_translation(
    r: &mut Reader,
    warnings: &mut Vec<Warning>,
    start: usize,
    len: usize,
    at: &str,
) {
    r.flush();
    let span = r.idx.span(start, len);
    warnings.push(Warning {
        kind: WarningKind::SkippedTranslation,
        message: format!(
            "translation from line {} to the end skipped (starts with \"{}\")",
            span.line_start,
            at.chars().take(60).collect::<String>()
        ),
        span: Some(span),
    });
}

/// `Nr. I`, `Nr.II`, `No. 2`: the number of a letter in an exchange of notes.
fn letter_number(clean: &str) -> Option<u32> {
    let rest = clean
        .strip_prefix("Nr.")
        .or_else(|| clean.strip_prefix("Nr"))
        .or_else(|| clean.strip_prefix("No."))?
        .trim();
    let word = rest.split_whitespace().next()?;
    crate::segment::heading::roman(word).or_else(|| word.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, format: Format) -> Vec<(String, String)> {
        let idx = LineIndex::new(text);
        read(text, format, &idx)
            .blocks
            .into_iter()
            .map(|b| {
                let k = match b.kind {
                    BlockKind::Marker { number, .. } => format!("M{number}"),
                    other => format!("{other:?}"),
                };
                (k, b.text)
            })
            .collect()
    }

    #[test]
    fn markdown_headings_and_bold_markers() {
        let text = "# TREATY OF PEACE\n\nThe Parties,\n\n## **ARTICLE III**\n\nThe Parties will consult.\n\n# ARTICLE V\n\nEach Party.\n";
        let got = kinds(text, Format::Text);
        assert_eq!(got[0], ("Title".into(), "TREATY OF PEACE".into()));
        assert_eq!(got[1], ("Para".into(), "The Parties,".into()));
        assert_eq!(got[2].0, "M3");
        assert_eq!(got[4].0, "M5");
    }

    #[test]
    fn wrapped_cross_reference_is_not_a_marker() {
        let text = "Article 1\n\nMeasures shall be reported as provided in\nArticle 5.\n\nArticle 2\n\nText.\n";
        let got = kinds(text, Format::Text);
        let markers: Vec<_> = got.iter().filter(|(k, _)| k.starts_with('M')).collect();
        assert_eq!(markers.len(), 2, "{got:?}");
    }

    #[test]
    fn dutch_repeat_is_skipped() {
        let text = "<meta charset>\n\n##Verdrag tussen het Koninkrijk der Nederlanden en Malta\n\n####Agreement between the Kingdom of the Netherlands and Malta\n\nThe Parties,\n\n### Article  1  \n\n####Definitions\n\n1. For the purposes.\n\n### Article  2  \n\nText.\n\n####Verdrag tussen het Koninkrijk der Nederlanden en Malta\n\n### Artikel  1  \n\nTekst.\n";
        let idx = LineIndex::new(text);
        let read = read(text, Format::NlBwb, &idx);
        let markers: Vec<_> = read
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Marker { number, .. } => Some((number.clone(), b.text.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            markers,
            vec![
                ("1".into(), "Definitions".into()),
                ("2".into(), String::new())
            ]
        );
        assert_eq!(read.warnings.len(), 1);
        assert_eq!(read.warnings[0].kind, WarningKind::SkippedTranslation);
        assert_eq!(read.warnings[0].span.unwrap().line_start, 19);
        assert_eq!(read.blocks[0].kind, BlockKind::Title);
    }

    /// Markers and warnings of a Dutch-database text.
    fn nl_markers(text: &str) -> (usize, usize) {
        let idx = LineIndex::new(text);
        let read = read(text, Format::NlBwb, &idx);
        let markers = read
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Marker { .. }))
            .count();
        (markers, read.warnings.len())
    }

    #[test]
    fn artikel_typo_before_english_text_is_an_article() {
        let text = "##Verdrag tussen het Koninkrijk en Malta\n\n####Agreement between the Netherlands and Malta\n\n### Article 1\n\nThe Parties shall consult.\n\n###Artikel 2 \n\n1. In cases falling under Article 1 of the present Agreement, the periods shall apply.\n\n####Verdrag tussen het Koninkrijk en Malta\n\n### Artikel  1  \n\nDe Partijen plegen overleg over de uitvoering van het Verdrag.\n";
        let (n, warnings) = nl_markers(text);
        assert_eq!(n, 2);
        assert_eq!(warnings, 1);
    }

    #[test]
    fn dutch_editorial_note_in_an_english_heading_is_not_the_repeat() {
        let text = "##Verdrag tussen het Koninkrijk en Malta\n\n####Agreement between the Netherlands and Malta\n\n### Article 1\n\nThe Parties shall consult.\n\n####FINANCE CONVENTION [Red: De bij dit Verdrag behorende bijlage is niet opgenomen]\n\n### Article 2\n\nThe costs of the force shall be borne by the sending State and shall be paid in the currency of the receiving State.\n";
        let (n, warnings) = nl_markers(text);
        assert_eq!(n, 2);
        assert_eq!(warnings, 0);
    }

    #[test]
    fn header_fields_are_read() {
        let text = "Banner line\n\n[Title] A Treaty\n\n[Place]\n[Date] February 14, 1950\n[Full text]\n\nThe Parties,\n\nArticle 1\n\nText.\n";
        let idx = LineIndex::new(text);
        let read = read(text, Format::HeaderFields, &idx);
        assert_eq!(read.fields.title.as_deref(), Some("A Treaty"));
        assert_eq!(read.fields.date.as_deref(), Some("February 14, 1950"));
        assert_eq!(read.fields.place, None);
        assert_eq!(read.blocks[0].text, "The Parties,");
    }

    #[test]
    fn numbered_lines_start_new_paragraphs() {
        let text = "Article 14\n\n1. First paragraph\ncontinues here.\n2. Second paragraph.\n";
        let got = kinds(text, Format::Text);
        assert_eq!(got[1].1, "1. First paragraph continues here.");
        assert_eq!(got[2].1, "2. Second paragraph.");
    }

    #[test]
    fn page_numbers_are_dropped() {
        let text = "Article 1\n\nThe Parties shall\n\n- 2 -\n\nconsult.\n";
        let got = kinds(text, Format::Text);
        assert_eq!(got.len(), 3, "{got:?}");
    }
}
