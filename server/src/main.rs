//! `planner`: the command line of the SME plan's planning system.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

mod brief;
mod cli;
mod render;

/// Planning system for Tianjin's 2017–2020 SME innovation-and-transformation plan.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about)]
struct Planner {
    #[command(subcommand)]
    command: cli::ModelCommand,
}

fn main() -> ExitCode {
    let planner = Planner::parse();
    match cli::run(planner.command) {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`planner plan | head`) is not an error worth a message.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: cannot write the output: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
