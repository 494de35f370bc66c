//! The storage and server subcommands of `planner`: `serve`, `migrate`, `user create`,
//! `token create`, `token revoke`. The binary wires [`OpsCommand`] into its own
//! command line and calls [`run_cli_ops`].

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use crate::auth::{self, Role};
use crate::client_address::{self, TRUSTED_PROXIES_ENV, TrustedProxies};
use crate::domain::{Password, UserName};
use crate::startup::{Application, Settings, redact};
use crate::storage::{DEFAULT_DATABASE_URL, StorageError, Store};

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
    /// Manage API tokens
    #[command(subcommand)]
    Token(TokenCommand),
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
            let application = Application::build(Settings {
                bind,
                database_url: args.database.url(),
                web_dir: web_dir.clone(),
                trusted_proxies: trusted_proxies.clone(),
            })
            .await?;
            if let Some(link) = application.sign_in_link() {
                print_sign_in_link(link, application.address());
            }
            tracing::info!(
                port = application.port(),
                web = ?web_dir,
                trusted_proxies = ?trusted_proxies.ranges(),
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
        OpsCommand::User(UserCommand::Create {
            name,
            role,
            password_stdin,
            database,
        }) => {
            let name = UserName::parse(name)?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("cannot read the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (auth::new_secret()?, true)
            };
            let password = Password::parse(password)?;
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
                    if generated {
                        println!("password (shown once):");
                        println!("{}", password.expose());
                    }
                    Ok(())
                }
                Err(StorageError::UserExists(name)) => {
                    bail!("a user named `{name}` already exists")
                }
                Err(error) => Err(error.into()),
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
