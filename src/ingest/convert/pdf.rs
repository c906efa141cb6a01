//! PDF with a text layer: glyphs read by `pdf-extract` (pure Rust, over `lopdf`), then made
//! into treaty text here.
//!
//! Steps: every glyph with its position ([`Glyphs`], our own `OutputDev`), one page at a time
//! behind `catch_unwind` (a page that cannot be read is reported and skipped; the others are
//! kept); glyphs into lines in the content stream's order, a new line where the pen moves down
//! or back, a space where it jumps forward; two columns split at an empty gutter, the column in
//! another language than the document's main one left out as a skipped translation; running
//! headers and footers removed (lines at the top or bottom of the page that recur, figures
//! aside, on neighbouring pages: `A/CONF.164/37 / English / Page 3`, `- 12 -`, the UNTS series
//! line with its OCR errors); contents lines with dot leaders dropped; line-end hyphens
//! resolved with the document's own vocabulary (`capacity-` + `building` stays hyphenated when
//! the document writes `capacity-building` within a line, `syl-` + `lable` is joined).
//!
//! Refused, with the reason: a scan (too few characters per page: OCR it first, for example
//! through `--pre`), a text layer whose characters are not text (fonts without a Unicode map
//! give private-use, control or scattered symbol characters), an encrypted file, more than
//! [`MAX_PAGES`] pages.

use super::Converted;
use crate::compare::trace;
use crate::model::{Warning, WarningKind};
use pdf_extract::{
    dictionary, Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Documents with more pages than this are refused (the longest FRUS volume has 1,440).
pub const MAX_PAGES: usize = 5000;

/// Fewer letters than this per page, on average, is a scan or an image-only PDF.
const MIN_LETTERS_PER_PAGE: usize = 200;

/// One glyph: where it stands (top-left origin, points), how wide and how large it is.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    /// Where its characters are in [`Glyphs::text`].
    text: std::ops::Range<usize>,
    /// The first glyph of a word (pdf-extract's `begin_word`).
    word_start: bool,
}

/// A line of a page: its text and where it stands.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
}

#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    drawn: usize,
    height: f64,
    width: f64,
}

/// The `OutputDev` that keeps every glyph of one page with its position.
#[derive(Default)]
struct Glyphs {
    glyphs: Vec<Glyph>,
    /// The characters of every glyph, one after the other (one string for the page rather
    /// than one per glyph).
    text: String,
    height: f64,
    width: f64,
    word_start: bool,
    /// Glyphs drawn, with or without a character (a font without a Unicode map gives none).
    drawn: usize,
}

impl OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.width = media_box.urx - media_box.llx;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.drawn += 1;
        // The text rendering matrix with the page turned upside down (origin at the top).
        let (x, y) = (trm.m31, self.height - trm.m32);
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt();
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || self.glyphs.len() > 2_000_000 {
            return Ok(());
        }
        self.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: self.text.len()..self.text.len() + ch.len(),
            word_start: std::mem::take(&mut self.word_start),
        });
        self.text.push_str(ch);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

thread_local! {
    /// Set while a PDF is read, so that a panic inside the reader is not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent for panics inside the PDF reader, which
/// are caught and reported as errors naming the file, and prints all others as before.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f` with panics caught and not printed.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    quiet_panics();
    QUIET.with(|q| q.set(true));
    let r = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    r
}

/// Reads the pages of a document one at a time through a page tree of one page.
///
/// `pdf_extract::output_doc_page` finds the page it is asked for by walking the whole page
/// tree (`Document::get_pages`) at every call, which made reading quadratic in the pages (a
/// fifth of the time on a 1,440-page volume). Here the document's root is pointed once at a
/// catalog of our own whose page tree holds one page, the page to be read, which is then read
/// as page 1. The page keeps its own dictionary and `/Parent` chain, so what it inherits
/// (resources, media box) is what it inherits in the document's own tree; pdf-extract looks
/// at the catalog for nothing else.
struct OnePageTree<'a> {
    doc: &'a mut Document,
    tree: ObjectId,
}

