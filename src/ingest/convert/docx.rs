//! DOCX (Office Open XML): `word/document.xml` read with `zip` and `roxmltree`, automatic
//! numbering resolved from `word/numbering.xml` and `word/styles.xml`.
//!
//! What it reads: each paragraph (`w:p`) as a block of its own (a blank line after it, as the
//! RTF reader writes them), with its line breaks (`w:br`, `w:cr`), tabs and non-breaking
//! hyphens; tables row by row and cell by cell, each cell's paragraphs as paragraphs; content
//! controls (`w:sdt`), hyperlinks, smart tags and custom XML by their content; tracked changes
//! as if accepted (insertions and moves kept where they now stand, deleted and moved-away text
//! dropped, a paragraph deleted with its mark left out); fields by their result (the
//! instructions dropped, and a table of contents dropped whole, so that its entries are not
//! read as article headings). Automatic numbering is printed before the paragraph's text with
//! a space, as Word shows it (`Article 1`, `1.1 Access and Use.`): the paragraph's `w:numPr`,
//! or its style's (following `w:basedOn`), gives the list and level; the list's `w:lvlText`
//! (`Article %1`, `%1.%2`) is filled in with each level's counter in its `w:numFmt` (decimal,
//! Roman, letters, ordinals, number words), with `w:start`, `w:startOverride`, `w:lvlRestart`,
//! `w:isLgl` and `w:numStyleLink` honoured. As in Word, the lists (`w:num`) of one definition
//! (`w:abstractNum`) share its counters, and a list that overrides a level's start restarts it
//! where it is first used. Bullets print nothing; an empty paragraph that only carries a
//! section break is neither printed nor numbered.
//!
//! What it leaves out: headers and footers, footnotes and endnotes (their references are
//! dropped too: a note is not part of the article that cites it), comments, text boxes,
//! drawings and embedded objects, hidden runs (`w:vanish`), symbols (`w:sym`) and soft hyphens.
//!
//! Hostile archives are refused, never followed: a part inflating beyond 64 MiB (whatever its
//! header declares), more than 96 MiB inflated in all, more than 10,000 zip entries, encrypted
//! parts, XML with a DTD and elements nested over 1,000 deep (which would overflow the stack
//! of `roxmltree`'s parser) are errors; the tree is walked without recursion, and loops in
//! style or numbering links are cut short.

use roxmltree::{Document, Node, ParsingOptions};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// The main document part.
const DOCUMENT: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";
const STYLES: &str = "word/styles.xml";

/// WordprocessingML, transitional and strict.
const W_NS: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Office math, whose text is in `m:t`.
const M_NS: &[&str] = &[
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
];

/// Elements whose content is never the document's text.
const SKIPPED: &[&str] = &[
    "pPr",
    "rPr",
    "sectPr",
    "tblPr",
    "tblGrid",
    "trPr",
    "tcPr",
    "sdtPr",
    "sdtEndPr",
    "del",
    "moveFrom",
    "delText",
    "delInstrText",
    "drawing",
    "pict",
    "object",
    "rt",
    "fldData",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "annotationRef",
];

/// How much of an archive is inflated and looked at.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Bytes of one part, inflated.
    part: u64,
    /// Bytes of all the parts read, inflated.
    total: u64,
    /// Entries in the zip's central directory.
    entries: usize,
}

const LIMITS: Limits = Limits {
    part: 64 * 1024 * 1024,
    total: 96 * 1024 * 1024,
    entries: 10_000,
};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Whether the zip archive `bytes` holds a Word document (`word/document.xml`).
pub fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.index_for_name(DOCUMENT).is_some())
}

/// The text of a DOCX document; `Err` with the reason when it cannot be read.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    to_text_with(bytes, LIMITS)
}

fn to_text_with(bytes: &[u8], limits: Limits) -> Result<String, String> {
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        let reason = "not a zip archive but an OLE file (a password-protected DOCX or a Word 97-2003 document)";
        return Err(reason.into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive ({e})"))?;
    if zip.len() > limits.entries {
        return Err(format!(
            "the zip archive holds {} entries, more than the {} read",
            zip.len(),
            limits.entries
        ));
    }
    let mut budget = limits.total;
    let document = read_part(&mut zip, DOCUMENT, limits, &mut budget)?
        .ok_or_else(|| format!("the zip archive holds no {DOCUMENT}: not a Word document"))?;
    let styles = read_part(&mut zip, STYLES, limits, &mut budget)?;
    let numbering = read_part(&mut zip, NUMBERING, limits, &mut budget)?;

    let document = parse_xml(DOCUMENT, &document)?;
    let styles = match &styles {
        Some(text) => Styles::read(&parse_xml(STYLES, text)?),
        None => Styles::default(),
    };
    let numbering = match &numbering {
        Some(text) => Numbering::read(&parse_xml(NUMBERING, text)?),
        None => Numbering::default(),
    };
    let root = document.root_element();
    if w_name(root) != Some("document") {
        return Err(format!("{DOCUMENT} is not a WordprocessingML document"));
    }
    let Some(body) = w_child(root, "body") else {
        return Err(format!("{DOCUMENT} has no document body (w:body)"));
    };
    let mut writer = Writer {
        styles: &styles,
        numbering: &numbering,
        counters: Counters::default(),
        out: String::with_capacity(document.input_text().len() / 8),
    };
    writer.body(body);
    Ok(writer.out)
}

/// The text of the part `name`, or None when the archive has no such part. At most
/// `limits.part` bytes are inflated, and no more than the `budget` left of `limits.total`
/// (which the part's size is taken from): a header that understates the size cannot make it
/// read more.
fn read_part(
    zip: &mut Zip<'_>,
    name: &str,
    limits: Limits,
    budget: &mut u64,
) -> Result<Option<String>, String> {
    let Some(index) = zip.index_for_name(name) else {
        return Ok(None);
    };
    let file = zip.by_index(index).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(zip::result::ZipError::PASSWORD_REQUIRED) => {
            format!("{name} is encrypted (the document is password-protected)")
        }
        zip::result::ZipError::CompressionMethodNotSupported(method) => {
            format!("{name} is compressed with a method not read (zip method {method})")
        }
        e => format!("{name} cannot be unzipped ({e})"),
    })?;
    let cap = limits.part.min(*budget);
    let too_large = if cap < limits.part {
        format!(
            "the document's parts inflate to more than {} in all",
            mib(limits.total)
        )
    } else {
        format!("{name} inflates to more than {}", mib(limits.part))
    };
    if file.size() > cap {
        return Err(too_large);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} cannot be unzipped ({e})"))?;
    let read = bytes.len() as u64;
    if read > cap {
        return Err(too_large);
    }
    *budget = budget.saturating_sub(read);
    decode(name, bytes).map(Some)
}

