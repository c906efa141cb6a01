//! Dates of signature as treaties print them, turned into ISO `YYYY-MM-DD`:
//! "February 14, 1950", "14 February 1950", "this 19th day of January, 1960",
//! "this nineteenth day of January, 1960", "MAY 6TH, 1935", "1992-12-17", years in words
//! ("the eighth day of November, one thousand nine hundred and seventy-three"), ordinals with
//! markup ("28<sup>th</sup> day of June") and glued to the word before ("this18th day").

use super::heading::word_number;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?";
const DAY_WORDS: &str = "(?:twenty|thirty)[-\\s]*(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|thirthieth";

/// A year in figures or in words ("one thousand nine hundred and seventy-three").
const YEAR: &str = r"1[6-9][0-9]{2}|20[0-9]{2}|nineteen[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:one\s+thousand\s+nine\s+hundred|nineteen\s+hundred|two\s+thousand)(?:\s+and)?(?:[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b)?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        (?P<iso>\b(?P<iy>1[6-9][0-9]{{2}}|20[0-9]{{2}})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9])\b)
      | \b(?P<m1>{MONTHS})\s+(?P<d1>[0-3]?[0-9])(?:st|nd|rd|th)?,?\s+(?P<y1>{YEAR})\b
      | \b(?P<d2>[0-3]?[0-9])(?:st|nd|rd|th)?\.?[\s-]+(?:(?:day\s+)?of\s+(?:the\s+month\s+of\s+)?)?(?P<m2>{MONTHS}),?\s+(?:(?:in|of)\s+(?:the|this)\s+year\s+|of\s+)?(?P<y2>{YEAR})\b
      | \b(?P<d3>{DAY_WORDS})[\s-]+(?:day\s+)?of\s+(?:the\s+month\s+of\s+)?(?P<m3>{MONTHS}),?\s+(?:(?:in|of)\s+(?:the|this)\s+year\s+|of\s+)?(?P<y3>{YEAR})\b
      | \b(?P<m4>{MONTHS})\s+(?P<d4>{DAY_WORDS}),?\s+(?P<y4>{YEAR})\b
    "
    ))
    .expect("date regex")
});

/// Markup and glue removed so that dates read as words: `<sup>th</sup>` becomes `th`, and a
/// figure glued to the word before ("this18th") is set apart.
fn normalise(text: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(?:sup|sub|span|b|i|em|strong)\b[^>]{0,40}>").expect("tag regex")
    });
    static GLUED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([A-Za-z])([0-9])").expect("glue regex"));
    // An ordinal broken by a space ("6t h December").
    static BROKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([0-9]{1,2})\s?(s|n|r|t)\s([tdh])\b").expect("broken ordinal regex")
    });
    let t = TAG.replace_all(text, "");
    let t = GLUED.replace_all(&t, "$1 $2");
    // A year glued to the next word ("December 7, 1981Excellency").
    static GLUED_AFTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([0-9])([A-Z][a-z])").expect("glue regex"));
    let t = GLUED_AFTER.replace_all(&t, "$1 $2");
    BROKEN.replace_all(&t, "$1$2$3").into_owned()
}

/// A year's value, from figures or words.
fn year_value(s: &str) -> Option<u32> {
    if let Ok(y) = s.parse() {
        return Some(y);
    }
    let s = s.to_lowercase();
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let (base, rest) = if words.starts_with(&["one", "thousand", "nine", "hundred"]) {
        (1900, &words[4..])
    } else if words.starts_with(&["nineteen", "hundred"]) {
        (1900, &words[2..])
    } else if words.first() == Some(&"nineteen") {
        // "nineteen eighty-four"
        (1900, &words[1..])
    } else if words.starts_with(&["two", "thousand"]) {
        (2000, &words[2..])
    } else {
        return None;
    };
    let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "and").collect();
    if rest.is_empty() {
        return Some(base);
    }
    Some(base + word_number(&rest.join(" "))?)
}

/// A date found in a text, ISO formatted, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

/// A date of signature as read: a date, or figures that can be read two ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Date(FoundDate),
    /// "11/12/96": day and month both 12 or less; the figures as printed.
    Ambiguous(String),
}

