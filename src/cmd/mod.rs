//! One subcommand per file: its `Args` (doc comments are its --help) and `run`.

pub mod analyze;
pub mod segment;
