//! Ingest: find the input files, decode them, recognise their format and read each into
//! [`Block`]s: titles, article markers, headings and paragraphs with their spans.
//!
//! One file per format: [`text`] (plain, Markdown-ish, header-field exports, the Dutch treaty
//! database), [`flattened`] (one-line texts with inline markers), [`xml`] (ToTA). [`cleanup`]
//! then joins text broken by page breaks and drops passages repeated by copying errors.

pub mod cleanup;
pub mod collection;
pub mod convert;
pub mod decode;
pub mod flattened;
pub mod jsonl;
pub mod text;
pub mod xml;

use crate::error::{Error, InputProblem};
use crate::model::{Format, Span, Warning, WarningKind};
use crate::text::LineIndex;
use std::path::{Path, PathBuf};

pub use decode::Encoding;

/// Files larger than this are refused (a treaty, even NAFTA with annexes, is a few MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// File name endings read when walking a directory (RTF is converted to text first). Files
/// named on the command line are read whatever their ending.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "xml", "jsonl", "rtf", "html", "htm", "xhtml", "pdf", "docx",
];

/// Files that document a collection rather than hold a treaty (`README.md`, `SOURCES.md`):
/// skipped inside directories, read when named on the command line.
pub const COLLECTION_DOCS: &[&str] = &[
    "readme",
    "sources",
    "license",
    "licence",
    "changelog",
    "contributing",
    "authors",
    "notice",
    "copying",
];

/// Whether `path` names a collection's documentation file ([`COLLECTION_DOCS`]), alone or
/// with a qualifier after a separator (`LICENSE_CC-BY-NC-4.0.txt`, `README-tota.md`).
pub fn is_collection_doc(path: &Path) -> bool {
    path.file_stem().and_then(|n| n.to_str()).is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        COLLECTION_DOCS.iter().any(|d| {
            n == *d
                || n.strip_prefix(d)
                    .is_some_and(|rest| rest.starts_with(['_', '-', '.', ' ']))
        })
    })
}

/// What a block of a source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// The treaty's title as printed at its head.
    Title,
    /// A line such as "Signed at Peking, January 20, 1925" under the title.
    Dateline,
    /// An article marker; `number` is the cited number. The block text is an inline heading
    /// if the marker line carried one.
    /// `roman`: the source printed the number as a Roman numeral (`Article X`).
    Marker { number: String, roman: bool },
    /// A heading line that is not an article marker (a chapter title, "FOR JAPAN:").
    Heading,
    /// Running text.
    Para,
    /// Running text that the source itself marks as the closing part (ToTA "Conclusion").
    ClosingPara,
    /// Running text that the source itself marks as preamble (ToTA "Preamble").
    PreamblePara,
}

/// A piece of a source with clean text (markup removed, white space folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub span: Span,
}

/// Metadata that the format states outright (header fields, XML meta).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    /// Party names (header fields).
    pub parties: Vec<String>,
    /// ISO 3166-1 alpha-3 codes of the parties (ToTA meta).
    pub party_codes: Vec<String>,
    /// A database's short name for the treaty (ToTA `<meta name>`), not its title.
    pub database_name: Option<String>,
    /// "Exchange of letters" / "Exchange of notes" where the database's own title says the
    /// instrument is one (the Dutch database's "Briefwisseling", "Notawisseling").
    pub exchange: Option<String>,
}

/// One decoded input file with the blocks its format reader found.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub text: String,
    pub encoding: Encoding,
    pub format: Format,
    pub fields: Fields,
    pub blocks: Vec<Block>,
    pub warnings: Vec<Warning>,
    pub lines: LineIndex,
}

/// The files under `paths`, sorted, and the paths that could not be listed.
///
/// Directories are walked recursively (following links to files, never looping on links to
/// directories); inside them, only files with a [`TEXT_EXTENSIONS`] ending that are neither
/// hidden nor a collection's documentation ([`COLLECTION_DOCS`]) are taken. A path that does
/// not exist is an error.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let (files, errors, _) = discover_all(paths);
    (files, errors)
}

