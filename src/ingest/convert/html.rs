//! HTML: the page's main text as lines, read by html5ever (through `scraper`) and a block-text
//! walker of our own.
//!
//! What it reads: the page's main part (the first `main`, else `article`, `[role=main]`,
//! `#content`, else `body`, taken only when it holds most of the page's text); paragraphs,
//! headings, list items, table cells and other blocks as lines of their own; `br` as a line
//! break; line breaks inside headings, `pre` and elements styled `white-space: pre*` kept (a
//! web edition's `<h3>Article 1\nUse of terms</h3>` is a marker line and a title line); white
//! space elsewhere folded. What it leaves out: scripts, styles, forms, navigation, headers,
//! footers, sidebars (`aside`), elements marked `hidden` or `aria-hidden`, and blocks whose
//! class or id names a breadcrumb, menu or table of contents. A page in English beside another
//! script (Chinese, Arabic, Cyrillic, Greek ...) keeps the English; the other language is
//! reported as a skipped translation.
//!
//! The charset comes from a byte-order mark, then `<meta charset>` / `http-equiv`, then UTF-8
//! when the bytes are valid UTF-8, else Windows-1252.

use super::Converted;
use crate::model::{Warning, WarningKind};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never the document's text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "svg", "math", "iframe", "object", "head", "title", "canvas",
    "video", "audio", "map",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "summary",
    "details",
    "ul",
    "ol",
    "dl",
    "table",
    "caption",
    "figure",
    "figcaption",
    "address",
    "center",
    "hr",
    "body",
    "html",
];

/// Elements whose line breaks are kept.
const KEEP_BREAKS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary", "th"];

/// Class or id words of page furniture that stands inside the main part.
const FURNITURE: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "menu",
    "navbar",
    "sidebar",
    "toc",
    "skip-link",
    "share",
    "social",
    "cookie",
];

/// Pages nested deeper than this are refused: the HTML parser's time grows with the square
/// of the depth (100,000 nested `<div>` take half a minute), and no document page comes near.
const MAX_NESTING: usize = 4096;

/// A rough measure of how deep a page's container elements nest, from their tags alone
/// (before parsing, which is what a hostile page would make slow).
fn nesting(page: &str) -> usize {
    const NESTED: &[&str] = &[
        "div",
        "span",
        "section",
        "article",
        "blockquote",
        "table",
        "ul",
        "ol",
        "dl",
        "font",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "a",
        "small",
        "big",
        "sub",
        "sup",
    ];
    let bytes = page.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let close = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |e| start + e);
        let name = page.get(start..end).unwrap_or("").to_ascii_lowercase();
        if NESTED.contains(&name.as_str()) {
            if close {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// Whether `bytes` look like an HTML page: a doctype or an `<html>` / `<head>` / `<body>` tag
/// near the start (a Dutch database export opening with a lone `<meta>` is not one).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    if lower.contains("<treaty") {
        return false; // ToTA XML has a <body> of its own
    }
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || start.starts_with("<body")
        || ((start.starts_with("<?xml") || start.starts_with("<!")) && lower.contains("<html"))
}

/// The charset a page declares in its first bytes (`<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset=") {
            let value: String = tag[j + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(value.as_bytes()) {
                return Some(enc);
            }
        }
    }
    None
}

