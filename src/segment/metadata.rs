//! Metadata: title, date and place of signature, parties and authentic languages, from what
//! the format states (header fields, XML meta) first and from the text second (title line,
//! "Signed at Peking, January 20, 1925", "Done at Washington, this nineteenth day of January,
//! 1960", "between Japan and the United States of America").

use super::date::{find_date, read_date, Reading};
use crate::ingest::{BlockKind, Source};
use crate::model::{Metadata, Segment, SegmentKind, Warning, WarningKind};
use crate::text::{fold_ws, is_upper, title_case};
use regex::Regex;
use std::sync::LazyLock;

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:done|signed|concluded|made)\b[^.;]{0,60}?\b(?i:at)\s+)((?:(?i:the)\s+)?[A-Z][\p{L}'’\-]+(?:\s+[A-Z][\p{L}'’\-]+){0,3})")
        .expect("place regex")
});
/// "... sign this Treaty, in duplicate, in Panama City, on the eighth day of November": a place
/// after "in" that a date follows.
static PLACE_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:done|signed|sign|concluded|made)\b[^.;]{0,80}?\b(?i:in)\s+)((?:(?i:the)\s+)?[A-Z][\p{L}'’\-]+(?:\s+[A-Z][\p{L}'’\-]+){0,3}),?\s+(?i:on|this|the)\s+(?i:the\s+)?(?:[0-9]|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty|thirtieth|thirty|day|january|february|march|april|may|june|july|august|september|october|november|december)\b)")
        .expect("place regex")
});
static BETWEEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbetween\s+(.+)$").expect("between regex"));
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:on|concerning|for|regarding|relating|with\s+respect|in\s+respect|in\s+the\s+field|to\s+(?:the|avoid|promote)|establishing|amending|supplementing|pursuant|under|of\s+\d)\b.*$|[,;.]\s*$")
        .expect("qualifier regex")
});
static GOVERNMENT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:(?:government|governments|president|presidium|republic\s+government)\s+of\s+(?:the\s+)?|his\s+majesty\s+the\s+king\s+of\s+)?(?:the\s+)?")
        .expect("government regex")
});

/// Country names that contain "and", protected when a title is split into parties.
const AND_NAMES: &[&str] = &[
    "Great Britain and Northern Ireland",
    "Trinidad and Tobago",
    "Bosnia and Herzegovina",
    "Antigua and Barbuda",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Serbia and Montenegro",
    "Turks and Caicos",
];

const LANGUAGES: &[&str] = &[
    "Afrikaans",
    "Albanian",
    "Amharic",
    "Arabic",
    "Armenian",
    "Azerbaijani",
    "Bengali",
    "Bulgarian",
    "Burmese",
    "Chinese",
    "Croatian",
    "Czech",
    "Danish",
    "Dutch",
    "English",
    "Estonian",
    "Finnish",
    "French",
    "Georgian",
    "German",
    "Greek",
    "Hebrew",
    "Hindi",
    "Hungarian",
    "Icelandic",
    "Indonesian",
    "Italian",
    "Japanese",
    "Kazakh",
    "Korean",
    "Latvian",
    "Lithuanian",
    "Macedonian",
    "Malay",
    "Mongolian",
    "Norwegian",
    "Persian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Serbian",
    "Slovak",
    "Slovene",
    "Slovenian",
    "Spanish",
    "Swahili",
    "Swedish",
    "Thai",
    "Turkish",
    "Ukrainian",
    "Urdu",
    "Uzbek",
    "Vietnamese",
];

/// Reads the metadata of a segmented source, with a warning when the date of signature is
/// printed in figures that can be read two ways (then no date is given).
pub fn extract(src: &Source, segments: &[Segment]) -> (Metadata, Option<Warning>) {
    let block_text = |kind: BlockKind| {
        src.blocks
            .iter()
            .find(|b| b.kind == kind)
            .map(|b| b.text.clone())
    };
    let title = src
        .fields
        .title
        .clone()
        .or_else(|| block_text(BlockKind::Title))
        .map(|t| if is_upper(&t) { title_case(&t) } else { t })
        .map(|t| t.trim_end_matches([',', ';', '.']).to_string());
    let dateline = block_text(BlockKind::Dateline);
    let closing = segments.iter().find(|s| s.kind == SegmentKind::Closing);
    let closing_text = closing.map(|c| c.text.as_str());
    // The text's own date (dateline, closing clause) before a database's (Codebook, Metadata);
    // figures that can be read two ways give no date and a warning, not a later date.
    let from_text = dateline
        .as_deref()
        .and_then(read_date)
        .or_else(|| closing_text.and_then(read_date));
    let (date, warning) = match from_text {
        Some(Reading::Date(d)) => (Some(d.iso), None),
        Some(Reading::Ambiguous(raw)) => (
            None,
            Some(Warning {
                kind: WarningKind::DateUncertain,
                message: format!(
                    "the date of signature \"{raw}\" can be read as day/month or month/day; no date given"
                ),
                span: None,
            }),
        ),
        None => (
            src.fields.date.as_deref().and_then(find_date).map(|d| d.iso),
            None,
        ),
    };
    let place = src
        .fields
        .place
        .clone()
        .or_else(|| dateline.as_deref().and_then(find_place))
        .or_else(|| closing_text.and_then(find_place));
    let parties = if !src.fields.parties.is_empty() {
        src.fields.parties.clone()
    } else {
        title.as_deref().map(parties_from_title).unwrap_or_default()
    };
    let languages = closing_text
        .map(languages)
        .filter(|l| !l.is_empty())
        .or_else(|| {
            segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Article)
                .map(|s| languages(&s.text))
                .find(|l| !l.is_empty())
        })
        .unwrap_or_default();
    (
        Metadata {
            title,
            date,
            place,
            parties,
            languages,
        },
        warning,
    )
}

