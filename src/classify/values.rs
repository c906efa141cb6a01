//! Value extraction: the periods of a treaty's duration clause, read from numerals and number
//! words alike ("thirty years", "a further five years", "ten (10) years", "six month's
//! notice", "twelvemonths", "15 years", "indefinitely").
//!
//! In: a segment's text and its labels. Out: [`Value`]s `{kind, amount, unit, evidence, span}`
//! in text order, one per distinct (kind, amount, unit). Term and renewal are read only from
//! segments labelled `duration` or `termination`, notice only from segments labelled
//! `termination`, and only in sentences that speak of ending or extending the treaty; the
//! "survival" periods of investment treaties ("investments made before the date of
//! termination ... for a further period of fifteen years") are not the treaty's term.

use crate::classify::sentence;
use crate::model::{Label, TextRange, Unit, Value, ValueKind};
use crate::segment::heading::word_number;
use regex::Regex;
use std::sync::LazyLock;

/// A number as numerals or words, with an optional numeral in brackets after words.
const NUM: &str = r"(?P<n>\d{1,4}|(?:one|two|three)\s+hundred(?:\s+and)?(?:\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an)(?:\s*\(\d{1,4}\))?";
/// An ordinal day: "the 180th day", "the one hundred and eightieth day", "the sixtieth day".
const ORD: &str = r"(?P<n>\d{1,3}(?:st|nd|rd|th)|(?:(?:one|two|three)\s+hundred(?:\s+and)?\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:one\s+|two\s+|three\s+)?hundredth)";
/// A unit, OCR-tolerant of a missing space ("twelvemonths") and of the possessive, also with
/// the backslash some flattened texts escape it with ("one year\'s notice").
const UNIT: &str =
    r"\s*(?P<u>(?:calendar\s+)?(?:years?|months?|weeks?|days?))(?-u:\b)(?:\\?['’]s?)?";

struct Rule {
    kind: ValueKind,
    re: Regex,
    /// The value of a phrase that has no number in it ("from year to year").
    fixed: Option<(u32, Unit)>,
}

fn fixed(kind: ValueKind, pattern: &str, amount: u32, unit: Unit) -> Rule {
    Rule {
        fixed: Some((amount, unit)),
        ..rule(kind, pattern)
    }
}

fn rule(kind: ValueKind, pattern: &str) -> Rule {
    let source = pattern
        .replace("NUM", NUM)
        .replace("UNIT", UNIT)
        .replace("ORD", ORD);
    let source = crate::classify::taxonomy::prepare(&source);
    Rule {
        kind,
        re: regex::RegexBuilder::new(&source)
            .case_insensitive(true)
            .build()
            .expect("value patterns compile"),
        fixed: None,
    }
}

