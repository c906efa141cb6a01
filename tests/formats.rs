//! Treaties as researchers have them in other formats than text (issue 16), read from the real
//! files of `../shared/formats`: RTF, PDF and HTML (DOCX in `docx.rs`).

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

/// Every file of `../shared/formats` analysed at once: the PDFs with a text layer, the HTML
/// pages, the DOCX and RTF files are read; the eight scans and the three broken text layers
/// are errors that name the file and the reason, and the run goes on (exit 1: some failed).
#[test]
fn scans_and_broken_text_layers_are_refused_with_a_reason() {
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
    assert_eq!(o.status.code(), Some(1), "{err}");
    let scans = err.matches("a scan or an image-only PDF").count();
    let broken = err.matches("its text layer is not readable text").count();
    assert_eq!((scans, broken), (8, 3), "{err}");
    // Nothing else failed: the PDFs with a text layer, the HTML, DOCX and RTF files are read.
    assert!(err.contains(" 11 errors"), "{err}");
    for lang in ["ru", "zh", "ar"] {
        assert!(
            err.contains(&format!(
                "un_bbnj_agreement_2023_{lang}.pdf: cannot be read as PDF"
            )),
            "{lang}: {err}"
        );
    }
    // ODT and Word 97 files are still named with a way forward.
    let odt = out.path().join("a.odt");
    std::fs::write(
        &odt,
        b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text",
    )
    .unwrap();
    let o = crate::util::clausemap(&["segment", odt.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        err.contains("OpenDocument") && err.contains("pandoc"),
        "{err}"
    );
}

/// The articles (number and first five words, heading included) of a treaty's PDF and of
/// its web edition.
fn articles_of(path: &std::path::Path) -> Vec<(String, String)> {
    let t = analyze_file(path).unwrap_or_else(|e| panic!("{e}"));
    t.segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Article)
        .map(|s| {
            let all = format!("{} {}", s.heading.as_deref().unwrap_or(""), s.text).to_lowercase();
            let words: Vec<&str> = all
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(5)
                .collect();
            (s.number.clone().unwrap_or_default(), words.join(" "))
        })
        .collect()
}

/// The BBNJ Agreement, UNCLOS, the Part XI Agreement and the Fish Stocks Agreement give the
/// same articles, numbers and first words, from their UN PDF (running headers, contents
/// pages, hyphenation and the wrapping resolution dealt with) as from their web edition.
#[test]
fn a_treaty_reads_the_same_from_its_pdf_and_its_web_page() {
    let Some(dir) = shared("formats") else {
        return;
    };
    for (pdf, html, n) in [
        (
            "un_bbnj_agreement_2023_en.pdf",
            "bbnjcorpus_bbnj-agreement-2023.html",
            76,
        ),
        ("un_unclos_1982_en.pdf", "bbnjcorpus_unclos-1982.html", 320),
        (
            "un_unclos_part_xi_agreement_1994_A-RES-48-263.pdf",
            "bbnjcorpus_agreement-partxi-1994.html",
            10,
        ),
        (
            "un_fish_stocks_agreement_1995_A-CONF-164-37.pdf",
            "bbnjcorpus_fish-stocks-agreement-1995.html",
            50,
        ),
    ] {
        let from_pdf = articles_of(&dir.join("pdf").join(pdf));
        let from_html = articles_of(&dir.join("html").join(html));
        assert_eq!(from_pdf.len(), n, "{pdf}");
        let want: Vec<String> = (1..=n).map(|i: usize| i.to_string()).collect();
        let numbers: Vec<String> = from_pdf.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(numbers, want, "{pdf}");
        for (a, b) in from_pdf.iter().zip(&from_html) {
            assert_eq!(a, b, "{pdf} against {html}");
        }
    }
    // The French and Spanish authentic texts give their 76 articles too.
    for (pdf, first) in [
        ("un_bbnj_agreement_2023_fr.pdf", "Article premier"),
        ("un_bbnj_agreement_2023_es.pdf", "Artículo 1"),
    ] {
        let path = dir.join("pdf").join(pdf);
        let arts = articles_of(&path);
        let numbers: Vec<String> = arts.iter().map(|(n, _)| n.clone()).collect();
        let want: Vec<String> = (1..=76).map(|i: usize| i.to_string()).collect();
        assert_eq!(numbers, want, "{pdf}");
        let src = clausemap::ingest::load(&path).unwrap();
        assert!(src.text.contains(first), "{pdf}");
    }
}