/// The place in "Done at Moscow, ...", "DONE in duplicate at Washington in ...",
/// "Signed at Peking, ...".
pub fn find_place(text: &str) -> Option<String> {
    let c = PLACE.captures(text).or_else(|| PLACE_IN.captures(text))?;
    let mut place = c[1].to_string();
    // A month or weekday is where the date starts, not part of the place.
    let stop = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "On",
        "This",
        "In",
        "The",
    ];
    let words: Vec<&str> = place.split_whitespace().collect();
    if let Some(cut) = words
        .iter()
        .skip(1)
        .position(|w| stop.iter().any(|s| s.eq_ignore_ascii_case(w)))
    {
        place = words[..=cut].join(" ");
    }
    if is_upper(&place) {
        place = title_case(&place);
    }
    Some(place)
}

/// Parties named in a title: "... between the Union of Soviet Socialist Republics and the
/// People's Republic of China" → both names, without "the" or "the Government of".
pub fn parties_from_title(title: &str) -> Vec<String> {
    let Some(c) = BETWEEN.captures(title) else {
        return Vec::new();
    };
    let mut rest = c[1].to_string();
    for name in AND_NAMES {
        rest = rest.replace(name, &name.replace(" and ", " \u{1} "));
    }
    let rest = QUALIFIER.replace(&rest, "").to_string();
    let mut parts: Vec<String> = Vec::new();
    for chunk in rest.split(", ") {
        for p in chunk.split(" and ") {
            parts.push(p.to_string());
        }
    }
    parts
        .into_iter()
        .map(|p| {
            let p = QUALIFIER.replace(&p, "");
            let p = GOVERNMENT_OF.replace(&p, "");
            fold_ws(&p.replace(" \u{1} ", " and "))
        })
        .filter(|p| p.chars().next().is_some_and(|c| c.is_uppercase()))
        .collect()
}

/// Languages named in sentences about authentic texts or languages, in order of mention.
pub fn languages(text: &str) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for sentence in text.split_inclusive(['.', ';']) {
        let lower = sentence.to_lowercase();
        if !(lower.contains("language") || lower.contains("authentic") || lower.contains("texts")) {
            continue;
        }
        for lang in LANGUAGES {
            if let Some(pos) = sentence.find(lang) {
                if !out.iter().any(|(_, l)| l == lang) {
                    out.push((pos, lang.to_string()));
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out.sort();
    out.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_closing_and_dateline() {
        assert_eq!(
            find_place("In witness whereof, the respective Plenipotentiaries sign this Treaty, in duplicate, in Panama City, on the eighth day of November, one thousand nine hundred and seventy-three.").as_deref(),
            Some("Panama City")
        );
        assert_eq!(
            find_place("Done in duplicate in the English and French languages."),
            None
        );
        assert_eq!(
            find_place("Done at Moscow, on 14 February 1950").as_deref(),
            Some("Moscow")
        );
        assert_eq!(
            find_place("DONE in duplicate at Washington in the Japanese and English languages")
                .as_deref(),
            Some("Washington")
        );
        assert_eq!(
            find_place("Signed at Peking, January 20, 1925").as_deref(),
            Some("Peking")
        );
        assert_eq!(
            find_place("DONE in two originals at Addis Ababa, on 16 May 2003").as_deref(),
            Some("Addis Ababa")
        );
        assert_eq!(
            find_place("SIGNED AT KABUL, MAY 6TH, 1935").as_deref(),
            Some("Kabul")
        );
        assert_eq!(
            find_place("Done at The Hague on 3 May 1990").as_deref(),
            Some("The Hague")
        );
    }

    #[test]
    fn parties_from_titles() {
        assert_eq!(
            parties_from_title("Treaty of Friendship, Alliance and Mutual Assistance between the Union of Soviet Socialist Republics and the People's Republic of China"),
            ["Union of Soviet Socialist Republics", "People's Republic of China"]
        );
        assert_eq!(
            parties_from_title("Agreement between the Government of the Kingdom of the Netherlands and the Government of Malta concerning the encouragement of investments"),
            ["Kingdom of the Netherlands", "Malta"]
        );
        assert_eq!(
            parties_from_title("Agreement between the United Kingdom of Great Britain and Northern Ireland and Trinidad and Tobago"),
            ["United Kingdom of Great Britain and Northern Ireland", "Trinidad and Tobago"]
        );
        assert!(parties_from_title("Protocol on the accession of Spain").is_empty());
    }

    #[test]
    fn authentic_languages_in_order() {
        assert_eq!(
            languages("Done at Moscow, in two copies, each in the Russian and Chinese languages, both texts being equally authentic."),
            ["Russian", "Chinese"]
        );
        assert_eq!(
            languages(
                "The English, French and Spanish texts of this Agreement are equally authentic."
            ),
            ["English", "French", "Spanish"]
        );
    }
}
