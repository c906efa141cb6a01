//! Text for a terminal: paragraphs wrapped at word boundaries to a width, word diffs marked in
//! wdiff notation (`[-only in A-]`, `{+only in B+}`) or in colour with a second signal
//! (deletions red and struck through, insertions green and underlined).
//!
//! In: words with a [`Style`], or an [`Alignment`] and its two texts. Out: lines no wider than
//! [`Layout::width`] display columns (escape codes not counted; a word wider than the line
//! stands alone on it, never cut). A run of one style keeps its markers on its first and last
//! words, so a long deletion may span lines; in colour each line closes the styles it opened
//! and the next line opens them again, so `less -R` shows a wrapped run whole. Linear in the
//! text's length.

use crate::compare::align::{Alignment, Op};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// Only in the first text: red and struck through, or `[-…-]`.
    Deleted,
    /// Only in the second text: green and underlined, or `{+…+}`.
    Inserted,
    /// Quoted matter: faint in colour, plain otherwise.
    Dim,
}

const RESET: &str = "\x1b[0m";

impl Style {
    fn sgr(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Deleted => "\x1b[31;9m",
            Style::Inserted => "\x1b[32;4m",
            Style::Dim => "\x1b[2m",
        }
    }

    fn marks(self) -> (&'static str, &'static str) {
        match self {
            Style::Deleted => ("[-", "-]"),
            Style::Inserted => ("{+", "+}"),
            Style::Plain | Style::Dim => ("", ""),
        }
    }

    fn of(op: Op) -> Style {
        match op {
            Op::Equal => Style::Plain,
            Op::Delete => Style::Deleted,
            Op::Insert => Style::Inserted,
        }
    }
}

/// Line width and whether to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub width: usize,
    pub colour: bool,
}

/// A piece of a word in one style ("(" plain then "a)" deleted make the word "(a)").
pub type Fragment<'t> = (Style, &'t str);

/// What is never broken across lines: one word, perhaps of fragments in several styles.
pub type Atom<'t> = Vec<Fragment<'t>>;

/// Display columns of `s`, escape sequences (`ESC [ … letter`) left out.
pub fn display_width(s: &str) -> usize {
    strip_ansi(s).width()
}

/// `s` without its escape sequences (`ESC [ parameters letter`).
pub fn strip_ansi(s: &str) -> Cow<'_, str> {
    if !s.contains('\x1b') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.clone().next() == Some('[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        }
    }
    Cow::Owned(out)
}

/// Control characters of the source (an ESC in a treaty text would be obeyed by the terminal)
/// and bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, which reorder
/// what a line shows) as U+FFFD.
fn printable(s: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if s.chars().any(unsafe_char) {
        Cow::Owned(
            s.chars()
                .map(|c| if unsafe_char(c) { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// The words of `text`, one plain atom each.
pub fn words(text: &str, style: Style) -> Vec<Atom<'_>> {
    text.split_whitespace().map(|w| vec![(style, w)]).collect()
}

/// A piece of a line to lay out: words that may go on different lines, or a phrase kept on
/// one (a citation: `Art. 2.17`).
#[derive(Debug, Clone, Copy)]
pub enum Part<'t> {
    Words(&'t str),
    Whole(&'t str),
}

/// The atoms of `parts`, in order: one per word of a [`Part::Words`], one per [`Part::Whole`]
/// (its white space folded to single spaces), all plain.
pub fn atoms<'t>(parts: &[Part<'t>]) -> Vec<Atom<'t>> {
    let mut out = Vec::new();
    for p in parts {
        match *p {
            Part::Words(t) => out.extend(words(t, Style::Plain)),
            Part::Whole(t) => {
                let mut atom: Atom<'t> = Vec::new();
                for w in t.split_whitespace() {
                    if !atom.is_empty() {
                        atom.push((Style::Plain, " "));
                    }
                    atom.push((Style::Plain, w));
                }
                if !atom.is_empty() {
                    out.push(atom);
                }
            }
        }
    }
    out
}

/// `text` wrapped: its paragraphs (split at blank lines) kept, each line starting with
/// `first` (the first line) or `rest` (the others).
pub fn wrap(text: &str, style: Style, first: &str, rest: &str, layout: &Layout) -> String {
    let mut out = String::new();
    for (i, para) in paragraphs_of(text).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let lead = if i == 0 { first } else { rest };
        out.push_str(&paragraph(&words(para, style), lead, rest, layout));
    }
    out
}

/// The paragraphs of `text`: its parts between blank lines, empty ones left out.
fn paragraphs_of(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let (head, tail) = split_at_break(rest);
        rest = tail;
        if !head.trim().is_empty() {
            return Some(head);
        }
    })
}

