//! Small text helpers shared by the stages: line index, white-space folding, markup stripping.

use crate::model::Span;

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// A span for the byte range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line_start: self.line(start),
            line_end: self.line(end.saturating_sub(1).max(start)),
        }
    }
}

/// `text[start..end]`, with both ends moved outwards to character boundaries and clamped to
/// the text, so a span computed by arithmetic can never split a character.
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    let mut s = start.min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = end.clamp(s, text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    &text[s..e]
}

/// Folds every run of white space into one space and trims the ends.
pub fn fold_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes Markdown emphasis and heading marks from a line: leading `#`s, `**`, `__`, and `*`
/// or `_` that wrap words. Keeps apostrophes and other punctuation.
pub fn strip_markup(line: &str) -> String {
    let line = markdown_links(line);
    let t = line.trim().trim_start_matches('#').trim();
    let mut out = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' {
            continue;
        }
        if c == '_' {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            // `_` inside a word (snake_case, file names) stays; at a word edge it is markup.
            if !(prev.is_alphanumeric() && next.is_alphanumeric()) {
                continue;
            }
        }
        out.push(c);
    }
    fold_ws(&out)
}

/// Markdown links reduced to their text: "[North Atlantic Treaty](../../BWBV0005760/README.md)"
/// is "North Atlantic Treaty" (the Dutch database links treaties it cites).
pub fn markdown_links(line: &str) -> std::borrow::Cow<'_, str> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,500}\)").expect("link regex")
    });
    if !line.contains("](") {
        return std::borrow::Cow::Borrowed(line);
    }
    LINK.replace_all(line, "$1")
}

/// The FNV-1a offset basis: the hash of no bytes.
pub const FNV1A_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits) of `bytes`, continuing from the hash `h` (start from [`FNV1A_OFFSET`]).
pub fn fnv1a_extend(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// FNV-1a (64 bits) of `bytes`: stable across runs and platforms, for splits and feature ids.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_extend(FNV1A_OFFSET, bytes)
}

/// True when the text has letters and none of them is lower case.
pub fn is_upper(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// Title case for an all-capitals title: small words lower case except at the start.
pub fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a",
        "an",
        "and",
        "as",
        "at",
        "between",
        "by",
        "concerning",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "regarding",
        "the",
        "to",
        "with",
    ];
    let mut out = Vec::new();
    for (i, word) in s.split_whitespace().enumerate() {
        let lower = word.to_lowercase();
        if i > 0 && SMALL.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        let mut cap = String::with_capacity(lower.len());
        let mut at_start = true;
        for c in lower.chars() {
            if at_start && c.is_alphabetic() {
                cap.extend(c.to_uppercase());
                at_start = false;
            } else {
                cap.push(c);
                if c == '-' || c == '(' || c == '"' {
                    at_start = true;
                }
            }
        }
        out.push(cap);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn markdown_links_keep_their_text() {
        assert_eq!(
            markdown_links(
                "the [North Atlantic Treaty](../../../verdrag/BWBV0005760/README.md) applies"
            ),
            "the North Atlantic Treaty applies"
        );
        assert_eq!(markdown_links("Article 3 [a] (b)"), "Article 3 [a] (b)");
        assert_eq!(strip_markup("## **[Protocol](x/y.md)**"), "Protocol");
    }

    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(6), 3);
        assert_eq!(idx.line(7), 4);
        assert_eq!(idx.span(3, 9).line_end, 4);
    }

    #[test]
    fn slice_never_splits_a_character() {
        let t = "a\u{e9}b";
        assert_eq!(slice(t, 2, 3), "\u{e9}");
        assert_eq!(slice(t, 0, 99), t);
        assert_eq!(slice(t, 5, 1), "");
    }

    #[test]
    fn markup_is_stripped_but_words_kept() {
        assert_eq!(strip_markup("## **ARTICLE III**"), "ARTICLE III");
        assert_eq!(
            strip_markup("*Desiring* to   strengthen"),
            "Desiring to strengthen"
        );
        assert_eq!(strip_markup("####*Definitions*"), "Definitions");
        assert_eq!(strip_markup("snake_case _word_"), "snake_case word");
    }

    #[test]
    fn all_caps_titles_get_title_case() {
        assert_eq!(
            title_case("TREATY OF MUTUAL COOPERATION AND SECURITY BETWEEN JAPAN AND THE UNITED STATES OF AMERICA"),
            "Treaty of Mutual Cooperation and Security between Japan and the United States of America"
        );
        assert_eq!(title_case("THE CONVENTION"), "The Convention");
    }
}