/// In order of precedence: a renewal match hides a term match it overlaps ("remain in force
/// for a further five years" is a renewal).
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use ValueKind::*;
    vec![
        // "the expiration of a period of three months after the date of receipt of notice":
        // the notice, not a term (before the term rules, which it hides).
        rule(
            Notice,
            r"\b(?:expiry|expiration|end|lapse) of (?:a |the )?(?:period of )?NUMUNIT (?:after|following|from) (?:the (?:date|day) (?:of|on which) )?(?:(?:the|its|such|a|written) )*(?:receipt|notice|notification|denunciation|delivery)",
        ),
        // "The denunciation shall take effect one year after ...", "The complaint will take
        // effect two years after its presentation".
        rule(
            Notice,
            r"\b(?:denunciation|complaint|withdrawal|termination|notice)\b[^.;]{0,40}?\b(?:take|takes|taking) effect (?:only )?NUMUNIT (?:after|following|from)\b",
        ),
        // "shall take effect on the one hundred and eightieth day after the receipt of the
        // notification".
        rule(
            Notice,
            r"\b(?:on|upon|as from|from|with effect from) the ORD (?P<u>day) (?:after|following|from)\b[^.;]{0,70}?\b(?:notice|notification|notified|denunciation|receipt|withdrawal)\b",
        ),
        rule(
            Renewal,
            r"\b(?:for|by) (?:a |an )?(?:further|additional|successive|subsequent|consecutive|like|similar|new|another) (?:\w+ )?(?:(?:periods?|terms?) of )?(?:one |each )?NUMUNIT",
        ),
        rule(
            Renewal,
            r"\b(?:extended|renewed|prolonged|continued|extend|renew|prolong) (?:\w+ ){0,3}?(?:for|by) (?:a |an )?(?:further |additional |successive |subsequent |consecutive )?(?:(?:periods?|terms?) of )?NUMUNIT",
        ),
        fixed(Renewal, r"\bfrom year to year\b", 1, Unit::Years),
        // "of\s*" also reads the OCR slip "a period often years".
        rule(
            Term,
            r"\b(?:remain|continue|be|been|stay|remains|continues) in (?:force|effect|operation) for (?:a |an )?(?:initial |first |fixed )?(?:(?:period|term) of\s*)?NUMUNIT",
        ),
        rule(
            Term,
            r"\b(?:concluded|valid|effective|in force) for (?:a |an )?(?:initial |first |fixed )?(?:(?:period|term) of )?NUMUNIT",
        ),
        rule(
            Term,
            r"\b(?:initial|first|original|fixed) (?:period|term) of (?:validity of )?NUMUNIT",
        ),
        rule(
            Term,
            r"\b(?:expiry|expiration) of (?:(?:a|an|the) )?(?:initial |first )?(?:(?:period|term) of )?NUMUNIT",
        ),
        rule(
            Term,
            r"\bend of (?:a|an|the) (?:initial |first )?(?:period|term) of NUMUNIT",
        ),
        rule(
            Term,
            r"\bafter (?:a (?:period|term) of )?NUM(?P<u>\s*years?)\b",
        ),
        rule(
            Term,
            r"\b(?:indefinitely|(?:for|of) an? (?:indefinite|unlimited) (?:period|duration|time)|(?:indefinite|unlimited) duration|in perpetuity|without (?:any )?(?:limit|limitation) (?:of|in) time)\b",
        ),
        rule(
            Term,
            r"\bremain in (?:force|effect) until (?:it is )?terminated\b",
        ),
        rule(
            Notice,
            r"\bNUMUNIT (?:prior |advance |previous )?(?:written |formal )?(?:notice|notification)\b",
        ),
        rule(
            Notice,
            r"\b(?:notice|notification|notify|notifies|notified)\b[^.;]{0,100}?\b(?:at least |not less than |no later than |not later than )?NUMUNIT (?:before|prior to|in advance)\b",
        ),
        rule(
            Notice,
            r"\b(?:at least |not less than |no later than |not later than )?NUMUNIT (?:before|prior to) (?:the |its )?(?:date of )?(?:the |its )?(?:expiry|expiration|end|termination)\b",
        ),
        rule(
            Notice,
            r"\bNUMUNIT (?:after|following|from)\b[^.;]{0,70}?\b(?:notice|notification|notified|denunciation|receipt|presentation)\b",
        ),
        // "by givingone year’s advance notice" (glued).
        rule(
            Notice,
            r"giving\s*NUMUNIT (?:prior |advance |previous )?(?:written |formal )?notice\b",
        ),
        rule(
            Notice,
            r"\b(?:upon|on|by|with|giving|given) (?:a |an )?(?:prior |advance )?(?:written )?notice of (?:at least |not less than )?NUMUNIT",
        ),
    ]
});

/// A sentence that speaks of ending, extending or the duration of the treaty.
static ABOUT_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:terminat|denounc|denunciation|withdraw|expir|cease|renew|extend|extension|prolong|in force|in effect|valid|duration|period|suspen|complaint)").expect("compiles")
});

/// Survival clauses: periods that protect investments or contracts after termination.
static SURVIVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:investments?|contracts?|continue to be effective|continue to apply|remain applicable)(?-u:\b)").expect("compiles")
});

/// Periods that are not the treaty's notice: the delay before the treaty extends to a
/// territory, a consultation period.
static NOT_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:extend\w*|extension|appl(?:y|ies|ication))(?-u:\b)[^.;]{0,120}?(?-u:\b)territor(?:y|ies)(?-u:\b)|(?-u:\b)consultations?(?-u:\b)").expect("compiles")
});