/// `text` before its first blank line (a white-space run with two line feeds), and after it.
fn split_at_break(text: &str) -> (&str, &str) {
    let mut newlines = 0;
    let mut run_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            run_start.get_or_insert(i);
            newlines += usize::from(c == '\n');
            if newlines >= 2 {
                let end = text[i..]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(text.len(), |k| i + k);
                return (&text[..run_start.unwrap_or(i)], &text[end..]);
            }
        } else {
            (newlines, run_start) = (0, None);
        }
    }
    (text, "")
}

/// One paragraph of atoms laid out in lines, each ending in a line feed: atoms apart by one
/// space, as many on a line as fit (at least one).
pub fn paragraph(atoms: &[Atom<'_>], first: &str, rest: &str, layout: &Layout) -> String {
    let shown = shown_atoms(atoms, layout.colour);
    let mut out = String::new();
    let mut line: Vec<usize> = Vec::new();
    let mut used = first.width();
    for (k, (_, w)) in shown.iter().enumerate() {
        if !line.is_empty() && used + 1 + w > layout.width {
            let lead = if out.is_empty() { first } else { rest };
            emit_line(&mut out, lead, &line, &shown);
            line.clear();
            used = rest.width();
        }
        used += w + usize::from(!line.is_empty());
        line.push(k);
    }
    if !line.is_empty() || out.is_empty() {
        let lead = if out.is_empty() { first } else { rest };
        emit_line(&mut out, lead, &line, &shown);
    }
    out
}

/// A fragment as printed: its style and its text with any wdiff markers.
type Shown = (Style, String);

/// Each atom's fragments as printed, and its display width. Without colour, a run of one style
/// gets its opening marker on its first fragment and its closing one on its last, and is
/// printed plain.
fn shown_atoms(atoms: &[Atom<'_>], colour: bool) -> Vec<(Vec<Shown>, usize)> {
    let flat: Vec<Style> = atoms.iter().flatten().map(|f| f.0).collect();
    let mut k = 0;
    atoms
        .iter()
        .map(|atom| {
            let frags: Vec<Shown> = atom
                .iter()
                .map(|&(style, text)| {
                    let text = printable(text);
                    let (open, close) = if colour { ("", "") } else { style.marks() };
                    let first = k == 0 || flat[k - 1] != style;
                    let last = flat.get(k + 1) != Some(&style);
                    k += 1;
                    let open = if first { open } else { "" };
                    let close = if last { close } else { "" };
                    let style = if colour { style } else { Style::Plain };
                    (style, format!("{open}{text}{close}"))
                })
                .collect();
            let width = frags.iter().map(|f| f.1.width()).sum();
            (frags, width)
        })
        .collect()
}

/// One line: `lead`, the atoms `line` of `shown` apart by spaces, a line feed. In colour the
/// space between two fragments of one style keeps it, and the line ends with every style
/// closed.
fn emit_line(out: &mut String, lead: &str, line: &[usize], shown: &[(Vec<Shown>, usize)]) {
    let mut pen = Style::Plain;
    let mut set = |out: &mut String, style: Style| {
        if style != pen {
            if pen.sgr() != "" {
                out.push_str(RESET);
            }
            out.push_str(style.sgr());
            pen = style;
        }
    };
    out.push_str(lead);
    let mut prev: Option<Style> = None;
    for &k in line {
        let frags = &shown[k].0;
        if let Some(p) = prev {
            let next = frags.first().map_or(Style::Plain, |f| f.0);
            set(out, if p == next { p } else { Style::Plain });
            out.push(' ');
        }
        for (style, text) in frags {
            set(out, *style);
            out.push_str(text);
        }
        prev = frags.last().map(|f| f.0);
    }
    set(out, Style::Plain);
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
}

/// The word diff of `al` as paragraphs of atoms: shared words as in `a`, words only `a` has
/// deleted, words only `b` has inserted. A paragraph break of either text before a word
/// starts a new paragraph, unless that text has no word in the current one yet (the break of
/// `b` that stands where `a` had one); a piece that continues a word of its text ("(" then
/// "a)") is glued to it.
pub fn diff_paragraphs<'t>(al: &Alignment, a: &'t str, b: &'t str) -> Vec<Vec<Atom<'t>>> {
    let mut paras: Vec<Vec<Atom<'t>>> = vec![Vec::new()];
    // Whether `a`, `b` have a word in the current paragraph.
    let mut has = [false; 2];
    for p in &al.pieces {
        let (side, other) = match p.op {
            Op::Insert => (p.b.map(|r| (b, r)), None),
            Op::Equal => (p.a.map(|r| (a, r)), p.b.map(|r| (b, r))),
            Op::Delete => (p.a.map(|r| (a, r)), None),
        };
        let Some((text, r)) = side else { continue };
        let mine = spaced_words(text, r.start, r.end);
        let theirs = other.map(|(t, r)| spaced_words(t, r.start, r.end));
        let theirs = theirs.filter(|t| t.len() == mine.len());
        let sides = match p.op {
            Op::Equal => [true, true],
            Op::Delete => [true, false],
            Op::Insert => [false, true],
        };
        for (k, w) in mine.iter().enumerate() {
            let brk = match p.op {
                Op::Equal => {
                    (w.brk && has[0]) || (theirs.as_ref().is_some_and(|t| t[k].brk) && has[1])
                }
                Op::Delete => w.brk && has[0],
                Op::Insert => w.brk && has[1],
            };
            if brk {
                paras.push(Vec::new());
                has = [false; 2];
            }
            has = [has[0] || sides[0], has[1] || sides[1]];
            let para = paras.last_mut().expect("one paragraph at least");
            let frag = (Style::of(p.op), w.text);
            match para.last_mut() {
                Some(atom) if w.glued => atom.push(frag),
                _ => para.push(vec![frag]),
            }
        }
    }
    paras.retain(|p| !p.is_empty());
    paras
}

/// A white-space word of a slice of a text, with what stands before it in the whole text.
struct Spaced<'t> {
    text: &'t str,
    /// No white space before it: it continues the text before.
    glued: bool,
    /// A blank line before it.
    brk: bool,
}

/// The white-space words of `text[start..end]` (a word cut by `start` counts from there).
fn spaced_words(text: &str, start: usize, end: usize) -> Vec<Spaced<'_>> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = slice[at..].find(|c: char| !c.is_whitespace()) {
        let s = at + k;
        let e = slice[s..]
            .find(char::is_whitespace)
            .map_or(slice.len(), |k| s + k);
        let before = &text[..start + s];
        let gap = &before[before.trim_end().len()..];
        out.push(Spaced {
            text: &slice[s..e],
            glued: !before.is_empty() && gap.is_empty(),
            brk: gap.matches('\n').count() >= 2,
        });
        at = e;
    }
    out
}

