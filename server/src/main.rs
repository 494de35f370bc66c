//! `planner`: the command line of the SME plan's planning system.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

mod cli;

/// Planning system for Tianjin's 2017–2020 SME innovation-and-transformation plan.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about)]
struct Planner {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    #[command(flatten)]
    Model(cli::ModelCommand),
    #[command(flatten)]
    Ops(server::OpsCommand),
}

fn main() -> ExitCode {
    let result = match Planner::parse().command {
        Command::Model(command) => cli::run(command).and_then(|text| {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`planner plan | head`) is not an error worth a message.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(anyhow::anyhow!("cannot write the output: {error}"))
                }
                _ => Ok(()),
            }
        }),
        Command::Ops(command) => server::run_cli_ops(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
