//! The `apogee` binary: parse the command line, run it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    apogee_server::cli::run(apogee_server::cli::Cli::parse())
}
