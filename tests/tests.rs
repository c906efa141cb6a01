//! The one integration-test binary: the shipped corpus against the gold file, the real corpora
//! (skipped with a message when `../shared/corpora` is absent), and the command line.

mod util;

mod browser;
mod citations;
mod classify;
mod cli;
mod codebook;
mod compare;
mod compare_terminal;
mod corpora;
mod docx;
mod formats;
mod gold;
mod props;
mod reports;
mod robust;