/// The values of one segment, given its labels.
pub fn extract(text: &str, labels: &[Label]) -> Vec<Value> {
    let has = |id: &str| labels.iter().any(|l| l.id == id);
    let term_ok = has("duration") || has("termination");
    let notice_ok = has("termination");
    if !term_ok && !notice_ok {
        return Vec::new();
    }
    let mut found: Vec<(usize, Value)> = Vec::new(); // (rule, value)
    for (ri, r) in RULES.iter().enumerate() {
        let allowed = match r.kind {
            ValueKind::Term | ValueKind::Renewal => term_ok,
            ValueKind::Notice => notice_ok,
        };
        if !allowed {
            continue;
        }
        for c in r.re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let (s, e) = sentence(text, m.start(), m.end());
            let sent = &text[s..e];
            if !ABOUT_TERM.is_match(sent) || SURVIVAL.is_match(sent) {
                continue;
            }
            // A period counted from the entry into force is a term ("after the expiration of
            // two years from the date of its entry into force ... by giving notice").
            if r.kind == ValueKind::Notice
                && (NOT_NOTICE.is_match(sent) || m.as_str().contains("into force"))
            {
                continue;
            }
            let (amount, unit) = match (r.fixed, c.name("n"), c.name("u")) {
                (Some((a, u)), _, _) => (Some(a), Some(u)),
                (None, Some(n), Some(u)) => match (number(n.as_str()), unit(u.as_str())) {
                    (Some(a), Some(u)) => (Some(a), Some(u)),
                    _ => continue,
                },
                // An open-ended term.
                _ => (None, None),
            };
            found.push((
                ri,
                Value {
                    kind: r.kind,
                    amount,
                    unit,
                    evidence: m.as_str().to_string(),
                    span: TextRange {
                        start: m.start(),
                        end: m.end(),
                    },
                },
            ));
        }
    }
    // Precedence: a match overlapping one of an earlier rule is dropped.
    let mut kept: Vec<(usize, Value)> = Vec::new();
    for (rule, v) in found {
        let overlaps = kept.iter().any(|(kr, k)| {
            *kr < rule && v.span.start < k.span.end && k.span.start < v.span.end && k.kind != v.kind
        });
        if !overlaps {
            kept.push((rule, v));
        }
    }
    kept.sort_by_key(|(rule, v)| (v.span.start, *rule));
    // An open-ended term only when the text gives no term in numbers.
    let numeric_term = kept
        .iter()
        .any(|(_, v)| v.kind == ValueKind::Term && v.amount.is_some());
    let mut out: Vec<Value> = Vec::new();
    for (_, v) in kept {
        if v.kind == ValueKind::Term && v.amount.is_none() && numeric_term {
            continue;
        }
        let dup = out
            .iter()
            .any(|o| o.kind == v.kind && o.amount == v.amount && o.unit == v.unit);
        if !dup {
            out.push(v);
        }
    }
    out
}

/// A cardinal or ordinal number in figures or words: "30", "180th", "a", "one hundred and
/// eighty", "one hundred and eightieth".
fn number(s: &str) -> Option<u32> {
    let lower = s.trim().to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let figures = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !figures.is_empty() && figures.chars().all(|c| c.is_ascii_digit()) {
        return figures.parse().ok();
    }
    match lower.as_str() {
        "a" | "an" => return Some(1),
        "hundredth" | "one hundredth" => return Some(100),
        _ => {}
    }
    if let Some((h, rest)) = lower.split_once(" hundred") {
        let hundreds = word_number(h)? * 100;
        let rest = rest.trim().trim_start_matches("and").trim();
        return match rest {
            "" | "th" => Some(hundreds),
            r => Some(hundreds + word_number(r)?),
        };
    }
    word_number(&lower)
}

