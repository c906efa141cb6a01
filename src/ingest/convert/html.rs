//! HTML: to be written.

/// Whether `bytes` look like an HTML page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let _ = bytes;
    false
}

/// The text of an HTML page.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let _ = bytes;
    Err("HTML is not read yet".into())
}
