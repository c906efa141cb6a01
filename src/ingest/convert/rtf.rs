//! RTF: a small control-word reader that keeps the document's text and line breaks.
//!
//! What it reads: paragraphs and line breaks (`\par`, `\line`, `\` + newline, as TextEdit
//! writes them), code-page escapes (`\'e9` in the document's `\ansicpg`, Windows-1252 by
//! default), Unicode escapes (`\u8232?` with their `\ucN` fallback characters skipped), the
//! escaped symbols (`\{`, `\~`, `\emdash`, quotes). What it leaves out: destination groups
//! (`{\*\...}`, font and colour tables, stylesheets, document info, pictures, headers and
//! footers, field instructions; a field's result is kept). It never recurses, so a deeply
//! nested file cannot overflow the stack.

/// Destinations whose text is not the document's.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "filetbl",
    "revtbl",
    "object",
    "bkmkstart",
    "bkmkend",
    "footnote",
    "annotation",
    "expandedcolortbl",
    "pgdsctbl",
];

#[derive(Clone, Copy)]
struct State {
    skip: bool,
    /// Fallback characters to skip after a `\u` escape.
    uc: usize,
}

/// The text of an RTF document; `Err` with the reason when it is not one.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err("not an RTF file (it does not start with {\\rtf)".into());
    }
    let mut out = String::with_capacity(bytes.len() / 2);
    // Code-page bytes are gathered and decoded together (a multi-byte code page needs both).
    let mut pending: Vec<u8> = Vec::new();
    let mut codepage: &'static encoding_rs::Encoding = encoding_rs::WINDOWS_1252;
    let mut stack: Vec<State> = Vec::new();
    let mut st = State { skip: false, uc: 1 };
    let mut skip_fallback = 0usize;
    let flush = |pending: &mut Vec<u8>, out: &mut String, cp: &'static encoding_rs::Encoding| {
        if !pending.is_empty() {
            out.push_str(&cp.decode_without_bom_handling(pending).0);
            pending.clear();
        }
    };
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let c = bytes[i];
        match c {
            b'{' => {
                flush(&mut pending, &mut out, codepage);
                if stack.len() >= 10_000 {
                    return Err("groups nested more than 10,000 deep".into());
                }
                stack.push(st);
                i += 1;
                // `{\*\dest ...}`: an optional destination, never text.
                if bytes[i..].starts_with(b"\\*") {
                    st.skip = true;
                }
            }
            b'}' => {
                flush(&mut pending, &mut out, codepage);
                st = stack.pop().unwrap_or(st);
                skip_fallback = 0;
                i += 1;
            }
            b'\\' => {
                i += 1;
                let Some(&d) = bytes.get(i) else { break };
                if d.is_ascii_alphabetic() {
                    let start = i;
                    while i < n && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
                    let pstart = i;
                    if i < n && bytes[i] == b'-' {
                        i += 1;
                    }
                    while i < n && bytes[i].is_ascii_digit() && i - pstart < 10 {
                        i += 1;
                    }
                    let param: Option<i64> = std::str::from_utf8(&bytes[pstart..i])
                        .ok()
                        .and_then(|p| p.parse().ok());
                    if i < n && bytes[i] == b' ' {
                        i += 1; // the delimiter belongs to the control word
                    }
                    if word != "u" && skip_fallback > 0 {
                        // A control word counts as one fallback character.
                        skip_fallback -= 1;
                        continue;
                    }
                    if SKIPPED.contains(&word) {
                        st.skip = true;
                        continue;
                    }
                    if st.skip {
                        continue;
                    }
                    let text: Option<&str> = match word {
                        // A paragraph is a block of its own (a blank line after it); a line
                        // break stays inside its paragraph.
                        "par" | "sect" | "page" | "row" => {
                            flush(&mut pending, &mut out, codepage);
                            out.push_str("\n\n");
                            None
                        }
                        "line" => {
                            flush(&mut pending, &mut out, codepage);
                            out.push('\n');
                            None
                        }
                        "tab" | "cell" => Some("\t"),
                        "emdash" => Some("\u{2014}"),
                        "endash" => Some("\u{2013}"),
                        "lquote" => Some("\u{2018}"),
                        "rquote" => Some("\u{2019}"),
                        "ldblquote" => Some("\u{201c}"),
                        "rdblquote" => Some("\u{201d}"),
                        "bullet" => Some("\u{2022}"),
                        "ansicpg" => {
                            if let Some(cp) = param.and_then(codepage_of) {
                                codepage = cp;
                            }
                            None
                        }
                        "uc" => {
                            st.uc = param.unwrap_or(1).clamp(0, 10) as usize;
                            None
                        }
                        "u" => {
                            flush(&mut pending, &mut out, codepage);
                            if let Some(p) = param {
                                let v = if p < 0 { p + 65_536 } else { p };
                                let ch = u32::try_from(v).ok().and_then(char::from_u32);
                                // U+2028 (line separator) as TextEdit writes it: a line break.
                                match ch {
                                    Some('\u{2028}') | Some('\u{2029}') => out.push('\n'),
                                    Some(ch) => out.push(ch),
                                    None => {}
                                }
                            }
                            skip_fallback = st.uc;
                            None
                        }
                        _ => None,
                    };
                    if let Some(t) = text {
                        flush(&mut pending, &mut out, codepage);
                        out.push_str(t);
                    }
                } else {
                    i += 1;
                    match d {
                        b'\'' => {
                            let hex = bytes.get(i..i + 2).and_then(|h| {
                                std::str::from_utf8(h)
                                    .ok()
                                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                            });
                            if hex.is_some() {
                                i += 2;
                            }
                            if skip_fallback > 0 {
                                skip_fallback -= 1;
                            } else if let (Some(b), false) = (hex, st.skip) {
                                pending.push(b);
                            }
                        }
                        // `\` + newline: a paragraph break (as \par).
                        b'\n' | b'\r' if !st.skip => {
                            flush(&mut pending, &mut out, codepage);
                            out.push_str("\n\n");
                        }
                        b'~' if !st.skip => out.push('\u{a0}'),
                        b'_' if !st.skip => out.push('\u{2011}'),
                        b'{' | b'}' | b'\\' if !st.skip => {
                            flush(&mut pending, &mut out, codepage);
                            out.push(d as char);
                        }
                        _ => {} // \- (optional hyphen), \* handled at the group, others
                    }
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                // A run of plain bytes.
                let start = i;
                while i < n && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                let mut run = &bytes[start..i];
                while skip_fallback > 0 && !run.is_empty() {
                    run = &run[1..];
                    skip_fallback -= 1;
                }
                if !st.skip {
                    pending.extend_from_slice(run);
                }
            }
        }
    }
    flush(&mut pending, &mut out, codepage);
    Ok(out)
}

