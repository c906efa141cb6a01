//! Report: the outputs of a run. [`model`] computes everything the reports show, once;
//! [`json`], [`markdown`], [`html`], [`csv`] and [`csl`] (CSL-JSON citations) lay that model out; [`write`] writes files
//! atomically.

pub mod csl;
pub mod csv;
pub mod graph;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod terminal;
pub mod write;

pub use json::{to_json, treaty_json};
pub use model::{build, Report, FORMAT};

/// How much the human-readable reports show (the JSON and CSV always hold everything).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Pairs, wording clusters and group members shown.
    pub top: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { top: 10 }
    }
}

/// What the columns of the values table mean (the taxonomy's definitions).
pub const VALUES_LEGEND: &str = "Term: how long the treaty runs before it ends or before \
    notice may be given. Renewal: the length of each automatic extension. Notice: the notice \
    period for termination or denunciation (before expiry or after notice, as the text says).";

/// `s` with its first letter in capitals (for notes that start a sentence).
pub fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `1 treaty`, `3 treaties`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A value's name as report.json writes it (`closing`, `nl_bwb`, `duplicate_passage`,
/// `years`); empty for a value that is not a plain name.
pub fn name_of<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A share as a whole percentage, floored (`0.999` is "99 %": never more than there is).
pub fn percent(x: f64) -> String {
    format!("{:.0} %", (x * 100.0).floor())
}