/// `n` bytes in whole mebibytes (or bytes, for the small limits of the tests).
fn mib(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{} MiB", n / (1024 * 1024))
    } else {
        format!("{n} bytes")
    }
}

/// A part's XML as text: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding != encoding_rs::UTF_8 {
            let body = bytes.get(bom..).unwrap_or_default();
            let (text, bad) = encoding.decode_without_bom_handling(body);
            return if bad {
                Err(format!("{name} is not valid {} text", encoding.name()))
            } else {
                Ok(text.into_owned())
            };
        }
    }
    let mut text =
        String::from_utf8(bytes).map_err(|_| format!("{name} is not valid UTF-8 text"))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Elements nested deeper than this are refused before parsing: `roxmltree` recurses once per
/// level (some 600 bytes of stack), and a thread of the pipeline may have 2 MiB. Word's own
/// documents nest a few dozen deep.
const MAX_DEPTH: usize = 1_000;

fn parse_xml<'i>(name: &str, text: &'i str) -> Result<Document<'i>, String> {
    if nested_deeper_than(text, MAX_DEPTH) {
        return Err(format!("{name} nests elements more than {MAX_DEPTH} deep"));
    }
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|e| format!("{name} is not well-formed XML ({e})"))
}

/// Whether the elements of `xml` nest more than `max` deep: start tags less end tags, with
/// comments, CDATA sections, processing instructions and quoted attribute values skipped.
fn nested_deeper_than(xml: &str, max: usize) -> bool {
    let b = xml.as_bytes();
    // Just past the first `end` at or after `from`, or the end of the text.
    let past = |from: usize, end: &[u8]| {
        b.get(from..)
            .and_then(|rest| rest.windows(end.len()).position(|w| w == end))
            .map_or(b.len(), |at| from + at + end.len())
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += at;
        let rest = b.get(i..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = past(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = past(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = past(i + 2, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i += 2;
        } else if rest.starts_with(b"<!") {
            i += 2; // a DTD, which the parser refuses
        } else {
            // A start tag: to its `>`, quoted values skipped; `/>` closes it at once.
            let mut j = i + 1;
            let mut quote = None;
            while let Some(&c) = b.get(j) {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'>' => break,
                    None => {}
                }
                j += 1;
            }
            if b.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            i = j + 1;
        }
    }
    false
}

fn is_w_ns(ns: Option<&str>) -> bool {
    ns.is_some_and(|ns| W_NS.contains(&ns))
}

/// The local name of a WordprocessingML element.
fn w_name<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    (n.is_element() && is_w_ns(n.tag_name().namespace())).then(|| n.tag_name().name())
}

/// The first WordprocessingML child element called `name`.
fn w_child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| w_name(*c) == Some(name))
}

/// The WordprocessingML attribute `name` (`w:val`, `w:styleId`).
fn w_attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == name && is_w_ns(a.namespace()))
        .map(|a| a.value())
}

fn w_val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    w_attr(n, "val")
}

/// `w:val` of the child `name`.
fn child_val<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    w_child(n, name).and_then(w_val)
}

/// Whether an on/off property (`<w:vanish/>`, `w:default="1"`) is on.
fn is_on(val: Option<&str>) -> bool {
    !matches!(val.map(str::trim), Some("0" | "false" | "off"))
}

