//! PDF: to be written.

/// The text of a PDF.
pub fn to_text(bytes: &[u8]) -> Result<super::Converted, String> {
    let _ = bytes;
    Err("PDF is not read yet".into())
}