impl<'a> OnePageTree<'a> {
    fn new(doc: &'a mut Document) -> Self {
        // Ids above every object in the file (`max_id` is the file's word for it, which a
        // damaged file may get wrong).
        let top = doc
            .objects
            .keys()
            .map(|k| k.0)
            .max()
            .unwrap_or(0)
            .max(doc.max_id);
        let (catalog, tree) = ((top + 1, 0), (top + 2, 0));
        doc.max_id = top + 2;
        doc.objects.insert(
            catalog,
            Object::Dictionary(dictionary! { "Type" => "Catalog", "Pages" => tree }),
        );
        doc.trailer.set("Root", catalog);
        OnePageTree { doc, tree }
    }

    /// The glyphs of page `id`, and whether the page could be read (what was drawn before a
    /// failure is kept).
    fn read(&mut self, id: ObjectId) -> (Glyphs, bool) {
        self.doc.objects.insert(
            self.tree,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![Object::Reference(id)],
                "Count" => 1,
            }),
        );
        let mut out = Glyphs::default();
        let doc: &Document = self.doc;
        let ok = matches!(
            guarded(|| pdf_extract::output_doc_page(doc, &mut out, 1)),
            Some(Ok(()))
        );
        (out, ok)
    }
}

/// Fewer pages than this are read on one thread.
const PARALLEL_PAGES: usize = 16;

/// Decompresses, once, the streams of the document's fonts (`/ToUnicode` maps, embedded font
/// files, encoding CMaps). pdf-extract builds every font of a page anew for each page, and
/// inflates these streams each time (through its `get_contents`, which returns a stream's
/// decompressed bytes, or its bytes as they are when it has no filter or they cannot be
/// decompressed): a stream replaced by its decompressed bytes reads the same. Content streams
/// and images, read once, are left as they are.
fn decompress_font_streams(doc: &mut Document) {
    let mut streams: Vec<ObjectId> = Vec::new();
    let dict_of = |doc: &Document, o: &Object| -> Option<Dictionary> {
        match o {
            Object::Dictionary(d) => Some(d.clone()),
            Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            _ => None,
        }
    };
    for object in doc.objects.values() {
        let Object::Dictionary(font) = object else {
            continue;
        };
        if !font
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|t| t == b"Font")
        {
            continue;
        }
        for key in [b"ToUnicode".as_slice(), b"Encoding"] {
            if let Ok(id) = font.get(key).and_then(Object::as_reference) {
                streams.push(id);
            }
        }
        if let Some(descriptor) = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|d| dict_of(doc, d))
        {
            for key in [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"] {
                if let Ok(id) = descriptor.get(key).and_then(Object::as_reference) {
                    streams.push(id);
                }
            }
        }
    }
    for id in streams {
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
            if stream.filters().is_ok() {
                // Left compressed where it cannot be decompressed (read as it is either way).
                let _ = stream.decompress();
            }
        }
    }
}

/// Every page's lines, in page order, with whether it could be read (`(index in pages, page,
/// read)`). Pages are read in parallel: each worker has a copy of the document of its own
/// (reading points the document's root at the page, see [`OnePageTree`]) and takes pages from
/// a shared counter; the pages are put back in order, so that the result does not depend on
/// which worker read which page.
/// The most workers (copies of the document) reading one PDF's pages.
const MAX_WORKERS: usize = 4;

fn read_pages(mut doc: Document, numbers: &[(u32, ObjectId)]) -> Vec<(usize, Page, bool)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let workers = if numbers.len() < PARALLEL_PAGES {
        1
    } else {
        // Each worker holds a copy of the document, and `analyze` reads several files at
        // once: at most four copies a file, whatever the machine.
        rayon::current_num_threads()
            .clamp(1, numbers.len() / (PARALLEL_PAGES / 2))
            .min(MAX_WORKERS)
    };
    let next = AtomicUsize::new(0);
    let read = Mutex::new(Vec::with_capacity(numbers.len()));
    let work = |doc: &mut Document| {
        let mut one_page = OnePageTree::new(doc);
        let mut mine = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(_, id)) = numbers.get(k) else {
                break;
            };
            let (out, ok) = one_page.read(id);
            mine.push((k, lines_of(out), ok));
        }
        read.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
    };
    decompress_font_streams(&mut doc);
    let copies: Vec<Document> = (1..workers).map(|_| doc.clone()).collect();
    let work = &work;
    rayon::scope(|s| {
        for mut copy in copies {
            s.spawn(move |_| work(&mut copy));
        }
        work(&mut doc);
    });
    let mut read = read.into_inner().unwrap_or_else(|e| e.into_inner());
    read.sort_by_key(|r| r.0);
    read
}