/// A whole number (`w:val="3"`), a negative one as 0, one too large for `u32` as its maximum.
fn number(val: Option<&str>) -> Option<u32> {
    let v: i64 = val?.trim().parse().ok()?;
    Some(u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

/// A list level (`w:ilvl`), 0 to 8.
fn level_index(val: Option<&str>) -> Option<usize> {
    number(val)
        .and_then(|v| usize::try_from(v).ok())
        .filter(|&v| v < LEVELS)
}

const LEVELS: usize = 9;

/// A paragraph style's place in the style tree and the numbering it gives.
#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// `word/styles.xml`, as far as numbering goes.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none.
    default_paragraph: Option<String>,
}

impl Styles {
    fn read(doc: &Document) -> Styles {
        let mut styles = Styles::default();
        for s in doc.root_element().children() {
            if w_name(s) != Some("style") {
                continue;
            }
            let Some(id) = w_attr(s, "styleId") else {
                continue;
            };
            let num_pr = w_child(s, "pPr").and_then(|p| w_child(p, "numPr"));
            let style = Style {
                based_on: child_val(s, "basedOn").map(str::to_string),
                num_id: num_pr
                    .and_then(|n| child_val(n, "numId"))
                    .map(|v| v.trim().to_string()),
                ilvl: num_pr.and_then(|n| level_index(child_val(n, "ilvl"))),
            };
            if w_attr(s, "type") == Some("paragraph")
                && w_attr(s, "default").is_some_and(|d| is_on(Some(d)))
                && styles.default_paragraph.is_none()
            {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.by_id.entry(id.to_string()).or_insert(style);
        }
        styles
    }

    /// The list and level style `id` gives (its own or those of the styles it is based on).
    fn numbering(&self, id: Option<&str>) -> (Option<&str>, Option<usize>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut current = id;
        // A chain longer than this is a loop.
        for _ in 0..32 {
            let Some(style) = current.and_then(|c| self.by_id.get(c)) else {
                break;
            };
            num_id = num_id.or(style.num_id.as_deref());
            ilvl = ilvl.or(style.ilvl);
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            current = style.based_on.as_deref();
        }
        (num_id, ilvl)
    }
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: Option<String>,
    /// The paragraph style that takes this level.
    style: Option<String>,
    /// `w:lvlRestart`: restart after this (1-based) level is used; 0 never.
    restart: Option<u32>,
    /// `w:isLgl`: every level printed in decimal.
    legal: bool,
}

impl Level {
    fn read(lvl: Node) -> Level {
        Level {
            // The schema's default start is zero.
            start: number(child_val(lvl, "start")).unwrap_or(0),
            format: child_val(lvl, "numFmt")
                .unwrap_or("decimal")
                .trim()
                .to_string(),
            text: child_val(lvl, "lvlText").map(str::to_string),
            style: child_val(lvl, "pStyle").map(str::to_string),
            restart: number(child_val(lvl, "lvlRestart")),
            legal: w_child(lvl, "isLgl").is_some_and(|l| is_on(w_val(l))),
        }
    }
}

/// A list definition (`w:abstractNum`).
#[derive(Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the levels are those of the list the numbering style names.
    style_link: Option<String>,
}

/// A list (`w:num`): a definition and the levels it overrides.
#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a start that overrides the definition's, a level that replaces it.
    start: [Option<u32>; LEVELS],
    level: [Option<Level>; LEVELS],
}

/// `word/numbering.xml`.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

impl Numbering {
    fn read(doc: &Document) -> Numbering {
        let mut numbering = Numbering::default();
        for n in doc.root_element().children() {
            match w_name(n) {
                Some("abstractNum") => {
                    let Some(id) = w_attr(n, "abstractNumId") else {
                        continue;
                    };
                    let mut a = Abstract {
                        style_link: child_val(n, "numStyleLink").map(str::to_string),
                        ..Abstract::default()
                    };
                    for lvl in n.children().filter(|c| w_name(*c) == Some("lvl")) {
                        if let Some(slot) = level_index(w_attr(lvl, "ilvl"))
                            .and_then(|i| a.levels.get_mut(i))
                            .filter(|s| s.is_none())
                        {
                            *slot = Some(Level::read(lvl));
                        }
                    }
                    numbering
                        .abstracts
                        .entry(id.trim().to_string())
                        .or_insert(a);
                }
                Some("num") => {
                    let (Some(id), Some(abstract_id)) =
                        (w_attr(n, "numId"), child_val(n, "abstractNumId"))
                    else {
                        continue;
                    };
                    let mut num = Num {
                        abstract_id: abstract_id.trim().to_string(),
                        ..Num::default()
                    };
                    for o in n.children().filter(|c| w_name(*c) == Some("lvlOverride")) {
                        let Some(i) = level_index(w_attr(o, "ilvl")) else {
                            continue;
                        };
                        num.start[i] = number(child_val(o, "startOverride"));
                        num.level[i] = w_child(o, "lvl").map(Level::read);
                    }
                    numbering.nums.entry(id.trim().to_string()).or_insert(num);
                }
                _ => {}
            }
        }
        numbering
    }

    /// The list `num_id`, its definition and the definition's id (the key of its counters),
    /// following numbering-style links.
    fn list<'a>(
        &'a self,
        num_id: &str,
        styles: &Styles,
    ) -> Option<(&'a Num, &'a Abstract, &'a str)> {
        let num = self.nums.get(num_id)?;
        let mut abstract_id = num.abstract_id.as_str();
        // A chain of links longer than this is a loop.
        for _ in 0..8 {
            let (key, a) = self.abstracts.get_key_value(abstract_id)?;
            let Some(link) = &a.style_link else {
                return Some((num, a, key.as_str()));
            };
            let linked = styles.numbering(Some(link)).0?;
            abstract_id = self.nums.get(linked.trim())?.abstract_id.as_str();
        }
        None
    }
}

