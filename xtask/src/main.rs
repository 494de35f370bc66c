//! Project automation, in Rust so it runs wherever cargo does:
//!
//! - `cargo xtask run [-- ARGS]`: installs what the build needs, builds everything in
//!   release mode and runs `planner ARGS` (by default `planner serve`).
//! - `cargo xtask test`: installs what the tests need and runs every check and suite:
//!   formatting, clippy (native and wasm32), the dependency-direction invariant, docs,
//!   the native tests, and the wasm32 golden-vector test in Node.js. Nothing is skipped
//!   silently: a missing tool is installed or the run fails saying which.
//! - `cargo xtask bench [-- PART ...]`: the benchmarks, each against its budget: `model`
//!   and `documents` (criterion), `api` and `api-postgres` (wrk against the release
//!   server on SQLite or PostgreSQL) and `browser` (input-to-frame latency in headless
//!   Chromium); every part when none is named.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Must equal the `wasm-bindgen` version pinned in the workspace `Cargo.toml`.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// wasm-opt from npm (Debian's binaryen 108 cannot read current output).
const BINARYEN_VERSION: &str = "132.0.0";
/// Where the built front end goes; the server serves it.
const WEB_DIST: &str = "web/dist";
/// Size budgets of the release wasm.
const WASM_RAW_BUDGET: u64 = 1024 * 1024;
const WASM_GZIP_BUDGET: u64 = 300 * 1024;
/// Crates the model crate must never depend on (no I/O, no runtime, no UI).
const FORBIDDEN_IN_SHARED: &[&str] = &[
    "tokio",
    "actix-web",
    "actix-rt",
    "sea-orm",
    "sqlx",
    "yew",
    "web-sys",
    "reqwest",
];

fn main() {
    if let Err(error) = try_main() {
        eprintln!("xtask: error: {error:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let mut args = env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.skip_while(|a| a == "--").collect();
    let root = project_root()?;
    env::set_current_dir(&root).context("cannot enter the project root")?;
    match task.as_str() {
        "run" => run(&rest),
        "test" => test(),
        "bench" => bench(&rest),
        "web" => build_web(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [-- ARGS] | test | bench [-- PART ...] | web>\n\n\
                 run    build everything (release) and run `planner ARGS` (default: serve)\n\
                 test   every check and test suite, as CI runs them\n\
                 bench  the benchmarks against their budgets; parts: model, documents, api, api-postgres, browser\n\
                 web    build the browser front end into web/dist"
            );
            bail!("unknown task `{task}`")
        }
    }
}

fn project_root() -> Result<PathBuf> {
    let manifest = env::var("CARGO_MANIFEST_DIR").context("run me through `cargo xtask`")?;
    Path::new(&manifest)
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent folder")
}

fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Runs a command, echoing it; fails with its exit status.
fn step(name: &str, command: &mut Command) -> Result<()> {
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

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

fn output_of(command: &mut Command) -> Option<String> {
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

fn with_path(mut command: Command) -> Command {
    command.env("PATH", child_path());
    command
}

/// Installs the wasm target and the wasm-bindgen CLI of the pinned version.
fn ensure_wasm_tools() -> Result<()> {
    let installed = output_of(&mut with_path(rustup_command(&[
        "target",
        "list",
        "--installed",
    ])))
    .unwrap_or_default();
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        step(
            "install the wasm32 target",
            &mut with_path(rustup_command(&["target", "add", WASM_TARGET])),
        )?;
    }
    let version =
        output_of(with_path(Command::new("wasm-bindgen")).arg("--version")).unwrap_or_default();
    if !version.contains(WASM_BINDGEN_VERSION)
        || output_of(with_path(Command::new("wasm-bindgen-test-runner")).arg("--version")).is_none()
    {
        // No --locked: the CLI's own lock file wants a crate newer than the registry has.
        step(
            &format!("install wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 3 minutes, once)"),
            with_path(cargo()).args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
            ]),
        )?;
    }
    if output_of(with_path(Command::new("node")).arg("--version")).is_none() {
        bail!(
            "Node.js is needed to run the wasm32 tests; install it with `apt-get install -y nodejs`"
        );
    }
    Ok(())
}

fn rustup_command(args: &[&str]) -> Command {
    let mut command = Command::new("rustup");
    command.args(args);
    command
}

