//! The metadata file a user supplies (`analyze --metadata FILE`): what the researcher knows
//! about each treaty (its title, date and place of signature, parties, a citation such as
//! "1300 UNTS 101" or "Trb. 1993, 18", an id of their own), which overrides what was read
//! from the text and which the reports carry.
//!
//! In: a CSV file (header row; columns `file`, `id`, `title`, `date`, `place`, `parties`
//! separated by `;`, `party_codes`, `citation`; only `file` is required) or a JSON file (an
//! array of objects with the same keys, or `{"treaties": [...]}`; `parties` a list or a
//! `;`-separated string). Out: rows applied to the treaties they name (by file name, or by
//! the end of the path), each fact marked `metadata_file`.
//!
//! A file that cannot be read or parsed is an error naming it (nothing is analysed); a row
//! without a file, or with a date that is not a date, is an error naming the row (line for
//! CSV, position for JSON): the other rows are applied all the same.

use crate::error::Error;
use crate::model::{Corpus, FileError, MetaSource, WarningKind};
use std::path::Path;

/// One row of a metadata file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Where the row stands: "line 3" (CSV) or "entry 2" (JSON).
    pub at: String,
    pub file: String,
    pub id: Option<String>,
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub place: Option<String>,
    pub parties: Vec<String>,
    pub party_codes: Vec<String>,
    pub citation: Option<String>,
}

/// A metadata file as read: its usable rows and the problems of the others.
#[derive(Debug, Clone, Default)]
pub struct MetadataFile {
    pub name: String,
    pub rows: Vec<Row>,
    pub errors: Vec<FileError>,
}