/// The text of a PDF.
pub fn to_text(bytes: &[u8]) -> Result<Converted, String> {
    let t0 = std::time::Instant::now();
    let doc = match guarded(|| pdf_extract::Document::load_mem(bytes)) {
        None => return Err("the PDF reader failed on its structure (a damaged file)".into()),
        Some(Err(e)) => return Err(format!("not a readable PDF ({e})")),
        Some(Ok(doc)) => doc,
    };
    if doc.is_encrypted() {
        return Err("the PDF is encrypted".into());
    }
    let numbers: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if numbers.is_empty() {
        return Err("the PDF has no pages".into());
    }
    if numbers.len() > MAX_PAGES {
        return Err(format!(
            "{} pages (more than {MAX_PAGES}): split it first",
            numbers.len()
        ));
    }
    trace("pdf: parse", t0);
    let mut pages = Vec::with_capacity(numbers.len());
    let mut failed = Vec::new();
    for (k, page, ok) in read_pages(doc, &numbers) {
        if !ok {
            failed.push(numbers[k].0);
        }
        pages.push(page);
    }
    if failed.len() == numbers.len() {
        return Err("no page of the PDF could be read (a damaged file)".into());
    }
    trace("pdf: pages", t0);
    let letters: usize = pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    let per_page = letters / numbers.len();
    let marks: usize = pages.iter().map(|p| p.drawn).sum();
    if per_page < MIN_LETTERS_PER_PAGE && marks / numbers.len() >= MIN_LETTERS_PER_PAGE {
        return Err(format!(
            "its text layer is not readable text ({} glyphs per page, {per_page} of them \
             letters: its fonts map glyphs to no Unicode letters); convert it with another tool \
             (--pre) or OCR it",
            marks / numbers.len()
        ));
    }
    if per_page < MIN_LETTERS_PER_PAGE {
        return Err(format!(
            "a scan or an image-only PDF: {per_page} letters of text per page over {} pages \
             (OCR it first, e.g. with --pre and a script running pdftoppm and tesseract; see the README)",
            numbers.len()
        ));
    }
    if let Some(reason) = broken_layer(&pages) {
        return Err(format!(
            "its text layer is not readable text ({reason}); convert it with another tool \
             (--pre) or OCR it"
        ));
    }
    let mut warnings = Vec::new();
    if !failed.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::DamagedPages,
            message: format!(
                "{} of {} PDF pages could not be read and were skipped (first: page {})",
                failed.len(),
                numbers.len(),
                failed[0]
            ),
            span: None,
        });
    }
    let skipped_columns = split_columns(&mut pages);
    if skipped_columns > 0 {
        warnings.push(Warning {
            kind: WarningKind::SkippedTranslation,
            message: format!(
                "{skipped_columns} pages in two columns: the column in another language was skipped"
            ),
            span: None,
        });
    }
    remove_running_lines(&mut pages);
    trace("pdf: running lines", t0);
    let mut lines: Vec<String> = Vec::new();
    for p in pages {
        paragraphs(p, &mut lines);
    }
    drop_contents(&mut lines);
    let text = join_hyphens(lines);
    trace("pdf: text", t0);
    Ok(Converted { text, warnings })
}

/// A page's glyphs as lines, in the order of the content stream, decided as `pdf-extract`'s
/// own plain-text output does at each word's first glyph: a new line where the pen moves down
/// (or up) by more than one and a half characters, or by half a character and back to the left;
/// a space where it jumps forward by more than a tenth of a character. A jump of more than four
/// characters to the right on the same line also starts a new line (another column or a
/// page number set apart), so that columns can be told apart by position.
fn lines_of(out: Glyphs) -> Page {
    let mut lines: Vec<Line> = Vec::new();
    let mut cur: Option<Line> = None;
    let mut last_end = f64::MAX;
    for g in out.glyphs {
        let text = &out.text[g.text];
        let size = g.size.max(1.0);
        let decide = g.word_start || cur.is_none();
        let mut new_line = cur.is_none();
        let mut space = false;
        if let (true, Some(l)) = (decide, &cur) {
            let dy = (g.y - l.y).abs();
            new_line = dy > size * 1.5
                || (g.x < last_end && dy > size * 0.5)
                || (dy <= size * 0.5 && g.x > last_end + size * 4.0);
            space = g.x > last_end + size * 0.1;
        }
        last_end = g.end;
        if new_line {
            lines.extend(cur.take());
            cur = Some(Line {
                text: text.to_string(),
                x0: g.x,
                x1: g.end,
                y: g.y,
            });
            continue;
        }
        if let Some(l) = cur.as_mut() {
            if space && !l.text.ends_with(' ') {
                l.text.push(' ');
            }
            l.text.push_str(text);
            l.x1 = l.x1.max(g.end);
            if decide {
                l.y = g.y;
            }
        }
    }
    lines.extend(cur);
    for l in &mut lines {
        let folded: Vec<&str> = l.text.split_whitespace().collect();
        l.text = folded.join(" ");
    }
    lines.retain(|l| !l.text.is_empty());
    Page {
        lines,
        drawn: out.drawn,
        height: out.height,
        width: out.width,
    }
}

