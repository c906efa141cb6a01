//! The `clausemap` binary: parses arguments, calls the library, maps the outcome to an exit
//! code (0 all inputs analysed, 1 some inputs failed, 2 usage error or nothing written).

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let outcome = match cli.command {
        cli::Command::Analyze(args) => cmd::analyze::run(args),
        cli::Command::Segment(args) => cmd::segment::run(args),
        cli::Command::Eval(args) => cmd::eval::run(args),
        cli::Command::Pairs(args) => cmd::pairs::run(args),
        cli::Command::Compare(args) => cmd::compare::run(args),
        cli::Command::Train(args) => cmd::train::run(args),
    };
    match outcome {
        Ok(code) => code.into(),
        Err(e) => {
            eprintln!("clausemap: {e}");
            ExitCode::from(2)
        }
    }
}