fn unit(s: &str) -> Option<Unit> {
    let s = s.to_ascii_lowercase();
    let s = s.trim_start_matches("calendar").trim();
    Some(match s.trim_end_matches('s') {
        "year" => Unit::Years,
        "month" => Unit::Months,
        "week" => Unit::Weeks,
        "day" => Unit::Days,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{labels, Taxonomy};

    fn vals(text: &str) -> Vec<(ValueKind, Option<u32>, Option<Unit>)> {
        let l = labels(&Taxonomy::builtin(), None, text);
        extract(text, &l)
            .into_iter()
            .map(|v| {
                assert_eq!(&text[v.span.start..v.span.end], v.evidence);
                (v.kind, v.amount, v.unit)
            })
            .collect()
    }

    use ValueKind::*;

    #[test]
    fn term_renewal_and_notice_in_words_and_numerals() {
        assert_eq!(
            vals("This Treaty shall remain in force for thirty years. If neither of the Contracting Parties gives notice one year before the expiration of the said period that it wishes to denounce the Treaty, it shall remain in force for a further five years."),
            [(Term, Some(30), Some(Unit::Years)), (Notice, Some(1), Some(Unit::Years)), (Renewal, Some(5), Some(Unit::Years))]
        );
        assert_eq!(
            vals("This Agreement shall remain in force unless terminated by either Party on six month's notice to the other Party."),
            [(Notice, Some(6), Some(Unit::Months))]
        );
        assert_eq!(
            vals("This Agreement shall remain in force for a period of ten (10) years and shall be extended tacitly for periods of 5 years unless terminated by twelvemonths notice."),
            [(Term, Some(10), Some(Unit::Years)), (Renewal, Some(5), Some(Unit::Years)), (Notice, Some(12), Some(Unit::Months))]
        );
        assert_eq!(
            vals("This Treaty shall remain in force indefinitely. Either Party may terminate it twelve months after written notice."),
            [(Term, None, None), (Notice, Some(12), Some(Unit::Months))]
        );
    }

    /// Periods as real treaties state them (issue 14), each from the article where it was seen.
    #[test]
    fn notices_and_terms_as_treaties_state_them() {
        let (y, m, d) = (Some(Unit::Years), Some(Unit::Months), Some(Unit::Days));
        for (text, want) in [
            // ESP-PRT 1969 Art. 7: the backslash of a flattened text before the possessive.
            ("This Convention shall remain in force for a term of 20 years. After the expiration of that term, it shall be automatically extended for successive periods of five years, unless one of the Parties gives the other Party at least one year\\'s notice of its intention not to extend the Convention.", vec![(Term, Some(20), y), (Renewal, Some(5), y), (Notice, Some(1), y)]),
            // pta_222 Art. 18: "months'" with the apostrophe after the s.
            ("The Agreement may be denounced by either Contracting Party, subject to six months' advance notice.", vec![(Notice, Some(6), m)]),
            // pta_34 Art. 176: glued by the source.
            ("Either Party may terminate this Agreement by givingone year’s advance notice in writing to the other Party.", vec![(Notice, Some(1), y)]),
            // HND-PAN 1973 Art. 26: "complaint" is the denunciation.
            ("This Treaty shall take effect upon the exchange of the ratification instruments and shall remain in force until one of the Signatory States denounces it. The complaint will take effect two years after its presentation.", vec![(Notice, Some(2), y)]),
            // BWBV0001817 Art. 12: a minimum term counted from entry into force, then the notice.
            ("Either Party may after the expiration of two years from the date of its entry into force terminate this Agreement by giving notice of termination in writing. Such termination shall become effective on the first day of the month following the expiration of a period of three months after the date of receipt of notice of termination by the other Party.", vec![(Term, Some(2), y), (Notice, Some(3), m)]),
            // Notice versus term; terms said as "concluded for" and "valid for".
            ("Either Party may denounce this Agreement; it shall cease to be in force six months after the date of receipt of the notification.", vec![(Notice, Some(6), m)]),
            ("This Agreement is concluded for a term of three years and may be terminated by either Party.", vec![(Term, Some(3), y)]),
            ("This Agreement shall be valid for one year and may be terminated by either Party.", vec![(Term, Some(1), y)]),
            // Ordinal days and hundreds in words.
            ("The denunciation shall take effect on the one hundred and eightieth day after the receipt of the notification by the depositary.", vec![(Notice, Some(180), d)]),
            ("Either Party may terminate this Agreement by giving one hundred and eighty days' written notice.", vec![(Notice, Some(180), d)]),
            // BWBV0004785 Art. 15: a suspension on notice.
            ("In the event of such hostilities, each of the Contracting Parties shall have the right, by giving 60 days' notice to the other Contracting Parties, to suspend the application of any of the provisions of this Agreement so far as it is concerned.", vec![(Notice, Some(60), d)]),
        ] {
            assert_eq!(vals(text), want, "{text}");
        }
    }

    #[test]
    fn extensions_to_territories_and_wind_downs_are_not_notices() {
        // BWBV0004785 Art. 20 (the NATO SOFA): the delay before it extends to a territory.
        let territory = "Either Party may terminate this Agreement. The present Agreement shall then extend to the territory or territories named therein thirty days after the receipt by the Government of the United States of America of the notification.";
        assert!(
            vals(territory).iter().all(|v| v.0 != Notice),
            "{:?}",
            vals(territory)
        );
        // BWBV0002794 Art. 24: provisions that remain applicable while operations wind down.
        let wind_down = "This Agreement shall be terminated in the event that the Headquarters are transferred from the territory of the Netherlands. The provisions of this Agreement relevant in connection with the orderly termination of the operations of the Fund in the Netherlands and the disposal of its property shall, however, remain applicable as long as necessary, but no longer than six months after notification to the Government that the Fund will terminate its operations in the Netherlands.";
        assert!(
            vals(wind_down).iter().all(|v| v.0 != Notice),
            "{:?}",
            vals(wind_down)
        );
        // "at the end of a calendar year" is when a termination takes effect, not a term.
        let calendar = "Either Party may terminate this Agreement, with effect at the end of a calendar year, by giving notice.";
        assert!(
            vals(calendar).iter().all(|v| v.0 != Term),
            "{:?}",
            vals(calendar)
        );
    }

    #[test]
    fn survival_clauses_and_entry_into_force_delays_are_not_values() {
        assert_eq!(
            vals("In respect of investments made prior to the date of termination of the present Agreement, the foregoing Articles shall continue to be effective for a further period of fifteen years from that date."),
            []
        );
        assert_eq!(
            vals("This Agreement shall enter into force thirty days after the date of the last notification."),
            []
        );
    }
}
