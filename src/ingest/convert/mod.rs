//! Documents that are not plain text, turned into text the text reader segments: RTF (a
//! control-word reader of our own), HTML (html5ever through `scraper`, with a block-text
//! walker of our own), PDF (`pdf-extract`, then running headers, hyphens and contents pages
//! dealt with here) and DOCX (`zip` + `roxmltree`, automatic numbering resolved). Each
//! converter returns the document's text with one paragraph or line break per line, or the
//! reason it cannot be read.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod rtf;

use crate::model::{Format, Warning};

/// A converted document: its text and what the conversion noticed (a translation beside it
/// left out, a running header removed).
#[derive(Debug, Clone, Default)]
pub struct Converted {
    pub text: String,
    pub warnings: Vec<Warning>,
}

impl From<String> for Converted {
    fn from(text: String) -> Self {
        Converted {
            text,
            warnings: Vec::new(),
        }
    }
}

/// The format of a document that must be converted before it is read, from its first bytes
/// (for DOCX, from the zip's list of parts).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"{\\rtf") {
        Some(Format::Rtf)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Format::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") && docx::is_docx(bytes) {
        Some(Format::Docx)
    } else if html::looks_like_html(bytes) {
        Some(Format::Html)
    } else {
        None
    }
}

/// How errors name a converted format ("cannot be read as RTF").
pub fn name(format: Format) -> &'static str {
    match format {
        Format::Rtf => "RTF",
        Format::Html => "HTML",
        Format::Pdf => "PDF",
        Format::Docx => "DOCX",
        _ => "text",
    }
}

/// Whether a file is a document of a format converted to text (or a document format not
/// read at all): the files a `--pre` command is given.
pub fn is_document(file: &str, bytes: &[u8]) -> bool {
    let ext = extension(file);
    matches!(
        ext.as_deref(),
        Some("pdf" | "html" | "htm" | "xhtml" | "docx" | "rtf")
    ) || matches!(
        detect(bytes),
        Some(Format::Pdf | Format::Docx | Format::Html)
    ) || unsupported(file, bytes).is_some()
}

fn extension(file: &str) -> Option<String> {
    std::path::Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// Document formats recognised but not read: their name and how to turn them into text.
pub fn unsupported(file: &str, bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let ext = extension(file);
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if (bytes.starts_with(b"PK\x03\x04") && lower.contains("opendocument.text"))
        || ext.as_deref() == Some("odt")
    {
        Some((
            "an OpenDocument text (ODT)",
            "`pandoc FILE -t plain`, or save it as DOCX",
        ))
    } else if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) || ext.as_deref() == Some("doc") {
        Some((
            "a Word 97-2003 document",
            "`antiword FILE`, or save it as DOCX",
        ))
    } else {
        None
    }
}

/// The text of a document of `format` ([`detect`]).
pub fn to_text(format: Format, bytes: &[u8]) -> Result<Converted, String> {
    match format {
        Format::Rtf => rtf::to_text(bytes).map(Converted::from),
        Format::Html => html::to_text(bytes),
        Format::Pdf => pdf::to_text(bytes),
        Format::Docx => docx::to_text(bytes).map(Converted::from),
        other => Err(format!("{other:?} is not a converted format")),
    }
}
