//! Issue 17, point 2: citations for reference managers and notes. `treaties.csl.json` holds
//! one CSL-JSON `treaty` item per treaty under the id treaties.csv gives it, Pandoc renders a
//! citation from it, and every citation in report.md links to the treaty's anchor, which
//! report.html carries too. Checked on the shipped corpus and on ToTA from
//! `../shared/corpora` (skipped with a message when absent).

use crate::util::{clausemap, root, shared};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// ToTA analysed once into a temporary directory (kept for the test run), or None.
fn tota() -> Option<&'static Path> {
    static DIR: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    DIR.get_or_init(|| {
        let corpus = shared("corpora/tota")?;
        let dir = tempfile::tempdir().unwrap();
        let run = clausemap(&[
            "analyze",
            corpus.to_str().unwrap(),
            "--quiet",
            "--format",
            "md,html,csv,csl",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        Some(dir)
    })
    .as_ref()
    .map(|d| d.path())
}

/// The shipped corpus, and ToTA where it is present.
fn runs() -> Vec<(&'static str, &'static Path)> {
    let mut out = vec![("shipped", crate::reports::shipped())];
    out.extend(tota().map(|d| ("tota", d)));
    out
}

fn csl(dir: &Path) -> Vec<Value> {
    let bytes = std::fs::read(dir.join("treaties.csl.json")).expect("treaties.csl.json written");
    match serde_json::from_slice(&bytes).expect("treaties.csl.json is JSON") {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

/// treaties.csv as rows keyed by treaty_id, each a map from column to value.
fn treaties(dir: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("treaties.csv")).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|x| {
            let row: BTreeMap<String, String> = head
                .iter()
                .cloned()
                .zip(x.unwrap().iter().map(str::to_string))
                .collect();
            (row["treaty_id"].clone(), row)
        })
        .collect()
}

/// The variables of CSL 1.0.2 input data the export may use.
const CSL_FIELDS: &[&str] = &[
    "id",
    "type",
    "title",
    "title-short",
    "author",
    "issued",
    "event-place",
    "publisher-place",
    "container-title",
    "volume",
    "page",
    "number",
    "language",
    "note",
];

#[test]
fn csl_json_has_one_treaty_item_per_row_of_treaties_csv() {
    for (name, dir) in runs() {
        let items = csl(dir);
        let rows = treaties(dir);
        assert_eq!(items.len(), rows.len(), "{name}");
        let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{name}: items by id");
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: ids unique");
        assert_eq!(
            unique,
            rows.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            "{name}: ids are treaties.csv's treaty_id"
        );
        for item in &items {
            let id = item["id"].as_str().unwrap();
            let row = &rows[id];
            let obj = item.as_object().unwrap();
            for k in obj.keys() {
                assert!(CSL_FIELDS.contains(&k.as_str()), "{name} {id}: field {k}");
            }
            assert_eq!(item["type"], "treaty", "{name} {id}");
            assert!(
                !item["title"].as_str().unwrap().trim().is_empty(),
                "{name} {id}"
            );
            // The date of signature, only the parts known, as treaties.csv has it.
            match row["date"].as_str() {
                "" => assert!(item.get("issued").is_none(), "{name} {id}"),
                date => {
                    let parts = item["issued"]["date-parts"].as_array().unwrap();
                    assert_eq!(parts.len(), 1, "{name} {id}");
                    let parts: Vec<u64> = parts[0]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p.as_u64().unwrap())
                        .collect();
                    assert!((1..=3).contains(&parts.len()), "{name} {id}");
                    assert!(parts.get(1).is_none_or(|m| (1..=12).contains(m)));
                    assert!(parts.get(2).is_none_or(|d| (1..=31).contains(d)));
                    let iso: Vec<String> = parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            if i == 0 {
                                format!("{p:04}")
                            } else {
                                format!("{p:02}")
                            }
                        })
                        .collect();
                    assert_eq!(iso.join("-"), date, "{name} {id}");
                }
            }
            // The parties, as institutions.
            let parties: Vec<&str> = row["parties"]
                .split("; ")
                .filter(|p| !p.is_empty())
                .collect();
            let authors: Vec<&str> = item
                .get("author")
                .map(|a| {
                    a.as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n["literal"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(authors, parties, "{name} {id}");
            if !row["place"].is_empty() {
                assert_eq!(item["event-place"], row["place"].as_str(), "{name} {id}");
                assert_eq!(item["publisher-place"], row["place"].as_str());
            }
            if let Some(lang) = item.get("language") {
                let lang = lang.as_str().unwrap();
                assert!(
                    (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()),
                    "{name} {id}: {lang}"
                );
            }
        }
    }
    // The shipped treaties in full.
    let items = csl(crate::reports::shipped());
    let t1950 = items
        .iter()
        .find(|i| i["id"] == "000_79ce68988e783b83")
        .unwrap();
    assert_eq!(
        t1950["title-short"],
        "Treaty of Friendship, Alliance and Mutual Assistance"
    );
    assert_eq!(
        t1950["issued"],
        serde_json::json!({"date-parts": [[1950, 2, 14]]})
    );
    assert_eq!(
        t1950["author"],
        serde_json::json!([
            {"literal": "Union of Soviet Socialist Republics"},
            {"literal": "People's Republic of China"}
        ])
    );
    assert_eq!(t1950["event-place"], "Moscow");
    assert_eq!(t1950["language"], "en");
}

/// A citation from the metadata file gives the series, volume and page; its id the item's id.
#[test]
fn csl_json_takes_the_id_and_citation_of_the_metadata_file() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("meta.csv");
    std::fs::write(
        &meta,
        "file,id,citation\n\
         000_79ce68988e783b83.txt,sino-soviet-1950,226 UNTS 3\n\
         002_d9c2b8e70902db1e.txt,,\"Trb. 1960, 18\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = clausemap(&[
        "analyze",
        "corpus",
        "--quiet",
        "--format",
        "md,csl",
        "--metadata",
        meta.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let items = csl(&out);
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "001_cfacc6748c233638",
            "002_d9c2b8e70902db1e",
            "sino-soviet-1950"
        ]
    );
    let by = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    let unts = by("sino-soviet-1950");
    assert_eq!(unts["container-title"], "UNTS");
    assert_eq!(unts["volume"], "226");
    assert_eq!(unts["page"], "3");
    assert!(unts["note"]
        .as_str()
        .unwrap()
        .contains("cited as 226 UNTS 3"));
    let trb = by("002_d9c2b8e70902db1e");
    assert_eq!(trb["container-title"], "Trb.");
    assert_eq!(trb["volume"], "1960");
    assert_eq!(trb["number"], "18");
    assert!(by("001_cfacc6748c233638").get("container-title").is_none());
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("<a id=\"treaty-sino-soviet-1950\"></a>\n### "));
    assert!(md.contains("cite as `[@sino-soviet-1950]`"));
}

