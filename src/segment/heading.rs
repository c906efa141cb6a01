//! Article headings: recognising `Article 1`, `ARTICLE I`, `Art. 1`, `Article 11.4`,
//! `ARTICLE 9 BIS`, `Article premier` and turning the printed number into the cited one
//! (Roman numerals and number words to Arabic, kept as a string: `"6"`, `"9.2"`, `"2bis"`).
//!
//! In: one line with markup already stripped (or a stretch of a flattened line).
//! Out: the number and whatever follows it on the line. Cost: linear in the line.

use crate::model::to_roman;
use regex::Regex;
use std::sync::LazyLock;

/// A recognised article marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The cited number (`"6"`, `"9.2"`, `"2bis"`).
    pub number: String,
    /// The number was printed as a Roman numeral (`X`), so it is cited that way.
    pub roman: bool,
    /// The word that introduced it as printed (`Article`, `ARTICLE`, `Art.`, `Artikel`).
    pub word: String,
    /// What follows the number on the same line, separators trimmed.
    pub rest: String,
    /// True when the marker word is not English (`Artikel`, `Artículo`): a translation.
    pub foreign: bool,
}

/// Number words and ordinals an article marker may print ("ARTICLE ONE", "ARTICLE FIRST",
/// "ARTICLE TWENTY-SECOND"), compounds first so that "TWENTY" does not take "TWENTY-ONE".
const NUMBER_WORDS: &str = "(?:TWENTY|THIRTY|FORTY|FIFTY)[-\\ ](?:ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH)|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|THIRTEEN|FOURTEEN|FIFTEEN|SIXTEEN|SEVENTEEN|EIGHTEEN|NINETEEN|TWENTY|THIRTY|FORTY|FIFTY|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|ELEVENTH|TWELFTH|THIRTEENTH|FOURTEENTH|FIFTEENTH|SIXTEENTH|SEVENTEENTH|EIGHTEENTH|NINETEENTH|TWENTIETH|THIRTIETH|FORTIETH|FIFTIETH|PREMIER";

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?P<word>ARTICLES?|Articles?|ART\.|Art\.|ARTCLE|ARTIKEL|Artikel|ART[IÍ]CULO|Art[ií]culo|ARTICOLO|Articolo)
        [\ \t]*(?:No\.?\ *)?
        (?P<num>
            [0-9]{{1,3}}(?:er|re|st|nd|rd|th)\b
          | [0-9]{{1,6}}(?:[.\-][0-9]{{1,6}}){{0,3}}(?:[\ ]?(?:bis|ter|quater|BIS|TER|QUATER|[A-Za-z])\b)?
          | [A-Z]{{1,2}}-[0-9]{{1,4}}
          | [IVXLCDM]{{1,12}}(?:[.\-][0-9]{{1,4}})?
          | (?i:{NUMBER_WORDS})
        )
        (?P<end>\b|$)
        [\ \t]*[.:\-–—)]{{0,3}}[\ \t]*
        (?P<rest>[^\n]*)"
    ))
    .expect("marker regex")
});

/// Recognises an article marker at the start of `line` (markup stripped, trimmed).
///
/// Rejects cross-references that happen to start a wrapped line ("Article 5 of the Charter
/// shall ..."): the text after the number must not start with a lower-case word.
pub fn parse_marker(line: &str) -> Option<Marker> {
    parse_marker_with(line, false)
}

/// Words that continue a cross-reference after an article number ("Article 5 of ...").
const REFERENCE_WORDS: &[&str] = &[
    "of",
    "and",
    "or",
    "to",
    "in",
    "shall",
    "thereof",
    "hereof",
    "above",
    "below",
    "which",
    "is",
    "are",
    "as",
    "paragraph",
    "para",
    "with",
    "under",
    "by",
    "for",
    "on",
    "at",
];

/// Like [`parse_marker`]; with `lower_ok`, a marker in capitals (`ARTICLE 1 period of
/// application`) may be followed by a lower-case heading unless that reads as a reference.
pub fn parse_marker_with(line: &str, lower_ok: bool) -> Option<Marker> {
    let caps = MARKER.captures(line)?;
    let word = caps.name("word")?.as_str();
    let raw = caps.name("num")?.as_str();
    let rest = caps.name("rest").map_or("", |m| m.as_str()).trim();
    let number = normalize_number(raw)?;
    let first_word = rest.split_whitespace().next().unwrap_or("");
    let lower = rest.chars().next().is_some_and(char::is_lowercase);
    let caps_word = word.chars().all(|c| !c.is_lowercase());
    if lower && !(lower_ok && caps_word && !REFERENCE_WORDS.contains(&first_word)) {
        return None;
    }
    if rest.starts_with([',', ';', '&']) {
        return None;
    }
    // `Articles 3 and 4` is a cross-reference, not a heading.
    if word.ends_with('s') || word.ends_with('S') {
        return None;
    }
    let foreign = !matches!(
        word.to_ascii_lowercase().as_str(),
        "article" | "art." | "artcle"
    );
    Some(Marker {
        roman: is_roman(raw),
        number,
        word: word.to_string(),
        rest: rest.to_string(),
        foreign,
    })
}

