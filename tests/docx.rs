//! DOCX read through the pipeline: the shipped treaties written as Word documents whose article
//! headings are automatic numbering (no "Article 1" in the text, only `Article %1` in
//! numbering.xml) segment as the text files do; the real contracts of `../shared/formats/docx`
//! are read, their numbered headings with their numbers.

use crate::util::{fold, root, shared};
use clausemap::ingest::convert::docx;
use clausemap::model::{Format, SegmentKind, Treaty};
use clausemap::pipeline::analyze_file;
use regex::Regex;
use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The list definitions: (word, Roman) → the `w:abstractNum` of `Article %1` and kin.
const LISTS: [(&str, bool); 4] = [
    ("Article", false),
    ("Article", true),
    ("ARTICLE", false),
    ("ARTICLE", true),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn roman_value(s: &str) -> u32 {
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        _ => 0,
    };
    let digits: Vec<u32> = s.chars().map(value).collect();
    digits
        .iter()
        .enumerate()
        .map(|(i, &d)| match digits.get(i + 1) {
            Some(&next) if next > d => -(d as i64),
            _ => d as i64,
        })
        .sum::<i64>() as u32
}

/// `text` as a DOCX: each article marker line (`Article 3`, `## **ARTICLE IV**`) an empty
/// paragraph numbered by a list whose level text is `Article %1` or `ARTICLE %1` (decimal or
/// upper Roman, as printed); every other line a paragraph of its own. A marker whose number
/// does not follow on from its list's last starts a new list with a start override.
fn docx_of(text: &str) -> Vec<u8> {
    let marker =
        Regex::new(r"^(?:#+\s*)?(?:\*\*)?(Article|ARTICLE)\s+([0-9]+|[IVXLC]+)(?:\*\*)?$").unwrap();
    let mut body = String::new();
    // Per definition, the last number given; the lists written (id, definition, start).
    let mut last = [0u32; 4];
    let mut nums: Vec<(usize, usize, Option<u32>)> = Vec::new();
    let mut current: [Option<usize>; 4] = [None; 4];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some(m) = marker.captures(line) else {
            body.push_str(&format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(line)
            ));
            continue;
        };
        let roman = !m[2].starts_with(|c: char| c.is_ascii_digit());
        let n = if roman {
            roman_value(&m[2])
        } else {
            m[2].parse().unwrap()
        };
        let list = LISTS.iter().position(|&l| l == (&m[1], roman)).unwrap();
        let id = match current[list] {
            Some(id) if n == last[list] + 1 => id,
            _ => {
                let id = nums.len() + 1;
                let start = (n != 1 || current[list].is_some()).then_some(n);
                nums.push((id, list, start));
                current[list] = Some(id);
                id
            }
        };
        last[list] = n;
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{id}"/></w:numPr></w:pPr></w:p>"#
        ));
    }
    let mut numbering = String::new();
    for (i, (word, roman)) in LISTS.iter().enumerate() {
        let format = if *roman { "upperRoman" } else { "decimal" };
        numbering.push_str(&format!(
            r#"<w:abstractNum w:abstractNumId="{i}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{word} %1"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>"#
        ));
    }
    for (id, list, start) in &nums {
        let over = start.map_or(String::new(), |s| {
            format!(r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{s}"/></w:lvlOverride>"#)
        });
        numbering.push_str(&format!(
            r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{list}"/>{over}</w:num>"#
        ));
    }
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
        (
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Each article's number and first words.
fn articles(t: &Treaty) -> Vec<(Option<String>, String)> {
    t.segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Article)
        .map(|s| {
            let words: Vec<String> = fold(&s.text)
                .split(' ')
                .take(8)
                .map(str::to_string)
                .collect();
            (s.number.clone(), words.join(" "))
        })
        .collect()
}

/// The three shipped treaties (`Article 1`, `ARTICLE I`, `## **ARTICLE III**`), their markers
/// made Word numbering: the same articles, numbers and first words as the text files.
#[test]
fn docx_with_numbered_article_headings_segments_as_its_text() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for txt in files {
        let text = std::fs::read_to_string(&txt).unwrap();
        let bytes = docx_of(&text);
        // The article headings are in numbering.xml only, not in the document's text.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut document = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").unwrap(),
            &mut document,
        )
        .unwrap();
        assert!(!document.contains("ARTICLE I<") && !document.contains("Article 1<"));
        let name = txt.file_stem().unwrap().to_string_lossy().to_string();
        let path = tmp.path().join(format!("{name}.docx"));
        std::fs::write(&path, &bytes).unwrap();

        let want = analyze_file(&txt).unwrap();
        let got = analyze_file(&path).unwrap();
        assert_eq!(got.format, Format::Docx, "{name}");
        let (want, got) = (articles(&want), articles(&got));
        assert!(want.len() >= 4, "{name}: {want:?}");
        assert_eq!(got, want, "{name}");
    }
}