/// The first date in `text`, in words or in figures ("25/12/1996", "11.12.96"). Figures are
/// day/month/year when the first number cannot be a month, month/day/year when the second
/// cannot; when both can, the reading is [`Reading::Ambiguous`]. Two-digit years are 19xx from
/// 30 on, 20xx below.
pub fn read_date(text: &str) -> Option<Reading> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([0-3]?[0-9])[./]([0-3]?[0-9])[./]([0-9]{4}|[0-9]{2})\b")
            .expect("numeric date regex")
    });
    let clean = normalise(text);
    let words = first_date(&clean);
    let numeric = NUMERIC.captures(&clean).and_then(|c| {
        let whole = c.get(0)?;
        if words.as_ref().is_some_and(|w| w.start < whole.start()) {
            return None;
        }
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[2].parse().ok()?;
        let y: u32 = c[3].parse().ok()?;
        let y = match c[3].len() {
            2 if y >= 30 => 1900 + y,
            2 => 2000 + y,
            _ => y,
        };
        let date = |d: u32, m: u32| valid(y, m, d, whole);
        Some(match (a > 12, b > 12) {
            (true, false) => Reading::Date(date(a, b)?),
            (false, true) => Reading::Date(date(b, a)?),
            (false, false) if a == b => Reading::Date(date(a, b)?),
            (false, false) => Reading::Ambiguous(whole.as_str().to_string()),
            (true, true) => return None,
        })
    });
    numeric.or(words.map(Reading::Date))
}

/// The first valid date in `text` (its range is in the text with markup and glue removed).
pub fn find_date(text: &str) -> Option<FoundDate> {
    first_date(&normalise(text))
}

/// A date, if `y-m-d` is one (years 1600-2099), standing at `whole`.
fn valid(y: u32, m: u32, d: u32, whole: regex::Match) -> Option<FoundDate> {
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1600..2100).contains(&y)).then(
        || FoundDate {
            iso: format!("{y:04}-{m:02}-{d:02}"),
            start: whole.start(),
            end: whole.end(),
        },
    )
}

