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

/// report.html of the ToTA agreements of shared/corpora, analysed once for the tests that read
/// it (kept for the test run).
fn tota_report(tota: &Path) -> PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
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
        dir
    });
    dir.path().join("report.html")
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
    dump_dom_with(browser, page, &[])
}

/// [`dump_dom`] with more Chromium options (a window size, a profile of its own).
fn dump_dom_with(browser: &Path, page: &Path, extra: &[String]) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(extra)
        .arg("--dump-dom")
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
    let page = tota_report(&tota);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Genealogy of treaties by date"));
    let dir = tempfile::tempdir().unwrap();
    check_html(&page, &dir.path().join("shot.png"));
}

/// Measures the matrix of `page` in Chromium at `width` × 768 px: a script added at the end of a
/// copy of the page writes `table.scrollWidth box.clientWidth box.scrollWidth lastHeader.right
/// box.right page.scrollWidth innerWidth labels` onto `<html data-fit>`, which --dump-dom shows.
fn matrix_fit(browser: &Path, page: &Path, width: u32) -> Vec<i64> {
    let html = std::fs::read_to_string(page).unwrap();
    let probe = r#"<script>(function () {
  var t = document.getElementById("t-matrix"), box = t.parentElement, h = t.tHead.rows[0].cells;
  var last = h[h.length - 1].getBoundingClientRect(), b = box.getBoundingClientRect();
  document.documentElement.setAttribute("data-fit", [t.scrollWidth, box.clientWidth,
    box.scrollWidth, Math.round(last.right), Math.round(b.right),
    document.documentElement.scrollWidth, innerWidth, h.length - 2].join(" "));
})();</script>"#;
    let at = html.rfind("</body>").expect("report.html has a </body>");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("report.html");
    std::fs::write(&copy, format!("{}{probe}{}", &html[..at], &html[at..])).unwrap();
    let dom = dump_dom_with(
        browser,
        &copy,
        &[
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--user-data-dir={}", dir.path().join("profile").display()),
            format!("--window-size={width},768"),
        ],
    );
    let start = dom.find("data-fit=\"").expect("the probe ran") + "data-fit=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    dom[start..end]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect()
}

/// Issue 17: the matrix fits a laptop screen. At 1366 px every provision's column is in view
/// without scrolling sideways, neither in the matrix's box nor on the page: on the shipped
/// corpus (15 provisions) and on the ToTA agreements of shared/corpora (18).
#[test]
fn matrix_fits_a_1366_px_window() {
    let Some(browser) = chromium() else {
        return;
    };
    let mut pages = vec![(
        "shipped corpus",
        crate::reports::shipped().join("report.html"),
    )];
    if let Some(tota) = crate::util::shared("corpora/tota") {
        pages.push(("ToTA", tota_report(&tota)));
    }
    for (name, page) in pages {
        let f = matrix_fit(&browser, &page, 1366);
        let [table, box_w, box_scroll, last_right, box_right, page_w, window, labels] = f[..]
        else {
            panic!("{name}: {f:?}");
        };
        assert_eq!(window, 1366, "{name}: the window is 1366 px wide");
        assert!(labels >= 10, "{name}: {labels} provisions");
        assert!(
            table <= box_w && box_scroll <= box_w,
            "{name}: the matrix ({table} px) is wider than its box ({box_w} px)"
        );
        assert!(
            last_right <= box_right,
            "{name}: the last provision's column ends at {last_right} px, past the box ({box_right} px)"
        );
        assert!(
            page_w <= window,
            "{name}: the page scrolls sideways ({page_w} px)"
        );
    }
}