/// The four contracts of `../shared/formats/docx` are read; the Cloud Service Agreement's
/// headings (Heading1-3 styles linked to a `%1.` / `%1.%2` / `(%3)` list) come out with the
/// numbers its cross-references cite ("Section 5.5 (Effect of Termination)", "Section 8.4
/// (Exceptions)", "Section 12.3 (Governing Law and Chosen Courts)"), and a section break held
/// by an empty Heading1 paragraph before "Service" takes no number.
#[test]
fn docx_real_contracts_are_read_with_their_numbers() {
    let Some(dir) = shared("formats/docx") else {
        return;
    };
    for file in [
        "contract_bonterms-professional-services-agreement.docx",
        "contract_common-paper-cloud-service-agreement.docx",
        "contract_common-paper-data-processing-agreement.docx",
        "contract_common-paper-mutual-nda.docx",
    ] {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).unwrap();
        assert!(docx::is_docx(&bytes), "{file}");
        let text = docx::to_text(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(text.len() > 1000, "{file}: {} bytes", text.len());
        let t = analyze_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(t.format, Format::Docx, "{file}");
    }

    let read = |file: &str| docx::to_text(&std::fs::read(dir.join(file)).unwrap()).unwrap();
    let csa = read("contract_common-paper-cloud-service-agreement.docx");
    let lines: Vec<&str> = csa.lines().filter(|l| !l.is_empty()).collect();
    let service = lines
        .iter()
        .position(|l| *l == "1. Service")
        .expect("1. Service");
    for (i, want) in [
        "1.1 Access and Use.",
        "1.2 Support.",
        "1.3 User Accounts.",
        "1.4 Feedback and Usage Data.",
        "1.5 Customer Content.",
        "1.6 Machine Learning.",
        "2. Restrictions & Obligations",
        "2.1 Restrictions on Customer.",
        "(a) Except as expressly permitted by this Agreement",
        "(b) Use of the Product must comply",
        "2.2 Suspension.",
    ]
    .iter()
    .enumerate()
    {
        let line = lines.get(service + 1 + i).copied().unwrap_or("");
        assert!(line.starts_with(want), "{want:?}: {line:?}");
    }
    for want in [
        "5.5 Effect of Termination.",
        "5.6 Survival.",
        "8.4 Exceptions.",
        "10. Confidentiality",
        "12.3 Governing Law and Chosen Courts.",
        "12.17 Signature.",
        "13. Definitions.",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "{want:?} not in the CSA"
        );
    }
    assert!(!lines.iter().any(|l| *l == "1." || l.starts_with("14. ")));

    let dpa = read("contract_common-paper-data-processing-agreement.docx");
    for want in [
        "\n1. Processor and Subprocessor Relationships\n",
        "\n3.2 Ex-EEA Transfers.",
        "\n(c) For each module, the following applies",
        "\n(iii) In Clause 11, the optional language does not apply;",
        "\n7.2 Deletion at DPA Expiration.",
    ] {
        assert!(dpa.contains(want), "{want:?} not in the DPA");
    }
}