fn codepage_of(cp: i64) -> Option<&'static encoding_rs::Encoding> {
    let label = match cp {
        437 | 850 | 1252 => "windows-1252",
        1250 => "windows-1250",
        1251 => "windows-1251",
        1253 => "windows-1253",
        1254 => "windows-1254",
        1255 => "windows-1255",
        1256 => "windows-1256",
        1257 => "windows-1257",
        1258 => "windows-1258",
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        10000 => "macintosh",
        65001 => "utf-8",
        _ => return None,
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn escapes_destinations_and_breaks() {
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl\f0\fnil Tahoma;}{\*\expandedcolortbl;;}
\f0\fs23 ARTICLE 1\
Caf\'e9 \u8212? d\u233\'e9j\'e0 vu \{x\}\par
{\field{\*\fldinst HYPERLINK x}{\fldrslt link}} end}";
        assert_eq!(
            to_text(rtf).unwrap(),
            "ARTICLE 1\n\nCaf\u{e9} \u{2014} d\u{e9}j\u{e0} vu {x}\n\nlink end"
        );
    }

    #[test]
    fn not_rtf_and_deep_nesting_are_errors_not_panics() {
        assert!(to_text(b"hello").is_err());
        let deep = [b"{\\rtf1".as_slice(), &[b'{'; 20_000]].concat();
        assert!(to_text(&deep).is_err());
        // Truncated escapes and parameters.
        for t in [
            &b"{\\rtf1 \\'"[..],
            b"{\\rtf1 \\u",
            b"{\\rtf1 \\u-",
            b"{\\rtf1 \\",
        ] {
            let _ = to_text(t);
        }
    }
}
