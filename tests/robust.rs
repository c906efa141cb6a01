//! Robustness: a corpus of hostile and broken files, generated here (no committed binaries),
//! mixed with the three shipped treaties and run through the real binary. Every bad file is
//! named on stderr with its reason and listed in `errors[]`, every recoverable one is
//! analysed, the exit code is 1, and the three treaties come out exactly as when analysed
//! alone.

use crate::util::{clausemap, report_json, root};
use serde_json::Value;
use std::path::Path;
use std::time::Instant;

/// (file name, bytes, expected: Err(reason on stderr) or Ok(minimum number of articles)).
type Case = (&'static str, Vec<u8>, Result<usize, &'static str>);

fn cases() -> Vec<Case> {
    let treaty = std::fs::read(root().join("corpus/002_d9c2b8e70902db1e.txt")).unwrap();
    let text = String::from_utf8(treaty.clone()).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut latin1: Vec<u8> = b"ARTICLE 1\n\nLa Partie contractante s'engage \xe0 respecter le trait\xe9.\n\nARTICLE 2\n\nCe trait\xe9 entre en vigueur.\n".to_vec();
    latin1.extend(b"\n");
    let mut truncated = text.clone().into_bytes();
    truncated.extend([b'\n', 0xE2, 0x82]); // a UTF-8 sequence cut off at the end
    let headings: String = (1..=5000).map(|i| format!("Article {i}\n\n")).collect();
    let absurd = "Article 99999999999999999999999\n\nThe text.\n\nArticle MMMMMMMMMMMMMMMMMMMMM\n\nMore text.\n\nArticle -1\n\nLast text.\n\nARTICLE IIIIIIIIIIIIIIIIIIII\n\nEnd.\n";
    let long_line = format!(
        "ARTICLE 1 {}\n",
        "The Parties shall consult. ".repeat(400_000)
    );
    let markup = format!(
        "{}\n\n{}\n\nArticle 1\n\nText.\n",
        "#".repeat(30_000),
        "*".repeat(30_000)
    );
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<treaty><body><chapter><article number="ARTICLE 1">&lol2;</article></chapter></body></treaty>"#;
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE treaty [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<treaty><body><chapter><article number="ARTICLE 1">&secret;</article></chapter></body></treaty>"#;
    let script = "ARTICLE 1\n\n<script>alert('x')</script> =cmd|' /C calc'!A0 +SUM(1) @x -1\n\nARTICLE 2\n\nThis Agreement shall enter into force on signature.\n";
    let mut nul_inside = text.clone().into_bytes();
    nul_inside.splice(100..100, [0u8; 4]);
    vec![
        ("empty.txt", vec![], Err("is empty")),
        ("blank.txt", b"  \n\t\n   \r\n".to_vec(), Err("is empty")),
        ("nul bytes.txt", nul_inside, Err("looks binary")),
        (
            "report.pdf.txt",
            b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".to_vec(),
            Err("cannot be read as PDF: not a readable PDF"),
        ),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            Err("looks binary"),
        ),
        (
            "archive.md",
            b"PK\x03\x04\x14\0\0\0\x08\0".to_vec(),
            Err("looks binary"),
        ),
        (
            "program.txt",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0".to_vec(),
            Err("looks binary"),
        ),
        (
            "malformed.xml",
            b"<?xml version=\"1.0\"?>\n<treaty><body><chapter>\n<article number=\"1\">x</chapter>"
                .to_vec(),
            Err("not well-formed XML"),
        ),
        (
            "bomb.xml",
            bomb.as_bytes().to_vec(),
            Err("not well-formed XML"),
        ),
        (
            "xxe.xml",
            xxe.as_bytes().to_vec(),
            Err("not well-formed XML"),
        ),
        ("utf16.txt", utf16, Ok(10)),
        ("latin1.txt", latin1, Ok(2)),
        ("truncated utf8.txt", truncated, Ok(10)),
        ("headings only.txt", headings.into_bytes(), Ok(0)),
        // Not article markers: kept as text, nothing lost (checked below).
        ("absurd numbers.txt", absurd.as_bytes().to_vec(), Ok(0)),
        ("long line.txt", long_line.into_bytes(), Ok(1)),
        ("markup.md", markup.into_bytes(), Ok(1)),
        ("script and formulas.txt", script.as_bytes().to_vec(), Ok(2)),
        ("traité à Genève.txt", treaty, Ok(10)),
    ]
}

fn documents_without_file(report: &Value) -> Vec<Value> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d["file"] = Value::Null;
            // A short title names the parties where another treaty of the run shares it, so
            // it depends on the run (the copies of the shipped treaties among the bad files).
            d["short_title"] = Value::Null;
            d
        })
        .collect()
}

