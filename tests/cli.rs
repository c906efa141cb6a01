//! The command line: exit codes, report.json on disk, reproducible bytes.

use crate::util::{clausemap, report_json, root, shared};

#[test]
fn analyze_writes_a_reproducible_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = clausemap(&["analyze", "corpus", "--out", out]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty(), "nothing on stdout");
    let first = std::fs::read(dir.path().join("report.json")).unwrap();
    let run = clausemap(&["analyze", "corpus", "--out", out]);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        first,
        std::fs::read(dir.path().join("report.json")).unwrap()
    );
    let report: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(report["format"], "clausemap-report/1");
    let files: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "corpus/000_79ce68988e783b83.txt",
            "corpus/001_cfacc6748c233638.txt",
            "corpus/002_d9c2b8e70902db1e.txt"
        ]
    );
    let d = &report["documents"][0];
    assert_eq!(d["date"], "1950-02-14");
    assert_eq!(d["segments"][1]["kind"], "article");
    assert_eq!(d["segments"][1]["number"], "1");
    assert!(d["segments"][1]["labels"].is_array());
    assert!(d["segments"][1]["span"]["line_start"].as_u64().unwrap() > 0);
    let w = &report["documents"][1]["warnings"][0];
    assert_eq!(w["kind"], "duplicate_passage");
}

