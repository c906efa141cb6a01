//! The closing clause ("IN WITNESS WHEREOF ...", "Done at Moscow ... in two copies ... equally
//! authentic") and the signatories under it.

use crate::ingest::{Block, BlockKind};
use crate::model::Signatory;
use crate::text::{fold_ws, strip_markup};
use regex::Regex;
use std::sync::LazyLock;

static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:in\s+(?:witness|faith|testimony)\s+(?:whereof|of\s+which)|done\s+(?:at|in|on|this)\b|signed\s+(?:at|in)\b|(?:set\s+down|drawn\s+up)\s+(?:at|in)\b)")
        .expect("closing regex")
});
/// A closing phrase after the end of a sentence, inside a paragraph of a flattened text.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.;:]\s+(IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|IN\s+FAITH\s+WHEREOF|In\s+faith\s+whereof|DONE\s+(?:at|in)\b|Done\s+(?:at|in)\b|Set\s+down\s+(?:at|in)\b|SET\s+DOWN\s+(?:AT|IN)\b)")
        .expect("inline closing regex")
});
static PARTY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:for|by\s+authori[sz]ation\s+of|on\s+behalf\s+of)\s+(?:the\s+)?(.+?)\s*:?\s*$",
    )
    .expect("party header regex")
});
static CLOSING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:done|whereof|authentic|duplicate|copies|originals|signed\s+this)\b")
        .expect("closing words regex")
});

static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:annex|appendix|schedule|protocol|attachment|exchange of notes)\b|^(?:ANNEX|PART|SECTION|TITLE|CHAPTER)\b")
        .expect("annex regex")
});

/// A signatory's name: a few words with letters, no sentence.
fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=7).contains(&words)
        && s.len() <= 60
        && s.chars().any(char::is_alphabetic)
        && !s.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && !s.ends_with([':', ';', ','])
        && !(s.ends_with('.') && words > 4)
}

/// True when a paragraph opens the closing clause.
pub fn starts_closing(text: &str) -> bool {
    OPENING.is_match(text.trim_start())
}

/// Where the closing starts among `paras` (block indices): the position in `paras` and, when
/// the closing begins inside that paragraph, the byte offset in its text.
pub fn find_start(blocks: &[Block], paras: &[usize]) -> Option<(usize, Option<usize>)> {
    for (pos, &i) in paras.iter().enumerate() {
        let b = &blocks[i];
        if b.kind != BlockKind::Para {
            continue;
        }
        if starts_closing(&b.text) {
            return Some((pos, None));
        }
        if let Some(c) = INLINE.captures(&b.text) {
            let at = c.get(1).expect("group").start();
            return Some((pos, Some(at)));
        }
    }
    None
}

/// Signatories from the source text of the closing clause: names under "For X:" or
/// "By authorization of X:" headers, with tab-separated columns matched to the headers.
pub fn signatories(source: &str) -> Vec<Signatory> {
    let lines: Vec<&str> = source.lines().collect();
    let start = lines
        .iter()
        .rposition(|l| CLOSING_WORDS.is_match(l) && l.len() > 40)
        .map_or(0, |i| i + 1);
    let mut out = Vec::new();
    let mut parties: Vec<String> = Vec::new();
    let mut headers_closed = true;
    for line in &lines[start..] {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        // Running text or an annex after the signatures ends the signature block.
        if t.len() > 160 || ANNEX.is_match(&strip_markup(t)) {
            break;
        }
        let cells: Vec<String> = line.split('\t').map(strip_markup).collect();
        if cells.len() == 1 {
            if let Some(c) = PARTY_HEADER.captures(&cells[0]) {
                if headers_closed {
                    parties.clear();
                    headers_closed = false;
                }
                parties.push(fold_ws(&c[1]));
                continue;
            }
        }
        headers_closed = true;
        for (col, cell) in cells.iter().enumerate() {
            let name = cell.trim().trim_start_matches("(sd.)").trim();
            if !is_name(name) {
                continue;
            }
            out.push(Signatory {
                name: name.to_string(),
                party: parties.get(col).or(parties.first()).cloned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_openings() {
        assert!(starts_closing("Done at Moscow, on 14 February 1950"));
        assert!(starts_closing("IN WITNESS WHEREOF the undersigned"));
        assert!(starts_closing("DONE in duplicate at Washington"));
        assert!(!starts_closing("This Treaty shall be done away with"));
        assert!(!starts_closing("The Parties have done at least"));
    }

    #[test]
    fn signatories_with_tab_columns() {
        let src = "DONE in duplicate at Washington in the Japanese and English languages, both equally authentic.\n\n#### FOR JAPAN:\n\n#### FOR THE UNITED STATES OF AMERICA:\n\nNobusuke Kishi\tChristian A. Herter\nTadashi Adachi\t\n\nKoichiro Asakai";
        let s = signatories(src);
        let pairs: Vec<(&str, &str)> = s
            .iter()
            .map(|s| (s.name.as_str(), s.party.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Nobusuke Kishi", "JAPAN"),
                ("Christian A. Herter", "UNITED STATES OF AMERICA"),
                ("Tadashi Adachi", "JAPAN"),
                ("Koichiro Asakai", "JAPAN"),
            ]
        );
    }

    #[test]
    fn signatories_under_authorization_headers() {
        let src = "Done at Moscow, on 14 February 1950, in two copies, both texts being equally authentic.\n\nBy authorization of the Presidium:\n\nA. V. VYSHINSKY\n\nBy authorization of the Central People's Government:\n\nCHOU EN-LAI";
        let s = signatories(src);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "A. V. VYSHINSKY");
        assert_eq!(s[0].party.as_deref(), Some("Presidium"));
        assert_eq!(s[1].party.as_deref(), Some("Central People's Government"));
    }
}
