//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<rel>` if present, or None (the caller skips with a message).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("..").join("shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

/// Runs the built `clausemap` binary in the repository root (without the caller's `COLUMNS`,
/// so that `compare` wraps at 80 columns unless told otherwise).
pub fn clausemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausemap"))
        .args(args)
        .env_remove("COLUMNS")
        .current_dir(root())
        .output()
        .expect("clausemap runs")
}

/// Folds white space and Markdown markup, as the gold format compares text.
pub fn fold(s: &str) -> String {
    s.replace("**", "")
        .replace('*', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `report.json` a run wrote into `dir`.
pub fn report_json(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("report.json")).expect("report.json written"))
        .expect("report.json is JSON")
}
