//! Several treaties in one web page (an edition's chapter, a collection of a year's treaties):
//! the page is cut before each treaty's title, and each part is read as a treaty of its own.
//!
//! In: a [`Source`] read from HTML. Out: the parts, when the page holds more than one treaty,
//! each a `Source` named `page.html#1`, `page.html#2`, ... whose text keeps the page's line
//! numbers (the other parts' lines are left blank), so every citation points at the page. The
//! page's own heading, before the first treaty's title, is left out.
//!
//! A treaty starts at a title line in capitals ("TREATY WITH THE CREEK NATION.", "A TREATY OF
//! FRIENDSHIP AND ALLIANCE,", "CONVENTION BETWEEN ...") that stands within
//! [`TITLE_WINDOW`] lines before a first article ("ARTICLE I.", "Article 1"). The page is cut
//! only when a second first article follows such a title: an annex's own "Article 1" comes
//! after no treaty title and stays with its treaty.

use super::{from_text, InputProblem, Source};
use crate::model::Format;
use regex::Regex;
use std::sync::LazyLock;

/// How many lines before its first article a treaty's title may stand.
const TITLE_WINDOW: usize = 30;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:A\s+|THE\s+)?(?:TREATY|CONVENTION|AGREEMENT|ARTICLES\s+OF\s+AGREEMENT|PROTOCOL)\b",
    )
    .expect("title regex")
});

/// A line in capitals that names an instrument.
fn is_title(line: &str) -> bool {
    TITLE.is_match(line) && !line.chars().any(char::is_lowercase)
}

/// The line numbers (0-based) where each treaty of `lines` starts, when there are two or more.
pub fn starts(lines: &[&str]) -> Vec<usize> {
    let firsts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            crate::segment::heading::parse_marker(l.trim())
                .is_some_and(|m| !m.foreign && m.number == "1")
        })
        .map(|(i, _)| i)
        .collect();
    let mut starts: Vec<usize> = Vec::new();
    let mut floor = 0;
    for &a in &firsts {
        let from = a.saturating_sub(TITLE_WINDOW).max(floor);
        if let Some(t) = (from..a).find(|&i| is_title(lines[i])) {
            // The same title again after a table of contents is the same treaty: the part
            // before it, contents lines only, holds no prose and is no treaty.
            if let Some(&prev) = starts.last() {
                if !has_prose(&lines[prev..t]) {
                    starts.pop();
                }
            }
            starts.push(t);
            floor = a + 1;
        }
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    // What stands before the first title (the page's heading, "INDIAN TREATIES.") is the
    // page's, not a treaty's.
    starts
}

/// Whether some line of `lines` is prose (a sentence of some length, not a contents entry).
fn has_prose(lines: &[&str]) -> bool {
    lines.iter().any(|l| l.split_whitespace().count() >= 12)
}

/// The treaties of a web page `src`, when it holds more than one; `None` otherwise.
pub fn split(src: &Source) -> Option<Vec<Result<Source, InputProblem>>> {
    if src.format != Format::Html {
        return None;
    }
    let lines: Vec<&str> = src.text.split('\n').collect();
    let starts = starts(&lines);
    if starts.is_empty() {
        return None;
    }
    let parts = starts
        .iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = starts.get(k + 1).copied().unwrap_or(lines.len());
            let mut text = "\n".repeat(from);
            text.push_str(&lines[from..to].join("\n"));
            // The converter's notices (a translation skipped) belong to the page: the first part.
            let warnings = if k == 0 {
                src.warnings
                    .iter()
                    .filter(|w| w.kind.is_notice())
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            from_text(
                &format!("{}#{}", src.file, k + 1),
                text,
                src.encoding,
                Some(Format::Html),
                warnings,
            )
        })
        .collect();
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_before_each_treaty_title_and_not_before_an_annex() {
        let page = "INDIAN TREATIES.\n\nTREATY WITH THE CREEK NATION.\nJULY 10TH, 1861.\n\
                    Preamble text.\nARTICLE I. There shall be perpetual peace and friendship \
                    between the Confederate States and the Creek Nation.\nARTICLE II. More.\n\
                    In witness whereof.\nANNEX\nArticle 1 The annex's own article.\n\
                    TREATY WITH CHOCTAWS AND CHICKASAWS.\n\nA TREATY OF FRIENDSHIP AND ALLIANCE,\n\
                    made and concluded.\nARTICLE I. There shall be perpetual peace.\n";
        let lines: Vec<&str> = page.split('\n').collect();
        assert_eq!(starts(&lines), [2, 10]);
        // One treaty and its annex: no cut.
        assert!(starts(&lines[..10]).is_empty());
        // A title repeated after a table of contents is one treaty.
        let toc = "TREATY ON THINGS\nArticle 1 Scope\nArticle 2 Terms\n\nTREATY ON THINGS\n\
                   ARTICLE 1. This Treaty applies to all the things that the Parties hold in \
                   common and to nothing else at all.\nARTICLE 2. More.\n";
        let lines: Vec<&str> = toc.split('\n').collect();
        assert!(starts(&lines).is_empty(), "{:?}", starts(&lines));
        // "Treaty" in a sentence is no title.
        assert!(!is_title("Treaty of Peace between them, which"));
        assert!(is_title("A TREATY OF FRIENDSHIP AND ALLIANCE,"));
    }
}
