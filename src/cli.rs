//! Command-line interface (binary only: the library never sees clap types).

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "clausemap",
    version,
    about = "Comparative clause analysis of treaties",
    long_about = "clausemap reads treaty texts (plain text, Markdown exports, database exports \
with [Title]/[Date] fields, ToTA XML, the Dutch treaty database, flattened one-line texts), \
splits each into preamble, articles and closing clause, and writes citable reports.",
    after_help = "Examples:\n  clausemap analyze                    # corpus/ -> reports/report.json\n  clausemap analyze texts/ --out out   # another corpus\n  clausemap segment corpus/001_cfacc6748c233638.txt\n\nExit codes: 0 all inputs analysed, 1 some inputs failed (report still written), 2 usage error or nothing written."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Analyze(crate::cmd::analyze::Args),
    Segment(crate::cmd::segment::Args),
    Eval(crate::cmd::eval::Args),
    Pairs(crate::cmd::pairs::Args),
    Compare(crate::cmd::compare::Args),
    Train(crate::cmd::train::Args),
}

/// Exit codes shared by the commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok = 0,
    SomeFailed = 1,
}

impl From<Outcome> for std::process::ExitCode {
    fn from(o: Outcome) -> Self {
        std::process::ExitCode::from(o as u8)
    }
}
