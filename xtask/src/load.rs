//! The API load benchmark: wrk against the release `planner serve` on a fresh SQLite or
//! PostgreSQL database, each endpoint against its budget, zero errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{describe, output_of, with_path};
use crate::server::{
    HTTP_TIMEOUT, Profile, TestServer, build_planner, describe_response, free_port, http_agent,
    scratch_database, wait_until_healthy,
};
use crate::tools::{ensure_haproxy, ensure_postgres, ensure_wrk};

/// Connections the load generator keeps open.
const LOAD_CONNECTIONS: u32 = 64;
/// wrk threads: the machine's cores are shared with the server, as in the standard.
const LOAD_THREADS: u32 = 2;
/// Seconds each endpoint is measured (after one warm-up run).
const LOAD_SECONDS: u32 = 30;
const LOAD_WARMUP_SECONDS: u32 = 5;
/// Every measured endpoint's 99th percentile must be under this.
const LOAD_P99_BUDGET_US: u64 = 20_000;
const LOAD_SCRIPT: &str = "tests/load/wrk.lua";
/// The load balancer's configuration, shared with the multi-instance suite.
const HAPROXY_CONFIG: &str = "tests/load/haproxy.cfg";

/// One endpoint of the load benchmark.
struct LoadCase {
    name: &'static str,
    method: &'static str,
    path: String,
    accept: &'static str,
    token: Option<String>,
    body: Option<PathBuf>,
    /// The throughput budget, or none for a reference endpoint.
    min_rate: Option<f64>,
}

impl LoadCase {
    /// `GET path` as JSON, anonymous, with no budget: a reference endpoint.
    fn get(name: &'static str, path: &str) -> LoadCase {
        LoadCase {
            name,
            method: "GET",
            path: path.to_owned(),
            accept: "application/json",
            token: None,
            body: None,
            min_rate: None,
        }
    }

    /// `POST path` with the JSON in the file `body`, anonymous, with no budget.
    fn post(name: &'static str, path: &str, body: &Path) -> LoadCase {
        LoadCase {
            method: "POST",
            body: Some(body.to_owned()),
            ..LoadCase::get(name, path)
        }
    }

    /// The same request asking for `accept` instead of JSON.
    fn accept(self, accept: &'static str) -> LoadCase {
        LoadCase { accept, ..self }
    }

    /// The same request with the API token `token`.
    fn token(self, token: &str) -> LoadCase {
        LoadCase {
            token: Some(token.to_owned()),
            ..self
        }
    }

    /// The same request, which must sustain at least `rate` requests a second.
    fn budget(self, rate: f64) -> LoadCase {
        LoadCase {
            min_rate: Some(rate),
            ..self
        }
    }
}

/// What wrk's `done` callback printed (see tests/load/wrk.lua).
struct LoadResult {
    requests: u64,
    seconds: f64,
    errors: u64,
    bytes: u64,
    p50_us: u64,
    p99_us: u64,
    max_us: u64,
}

impl LoadResult {
    fn parse(stdout: &str) -> Result<LoadResult> {
        let line = stdout
            .lines()
            .find_map(|line| line.strip_prefix("LOAD "))
            .context("wrk printed no LOAD line; is tests/load/wrk.lua intact?")?;
        let value: serde_json::Value =
            serde_json::from_str(line).context("wrk's LOAD line is not JSON")?;
        let field = |name: &str| {
            value[name]
                .as_u64()
                .with_context(|| format!("wrk's LOAD line has no `{name}`"))
        };
        Ok(LoadResult {
            requests: field("requests")?,
            seconds: field("duration_us")? as f64 / 1e6,
            errors: field("connect_errors")?
                + field("read_errors")?
                + field("write_errors")?
                + field("status_errors")?
                + field("timeouts")?,
            bytes: field("bytes")?,
            p50_us: field("p50_us")?,
            p99_us: field("p99_us")?,
            max_us: field("max_us")?,
        })
    }

    fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// Runs wrk against one endpoint of the server at `url`.
fn wrk(url: &str, case: &LoadCase, seconds: u32) -> Result<LoadResult> {
    let mut command = Command::new("wrk");
    command
        .args(["--latency", "--timeout", "5s"])
        .arg(format!("-t{LOAD_THREADS}"))
        .arg(format!("-c{LOAD_CONNECTIONS}"))
        .arg(format!("-d{seconds}s"))
        .args(["-s", LOAD_SCRIPT])
        .env("LOAD_METHOD", case.method)
        .env("LOAD_ACCEPT", case.accept);
    if let Some(token) = &case.token {
        command.args(["-H", &format!("Authorization: Bearer {token}")]);
    }
    if let Some(body) = &case.body {
        command.env("LOAD_BODY", body);
    }
    command.arg(format!("{url}{}", case.path));
    let output = command
        .output()
        .with_context(|| format!("cannot start `{}`", describe(&command)))?;
    if !output.status.success() {
        bail!(
            "wrk failed on {}: {}",
            case.name,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    LoadResult::parse(&String::from_utf8_lossy(&output.stdout))
}

/// `planner token create`: the token is the last line of its output.
fn create_token(planner: &Path, database: &str, role: &str, name: &str) -> Result<String> {
    let output = output_of(
        with_path(Command::new(planner))
            .args(["token", "create", "--role", role, "--name", name])
            .args(["--database", database]),
    )
    .with_context(|| format!("planner token create --role {role} failed"))?;
    output
        .lines()
        .last()
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .context("planner token create printed no token")
}

/// The database the load benchmark's server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadDatabase {
    /// A fresh SQLite file, the default deployment (and the standard's).
    Sqlite,
    /// A fresh database on the local PostgreSQL at 127.0.0.1:5432.
    Postgres,
}

/// A PostgreSQL database made for one run and dropped after it.
struct ScratchPostgres {
    name: String,
}

impl ScratchPostgres {
    const SERVER: &'static str = "postgres://postgres@127.0.0.1:5432";

    fn create(purpose: &str) -> Result<ScratchPostgres> {
        ensure_postgres()?;
        let name = format!("planner_{purpose}_{}", std::process::id());
        let database = ScratchPostgres { name };
        database.psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            database.name
        ))?;
        database.psql(&format!("CREATE DATABASE {}", database.name))?;
        Ok(database)
    }