/// [`discover`], with the files skipped inside directories because their format is not read
/// yet (PDF, HTML, DOCX), each with the reason.
pub fn discover_all(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut seen = Vec::new();
                walk(path, &mut files, &mut errors, &mut skipped, &mut seen);
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(Error::input(path, InputProblem::Io(e.to_string()))),
        }
    }
    files.sort();
    files.dedup();
    skipped.sort_by_key(|e: &Error| e.to_string());
    (files, errors, skipped)
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<Error>,
    skipped: &mut Vec<Error>,
    seen: &mut Vec<PathBuf>,
) {
    if let Ok(canon) = dir.canonicalize() {
        if seen.contains(&canon) {
            return; // a link back to a directory already walked
        }
        seen.push(canon);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Error::input(dir, InputProblem::Io(e.to_string())));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, errors, skipped, seen),
            // FIFOs, sockets and devices: reading one could block for ever.
            Ok(m) if !m.is_file() => {}
            Ok(_) => {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(|e| e.to_ascii_lowercase());
                if ext.is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
                    && !is_collection_doc(&path)
                {
                    files.push(path);
                } else if let Some((format, hint)) =
                    convert::unsupported(&path.to_string_lossy(), &[])
                {
                    // A document format not read, known by its ending: named in the summary as
                    // skipped, so that "0 errors" never hides it.
                    skipped.push(Error::input(
                        &path,
                        InputProblem::Unsupported { format, hint },
                    ));
                }
            }
            Err(e) => errors.push(Error::input(&path, InputProblem::Io(e.to_string()))),
        }
    }
}

/// Reads, decodes and parses one file.
pub fn load(path: &Path) -> Result<Source, Error> {
    let bytes = read_bounded(path, MAX_FILE_BYTES)?;
    parse(&path.to_string_lossy(), &bytes).map_err(|p| Error::input(path, p))
}

/// The first bytes of a file (enough to recognise its format), empty if it cannot be read.
fn head(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(f, 512), &mut bytes);
    }
    bytes
}

/// [`load`], but a document (PDF, HTML, DOCX, RTF, ODT, DOC: [`convert::is_document`]) is given
/// to `pre` (run as `pre FILE`), whose standard output is read as its text.
pub fn load_with_pre(path: &Path, pre: &Path) -> Result<Source, Error> {
    let fail = |p: InputProblem| Error::input(path, p);
    if !convert::is_document(&path.to_string_lossy(), &head(path)) {
        return load(path);
    }
    let out = std::process::Command::new(pre)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            fail(InputProblem::Pre {
                command: pre.display().to_string(),
                message: e.to_string(),
            })
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(fail(InputProblem::Pre {
            command: pre.display().to_string(),
            message: format!("{} {first}", out.status).trim_end().to_string(),
        }));
    }
    if out.stdout.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(InputProblem::TooLarge {
            size: out.stdout.len() as u64,
            limit: MAX_FILE_BYTES,
        }));
    }
    // The command's text is read as text, whatever the file's name says; stray control
    // characters of a text layer (the French BBNJ PDF maps its thin spaces to U+0003) are
    // spaces, not a reason to refuse it (bytes below 0x20 never occur inside UTF-8 sequences).
    let mut text = out.stdout;
    for b in &mut text {
        if *b < 0x20 && !matches!(*b, b'\n' | b'\r' | b'\t' | 0x0c) {
            *b = b' ';
        }
    }
    parse_text(&path.to_string_lossy(), &text).map_err(fail)
}

/// The bytes of the regular file at `path`, refused when over `limit` (checked before reading
/// and again while reading, since the file may grow after it is measured).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let fail = |p: InputProblem| Error::input(path, p);
    let io = |e: std::io::Error| fail(InputProblem::Io(e.to_string()));
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(fail(InputProblem::NotAFile));
    }
    let too_large = |size| fail(InputProblem::TooLarge { size, limit });
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(io)?, limit + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `path` names an article JSON Lines file (read by [`jsonl`], not as one treaty).
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// Decodes and parses the bytes of a file named `file`.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Source, InputProblem> {
    if let Some((format, hint)) = convert::unsupported(file, bytes) {
        return Err(InputProblem::Unsupported { format, hint });
    }
    parse_text(file, bytes)
}

/// [`parse`] without refusing a document format by its name (for text a `--pre` command gave).
fn parse_text(file: &str, bytes: &[u8]) -> Result<Source, InputProblem> {
    let converted = match convert::detect(bytes) {
        Some(format) => Some((
            format,
            convert::to_text(format, bytes).map_err(|reason| InputProblem::Document {
                format: convert::name(format),
                reason,
            })?,
        )),
        None => None,
    };
    let mut warnings = Vec::new();
    let (text, encoding, converted) = match converted {
        Some((format, c)) => {
            warnings.extend(c.warnings);
            (plain_lines(c.text), Encoding::Utf8, Some(format))
        }
        None => {
            let (text, encoding) = decode::decode(bytes)?;
            (text, encoding, None)
        }
    };
    from_text(file, text, encoding, converted, warnings)
}

