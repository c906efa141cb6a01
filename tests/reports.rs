//! The reports a researcher reads: report.md, report.html and the CSV tables, checked for
//! content on the shipped corpus, for safety on hostile input and for size on the real
//! corpora.

use crate::util::{clausemap, report_json, root, shared};
use scraper::{Html, Selector};
use std::path::Path;
use std::sync::OnceLock;

pub const REPORT_FILES: [&str; 14] = [
    "datapackage.json",
    "genealogy.dot",
    "genealogy.graphml",
    "matrix.csv",
    "pairs.csv",
    "passages.csv",
    "provisions.csv",
    "report.html",
    "report.json",
    "report.md",
    "reuse.csv",
    "treaties.csl.json",
    "treaties.csv",
    "values.csv",
];

/// The shipped corpus analysed once into a temporary directory (kept for the test run).
pub fn shipped() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = clausemap(&["analyze", "corpus", "--out", dir.path().to_str().unwrap()]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        dir
    })
    .path()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The cells of a GFM table row.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split(" | ").map(|c| c.trim().to_string()).collect()
}

/// The lines of the Markdown section whose heading is `title`.
fn section<'a>(md: &'a str, title: &str) -> Vec<&'a str> {
    let mut lines = md.lines().skip_while(|l| *l != title);
    let mut out = vec![lines.next().unwrap_or_else(|| panic!("no section {title}"))];
    out.extend(lines.take_while(|l| !l.starts_with("## ")));
    out
}

/// A cell's text without the link around it: `[Treaty …](#treaty-…)` → `Treaty …`.
fn unlinked(cell: &str) -> &str {
    cell.strip_prefix('[')
        .and_then(|c| c.rsplit_once("](#"))
        .map_or(cell, |(text, _)| text)
}

/// The table row of the section that starts with `first` cell (its text, without the link
/// to the treaty), as a map from heading to cell.
fn row(md: &str, title: &str, first: &str) -> std::collections::BTreeMap<String, String> {
    let lines = section(md, title);
    let head = cells(lines.iter().find(|l| l.starts_with("| ")).unwrap());
    let line = lines
        .iter()
        .find(|l| unlinked(&cells(l)[0]) == first)
        .unwrap_or_else(|| panic!("no row {first} in {title}"));
    head.into_iter().zip(cells(line)).collect()
}

#[test]
fn markdown_matrix_cites_the_articles_of_each_provision() {
    let md = read(shipped(), "report.md");
    let r1950 = row(
        &md,
        "## Provisions by treaty",
        "Treaty of Friendship, Alliance and Mutual Assistance",
    );
    assert_eq!(r1950["Signed"], "1950-02-14");
    assert_eq!(r1950["`mutual_defense`"], "Art. 1");
    assert_eq!(r1950["`duration`"], "Art. 6");
    assert_eq!(r1950["`ratification`"], "Art. 6");
    let r1960 = row(
        &md,
        "## Provisions by treaty",
        "Treaty of Mutual Cooperation and Security",
    );
    assert_eq!(r1960["`mutual_defense`"], "Art. V");
    // The 1960 treaty numbers its articles in Roman numerals; they are cited so.
    assert_eq!(r1960["`duration`"], "Art. X");
    // 1925 has no mutual defence clause.
    let r1925 = row(
        &md,
        "## Provisions by treaty",
        "Convention Embodying Basic Rules of the Relations between Japan and the Union of Soviet Socialist Republics",
    );
    assert_eq!(r1925["`mutual_defense`"], "");
}

#[test]
fn markdown_values_table_gives_term_renewal_and_notice() {
    let md = read(shipped(), "report.md");
    let title = "## Term, renewal and notice";
    let r1950 = row(
        &md,
        title,
        "Treaty of Friendship, Alliance and Mutual Assistance",
    );
    assert_eq!(r1950["Term"], "30 years (Art. 6)");
    assert_eq!(r1950["Renewal"], "5 years (Art. 6)");
    assert_eq!(r1950["Notice"], "1 year (Art. 6)");
    let r1960 = row(&md, title, "Treaty of Mutual Cooperation and Security");
    assert_eq!(r1960["Term"], "10 years (Art. X)");
    assert_eq!(r1960["Renewal"], "");
    assert_eq!(r1960["Notice"], "1 year (Art. X)");
    assert!(section(&md, title)
        .iter()
        .all(|l| !l.contains("Convention Embodying")));
}