/// Forty damaged copies of the UN PDFs (cut short at many lengths, bytes overwritten in the
/// cross-reference table and in content streams): each is read or refused with a reason,
/// never a panic; the test finishing at all shows none hangs.
#[test]
fn damaged_pdfs_never_panic() {
    let Some(dir) = shared("formats/pdf") else {
        return;
    };
    let mut read = 0;
    let mut refused = 0;
    for (k, file) in [
        "un_bbnj_agreement_2023_en.pdf",
        "un_unclos_part_xi_agreement_1994_A-RES-48-263.pdf",
        "un_fish_stocks_agreement_1995_A-CONF-164-37.pdf",
        "un_ga_res_77-321_bbnj_adoption.pdf",
    ]
    .iter()
    .enumerate()
    {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        for i in 0..10usize {
            let mut copy = bytes.clone();
            match i % 3 {
                // cut short
                0 => copy.truncate(bytes.len() * (i + 1) / 12),
                // a run of bytes overwritten somewhere in the body
                1 => {
                    let at = (bytes.len() / 11) * (i + 1) + k;
                    for b in copy.iter_mut().skip(at).take(64) {
                        *b = b.wrapping_mul(31).wrapping_add(7);
                    }
                }
                // the tail (cross-reference table, trailer) overwritten
                _ => {
                    let n = copy.len();
                    for (j, b) in copy.iter_mut().skip(n.saturating_sub(200 * i)).enumerate() {
                        if j % 3 == 0 {
                            *b = b'#';
                        }
                    }
                }
            }
            let name = format!("{file}.damaged{i}.pdf");
            match clausemap::ingest::parse(&name, &copy) {
                Ok(_) => read += 1,
                Err(e) => {
                    refused += 1;
                    let msg = clausemap::Error::input(std::path::Path::new(&name), e).to_string();
                    assert!(msg.contains(&name), "{msg}");
                }
            }
        }
    }
    assert_eq!(read + refused, 40);
}