/// Why a text layer is not text, if it is not: most letters outside the scripts of words
/// (private-use, control, replacement characters), or letters of one script scattered among
/// those of others, word by word (a font mapped to the wrong Unicode block).
fn broken_layer(pages: &[Page]) -> Option<String> {
    let (mut total, mut bad, mut words, mut mixed) = (0usize, 0usize, 0usize, 0usize);
    let (mut arabic, mut forms) = (0usize, 0usize);
    for line in pages.iter().flat_map(|p| &p.lines).take(20_000) {
        for c in line.text.chars().filter(|c| !c.is_whitespace()) {
            total += 1;
            let u = c as u32;
            if (0x600..=0x6ff).contains(&u) {
                arabic += 1;
            } else if (0xfb50..=0xfdff).contains(&u) || (0xfe70..=0xfeff).contains(&u) {
                arabic += 1;
                forms += 1;
            }
            if c == '\u{fffd}'
                || c.is_control()
                || (0xe000..=0xf8ff).contains(&u)
                || (0x250..=0x2af).contains(&u)
            {
                bad += 1;
            }
        }
        for w in line.text.split_whitespace() {
            let blocks: std::collections::BTreeSet<u32> = w
                .chars()
                .filter(|c| c.is_alphabetic())
                .map(|c| block_of(c as u32))
                .collect();
            words += 1;
            if blocks.len() >= 3 {
                mixed += 1;
            }
        }
    }
    if arabic > 0 && forms * 5 > arabic {
        return Some(format!(
            "{}% of its Arabic letters are presentation forms (glyph shapes, not letters: the layer does not read back as text)",
            forms * 100 / arabic
        ));
    }
    if total > 0 && bad * 10 > total {
        return Some(format!(
            "{}% of its characters are private-use, control or phonetic symbols",
            bad * 100 / total
        ));
    }
    if words > 0 && mixed * 20 > words {
        return Some(format!(
            "{}% of its words mix letters of three or more alphabets",
            mixed * 100 / words
        ));
    }
    None
}

/// A coarse Unicode block for letters (Latin, Latin extended, Greek, Cyrillic, ...).
fn block_of(u: u32) -> u32 {
    match u {
        0..=0x7f => 0,
        0x80..=0x24f => 0, // Latin-1 and Latin Extended-A/B: accented Latin letters
        0x250..=0x2ff => 1,
        0x370..=0x3ff => 2,
        0x400..=0x52f => 3,
        0x530..=0x58f => 4,
        0x590..=0x5ff => 5,
        0x600..=0x6ff | 0x750..=0x77f | 0xfb50..=0xfdff | 0xfe70..=0xfeff => 6,
        0x1e00..=0x1eff => 0,
        0x3040..=0x30ff => 7,
        0x3400..=0x9fff | 0xf900..=0xfaff => 8,
        0xac00..=0xd7af => 9,
        _ => 10 + (u >> 8),
    }
}

