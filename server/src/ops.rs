//! The storage and server subcommands of `planner`: `serve`, `migrate`, `user create`,
//! `user list|disable|enable|role|reset-password|end-sessions|delete`, `setup-link`,
//! `token create`, `token revoke`, `backup`, `restore`. The binary wires [`OpsCommand`] into its own
//! command line and calls [`run_cli_ops`].

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use crate::auth::{self, Role};
use crate::client_address::{self, TRUSTED_PROXIES_ENV, TrustedProxies};
use crate::connections::{self, ConnectionLimits};
use crate::domain::{AccountChange, Password, UserName};
use crate::routes::views;
use crate::startup::{Application, Settings, new_setup_link, reachable, redact};
use crate::storage::{AccountChanged, DEFAULT_DATABASE_URL, NewLink, StorageError, Store};

/// The bind address when neither `--bind` nor `PLANNER_BIND` gives one.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Who the audit log says did what the command line did.
const CLI_ACTOR: &str = "cli";

/// `--database URL`, or `DATABASE_URL`, or the default SQLite file.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB` [env: DATABASE_URL]
    /// [default: sqlite://./data/planner.sqlite]
    #[arg(long = "database", value_name = "URL")]
    pub database: Option<String>,
}

impl DatabaseArgs {
    /// The URL in force.
    pub fn url(&self) -> String {
        self.database
            .clone()
            .or_else(|| {
                std::env::var("DATABASE_URL")
                    .ok()
                    .filter(|url| !url.is_empty())
            })
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned())
    }
}

/// `planner serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on [env: PLANNER_BIND] [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR:PORT")]
    pub bind: Option<String>,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Folder of the built browser front end, served at `/` [env: PLANNER_WEB_DIR]
    /// [default: web/dist]
    #[arg(long, value_name = "DIR")]
    pub web_dir: Option<std::path::PathBuf>,
    /// A proxy (load balancer) whose X-Forwarded-For or Forwarded header names the
    /// client, as an address range such as 10.0.0.0/8 or 127.0.0.1/32; repeatable
    /// [env: PLANNER_TRUSTED_PROXIES, comma-separated] [default: none]
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = parse_range)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Open connections allowed at once; more are answered 503 and closed. Keep it below
    /// the process's descriptor limit (`ulimit -n`) [env: PLANNER_MAX_CONNECTIONS]
    /// [default: 800]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// Open connections allowed from one client address at once (trusted proxies are
    /// exempt); more are answered 429 and closed [env:
    /// PLANNER_MAX_CONNECTIONS_PER_ADDRESS] [default: 100]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections_per_address: Option<u32>,
}

/// A connection cap: the flag when given, else the environment variable, else `default`.
fn connection_cap(flag: Option<u32>, variable: &str, default: usize) -> anyhow::Result<usize> {
    if let Some(cap) = flag {
        return Ok(cap as usize);
    }
    match std::env::var(variable) {
        Ok(text) if !text.trim().is_empty() => match text.trim().parse::<usize>() {
            Ok(cap) if cap >= 1 => Ok(cap),
            _ => anyhow::bail!("{variable} must be a whole number of at least 1, not `{text}`"),
        },
        _ => Ok(default),
    }
}

fn parse_range(text: &str) -> Result<ipnet::IpNet, String> {
    client_address::parse_range(text).map_err(|error| error.to_string())
}

/// `--trusted-proxy` when given, else `PLANNER_TRUSTED_PROXIES`.
fn trusted_proxies(ranges: Vec<ipnet::IpNet>) -> anyhow::Result<TrustedProxies> {
    if !ranges.is_empty() {
        return Ok(TrustedProxies::new(ranges));
    }
    let list = std::env::var(TRUSTED_PROXIES_ENV).unwrap_or_default();
    TrustedProxies::parse_list(&list).with_context(|| format!("in {TRUSTED_PROXIES_ENV}"))
}

