//! The `planner` binary as the tasks use it: built in either profile, run in the
//! foreground (`cargo xtask run`), or started as a [`TestServer`] for the browser suites
//! and the benchmarks, waited for and spoken to over HTTP on loopback.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd::{cargo, step, target_dir, with_path};
use crate::tools::{CHROMIUM, E2E};
use crate::web::WEB_DIST;

/// The deadline of every HTTP call xtask makes, connecting and reading included.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `planner serve` may take to answer its health check.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// The account the browser suites sign in with.
const E2E_USER: &str = "e2e-planner";
/// The account that approves in the browser suites (same password).
const E2E_APPROVER: &str = "e2e-approver";
/// The browser tests' admin, for the users page; the same password as [`E2E_USER`].
const E2E_ADMIN: &str = "e2e-admin";

/// The cargo profile `planner` is built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// What the browser suites run against (a quick build).
    Debug,
    /// What `cargo xtask run` and the API load benchmark run.
    Release,
}

impl Profile {
    /// Where cargo puts `planner` in this profile.
    pub fn binary(self) -> PathBuf {
        let folder = match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        };
        target_dir().join(folder).join("planner")
    }
}

/// Builds `planner` in the profile; the binary's path.
pub fn build_planner(profile: Profile) -> Result<PathBuf> {
    let mut command = with_path(cargo());
    command.arg("build");
    let name = match profile {
        Profile::Debug => "build planner",
        Profile::Release => {
            command.arg("--release");
            "build planner (release: whole-program LTO, one codegen unit)"
        }
    };
    step(name, command.args(["-p", "server"]))?;
    Ok(profile.binary())
}

/// `cargo xtask run [-- ARGS]`: the front end and the release build, then
/// `planner ARGS` in the foreground (`planner serve` by default).
pub fn run(args: &[String]) -> Result<()> {
    crate::web::build()?;
    let planner = build_planner(Profile::Release)?;
    let args: Vec<String> = if args.is_empty() {
        vec!["serve".to_owned()]
    } else {
        args.to_vec()
    };
    step(
        &format!("planner {}", args.join(" ")),
        with_path(Command::new(planner)).args(&args),
    )
}