/// Pages printed in two columns (an empty gutter near the middle with text on both sides,
/// on most lines): the lines of each column are read one column after the other; where the
/// two columns are in different languages, the one that is not the document's main language
/// is dropped. Returns how many pages lost a column.
fn split_columns(pages: &mut [Page]) -> usize {
    // Which pages have two columns, and where their gutter is.
    let gutters: Vec<Option<f64>> = pages.iter().map(gutter).collect();
    let two: usize = gutters.iter().filter(|g| g.is_some()).count();
    if two == 0 {
        return 0;
    }
    // The language of each side over the whole document.
    let mut left_text = String::new();
    let mut right_text = String::new();
    for (p, g) in pages.iter().zip(&gutters) {
        let Some(g) = g else { continue };
        for l in &p.lines {
            if l.x1 <= *g {
                left_text.push_str(&l.text);
                left_text.push(' ');
            } else if l.x0 >= *g {
                right_text.push_str(&l.text);
                right_text.push(' ');
            }
        }
    }
    let lang = |t: &str| whatlang::detect(t).map(|i| i.lang());
    let (ll, rl) = (lang(&left_text), lang(&right_text));
    let keep: Option<bool> = match (ll, rl) {
        (Some(a), Some(b)) if a != b => {
            // Keep English if one side is; else the side with more text.
            if a == whatlang::Lang::Eng {
                Some(true)
            } else if b == whatlang::Lang::Eng {
                Some(false)
            } else {
                Some(left_text.len() >= right_text.len())
            }
        }
        _ => None,
    };
    let mut dropped = 0;
    for (p, g) in pages.iter_mut().zip(&gutters) {
        let Some(g) = *g else { continue };
        let (mut left, mut right, mut across) = (Vec::new(), Vec::new(), Vec::new());
        for l in p.lines.drain(..) {
            if l.x1 <= g {
                left.push(l);
            } else if l.x0 >= g {
                right.push(l);
            } else {
                across.push(l);
            }
        }
        let by_y = |v: &mut Vec<Line>| v.sort_by(|a, b| a.y.total_cmp(&b.y));
        by_y(&mut left);
        by_y(&mut right);
        p.lines = across;
        match keep {
            Some(true) => {
                p.lines.extend(left);
                dropped += 1;
            }
            Some(false) => {
                p.lines.extend(right);
                dropped += 1;
            }
            None => {
                p.lines.extend(left);
                p.lines.extend(right);
            }
        }
    }
    dropped
}

/// The x of an empty vertical gutter between 35% and 65% of the page's width that most
/// lines of the page stand on one side of, with text on both sides; `None` for one column.
fn gutter(p: &Page) -> Option<f64> {
    if p.lines.len() < 10 || p.width <= 0.0 {
        return None;
    }
    const BINS: usize = 100;
    let mut cover = [0usize; BINS];
    for l in &p.lines {
        let a = ((l.x0 / p.width) * BINS as f64).clamp(0.0, BINS as f64 - 1.0) as usize;
        let b = ((l.x1 / p.width) * BINS as f64).clamp(0.0, BINS as f64 - 1.0) as usize;
        for c in cover.iter_mut().take(b + 1).skip(a) {
            *c += 1;
        }
    }
    // The emptiest run of bins in the middle: lines crossing it are few (titles, spanning
    // headings), lines on both sides many.
    let allowed = p.lines.len() / 10;
    let (lo, hi) = (BINS * 35 / 100, BINS * 65 / 100);
    let mut best: Option<(usize, usize)> = None;
    let mut i = lo;
    while i < hi {
        if cover[i] <= allowed {
            let start = i;
            while i < hi && cover[i] <= allowed {
                i += 1;
            }
            if best.is_none_or(|(s, e)| i - start > e - s) {
                best = Some((start, i));
            }
        } else {
            i += 1;
        }
    }
    let (s, e) = best?;
    let x = (s + e) as f64 / 2.0 / BINS as f64 * p.width;
    let left = p.lines.iter().filter(|l| l.x1 <= x).count();
    let right = p.lines.iter().filter(|l| l.x0 >= x).count();
    (left * 4 >= p.lines.len() && right * 4 >= p.lines.len()).then_some(x)
}

/// A page's lines, with an empty line where the space between two lines is clearly more
/// than the page's usual line pitch (a paragraph or heading break), contents lines with dot
/// leaders left out.
fn paragraphs(p: Page, out: &mut Vec<String>) {
    let mut gaps: Vec<f64> = p
        .lines
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|d| *d > 0.5)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let pitch = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    let mut prev: Option<f64> = None;
    for l in p.lines {
        if is_contents_line(&l.text) {
            continue;
        }
        if let Some(y) = prev {
            let d = l.y - y;
            if pitch > 0.0
                && (d > pitch * 1.4 || d < -pitch)
                && out.last().is_some_and(|s| !s.is_empty())
            {
                out.push(String::new());
            }
        }
        prev = Some(l.y);
        out.push(l.text);
    }
}