/// The page's characters: BOM, declared charset, UTF-8, then Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Some(enc) = declared_charset(bytes) {
        // A page that says ISO-8859-1 but is valid UTF-8 was saved again by a tool that did
        // not rewrite its meta: the bytes are the better witness.
        if enc != encoding_rs::UTF_8 && enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE
        {
            if let Ok(s) = std::str::from_utf8(bytes) {
                if s.bytes().any(|b| b >= 0x80) {
                    return s.to_string();
                }
            }
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The text of an HTML page.
pub fn to_text(bytes: &[u8]) -> Result<Converted, String> {
    let page = decode(bytes);
    let depth = nesting(&page);
    if depth > MAX_NESTING {
        return Err(format!(
            "its elements are nested {depth} deep (more than {MAX_NESTING}): not a document page"
        ));
    }
    let doc = Html::parse_document(&page);
    let root = main_part(&doc).ok_or("the page has no body")?;
    let blocks = walk(root);
    let (blocks, translation) = keep_one_script(blocks);
    let mut text = String::with_capacity(page.len() / 2);
    for b in &blocks {
        text.push_str(b);
        text.push_str("\n\n");
    }
    let mut warnings = Vec::new();
    if let Some((script, n)) = translation {
        warnings.push(Warning {
            kind: WarningKind::SkippedTranslation,
            message: format!("{n} blocks in {script} beside the English text were skipped"),
            span: None,
        });
    }
    Ok(Converted { text, warnings })
}

/// Letters of an element's text (a cheap size measure for choosing the main part).
fn letters(e: ElementRef) -> usize {
    e.text()
        .map(|t| t.chars().filter(|c| c.is_alphabetic()).count())
        .sum()
}

/// The part of the page that holds the document: the first of `main`, `article`,
/// `[role=main]`, `#content` that holds at least half the body's letters, else the body.
fn main_part(doc: &Html) -> Option<ElementRef<'_>> {
    let body = doc
        .select(&Selector::parse("body").ok()?)
        .next()
        .or_else(|| Some(doc.root_element()))?;
    let total = letters(body).max(1);
    for sel in ["main", "article", "[role=main]", "#content"] {
        let Ok(s) = Selector::parse(sel) else {
            continue;
        };
        if let Some(e) = doc.select(&s).next() {
            if letters(e) * 2 >= total {
                return Some(e);
            }
        }
    }
    Some(body)
}

fn is_furniture(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || matches!(
            e.attr("role"),
            Some("navigation" | "banner" | "contentinfo")
        )
    {
        return true;
    }
    let words = e
        .attr("class")
        .unwrap_or("")
        .split_ascii_whitespace()
        .chain(e.attr("id"));
    let furniture = |w: &str| {
        let w = w.to_ascii_lowercase();
        FURNITURE
            .iter()
            .any(|f| w == *f || w.starts_with(&format!("{f}-")))
    };
    words.into_iter().any(furniture)
}

/// Whether a table or list is an index of the articles (a sidebar, a table of contents, a
/// site's concept tags per article): five rows or more, most of them opening with an
/// article reference ("Article 12", "Art. 12", "12."), all of them short. Its rows would
/// read as a second treaty.
fn is_article_index(e: ElementRef) -> bool {
    let Ok(rows) = Selector::parse("tr, li, dt") else {
        return false;
    };
    let mut n = 0usize;
    let mut refs = 0usize;
    let mut chars = 0usize;
    for row in e.select(&rows) {
        let text: String = row.text().collect::<String>();
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        n += 1;
        chars += t.chars().count();
        let lower = t.to_lowercase();
        let rest = lower
            .strip_prefix("article")
            .or_else(|| lower.strip_prefix("art."))
            .or_else(|| lower.strip_prefix("art "))
            .unwrap_or(&lower)
            .trim_start();
        if rest.starts_with(|c: char| c.is_ascii_digit()) || lower.len() != rest.len() {
            refs += 1;
        }
    }
    n >= 5 && refs * 10 >= n * 6 && chars / n.max(1) <= 160
}

fn keeps_breaks(e: &scraper::node::Element) -> bool {
    KEEP_BREAKS.contains(&e.name())
        || e.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.contains("white-space:pre")
        })
        || e.attr("class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|w| w.contains("pre-wrap") || w.contains("pre-line"))
        })
}