/// The level `i` of list `num` as it applies (the list's replacement level or the
/// definition's) and its start (the list's override or the level's).
fn effective<'a>(num: &'a Num, a: &'a Abstract, i: usize) -> Option<(&'a Level, u32)> {
    let level = num
        .level
        .get(i)
        .and_then(Option::as_ref)
        .or_else(|| a.levels.get(i).and_then(Option::as_ref))?;
    let start = num.start.get(i).copied().flatten().unwrap_or(level.start);
    Some((level, start))
}

/// The counters of the lists, per definition, and the lists already used.
#[derive(Debug, Default)]
struct Counters {
    values: HashMap<String, [Option<u32>; LEVELS]>,
    used: HashSet<String>,
}

/// The field a run stands in (`w:fldChar` begin … separate … end).
#[derive(Debug, Default)]
struct Field {
    instruction: String,
    /// Past the separator: the runs are the field's result.
    in_result: bool,
    /// A table of contents, whose result is left out too.
    hidden: bool,
}

/// A paragraph being read.
struct Paragraph<'a, 'i> {
    node: Node<'a, 'i>,
    text: String,
}

/// Where the walk through the body stands: the paragraph open, the fields open.
#[derive(Default)]
struct Walk<'a, 'i> {
    paragraph: Option<Paragraph<'a, 'i>>,
    fields: Vec<Field>,
}

impl Walk<'_, '_> {
    /// Adds text to the paragraph open, if it is shown (not in a field's instructions, not in
    /// a table of contents).
    fn push(&mut self, text: &str) {
        let shown = self.fields.iter().all(|f| f.in_result && !f.hidden);
        if let (true, Some(p)) = (shown, self.paragraph.as_mut()) {
            p.text.push_str(text);
        }
    }
}

struct Writer<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    counters: Counters,
    out: String,
}

