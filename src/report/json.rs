//! `report.json` (format `clausemap-report/1`): the [`Report`](super::model::Report) model
//! serialised, pretty-printed with a final newline.

use super::model::{self, Report};
use crate::model::{Corpus, Treaty};

/// The report as JSON.
pub fn render(report: &Report<'_>) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("report serialises");
    out.push('\n');
    out
}

/// The report of a corpus (and its comparison) as JSON.
pub fn to_json(corpus: &Corpus, comparison: Option<&crate::compare::corpus::Comparison>) -> String {
    render(&model::build(corpus, comparison))
}

/// One treaty as JSON (for `clausemap segment --json`).
pub fn treaty_json(t: &Treaty) -> String {
    let mut out = serde_json::to_string_pretty(&model::document_of(t)).expect("treaty serialises");
    out.push('\n');
    out
}
