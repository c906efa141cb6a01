//! clausemap: comparative clause analysis of treaties.
//!
//! The pipeline, in order (one module each):
//! 1. [`ingest`]: find files, decode them, read each format into blocks, clean up page breaks
//!    and passages repeated by copying errors;
//! 2. [`segment`]: preamble, articles, closing clause with signatories, and metadata;
//! 3. tokenize: later stage;
//! 4. [`classify`]: provision labels with their evidence, and term / renewal / notice values;
//! 5. compare: later stage;
//! 6. [`report`]: `report.json`, written atomically.
//!
//! [`pipeline::analyze`] runs the stages over a set of paths; [`model`] is the data model
//! that flows through them.

pub mod classify;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod text;

pub use error::{Error, Result};
pub use model::{Corpus, Segment, SegmentKind, Treaty};
