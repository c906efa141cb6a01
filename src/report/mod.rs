//! Report: the outputs of a run. [`json`] holds the wire types of `report.json` (so the schema
//! does not move when the model is refactored); [`write`] writes files atomically.

pub mod json;
pub mod write;

pub use json::{to_json, treaty_json, FORMAT};
