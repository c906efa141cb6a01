//! Documents that are not plain text, turned into text the text reader segments: RTF (a
//! control-word reader of our own). Each converter returns the document's text with one
//! paragraph or line break per line, or the reason it cannot be read.

pub mod rtf;

use crate::model::Format;

/// The format of a document that must be converted before it is read, from its first bytes.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    bytes.starts_with(b"{\\rtf").then_some(Format::Rtf)
}

/// How errors name a converted format ("cannot be read as RTF").
pub fn name(format: Format) -> &'static str {
    match format {
        Format::Rtf => "RTF",
        _ => "text",
    }
}

/// Document formats recognised but not read yet: their name and how to turn them into text.
pub fn unsupported(file: &str, bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let ext = std::path::Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if bytes.starts_with(b"%PDF") || ext.as_deref() == Some("pdf") {
        Some(("a PDF", "`pdftotext -layout FILE`"))
    } else if (bytes.starts_with(b"PK\x03\x04")
        && (lower.contains("[content_types].xml")
            || lower.contains("word/")
            || lower.contains("opendocument.text")))
        || matches!(ext.as_deref(), Some("docx" | "odt"))
    {
        Some((
            "a word-processor document (DOCX/ODT)",
            "`pandoc FILE -t plain`",
        ))
    } else if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) || ext.as_deref() == Some("doc") {
        Some(("a Word 97-2003 document", "`antiword FILE` or `pandoc`"))
    } else if lower.trim_start().starts_with("<!doctype html")
        || lower.trim_start().starts_with("<html")
        || matches!(ext.as_deref(), Some("html" | "htm" | "xhtml"))
    {
        Some(("an HTML page", "`pandoc FILE -t plain`"))
    } else {
        None
    }
}

/// The text of a document of `format` ([`detect`]).
pub fn to_text(format: Format, bytes: &[u8]) -> Result<String, String> {
    match format {
        Format::Rtf => rtf::to_text(bytes),
        other => Err(format!("{other:?} is not a converted format")),
    }
}