/// Whether a printed number is a Roman numeral (`X`, `iv`), not digits or a number word.
pub fn is_roman(raw: &str) -> bool {
    let raw = raw.trim();
    !raw.is_empty() && word_number(raw).is_none() && roman(raw).is_some()
}

/// Turns a printed article number into the cited form.
pub fn normalize_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some(n) = word_number(raw) {
        return Some(n.to_string());
    }
    // "1er" (French), "1st": an ordinal in figures.
    let raw = match raw.trim_end_matches(|c: char| c.is_ascii_alphabetic()) {
        digits
            if !digits.is_empty()
                && digits.len() < raw.len()
                && digits.chars().all(|c| c.is_ascii_digit())
                && ["er", "re", "st", "nd", "rd", "th"]
                    .contains(&raw[digits.len()..].to_ascii_lowercase().as_str()) =>
        {
            digits
        }
        _ => raw,
    };
    if raw.chars().all(|c| c.is_ascii_digit()) {
        let trimmed = raw.trim_start_matches('0');
        return Some(if trimmed.is_empty() { "0" } else { trimmed }.to_string());
    }
    if let Some(n) = roman(raw) {
        return Some(n.to_string());
    }
    // `IV.2` → `4.2`; `9 BIS` → `9bis`; `A-1` and `11.4` stay.
    if let Some((head, tail)) = raw.split_once('.') {
        if let Some(n) = roman(head) {
            return Some(format!("{n}.{tail}"));
        }
    }
    Some(
        raw.replace(' ', "")
            .replace("BIS", "bis")
            .replace("TER", "ter"),
    )
}

/// Value of a Roman numeral in canonical or common lenient form (`IIII` accepted), or None.
pub fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let val = |c: char| match c {
        'I' | 'i' => Some(1),
        'V' | 'v' => Some(5),
        'X' | 'x' => Some(10),
        'L' | 'l' => Some(50),
        'C' | 'c' => Some(100),
        'D' | 'd' => Some(500),
        'M' | 'm' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(val).collect::<Option<_>>()?;
    let (mut total, mut prev) = (0i64, 0u32);
    for &d in digits.iter().rev() {
        if d < prev {
            total -= i64::from(d);
        } else {
            total += i64::from(d);
            prev = d;
        }
    }
    let total = u32::try_from(total).ok()?;
    // Reject runs such as `IIIII` or `VV` that no one prints as a number.
    let canonical = to_roman(total)?;
    if canonical.eq_ignore_ascii_case(s) || s.eq_ignore_ascii_case(&canonical.replace("IV", "IIII"))
    {
        Some(total)
    } else {
        None
    }
}