#[test]
fn a_bad_file_is_named_and_the_others_still_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("corpus/000_79ce68988e783b83.txt"),
        input.join("good.txt"),
    )
    .unwrap();
    std::fs::write(input.join("binary.txt"), b"Article 1\0\0\0").unwrap();
    std::fs::write(input.join("empty.txt"), b"  \n").unwrap();
    std::fs::write(
        input.join("broken.xml"),
        b"<?xml version=\"1.0\"?><treaty><body>",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = clausemap(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("binary.txt: looks binary (NUL byte at offset 9)"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt: is empty"), "{stderr}");
    assert!(
        stderr.contains("broken.xml: is not well-formed XML"),
        "{stderr}"
    );
    let report: serde_json::Value = report_json(&out);
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["documents"][0]["segments"].as_array().unwrap().len(),
        8
    );
    assert_eq!(report["errors"].as_array().unwrap().len(), 3);
}

#[test]
fn nothing_readable_exits_2_and_keeps_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.json"), b"old").unwrap();
    let run = clausemap(&[
        "analyze",
        "no/such/path",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("report.json")).unwrap(),
        b"old"
    );
    assert_eq!(
        clausemap(&["analyze", "--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn segment_shows_numbers_headings_and_warnings() {
    let run = clausemap(&["segment", "corpus/001_cfacc6748c233638.txt"]);
    assert_eq!(run.status.code(), Some(0));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("date     1925-01-20"), "{out}");
    // The detected language and the authentic languages, apart.
    assert!(out.contains("\nlanguage eng\n"), "{out}");
    assert!(out.contains("\nauthentic "), "{out}");
    // Cited and named as the reports cite and name them (issue 17).
    assert!(out.contains("Art. VII "), "{out}");
    assert!(out.contains("warning  duplicate_passage: "), "{out}");
    let run = clausemap(&["segment", "corpus/000_79ce68988e783b83.txt"]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("format   header_fields"), "{out}");
    assert!(out.contains(" 1 year: \"notice one year before\""), "{out}");
    assert!(out.contains(" 30 years: "), "{out}");
    assert!(
        out.contains("\" (text)") && !out.contains("(Text)"),
        "{out}"
    );
    let run = clausemap(&["segment", "corpus/002_d9c2b8e70902db1e.txt", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(doc["segments"].as_array().unwrap().len(), 12);
    // A missing file: exit 2, as for the other commands.
    let run = clausemap(&["segment", "corpus/no such file.txt"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no such file.txt"));
}

#[test]
fn eval_prints_the_scores_and_exits_0() {
    let Some(gold) = shared("gold/seeds.json") else {
        return;
    };
    let run = clausemap(&["eval", "--gold", gold.to_str().unwrap(), "corpus"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.contains("articles found           23/23"), "{out}");
    assert!(out.contains("labels (all)"), "{out}");
    let run = clausemap(&["eval", "--gold", gold.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["values"]["tp"], 5);
    assert!(v["per_label"]["mutual_defense"]["recall"].as_f64().unwrap() == 1.0);
}

#[test]
fn invalid_gold_or_taxonomy_files_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.json");
    std::fs::write(&gold, "{\"format\": \"other\"}").unwrap();
    let run = clausemap(&["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("gold.json"));
    let tax = dir.path().join("tax.toml");
    std::fs::write(
        &tax,
        "version = 1\n[[label]]\nid = 'x'\nname = 'X'\ndescription = 'd'\ntext = ['(unclosed']\n",
    )
    .unwrap();
    let run = clausemap(&[
        "analyze",
        "--taxonomy",
        tax.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("tax.toml") && err.contains("(unclosed"),
        "{err}"
    );
    assert!(!dir.path().join("report.json").exists());
}

#[test]
fn a_label_added_to_a_taxonomy_file_is_reported_without_code_change() {
    let dir = tempfile::tempdir().unwrap();
    let tax = dir.path().join("tax.toml");
    let extra = "\n[[label]]\nid = \"far_east\"\nname = \"Far East\"\ndescription = \"Mentions the Far East\"\ntext = ['\\bFar East\\b']\n";
    let builtin = std::fs::read_to_string(root().join("src/classify/taxonomy.toml")).unwrap();
    std::fs::write(&tax, builtin + extra).unwrap();
    let out = dir.path().join("out");
    let run = clausemap(&[
        "analyze",
        "--taxonomy",
        tax.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = report_json(&out);
    let p = report["provisions"].as_array().unwrap();
    let far = p.iter().find(|p| p["label"] == "far_east").unwrap();
    // 1960 Art. VI: "the maintenance of international peace and security in the Far East".
    assert!(
        far["segments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["file"] == "corpus/002_d9c2b8e70902db1e.txt" && s["number"] == "6"),
        "{far}"
    );
    let md = p.iter().find(|p| p["label"] == "mutual_defense").unwrap();
    assert_eq!(md["treaties"], 2);
}

/// `analyze --metadata FILE`: the user's title, date, place, parties and citation override what
/// was read, each marked `metadata_file`, and the reports cite the treaty by it; a row naming no
/// file and a row with a date that is not one are errors naming their line (exit 1), the rest
/// is applied and the reports are written (issue 14).
#[test]
fn a_metadata_file_overrides_and_cites() {
    let dir = tempfile::tempdir().unwrap();
    let meta = dir.path().join("treaties.csv");
    std::fs::write(
        &meta,
        "file,id,title,date,place,parties,citation\n\
         001_cfacc6748c233638.txt,T1,My title,1960-01-19,Washington,Japan;United States of America,373 UNTS 179\n\
         ,T2,No file,1950-01-01,,,\n\
         000_79ce68988e783b83.txt,T3,,14 Feb 1950x,,,\n\
         not_analysed.txt,T4,,,,,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = clausemap(&[
        "analyze",
        "corpus",
        "--metadata",
        meta.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("treaties.csv: line 3: no file named"),
        "{stderr}"
    );
    assert!(
        stderr.contains("treaties.csv: line 4: date \"14 Feb 1950x\" is not a date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 5: not_analysed.txt is not among the analysed treaties"),
        "{stderr}"
    );
    let report: serde_json::Value = report_json(&out);
    let doc = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["file"]
                .as_str()
                .unwrap()
                .ends_with("001_cfacc6748c233638.txt")
        })
        .unwrap();
    assert_eq!(doc["title"], "My title");
    assert_eq!(doc["title_source"], "metadata_file");
    assert_eq!(doc["date"], "1960-01-19");
    assert_eq!(doc["date_source"], "metadata_file");
    assert_eq!(doc["id"], "T1");
    assert_eq!(doc["citation"], "373 UNTS 179");
    assert_eq!(doc["party_codes"], serde_json::json!(["JPN", "USA"]));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("[*My title*](#treaty-T1) (1960-01-19; 373 UNTS 179)"),
        "{md}"
    );
    // The same as JSON, parties as a list.
    let json = dir.path().join("treaties.json");
    std::fs::write(
        &json,
        r#"{"treaties": [{"file": "corpus/001_cfacc6748c233638.txt", "citation": "373 UNTS 179", "parties": ["Japan", "United States of America"]}]}"#,
    )
    .unwrap();
    let run = clausemap(&[
        "analyze",
        "corpus",
        "--metadata",
        json.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = report_json(&out);
    assert!(report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["citation"] == "373 UNTS 179" && d["parties_source"] == "metadata_file"));
    // An unreadable file stops the run before any work, naming the file.
    let run = clausemap(&[
        "analyze",
        "corpus",
        "--metadata",
        "no/such.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("metadata file no/such.csv"));
}

/// Issue 17: `analyze mydir` without `--out` writes clausemap-reports/, not the shipped
/// reports/ (which only `analyze` with no path writes by default).
#[test]
fn analyze_on_other_paths_leaves_the_shipped_reports_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let treaty = crate::util::root().join("corpus/000_79ce68988e783b83.txt");
    let shipped = std::fs::read(crate::util::root().join("reports/report.md")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_clausemap"))
        .args([
            "analyze",
            treaty.to_str().unwrap(),
            "--quiet",
            "--format",
            "md",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let md = std::fs::read_to_string(tmp.path().join("clausemap-reports/report.md")).unwrap();
    assert!(md.contains("1 treaty"), "{md}");
    assert!(!tmp.path().join("reports").exists());
    assert_eq!(
        std::fs::read(crate::util::root().join("reports/report.md")).unwrap(),
        shipped
    );
}

/// Issue 17: the stderr summary counts the warnings that need a look apart from routine
/// notices, a line per kind naming its first three files, then how many more; a date given
/// by `--metadata` ends a treaty's `no date of signature found` warning.
#[test]
fn the_summary_names_warnings_apart_from_routine_notices() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let path = |rel: &str| corpora.join(rel).to_string_lossy().into_owned();
    let translated: Vec<String> = ["1080", "1086", "1097", "1111"]
        .iter()
        .map(|n| path(&format!("nl_bwb/BWBV000{n}.md")))
        .collect();
    let undated = path("ggo/texts/BGR-FIN[NA]_1974O.txt");
    let no_articles = path("ggo/texts/ARG-BRA[NA]_1986O.txt");
    let dir = tempfile::tempdir().unwrap();
    let run_with = |extra: &[&str]| {
        let out = dir.path().join("out");
        let mut args = vec!["analyze", "--out", out.to_str().unwrap()];
        args.extend(translated.iter().map(String::as_str));
        args.extend([undated.as_str(), no_articles.as_str()]);
        args.extend(extra);
        let run = clausemap(&args);
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        (
            String::from_utf8_lossy(&run.stderr).into_owned(),
            report_json(&out),
        )
    };
    let (stderr, report) = run_with(&[]);
    let lines: Vec<&str> = stderr.lines().collect();
    let at = |head: &str| lines.iter().position(|l| l.starts_with(head)).unwrap();
    let warnings = at("clausemap: 2 warnings to look at");
    let notices = at("clausemap: 6 routine notices:");
    assert!(warnings < notices, "{stderr}");
    let block = |from: usize| -> Vec<&str> {
        lines[from + 1..]
            .iter()
            .take_while(|l| l.starts_with("  "))
            .copied()
            .collect()
    };
    assert_eq!(
        block(warnings),
        [
            format!("  no articles found: 1 file ({no_articles})"),
            format!("  no date of signature found: 1 file ({undated})"),
        ],
        "{stderr}"
    );
    let routine = block(notices);
    assert_eq!(
        routine[0],
        format!(
            "  translation skipped: 4 files ({}, {}, {} and 1 more)",
            translated[0], translated[1], translated[2]
        ),
        "{stderr}"
    );
    assert!(
        routine[1].starts_with("  annex skipped: 2 files ("),
        "{stderr}"
    );
    assert_eq!(report["summary"]["warnings"], 2);
    assert_eq!(report["summary"]["notices"], 6);
    assert!(
        stderr.contains("2 warnings, 6 notices, 0 errors"),
        "{stderr}"
    );
    // The user's date ends the warning; the notices stay.
    let meta = dir.path().join("meta.csv");
    std::fs::write(&meta, "file,date\nBGR-FIN[NA]_1974O.txt,1974-05-16\n").unwrap();
    let (stderr, report) = run_with(&["--metadata", meta.to_str().unwrap()]);
    assert!(
        stderr.contains("clausemap: 1 warning to look at"),
        "{stderr}"
    );
    assert!(!stderr.contains("no date of signature"), "{stderr}");
    assert_eq!(report["summary"]["notices"], 6);
}
