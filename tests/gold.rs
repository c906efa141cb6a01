//! The shipped corpus against `../shared/gold/seeds.json` (format clausemap-gold/1): every
//! article found with the right number and first words, no extra articles, closing clauses,
//! metadata, and the repeated passage of seed 001.

use crate::util::{fold, root, shared};
use clausemap::model::WarningKind;
use clausemap::pipeline::analyze_file;
use serde_json::Value;

fn gold() -> Option<Value> {
    let path = shared("gold/seeds.json")?;
    Some(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn num(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn articles_closings_metadata_and_duplicates_match_the_gold() {
    let Some(gold) = gold() else { return };
    let mut articles_found = 0;
    let mut articles_gold = 0;
    for doc in gold["documents"].as_array().unwrap() {
        let file = doc["file"].as_str().unwrap();
        let t = analyze_file(&root().join("corpus").join(file)).unwrap();
        // Articles: same numbers in the same order, bodies starting with the gold words.
        let got: Vec<_> = t.articles().collect();
        let want = doc["articles"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{file}: article count");
        for (g, w) in got.iter().zip(want) {
            articles_gold += 1;
            assert_eq!(
                g.number.as_deref(),
                Some(num(&w["number"]).as_str()),
                "{file}"
            );
            let starts = fold(w["starts_with"].as_str().unwrap());
            assert!(
                fold(&g.text).starts_with(&starts),
                "{file} Art. {}: {:?} does not start with {starts:?}",
                num(&w["number"]),
                &g.text[..g.text.len().min(80)]
            );
            articles_found += 1;
        }
        // Closing clause.
        match (&doc["closing"], t.closing()) {
            (Value::Null, None) => {}
            (Value::Null, Some(c)) => panic!("{file}: unexpected closing {:?}", &c.text[..40]),
            (want, Some(c)) => {
                let starts = fold(want["starts_with"].as_str().unwrap());
                assert!(
                    fold(&c.text).starts_with(&starts),
                    "{file}: closing {:?}",
                    c.text
                );
                let langs: Vec<&str> = want["languages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_str().unwrap())
                    .collect();
                assert_eq!(t.meta.languages, langs, "{file}: languages");
                assert_eq!(t.meta.place.as_deref(), want["place"].as_str(), "{file}");
            }
            (_, None) => panic!("{file}: closing clause not found"),
        }
        // Metadata.
        assert_eq!(
            t.meta.title.as_deref(),
            doc["title"].as_str(),
            "{file}: title"
        );
        assert_eq!(t.meta.date.as_deref(), doc["date"].as_str(), "{file}: date");
        assert_eq!(
            t.meta.place.as_deref(),
            doc["place"].as_str(),
            "{file}: place"
        );
        let parties: Vec<&str> = doc["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(t.meta.parties, parties, "{file}: parties");
        assert_eq!(
            t.preamble().is_some(),
            doc["has_preamble"].as_bool().unwrap(),
            "{file}: preamble"
        );
        // Passages repeated by a copying error: reported, and not among the articles.
        let dups = t
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::DuplicatePassage)
            .count();
        assert_eq!(
            dups as u64,
            doc["duplicate_passages"].as_u64().unwrap(),
            "{file}"
        );
    }
    assert_eq!((articles_found, articles_gold), (23, 23));
}

#[test]
fn the_repeated_passage_of_seed_001_is_located() {
    if gold().is_none() {
        return;
    }
    let t = analyze_file(&root().join("corpus/001_cfacc6748c233638.txt")).unwrap();
    let w = t
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::DuplicatePassage)
        .expect("duplicate passage reported");
    let span = w.span.expect("with its location");
    let source = std::fs::read_to_string(root().join("corpus/001_cfacc6748c233638.txt")).unwrap();
    // The dropped stretch starts with the repeated paragraph (3) of Article IV and runs to the
    // end of the repeated Article VII.
    assert!(source[span.start..].starts_with("(3) Without prejudice"));
    assert!(source[..span.end]
        .trim_end()
        .ends_with("shall come into full force."));
    assert!(span.start > source.find("#### ARTICLE VII").unwrap());
    // Article VII keeps its own two paragraphs only.
    let art7 = t.articles().last().unwrap();
    assert_eq!(art7.paragraphs.len(), 2);
}

#[test]
fn page_break_in_article_viii_of_1960_is_joined() {
    let t = analyze_file(&root().join("corpus/002_d9c2b8e70902db1e.txt")).unwrap();
    let art8 = t
        .articles()
        .find(|a| a.number.as_deref() == Some("8"))
        .unwrap();
    assert_eq!(art8.paragraphs.len(), 1);
    assert!(art8
        .text
        .contains("will enter into force on the date on which"));
}

#[test]
fn signatories_of_1950_and_1960() {
    let t = analyze_file(&root().join("corpus/000_79ce68988e783b83.txt")).unwrap();
    let names: Vec<&str> = t
        .closing()
        .unwrap()
        .signatories
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["A. V. VYSHINSKY", "CHOU EN-LAI"]);
    let t = analyze_file(&root().join("corpus/002_d9c2b8e70902db1e.txt")).unwrap();
    let sig = &t.closing().unwrap().signatories;
    assert_eq!(sig.len(), 8);
    assert_eq!(sig[1].name, "Christian A. Herter");
    assert_eq!(sig[1].party.as_deref(), Some("UNITED STATES OF AMERICA"));
}

#[test]
fn segment_spans_point_into_the_source() {
    for file in [
        "000_79ce68988e783b83.txt",
        "001_cfacc6748c233638.txt",
        "002_d9c2b8e70902db1e.txt",
    ] {
        let path = root().join("corpus").join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        let t = analyze_file(&path).unwrap();
        let mut last_end = 0;
        for s in &t.segments {
            assert!(
                s.span.start >= last_end,
                "{file}: segments overlap or go back"
            );
            last_end = s.span.end;
            // The first words of the segment text stand in its source span.
            let first: String = s
                .text
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let slice = fold(&source[s.span.start..s.span.end]);
            assert!(
                slice.contains(&first),
                "{file} {}: {first:?} not in its span",
                s.citation()
            );
        }
    }
}

#[test]
fn utf16_crlf_and_latin1_copies_segment_like_the_original() {
    let path = root().join("corpus/002_d9c2b8e70902db1e.txt");
    let original = std::fs::read_to_string(&path).unwrap();
    let want = analyze_file(&path).unwrap();
    let texts = |t: &clausemap::Treaty| -> Vec<(Option<String>, String)> {
        t.segments
            .iter()
            .map(|s| (s.number.clone(), s.text.clone()))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let crlf = original.replace('\n', "\r\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(crlf.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    // Latin-1: the same text with one accented letter, which is not valid UTF-8 as one byte.
    let latin1: Vec<u8> = original
        .replacen(
            "Japan and the United States of America,",
            "Japan and the United States of Am\u{e9}rica,",
            1,
        )
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    for (name, bytes) in [("utf16.txt", utf16), ("latin1.txt", latin1)] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let got = analyze_file(&p).unwrap();
        assert_eq!(got.articles().count(), 10, "{name}");
        if name == "utf16.txt" {
            assert_eq!(texts(&got), texts(&want));
        } else {
            assert_eq!(texts(&got)[1..], texts(&want)[1..]);
            assert!(got.segments[0].text.contains("Am\u{e9}rica"));
            assert!(got
                .warnings
                .iter()
                .any(|w| w.kind == WarningKind::EncodingFallback));
        }
        assert_eq!(got.meta, want.meta, "{name}");
    }
}