/// The blocks of text under `root`, in document order (an iterative walk: a page nested
/// thousands deep cannot overflow the stack).
fn walk(root: ElementRef) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    let mut keep_depth = 0usize;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let lines: Vec<&str> = current
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            blocks.push(lines.join("\n"));
        }
        current.clear();
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    if skip_depth > 0
                        || SKIPPED.contains(&e.name())
                        || is_furniture(e)
                        || (matches!(e.name(), "table" | "ul" | "ol" | "dl")
                            && ElementRef::wrap(node).is_some_and(is_article_index))
                    {
                        skip_depth += 1;
                        continue;
                    }
                    if keeps_breaks(e) {
                        keep_depth += 1;
                    }
                    if e.name() == "br" {
                        current.push('\n');
                    } else if BLOCKS.contains(&e.name()) {
                        flush(&mut current, &mut blocks);
                    } else if matches!(e.name(), "td" | "th") {
                        current.push(' ');
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    let mut space = current.ends_with([' ', '\n']) || current.is_empty();
                    for c in t.chars() {
                        if c == '\n' && keep_depth > 0 {
                            while current.ends_with(' ') {
                                current.pop();
                            }
                            current.push('\n');
                            space = true;
                        } else if c.is_whitespace() && c != '\u{a0}' {
                            if !space {
                                current.push(' ');
                                space = true;
                            }
                        } else {
                            current.push(if c == '\u{a0}' { ' ' } else { c });
                            space = false;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if keeps_breaks(e) {
                        keep_depth = keep_depth.saturating_sub(1);
                    }
                    if BLOCKS.contains(&e.name()) {
                        flush(&mut current, &mut blocks);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// The writing system most of a block's letters are in.
fn script(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; 6];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let i = match c as u32 {
            0..=0x24f | 0x1e00..=0x1eff => 0,
            0x370..=0x3ff | 0x1f00..=0x1fff => 1,
            0x400..=0x52f => 2,
            0x590..=0x6ff | 0x750..=0x77f | 0xfb1d..=0xfdff | 0xfe70..=0xfeff => 3,
            0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff => 4,
            _ => 5,
        };
        counts[i] += 1;
    }
    let (i, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (*n > 0).then_some(
        [
            "Latin script",
            "Greek",
            "Cyrillic",
            "Arabic or Hebrew",
            "Chinese, Japanese or Korean",
            "another script",
        ][i],
    )
}

/// The number of an article marker in Chinese ("第一條", "第八十五条", "第一百零三條", "第12條")
/// opening a short block, if the block is one.
fn cjk_article(block: &str) -> Option<u32> {
    let b = block.trim();
    if b.chars().count() > 40 {
        return None;
    }
    let rest = b.strip_prefix('第')?;
    let end = rest.find(['條', '条'])?;
    let numeral = &rest[..end];
    // Nothing but the marker and its Latin label ("Art. 八十五"): not a sentence that cites one.
    let after = rest[end + '條'.len_utf8()..].trim();
    let label_only = after.is_empty()
        || after
            .strip_prefix("Art.")
            .is_some_and(|a| !a.trim().contains(char::is_whitespace));
    if !label_only {
        return None;
    }
    if numeral.is_empty() {
        return None;
    }
    if numeral.bytes().all(|c| c.is_ascii_digit()) {
        return numeral.parse().ok().filter(|&n| n > 0);
    }
    let (mut total, mut digit) = (0u32, None::<u32>);
    for c in numeral.chars() {
        let d = "零一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .or(match c {
                '〇' => Some(0),
                '两' | '兩' => Some(2),
                _ => None,
            });
        if let Some(d) = d {
            digit = Some(d as u32);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * unit;
        digit = None;
    }
    let n = total + digit.unwrap_or(0);
    (n > 0).then_some(n)
}

/// A page in Latin script beside another script keeps the Latin blocks (the English) and
/// drops the others, returned with how many there were; a page in one script is kept whole.
fn keep_one_script(blocks: Vec<String>) -> (Vec<String>, Option<(&'static str, usize)>) {
    let scripts: Vec<Option<&str>> = blocks.iter().map(|b| script(b)).collect();
    let latin: usize = blocks
        .iter()
        .zip(&scripts)
        .filter(|(_, s)| **s == Some("Latin script"))
        .map(|(b, _)| b.len())
        .sum();
    let total: usize = blocks.iter().map(String::len).sum();
    // Latin text that is only furniture (a title, "Art. 1") does not make a page English.
    if latin < 2000 || latin * 5 < total {
        return (blocks, None);
    }
    // Whether the English has article markers of its own; if not, the numbers stand only in
    // the other script ("第八十五條 Art. 八十五" above the English heading) and are kept as
    // English markers.
    let latin_markers = blocks.iter().zip(&scripts).any(|(b, s)| {
        *s == Some("Latin script")
            && b.lines()
                .next()
                .and_then(crate::segment::heading::parse_marker)
                .is_some_and(|m| !m.foreign)
    });
    let mut other: Option<(&'static str, usize)> = None;
    let mut kept = Vec::with_capacity(blocks.len());
    for (b, s) in blocks.into_iter().zip(scripts) {
        let number = (!latin_markers && s != Some("Latin script"))
            .then(|| cjk_article(&b))
            .flatten();
        match (s, number) {
            (_, Some(n)) => kept.push(format!("Article {n}")),
            (Some(s), None) if s != "Latin script" => {
                let entry = other.get_or_insert((s, 0));
                entry.1 += 1;
            }
            _ => kept.push(b),
        }
    }
    (kept, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html.as_bytes()).unwrap().text
    }

    #[test]
    fn blocks_become_lines_and_furniture_is_left_out() {
        let t = text(
            "<!DOCTYPE html><html><head><title>T</title><script>var x;</script></head><body>\
             <header><nav><a href='/'>Home</a></nav></header>\
             <main><p class='crumb'>Home / Treaty</p><h1>A Treaty</h1>\
             <aside><h2>Provenance</h2><p>retrieved 2026</p></aside>\
             <h3>Article 1\nUse of terms</h3><p>The   Parties\n agree.</p>\
             <p>Line one<br>line two</p></main><footer>(c) Site</footer></body></html>",
        );
        assert_eq!(
            t,
            "A Treaty\n\nArticle 1\nUse of terms\n\nThe Parties agree.\n\nLine one\nline two\n\n"
        );
    }

    #[test]
    fn charsets_from_meta_bom_and_fallback() {
        let mut latin1 = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head><body><p>Tr\xe9s</p></body></html>".to_vec();
        assert_eq!(to_text(&latin1).unwrap().text, "Trés\n\n");
        latin1 = b"<html><body><p>Caf\xe9</p></body></html>".to_vec();
        assert_eq!(to_text(&latin1).unwrap().text, "Café\n\n");
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice("<html><body><p>Māori</p></body></html>".as_bytes());
        assert_eq!(to_text(&bom).unwrap().text, "Māori\n\n");
    }

    #[test]
    fn chinese_article_numbers_are_read() {
        assert_eq!(cjk_article("第一條 Art. 一"), Some(1));
        assert_eq!(cjk_article("第八十五條"), Some(85));
        assert_eq!(cjk_article("第十條"), Some(10));
        assert_eq!(cjk_article("第一百零三条"), Some(103));
        assert_eq!(cjk_article("第12條"), Some(12));
        assert_eq!(cjk_article("本公約適用於國家間之條約。"), None);
        assert_eq!(cjk_article("第一章 總則"), None);
        assert_eq!(cjk_article("第六十五條所規定之程序"), None);
    }

    #[test]
    fn chinese_markers_give_way_to_english_ones() {
        let zh = "中文的條約內容在這裡寫得很長很長很長。".repeat(8);
        let en = "The Parties shall settle their disputes by peaceful means and shall consult. "
            .repeat(12);
        let page = |with_english_markers: bool| {
            let mut h = String::from("<html><body>");
            for n in 1..=3 {
                h.push_str(&format!(
                    "<p>第{}條</p><p>{zh}</p>",
                    ["一", "二", "三"][n - 1]
                ));
                if with_english_markers {
                    h.push_str(&format!("<h2>Article {n}</h2>"));
                }
                h.push_str(&format!("<p>{en}</p>"));
            }
            h.push_str("</body></html>");
            text(&h)
        };
        let markers = |t: &str| t.lines().filter(|l| l.starts_with("Article ")).count();
        assert_eq!(markers(&page(true)), 3, "{}", page(true));
        assert_eq!(markers(&page(false)), 3);
    }

    #[test]
    fn a_parallel_language_is_skipped_and_reported() {
        let english = "The present Convention applies to treaties between States. ".repeat(40);
        let page = format!(
            "<html><body><div>本公約適用於國家間之條約。</div><div>{english}</div></body></html>"
        );
        let c = to_text(page.as_bytes()).unwrap();
        assert!(!c.text.contains('本'));
        assert!(c.text.contains("present Convention"));
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].kind, WarningKind::SkippedTranslation);
    }

    #[test]
    fn deep_nesting_and_garbage_never_panic() {
        let deep = "<div>".repeat(3_000) + "x";
        assert!(to_text(deep.as_bytes()).is_ok());
        let hostile = "<div>".repeat(100_000) + "x";
        let err = to_text(hostile.as_bytes()).unwrap_err();
        assert!(err.contains("nested 100000 deep"), "{err}");
        assert!(to_text(&[0xff, 0xfe, 0, 0x3c]).is_ok());
        assert!(looks_like_html(b"<!DOCTYPE html><p>x"));
        assert!(!looks_like_html(b"<meta http-equiv='x'>\n##Verdrag"));
        assert!(!looks_like_html(b"<?xml version='1.0'?><treaty>"));
        assert!(!looks_like_html(
            b"<?xml version='1.0'?>\n<treaty>\n<meta><name>X</name></meta><body><p>x</p></body>"
        ));
    }
}
