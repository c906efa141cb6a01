//! Report: the outputs of a run. [`model`] computes everything the reports show, once;
//! [`json`], [`markdown`], [`html`] and [`csv`] lay that model out; [`write`] writes files
//! atomically.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
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