impl Writer<'_> {
    /// Walks the body in document order, writing each paragraph as it closes. The walk goes
    /// from node to node (child, sibling, parent) without recursion, so that deep nesting
    /// cannot overflow the stack.
    fn body(&mut self, body: Node) {
        let mut walk = Walk::default();
        let mut next = body.first_child();
        while let Some(n) = next {
            let descend = self.open(n, &mut walk);
            next = match n.first_child().filter(|_| descend) {
                Some(child) => Some(child),
                None => {
                    // `n` is done, and so is each ancestor it is the last node of.
                    let mut at = n;
                    loop {
                        self.close(at, &mut walk);
                        if let Some(sibling) = at.next_sibling() {
                            break Some(sibling);
                        }
                        match at.parent() {
                            Some(parent) if parent != body => at = parent,
                            _ => break None,
                        }
                    }
                }
            };
        }
        if let Some(p) = walk.paragraph.take() {
            self.paragraph(p);
        }
    }

    /// Reads the start of node `n`; false when what it holds is not the document's text.
    fn open<'a, 'i>(&mut self, n: Node<'a, 'i>, walk: &mut Walk<'a, 'i>) -> bool {
        if n.is_text() {
            let in_t = n.parent().is_some_and(|p| {
                let ns = p.tag_name().namespace();
                p.tag_name().name() == "t"
                    && (is_w_ns(ns) || ns.is_some_and(|ns| M_NS.contains(&ns)))
            });
            if in_t {
                walk.push(n.text().unwrap_or(""));
            }
            return false;
        }
        if n.tag_name().namespace() == Some(MC_NS) {
            // `mc:AlternateContent`: its fallback is read, not its choices.
            return n.tag_name().name() != "Choice";
        }
        let Some(name) = w_name(n) else {
            return true;
        };
        match name {
            "p" => {
                // A paragraph inside a paragraph (not written by Word): the outer one ends.
                if let Some(p) = walk.paragraph.take() {
                    self.paragraph(p);
                }
                walk.paragraph = Some(Paragraph {
                    node: n,
                    text: String::new(),
                });
            }
            "r" => {
                let hidden = w_child(n, "rPr")
                    .and_then(|r| w_child(r, "vanish"))
                    .is_some_and(|v| is_on(w_val(v)));
                return !hidden;
            }
            "instrText" => {
                if let Some(f) = walk.fields.last_mut().filter(|f| !f.in_result) {
                    f.instruction.push_str(n.text().unwrap_or(""));
                }
                return false;
            }
            "fldChar" => match w_attr(n, "fldCharType") {
                Some("begin") => walk.fields.push(Field::default()),
                Some("separate") => {
                    if let Some(f) = walk.fields.last_mut() {
                        f.in_result = true;
                        f.hidden = is_toc(&f.instruction);
                    }
                }
                Some("end") => {
                    walk.fields.pop();
                }
                _ => {}
            },
            "fldSimple" => return !w_attr(n, "instr").is_some_and(is_toc),
            "tab" | "ptab" => walk.push("\t"),
            "br" | "cr" => walk.push("\n"),
            "noBreakHyphen" => walk.push("-"),
            _ if SKIPPED.contains(&name) => return false,
            _ => {}
        }
        true
    }

    /// Reads the end of node `n`: a paragraph is written.
    fn close<'a, 'i>(&mut self, n: Node<'a, 'i>, walk: &mut Walk<'a, 'i>) {
        if walk.paragraph.as_ref().is_some_and(|p| p.node == n) {
            if let Some(p) = walk.paragraph.take() {
                self.paragraph(p);
            }
        }
    }

    /// Writes a paragraph, its number before it.
    fn paragraph(&mut self, p: Paragraph) {
        let text = p.text.trim();
        let p_pr = w_child(p.node, "pPr");
        if text.is_empty() {
            // Deleted with its mark (a tracked deletion of the whole paragraph), or the
            // carrier of a section break: not shown, not numbered.
            let mark_deleted = p_pr
                .and_then(|p| w_child(p, "rPr"))
                .is_some_and(|r| w_child(r, "del").is_some() || w_child(r, "moveFrom").is_some());
            if mark_deleted || p_pr.and_then(|p| w_child(p, "sectPr")).is_some() {
                return;
            }
        }
        let label = p_pr.and_then(|p| self.label(p));
        match (label, text.is_empty()) {
            (None, true) => return,
            (None, false) => self.out.push_str(text),
            (Some(label), true) => self.out.push_str(&label),
            (Some(label), false) => {
                self.out.push_str(&label);
                self.out.push(' ');
                self.out.push_str(text);
            }
        }
        self.out.push_str("\n\n");
    }

    /// The number of the paragraph whose properties are `p_pr` (`Article 1`, `2.3`), its list's
    /// counters advanced; None when it is not numbered or its number prints nothing.
    fn label(&mut self, p_pr: Node) -> Option<String> {
        let num_pr = w_child(p_pr, "numPr");
        let direct_id = num_pr.and_then(|n| child_val(n, "numId")).map(str::trim);
        let direct_ilvl = num_pr.and_then(|n| level_index(child_val(n, "ilvl")));
        let style = child_val(p_pr, "pStyle").or(self.styles.default_paragraph.as_deref());
        let (style_id, style_ilvl) = self.styles.numbering(style);
        let num_id = direct_id.or(style_id.map(str::trim))?;
        if num_id.parse::<u32>() == Ok(0) {
            return None; // numbering removed
        }
        let (num, a, key) = self.numbering.list(num_id, self.styles)?;
        let ilvl = direct_ilvl.or(style_ilvl).or_else(|| {
            let style = style?;
            a.levels
                .iter()
                .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
        });
        let ilvl = ilvl.unwrap_or(0);
        let (level, start) = effective(num, a, ilvl)?;

        let counters = self.counters.values.entry(key.to_string()).or_default();
        if self.counters.used.insert(num_id.to_string()) {
            // A list that overrides a start restarts those levels where it is first used.
            for (c, start) in counters.iter_mut().zip(&num.start) {
                if start.is_some() {
                    *c = None;
                }
            }
        }
        let value = match counters.get(ilvl).copied().flatten() {
            None => start,
            Some(v) => v.saturating_add(1),
        };
        if let Some(c) = counters.get_mut(ilvl) {
            *c = Some(value);
        }
        for deeper in ilvl + 1..LEVELS {
            let restart = effective(num, a, deeper).and_then(|(l, _)| l.restart);
            let reset = match restart {
                None => true,
                Some(after) => (ilvl as u32) < after,
            };
            if let (true, Some(c)) = (reset, counters.get_mut(deeper)) {
                *c = None;
            }
        }
        if level.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.text.as_deref()?.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=9).contains(d));
            match (c, placeholder) {
                ('%', Some(d)) => {
                    chars.next();
                    let j = d as usize - 1;
                    let of = effective(num, a, j);
                    let v = counters
                        .get(j)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| of.map_or(1, |(_, start)| start));
                    let format = match of {
                        _ if level.legal => "decimal",
                        Some((l, _)) => l.format.as_str(),
                        None => "decimal",
                    };
                    label.push_str(&format_number(v, format));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim();
        (!label.is_empty()).then(|| label.to_string())
    }
}

fn is_toc(instruction: &str) -> bool {
    instruction
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("TOC"))
}