/// `--pre COMMAND`: each file in a format not read is given to the command, whose standard
/// output is read as the text (here a script standing in for `pdftotext`); a command that
/// fails is an error naming it, and the other files are still analysed.
#[cfg(unix)]
#[test]
fn pre_reads_a_document_through_a_command() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = crate::util::root();
    let treaty = root.join("corpus/000_79ce68988e783b83.txt");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("treaty.pdf"), b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n").unwrap();
    std::fs::write(dir.join("broken.docx"), b"PK\x03\x04[Content_Types].xml").unwrap();
    let script = tmp.path().join("to-text.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncase \"$1\" in *.docx) echo 'cannot open' >&2; exit 3;; esac\ncat '{}'\n",
            treaty.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = tmp.path().join("out");
    let o = crate::util::clausemap(&[
        "analyze",
        dir.to_str().unwrap(),
        "--pre",
        script.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("broken.docx: --pre") && err.contains("cannot open"),
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let direct = clausemap::pipeline::analyze_file(&treaty).unwrap();
    let articles = |d: &serde_json::Value| {
        d["segments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "article")
            .count()
    };
    assert_eq!(articles(&docs[0]), direct.articles().count());
    assert!(docs[0]["file"].as_str().unwrap().ends_with("treaty.pdf"));
    // Without --pre the PDF is named as skipped, and the run says so.
    let o = crate::util::clausemap(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--pre COMMAND") || err.contains("skipped"),
        "{err}"
    );
}

/// A real PDF through `pdftotext` (poppler), when it is installed: the BBNJ Agreement's 76
/// articles.
#[test]
fn pre_with_pdftotext_reads_a_real_pdf() {
    let Some(pdf) = shared("formats/pdf/un_bbnj_agreement_2023_en.pdf") else {
        return;
    };
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: pdftotext is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("pdf.sh");
    std::fs::write(&script, "#!/bin/sh\nexec pdftotext -layout \"$1\" -\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let opts = clausemap::pipeline::Options {
        pre: Some(script),
        ..Default::default()
    };
    // The English, French ("Article premier") and Spanish ("Artículo 1") texts: 76 articles
    // each (the French text layer's stray U+0003 characters are read as spaces).
    for lang in ["en", "fr", "es"] {
        let file = pdf.with_file_name(format!("un_bbnj_agreement_2023_{lang}.pdf"));
        let t = clausemap::pipeline::analyze_file_with(&file, &opts).unwrap();
        let numbers: Vec<String> = t.articles().filter_map(|a| a.number.clone()).collect();
        let want: Vec<String> = (1..=76).map(|n: u32| n.to_string()).collect();
        assert_eq!(numbers, want, "{lang}");
    }
}

/// A text in Spanish throughout is read into its articles (a foreign marker word starts a
/// translation only after English articles).
#[test]
fn a_text_in_spanish_throughout_gives_its_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("es.txt");
    std::fs::write(&f, "ACUERDO\n\nLas Partes en el presente Acuerdo,\n\nHan convenido en lo siguiente:\n\nArtículo 1\n\nEmpleo de los términos. A los efectos del presente Acuerdo se entenderá por ...\n\nArtículo 2\n\nObjetivo general. El objetivo del presente Acuerdo es asegurar la conservación.\n\nArtículo 3\n\nÁmbito de aplicación. El presente Acuerdo se aplicará a las zonas.\n").unwrap();
    let t = clausemap::pipeline::analyze_file(&f).unwrap();
    let numbers: Vec<String> = t.articles().filter_map(|a| a.number.clone()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
}

/// Issue 16: the reports say what each treaty was read from: treaties.csv's `format` column
/// and the Format column of report.md's corpus table, for a PDF, a web page, an RTF file and
/// a plain text read in one run.
#[test]
fn the_corpus_table_says_each_treaty_s_format() {
    let Some(formats) = shared("formats") else {
        return;
    };
    let files = [
        (
            formats.join("pdf/un_fish_stocks_agreement_1995_A-CONF-164-37.pdf"),
            "pdf",
        ),
        (formats.join("html/opentreaties_outer-space.html"), "html"),
        (formats.join("rtf/ggo_ECSWDN_1972O.rtf"), "rtf"),
        (
            crate::util::root().join("corpus/000_79ce68988e783b83.txt"),
            "header_fields",
        ),
    ];
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "analyze".to_string(),
        "--quiet".into(),
        "--out".into(),
        out.path().to_string_lossy().into_owned(),
    ];
    args.extend(files.iter().map(|(f, _)| f.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = crate::util::clausemap(&args);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let mut csv = csv::Reader::from_path(out.path().join("treaties.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (file, format) = (col("file"), col("format"));
    let read: std::collections::BTreeMap<String, String> = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[file].to_string(), r[format].to_string())
        })
        .collect();
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let md_head = md.lines().find(|l| l.starts_with("| Treaty |")).unwrap();
    let md_col = md_head
        .split(" | ")
        .position(|c| c == "Format")
        .expect("a Format column");
    for (f, want) in &files {
        let f = f.to_string_lossy();
        assert_eq!(read.get(f.as_ref()).map(String::as_str), Some(*want), "{f}");
        let row = md
            .lines()
            .find(|l| l.starts_with("| [") && l.contains(&format!("`{f}`")))
            .unwrap_or_else(|| panic!("{f} in report.md's corpus table"));
        assert_eq!(row.split(" | ").nth(md_col), Some(*want), "{row}");
    }
}

/// Issue 16: a web page of several treaties (the Confederate States' 1861 treaties with the
/// tribes of Indian Territory, one page) gives each treaty apart, named `page.html#1` ...
/// `#9`, with its own title, date and articles from I, cited at the page's own line numbers;
/// the page's heading belongs to none.
#[test]
fn a_page_of_several_treaties_gives_each() {
    let Some(page) = shared("formats/html/cdrh_csa_indian_treaties_1861.html") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let run = crate::util::clausemap(&[
        "analyze",
        page.to_str().unwrap(),
        "--quiet",
        "--format",
        "json,csv",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let report = crate::util::report_json(out.path());
    let docs = report["documents"].as_array().unwrap();
    let want = [
        ("Treaty with the Creek Nation", "1861-07-10"),
        ("Treaty with Choctaws and Chickasaws", "1861-07-12"),
        ("Treaty with the Seminole Nation", "1861-08-01"),
        (
            "Treaty with the Comanches and Other Tribes and Bands",
            "1861-08-12",
        ),
        (
            "Treaty with the Comanches of the Prairies and Staked Plain",
            "1861-08-12",
        ),
        ("Treaty with the Osages", "1861-10-02"),
        (
            "Treaty with the Senecas and Senecas and Shawnees",
            "1861-10-04",
        ),
        ("Treaty with the Quapaws", "1861-10-04"),
        ("Treaty with the Cherokees", "1861-10-07"),
    ];
    assert_eq!(docs.len(), want.len());
    let page = page.to_string_lossy();
    for (k, (title, date)) in want.iter().enumerate() {
        let file = format!("{page}#{}", k + 1);
        let d = docs
            .iter()
            .find(|d| d["file"] == file.as_str())
            .unwrap_or_else(|| panic!("{file}"));
        assert_eq!(d["title"], *title, "{file}");
        assert_eq!(d["date"], *date, "{file}");
        assert_eq!(
            d["treaty_id"],
            format!("cdrh_csa_indian_treaties_1861-{}", k + 1)
        );
        let articles: Vec<&serde_json::Value> = d["segments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "article")
            .collect();
        assert_eq!(articles[0]["number"], "1", "{file}");
        assert!(articles.len() >= 20, "{file}: {} articles", articles.len());
        assert!(
            d["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["kind"] != "skipped_annex" && w["kind"] != "no_date"),
            "{file}: {}",
            d["warnings"]
        );
    }
    // Citations keep the page's lines: the Choctaw treaty's Article I is line 2635 of the page.
    let choctaw = docs
        .iter()
        .find(|d| d["file"] == format!("{page}#2").as_str())
        .unwrap();
    let first = choctaw["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "article")
        .unwrap();
    assert_eq!(first["span"]["line_start"], 2635, "{first}");
}

/// Issue 16: a scan is refused, and `--pre` is the way in: the Nigerian depository's scanned
/// instrument of ratification of the Sixth International Tin Agreement, OCR'd through poppler's
/// `pdftoppm` and `tesseract` (the README's example), is read as text. Skipped when either
/// tool is not installed.
#[test]
fn pre_with_tesseract_reads_a_scan() {
    let Some(scan) = shared(
        "formats/pdf/ng_INSTRUMENT_OF_RATIFICATION_OF_THE_SIXTH_INTERNATIONAL_TIN_AGREEMENT.pdf",
    ) else {
        return;
    };
    for tool in ["tesseract", "pdftoppm"] {
        if std::process::Command::new(tool).arg("-v").output().is_err() {
            eprintln!("skipped: {tool} is not installed");
            return;
        }
    }
    // Without a converter: refused as a scan, with the way forward named.
    let err = clausemap::pipeline::analyze_file(&scan)
        .unwrap_err()
        .to_string();
    assert!(err.contains("scan") && err.contains("--pre"), "{err}");
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("ocr.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nset -e\nd=$(mktemp -d)\ntrap 'rm -rf \"$d\"' EXIT\n\
         pdftoppm -r 200 -gray -png \"$1\" \"$d/p\"\n\
         for p in \"$d\"/p*.png; do tesseract \"$p\" - 2>/dev/null; done\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let opts = clausemap::pipeline::Options {
        pre: Some(script),
        ..Default::default()
    };
    let t = clausemap::pipeline::analyze_file_with(&scan, &opts).unwrap();
    let text: String = t
        .segments
        .iter()
        .map(|s| s.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("tin agreement"), "{text}");
    assert!(text.contains("ratif"), "{text}");
}

/// Issue 16: the Chinese–English editions number their articles only in Chinese ("第八十五條"
/// above the English heading and text): each marker is read as the English article's number,
/// the Chinese text is skipped as a translation, and every treaty gives its articles 1..N.
#[test]
fn chinese_english_editions_give_their_articles() {
    let Some(dir) = shared("formats/html") else {
        return;
    };
    for (page, n) in [
        ("cat", 33),
        ("gc-iii", 143),
        ("genocide", 19),
        ("iccpr", 53),
        ("icj-statute", 70),
        ("outer-space", 17),
        ("refugee", 46),
        ("rome-statute", 128),
        ("un-charter", 111),
        ("vccr", 79),
        ("vcdr", 53),
        ("vclt", 85),
    ] {
        let t = analyze_file(&dir.join(format!("opentreaties_{page}.html"))).unwrap();
        let numbers: Vec<String> = t.articles().filter_map(|a| a.number.clone()).collect();
        let want: Vec<String> = (1..=n).map(|i: u32| i.to_string()).collect();
        assert_eq!(numbers, want, "{page}");
        assert!(
            t.warnings
                .iter()
                .any(|w| w.kind == WarningKind::SkippedTranslation),
            "{page}"
        );
        let first = t.articles().next().unwrap();
        assert!(
            !first
                .text
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{page}: {}",
            first.text
        );
    }
}

/// A one-page PDF with the base-14 Helvetica font and each `(x, y, text)` as a line (ASCII).
fn pdf_of_lines(lines: &[(f64, f64, String)]) -> Vec<u8> {
    let mut content = String::from("BT /F1 9 Tf\n");
    for (x, y, t) in lines {
        let t = t
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("1 0 0 1 {x} {y} Tm ({t}) Tj\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

/// Issue 16, point 7: a bilingual page set in two columns (English beside French, as national
/// treaty series print them) is split at the gutter from the glyph positions; the English
/// column is read into its articles and the French one reported as a skipped translation.
#[test]
fn a_two_column_bilingual_page_keeps_the_english() {
    // The 1950 treaty of the shipped corpus (English) beside a French rendering of it.
    let english = [
        "Article 1",
        "Both High Contracting Parties undertake jointly",
        "to take all the necessary measures at their",
        "disposal for the purpose of preventing a",
        "resumption of aggression and violation of peace.",
        "Article 2",
        "Both the High Contracting Parties undertake by",
        "means of mutual agreement to strive for the",
        "earliest conclusion of a peace treaty with Japan.",
        "Article 3",
        "Both High Contracting Parties undertake not to",
        "conclude any alliance directed against the other",
        "High Contracting Party and not to take part in",
        "any coalition or in actions or measures directed",
        "against the other High Contracting Party.",
    ];
    let french = [
        "Article premier",
        "Les deux Hautes Parties contractantes s'engagent",
        "a prendre en commun toutes les mesures en leur",
        "pouvoir afin d'empecher la reprise d'une",
        "agression et la violation de la paix.",
        "Article 2",
        "Les deux Hautes Parties contractantes s'engagent",
        "a rechercher d'un commun accord la conclusion",
        "la plus rapide d'un traite de paix avec le Japon.",
        "Article 3",
        "Les deux Hautes Parties contractantes s'engagent",
        "a ne conclure aucune alliance dirigee contre",
        "l'autre Haute Partie contractante et a ne prendre",
        "part a aucune coalition ni a aucune action ou",
        "mesure dirigee contre l'autre Partie contractante.",
    ];
    let mut lines = vec![(200.0, 760.0, "TREATY OF FRIENDSHIP".to_string())];
    for (i, (e, f)) in english.iter().zip(&french).enumerate() {
        let y = 730.0 - 14.0 * i as f64;
        lines.push((50.0, y, e.to_string()));
        lines.push((330.0, y, f.to_string()));
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bilingual.pdf");
    std::fs::write(&file, pdf_of_lines(&lines)).unwrap();
    let t = analyze_file(&file).unwrap();
    let arts: Vec<(String, String)> = t
        .articles()
        .map(|a| {
            (
                a.number.clone().unwrap_or_default(),
                a.text
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect();
    assert_eq!(
        arts,
        [
            ("1".to_string(), "Both High Contracting".to_string()),
            ("2".to_string(), "Both the High".to_string()),
            ("3".to_string(), "Both High Contracting".to_string()),
        ]
    );
    let all: String = t.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(!all.contains("contractantes"), "{all}");
    assert!(
        t.warnings
            .iter()
            .any(|w| w.kind == WarningKind::SkippedTranslation),
        "{:?}",
        t.warnings
    );
}
