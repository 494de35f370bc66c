//! Running commands: the echoed, timed steps every task is made of, the PATH they get,
//! and where cargo puts what it builds.

use std::env;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

pub fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Where cargo writes what it builds: `CARGO_TARGET_DIR` when set, else `target/`.
pub fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// Runs a command, echoing it; fails with its exit status.
pub fn step(name: &str, command: &mut Command) -> Result<()> {
    let started = Instant::now();
    println!("\n==> {name}\n    $ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("cannot start `{}`", describe(command)))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    println!("<== {name}: ok in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// The standard output of a command that succeeded.
pub fn output_of(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn cargo_bin_dir() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// PATH for the commands we start, with cargo's bin folder first (CI may lack it).
fn child_path() -> std::ffi::OsString {
    let bin = cargo_bin_dir();
    let path = env::var_os("PATH").unwrap_or_default();
    let mut parts: Vec<PathBuf> = env::split_paths(&path).collect();
    if !parts.contains(&bin) {
        parts.insert(0, bin);
    }
    env::join_paths(parts).unwrap_or(path)
}

pub fn with_path(mut command: Command) -> Command {
    command.env("PATH", child_path());
    command
}
