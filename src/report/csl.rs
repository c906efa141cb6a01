//! `treaties.csl.json`: the treaties as CSL-JSON (Citation Style Language 1.0.2 input data),
//! for reference managers (Zotero: File → Import) and Pandoc (`pandoc --citeproc
//! --bibliography treaties.csl.json`), laid out from the [`Report`] model.
//!
//! One item per treaty, `type: "treaty"`, keyed by the report's `treaty_id`, so that
//! `[@000_79ce68988e783b83]` in a note cites the treaty treaties.csv lists under that id. The
//! parties are the authors, as institutions (`{"literal": "France"}`: a state has no family
//! name); the date of signature is `issued`, with only the parts known; the place of
//! signature is `event-place` and `publisher-place` (styles print one or the other). A
//! citation from the user's metadata file ("1300 UNTS 101", "Trb. 1993, 18", "ETS No. 5")
//! gives the treaty series (`container-title`) and its `volume`, `page` or `number`. Items
//! by id; nothing depends on the clock.

use super::model::{Document, Report};
use crate::model::MetaSource;
use serde::Serialize;

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(rename = "title-short", skip_serializing_if = "Option::is_none")]
    title_short: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Name<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Date<'a>>,
    #[serde(rename = "event-place", skip_serializing_if = "Option::is_none")]
    event_place: Option<&'a str>,
    #[serde(rename = "publisher-place", skip_serializing_if = "Option::is_none")]
    publisher_place: Option<&'a str>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    note: String,
}

#[derive(Serialize)]
struct Name<'a> {
    literal: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Date<'a> {
    Parts {
        #[serde(rename = "date-parts")]
        date_parts: [Vec<u32>; 1],
    },
    /// A date that is not `YYYY[-MM[-DD]]`, as it was read.
    Literal { literal: &'a str },
}

/// `1950-02-14` → `[1950, 2, 14]`, `1950-02` → `[1950, 2]`, `1950` → `[1950]`; None for
/// anything else (a month or day out of range, other characters).
pub fn date_parts(date: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = date.trim().split('-').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut out = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let width_ok = if i == 0 {
            (1..=4).contains(&p.len())
        } else {
            (1..=2).contains(&p.len())
        };
        if !width_ok || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        let in_range = match i {
            0 => n > 0,
            1 => (1..=12).contains(&n),
            _ => (1..=31).contains(&n),
        };
        if !in_range {
            return None;
        }
        out.push(n);
    }
    Some(out)
}

/// The parts of a treaty-series citation.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Series<'a> {
    pub container_title: Option<&'a str>,
    pub volume: Option<&'a str>,
    pub page: Option<&'a str>,
    pub number: Option<&'a str>,
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads a citation the usual ways a treaty series is cited: `1300 UNTS 101` (volume, series,
/// first page), `Trb. 1993, 18` (series, year volume, number), `ETS No. 5` (series,
/// number); anything else is kept whole as the `number`.
pub fn series(citation: &str) -> Series<'_> {
    let c = citation.trim();
    let whole = Series {
        number: (!c.is_empty()).then_some(c),
        ..Default::default()
    };
    // `1300 UNTS 101`
    if let (Some((volume, rest)), Some((_, page))) = (c.split_once(' '), c.rsplit_once(' ')) {
        if let Some(name) = rest.strip_suffix(page).map(str::trim) {
            if digits(volume) && digits(page) && !name.is_empty() && !digits(name) {
                return Series {
                    container_title: Some(name),
                    volume: Some(volume),
                    page: Some(page),
                    number: None,
                };
            }
        }
    }
    // `Trb. 1993, 18`
    if let Some((head, number)) = c.rsplit_once(", ") {
        if let Some((name, year)) = head.rsplit_once(' ') {
            let name = name.trim();
            if digits(year) && year.len() == 4 && !name.is_empty() && !number.trim().is_empty() {
                return Series {
                    container_title: Some(name),
                    volume: Some(year),
                    page: None,
                    number: Some(number.trim()),
                };
            }
        }
    }
    // `ETS No. 5`, `CETS no 210`
    for marker in [" No. ", " no. ", " No ", " no ", " Nr. ", " nr. "] {
        if let Some((name, number)) = c.split_once(marker) {
            let (name, number) = (name.trim().trim_end_matches(','), number.trim());
            if !name.is_empty() && !number.is_empty() && !number.contains(' ') {
                return Series {
                    container_title: Some(name),
                    number: Some(number),
                    ..Default::default()
                };
            }
        }
    }
    whole
}

