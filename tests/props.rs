//! Property tests: arbitrary bytes and arbitrary mixtures of treaty-like lines never panic,
//! and segments always stand in order, without overlap, inside the text; classification of
//! arbitrary clause-like text never panics and its evidence always stands at its span.

use clausemap::classify::{self, values, Taxonomy};
use clausemap::{ingest, segment};
use proptest::prelude::*;

/// Checks the invariants of one parsed input.
fn check(bytes: &[u8]) {
    let Ok(source) = ingest::parse("prop.txt", bytes) else {
        return;
    };
    let t = segment::segment(&source);
    let mut last_end = 0;
    for s in &t.segments {
        assert!(s.span.start <= s.span.end, "span reversed: {:?}", s.span);
        assert!(s.span.end <= source.text.len(), "span past the end");
        assert!(
            s.span.start >= last_end,
            "segments overlap: {:?}",
            t.segments
        );
        assert!(s.span.line_start <= s.span.line_end);
        last_end = s.span.end;
        for &(a, b) in &s.paragraphs {
            assert!(a <= b && b <= s.text.len());
            assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
        }
    }
}

fn treaty_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Article 1".to_string()),
        Just("ARTICLE IV".to_string()),
        Just("## **ARTICLE III**".to_string()),
        Just("#### ARTICLE VII".to_string()),
        Just("###Artikel 2".to_string()),
        Just("####Definitions".to_string()),
        Just("##Verdrag tussen het Koninkrijk".to_string()),
        Just("[Title] A Treaty".to_string()),
        Just("[Full text]".to_string()),
        Just("MainText:".to_string()),
        Just("Done at Moscow, on 14 February 1950, in two copies.".to_string()),
        Just("IN WITNESS WHEREOF the undersigned have signed.".to_string()),
        Just("FOR JAPAN:\tFOR THE UNITED STATES:".to_string()),
        Just("- 12 -".to_string()),
        Just("as provided in Article 5 of the Charter".to_string()),
        Just("<treaty><body><chapter name=\"Preamble\"><article>x</article>".to_string()),
        "[A-Za-z ,.;:()*#\u{e9}\u{201c}\t-]{0,80}",
        "(ARTICLE|Article|Art\\.) ([0-9]{1,3}|[IVXLC]{1,6})[.:-]? ?[A-Za-z ]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check(&bytes);
    }

    #[test]
    fn treaty_like_lines_never_panic(lines in proptest::collection::vec(treaty_line(), 0..60), sep in prop_oneof![Just("\n"), Just("\r\n"), Just(" ")]) {
        let text = lines.join(sep);
        check(text.as_bytes());
        // The same text as UTF-16 with a BOM reads the same.
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        check(&utf16);
    }
}

fn clause_word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,9}",
        Just("shall enter into force".to_string()),
        Just("remain in force for".to_string()),
        Just("a further".to_string()),
        Just("thirty".to_string()),
        Just("ten (10)".to_string()),
        Just("years".to_string()),
        Just("month's notice".to_string()),
        Just("notice".to_string()),
        Just("denounce".to_string()),
        Just("either Party may terminate".to_string()),
        Just("Nothing in this Agreement".to_string()),
        Just("\u{201c}term\u{201d} means".to_string()),
        Just("indefinitely".to_string()),
        Just("investments made".to_string()),
        Just(".".to_string()),
        Just(";".to_string()),
        Just("\n\n1.".to_string()),
        Just("\u{e9}\u{2019}\u{fffd}".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn classification_evidence_stands_at_its_span(words in proptest::collection::vec(clause_word(), 0..80), heading in proptest::option::of("[A-Za-z ]{0,30}")) {
        let text = words.join(" ");
        let tax = Taxonomy::builtin();
        let labels = classify::labels(&tax, heading.as_deref(), &text);
        for l in &labels {
            let field = match l.source {
                clausemap::model::EvidenceSource::Text => text.as_str(),
                clausemap::model::EvidenceSource::Heading => heading.as_deref().unwrap(),
            };
            prop_assert_eq!(field.get(l.span.start..l.span.end), Some(l.evidence.as_str()));
        }
        for v in values::extract(&text, &labels) {
            prop_assert_eq!(text.get(v.span.start..v.span.end), Some(v.evidence.as_str()));
            prop_assert!(v.amount.is_some() == v.unit.is_some());
        }
        for i in 0..text.len() {
            let (s, e) = classify::sentence(&text, i, i);
            prop_assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
        }
    }
}