/// The [`Source`] of a decoded text: its format (`converted`, else detected), blocks and
/// warnings (`warnings` holds what came before, from a converter).
pub(crate) fn from_text(
    file: &str,
    text: String,
    encoding: Encoding,
    converted: Option<Format>,
    mut warnings: Vec<Warning>,
) -> Result<Source, InputProblem> {
    if text.trim().is_empty() {
        return Err(InputProblem::Empty);
    }
    let lines = LineIndex::new(&text);
    if encoding == Encoding::Windows1252 {
        warnings.push(Warning {
            kind: WarningKind::EncodingFallback,
            message: "not valid UTF-8; decoded as Windows-1252 (Latin-1)".into(),
            span: None,
        });
    }
    let format = converted.unwrap_or_else(|| detect(&text));
    let read = match format {
        Format::Rtf | Format::Html | Format::Pdf | Format::Docx => {
            text::read(&text, Format::Text, &lines)
        }
        Format::TotaXml => xml::read(&text, &lines)?,
        Format::Flattened => flattened::read(&text, &lines),
        Format::Text | Format::HeaderFields | Format::NlBwb | Format::ArticleJsonl => {
            text::read(&text, format, &lines)
        }
    };
    warnings.extend(read.warnings);
    let structured = format == Format::TotaXml;
    let blocks = cleanup::run(read.blocks, structured, &lines, &mut warnings);
    Ok(Source {
        file: file.to_string(),
        text,
        encoding,
        format,
        fields: read.fields,
        blocks,
        warnings,
        lines,
    })
}

/// A converter's text with `\n` line ends and no control characters but tab and form feed
/// (a PDF's text layer maps thin spaces to U+0003; a page may hold a stray U+0000).
fn plain_lines(text: String) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\x0c'))
    {
        return text;
    }
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\x0c') => ' ',
            c => c,
        })
        .collect()
}

/// What a format reader returns.
#[derive(Debug, Default)]
pub struct Read {
    pub blocks: Vec<Block>,
    pub fields: Fields,
    pub warnings: Vec<Warning>,
}

/// Recognises the format from the text itself (not the file name).
pub fn detect(text: &str) -> Format {
    let head = text.trim_start();
    if head.starts_with("<?xml") || head.starts_with("<treaty") {
        return Format::TotaXml;
    }
    let first_lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    if first_lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with("MainText:"))
    {
        return Format::Flattened;
    }
    let nl_title = first_lines
        .iter()
        .take(3)
        .any(|l| l.starts_with("##") && !l.starts_with("###") && !l.starts_with("## "));
    if head.starts_with("<meta") || nl_title {
        return Format::NlBwb;
    }
    if first_lines
        .iter()
        .any(|l| l.trim_start().starts_with("[Title]"))
    {
        return Format::HeaderFields;
    }
    let n_lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    // A long line of prose, not of markup: a rule of 30,000 `#` is no flattened treaty.
    let longest = text
        .lines()
        .filter(|l| l.len() >= 2000)
        .map(|l| l.chars().filter(|c| c.is_alphabetic()).count())
        .max()
        .unwrap_or(0);
    if n_lines <= 12 && longest >= 1200 {
        return Format::Flattened;
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_from_the_text() {
        assert_eq!(detect("<?xml version=\"1.0\"?><treaty/>"), Format::TotaXml);
        assert_eq!(
            detect("MainText:\nA long text\nAppendixText:\nNA"),
            Format::Flattened
        );
        assert_eq!(
            detect("<meta http-equiv='Content-Type' />\n\n##Verdrag\n\n####Agreement\n"),
            Format::NlBwb
        );
        assert_eq!(
            detect("Banner\n\n[Title] A Treaty\n[Date] 1950\n"),
            Format::HeaderFields
        );
        assert_eq!(detect("# TREATY\n\n## ARTICLE I\n\nText."), Format::Text);
        let one_line = format!("AGREEMENT {} ARTICLE 1. Text.", "word ".repeat(500));
        assert_eq!(detect(&one_line), Format::Flattened);
    }
}