/// The user a `planner user` subcommand acts on, and the database.
#[derive(Debug, Clone, Args)]
pub struct UserTarget {
    /// Sign-in name
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `planner user ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints a generated password unless --password-stdin is given
    Create {
        /// Sign-in name
        #[arg(long)]
        name: String,
        /// viewer, planner, approver or admin
        #[arg(long)]
        role: Role,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List every user: name, role, and whether disabled or awaiting a new password
    List {
        /// Print the API's JSON (`GET /api/v1/users`) instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Disable a user: no sign-in; their sessions and the API tokens they created stop
    /// working at once
    Disable(UserTarget),
    /// Enable a disabled user again
    Enable(UserTarget),
    /// Give a user another role
    Role {
        #[command(flatten)]
        target: UserTarget,
        /// viewer, planner, approver or admin
        #[arg(long)]
        role: Role,
    },
    /// Reset a user's password: prints a temporary one (unless --password-stdin is
    /// given), which they must replace at their next sign-in; their sessions end
    ResetPassword {
        #[command(flatten)]
        target: UserTarget,
        /// Read the temporary password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// End every session of a user
    EndSessions(UserTarget),
    /// Delete a user: their sessions end and their API tokens are revoked; the audit
    /// log keeps their entries
    Delete(UserTarget),
}

/// `planner setup-link`.
#[derive(Debug, Clone, Args)]
pub struct SetupLinkArgs {
    /// The address people open the server at [default: http:// and --bind's or
    /// PLANNER_BIND's address, else http://127.0.0.1:8080]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `planner token ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create an API token; prints it as the last line (it is not stored, only its hash)
    Create {
        /// viewer, planner, approver or admin
        #[arg(long)]
        role: Role,
        /// What the token is for
        #[arg(long)]
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke an API token by id
    Revoke {
        /// The token's id
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// The subcommands that touch storage or serve.
#[derive(Debug, Clone, Subcommand)]
pub enum OpsCommand {
    /// Serve the REST API (migrates the database first)
    Serve(ServeArgs),
    /// Create or upgrade the database schema
    Migrate(DatabaseArgs),
    /// Manage users
    #[command(subcommand)]
    User(UserCommand),
    /// Print a new one-time link to create the first admin (the earlier one stops
    /// working); only while no admin and no admin API token exists
    SetupLink(SetupLinkArgs),
    /// Manage API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy an SQLite database to FILE, consistently, while the server may run
    Backup {
        /// The backup file to write (must not exist)
        file: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Replace an SQLite database with the backup FILE (checked first; the server stopped)
    Restore {
        /// The backup file to read
        file: std::path::PathBuf,
        /// Replace the database if it exists (never while a process has it open)
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// Logs to stderr, one line per request when its span closes (method, route,
/// status, request id, latency); `RUST_LOG` filters (default `info`);
/// `PLANNER_LOG_FORMAT=json` writes JSON lines.
pub fn init_logging() {
    use tracing_subscriber::fmt::format::FmtSpan;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        // Colour only for a person at a terminal, not in log files and collectors.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = if std::env::var("PLANNER_LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Runs one subcommand to completion on its own runtime.
pub fn run_cli_ops(command: OpsCommand) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(run(command))
}

async fn open(database: &DatabaseArgs) -> anyhow::Result<Store> {
    let url = database.url();
    Store::open(&url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&url)))
}

/// Tells the operator how to create the first admin: the one-time link on standard
/// output (it is a secret, so not in the logs).
fn print_sign_in_link(link: &str, bound: std::net::SocketAddr) {
    let elsewhere = if bound.ip().is_unspecified() {
        "\n(from another machine, put this machine's address in place of the loopback one)"
    } else {
        ""
    };
    println!(
        "No admin exists yet. Open this one-time link within 24 hours to create one:\n{link}{elsewhere}"
    );
}

/// Where `serve` looks for the built front end by default.
pub const DEFAULT_WEB_DIR: &str = "web/dist";

async fn run(command: OpsCommand) -> anyhow::Result<()> {
    match command {
        OpsCommand::Serve(args) => {
            init_logging();
            let bind = args
                .bind
                .or_else(|| {
                    std::env::var("PLANNER_BIND")
                        .ok()
                        .filter(|bind| !bind.is_empty())
                })
                .unwrap_or_else(|| DEFAULT_BIND.to_owned());
            let web_dir = args
                .web_dir
                .or_else(|| std::env::var_os("PLANNER_WEB_DIR").map(Into::into))
                .unwrap_or_else(|| DEFAULT_WEB_DIR.into());
            let web_dir = if web_dir.join("index.html").is_file() {
                Some(web_dir)
            } else {
                tracing::warn!(
                    dir = %web_dir.display(),
                    "no built front end here (run `cargo xtask run`, or give --web-dir); serving the API only"
                );
                None
            };
            let trusted_proxies = trusted_proxies(args.trusted_proxies)?;
            let connections = ConnectionLimits {
                overall: connection_cap(
                    args.max_connections,
                    connections::MAX_CONNECTIONS_ENV,
                    connections::DEFAULT_MAX_CONNECTIONS,
                )?,
                per_address: connection_cap(
                    args.max_connections_per_address,
                    connections::MAX_CONNECTIONS_PER_ADDRESS_ENV,
                    connections::DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                )?,
            };
            let application = Application::build(Settings {
                bind,
                database_url: args.database.url(),
                web_dir: web_dir.clone(),
                trusted_proxies: trusted_proxies.clone(),
                connections,
            })
            .await?;
            if let Some(link) = application.sign_in_link() {
                print_sign_in_link(link, application.address());
            } else if application.setup() == NewLink::StillValid {
                println!(
                    "No admin exists yet. The one-time link printed earlier still works; `planner setup-link` prints a new one (and the earlier one stops working)."
                );
            }
            tracing::info!(
                port = application.port(),
                web = ?web_dir,
                trusted_proxies = ?trusted_proxies.ranges(),
                max_connections = connections.overall,
                max_connections_per_address = connections.per_address,
                "serving /api/v1 and the front end at /"
            );
            application.run_until_stopped().await
        }
        OpsCommand::Migrate(database) => {
            let store = open(&database).await?;
            println!(
                "the database {} is migrated ({})",
                redact(&database.url()),
                store.backend()
            );
            store.close().await?;
            Ok(())
        }
        OpsCommand::User(command) => users(command).await,
        OpsCommand::SetupLink(args) => {
            let base = args.url.unwrap_or_else(|| {
                let bind = std::env::var("PLANNER_BIND")
                    .ok()
                    .filter(|bind| !bind.is_empty())
                    .unwrap_or_else(|| DEFAULT_BIND.to_owned());
                let host = bind
                    .parse()
                    .map_or(bind, |address| reachable(address).to_string());
                format!("http://{host}")
            });
            let store = open(&args.database).await?;
            let made = new_setup_link(&store, &base, true).await;
            store.close().await?;
            match made? {
                (_, Some(link)) => {
                    println!(
                        "A new one-time link to create the first admin, valid for 24 hours (any earlier link no longer works):\n{link}"
                    );
                    Ok(())
                }
                (_, None) => bail!(
                    "an admin or an admin API token exists, so no setup link is made: sign in as an admin, or use `planner user create --role admin` or `planner user reset-password`"
                ),
            }
        }
        OpsCommand::Token(TokenCommand::Create {
            role,
            name,
            database,
        }) => {
            let name = UserName::parse(name)?;
            let secret = auth::new_secret()?;
            let store = open(&database).await?;
            let token = store
                .create_token(CLI_ACTOR, &name, role, &auth::secret_hash(&secret))
                .await;
            store.close().await?;
            let token = token?;
            println!(
                "created token {} ({}) with id {}; it is shown once:",
                token.name, token.role, token.id
            );
            println!("{secret}");
            Ok(())
        }
        OpsCommand::Backup { file, database } => {
            println!("{}", crate::backup::backup(&database.url(), &file).await?);
            Ok(())
        }
        OpsCommand::Restore {
            file,
            force,
            database,
        } => {
            println!(
                "{}",
                crate::backup::restore(&database.url(), &file, force).await?
            );
            Ok(())
        }
        OpsCommand::Token(TokenCommand::Revoke { id, database }) => {
            let store = open(&database).await?;
            let revoked = store.revoke_token(CLI_ACTOR, id).await;
            store.close().await?;
            if revoked? {
                println!("revoked token {id}");
                Ok(())
            } else {
                bail!("no live token has the id {id}")
            }
        }
    }
}

/// The first line of standard input, without its line ending.
fn password_from_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// A password from standard input, or a generated one (`true`: print it).
fn new_password(from_stdin: bool) -> anyhow::Result<(Password, bool)> {
    let (password, generated) = if from_stdin {
        (password_from_stdin()?, false)
    } else {
        (auth::new_secret()?, true)
    };
    Ok((Password::parse(password)?, generated))
}

/// Prints a generated password, once.
fn show_generated(password: &Password, generated: bool, what: &str) {
    if generated {
        println!("{what} (shown once):");
        println!("{}", password.expose());
    }
}

/// "1 session" or "2 sessions".
fn counted(count: u64, one: &str) -> String {
    format!("{count} {one}{}", if count == 1 { "" } else { "s" })
}

/// Makes `change` to the user `target` names, as the command line.
async fn change_user(target: UserTarget, change: AccountChange) -> anyhow::Result<AccountChanged> {
    let name = UserName::parse(target.name)?;
    let store = open(&target.database).await?;
    let changed = store.change_account(CLI_ACTOR, &name, change).await;
    store.close().await?;
    changed?.ok_or_else(|| anyhow::anyhow!("no user is named `{name}`"))
}

/// Makes `change` to the user `target` names and says what it did.
async fn report_change(target: UserTarget, change: AccountChange) -> anyhow::Result<()> {
    let name = target.name.clone();
    let changed = change_user(target, change.clone()).await?;
    let sessions = counted(changed.sessions_ended, "session");
    match change {
        AccountChange::Disable => println!("disabled user {name}; {sessions} ended"),
        AccountChange::Enable => println!("enabled user {name}"),
        AccountChange::Role(role) => println!("user {name} is now {role}"),
        AccountChange::ResetPassword(_) => println!(
            "reset the password of {name}; {sessions} ended; they must set a new one at their next sign-in"
        ),
        AccountChange::EndSessions => println!("ended {sessions} of {name}"),
        AccountChange::Delete => println!(
            "deleted user {name}; {sessions} ended, {} revoked",
            counted(changed.tokens_revoked, "API token")
        ),
    }
    Ok(())
}

/// `planner user ...`.
async fn users(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Create {
            name,
            role,
            password_stdin,
            database,
        } => {
            let name = UserName::parse(name)?;
            let (password, generated) = new_password(password_stdin)?;
            let hash = auth::hash_password(password.expose())?;
            let store = open(&database).await?;
            let created = store.create_user(CLI_ACTOR, &name, role, Some(hash)).await;
            store.close().await?;
            match created {
                Ok(user) => {
                    println!(
                        "created user {} ({}) with id {}",
                        user.name, user.role, user.id
                    );
                    show_generated(&password, generated, "password");
                    Ok(())
                }
                Err(StorageError::UserExists(name)) => {
                    bail!("a user named `{name}` already exists")
                }
                Err(error) => Err(error.into()),
            }
        }
        UserCommand::List { json, database } => {
            let store = open(&database).await?;
            let rows = store.users().await;
            store.close().await?;
            let items: Vec<_> = rows?.iter().map(views::user).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&api::List { items })?);
                return Ok(());
            }
            println!(
                "{:>4}  {:<24} {:<9} {:<8} created",
                "id", "name", "role", "state"
            );
            for user in items {
                let state = if user.disabled { "disabled" } else { "enabled" };
                let reset = if user.must_change_password {
                    " (must set a new password)"
                } else {
                    ""
                };
                println!(
                    "{:>4}  {:<24} {:<9} {:<8} {}{reset}",
                    user.id, user.name, user.role, state, user.created_at
                );
            }
            Ok(())
        }
        UserCommand::Disable(target) => report_change(target, AccountChange::Disable).await,
        UserCommand::Enable(target) => report_change(target, AccountChange::Enable).await,
        UserCommand::Role { target, role } => {
            report_change(target, AccountChange::Role(role)).await
        }
        UserCommand::ResetPassword {
            target,
            password_stdin,
        } => {
            let (password, generated) = new_password(password_stdin)?;
            let hash = auth::hash_password(password.expose())?;
            report_change(target, AccountChange::ResetPassword(hash)).await?;
            show_generated(&password, generated, "temporary password");
            Ok(())
        }
        UserCommand::EndSessions(target) => report_change(target, AccountChange::EndSessions).await,
        UserCommand::Delete(target) => report_change(target, AccountChange::Delete).await,
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        command: OpsCommand,
    }

    #[test]
    fn the_subcommands_parse_as_the_issue_spells_them() {
        let cli = Cli::try_parse_from([
            "planner", "token", "create", "--role", "viewer", "--name", "ci",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            OpsCommand::Token(TokenCommand::Create { role: Role::Viewer, ref name, .. }) if name == "ci"
        ));
        let cli = Cli::try_parse_from([
            "planner", "user", "create", "--name", "li", "--role", "approver",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            OpsCommand::User(UserCommand::Create {
                role: Role::Approver,
                ..
            })
        ));
        let cli = Cli::try_parse_from([
            "planner",
            "serve",
            "--bind",
            "0.0.0.0:9000",
            "--database",
            "sqlite://x.db",
        ])
        .unwrap();
        let OpsCommand::Serve(args) = cli.command else {
            panic!("serve expected");
        };
        assert_eq!(args.bind.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(args.database.url(), "sqlite://x.db");
        assert!(
            Cli::try_parse_from([
                "planner", "token", "create", "--role", "root", "--name", "x"
            ])
            .is_err()
        );
    }
}