/// Whether a line is an entry of a table of contents: a numbered heading with its title after
/// a full stop (`Article 19. Meaning of innocent passage`, `PART XI. THE AREA`), or a line
/// ending in a page number after a leader.
fn is_contents_entry(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("").to_lowercase();
    let second = words.next().unwrap_or("");
    let numbered = matches!(
        first.as_str(),
        "article" | "art." | "part" | "section" | "subsection" | "annex" | "chapter"
    ) && second.len() > 1
        && second.ends_with('.')
        && words.next().is_some();
    numbered
        || is_contents_line(line)
        || line.trim_end().ends_with(|c: char| c.is_ascii_digit()) && line.contains(". .")
}

/// Drops a table of contents: from a `CONTENTS` line in the first part of the document to
/// its last entry ([`is_contents_entry`]) before the first run of prose (three long lines in
/// a row). The entries of a contents page would read as a second set of articles.
fn drop_contents(lines: &mut Vec<String>) {
    let limit = (lines.len() / 6).max(40).min(lines.len());
    let Some(start) = lines[..limit].iter().position(|l| {
        let t = l.trim().trim_end_matches("Page").trim().to_lowercase();
        matches!(
            t.as_str(),
            "contents" | "table of contents" | "sommaire" | "table des matières" | "índice"
        )
    }) else {
        return;
    };
    let long = |l: &String| l.chars().count() >= 50;
    let prose = (start + 1..lines.len()).find(|&i| {
        let next: Vec<&String> = lines[i..]
            .iter()
            .filter(|l| !l.is_empty())
            .take(3)
            .collect();
        next.len() == 3 && next.iter().all(|l| long(l) && !is_contents_entry(l))
    });
    let Some(prose) = prose else { return };
    let Some(last) = (start + 1..prose)
        .rev()
        .find(|&i| is_contents_entry(&lines[i]))
    else {
        return;
    };
    lines.drain(start..=last);
}

/// A line's shape with its figures and case set aside, for recognising a running header
/// ("Page 3" and "Page 14" are the same line).
fn shape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// A page number alone: `12`, `- 12 -`, `Page 12`, `xii`.
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | '.'))
        .to_ascii_lowercase();
    let t = t.strip_prefix("page").unwrap_or(&t).trim();
    !t.is_empty()
        && (t.chars().all(|c| c.is_ascii_digit())
            || (t.len() <= 6 && t.chars().all(|c| "ivxlc".contains(c))))
}