/// A fresh scratch folder and the URL of an SQLite database inside it.
pub fn scratch_database(purpose: &str) -> Result<(PathBuf, String)> {
    let scratch = std::env::temp_dir().join(format!("planner-{purpose}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).context("cannot create a scratch folder")?;
    let database = format!("sqlite://{}/{purpose}.sqlite?mode=rwc", scratch.display());
    Ok((scratch, database))
}

/// A free loopback port.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// The one HTTP client: loopback only, so no proxy; a status is an answer, not an error;
/// and no call, connecting and reading included, waits longer than `deadline`.
pub fn http_agent(deadline: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(deadline))
        .build()
        .new_agent()
}

/// Waits until `GET {url}/api/v1/health` answers 200, at most the startup timeout.
pub fn wait_until_healthy(http: &ureq::Agent, url: &str, what: &str) -> Result<()> {
    let started = Instant::now();
    let health = format!("{url}/api/v1/health");
    while !http
        .get(&health)
        .call()
        .is_ok_and(|response| response.status() == 200)
    {
        if started.elapsed() > STARTUP_TIMEOUT {
            bail!(
                "{what} did not answer {health} within {} s",
                STARTUP_TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

/// An answer of the server.
pub type Response = ureq::http::Response<ureq::Body>;

/// The status line, the headers and the body of an answer, for an error message.
pub fn describe_response(response: Response) -> String {
    let mut text = format!("{:?} {}\n", response.version(), response.status());
    for (name, value) in response.headers() {
        text.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    let body = response.into_body().read_to_string().unwrap_or_default();
    text.push('\n');
    text.push_str(&body);
    text
}

/// `planner serve` on a free loopback port with a fresh database, for the browser
/// suites and the benchmarks. Stopped (and its scratch folder removed) when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
    password: String,
    pub scratch: PathBuf,
    http: ureq::Agent,
}

impl TestServer {
    /// The debug build with a planner, an approver and an admin account on a fresh
    /// SQLite database, serving the built front end.
    pub fn start() -> Result<TestServer> {
        let mut planner = Profile::Debug.binary();
        if !planner.exists() {
            planner = build_planner(Profile::Debug)?;
        }
        let (scratch, database) = scratch_database("e2e")?;
        let password = format!("e2e-{}-password", std::process::id());
        for (name, role) in [
            (E2E_USER, "planner"),
            (E2E_APPROVER, "approver"),
            (E2E_ADMIN, "admin"),
        ] {
            println!("\n==> create the browser tests' {role} account");
            let mut create = with_path(Command::new(&planner))
                .args(["user", "create", "--name", name, "--role", role])
                .args(["--password-stdin", "--database", &database])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .context("cannot start planner user create")?;
            if let Some(stdin) = create.stdin.as_mut() {
                use std::io::Write as _;
                writeln!(stdin, "{password}")?;
            }
            if !create.wait()?.success() {
                bail!("planner user create --role {role} failed");
            }
        }
        TestServer::spawn(&planner, scratch, &database, password, &[])
    }

    /// Starts `planner serve` on the database (with `serve_args` after the others) and
    /// waits until /health answers. Its output, one log line per request, goes to
    /// `server.log` in the scratch folder.
    pub fn spawn(
        planner: &Path,
        scratch: PathBuf,
        database: &str,
        password: String,
        serve_args: &[&str],
    ) -> Result<TestServer> {
        let port = free_port()?;
        let log = std::fs::File::create(scratch.join("server.log"))
            .context("cannot create the server's log file")?;
        let child = with_path(Command::new(planner))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database",
                database,
            ])
            .args(["--web-dir", WEB_DIST])
            .args(serve_args)
            .stdout(
                log.try_clone()
                    .context("cannot share the server's log file")?,
            )
            .stderr(log)
            .spawn()
            .context("cannot start planner serve")?;
        let mut server = TestServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            password,
            scratch,
            http: http_agent(HTTP_TIMEOUT),
        };
        if let Err(error) = wait_until_healthy(&server.http, &server.url, "planner serve") {
            server.stop();
            return Err(error);
        }
        Ok(server)
    }

    /// `POST path` with a JSON body and a bearer token: the answer, whatever its status.
    pub fn post_json(&self, path: &str, token: &str, body: &str) -> Result<Response> {
        self.http
            .post(format!("{}{path}", self.url))
            .header("Authorization", format!("Bearer {token}"))
            .content_type("application/json")
            .send(body)
            .with_context(|| format!("POST {path} got no answer from the server"))
    }

    /// `node` in the browser tests' folder with the server's address and account.
    pub fn node(&self) -> Command {
        let mut command = with_path(Command::new("node"));
        command
            .current_dir(E2E)
            .env("PLANNER_URL", &self.url)
            .env("PLANNER_PID", self.child.id().to_string())
            .env("PLANNER_USER", E2E_USER)
            .env("PLANNER_APPROVER", E2E_APPROVER)
            .env("PLANNER_ADMIN", E2E_ADMIN)
            .env("PLANNER_PASSWORD", &self.password)
            .env("PLANNER_ARTIFACTS", Path::new("..").join("artifacts"))
            .env("CHROMIUM", CHROMIUM);
        command
    }

    /// The end of the server's log, shown when a suite against it fails.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.scratch.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Runs a step against the server; when it fails, shows the end of the server's log.
    pub fn step(&self, name: &str, command: &mut Command) -> Result<()> {
        step(name, command).inspect_err(|_| {
            eprintln!(
                "--- the last lines of the server's log:\n{}",
                self.log_tail()
            );
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_that_never_answers_fails_the_call_at_its_deadline() {
        // The kernel completes the handshake for the backlog; nobody ever reads or answers.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!(
            "http://{}/api/v1/health",
            silent.local_addr().expect("its address")
        );
        let started = Instant::now();
        let answer = http_agent(Duration::from_millis(300)).get(&url).call();
        let waited = started.elapsed();
        assert!(
            matches!(answer, Err(ureq::Error::Timeout(_))),
            "expected a timeout, got {answer:?}"
        );
        assert!(
            waited >= Duration::from_millis(300),
            "gave up after {waited:?}"
        );
        assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    }
}
