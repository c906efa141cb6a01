//! DOCX (Office Open XML): to be written.

/// Whether the zip archive `bytes` holds a Word document (`word/document.xml`).
pub fn is_docx(bytes: &[u8]) -> bool {
    let _ = bytes;
    false
}

/// The text of a DOCX document; `Err` with the reason when it cannot be read.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let _ = bytes;
    Err("DOCX is not read yet".into())
}