#[test]
fn markdown_recurring_provisions_quote_and_diff_the_closest_pair() {
    let md = read(shipped(), "report.md");
    let duration = section(&md, "## Recurring provisions")
        .into_iter()
        .skip_while(|l| !l.contains("(`duration`)"))
        .take_while(|l| !l.starts_with("### ") || l.contains("(`duration`)"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(duration.contains("2 treaties"), "{duration}");
    assert!(
        duration.contains(
            "- [*Treaty of Friendship, Alliance and Mutual Assistance*](#treaty-000_79ce68988e783b83) (1950-02-14), \
             Art. 6: “This Treaty shall remain in force for thirty years.”"
        ),
        "{duration}"
    );
    assert!(
        duration.contains(
            "Closest pair: [*Treaty of Friendship, Alliance and Mutual Assistance*](#treaty-000_79ce68988e783b83) \
             (1950-02-14), Art. 6 → [*Treaty of Mutual Cooperation and Security*](#treaty-002_d9c2b8e70902db1e) \
             (1960-01-19), Art. X"
        ),
        "{duration}"
    );
    assert!(
        duration.contains(
            "in force for ~~thirty years. If neither of the Contracting Parties gives~~ \
             **ten years, either Party may give** notice"
        ),
        "{duration}"
    );
    // The same closest pair is not diffed twice.
    assert!(md.contains("Closest pair: the same as for `ratification` above (jaccard 0.14)."));
    // Mutual defence recurs: 1950 Art. 1 and 1960 Art. V.
    assert!(md.contains("(`mutual_defense`): 2 treaties"));
    // No pair reaches the threshold on three treaties: the note names the closest pair.
    let pairs = section(&md, "## Closest clause pairs").join("\n");
    assert!(pairs.contains("No pair of clauses from different treaties reaches jaccard 0.5"));
    assert!(pairs.contains(
        "Art. 6 → [*Treaty of Mutual Cooperation and Security*](#treaty-002_d9c2b8e70902db1e) (1960-01-19), Art. X: \
         jaccard 0.16"
    ));
}

#[test]
fn reports_are_reproducible_and_hold_no_path_or_time() {
    let a = shipped();
    let b = tempfile::tempdir().unwrap();
    let run = clausemap(&["analyze", "corpus", "--out", b.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(b.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, REPORT_FILES);
    let root = root().to_string_lossy().into_owned();
    for name in REPORT_FILES {
        let x = std::fs::read(a.join(name)).unwrap();
        assert_eq!(x, std::fs::read(b.path().join(name)).unwrap(), "{name}");
        let text = String::from_utf8(x).unwrap();
        assert!(!text.contains(&root), "{name} holds an absolute path");
        assert!(
            !text.contains(a.to_str().unwrap()),
            "{name} holds the output path"
        );
    }
}

#[test]
fn committed_reports_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let run = clausemap(&["analyze", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    let mut committed: Vec<String> = std::fs::read_dir(root().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    assert_eq!(
        committed, REPORT_FILES,
        "reports/ should hold exactly the reports `cargo run --release -- analyze` writes"
    );
    for name in REPORT_FILES {
        assert!(
            std::fs::read(dir.path().join(name)).unwrap()
                == std::fs::read(root().join("reports").join(name)).unwrap(),
            "reports/{name} is stale: run `cargo run --release -- analyze` and commit reports/"
        );
    }
}

#[test]
fn html_is_self_contained_and_every_link_has_a_target() {
    let html = read(shipped(), "report.html");
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |s: &str| Selector::parse(s).unwrap();
    // No external resource: no src, no stylesheet link, no url() in the CSS, links only
    // inside the page.
    assert_eq!(doc.select(&sel("[src]")).count(), 0);
    assert_eq!(doc.select(&sel("link")).count(), 0);
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
    let ids: std::collections::HashSet<&str> = doc
        .select(&sel("[id]"))
        .map(|e| e.attr("id").unwrap())
        .collect();
    let mut links = 0;
    for a in doc.select(&sel("a[href]")) {
        let href = a.attr("href").unwrap();
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external link {href}"));
        assert!(ids.contains(target), "link to missing #{target}");
        links += 1;
    }
    assert!(links > 50, "{links} links");
    // The matrix: the 1950 treaty's row links its mutual defence cell to Article 1's text.
    let heads: Vec<_> = doc.select(&sel("#t-matrix thead th")).collect();
    let col = heads
        .iter()
        .position(|h| h.value().attr("data-label") == Some("mutual_defense"))
        .unwrap();
    // Headers show the labels' names, not their ids.
    let name: String = heads[col].text().collect();
    assert!(
        !name.contains('_') && name.to_lowercase().contains("defen"),
        "{name}"
    );
    let row = doc
        .select(&sel("#t-matrix tbody tr"))
        .find(|r| {
            r.text()
                .collect::<String>()
                .contains("Treaty of Friendship, Alliance")
        })
        .unwrap();
    let cell = row.child_elements().nth(col).unwrap();
    assert_eq!(
        cell.text().collect::<String>().replace('\u{a0}', " "),
        "Art. 1"
    );
    let href = cell.select(&sel("a")).next().unwrap().attr("href").unwrap();
    let article = doc.select(&sel(href)).next().unwrap();
    assert!(article
        .text()
        .collect::<String>()
        .contains("The two Contracting Parties undertake to carry out jointly"));
    // Side by side: the duration pair strikes "thirty" and inserts "ten".
    let group = doc.select(&sel("#label-duration")).next().unwrap();
    let dels: Vec<String> = group
        .select(&sel("del"))
        .map(|e| e.text().collect())
        .collect();
    let inss: Vec<String> = group
        .select(&sel("ins"))
        .map(|e| e.text().collect())
        .collect();
    assert!(
        dels.iter().any(|d| d.starts_with("thirty years.")),
        "{dels:?}"
    );
    assert!(inss.iter().any(|d| d.starts_with("ten years,")), "{inss:?}");
    // One script: ours, inline.
    assert_eq!(doc.select(&sel("script")).count(), 1);
}

/// A corpus with a treaty whose title and text carry markup and a formula.
fn hostile_corpus(dir: &Path) {
    let text = std::fs::read_to_string(root().join("corpus/000_79ce68988e783b83.txt")).unwrap();
    let text = text
        .replacen(
            "[Title] Treaty of Friendship",
            "[Title] =HYPERLINK(\"http://example.invalid\",\"x\") Treaty of Friendship",
            1,
        )
        .replacen(
            "The two Contracting Parties undertake",
            "<script>alert('treaty')</script> <img src=x onerror=alert(2)> *bold* | pipe \
             The two Contracting Parties undertake",
            1,
        );
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("000_hostile.txt"), text).unwrap();
    for f in ["001_cfacc6748c233638.txt", "002_d9c2b8e70902db1e.txt"] {
        std::fs::copy(root().join("corpus").join(f), dir.join(f)).unwrap();
    }
}

#[test]
fn treaty_text_is_escaped_and_formulas_neutralised() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    hostile_corpus(&input);
    let run = clausemap(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = read(&out, "report.html");
    assert!(html.contains("&lt;script&gt;alert(&#39;treaty&#39;)&lt;/script&gt;"));
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("script")).count(), 1, "only our own script");
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert!(doc
        .root_element()
        .text()
        .collect::<String>()
        .contains("<script>alert('treaty')</script>"));

    let md = read(&out, "report.md");
    // Every `<` in the note is escaped, so no renderer sees a tag, but the note's own
    // treaty anchors (`<a id="treaty-…"></a>` alone on a line, the id of ASCII letters,
    // digits, `_` and `-`).
    let anchor = regex::Regex::new(r#"^<a id="treaty-[A-Za-z0-9_-]+"></a>$"#).unwrap();
    let anchors = md.lines().filter(|l| anchor.is_match(l)).count();
    assert_eq!(anchors, 3);
    let bare = md
        .lines()
        .filter(|l| !anchor.is_match(l))
        .flat_map(|l| {
            l.match_indices('<')
                .filter(|(i, _)| !l[..*i].ends_with('\\'))
                .map(move |_| l)
        })
        .collect::<Vec<_>>();
    assert!(bare.is_empty(), "{bare:?}");
    assert!(md.contains("\\<script\\>alert"));

    let mut csv = csv::Reader::from_path(out.join("provisions.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    assert_eq!(
        head.iter().collect::<Vec<_>>(),
        [
            "file",
            "title",
            "date",
            "article",
            "heading",
            "label",
            "evidence",
            "citation",
            "trigger",
            "confidence",
            "treaty_id"
        ]
    );
    let titles: Vec<String> = csv
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .filter(|t| t.contains("HYPERLINK"))
        .collect();
    assert!(!titles.is_empty());
    for t in titles {
        assert!(t.starts_with("'=HYPERLINK("), "{t}");
    }
}

#[test]
fn csv_tables_hold_provisions_values_and_pairs() {
    let dir = shipped();
    let mut values = csv::Reader::from_path(dir.join("values.csv")).unwrap();
    let rows: Vec<Vec<String>> = values
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let brief: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[0].rsplit('/').next().unwrap(),
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r[4].as_str(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            ("000_79ce68988e783b83.txt", "6", "term", "30", "years"),
            ("000_79ce68988e783b83.txt", "6", "renewal", "5", "years"),
            ("000_79ce68988e783b83.txt", "6", "notice", "1", "years"),
            ("002_d9c2b8e70902db1e.txt", "10", "term", "10", "years"),
            ("002_d9c2b8e70902db1e.txt", "10", "notice", "1", "years"),
        ]
    );
    let provisions = read(dir, "provisions.csv");
    assert!(provisions.contains("corpus/000_79ce68988e783b83.txt,"));
    let mut r = csv::Reader::from_path(dir.join("provisions.csv")).unwrap();
    let md: Vec<(String, String)> = r
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[5] == "mutual_defense")
        .map(|r| {
            (
                r[0].rsplit('/').next().unwrap().to_string(),
                r[3].to_string(),
            )
        })
        .collect();
    assert_eq!(
        md,
        [
            ("000_79ce68988e783b83.txt".to_string(), "1".to_string()),
            ("002_d9c2b8e70902db1e.txt".to_string(), "5".to_string())
        ]
    );
    // No pair reaches 0.5 on the shipped corpus; at 0.12 the duration pair does.
    let pairs = csv::Reader::from_path(dir.join("pairs.csv"))
        .unwrap()
        .into_records()
        .count();
    assert_eq!(pairs, 0);
    let low = tempfile::tempdir().unwrap();
    let run = clausemap(&[
        "analyze",
        "--threshold",
        "0.12",
        "--format",
        "csv",
        "--out",
        low.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let text = read(low.path(), "pairs.csv");
    assert!(text.starts_with(
        "file_a,article_a,file_b,article_b,measure,score,score_distinctive,date_a,date_b,directed,shared_words,id,\
         citation_a,citation_b,treaty_id_a,treaty_id_b\r\n"
    ));
    assert!(
        text.contains(
            "corpus/000_79ce68988e783b83.txt,6,corpus/002_d9c2b8e70902db1e.txt,10,jaccard,0.15"
        ),
        "{text}"
    );
}

#[test]
fn format_picks_the_reports_and_bad_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = clausemap(&[
        "analyze",
        "--format",
        "md,html",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.html", "report.md"]);
    for bad in [
        &["analyze", "--format", "pdf"][..],
        &["analyze", "--top", "0"][..],
    ] {
        let mut args = bad.to_vec();
        args.extend(["--out", dir.path().to_str().unwrap()]);
        let run = clausemap(&args);
        assert_eq!(run.status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn a_failed_run_keeps_every_old_report() {
    let dir = tempfile::tempdir().unwrap();
    for name in REPORT_FILES {
        std::fs::write(dir.path().join(name), b"old").unwrap();
    }
    let run = clausemap(&[
        "analyze",
        "no/such/path",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    for name in REPORT_FILES {
        assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), b"old");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        REPORT_FILES.len()
    );
}

#[test]
fn whole_real_corpora_analysed_and_reports_summarise() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let run = clausemap(&[
        "analyze",
        corpora.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stderr.is_empty(), "--quiet prints nothing");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert!(report["documents"].as_array().unwrap().len() >= 400);
    assert!(report["errors"].as_array().unwrap().is_empty());
    let pairs = csv::Reader::from_path(dir.path().join("pairs.csv"))
        .unwrap()
        .into_records()
        .count();
    assert!(pairs > 10_000, "{pairs} pairs");
    let md = read(dir.path(), "report.md");
    let closest = section(&md, "## Closest clause pairs");
    let listed = closest
        .iter()
        .filter(|l| l.starts_with("| ") && cells(l)[0].parse::<usize>().is_ok())
        .count();
    assert_eq!(listed, 10, "the top 10 pairs, not {pairs}");
    assert!(md.len() < 1 << 20, "report.md is {} bytes", md.len());
    let html = read(dir.path(), "report.html");
    let doc = Html::parse_document(&html);
    let rows = doc
        .select(&Selector::parse("#t-pairs tbody tr").unwrap())
        .count();
    assert_eq!(rows, 1000);
    assert!(html.len() < 40 << 20, "report.html is {} bytes", html.len());
    let checked = tables_keep_their_declared_types(dir.path());
    assert!(checked["provisions.csv"] > 5_000, "{checked:?}");
    assert!(checked["passages.csv"] > 10_000, "{checked:?}");
}

/// Issue 17: every CSV table is declared in datapackage.json, and every cell of it has the
/// column's declared type in every run: integers parse, numbers are finite (no `NaN`),
/// booleans are `true`/`false`, dates are ISO, `article` columns are text, a missing value is
/// an empty cell of a column that allows one, and no cell starts or ends with white space.
/// Evidence is a sentence, not a paragraph number. Returns the rows checked per file.
fn tables_keep_their_declared_types(dir: &Path) -> std::collections::BTreeMap<String, usize> {
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    let resources = package["resources"].as_array().unwrap();
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    on_disk.sort();
    let declared: Vec<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(declared, on_disk, "every CSV is declared, in file order");
    let date = |s: &str| {
        let b = s.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && s[..4].parse::<u32>().is_ok()
            && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && s[8..].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
    };
    let enumerator = regex::Regex::new(r"^(?:\(?[0-9]{1,3}[.)]|\([a-z]{1,4}\)|[a-z]\))\s").unwrap();
    let mut rows = std::collections::BTreeMap::new();
    for r in resources {
        let file = r["path"].as_str().unwrap();
        let fields = r["schema"]["fields"].as_array().unwrap();
        let mut csv = csv::Reader::from_path(dir.join(file)).unwrap();
        let head: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(head, names, "{file}: header and schema");
        for f in fields {
            let name = f["name"].as_str().unwrap();
            if name == "article" || name.starts_with("article_") {
                assert_eq!(f["type"], "string", "{file}: {f}");
            }
        }
        let mut n = 0;
        for rec in csv.records() {
            let rec = rec.unwrap();
            n += 1;
            for (cell, f) in rec.iter().zip(fields) {
                let (name, ty) = (f["name"].as_str().unwrap(), f["type"].as_str().unwrap());
                let at = format!("{file} row {n} {name}: {cell:?}");
                assert_eq!(cell, cell.trim(), "{at}");
                if cell.is_empty() {
                    assert_ne!(f["constraints"]["required"], true, "{at}");
                    continue;
                }
                let ok = match ty {
                    "integer" => cell.parse::<i64>().is_ok(),
                    "number" => cell.parse::<f64>().is_ok_and(f64::is_finite),
                    "boolean" => cell == "true" || cell == "false",
                    "date" => date(cell),
                    "string" => true,
                    other => panic!("{file}: type {other}"),
                };
                assert!(ok, "{at} is not a {ty}");
                if file == "provisions.csv" && name == "evidence" {
                    assert!(!enumerator.is_match(cell), "{at}");
                }
            }
        }
        rows.insert(file.to_string(), n);
    }
    rows
}

#[test]
fn shipped_tables_keep_their_declared_types() {
    let checked = tables_keep_their_declared_types(shipped());
    assert!(checked["provisions.csv"] > 20, "{checked:?}");
    assert!(checked["values.csv"] > 3, "{checked:?}");
}

#[test]
fn collection_docs_are_skipped_and_no_treaty_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let out = tmp.path().join("out");
    let run = clausemap(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no treaty found"));
    assert!(!out.exists());
    // A collection's README and licence are documentation, not treaties (ToTA ships
    // `LICENSE_CC-BY-NC-4.0.txt`); the treaties beside them are read.
    std::fs::write(
        input.join("README.md"),
        "# Treaties\n\nArticle 1\nThis collection shall remain in force for ten years.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("LICENSE_CC-BY-NC-4.0.txt"),
        "Attribution-NonCommercial 4.0 International\n\nSection 1 -- Definitions.\n",
    )
    .unwrap();
    for f in ["000_79ce68988e783b83.txt", "002_d9c2b8e70902db1e.txt"] {
        std::fs::copy(root().join("corpus").join(f), input.join(f)).unwrap();
    }
    let run = clausemap(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(0));
    let report: serde_json::Value = report_json(&out);
    let files: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["000_79ce68988e783b83.txt", "002_d9c2b8e70902db1e.txt"]
    );
}

/// Issue 17: treaties.csv keys every treaty by a `treaty_id` that does not depend on how the
/// path was typed, and matrix.csv is the matrix of report.json in long form.
#[test]
fn treaties_and_matrix_tables_join_on_a_stable_id() {
    let rel = tempfile::tempdir().unwrap();
    let abs = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    for (dir, path) in [
        (&rel, "corpus".to_string()),
        (&abs, corpus.to_string_lossy().into_owned()),
    ] {
        let run = clausemap(&[
            "analyze",
            &path,
            "--quiet",
            "--format",
            "json,csv",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{run:?}");
    }
    let column = |dir: &Path, file: &str, col: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(dir.join(file)).unwrap();
        let i = r.headers().unwrap().iter().position(|h| h == col).unwrap();
        r.records().map(|x| x.unwrap()[i].to_string()).collect()
    };
    let ids = column(rel.path(), "treaties.csv", "treaty_id");
    assert_eq!(ids, column(abs.path(), "treaties.csv", "treaty_id"));
    assert_ne!(
        column(rel.path(), "treaties.csv", "file"),
        column(abs.path(), "treaties.csv", "file")
    );
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3);
    assert!(ids.contains(&"000_79ce68988e783b83".to_string()));
    // Long matrix: one row per cell entry of report.json's matrix, ids from treaties.csv.
    let report = crate::util::report_json(rel.path());
    let cells: usize = report["matrix"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["cells"].as_array().unwrap().iter())
        .map(|c| c.as_array().unwrap().len())
        .sum();
    let m = column(rel.path(), "matrix.csv", "treaty_id");
    assert_eq!(m.len(), cells);
    assert!(m.iter().all(|id| ids.contains(id)));
    let labels = column(rel.path(), "matrix.csv", "label");
    let arts = column(rel.path(), "matrix.csv", "article");
    let cites = column(rel.path(), "matrix.csv", "citation");
    assert!(labels
        .iter()
        .zip(&arts)
        .zip(&m)
        .any(|((l, a), t)| l == "duration" && a == "6" && t == "000_79ce68988e783b83"));
    // The 1960 treaty numbers its articles in Roman figures: cited so, numbered in Arabic.
    assert!(arts
        .iter()
        .zip(&cites)
        .zip(&m)
        .any(|((a, c), t)| a == "10" && c == "Art. X" && t == "002_d9c2b8e70902db1e"));
}

/// `--csv-bom` (alias `--excel`): every CSV starts with a UTF-8 byte-order mark and is
/// otherwise the same bytes; the other reports and the default CSVs have none.
#[test]
fn csv_bom_marks_every_csv_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, bom) = (tmp.path().join("plain"), tmp.path().join("bom"));
    for (out, extra) in [(&plain, None), (&bom, Some("--excel"))] {
        let mut args = vec![
            "analyze",
            "corpus",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = crate::util::clausemap(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut csvs = 0;
    for entry in std::fs::read_dir(&plain).unwrap() {
        let name = entry.unwrap().file_name();
        let a = std::fs::read(plain.join(&name)).unwrap();
        let b = std::fs::read(bom.join(&name)).unwrap();
        assert!(!a.starts_with(&[0xef, 0xbb, 0xbf]), "{name:?}");
        if name.to_string_lossy().ends_with(".csv") {
            csvs += 1;
            assert_eq!(&b[..3], &[0xef, 0xbb, 0xbf], "{name:?}");
            assert_eq!(&b[3..], &a[..], "{name:?}");
        } else {
            assert_eq!(a, b, "{name:?}");
        }
    }
    assert_eq!(csvs, 7);
}