/// ISO 639-3 (as detected) → the BCP 47 tag CSL expects: the two-letter code where the
/// language has one, else the three-letter code itself.
pub fn language_tag(code: &str) -> Option<&str> {
    const TWO: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("cym", "cy"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    if let Some((_, two)) = TWO.iter().find(|(three, _)| *three == code) {
        return Some(two);
    }
    let letters = code.len() == 3 && code.bytes().all(|b| b.is_ascii_lowercase());
    letters.then_some(code)
}

/// Where a fact was read, in words.
fn source(s: MetaSource) -> &'static str {
    match s {
        MetaSource::Closing => "the closing clause",
        MetaSource::Dateline => "the dateline",
        MetaSource::OpenedForSignature => "the article opening it for signature",
        MetaSource::TitleLine => "the title line",
        MetaSource::Title => "the title",
        MetaSource::Preamble => "the preamble",
        MetaSource::HeaderField => "a header field",
        MetaSource::TotaMeta => "the ToTA metadata",
        MetaSource::MetadataFile => "the metadata file",
    }
}

/// Provenance in a sentence, with no `Key: value` line (Zotero reads those in a note as
/// fields).
fn note(d: &Document<'_>) -> String {
    // The facts read from each source, sources in the order first met: "date and place from
    // the closing clause".
    let mut facts: Vec<(MetaSource, Vec<&str>)> = Vec::new();
    for (what, known, src) in [
        ("title", d.title.is_some(), d.title_source),
        ("date", d.date.is_some(), d.date_source),
        ("place", d.place.is_some(), d.place_source),
        ("parties", !d.parties.is_empty(), d.parties_source),
    ] {
        if let (true, Some(s)) = (known, src) {
            match facts.iter_mut().find(|(t, _)| *t == s) {
                Some((_, whats)) => whats.push(what),
                None => facts.push((s, vec![what])),
            }
        }
    }
    let mut out = format!("Read by clausemap from {}", d.file);
    if !facts.is_empty() {
        let said: Vec<String> = facts
            .iter()
            .map(|(s, whats)| {
                let whats = match whats.split_last() {
                    Some((last, [])) => last.to_string(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => String::new(),
                };
                format!("{whats} from {}", source(*s))
            })
            .collect();
        out.push_str(" (");
        out.push_str(&said.join(", "));
        out.push(')');
    }
    if let Some(c) = d.citation {
        out.push_str("; cited as ");
        out.push_str(c);
    }
    out.push('.');
    out
}

fn item<'a>(d: &'a Document<'a>) -> Item<'a> {
    let title = d
        .title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .or(d.database_name)
        .unwrap_or(&d.short_title);
    let series = d.citation.map(series).unwrap_or_default();
    Item {
        id: &d.treaty_id,
        kind: "treaty",
        title,
        title_short: (d.short_title != title).then_some(d.short_title.as_str()),
        author: d
            .parties
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|literal| Name { literal })
            .collect(),
        issued: d.date.map(|s| match date_parts(s) {
            Some(parts) => Date::Parts {
                date_parts: [parts],
            },
            None => Date::Literal { literal: s },
        }),
        event_place: d.place,
        publisher_place: d.place,
        container_title: series.container_title,
        volume: series.volume,
        page: series.page,
        number: series.number,
        language: d.language.and_then(language_tag),
        note: note(d),
    }
}

/// The CSL-JSON array, pretty-printed with a final newline, items by id.
pub fn render(report: &Report<'_>) -> String {
    let mut items: Vec<Item<'_>> = report.documents.iter().map(item).collect();
    items.sort_by(|a, b| a.id.cmp(b.id));
    let mut out = serde_json::to_string_pretty(&items).expect("CSL items serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_only_the_parts_known() {
        assert_eq!(date_parts("1950-02-14"), Some(vec![1950, 2, 14]));
        assert_eq!(date_parts("1950-02"), Some(vec![1950, 2]));
        assert_eq!(date_parts("1950"), Some(vec![1950]));
        for bad in [
            "",
            "1950-13-01",
            "1950-02-32",
            "14 Feb 1950",
            "1950-2-14-1",
            "-1950",
        ] {
            assert_eq!(date_parts(bad), None, "{bad}");
        }
    }

    #[test]
    fn series_citations_are_split() {
        assert_eq!(
            series("1300 UNTS 101"),
            Series {
                container_title: Some("UNTS"),
                volume: Some("1300"),
                page: Some("101"),
                number: None
            }
        );
        assert_eq!(
            series("Trb. 1993, 18"),
            Series {
                container_title: Some("Trb."),
                volume: Some("1993"),
                page: None,
                number: Some("18")
            }
        );
        assert_eq!(
            series("ETS No. 5"),
            Series {
                container_title: Some("ETS"),
                number: Some("5"),
                ..Default::default()
            }
        );
        assert_eq!(
            series("Treaty Series 12/1960"),
            Series {
                number: Some("Treaty Series 12/1960"),
                ..Default::default()
            }
        );
        assert_eq!(series(" "), Series::default());
        assert_eq!(series("1300  101").container_title, None);
    }

    #[test]
    fn languages_are_bcp47() {
        assert_eq!(language_tag("eng"), Some("en"));
        assert_eq!(language_tag("nld"), Some("nl"));
        assert_eq!(language_tag("cmn"), Some("zh"));
        assert_eq!(language_tag("tlh"), Some("tlh"));
        assert_eq!(language_tag("English"), None);
    }
}