    fn url(&self) -> String {
        format!("{}/{}", Self::SERVER, self.name)
    }

    fn psql(&self, statement: &str) -> Result<()> {
        output_of(Command::new("psql").args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            &format!("{}/postgres", Self::SERVER),
            "-c",
            statement,
        ]))
        .map(|_| ())
        .with_context(|| format!("psql failed: {statement}"))
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        let _ = self.psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// What the benchmark's requests need: a viewer's token, the stored baseline's path
/// and the baseline as a request body file.
struct Fixture {
    viewer: String,
    location: String,
    body: PathBuf,
}

impl Fixture {
    /// Two API tokens made with `planner token create` before `server` started on
    /// `database`, and the plan baseline stored through it.
    fn store(planner: &Path, server: &TestServer, writer: &str, viewer: String) -> Result<Fixture> {
        let baseline = output_of(with_path(Command::new(planner)).arg("baseline"))
            .context("planner baseline failed")?;
        let body = server.scratch.join("baseline.json");
        std::fs::write(&body, &baseline).context("cannot write the request body")?;
        let stored = server.post_json("/api/v1/scenarios", writer, &baseline)?;
        if stored.status() != 201 {
            bail!(
                "storing the baseline scenario answered {}:\n{}",
                stored.status().as_u16(),
                describe_response(stored)
            );
        }
        let location = stored
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .context("POST /api/v1/scenarios answered without a Location")?;
        Ok(Fixture {
            viewer,
            location,
            body,
        })
    }

    /// The measured endpoints, each with its budget.
    fn cases(&self) -> [LoadCase; 5] {
        let allocations = format!("{}/allocations", self.location);
        [
            LoadCase::get(
                "GET /api/v1/plan (ceiling: a constant body, no database)",
                "/api/v1/plan",
            ),
            LoadCase::get(
                "GET /api/v1/health (reference: one database round trip)",
                "/api/v1/health",
            ),
            LoadCase::get("GET /api/v1/scenarios/{id}/allocations", &allocations)
                .token(&self.viewer)
                .budget(3_000.0),
            LoadCase::get(
                "GET /api/v1/scenarios/{id}/allocations as CSV",
                &allocations,
            )
            .accept("text/csv")
            .token(&self.viewer)
            .budget(3_000.0),
            LoadCase::post(
                "POST /api/v1/projection (the baseline scenario)",
                "/api/v1/projection",
                &self.body,
            )
            .budget(10_000.0),
        ]
    }
}

/// Tokens for the benchmark, made on `database` before any server starts.
fn load_tokens(planner: &Path, database: &str) -> Result<(String, String)> {
    Ok((
        create_token(planner, database, "viewer", "load-viewer")?,
        create_token(planner, database, "planner", "load-planner")?,
    ))
}

/// The API load benchmark of issue 3: the release build on a fresh database (SQLite,
/// as the standard asks, or PostgreSQL), wrk with 64 connections, each endpoint against
/// its budget, zero errors.
pub fn api_load(backend: LoadDatabase) -> Result<()> {
    ensure_wrk()?;
    let planner = build_planner(Profile::Release)?;
    let planner = planner.as_path();
    let (scratch, sqlite) = scratch_database("load")?;
    // Declared before the server, so the server stops before its database is dropped.
    let postgres = match backend {
        LoadDatabase::Sqlite => None,
        LoadDatabase::Postgres => Some(ScratchPostgres::create("load")?),
    };
    let database = postgres.as_ref().map_or(sqlite, ScratchPostgres::url);
    let kind = match backend {
        LoadDatabase::Sqlite => "SQLite",
        LoadDatabase::Postgres => "PostgreSQL",
    };
    println!("\n==> API tokens and a stored scenario for the load benchmark ({kind})");
    let (viewer, writer) = load_tokens(planner, &database)?;
    let server = TestServer::spawn(planner, scratch, &database, String::new(), &[])?;
    let fixture = Fixture::store(planner, &server, &writer, viewer)?;
    measure(
        &format!("{} on {kind}", planner.display()),
        &server.url,
        &fixture.cases(),
    )
}