/// `pandoc` if it is on PATH and has `--citeproc` (2.11 and later).
fn pandoc() -> Option<PathBuf> {
    let skip = |why: &str| {
        eprintln!("skipped: {why}");
        None
    };
    let Ok(out) = std::process::Command::new("pandoc")
        .arg("--version")
        .output()
    else {
        return skip("pandoc is not on PATH");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let version: Vec<u32> = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('.')
        .map_while(|p| p.parse().ok())
        .collect();
    if version < vec![2, 11] {
        return skip(&format!(
            "pandoc {version:?} has no --citeproc (2.11 or later)"
        ));
    }
    Some(PathBuf::from("pandoc"))
}

/// Folds what citeproc changes in a title: case, curly quotes, line breaks.
fn fold(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pandoc_renders_a_citation_from_the_csl_json() {
    let Some(pandoc) = pandoc() else {
        return;
    };
    let dir = crate::reports::shipped();
    let tmp = tempfile::tempdir().unwrap();
    let note = tmp.path().join("note.md");
    std::fs::write(
        &note,
        "The 1960 treaty [@002_d9c2b8e70902db1e, art. 5] answered the 1950 alliance \
         [@000_79ce68988e783b83].\n",
    )
    .unwrap();
    let run = std::process::Command::new(pandoc)
        .arg("--citeproc")
        .arg("--bibliography")
        .arg(dir.join("treaties.csl.json"))
        .args(["--to", "plain", "--wrap", "none"])
        .arg(&note)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("not found"), "{stderr}");
    let text = fold(&String::from_utf8_lossy(&run.stdout));
    for (title, year) in [
        (
            "Treaty of Mutual Cooperation and Security between Japan and the United States of America",
            "1960",
        ),
        (
            "Treaty of Friendship, Alliance and Mutual Assistance between the Union of Soviet \
             Socialist Republics and the People's Republic of China",
            "1950",
        ),
    ] {
        assert!(text.contains(&fold(title)), "{title} in {text}");
        assert!(text.contains(year), "{year} in {text}");
    }
    // The citation in the text: the parties and the year, with the article.
    assert!(
        text.contains("(japan and united states of america 1960, art. 5)"),
        "{text}"
    );
}

/// The link targets of a Markdown note (`[…](#x)`), and its anchors (`<a id="x"></a>`).
fn md_links(md: &str) -> (Vec<String>, Vec<String>) {
    let link = regex::Regex::new(r"(^|[^\\])\]\(#([^)\s]*)\)").unwrap();
    let anchor = regex::Regex::new(r#"(?m)^<a id="([^"]*)"></a>$"#).unwrap();
    (
        link.captures_iter(md).map(|c| c[2].to_string()).collect(),
        anchor.captures_iter(md).map(|c| c[1].to_string()).collect(),
    )
}

#[test]
fn report_md_links_land_on_anchors_that_report_html_has_too() {
    use scraper::{Html, Selector};
    for (name, dir) in runs() {
        let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let rows = treaties(dir);
        let (links, anchors) = md_links(&md);
        let unique: BTreeSet<&str> = anchors.iter().map(String::as_str).collect();
        assert_eq!(unique.len(), anchors.len(), "{name}: anchors unique");
        assert_eq!(anchors.len(), rows.len(), "{name}: one anchor per treaty");
        for id in rows.keys() {
            if id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                assert!(
                    unique.contains(format!("treaty-{id}").as_str()),
                    "{name} {id}"
                );
            }
        }
        // Every citation in the note links to a treaty of the note: the corpus, matrix
        // and values tables, recurring groups, pairs and reuse.
        assert!(
            links.len() > 3 * rows.len(),
            "{name}: {} links",
            links.len()
        );
        for l in &links {
            assert!(unique.contains(l.as_str()), "{name}: link to missing #{l}");
        }
        for section in ["## Provisions by treaty", "## Recurring provisions"] {
            let body: String = md
                .split(section)
                .nth(1)
                .and_then(|s| s.split("\n## ").next())
                .unwrap_or_default()
                .to_string();
            assert!(body.contains("](#treaty-"), "{name}: {section} links");
        }
        // report.html#treaty-… lands on the treaty's text, whose summary names it.
        let doc = Html::parse_document(&html);
        for a in &anchors {
            let sel = Selector::parse(&format!("#{a}")).unwrap();
            let hits: Vec<_> = doc.select(&sel).collect();
            assert_eq!(hits.len(), 1, "{name}: #{a} in report.html");
            assert_eq!(hits[0].value().name(), "details", "{name}: #{a}");
        }
        let t1950 = "treaty-000_79ce68988e783b83";
        if name == "shipped" {
            let sel = Selector::parse(&format!("#{t1950} summary")).unwrap();
            let summary: String = doc.select(&sel).next().unwrap().text().collect();
            assert!(
                summary.contains("Treaty of Friendship, Alliance and Mutual Assistance"),
                "{summary}"
            );
            assert!(md.contains(&format!(
                "<a id=\"{t1950}\"></a>\n### Treaty of Friendship, Alliance and Mutual \
                 Assistance (1950-02-14)\n"
            )));
        }
    }
}
