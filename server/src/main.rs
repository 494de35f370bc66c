//! `planner`: the command line of the SME plan's planning system.

use std::process::ExitCode;

use clap::Parser;

/// Planning system for Tianjin's 2017–2020 SME innovation-and-transformation plan.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about)]
struct Planner {
    #[command(subcommand)]
    command: server::OpsCommand,
}

fn main() -> ExitCode {
    match server::run_cli_ops(Planner::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