/// The diff of `al` laid out: its paragraphs apart by blank lines, each line led by `indent`.
pub fn diff(al: &Alignment, a: &str, b: &str, indent: &str, layout: &Layout) -> String {
    diff_paragraphs(al, a, b)
        .iter()
        .map(|p| paragraph(p, indent, indent, layout))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::align::align;

    #[test]
    fn escapes_and_bidi_overrides_never_reach_the_terminal() {
        let s = "Art. 1\u{1b}[2J and \u{202e}txet desrever\u{202c} \u{2066}x\u{2069}";
        let p = printable(s);
        assert!(!p.contains('\u{1b}'));
        assert!(!p
            .chars()
            .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')));
        assert_eq!(p.matches('\u{fffd}').count(), 5);
        assert_eq!(printable("plain text"), "plain text");
    }

    const PLAIN: Layout = Layout {
        width: 30,
        colour: false,
    };
    const COLOUR: Layout = Layout {
        width: 30,
        colour: true,
    };

    fn widths(s: &str) -> Vec<usize> {
        s.lines().map(display_width).collect()
    }

    #[test]
    fn wraps_at_words_to_the_width_and_keeps_paragraphs() {
        let text = "This Treaty shall remain in force for thirty years from the exchange.\n\n\
                    It may be renewed.";
        let out = wrap(text, Style::Plain, "", "", &PLAIN);
        assert_eq!(
            out,
            "This Treaty shall remain in\nforce for thirty years from\nthe exchange.\n\n\
             It may be renewed.\n"
        );
        assert_eq!(fold(&out), fold(text));
        // Hanging indents count toward the width.
        let out = wrap(text, Style::Plain, "A  ", "   ", &PLAIN);
        assert!(widths(&out).iter().all(|&w| w <= 30), "{out}");
        assert!(
            out.starts_with("A  This Treaty shall remain in\n   force"),
            "{out}"
        );
    }

    fn fold(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_word_wider_than_the_line_stands_alone_uncut() {
        let long = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY";
        let out = wrap(&format!("see {long} here"), Style::Plain, "", "", &PLAIN);
        assert_eq!(out, format!("see\n{long}\nhere\n"));
    }

    #[test]
    fn markers_wrap_with_their_words_and_runs_span_lines() {
        let a = "The Treaty shall remain in force for thirty years. If neither of the Contracting \
                 Parties gives notice one year before";
        let b = "The Treaty shall remain in force for ten years. Either Party may give notice";
        let al = align(a, b);
        let out = diff(&al, a, b, "", &PLAIN);
        assert!(widths(&out).iter().all(|&w| w <= 30), "{out}");
        // No line starts or ends with a marker alone; a run opens once and closes once.
        for line in out.lines() {
            for w in line.split(' ') {
                assert!(!["[-", "-]", "{+", "+}"].contains(&w), "{out}");
            }
        }
        assert_eq!(out.matches("[-").count(), out.matches("-]").count());
        assert!(out.contains("[-thirty-] {+ten+}"), "{out}");
        assert!(out.contains("[-If neither of the"), "{out}");
        // The run spans lines: opened on one, closed on a later one.
        let open = out.lines().position(|l| l.contains("[-If")).unwrap();
        let close = out.lines().position(|l| l.contains("before-]")).unwrap();
        assert!(close > open, "{out}");
    }

    #[test]
    fn colour_marks_twice_and_every_line_closes_its_styles() {
        let a = "The Parties shall consult together on all important international questions \
                 involving the common interests of both.";
        let b = "The Parties will consult together whenever either of them so requests in \
                 writing.";
        let al = align(a, b);
        let out = diff(&al, a, b, "  ", &COLOUR);
        assert!(
            out.contains("\x1b[31;9m") && out.contains("\x1b[32;4m"),
            "{out:?}"
        );
        assert!(!out.contains("[-") && !out.contains("{+"));
        for line in out.lines() {
            assert!(display_width(line) <= 30, "{line:?}");
            // The last escape of a line that has any is the reset.
            if let Some(i) = line.rfind('\x1b') {
                assert!(line[i..].starts_with(RESET), "{line:?}");
            }
        }
        // A wrapped run is opened again on the next line.
        let lines: Vec<&str> = out.lines().collect();
        let cont = lines.windows(2).any(|w| {
            w[0].ends_with(&format!("on all{RESET}"))
                && w[1].starts_with(&format!("  {}important", Style::Deleted.sgr()))
        });
        assert!(cont, "{out:?}");
        assert_eq!(fold(&strip_ansi(&out)), fold(&plain_both(&al, a, b)));
    }

    /// Deleted then inserted words, without markers, in the diff's order.
    fn plain_both(al: &Alignment, a: &str, b: &str) -> String {
        let mut p = PLAIN;
        p.width = 10_000;
        diff(al, a, b, "", &p)
            .replace("[-", "")
            .replace("-]", "")
            .replace("{+", "")
            .replace("+}", "")
    }

    #[test]
    fn the_diff_reads_back_as_either_text_with_its_paragraphs() {
        let a = "Article text (a) first.\n\nSecond paragraph, kept.\n\nThird.";
        let b = "Article text (b) first. Second paragraph, kept.\n\nThird!";
        let al = align(a, b);
        let paras = diff_paragraphs(&al, a, b);
        assert_eq!(paras.len(), 3, "{paras:?}");
        let side = |drop: Style| -> String {
            paras
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|atom| {
                            atom.iter()
                                .filter(|f| f.0 != drop)
                                .map(|f| f.1)
                                .collect::<String>()
                        })
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(side(Style::Inserted), fold(a));
        assert_eq!(side(Style::Deleted), fold(b));
        // "(" shared, "a)" and "b)" not: one word, glued.
        let out = diff(&al, a, b, "", &PLAIN);
        assert!(out.contains("([-a)-]{+b)+}"), "{out}");
    }

    #[test]
    fn whole_parts_are_never_broken() {
        let cites = ["Art. 2.17,", "Art. 2.18,", "Art. 10.1"];
        let mut parts = vec![Part::Words("Unmatched in A (3):")];
        parts.extend(cites.iter().map(|c| Part::Whole(c)));
        let out = paragraph(
            &atoms(&parts),
            "",
            "  ",
            &Layout {
                width: 20,
                colour: false,
            },
        );
        assert_eq!(
            out,
            "Unmatched in A (3):\n  Art. 2.17,\n  Art. 2.18,\n  Art. 10.1\n"
        );
    }

    #[test]
    fn escapes_in_the_source_are_not_passed_to_the_terminal() {
        let out = wrap("bad \x1b[2J word", Style::Plain, "", "", &COLOUR);
        assert!(!out.contains('\x1b'), "{out:?}");
        assert_eq!(strip_ansi("\x1b[31;9mred\x1b[0m x"), "red x");
    }

    #[test]
    fn empty_text_gives_nothing_and_an_empty_paragraph_one_line() {
        assert_eq!(wrap(" \n\n ", Style::Plain, "  ", "  ", &PLAIN), "");
        assert_eq!(paragraph(&[], "  ", "", &PLAIN), "\n");
    }
}
