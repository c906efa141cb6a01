//! Treaties as researchers have them in other formats than text (issue 16), read from the real
//! files of `../shared/formats`: RTF so far.

use crate::util::shared;
use clausemap::model::{Format, SegmentKind, WarningKind};
use clausemap::pipeline::analyze_file;

/// The five TextEdit RTF treaties: articles numbered 1..N in sequence, a closing clause found;
/// a protocol annexed after the closing (with its own Article 1) is skipped, not read as
/// articles of the treaty.
#[test]
fn rtf_treaties_are_read_into_their_articles() {
    let Some(dir) = shared("formats/rtf") else {
        return;
    };
    for (file, articles, annex) in [
        ("ggo_ANDNCB_1999O.rtf", 29, false),
        ("ggo_ECFNLN_1972O.rtf", 31, false),
        ("ggo_ECLBNN_1977O.rtf", 15, false),
        ("ggo_ECPPLO_1997O.rtf", 75, true),
        ("ggo_ECSWDN_1972O.rtf", 33, true),
    ] {
        let t = analyze_file(&dir.join(file)).unwrap();
        assert_eq!(t.format, Format::Rtf, "{file}");
        let numbers: Vec<String> = t
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Article)
            .filter_map(|s| s.number.clone())
            .collect();
        let want: Vec<String> = (1..=articles).map(|n: u32| n.to_string()).collect();
        assert_eq!(numbers, want, "{file}");
        assert!(t.closing().is_some(), "{file}: no closing");
        assert_eq!(
            t.warnings
                .iter()
                .any(|w| w.kind == WarningKind::SkippedAnnex),
            annex,
            "{file}: {:?}",
            t.warnings
        );
    }
}

/// ECSC–Lebanon 1977 article by article against a reading of the RTF by hand: number and
/// first words (accents from `\'e9` escapes, "TITLE I Trade cooperation" a heading, not text).
#[test]
fn an_rtf_treaty_article_by_article() {
    let Some(file) = shared("formats/rtf/ggo_ECLBNN_1977O.rtf") else {
        return;
    };
    let t = analyze_file(&file).unwrap();
    let by_hand = [
        "This Agreement shall apply to the products covered",
        "The object of the Agreement is to promote trade",
        "Customs duties and charges having equivalent effect",
        "1. The products originating in Lebanon referred to",
        "Quantitative restrictions on imports into the Community",
        "Articles 21 to 34 of the Cooperation Agreement signed",
        "1. If the offers made by Lebanese undertakings are",
        "The Agreement shall not modify the provisions of",
        "1. A Joint Committee is hereby established",
        "1. The Joint Committee shall be composed of",
        "1. The office of chairman of the Joint Committee",
        "Articles 40 to 46 of the Cooperation Agreement",
        "This Agreement shall apply, on the one hand",
        "This Agreement is drawn up in duplicate in the Danish",
        "This Agreement shall be subject to ratification",
    ];
    let articles: Vec<_> = t
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Article)
        .collect();
    assert_eq!(articles.len(), by_hand.len());
    for (i, (a, words)) in articles.iter().zip(by_hand).enumerate() {
        assert_eq!(a.number.as_deref(), Some((i + 1).to_string().as_str()));
        assert!(a.text.starts_with(words), "Art. {}: {:?}", i + 1, a.text);
    }
    assert_eq!(t.meta.date.as_deref(), Some("1977-05-03"));
    assert_eq!(t.meta.place.as_deref(), Some("Brussels"));
}

/// PDF, HTML and DOCX are not read yet: inside a directory they are counted and named in the
/// summary as skipped, with a way forward (so a run that read none of them does not look
/// complete); named on the command line, each is an error that says what it is, not "looks
/// binary".
#[test]
fn documents_not_read_yet_are_named_with_a_way_forward() {
    let Some(dir) = shared("formats") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let o = crate::util::clausemap(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // 21 PDF, 21 HTML and 4 DOCX files, each counted; the 5 RTF treaties analysed.
    assert!(
        err.contains("5 treaties") && err.contains("0 errors, 46 skipped"),
        "{err}"
    );
    assert!(
        err.contains("46 files skipped")
            && err.contains("pdftotext")
            && err.contains(
                "contract_bonterms-professional-services-agreement.docx (a word-processor document"
            )
            && err.contains("and 41 more"),
        "{err}"
    );
    for (file, what) in [
        (
            "pdf/un_bbnj_agreement_2023_en.pdf",
            "is a PDF, which clausemap does not read yet",
        ),
        ("html/opentreaties_vclt.html", "is an HTML page"),
        (
            "docx/contract_common-paper-mutual-nda.docx",
            "is a word-processor document",
        ),
    ] {
        let o = crate::util::clausemap(&["segment", dir.join(file).to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(0), "{file}");
        assert!(
            err.contains(what) && !err.contains("looks binary"),
            "{file}: {err}"
        );
    }
}
