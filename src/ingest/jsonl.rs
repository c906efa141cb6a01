//! Article JSON Lines: corpora already split into articles elsewhere, one article per line,
//! `{"doc", "number", "heading", "kind", "text"}` (the interchange format of
//! `shared/bench/articles_from_tota.py` and of text-reuse tools such as passim).
//!
//! Every distinct `doc` becomes one [`Treaty`] named by it, with its articles in file order.
//! `kind` is `article` (the default), `preamble` or `closing`; `number` may be a string or a
//! number; optional `title`, `date` (ISO), `place` and `parties` fill the metadata. Other
//! fields are ignored. A line that is not such an object is reported with its line number and
//! skipped; the other lines are read all the same.

use crate::error::{Error, InputProblem};
use crate::model::{Format, Metadata, Segment, SegmentKind, Span, Treaty};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::Path;

/// JSON Lines corpora hold many treaties: up to 4 GiB are read.
pub const MAX_JSONL_BYTES: u64 = 4 << 30;

#[derive(Deserialize)]
struct Line {
    doc: String,
    #[serde(default)]
    number: Option<serde_json::Value>,
    #[serde(default)]
    heading: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    parties: Option<Vec<String>>,
}

/// What one JSONL file gave: its treaties (in order of first appearance) and its bad lines.
pub struct Read {
    pub treaties: Vec<Treaty>,
    pub errors: Vec<Error>,
}

/// Reads the article JSONL file at `path`.
pub fn load(path: &Path) -> Result<Read, Error> {
    let bytes = super::read_bounded(path, MAX_JSONL_BYTES)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::input(
            path,
            InputProblem::Encoding(format!("JSON Lines must be UTF-8 ({e})")),
        )
    })?;
    Ok(parse(path, text))
}

/// Parses JSONL `text` read from `path`.
pub fn parse(path: &Path, text: &str) -> Read {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        lines.push((i + 1, offset, l));
        offset += l.len();
    }
    type Parsed<'a> = (
        usize,
        usize,
        &'a str,
        Result<(Line, Vec<(usize, usize)>), String>,
    );
    let parsed: Vec<Parsed> = lines
        .into_par_iter()
        .filter(|(_, _, l)| !l.trim().is_empty())
        .map(|(n, off, l)| {
            let r = serde_json::from_str::<Line>(l)
                .map(|line| {
                    let paras = paragraphs(&line.text);
                    (line, paras)
                })
                .map_err(|e| e.to_string());
            (n, off, l, r)
        })
        .collect();
    let mut read = Read {
        treaties: Vec::new(),
        errors: Vec::new(),
    };
    let mut index = rustc_hash::FxHashMap::<String, usize>::default();
    for (n, off, raw, r) in parsed {
        let line = match r.and_then(|(l, p)| kind(l.kind.as_deref()).map(|k| (l, k, p))) {
            Ok(l) => l,
            Err(message) => {
                read.errors
                    .push(Error::input(path, InputProblem::Jsonl { line: n, message }));
                continue;
            }
        };
        let (l, kind, paras) = line;
        let i = *index.entry(l.doc.clone()).or_insert_with(|| {
            read.treaties.push(Treaty {
                file: l.doc.clone(),
                format: Format::ArticleJsonl,
                meta: Metadata::default(),
                segments: Vec::new(),
                warnings: Vec::new(),
            });
            read.treaties.len() - 1
        });
        let t = &mut read.treaties[i];
        let meta = &mut t.meta;
        meta.title = meta.title.take().or(l.title.filter(|s| !s.is_empty()));
        meta.date = meta.date.take().or(l.date.filter(|s| !s.is_empty()));
        meta.place = meta.place.take().or(l.place.filter(|s| !s.is_empty()));
        if meta.parties.is_empty() {
            meta.parties = l.parties.unwrap_or_default();
        }
        let number = match l.number {
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(x)) => Some(x.to_string()),
            _ => None,
        }
        .filter(|s| !s.trim().is_empty());
        let span = Span {
            start: off,
            end: off + raw.trim_end_matches(['\n', '\r']).len(),
            line_start: n,
            line_end: n,
        };
        t.segments.push(Segment {
            kind,
            number,
            roman: false,
            heading: l.heading.filter(|h| !h.trim().is_empty()),
            paragraphs: paras,
            text: l.text,
            span,
            labels: Vec::new(),
            values: Vec::new(),
            signatories: Vec::new(),
        });
    }
    read
}

fn kind(k: Option<&str>) -> Result<SegmentKind, String> {
    match k.unwrap_or("article") {
        "article" | "" => Ok(SegmentKind::Article),
        "preamble" => Ok(SegmentKind::Preamble),
        "closing" => Ok(SegmentKind::Closing),
        other => Err(format!(
            "unknown kind {other:?} (expected article, preamble or closing)"
        )),
    }
}

/// Paragraphs are separated by blank lines; their ranges are trimmed.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None::<usize>;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                out.push((s, end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + lead + trimmed.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push((s, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_lines_by_doc_and_reports_bad_lines() {
        let text = concat!(
            r#"{"doc": "a.xml", "number": "1", "heading": "Scope", "text": "This Chapter applies.\n\n2. It also applies."}"#,
            "\n",
            r#"{"doc": "b.xml", "number": 7, "kind": "closing", "text": "Done at Lima.", "date": "2010-01-02"}"#,
            "\nnot json\n",
            r#"{"doc": "a.xml", "number": "", "kind": "annex", "text": "x"}"#,
            "\n\n",
            r#"{"doc": "a.xml", "text": "Unnumbered."}"#,
            "\n"
        );
        let r = parse(Path::new("arts.jsonl"), text);
        assert_eq!(r.treaties.len(), 2);
        let a = &r.treaties[0];
        assert_eq!(a.file, "a.xml");
        assert_eq!(a.segments.len(), 2);
        assert_eq!(a.segments[0].number.as_deref(), Some("1"));
        assert_eq!(a.segments[0].heading.as_deref(), Some("Scope"));
        let paras: Vec<&str> = a.segments[0].paragraph_texts().collect();
        assert_eq!(paras, ["This Chapter applies.", "2. It also applies."]);
        assert_eq!(a.segments[1].number, None);
        assert_eq!(a.segments[1].span.line_start, 6);
        let b = &r.treaties[1];
        assert_eq!(b.segments[0].number.as_deref(), Some("7"));
        assert_eq!(b.segments[0].kind, SegmentKind::Closing);
        assert_eq!(b.meta.date.as_deref(), Some("2010-01-02"));
        let errs: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("arts.jsonl: line 3: "), "{}", errs[0]);
        assert!(
            errs[1].contains("line 4: unknown kind \"annex\""),
            "{}",
            errs[1]
        );
    }
}