/// Drops running headers and footers: page numbers alone at a page's top or bottom, and lines
/// in a page's top or bottom band whose shape ([`shape`]) is nearly that of a line in the
/// same band of at least a third of the neighbouring pages (OCR varies a letter or two).
fn remove_running_lines(pages: &mut [Page]) {
    const BAND_LINES: usize = 3;
    const NEIGHBOURS: usize = 6;
    let chars = |l: &Line| Chars::new(&shape(&l.text));
    let bands: Vec<(Vec<Chars>, Vec<Chars>)> = pages
        .iter()
        .map(|p| {
            let n = p.lines.len();
            let top = p.lines.iter().take(BAND_LINES.min(n)).map(chars);
            let bottom = p.lines[n.saturating_sub(BAND_LINES)..].iter().map(chars);
            (top.collect(), bottom.collect())
        })
        .collect();
    let n_pages = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let lo = i.saturating_sub(NEIGHBOURS);
        let hi = (i + NEIGHBOURS + 1).min(n_pages);
        let others = hi - lo - 1;
        let recurs = |s: &str, top: bool| {
            if others == 0 || s.len() < 3 {
                return false;
            }
            let s = Chars::new(s);
            let hits = (lo..hi)
                .filter(|&j| j != i)
                .filter(|&j| {
                    let band = if top { &bands[j].0 } else { &bands[j].1 };
                    band.iter()
                        .any(|o| o.chars == s.chars || nearly_same(o, &s))
                })
                .count();
            hits * 3 >= others && hits >= 1
        };
        let n = p.lines.len();
        let mut drop = vec![false; n];
        for (k, d) in drop.iter_mut().enumerate() {
            let top = k < BAND_LINES;
            let bottom = k + BAND_LINES >= n;
            if !(top || bottom) {
                continue;
            }
            let text = &p.lines[k].text;
            let s = shape(text);
            // Article headings recur at the tops of pages too ("Article 5" on one page,
            // "Article 6" on the next): never take one for a running header.
            if text.split_whitespace().next().is_some_and(|w| {
                let w = w.to_lowercase();
                matches!(
                    w.as_str(),
                    "article" | "artículo" | "artikel" | "part" | "section"
                )
            }) {
                continue;
            }
            let in_margin = p.height > 0.0
                && (p.lines[k].y < p.height * 0.12 || p.lines[k].y > p.height * 0.88);
            if (is_page_number(text) && (in_margin || k == 0 || k + 1 == n))
                || (top && recurs(&s, true))
                || (bottom && recurs(&s, false))
            {
                *d = true;
            }
        }
        let mut k = 0;
        p.lines.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// Whether two line shapes are nearly the same: strsim's `normalized_levenshtein(a, b) >= 0.8`
/// (one minus the edit distance over the longer length, in characters, with the same
/// floating-point arithmetic), decided without computing distances above the largest one that
/// passes: lengths that differ by more cannot pass, and the distance is computed in that band
/// around the diagonal only. Headers are compared with every line in the bands of twelve
/// neighbouring pages, and the full distance was a tenth of the time on a long volume.
fn nearly_same(a: &Chars, b: &Chars) -> bool {
    let m = a.chars.len().max(b.chars.len());
    if m == 0 {
        return true;
    }
    let score = |d: usize| 1.0 - (d as f64) / (m as f64);
    // The score falls as the distance grows: the distances that pass are 0..=k.
    let mut k = 0;
    while k < m && score(k + 1) >= 0.8 {
        k += 1;
    }
    a.chars.len().abs_diff(b.chars.len()) <= k
        && a.fewest_edits_to(b) <= k
        && within_distance(&a.chars, &b.chars, k)
}

/// A line shape's characters, with how many fall in each of a few classes.
struct Chars {
    chars: Vec<char>,
    classes: [u32; 32],
}

impl Chars {
    fn new(s: &str) -> Self {
        let chars: Vec<char> = s.chars().collect();
        let mut classes = [0u32; 32];
        for c in &chars {
            classes[*c as usize % 32] += 1;
        }
        Chars { chars, classes }
    }

    /// A lower bound of the edit distance to `other`: an insertion, deletion or substitution
    /// adds at most one to, or takes at most one from, the characters one string has in
    /// excess of the other's in each class, counted on either side.
    fn fewest_edits_to(&self, other: &Chars) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.classes.iter().zip(&other.classes) {
            more += a.saturating_sub(*b) as usize;
            fewer += b.saturating_sub(*a) as usize;
        }
        more.max(fewer)
    }
}

