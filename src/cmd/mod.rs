//! One subcommand per file: its `Args` (doc comments are its --help) and `run`.

pub mod analyze;
pub mod eval;
pub mod segment;

use clausemap::classify::Taxonomy;
use clausemap::pipeline::Options;
use clausemap::Error;
use std::path::Path;

/// Library options from the flags the commands share.
pub fn options(taxonomy: Option<&Path>) -> Result<Options, Error> {
    Ok(Options {
        taxonomy: match taxonomy {
            Some(p) => Taxonomy::from_file(p)?,
            None => Taxonomy::builtin(),
        },
    })
}
