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