/// Builds the browser front end into `web/dist`: release wasm, bindings, wasm-opt -Oz,
/// the static files; prints the sizes and fails over budget.
fn build_web() -> Result<()> {
    ensure_wasm_tools()?;
    step(
        "front end: wasm32 release build",
        with_path(cargo()).args([
            "build",
            "-p",
            "web",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ]),
    )?;
    std::fs::create_dir_all(WEB_DIST).context("cannot create web/dist")?;
    let wasm_opt = Path::new(".tools/node_modules/.bin/wasm-opt");
    if !wasm_opt.exists() {
        step(
            &format!("install wasm-opt (npm binaryen@{BINARYEN_VERSION}, once)"),
            with_path(Command::new("npm")).args([
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                ".tools",
                &format!("binaryen@{BINARYEN_VERSION}"),
            ]),
        )?;
    }
    // Binaries over one library: the simulator, the slides it links to, and the
    // 计算过程 module it fetches once it is interactive.
    let mut over = Vec::new();
    for name in ["web", "present", "explain"] {
        step(
            &format!("front end: wasm-bindgen ({name})"),
            with_path(Command::new("wasm-bindgen")).args([
                "--target",
                "web",
                "--no-typescript",
                "--out-dir",
                WEB_DIST,
                "--out-name",
                name,
                &format!("target/{WASM_TARGET}/wasm-release/{name}.wasm"),
            ]),
        )?;
        let wasm = format!("{WEB_DIST}/{name}_bg.wasm");
        step(
            &format!("front end: wasm-opt -Oz ({name})"),
            with_path(Command::new(wasm_opt)).args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-sign-ext",
                "--enable-nontrapping-float-to-int",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
                &wasm,
                "-o",
                &wasm,
            ]),
        )?;
        let bytes = std::fs::read(&wasm).with_context(|| format!("cannot read {wasm}"))?;
        let raw = bytes.len() as u64;
        let gzipped = gzip_len(&bytes)?;
        println!(
            "front end size: {name}_bg.wasm {raw} bytes raw ({:.1} KiB), {gzipped} bytes gzipped ({:.1} KiB); budgets 1024 KiB raw, 300 KiB gzipped",
            raw as f64 / 1024.0,
            gzipped as f64 / 1024.0
        );
        if raw > WASM_RAW_BUDGET || gzipped > WASM_GZIP_BUDGET {
            over.push(format!("{name}_bg.wasm"));
        }
    }
    for file in std::fs::read_dir("web/static").context("cannot read web/static")? {
        let file = file?;
        std::fs::copy(file.path(), Path::new(WEB_DIST).join(file.file_name()))
            .with_context(|| format!("cannot copy {}", file.path().display()))?;
    }
    if !over.is_empty() {
        bail!("over its size budget: {}", over.join(", "));
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn test() -> Result<()> {
    let started = Instant::now();
    ensure_wasm_tools()?;
    // Chinese chart labels need the CJK font, the browser suites need Chromium.
    ensure_browser()?;
    step(
        "formatting",
        with_path(cargo()).args(["fmt", "--all", "--check"]),
    )?;
    step(
        "clippy, native",
        with_path(cargo()).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "clippy, wasm32 (model crate)",
        with_path(cargo()).args([
            "clippy",
            "-p",
            "shared",
            "--target",
            WASM_TARGET,
            "--lib",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "clippy, wasm32 (front end)",
        with_path(cargo()).args([
            "clippy",
            "-p",
            "web",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    check_shared_dependencies()?;
    build_web()?;
    step(
        "docs",
        with_path(cargo())
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    ensure_postgres()?;
    step(
        "native tests (unit, property, golden, integration on SQLite and PostgreSQL)",
        with_path(cargo()).args(["test", "--workspace"]),
    )?;
    step(
        "wasm32 golden vectors in Node.js (native = wasm, bit for bit)",
        with_path(cargo()).args([
            "test",
            "-p",
            "shared",
            "--target",
            WASM_TARGET,
            "--test",
            "wasm_golden",
        ]),
    )?;
    browser_tests()?;
    println!(
        "\nxtask test: every check and suite passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The dependency direction is an invariant: the model crate pulls no runtime, database
/// or UI crate, and builds for wasm32.
fn check_shared_dependencies() -> Result<()> {
    println!("\n==> dependency direction: shared depends on none of {FORBIDDEN_IN_SHARED:?}");
    let tree = output_of(
        // Every feature: the charts and the OpenAPI schemas must not pull a runtime either.
        with_path(cargo()).args([
            "tree",
            "-p",
            "shared",
            "--all-features",
            "-e",
            "normal",
            "--prefix",
            "none",
        ]),
    )
    .context("cargo tree failed")?;
    let offenders: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| FORBIDDEN_IN_SHARED.contains(name))
        .collect();
    if !offenders.is_empty() {
        bail!("the model crate depends on {offenders:?}; it must stay free of I/O and runtimes");
    }
    println!("<== dependency direction: ok");
    step(
        "the model crate builds for wasm32",
        with_path(cargo()).args(["check", "-p", "shared", "--target", WASM_TARGET]),
    )
}

/// Debian's Chromium, a CJK font (so Chinese renders as text in screenshots, PNGs and
/// PDFs) and poppler-utils (to read the PDFs back in tests).
fn ensure_browser() -> Result<()> {
    ensure_debian_packages(
        "chromium, a CJK font and poppler-utils",
        &[
            (CHROMIUM, "chromium"),
            (
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                "fonts-wqy-microhei",
            ),
            ("/usr/bin/pdftotext", "poppler-utils"),
        ],
    )
}

/// Installs from Debian's packages each package whose file is missing (as root), or
/// fails saying the command that would.
fn ensure_debian_packages(what: &str, needed: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if output_of(Command::new("id").arg("-u"))
        .as_deref()
        .map(str::trim)
        != Some("0")
    {
        bail!(
            "this needs {what} from Debian's packages; install them with \
             `sudo apt-get install -y {}` and run again",
            missing.join(" ")
        );
    }
    step(
        "apt-get update",
        Command::new("apt-get").args(["update", "-qq"]),
    )?;
    step(
        &format!("install {what} from Debian ({}), once", missing.join(", ")),
        Command::new("apt-get")
            .args(["install", "-y", "-qq"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

const CHROMIUM: &str = "/usr/bin/chromium";
const E2E: &str = "tests/e2e";
const ARTIFACTS: &str = "tests/artifacts";

/// The API's integration tests run against PostgreSQL at 127.0.0.1:5432 too; start the
/// local cluster if it is down (machines of this kind have one, started before CI).
fn ensure_postgres() -> Result<()> {
    if std::net::TcpStream::connect(("127.0.0.1", 5432)).is_ok() {
        return Ok(());
    }
    let versions = std::fs::read_dir("/etc/postgresql")
        .context("PostgreSQL is not running at 127.0.0.1:5432 and no local cluster is installed")?;
    for version in versions.flatten() {
        let version = version.file_name().to_string_lossy().into_owned();
        let _ = step(
            &format!("start PostgreSQL {version}"),
            Command::new("pg_ctlcluster").args([
                "--skip-systemctl-redirect",
                &version,
                "main",
                "start",
            ]),
        );
    }
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", 5432)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    bail!("PostgreSQL is not answering at 127.0.0.1:5432; the API's tests need it")
}

/// A free loopback port.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// Whether `GET path` answers 200 on the port.
fn answers_ok(port: u16, path: &str) -> bool {
    http_request(port, "GET", path, None, "").is_ok_and(|(status, _)| status == 200)
}

/// `planner serve` on a free loopback port with a fresh SQLite database, for the browser
/// suites and the benchmarks. Stopped (and its scratch folder removed) when dropped.
struct TestServer {
    child: std::process::Child,
    port: u16,
    url: String,
    password: String,
    scratch: PathBuf,
}

/// A fresh scratch folder and the URL of an SQLite database inside it.
fn scratch_database(purpose: &str) -> Result<(PathBuf, String)> {
    let scratch = env::temp_dir().join(format!("planner-{purpose}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).context("cannot create a scratch folder")?;
    let database = format!("sqlite://{}/{purpose}.sqlite?mode=rwc", scratch.display());
    Ok((scratch, database))
}

impl TestServer {
    /// The debug build with a planner account, serving the built front end.
    fn start() -> Result<TestServer> {
        let planner = Path::new("target/debug/planner");
        if !planner.exists() {
            step(
                "build planner",
                with_path(cargo()).args(["build", "-p", "server"]),
            )?;
        }
        let (scratch, database) = scratch_database("e2e")?;
        let password = format!("e2e-{}-password", std::process::id());
        println!("\n==> create the browser tests' planner account");
        let mut create = with_path(Command::new(planner))
            .args([
                "user",
                "create",
                "--name",
                "e2e-planner",
                "--role",
                "planner",
            ])
            .args(["--password-stdin", "--database", &database])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .context("cannot start planner user create")?;
        if let Some(stdin) = create.stdin.as_mut() {
            use std::io::Write as _;
            writeln!(stdin, "{password}")?;
        }
        if !create.wait()?.success() {
            bail!("planner user create failed");
        }
        TestServer::spawn(planner, scratch, &database, password)
    }

    /// Starts `planner serve` on the database and waits until /health answers. Its
    /// output, one log line per request, goes to `server.log` in the scratch folder.
    fn spawn(
        planner: &Path,
        scratch: PathBuf,
        database: &str,
        password: String,
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
            .stdout(
                log.try_clone()
                    .context("cannot share the server's log file")?,
            )
            .stderr(log)
            .spawn()
            .context("cannot start planner serve")?;
        let mut server = TestServer {
            child,
            port,
            url: format!("http://127.0.0.1:{port}"),
            password,
            scratch,
        };
        let started = Instant::now();
        while !answers_ok(port, "/api/v1/health") {
            if started.elapsed().as_secs() > 60 {
                server.stop();
                bail!("planner serve did not answer /api/v1/health within 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        Ok(server)
    }

    /// `node` in the browser tests' folder with the server's address and account.
    fn node(&self) -> Command {
        let mut command = with_path(Command::new("node"));
        command
            .current_dir(E2E)
            .env("PLANNER_URL", &self.url)
            .env("PLANNER_PID", self.child.id().to_string())
            .env("PLANNER_USER", "e2e-planner")
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
    fn step(&self, name: &str, command: &mut Command) -> Result<()> {
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

fn browser_dependencies() -> Result<()> {
    ensure_browser()?;
    step(
        "browser test dependencies (playwright-core, no browser download)",
        with_path(Command::new("npm"))
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(E2E),
    )
}

/// The browser suites against the real `planner serve` with a fresh SQLite database.
fn browser_tests() -> Result<()> {
    browser_dependencies()?;
    let server = TestServer::start()?;
    let files = [
        "simulator.test.mjs",
        "planner.test.mjs",
        "presentation.test.mjs",
        "server.test.mjs",
    ];
    server.step(
        &format!("browser tests in headless Chromium: {}", files.join(", ")),
        server
            .node()
            .args(["--test", "--test-concurrency=1"])
            .args(files),
    )?;
    // Last: this one stops the server to show the page works without it.
    server.step(
        "browser test with the server stopped: offline.test.mjs",
        server
            .node()
            .args(["--test", "--test-concurrency=1", "offline.test.mjs"]),
    )?;
    println!("screenshots: {ARTIFACTS}/*.png");
    Ok(())
}

fn run(args: &[String]) -> Result<()> {
    build_web()?;
    step(
        "build (release)",
        with_path(cargo()).args(["build", "--release", "-p", "server"]),
    )?;
    let args: Vec<String> = if args.is_empty() {
        vec!["serve".to_owned()]
    } else {
        args.to_vec()
    };
    let binary = Path::new("target/release/planner");
    step(
        &format!("planner {}", args.join(" ")),
        with_path(Command::new(binary)).args(&args),
    )
}

/// The parts of `cargo xtask bench`, in the order they run.
const BENCH_PARTS: &[&str] = &["model", "documents", "api", "api-postgres", "browser"];

/// `cargo xtask bench [PART ...]`: every part, or the ones named.
fn bench(args: &[String]) -> Result<()> {
    for part in args {
        if !BENCH_PARTS.contains(&part.as_str()) {
            bail!(
                "unknown benchmark `{part}`: the parts are {}",
                BENCH_PARTS.join(", ")
            );
        }
    }
    let wanted = |part: &str| args.is_empty() || args.iter().any(|arg| arg == part);
    if wanted("model") {
        step(
            "criterion benchmarks of the model (budgets: projection <= 10 us, optimise <= 2 ms, 10,000 draws <= 50 ms)",
            with_path(cargo()).args(["bench", "-p", "shared", "--bench", "model"]),
        )?;
    }
    if wanted("documents") {
        step(
            "criterion benchmarks of chart images and the briefing (budgets: PNG <= 100 ms, PDF <= 1 s)",
            with_path(cargo()).args(["bench", "-p", "server", "--bench", "documents"]),
        )?;
    }
    if wanted("api") {
        api_load(LoadDatabase::Sqlite)?;
    }
    if wanted("api-postgres") {
        api_load(LoadDatabase::Postgres)?;
    }
    if wanted("browser") {
        build_web()?;
        step(
            "build planner",
            with_path(cargo()).args(["build", "-p", "server"]),
        )?;
        browser_dependencies()?;
        let server = TestServer::start()?;
        server.step(
            "browser latency benchmark (budgets: median <= 16 ms, p95 <= 33 ms, first load <= 1 s)",
            server.node().arg("latency.bench.mjs"),
        )?;
    }
    Ok(())
}

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

/// Runs wrk against one endpoint.
fn wrk(server: &TestServer, case: &LoadCase, seconds: u32) -> Result<LoadResult> {
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
    command.arg(format!("{}{}", server.url, case.path));
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

/// One HTTP/1.1 request over loopback, with a bearer token when given: the status and
/// the response head.
fn http_request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Result<(u16, String)> {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))
        .context("cannot connect to the server")?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let authorization = token
        .map(|token| format!("Authorization: Bearer {token}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         {authorization}Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let head = text.split("\r\n\r\n").next().unwrap_or_default().to_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP response: {head}"))?;
    Ok((status, head))
}

/// The database the load benchmark's server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoadDatabase {
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

/// The API load benchmark of issue 3: the release build on a fresh database (SQLite,
/// as the standard asks, or PostgreSQL), wrk with 64 connections, each endpoint against
/// its budget, zero errors.
fn api_load(backend: LoadDatabase) -> Result<()> {
    ensure_debian_packages("wrk", &[("/usr/bin/wrk", "wrk")])?;
    step(
        "build planner (release: whole-program LTO, one codegen unit)",
        with_path(cargo()).args(["build", "--release", "-p", "server"]),
    )?;
    let planner = Path::new("target/release/planner");
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
    let viewer = create_token(planner, &database, "viewer", "load-viewer")?;
    let writer = create_token(planner, &database, "planner", "load-planner")?;
    let server = TestServer::spawn(planner, scratch, &database, String::new())?;
    let baseline = output_of(with_path(Command::new(planner)).arg("baseline"))
        .context("planner baseline failed")?;
    let body = server.scratch.join("baseline.json");
    std::fs::write(&body, &baseline).context("cannot write the request body")?;
    let (status, head) = http_request(
        server.port,
        "POST",
        "/api/v1/scenarios",
        Some(&writer),
        &baseline,
    )?;
    if status != 201 {
        bail!("storing the baseline scenario answered {status}:\n{head}");
    }
    let location = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        })
        .context("POST /api/v1/scenarios answered without a Location")?;
    let cases = [
        LoadCase {
            name: "GET /api/v1/plan (ceiling: a constant body, no database)",
            method: "GET",
            path: "/api/v1/plan".to_owned(),
            accept: "application/json",
            token: None,
            body: None,
            min_rate: None,
        },
        LoadCase {
            name: "GET /api/v1/health (reference: one database round trip)",
            method: "GET",
            path: "/api/v1/health".to_owned(),
            accept: "application/json",
            token: None,
            body: None,
            min_rate: None,
        },
        LoadCase {
            name: "GET /api/v1/scenarios/{id}/allocations",
            method: "GET",
            path: format!("{location}/allocations"),
            accept: "application/json",
            token: Some(viewer.clone()),
            body: None,
            min_rate: Some(3_000.0),
        },
        LoadCase {
            name: "GET /api/v1/scenarios/{id}/allocations as CSV",
            method: "GET",
            path: format!("{location}/allocations"),
            accept: "text/csv",
            token: Some(viewer),
            body: None,
            min_rate: Some(3_000.0),
        },
        LoadCase {
            name: "POST /api/v1/projection (the baseline scenario)",
            method: "POST",
            path: "/api/v1/projection".to_owned(),
            accept: "application/json",
            token: None,
            body: Some(body),
            min_rate: Some(10_000.0),
        },
    ];
    println!(
        "\n==> load: wrk -t{LOAD_THREADS} -c{LOAD_CONNECTIONS} -d{LOAD_SECONDS}s --latency -s {LOAD_SCRIPT}, \
         against target/release/planner on {kind} at {}",
        server.url
    );
    let mut failures = Vec::new();
    let mut table = String::from(
        "| endpoint | req/s | p50 | p99 | max | errors | bytes/response (with headers) | budget |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for case in &cases {
        wrk(&server, case, LOAD_WARMUP_SECONDS)?;
        let result = wrk(&server, case, LOAD_SECONDS)?;
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