/// `v` printed in the list format `format` (`w:numFmt`); formats not known print decimal.
fn format_number(v: u32, format: &str) -> String {
    match format {
        "bullet" | "none" => String::new(),
        "decimalZero" => format!("{v:02}"),
        "upperRoman" => crate::model::to_roman(v).unwrap_or_else(|| v.to_string()),
        "lowerRoman" => crate::model::to_roman(v)
            .map(|r| r.to_ascii_lowercase())
            .unwrap_or_else(|| v.to_string()),
        "upperLetter" => letters(v).unwrap_or_else(|| v.to_string()),
        "lowerLetter" => letters(v)
            .map(|l| l.to_ascii_lowercase())
            .unwrap_or_else(|| v.to_string()),
        "ordinal" => {
            let suffix = match (v % 10, v % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{v}{suffix}")
        }
        "cardinalText" => words(v, false).unwrap_or_else(|| v.to_string()),
        "ordinalText" => words(v, true).unwrap_or_else(|| v.to_string()),
        _ => v.to_string(),
    }
}

/// Word's letters: A … Z, then AA … ZZ, AAA …; None past 780 (ZZ…Z thirty times).
fn letters(v: u32) -> Option<String> {
    if v == 0 || v > 26 * 30 {
        return None;
    }
    let letter = char::from(b'A' + ((v - 1) % 26) as u8);
    Some(std::iter::repeat_n(letter, ((v - 1) / 26 + 1) as usize).collect())
}

/// `v` in English words, the first letter a capital (`One`, `Twenty-first`); None past
/// 99.
fn words(v: u32, ordinal: bool) -> Option<String> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const ONES_TH: [&str; 20] = [
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const TENS_TH: [&str; 10] = [
        "",
        "",
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    let v = usize::try_from(v).ok().filter(|&v| v < 100)?;
    let (ones, tens) = if ordinal {
        (&ONES_TH, &TENS_TH)
    } else {
        (&ONES, &TENS)
    };
    let text = if v < 20 {
        ones.get(v)?.to_string()
    } else if v % 10 == 0 {
        tens.get(v / 10)?.to_string()
    } else {
        format!("{}-{}", TENS.get(v / 10)?, ones.get(v % 10)?)
    };
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A DOCX holding `body` (the inside of `w:body`) and, if given, numbering and styles
    /// (the inside of their root elements).
    fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
        let mut parts = vec![
            (
                "[Content_Types].xml".to_string(),
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                    .to_string(),
            ),
            (
                DOCUMENT.to_string(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
                ),
            ),
        ];
        if let Some(n) = numbering {
            parts.push((
                NUMBERING.to_string(),
                format!(r#"<?xml version="1.0"?><w:numbering xmlns:w="{W}">{n}</w:numbering>"#),
            ));
        }
        if let Some(s) = styles {
            parts.push((
                STYLES.to_string(),
                format!(r#"<?xml version="1.0"?><w:styles xmlns:w="{W}">{s}</w:styles>"#),
            ));
        }
        let refs: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_bytes()))
            .collect();
        zip_of(&refs)
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A paragraph of plain text.
    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    /// A paragraph in list `num` at level `ilvl`.
    fn numbered(num: u32, ilvl: u32, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    }

    fn lvl(ilvl: u32, format: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl>"#
        )
    }

    fn lines(text: &str) -> Vec<&str> {
        text.lines().filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn docx_article_numbering_decimal_and_roman() {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:abstractNum w:abstractNumId="1">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
            lvl(0, "decimal", "Article %1"),
            lvl(0, "upperRoman", "ARTICLE %1")
        );
        let body = [
            p("Preamble"),
            numbered(1, 0, ""),
            p("First text."),
            numbered(1, 0, "Definitions"),
            p("Second text."),
            numbered(2, 0, ""),
            numbered(2, 0, ""),
            numbered(2, 0, ""),
            numbered(2, 0, "Final"),
        ]
        .concat();
        let bytes = docx(&body, Some(&numbering), None);
        assert!(is_docx(&bytes));
        let text = to_text(&bytes).unwrap();
        assert_eq!(
            lines(&text),
            [
                "Preamble",
                "Article 1",
                "First text.",
                "Article 2 Definitions",
                "Second text.",
                "ARTICLE I",
                "ARTICLE II",
                "ARTICLE III",
                "ARTICLE IV Final",
            ]
        );
        assert!(text.starts_with("Preamble\n\nArticle 1\n\n"), "{text:?}");
    }

    #[test]
    fn docx_multilevel_numbering_restarts_lower_levels() {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="5">{}{}{}</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>"#,
            lvl(0, "decimal", "%1."),
            lvl(1, "decimal", "%1.%2"),
            lvl(2, "lowerLetter", "(%3)")
        );
        let body = [
            numbered(3, 0, "Definitions"),
            numbered(3, 1, "Agreement."),
            numbered(3, 1, "Party."),
            numbered(3, 2, "one"),
            numbered(3, 2, "two"),
            numbered(3, 0, "Term"),
            numbered(3, 1, "Start."),
            numbered(3, 2, "again"),
        ]
        .concat();
        let text = to_text(&docx(&body, Some(&numbering), None)).unwrap();
        assert_eq!(
            lines(&text),
            [
                "1. Definitions",
                "1.1 Agreement.",
                "1.2 Party.",
                "(a) one",
                "(b) two",
                "2. Term",
                "2.1 Start.",
                "(a) again",
            ]
        );
    }

    #[test]
    fn docx_start_override_restarts_a_shared_definition() {
        // Lists 1 and 2 share definition 0: list 2 goes on from list 1, list 3 restarts at 7.
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>"#,
            lvl(0, "decimal", "Article %1")
        );
        let body = [
            numbered(1, 0, "a"),
            numbered(1, 0, "b"),
            numbered(2, 0, "c"),
            numbered(3, 0, "d"),
            numbered(3, 0, "e"),
            numbered(1, 0, "f"),
        ]
        .concat();
        let text = to_text(&docx(&body, Some(&numbering), None)).unwrap();
        assert_eq!(
            lines(&text),
            [
                "Article 1 a",
                "Article 2 b",
                "Article 3 c",
                "Article 7 d",
                "Article 8 e",
                "Article 9 f",
            ]
        );
    }

    #[test]
    fn docx_numbering_inherited_from_styles() {
        // Heading1 names the list (no level: the level whose w:pStyle is Heading1); Heading2
        // is based on a style that gives level 1; Plain removes the numbering (numId 0).
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="Chapter %1"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Article %2"/></w:lvl></w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/><w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ArticleBase"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="ArticleBase"/></w:style><w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Heading2"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>"#;
        let styled = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            styled("Heading1", "General"),
            styled("Heading2", "Scope"),
            styled("Plain", "Text."),
            styled("Heading2", "Aims"),
            p("Normal text."),
            styled("Heading1", "Final"),
            styled("Heading2", "Entry"),
        ]
        .concat();
        let text = to_text(&docx(&body, Some(numbering), Some(styles))).unwrap();
        assert_eq!(
            lines(&text),
            [
                "Chapter I General",
                "Article 1 Scope",
                "Text.",
                "Article 2 Aims",
                "Normal text.",
                "Chapter II Final",
                "Article 1 Entry",
            ]
        );
    }

    #[test]
    fn docx_number_formats() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(22, "ordinal"), "22nd");
        assert_eq!(format_number(12, "ordinal"), "12th");
        assert_eq!(format_number(21, "ordinalText"), "Twenty-first");
        assert_eq!(format_number(7, "cardinalText"), "Seven");
        assert_eq!(format_number(5, "decimalZero"), "05");
        assert_eq!(format_number(5, "bullet"), "");
        assert_eq!(format_number(4000, "upperRoman"), "4000");
        assert_eq!(format_number(u32::MAX, "upperLetter"), u32::MAX.to_string());
    }

    #[test]
    fn docx_tracked_changes_fields_and_runs() {
        let body = concat!(
            // Insertions kept, deletions and moves away dropped.
            r#"<w:p><w:r><w:t xml:space="preserve">The Parties </w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve">shall </w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText xml:space="preserve">may </w:delText></w:r></w:del><w:moveFrom w:id="3"><w:r><w:t>gone </w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t xml:space="preserve">now </w:t></w:r></w:moveTo><w:r><w:t>agree.</w:t></w:r></w:p>"#,
            // A field: its instructions dropped, its result kept; a simple field's result.
            r#"<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Article 4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>5</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>"#,
            // Tabs, breaks, hyphens, symbols, hidden text, a footnote reference.
            r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t><w:softHyphen/><w:sym w:font="Symbol" w:char="F0B7"/><w:t>e</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            // A paragraph deleted with its mark: not there at all.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="9" w:author="a"/></w:rPr></w:pPr><w:del w:id="8" w:author="a"><w:r><w:delText>Old article</w:delText></w:r></w:del></w:p>"#,
            // A table of contents: left out.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Article 1 Scope 3</w:t></w:r></w:p><w:p><w:r><w:t>Article 2 Aims 4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            // Content controls and alternate content (the fallback read).
            r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>In a control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">Drawn </w:t></w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:r><w:t>choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#,
        );
        let text = to_text(&docx(body, None, None)).unwrap();
        assert_eq!(
            text,
            "The Parties shall now agree.\n\nSee Article 4 and 5.\n\na\tb\nc-de\n\n\
             In a control.\n\nDrawn fallback\n\n"
        );
    }

    #[test]
    fn docx_table_cells_in_reading_order() {
        let cell = |t: &str| format!("<w:tc><w:tcPr/>{}</w:tc>", p(t));
        let body = format!(
            "{}<w:tbl><w:tblPr/><w:tblGrid/><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:tbl><w:tr>{}</w:tr></w:tbl>{}</w:tc></w:tr></w:tbl>{}",
            p("Before"),
            cell("A1"),
            cell("B1"),
            cell("A2"),
            cell("Nested"),
            p("B2"),
            p("After")
        );
        let text = to_text(&docx(&body, None, None)).unwrap();
        assert_eq!(
            lines(&text),
            ["Before", "A1", "B1", "A2", "Nested", "B2", "After"]
        );
    }

    #[test]
    fn docx_section_break_paragraph_is_not_numbered() {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "decimal", "%1.")
        );
        let body = format!(
            r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:sectPr/></w:pPr></w:p>{}"#,
            numbered(1, 0, "Service")
        );
        let text = to_text(&docx(&body, Some(&numbering), None)).unwrap();
        assert_eq!(text, "1. Service\n\n");
    }

    #[test]
    fn docx_too_large_parts_are_refused() {
        let big = "<w:p/>".repeat(20_000); // 120 kB inflated, a few hundred bytes deflated
        let bytes = docx(&big, None, None);
        let small = Limits {
            part: 64 * 1024,
            total: 1024 * 1024,
            entries: 100,
        };
        let err = to_text_with(&bytes, small).unwrap_err();
        assert!(
            err.contains("word/document.xml inflates to more than"),
            "{err}"
        );
        let all = Limits {
            part: 1024 * 1024,
            total: 64 * 1024,
            entries: 100,
        };
        let err = to_text_with(&bytes, all).unwrap_err();
        assert!(err.contains("in all"), "{err}");
        let few = Limits {
            part: 1024 * 1024,
            total: 1024 * 1024,
            entries: 1,
        };
        assert!(to_text_with(&bytes, few).unwrap_err().contains("entries"));
        assert!(to_text(&bytes).is_ok());

        // Headers that understate the inflated size: the read is bounded all the same.
        let mut lying = bytes.clone();
        let declared = (big.len() + 100) as u32;
        let mut patched = 0;
        for sig in [&b"PK\x03\x04"[..], b"PK\x01\x02"] {
            let offset = if sig == b"PK\x03\x04" { 22 } else { 24 };
            let mut i = 0;
            while let Some(at) = lying[i..].windows(4).position(|w| w == sig) {
                let start = i + at + offset;
                let size = u32::from_le_bytes(lying[start..start + 4].try_into().unwrap());
                if size >= declared - 200 {
                    lying[start..start + 4].copy_from_slice(&100u32.to_le_bytes());
                    patched += 1;
                }
                i += at + 4;
            }
        }
        assert_eq!(patched, 2);
        assert!(to_text_with(&lying, small).is_err());
        assert!(to_text(&lying).is_err());
    }

    #[test]
    fn docx_encrypted_missing_and_malformed_are_errors() {
        // The encryption flag set on every entry.
        let mut bytes = docx(&p("Secret"), None, None);
        for (sig, offset) in [(&b"PK\x03\x04"[..], 6), (b"PK\x01\x02", 8)] {
            let mut i = 0;
            while let Some(at) = bytes[i..].windows(4).position(|w| w == sig) {
                bytes[i + at + offset] |= 1;
                i += at + 4;
            }
        }
        let err = to_text(&bytes).unwrap_err();
        assert!(err.contains("encrypted"), "{err}");

        let no_document = zip_of(&[("word/other.xml", b"<x/>")]);
        assert!(!is_docx(&no_document));
        assert!(to_text(&no_document)
            .unwrap_err()
            .contains("no word/document.xml"));

        let bad = zip_of(&[(DOCUMENT, b"<w:document><w:body>")]);
        assert!(is_docx(&bad));
        assert!(to_text(&bad).unwrap_err().contains("not well-formed XML"));

        let dtd = zip_of(&[(
            DOCUMENT,
            br#"<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>"#,
        )]);
        assert!(to_text(&dtd).is_err());

        let not_word = zip_of(&[(DOCUMENT, b"<html/>")]);
        assert!(to_text(&not_word)
            .unwrap_err()
            .contains("not a WordprocessingML"));

        let latin1 = zip_of(&[(DOCUMENT, b"<a>\xe9</a>")]);
        assert!(to_text(&latin1).unwrap_err().contains("UTF-8"));

        assert!(to_text(b"PK\x03\x04 garbage").is_err());
        assert!(to_text(&[0xd0, 0xcf, 0x11, 0xe0, 0, 0]).is_err());
        assert!(to_text(b"").is_err());
        assert!(!is_docx(b"hello"));
    }

    #[test]
    fn docx_garbage_and_truncations_never_panic() {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "decimal", "Article %1"),
            lvl(1, "lowerLetter", "(%2)")
        );
        let body = [numbered(1, 0, "Scope"), numbered(1, 1, "text"), p("More")].concat();
        let bytes = docx(&body, Some(&numbering), Some(""));
        assert_eq!(
            to_text(&bytes).unwrap(),
            "Article 1 Scope\n\n(a) text\n\nMore\n\n"
        );
        for len in 0..bytes.len() {
            let cut = &bytes[..len];
            let _ = is_docx(cut);
            assert!(to_text(cut).is_err(), "truncated at {len}");
        }
        // Corrupted bytes anywhere: an error or some text, never a panic.
        let mut state = 0x2545_f491_u32;
        for _ in 0..2000 {
            let mut b = bytes.clone();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let i = state as usize % b.len();
                b[i] = (state >> 8) as u8;
            }
            let _ = is_docx(&b);
            let _ = to_text(&b);
        }
        let mut state = 7u32;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        assert!(to_text(&noise).is_err());
        assert!(to_text(&[b"PK\x03\x04".as_slice(), &noise].concat()).is_err());
    }

    #[test]
    fn docx_hostile_numbering_does_not_loop_or_overflow() {
        // A style based on itself, a numbering-style link to itself, a start of u32::MAX,
        // levels out of range, nesting deep but not refused.
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%9%"/></w:lvl><w:lvl w:ilvl="99"/></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Loop"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:styleId="Self"><w:basedOn w:val="Self"/></w:style><w:style w:type="numbering" w:styleId="Loop"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>"#;
        let deep = "<w:ins>".repeat(900) + &p("deep") + &"</w:ins>".repeat(900);
        let body = [
            numbered(1, 0, "max"),
            numbered(1, 0, "again"),
            numbered(2, 0, "loop"),
            numbered(1, 42, "level"),
            r#"<w:p><w:pPr><w:pStyle w:val="Self"/></w:pPr><w:r><w:t>self</w:t></w:r></w:p>"#
                .to_string(),
            deep,
        ]
        .concat();
        let text = to_text(&docx(&body, Some(numbering), Some(styles))).unwrap();
        assert_eq!(
            lines(&text),
            [
                "42949672951% max",
                "42949672951% again",
                "loop",
                "42949672951% level",
                "self",
                "deep"
            ]
        );
        // Deeper than any document: refused before `roxmltree`, whose parser recurses.
        let deeper = "<w:ins>".repeat(100_000) + &p("deep") + &"</w:ins>".repeat(100_000);
        let err = to_text(&docx(&deeper, None, None)).unwrap_err();
        assert!(err.contains("more than 1000 deep"), "{err}");
        assert!(!nested_deeper_than(
            "<a><b/><c x='>' y=\"/>\"><!-- <d><d><d> --><e/></c></a>",
            2
        ));
        assert!(nested_deeper_than("<a><b><c></c></b></a>", 2));
        assert!(nested_deeper_than("<a><b><c", 2));
    }
}