fn write_cases(dir: &Path) -> Vec<Case> {
    let cases = cases();
    for (name, bytes, _) in &cases {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    cases
}

#[test]
fn a_directory_of_bad_files_plus_the_shipped_treaties() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let cases = write_cases(&bad);
    // Links: one dangling, one looping back to its directory.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(bad.join("no such file.txt"), bad.join("dangling.txt")).unwrap();
        std::os::unix::fs::symlink(&bad, bad.join("loop")).unwrap();
    }
    let out = tmp.path().join("out");
    let started = Instant::now();
    let run = clausemap(&[
        "analyze",
        bad.to_str().unwrap(),
        "corpus",
        "--out",
        out.to_str().unwrap(),
    ]);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let report: Value = report_json(&out);
    let errors = report["errors"].as_array().unwrap();
    let docs = report["documents"].as_array().unwrap();
    for (name, _, want) in &cases {
        let path = bad.join(name).to_string_lossy().into_owned();
        match want {
            Err(reason) => {
                let line = stderr
                    .lines()
                    .find(|l| l.contains(&path))
                    .unwrap_or_else(|| panic!("{name} not named on stderr:\n{stderr}"));
                assert!(line.contains(reason), "{name}: {line}");
                assert!(
                    errors.iter().any(|e| e["file"] == path.as_str()
                        && e["message"].as_str().unwrap().contains(reason)),
                    "{name} not in errors[]"
                );
            }
            Ok(min) => {
                let d = docs
                    .iter()
                    .find(|d| d["file"] == path.as_str())
                    .unwrap_or_else(|| panic!("{name} not analysed:\n{stderr}"));
                let articles = d["segments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["kind"] == "article")
                    .count();
                assert!(articles >= *min, "{name}: {articles} articles");
            }
        }
    }
    #[cfg(unix)]
    assert!(stderr.contains("dangling.txt: cannot be read"), "{stderr}");
    let absurd = docs
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("absurd numbers.txt"))
        .unwrap();
    assert_eq!(absurd["warnings"][0]["kind"], "no_articles");
    let kept = absurd["segments"][0]["text"].as_str().unwrap();
    assert!(
        kept.contains("99999999999999999999999")
            && kept.contains("Last text.")
            && kept.contains("End."),
        "{kept}"
    );
    let headings = docs
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("headings only.txt"))
        .unwrap();
    assert!(headings["segments"].as_array().unwrap().len() >= 5000);
    // Nothing from outside the file was read, no entity expanded.
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(!json.contains("root:x:0") && !json.contains("lollol"));
    // Recoverable encodings give the same articles as the UTF-8 original.
    let text_of = |file: &str| -> Vec<Value> {
        let d = docs
            .iter()
            .find(|d| d["file"].as_str().unwrap().ends_with(file))
            .unwrap();
        d["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].clone())
            .collect()
    };
    assert_eq!(text_of("utf16.txt"), text_of("002_d9c2b8e70902db1e.txt"));
    assert_eq!(
        text_of("traité à Genève.txt"),
        text_of("002_d9c2b8e70902db1e.txt")
    );
    // The shipped treaties come out as when analysed alone.
    let alone = tmp.path().join("alone");
    let run = clausemap(&["analyze", "corpus", "--out", alone.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    let alone: Value =
        serde_json::from_slice(&std::fs::read(alone.join("report.json")).unwrap()).unwrap();
    let mixed: Vec<Value> = documents_without_file(&report)
        .into_iter()
        .zip(docs)
        .filter(|(_, d)| d["file"].as_str().unwrap().starts_with("corpus/"))
        .map(|(v, _)| v)
        .collect();
    assert_eq!(mixed, documents_without_file(&alone));
    // Speed is a benchmark's business, not a test's: the time is only reported.
    eprintln!("bad files plus the shipped treaties analysed in {elapsed:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(clausemap::ingest::MAX_FILE_BYTES + 1).unwrap(); // sparse: no 64 MB written
    let run = clausemap(&[
        "analyze",
        big.to_str().unwrap(),
        "corpus",
        "--out",
        tmp.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("over the limit of 67108864 bytes"));
}

#[cfg(unix)]
#[test]
fn fifos_are_skipped_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Named on the command line: refused with a reason (it would block for ever if read).
    let run = clausemap(&[
        "analyze",
        fifo.to_str().unwrap(),
        "corpus",
        "--out",
        tmp.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("pipe.txt: is not a regular file"));
    // Inside a directory: skipped like any other non-treaty file.
    let run = clausemap(&[
        "analyze",
        tmp.path().to_str().unwrap(),
        "corpus",
        "--out",
        tmp.path().join("o2").to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn an_output_directory_that_cannot_be_written_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a file");
    std::fs::write(&file, "x").unwrap();
    // A directory cannot be made inside a regular file, whoever runs the test.
    let out = file.join("reports");
    let run = clausemap(&["analyze", "corpus", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("cannot write") && err.contains("report.json"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// Unreadable files and directories are named with the reason; the rest is analysed. Root
/// reads everything, so as root (as in CI) the binary runs as `nobody` through `setpriv`.
#[cfg(unix)]
#[test]
fn permission_denied_files_and_directories_are_named() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let set = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    set(dir, 0o755);
    std::fs::copy(
        root().join("corpus/000_79ce68988e783b83.txt"),
        dir.join("ok.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("secret.txt"), "Article 1\n\nText.\n").unwrap();
    set(&dir.join("secret.txt"), 0o000);
    std::fs::create_dir(dir.join("locked")).unwrap();
    set(&dir.join("locked"), 0o000);
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    set(&out, 0o777);
    let bin = env!("CARGO_BIN_EXE_clausemap");
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let mut cmd = if uid.is_ok_and(|u| u == "0") {
        let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
        let usable = Command::new("setpriv")
            .args(nobody)
            .arg(bin)
            .arg("--version")
            .output();
        if !usable.is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: running as root and cannot run the binary as nobody (setpriv)");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args(nobody).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let run = cmd
        .args([
            "analyze",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("secret.txt: cannot be read: Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("locked: cannot be read: Permission denied"),
        "{stderr}"
    );
    let report: Value = report_json(&out);
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(report["errors"].as_array().unwrap().len(), 2);
    set(&dir.join("locked"), 0o755); // so the temporary directory can be removed
}
