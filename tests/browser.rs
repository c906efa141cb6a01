//! report.html in a real browser: headless Chromium when the machine has it (Debian package
//! `chromium`); skipped with a message otherwise (CI machines have no browser).

use crate::util::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|b| {
            let out = Command::new("sh")
                .args(["-c", &format!("command -v {b}")])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        });
    if found.is_none() {
        eprintln!("skipped: no Chromium on this machine (apt-get install chromium)");
    }
    found
}

/// Runs scripts/check-html.sh on `page` (screenshot to `shot`) and fails with its output.
fn check_html(page: &Path, shot: &Path) {
    let out = Command::new(root().join("scripts/check-html.sh"))
        .arg(page)
        .arg(shot)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The page's DOM after its scripts ran.
fn dump_dom(browser: &Path, page: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn check_html_script_passes_on_the_shipped_report() {
    if chromium().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("shot.png");
    check_html(&root().join("reports/report.html"), &shot);
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
}

#[test]
fn tables_sort_by_number_and_filter_in_the_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let script = std::fs::read_to_string(root().join("src/report/html/script.js")).unwrap();
    // A table like the report's, the report's script, then clicks and typing, with the
    // results written into the page for --dump-dom to show.
    let page = format!(
        r#"<!DOCTYPE html><html><body>
<input class="filter" data-table="t">
<table id="t" class="sortable"><thead><tr><th>Treaty</th><th>Articles</th></tr></thead><tbody>
<tr><td>Beta</td><td>10</td></tr><tr><td>alpha</td><td>9</td></tr>
<tr><td>Gamma</td><td></td></tr><tr><td>delta</td><td>100</td></tr>
</tbody></table>
<script>{script}</script>
<script>
var t = document.getElementById("t");
function names() {{
  return Array.prototype.map.call(t.tBodies[0].rows, function (r) {{ return r.cells[0].textContent; }}).join(",");
}}
var heads = t.tHead.rows[0].cells;
heads[1].click(); var up = names();
heads[1].click(); var down = names();
heads[0].click(); var text = names();
var box = document.querySelector("input.filter");
box.value = "ta"; box.dispatchEvent(new Event("input"));
var shown = Array.prototype.filter.call(t.tBodies[0].rows, function (r) {{ return !r.hidden; }})
  .map(function (r) {{ return r.cells[0].textContent; }}).join(",");
document.body.setAttribute("data-result", [up, down, text, shown].join("|"));
</script></body></html>"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.html");
    std::fs::write(&path, page).unwrap();
    let dom = dump_dom(&browser, &path);
    assert!(
        dom.contains(r#"data-ready="1""#),
        "the script ran to its end"
    );
    assert!(
        dom.contains(
            r#"data-result="Gamma,alpha,Beta,delta|delta,Beta,alpha,Gamma|alpha,Beta,delta,Gamma|Beta,delta""#
        ),
        "{dom}"
    );
}

/// The reuse section (heat map, sources, genealogy, side by side) of a real run opens without a
/// console message: the 104 ToTA agreements of shared/corpora.
#[test]
fn check_html_script_passes_on_a_report_with_reuse() {
    let Some(tota) = crate::util::shared("corpora/tota") else {
        return;
    };
    if chromium().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = crate::util::clausemap(&[
        "analyze",
        tota.to_str().unwrap(),
        "--quiet",
        "--format",
        "html",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let page = dir.path().join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Genealogy of treaties by date"));
    check_html(&page, &dir.path().join("shot.png"));
}