/// The first valid date in words or ISO form in text already [`normalise`]d.
fn first_date(text: &str) -> Option<FoundDate> {
    for caps in DATE.captures_iter(text) {
        let whole = caps.get(0)?;
        let parsed = if caps.name("iso").is_some() {
            let y = caps["iy"].parse().ok();
            let m = caps["im"].parse().ok();
            let d = caps["id"].parse().ok();
            y.zip(m).zip(d).map(|((y, m), d)| (y, m, d))
        } else {
            let pick = |names: [&str; 3]| {
                let y: u32 = year_value(caps.name(names[0])?.as_str())?;
                let m = month_number(caps.name(names[1])?.as_str())?;
                let draw = caps.name(names[2])?.as_str();
                // A misspelling read through (BWBV0001535: "this thirthieth day of May").
                let draw = draw.to_lowercase().replace("thirthieth", "thirtieth");
                let d = draw.parse().ok().or_else(|| word_number(&draw))?;
                Some((y, m, d))
            };
            pick(["y1", "m1", "d1"])
                .or_else(|| pick(["y2", "m2", "d2"]))
                .or_else(|| pick(["y3", "m3", "d3"]))
                .or_else(|| pick(["y4", "m4", "d4"]))
        };
        if let Some(found) = parsed.and_then(|(y, m, d)| valid(y, m, d, whole)) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        find_date(s).map(|d| d.iso)
    }

    /// Closing clauses of shared/corpora that gave no date before (issue 14).
    #[test]
    fn dates_in_closings_once_missed() {
        for (text, want) in [
            // ARG-PRY 1939, BWBV0001346
            ("sealed it in the City of Buenos Aires, on the fifth day of July of the year one thousand nine hundred and thirty-nine.", "1939-07-05"),
            ("DONE at Canberra on the twenty-fourth day of the month of September of the year one thousand nine hundred and ninety-seven,", "1997-09-24"),
            // COL-NIC 1984: a year in words without "thousand"
            ("in the city of Managua, on the second day of March, nineteen eighty-four. (Signed.:)", "1984-03-02"),
            // IND-NPL 1991: an ordinal broken by a space
            ("at New Delhi on 6t h December 1991. In case of doubt", "1991-12-06"),
            // BWBV0001535: a misspelt day
            ("DONE at Washington, in duplicate, this thirthieth day of May, 2001, in the English language.", "2001-05-30"),
            // BWBV0003121, BWBV0003253: "in this year"
            ("DONE at Pretoria on this 8th day of June in this year 2007.", "2007-06-08"),
            ("DONE at Kigali on this 13<sup>th</sup> day of May in this year 2009.", "2009-05-13"),
            // pta_389: "of 2010"
            ("DONE at Lima, on this 8th day of April of 2010, in duplicate", "2010-04-08"),
            // BWBV0004160: an ordinal with a full stop
            ("DONE at London this 23rd. day of April 2010, in duplicate", "2010-04-23"),
            // pta_395 (EU-Colombia and Peru): no "day" before "of"
            ("DONE in triplicate in Brussels, on the 26th of June of 2012.", "2012-06-26"),
            ("Signed at Lisbon on the twenty-sixth of June, 1975", "1975-06-26"),
        ] {
            match read_date(text) {
                Some(Reading::Date(d)) => assert_eq!(d.iso, want, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn dates_in_the_forms_treaties_print() {
        assert_eq!(iso("February 14, 1950").as_deref(), Some("1950-02-14"));
        assert_eq!(
            iso("Signed at Peking, January 20, 1925").as_deref(),
            Some("1925-01-20")
        );
        assert_eq!(
            iso("Done at Moscow, on 14 February 1950, in two copies").as_deref(),
            Some("1950-02-14")
        );
        assert_eq!(
            iso("equally authentic, this 19th day of January, 1960.").as_deref(),
            Some("1960-01-19")
        );
        assert_eq!(
            iso("Done at Washington, this nineteenth day of January, 1960").as_deref(),
            Some("1960-01-19")
        );
        assert_eq!(
            iso("Done at Washington, the fourth day of April, 1949").as_deref(),
            Some("1949-04-04")
        );
        assert_eq!(
            iso("the twenty-first day of March, 1961").as_deref(),
            Some("1961-03-21")
        );
        assert_eq!(
            iso("SIGNED AT KABUL, MAY 6TH, 1935.").as_deref(),
            Some("1935-05-06")
        );
        assert_eq!(iso("1992-12-17").as_deref(), Some("1992-12-17"));
        assert_eq!(iso("on 16 May 2003").as_deref(), Some("2003-05-16"));
        assert_eq!(iso("Sept. 8, 1951").as_deref(), Some("1951-09-08"));
    }

    #[test]
    fn years_in_words_markup_and_glued_ordinals() {
        // HND-PAN 1973, AUS-CAN 1960, BWBV0006214, BWBV0002337, as the texts print them.
        assert_eq!(
            iso("in Panama City, on the eighth day of November, one thousand nine hundred and seventy-three.").as_deref(),
            Some("1973-11-08")
        );
        assert_eq!(
            iso("DONE in duplicate at Canberra this 12th day of February One thousand nine hundred and sixty").as_deref(),
            Some("1960-02-12")
        );
        assert_eq!(
            iso("DONE at Brussels on the 28<sup>th</sup> day of June, 2013, in duplicate")
                .as_deref(),
            Some("2013-06-28")
        );
        assert_eq!(
            iso("at The Hague, in the English language, on this18th day of March, 1985.")
                .as_deref(),
            Some("1985-03-18")
        );
        assert_eq!(
            iso("the thirtieth day of November one thousand nine hundred ninety eight").as_deref(),
            Some("1998-11-30")
        );
        assert_eq!(
            iso("the fourth-day of the month of October, 1988").as_deref(),
            Some("1988-10-04")
        );
        assert_eq!(iso("two thousand and three hundred men"), None);
        // pta_121, pta_139: the day in words with a space or a broken hyphen.
        assert_eq!(
            iso("at Washington, D.C., this twenty second day of April 1985").as_deref(),
            Some("1985-04-22")
        );
        assert_eq!(
            iso("in duplicate, the twenty- fourth day of November two thousand and six.")
                .as_deref(),
            Some("2006-11-24")
        );
    }

    #[test]
    fn dates_in_figures_are_read_only_where_one_reading_exists() {
        let r = |s: &str| read_date(s);
        assert_eq!(
            r("DONE in duplicate at Harare on 11/12/96, in the English language."),
            Some(Reading::Ambiguous("11/12/96".into()))
        );
        assert!(
            matches!(r("Done at Rome on 25/12/1996."), Some(Reading::Date(d)) if d.iso == "1996-12-25")
        );
        assert!(
            matches!(r("Done at Washington on 12/25/96."), Some(Reading::Date(d)) if d.iso == "1996-12-25")
        );
        // A date in words before the figures wins.
        assert!(
            matches!(r("Done on 4 May 2001; see 11/12/96"), Some(Reading::Date(d)) if d.iso == "2001-05-04")
        );
        assert_eq!(r("Chapter 3.1.2 and 40/50/60"), None);
    }

    #[test]
    fn impossible_dates_are_skipped() {
        assert_eq!(iso("February 30, 1950"), None);
        assert_eq!(
            iso("31 April 1950 and then May 1, 1950").as_deref(),
            Some("1950-05-01")
        );
        assert_eq!(iso("the Treaty of 1905"), None);
    }
}
