//! Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and a Windows-1252
//! fallback for anything else that is text. Binary files are refused.
//!
//! In: the file's bytes. Out: the decoded text with line ends normalised to `\n`, and whether
//! the fallback was used. Cost: one pass over the bytes.

use crate::error::InputProblem;

/// How a file was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: decoded as Windows-1252 (a superset of Latin-1's printable range).
    Windows1252,
}

/// Magic numbers of common binary formats that sometimes carry a `.txt` name.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/ODT)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"\x7FELF", "an executable"),
    (b"\xD0\xCF\x11\xE0", "an MS Office document"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xFD7zXZ", "an xz archive"),
    (b"7z\xBC\xAF", "a 7z archive"),
    (b"{\\rtf", "an RTF document"),
];

/// Decodes `bytes`, or says why it is not text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), InputProblem> {
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, Encoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, true)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, false)?, Encoding::Utf16Be)
    } else {
        if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
            return Err(InputProblem::Binary(format!("looks like {what}")));
        }
        if let Some(pos) = bytes.iter().position(|&b| b == 0) {
            return Err(InputProblem::Binary(format!("NUL byte at offset {pos}")));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), Encoding::Utf8),
            Err(_) => {
                let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                (cow.into_owned(), Encoding::Windows1252)
            }
        }
    };
    if let Some(pos) = text.find('\0') {
        return Err(InputProblem::Binary(format!(
            "NUL character at offset {pos} after decoding"
        )));
    }
    let controls = text
        .chars()
        .take(4096)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        .count();
    if controls > 16 {
        return Err(InputProblem::Binary(format!(
            "{controls} control characters in the first 4096 characters"
        )));
    }
    Ok((normalize_newlines(text), enc))
}

fn utf8(bytes: &[u8]) -> Result<String, InputProblem> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        InputProblem::Encoding(format!(
            "starts with a UTF-8 byte order mark but is not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to() + 3
        ))
    })
}

fn utf16(bytes: &[u8], little: bool) -> Result<String, InputProblem> {
    if !bytes.len().is_multiple_of(2) {
        return Err(InputProblem::Encoding(
            "UTF-16 with an odd number of bytes (truncated?)".into(),
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| InputProblem::Encoding(format!("invalid UTF-16: {e}")))
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode(b"Article 1").unwrap(),
            ("Article 1".into(), Encoding::Utf8)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFArticle 1").unwrap(),
            ("Article 1".into(), Encoding::Utf8)
        );
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(
                "Art\u{e9} 1\r\n"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        assert_eq!(
            decode(&le).unwrap(),
            ("Art\u{e9} 1\n".into(), Encoding::Utf16Le)
        );
        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain("Article".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).unwrap(), ("Article".into(), Encoding::Utf16Be));
    }

    #[test]
    fn latin1_falls_back_to_windows_1252() {
        let (text, enc) = decode(b"Trait\xe9 \x93de paix\x94").unwrap();
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Trait\u{e9} \u{201c}de paix\u{201d}");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(decode(b"a\r\nb\rc").unwrap().0, "a\nb\nc");
    }

    #[test]
    fn binary_is_refused_with_a_reason() {
        let err = decode(b"%PDF-1.4 ...").unwrap_err().to_string();
        assert!(err.contains("PDF"), "{err}");
        let err = decode(b"Article 1\0\0").unwrap_err().to_string();
        assert!(err.contains("NUL byte at offset 9"), "{err}");
    }
}