/// English number words and ordinals up to 99 as used for article numbers and periods
/// ("ONE", "twenty-one", "first", "premier").
pub fn word_number(s: &str) -> Option<u32> {
    let s = s.trim().to_lowercase();
    if s == "premier" {
        return Some(1);
    }
    let unit = |w: &str| -> Option<u32> {
        Some(match w {
            "one" | "first" => 1,
            "two" | "second" => 2,
            "three" | "third" => 3,
            "four" | "fourth" => 4,
            "five" | "fifth" => 5,
            "six" | "sixth" => 6,
            "seven" | "seventh" => 7,
            "eight" | "eighth" => 8,
            "nine" | "ninth" => 9,
            "ten" | "tenth" => 10,
            "eleven" | "eleventh" => 11,
            "twelve" | "twelfth" => 12,
            "thirteen" | "thirteenth" => 13,
            "fourteen" | "fourteenth" => 14,
            "fifteen" | "fifteenth" => 15,
            "sixteen" | "sixteenth" => 16,
            "seventeen" | "seventeenth" => 17,
            "eighteen" | "eighteenth" => 18,
            "nineteen" | "nineteenth" => 19,
            _ => return None,
        })
    };
    let tens = |w: &str| -> Option<u32> {
        Some(match w {
            "twenty" | "twentieth" => 20,
            "thirty" | "thirtieth" => 30,
            "forty" | "fortieth" => 40,
            "fifty" | "fiftieth" => 50,
            "sixty" | "sixtieth" => 60,
            "seventy" | "seventieth" => 70,
            "eighty" | "eightieth" => 80,
            "ninety" | "ninetieth" => 90,
            _ => return None,
        })
    };
    if let Some(v) = unit(&s).or_else(|| tens(&s)) {
        return Some(v);
    }
    let (t, u) = s.split_once(['-', ' '])?;
    Some(tens(t)? + unit(u.trim())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::as_roman;

    #[test]
    fn roman_numbers_are_cited_as_printed() {
        assert!(is_roman("X") && is_roman("iv") && is_roman("XIV"));
        assert!(!is_roman("10") && !is_roman("ONE") && !is_roman("9.2") && !is_roman("A"));
        assert_eq!(as_roman("10"), "X");
        assert_eq!(as_roman("9.2"), "9.2");
        assert_eq!(as_roman("2bis"), "2bis");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("I"), Some(1));
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(roman("IX"), Some(9));
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("XXIII"), Some(23));
        assert_eq!(roman("XLIX"), Some(49));
        assert_eq!(roman("MCMLX"), Some(1960));
        assert_eq!(roman("IIII"), Some(4));
        assert_eq!(roman("IIIII"), None);
        assert_eq!(roman("VX"), None);
        assert_eq!(roman("IC"), None);
        assert_eq!(roman("ABC"), None);
        assert_eq!(roman("MMMMMMMMMMMMMMMMMMMM"), None);
    }

    #[test]
    fn number_words() {
        assert_eq!(word_number("ONE"), Some(1));
        assert_eq!(word_number("thirty"), Some(30));
        assert_eq!(word_number("twenty-one"), Some(21));
        assert_eq!(word_number("nineteenth"), Some(19));
        assert_eq!(word_number("Premier"), Some(1));
        assert_eq!(word_number("zwölf"), None);
    }

    fn num(line: &str) -> Option<String> {
        parse_marker(line).map(|m| m.number)
    }

    #[test]
    fn markers_in_their_printed_forms() {
        assert_eq!(num("Article 1"), Some("1".into()));
        assert_eq!(num("ARTICLE VII"), Some("7".into()));
        assert_eq!(num("Art. 1"), Some("1".into()));
        assert_eq!(num("Article  14"), Some("14".into()));
        assert_eq!(num("Article 11.4"), Some("11.4".into()));
        assert_eq!(num("ARTICLE 9 BIS"), Some("9bis".into()));
        assert_eq!(num("Article 2bis"), Some("2bis".into()));
        assert_eq!(num("ARTICLE IV.2"), Some("4.2".into()));
        assert_eq!(num("ARTICLE A-1"), Some("A-1".into()));
        assert_eq!(num("ARTICLE PREMIER"), Some("1".into()));
        assert_eq!(num("ARTICLE ONE"), Some("1".into()));
        // Ordinal words and French ordinals in figures (issue 14).
        assert_eq!(num("ARTICLE FIRST"), Some("1".into()));
        assert_eq!(num("ARTICLE SECOND"), Some("2".into()));
        assert_eq!(num("Article Twelfth"), Some("12".into()));
        assert_eq!(num("ARTICLE TWENTY-SECOND"), Some("22".into()));
        assert_eq!(num("ARTICLE TWENTY-ONE"), Some("21".into()));
        assert_eq!(num("ARTICLE SEVENTEEN"), Some("17".into()));
        assert_eq!(num("Article 1er"), Some("1".into()));
        assert_eq!(num("Artículo 3"), Some("3".into()));
        assert_eq!(num("Artikel 4"), Some("4".into()));
        assert_eq!(num("Article 007"), Some("7".into()));
    }

    #[test]
    fn marker_rest_is_heading_or_body() {
        let m = parse_marker("Article 5 - Definitions").unwrap();
        assert_eq!((m.number.as_str(), m.rest.as_str()), ("5", "Definitions"));
        let m = parse_marker("ARTICLE 1. The two Contracting Parties shall").unwrap();
        assert_eq!(m.rest, "The two Contracting Parties shall");
    }

    #[test]
    fn cross_references_are_not_markers() {
        assert_eq!(num("Article 51 of the Charter shall apply"), None);
        assert_eq!(num("Articles 3 and 4"), None);
        assert_eq!(num("Article 1, the financial contribution"), None);
        let lenient = |l: &str| parse_marker_with(l, true).map(|m| m.number);
        assert_eq!(lenient("ARTICLE 1 period of application"), Some("1".into()));
        assert_eq!(lenient("ARTICLE 1 of the association agreement"), None);
        assert_eq!(lenient("Article 1 period"), None);
        assert_eq!(num("as provided in Article 5"), None);
        assert_eq!(num("Articled clerks"), None);
    }

    #[test]
    fn foreign_marker_words_flag_translations() {
        assert!(parse_marker("Artikel 1").unwrap().foreign);
        assert!(parse_marker("ARTÍCULO 3").unwrap().foreign);
        assert!(!parse_marker("ARTICLE 3").unwrap().foreign);
    }
}
