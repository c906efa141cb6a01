//! clausemap: comparative clause analysis of treaties.
//!
//! The pipeline, in order (one module each):
//! 1. [`ingest`]: find files, decode them, read each format into blocks, clean up page breaks
//!    and passages repeated by copying errors;
//! 2. [`segment`]: preamble, articles, closing clause with signatories, and metadata;
//! 3. [`tokenize`]: normalised words with spans, stems, hashed shingles;
//! 4. [`classify`]: provision labels with their evidence, and term / renewal / notice values;
//! 5. [`compare`]: exact all-pairs similarity join, word alignment, recurring provisions;
//! 6. [`report`]: `report.json`, written atomically.
//!
//! [`pipeline::analyze`] runs the stages over a set of paths; [`model`] is the data model
//! that flows through them.

pub mod classify;
pub mod compare;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod metadata_file;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod text;
pub mod tokenize;
pub mod train;

pub use error::{Error, Result};
pub use model::{Corpus, Segment, SegmentKind, Treaty};
