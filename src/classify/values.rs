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
const NUM: &str = r"(?P<n>\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an)(?:\s*\(\d{1,4}\))?";
/// A unit, OCR-tolerant of a missing space ("twelvemonths") and of the possessive.
const UNIT: &str =
    r"\s*(?P<u>(?:calendar\s+)?(?:years?|months?|weeks?|days?))(?:'s|s'|’s|’|')?(?-u:\b)";

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
    let source = pattern.replace("NUM", NUM).replace("UNIT", UNIT);
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
            r"\b(?:expiry|expiration|end) of (?:a|an|the)? ?(?:initial |first )?(?:(?:period|term) of )?NUMUNIT",
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
            r"\bNUMUNIT (?:after|following|from)\b[^.;]{0,70}?\b(?:notice|notification|notified|denunciation|receipt)\b",
        ),
        rule(
            Notice,
            r"\b(?:upon|on|by|with|giving|given) (?:a |an )?(?:prior |advance )?(?:written )?notice of (?:at least |not less than )?NUMUNIT",
        ),
    ]
});

/// A sentence that speaks of ending, extending or the duration of the treaty.
static ABOUT_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:terminat|denounc|denunciation|withdraw|expir|cease|renew|extend|extension|prolong|in force|in effect|valid|duration|period)").expect("compiles")
});

/// Survival clauses: periods that protect investments or contracts after termination.
static SURVIVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:investments?|contracts?|continue to be effective|continue to apply)(?-u:\b)").expect("compiles")
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

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    match s.to_ascii_lowercase().as_str() {
        "a" | "an" => Some(1),
        _ => s.parse().ok().or_else(|| word_number(s)),
    }
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
