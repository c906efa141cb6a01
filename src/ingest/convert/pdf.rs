//! PDF: to be written.


/// The text of a PDF.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let _ = bytes;
    Err("PDF is not read yet".into())
}