/// HAProxy in the foreground with `tests/load/haproxy.cfg`, stopped when dropped.
struct Balancer {
    child: std::process::Child,
    config: PathBuf,
    url: String,
}

impl Balancer {
    /// Round-robin on a free loopback port over the servers at `backends` (`ADDR:PORT`).
    fn start(backends: [&str; 2]) -> Result<Balancer> {
        let listen = format!("127.0.0.1:{}", free_port()?);
        let template = std::fs::read_to_string(HAPROXY_CONFIG)
            .with_context(|| format!("cannot read {HAPROXY_CONFIG}"))?;
        let config =
            std::env::temp_dir().join(format!("planner-balancer-{}.cfg", std::process::id()));
        let text = template
            .replace("@LISTEN@", &listen)
            .replace("@FIRST@", backends[0])
            .replace("@SECOND@", backends[1]);
        std::fs::write(&config, text).context("cannot write the HAProxy configuration")?;
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .spawn()
            .context("cannot start haproxy")?;
        let balancer = Balancer {
            child,
            config,
            url: format!("http://{listen}"),
        };
        wait_until_healthy(&http_agent(HTTP_TIMEOUT), &balancer.url, "HAProxy")?;
        Ok(balancer)
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.config);
    }
}

/// The load-balanced setup of issue 13: two release instances on one fresh PostgreSQL
/// database, HAProxy round-robin in front (`tests/load/haproxy.cfg`, the instances
/// trusting it), and the API benchmark's endpoints and budgets measured through it.
pub fn balanced_load() -> Result<()> {
    ensure_wrk()?;
    ensure_haproxy()?;
    let planner = build_planner(Profile::Release)?;
    let planner = planner.as_path();
    let postgres = ScratchPostgres::create("balanced")?;
    let database = postgres.url();
    println!("\n==> API tokens and a stored scenario for the load-balanced benchmark");
    let (viewer, writer) = load_tokens(planner, &database)?;
    let trust = ["--trusted-proxy", "127.0.0.1/32"];
    // One after the other: the first migrates the fresh database.
    let mut instances = Vec::new();
    for n in 1..=2 {
        let (scratch, _) = scratch_database(&format!("balanced-{n}"))?;
        instances.push(TestServer::spawn(
            planner,
            scratch,
            &database,
            String::new(),
            &trust,
        )?);
    }
    let fixture = Fixture::store(planner, &instances[0], &writer, viewer)?;
    let backends =
        [&instances[0].url, &instances[1].url].map(|url| url.trim_start_matches("http://"));
    let balancer = Balancer::start(backends)?;
    measure(
        &format!(
            "HAProxy round-robin over two {} on PostgreSQL",
            planner.display()
        ),
        &balancer.url,
        &fixture.cases(),
    )
}

/// Warms up and measures each case with wrk against `url`; fails on any error or
/// missed budget.
fn measure(what: &str, url: &str, cases: &[LoadCase]) -> Result<()> {
    println!(
        "\n==> load: wrk -t{LOAD_THREADS} -c{LOAD_CONNECTIONS} -d{LOAD_SECONDS}s --latency -s {LOAD_SCRIPT}, \
         against {what} at {url}"
    );
    let mut failures = Vec::new();
    let mut table = String::from(
        "| endpoint | req/s | p50 | p99 | max | errors | bytes/response (with headers) | budget |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for case in cases {
        wrk(url, case, LOAD_WARMUP_SECONDS)?;
        let result = wrk(url, case, LOAD_SECONDS)?;
        let budget = match case.min_rate {
            Some(rate) => format!(">= {rate:.0} req/s, p99 < {} ms", LOAD_P99_BUDGET_US / 1000),
            None => "reference".to_owned(),
        };
        let row = format!(
            "| {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {} | {} | {budget} |\n",
            case.name,
            result.rate(),
            result.p50_us as f64 / 1e3,
            result.p99_us as f64 / 1e3,
            result.max_us as f64 / 1e3,
            result.errors,
            result.bytes / result.requests.max(1),
        );
        print!("{row}");
        table.push_str(&row);
        if result.requests == 0 || result.errors > 0 {
            failures.push(format!(
                "{}: {} errors in {} requests",
                case.name, result.errors, result.requests
            ));
        }
        if let Some(rate) = case.min_rate {
            if result.rate() < rate {
                failures.push(format!(
                    "{}: {:.0} req/s, under {rate:.0}",
                    case.name,
                    result.rate()
                ));
            }
            if result.p99_us >= LOAD_P99_BUDGET_US {
                failures.push(format!(
                    "{}: p99 {:.2} ms, not under {} ms",
                    case.name,
                    result.p99_us as f64 / 1e3,
                    LOAD_P99_BUDGET_US / 1000
                ));
            }
        }
    }
    println!("\n{table}");
    if !failures.is_empty() {
        bail!(
            "the API load benchmark missed its budgets:\n  {}",
            failures.join("\n  ")
        );
    }
    println!("<== API load benchmark: every budget met, zero errors");
    Ok(())
}