/// Whether the edit (Levenshtein) distance of `a` and `b` is at most `k`: the distances of
/// prefixes are computed only on the diagonals within `k` of the main one (an alignment of
/// cost `k` or less never leaves them), capped at `k + 1`, and the search stops at the first
/// row whose every cell is over `k`.
fn within_distance(a: &[char], b: &[char], k: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    let over = k + 1;
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut cur = vec![over; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            cur[hi + 1] = over;
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// A table-of-contents line: a title and a page number joined by a dot leader.
fn is_contents_line(line: &str) -> bool {
    let t = line.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    body.len() < t.len()
        && (body.ends_with("....") || body.ends_with(". . . .") || body.ends_with("…"))
}

/// Joins the lines, resolving line-end hyphens with the document's own vocabulary: `a-` +
/// `b...` keeps its hyphen where the document writes `a-b` within a line, is joined where
/// it writes `ab`, and otherwise is joined when `b` starts in lower case (a syllable break).
fn join_hyphens(lines: Vec<String>) -> String {
    use std::collections::HashSet;
    let mut inline: HashSet<String> = HashSet::new();
    let mut words: HashSet<String> = HashSet::new();
    for l in &lines {
        let toks: Vec<&str> = l.split_whitespace().collect();
        for (i, w) in toks.iter().enumerate() {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase();
            if i + 1 == toks.len() && w.ends_with('-') {
                continue;
            }
            if w.contains('-') {
                inline.insert(w);
            } else if !w.is_empty() {
                words.insert(w);
            }
        }
    }
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    // What is left of line `i` once its first word went up to join line `i - 1`'s hyphen
    // (empty: nothing is left, the line is gone).
    let mut rest_of_next: Option<String> = None;
    for i in 0..lines.len() {
        let mut line = match rest_of_next.take() {
            Some(rest) if rest.is_empty() => continue,
            Some(rest) => rest,
            None => lines[i].clone(),
        };
        let next = lines.get(i + 1);
        let ends_hyphen = line.ends_with('-')
            && line[..line.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphabetic);
        if let (true, Some(next)) = (ends_hyphen, next.filter(|n| !n.is_empty())) {
            let first = next.split_whitespace().next().unwrap_or("");
            let starts_lower = first.chars().next().is_some_and(char::is_lowercase);
            if starts_lower {
                let head = line[..line.len() - 1]
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let tail_word = first
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                let hyphenated = format!("{head}-{tail_word}");
                let joined = format!("{head}{tail_word}");
                let keep = inline.contains(&hyphenated) && !words.contains(&joined);
                if !keep {
                    line.pop();
                }
                line.push_str(first);
                let rest = next[next.find(first).unwrap_or(0) + first.len()..].trim_start();
                rest_of_next = Some(rest.to_string());
                out.push_str(&line);
                out.push('\n');
                continue;
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64) -> Line {
        Line {
            text: text.into(),
            x0: 50.0,
            x1: 500.0,
            y,
        }
    }

    #[test]
    fn hyphens_follow_the_documents_vocabulary() {
        let lines: Vec<String> = [
            "capacity-building and the transfer of",
            "marine technology through capacity-",
            "building. A syl-",
            "lable here.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            join_hyphens(lines),
            "capacity-building and the transfer of\nmarine technology through capacity-building.\nA syllable\nhere.\n"
        );
    }

    const BODY: &[&str] = &[
        "States Parties shall cooperate in the conservation of straddling fish stocks",
        "and highly migratory fish stocks, directly or through subregional organizations.",
        "The coastal State shall adopt the measures necessary to that end, taking",
        "into account the best scientific evidence available to it, in accordance",
        "with the precautionary approach set out in the annex to this Agreement.",
        "Nothing in this Part shall prejudice the rights of flag States under it.",
        "Any dispute concerning the interpretation of this Agreement shall be settled",
    ];

    #[test]
    fn running_headers_and_page_numbers_are_removed() {
        let mut pages: Vec<Page> = (1..=6)
            .map(|n| Page {
                lines: [
                    line(&format!("A/CONF.164/37 English Page {n}"), 30.0),
                    line(&format!("Article {n}"), 100.0),
                    line(BODY[n % BODY.len()], 120.0),
                    line(BODY[(n + 1) % BODY.len()], 140.0),
                    line(BODY[(n + 2) % BODY.len()], 160.0),
                    line(&format!("- {n} -"), 780.0),
                ]
                .to_vec(),
                drawn: 0,
                height: 800.0,
                width: 600.0,
            })
            .collect();
        remove_running_lines(&mut pages);
        for p in &pages {
            let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts.len(), 4, "{texts:?}");
            assert!(texts[0].starts_with("Article "), "{texts:?}");
        }
    }

    #[test]
    fn nearly_same_is_strsims_measure() {
        let words = [
            "",
            "a",
            "ab",
            "page#",
            "pag#",
            "a/conf.###/##english",
            "a/conf.###/##englsh",
            "unitednations-treatyseries*nationsunies-recueildestraités##",
            "unitednati0ns-treatyseries*nationsunles-recueildestraites##",
            "kitten",
            "sitting",
            "vol.####,#-#####",
            "vol.####.#-####",
            "abcde",
            "edcba",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    nearly_same(&Chars::new(a), &Chars::new(b)),
                    strsim::normalized_levenshtein(a, b) >= 0.8,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn contents_lines_and_page_numbers() {
        assert!(is_contents_line(
            "Article 19. Meaning of innocent passage ..... 27"
        ));
        assert!(!is_contents_line("Article 19. Meaning of innocent passage"));
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("Page 3"));
        assert!(!is_page_number("12 December 1982"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(to_text(b"%PDF-1.4\n garbage").is_err());
        assert!(to_text(b"").is_err());
    }
}
