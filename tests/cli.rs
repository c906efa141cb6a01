//! The command line: exit codes, report.json on disk, reproducible bytes.

use crate::util::{clausemap, root, shared};

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
fn committed_reports_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let run = clausemap(&["analyze", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    let fresh = std::fs::read(dir.path().join("report.json")).unwrap();
    let committed = std::fs::read(root().join("reports/report.json")).unwrap();
    assert!(
        fresh == committed,
        "reports/report.json is stale: run `cargo run --release -- analyze` and commit it"
    );
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
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
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
    assert!(out.contains("Art. 7"), "{out}");
    assert!(out.contains("DuplicatePassage"), "{out}");
    let run = clausemap(&["segment", "corpus/002_d9c2b8e70902db1e.txt", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(doc["segments"].as_array().unwrap().len(), 12);
}

#[test]
fn whole_real_corpora_analysed_without_a_failure() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let run = clausemap(&[
        "analyze",
        corpora.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert!(report["documents"].as_array().unwrap().len() >= 400);
}