/// Reads a metadata file (CSV, or JSON when its name ends in `.json`).
pub fn read(path: &Path) -> Result<MetadataFile, Error> {
    let name = path.display().to_string();
    let fail = |message: String| Error::Metadata {
        file: name.clone(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".to_string()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let raw = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        json_rows(text).map_err(fail)?
    } else {
        csv_rows(text).map_err(fail)?
    };
    let mut out = MetadataFile {
        name: name.clone(),
        ..Default::default()
    };
    for row in raw {
        match check(row) {
            Ok(r) => out.rows.push(r),
            Err((at, message)) => out.errors.push(FileError {
                file: name.clone(),
                message: format!("{at}: {message}"),
            }),
        }
    }
    Ok(out)
}

/// A row as it stands in the file, before it is checked.
#[derive(Default)]
struct RawRow {
    at: String,
    fields: Vec<(String, String)>,
    parties: Option<Vec<String>>,
}

fn csv_rows(text: &str) -> Result<Vec<RawRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "file") {
        return Err(format!(
            "line 1: no `file` column (columns: {})",
            headers.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push(RawRow {
            at: format!("line {line}"),
            fields: headers
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
            parties: None,
        });
    }
    Ok(rows)
}

fn json_rows(text: &str) -> Result<Vec<RawRow>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let list = match &value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("treaties") {
            Some(serde_json::Value::Array(a)) => a,
            _ => return Err("expected an array of treaties, or {\"treaties\": [...]}".into()),
        },
        _ => return Err("expected an array of treaties, or {\"treaties\": [...]}".into()),
    };
    let mut rows = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let at = format!("entry {}", i + 1);
        let Some(obj) = item.as_object() else {
            return Err(format!("{at}: not an object"));
        };
        let mut row = RawRow {
            at,
            ..Default::default()
        };
        for (k, v) in obj {
            let key = k.to_ascii_lowercase();
            match v {
                serde_json::Value::String(s) => row.fields.push((key, s.clone())),
                serde_json::Value::Number(n) => row.fields.push((key, n.to_string())),
                serde_json::Value::Array(a) if key == "parties" || key == "party_codes" => {
                    let list: Vec<String> = a
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect();
                    if key == "parties" {
                        row.parties = Some(list);
                    } else {
                        row.fields.push((key, list.join(";")));
                    }
                }
                _ => {}
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

fn check(raw: RawRow) -> Result<Row, (String, String)> {
    let get = |k: &str| {
        raw.fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let list = |s: Option<String>| -> Vec<String> {
        s.map(|s| {
            s.split(';')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default()
    };
    let Some(file) = get("file") else {
        return Err((raw.at, "no file named (the `file` column is empty)".into()));
    };
    let date = match get("date") {
        None => None,
        Some(d) => match crate::segment::date::find_date(&d) {
            Some(found) if found.start == 0 && found.end == d.len() => Some(found.iso),
            _ => {
                return Err((
                    raw.at,
                    format!("date {d:?} is not a date (write it as YYYY-MM-DD)"),
                ))
            }
        },
    };
    Ok(Row {
        file,
        id: get("id"),
        title: get("title"),
        date,
        place: get("place"),
        parties: raw.parties.clone().unwrap_or_else(|| list(get("parties"))),
        party_codes: list(get("party_codes")),
        citation: get("citation"),
        at: raw.at,
    })
}

/// Whether a row names a treaty's file: the same file name, or the end of its path.
fn names(row: &str, file: &str) -> bool {
    let norm = |s: &str| s.replace('\\', "/");
    let (row, file) = (norm(row), norm(file));
    let base = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    if row.contains('/') {
        file == row || file.ends_with(&format!("/{}", row.trim_start_matches("./")))
    } else {
        base(&file) == row
    }
}

/// Applies the rows to the treaties they name; the problems of the file, and rows that name
/// no analysed treaty, are returned as notices for stderr (the latter are not errors: a
/// table may cover more treaties than one run reads). The file's row errors go into the
/// corpus's errors.
pub fn apply(corpus: &mut Corpus, file: &MetadataFile) -> Vec<String> {
    corpus.errors.extend(file.errors.iter().cloned());
    corpus
        .errors
        .sort_by(|a, b| a.file.cmp(&b.file).then(a.message.cmp(&b.message)));
    let mut notices = Vec::new();
    for row in &file.rows {
        let mut hit = false;
        for t in corpus
            .documents
            .iter_mut()
            .filter(|t| names(&row.file, &t.file))
        {
            hit = true;
            let m = &mut t.meta;
            let from = Some(MetaSource::MetadataFile);
            if let Some(v) = &row.title {
                m.title = Some(v.clone());
                m.title_source = from;
            }
            if let Some(v) = &row.date {
                m.date = Some(v.clone());
                m.date_source = from;
                t.warnings.retain(|w| {
                    !matches!(w.kind, WarningKind::NoDate | WarningKind::DateUncertain)
                });
            }
            if let Some(v) = &row.place {
                m.place = Some(v.clone());
                m.place_source = from;
            }
            if !row.parties.is_empty() {
                m.parties = row.parties.clone();
                m.parties_source = from;
                m.party_codes = crate::segment::countries::codes_of(&m.parties);
            }
            if !row.party_codes.is_empty() {
                m.party_codes = row.party_codes.clone();
            }
            if row.id.is_some() {
                m.id = row.id.clone();
            }
            if row.citation.is_some() {
                m.citation = row.citation.clone();
            }
        }
        if !hit {
            notices.push(format!(
                "{} {}: {} is not among the analysed treaties",
                file.name, row.at, row.file
            ));
        }
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_files_by_name_or_path_end() {
        assert!(names("BWBV0001.md", "../shared/corpora/nl_bwb/BWBV0001.md"));
        assert!(names(
            "nl_bwb/BWBV0001.md",
            "../shared/corpora/nl_bwb/BWBV0001.md"
        ));
        assert!(!names(
            "BWBV0001.md",
            "../shared/corpora/nl_bwb/BWBV00012.md"
        ));
        assert!(!names(
            "tota/BWBV0001.md",
            "../shared/corpora/nl_bwb/BWBV0001.md"
        ));
    }
}
