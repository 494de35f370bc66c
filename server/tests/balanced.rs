//! Two `planner serve` instances — the real binary — behind a real load balancer
//! (HAProxy from Debian's packages, round-robin, `tests/load/haproxy.cfg`) on one fresh
//! PostgreSQL database (issue 13): what one instance does, the other enforces at once.
//! Every request goes through the balancer, whose `X-Served-By` names the instance that
//! answered, so each check shows both instances answering. Clients connect from
//! different loopback addresses (127.0.0.2, 127.0.0.3, …); the instances trust the
//! balancer at 127.0.0.1, which appends each client's address to `X-Forwarded-For`.
//!
//! Needs HAProxy (`cargo xtask test` installs it) and PostgreSQL at 127.0.0.1:5432:
//! without either the suite fails, it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use serde_json::{Value, json};

const PLANNER: &str = env!("CARGO_BIN_EXE_planner");
const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";
const HAPROXY_CONFIG: &str = include_str!("../../tests/load/haproxy.cfg");
const PASSWORD: &str = "balanced-suite-password";
/// The balancer's address, which both instances trust.
const BALANCER_HOST: &str = "127.0.0.1";
/// How long a process may take to answer.
const STARTUP: Duration = Duration::from_secs(60);

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}

fn psql(statement: &str) -> std::io::Result<std::process::Output> {
    Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
        .arg(format!("{POSTGRES}/postgres"))
        .args(["-c", statement])
        .output()
}

/// A fresh PostgreSQL database, dropped with the suite.
struct Database {
    name: String,
}

impl Database {
    fn create() -> Database {
        let database = Database {
            name: format!("planner_balanced_{}", std::process::id()),
        };
        for statement in [
            format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", database.name),
            format!("CREATE DATABASE {}", database.name),
        ] {
            let output = psql(&statement).unwrap_or_else(|error| {
                panic!("cannot run psql ({error}): the suite needs PostgreSQL's client and a server at 127.0.0.1:5432")
            });
            assert!(
                output.status.success(),
                "`{statement}` failed — is PostgreSQL running at 127.0.0.1:5432?\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        database
    }

    fn url(&self) -> String {
        format!("{POSTGRES}/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// A child process, killed when dropped; its output is kept for messages.
struct Process {
    name: &'static str,
    child: Child,
    output: Arc<Mutex<Vec<String>>>,
}

impl Process {
    fn spawn(name: &'static str, command: &mut Command) -> Process {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name} ({error})"));
        let output = Arc::new(Mutex::new(Vec::new()));
        let streams: [Option<Box<dyn Read + Send>>; 2] = [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ];
        for stream in streams.into_iter().flatten() {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line);
                }
            });
        }
        Process {
            name,
            child,
            output,
        }
    }

    fn output(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// Waits until `GET url` answers 200; fails with the process's output if it exits
    /// or does not answer in time.
    async fn wait_for(&mut self, url: &str) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let started = Instant::now();
        loop {
            if let Ok(answer) = client.get(url).send().await
                && answer.status() == StatusCode::OK
            {
                return;
            }
            let exited = self.child.try_wait().unwrap();
            if exited.is_some() || started.elapsed() > STARTUP {
                panic!(
                    "{} did not answer {url} ({exited:?}); its output:\n{}",
                    self.name,
                    self.output().join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The balancer and the two instances behind it, on one database.
struct Cluster {
    // Fields drop in order: the processes stop before the database is dropped.
    _balancer: Process,
    instances: Vec<Process>,
    url: String,
    config: std::path::PathBuf,
    database: Database,
}

impl Cluster {
    async fn start() -> Cluster {
        let database = Database::create();
        let mut instances = Vec::new();
        let mut addresses = Vec::new();
        // One after the other: the first migrates the empty database.
        for name in ["planner serve (first)", "planner serve (second)"] {
            let address = format!("{BALANCER_HOST}:{}", free_port());
            let mut instance = Process::spawn(
                name,
                Command::new(PLANNER)
                    .args(["serve", "--bind", &address, "--database", &database.url()])
                    .args(["--web-dir", "no-front-end", "--trusted-proxy"])
                    .arg(format!("{BALANCER_HOST}/32")),
            );
            instance
                .wait_for(&format!("http://{address}/api/v1/health"))
                .await;
            instances.push(instance);
            addresses.push(address);
        }
        let listen = format!("{BALANCER_HOST}:{}", free_port());
        let config =
            std::env::temp_dir().join(format!("planner-balanced-{}.cfg", std::process::id()));
        let text = HAPROXY_CONFIG
            .replace("@LISTEN@", &listen)
            .replace("@FIRST@", &addresses[0])
            .replace("@SECOND@", &addresses[1]);
        std::fs::write(&config, text).expect("the HAProxy configuration is written");
        let mut balancer = Process::spawn(
            "HAProxy (install it with `apt-get install -y haproxy`; `cargo xtask test` does)",
            Command::new("haproxy").arg("-db").arg("-f").arg(&config),
        );
        let url = format!("http://{listen}/api/v1");
        balancer.wait_for(&format!("{url}/health")).await;
        Cluster {
            _balancer: balancer,
            instances,
            url,
            config,
            database,
        }
    }

    /// The first-start links the instances printed, oldest first.
    fn setup_tokens(&self) -> Vec<String> {
        self.instances
            .iter()
            .flat_map(Process::output)
            .filter_map(|line| line.split("#token=").nth(1).map(str::to_owned))
            .collect()
    }

    /// `planner token create` on the cluster's database: the token.
    fn token_from_cli(&self, role: &str, name: &str) -> String {
        let output = Command::new(PLANNER)
            .args(["token", "create", "--role", role, "--name", name])
            .args(["--database", &self.database.url()])
            .output()
            .expect("planner token create runs");
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines().last().expect("a token").trim().to_owned()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.config);
    }
}

/// A client on its own loopback address, as a user on another machine would be.
fn client_at(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// What the balancer answered and which instance behind it did.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    served_by: String,
    cookie: Option<String>,
    body: Value,
}

async fn send(request: RequestBuilder) -> Answer {
    let response = request.send().await.expect("the balancer answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let served_by = header("x-served-by").expect("HAProxy names the instance");
    let cookie = header("set-cookie")
        .and_then(|cookie| cookie.split(';').next().map(str::to_owned))
        .filter(|pair| pair.starts_with("planner_session=") && pair.len() > 16);
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        served_by,
        cookie,
        body,
    }
}

/// Sends `n` requests one after the other; with round-robin they reach both instances.
async fn each_instance(n: usize, request: impl Fn() -> RequestBuilder) -> Vec<Answer> {
    let mut answers = Vec::new();
    for _ in 0..n {
        answers.push(send(request()).await);
    }
    let instances: BTreeSet<&str> = answers.iter().map(|a| a.served_by.as_str()).collect();
    assert_eq!(instances.len(), 2, "both instances answer: {answers:?}");
    answers
}

/// Four requests, reaching both instances, each answered with `expected`.
async fn every_instance_answers(
    expected: StatusCode,
    when: &str,
    request: impl Fn() -> RequestBuilder,
) {
    for answer in each_instance(4, request).await {
        assert_eq!(answer.status, expected, "{when}: {answer:?}");
    }
}

/// Sends every request at once; the answers' statuses.
async fn race(requests: Vec<RequestBuilder>) -> Vec<Answer> {
    let racing: Vec<_> = requests
        .into_iter()
        .map(|request| tokio::spawn(send(request)))
        .collect();
    let mut answers = Vec::new();
    for answer in racing {
        answers.push(answer.await.unwrap());
    }
    let instances: BTreeSet<&str> = answers.iter().map(|a| a.served_by.as_str()).collect();
    assert_eq!(
        instances.len(),
        2,
        "the race reaches both instances: {answers:?}"
    );
    answers
}

fn statuses(answers: &[Answer]) -> Vec<u16> {
    answers
        .iter()
        .map(|answer| answer.status.as_u16())
        .collect()
}

async fn create_user(cluster: &Cluster, admin: &str, name: &str, role: &str) {
    let answer = send(
        client_at("127.0.0.11")
            .post(cluster.url("/users"))
            .bearer_auth(admin)
            .json(&json!({"name": name, "role": role, "password": PASSWORD})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
}

fn sign_in(
    client: &reqwest::Client,
    cluster: &Cluster,
    name: &str,
    password: &str,
) -> RequestBuilder {
    client
        .post(cluster.url("/auth/sign-in"))
        .json(&json!({"name": name, "password": password}))
}

/// Two instances starting on an empty database print one first-start link between
/// them; racing redemptions of it, spread over both instances, make one admin; every other answer is a 401, never a 500.
async fn racing_setup_redemptions_make_one_admin(cluster: &Cluster) -> String {
    // The instance that starts first makes the link; the other finds it valid and
    // prints none.
    let tokens = cluster.setup_tokens();
    assert_eq!(tokens.len(), 1, "one link for both instances: {tokens:?}");
    let client = client_at("127.0.0.10");
    let requests = (0..10)
        .map(|n| {
            client.post(cluster.url("/auth/setup")).json(&json!({
                "token": tokens[0], "name": format!("admin-{n}"), "password": PASSWORD,
            }))
        })
        .collect();
    let answers = race(requests).await;
    let codes = statuses(&answers);
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert!(codes.iter().all(|c| *c == 200 || *c == 401), "{codes:?}");
    let admin = cluster.token_from_cli("admin", "balanced-suite");
    let users = send(client.get(cluster.url("/users")).bearer_auth(&admin)).await;
    let admins: Vec<&Value> = users.body["items"]
        .as_array()
        .expect("a list of users")
        .iter()
        .filter(|user| user["role"] == "admin")
        .collect();
    assert_eq!(admins.len(), 1, "{users:?}");
    admin
}

/// 16 creations of one name at once over both instances: one 201, fifteen 409s.
async fn racing_user_creations_give_one_201_and_409s(cluster: &Cluster, admin: &str) {
    let client = client_at("127.0.0.11");
    let requests = (0..16)
        .map(|_| {
            client
                .post(cluster.url("/users"))
                .bearer_auth(admin)
                .json(&json!({"name": "racer", "role": "viewer", "password": PASSWORD}))
        })
        .collect();
    let codes = statuses(&race(requests).await);
    assert_eq!(codes.iter().filter(|c| **c == 201).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 15, "{codes:?}");
}

/// A token revoked through one instance is refused by both at the next request.
async fn a_revoked_token_is_refused_by_every_instance_at_once(cluster: &Cluster, admin: &str) {
    let client = client_at("127.0.0.11");
    let created = send(
        client
            .post(cluster.url("/tokens"))
            .bearer_auth(admin)
            .json(&json!({"name": "revoked-soon", "role": "viewer"})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let token = created.body["token"].as_str().unwrap().to_owned();
    let id = created.body["id"].as_i64().unwrap();
    let me = || client.get(cluster.url("/auth/me")).bearer_auth(&token);
    every_instance_answers(StatusCode::OK, "while valid", me).await;
    let revoked = send(
        client
            .delete(cluster.url(&format!("/tokens/{id}")))
            .bearer_auth(admin),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{revoked:?}");
    every_instance_answers(StatusCode::UNAUTHORIZED, "after revocation", me).await;
}

/// A planner's browser session: its client and its session cookie.
struct Session {
    client: reqwest::Client,
    cookie: String,
}

impl Session {
    /// `POST path` with the session cookie, as the server's own pages send it.
    fn post(&self, cluster: &Cluster, path: &str) -> RequestBuilder {
        self.client
            .post(cluster.url(path))
            .header("cookie", &self.cookie)
            .header("sec-fetch-site", "same-origin")
    }

    /// `GET /auth/me` with the session cookie.
    fn me(&self, cluster: &Cluster) -> RequestBuilder {
        self.client
            .get(cluster.url("/auth/me"))
            .header("cookie", &self.cookie)
    }
}

/// A new planner `name`, signed in from `address`: a session every instance accepts.
async fn signed_in_planner(cluster: &Cluster, admin: &str, name: &str, address: &str) -> Session {
    create_user(cluster, admin, name, "planner").await;
    let client = client_at(address);
    let signed_in = send(sign_in(&client, cluster, name, PASSWORD)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{signed_in:?}");
    let session = Session {
        client,
        cookie: signed_in.cookie.expect("a session cookie"),
    };
    let me = || session.me(cluster);
    every_instance_answers(StatusCode::OK, "while signed in", me).await;
    session
}

/// A session signed out through one instance is refused by both at the next request.
async fn a_signed_out_session_is_refused_by_every_instance_at_once(cluster: &Cluster, admin: &str) {
    let session = signed_in_planner(cluster, admin, "signer", "127.0.0.2").await;
    let signed_out = send(session.post(cluster, "/auth/sign-out")).await;
    assert_eq!(signed_out.status, StatusCode::NO_CONTENT, "{signed_out:?}");
    let me = || session.me(cluster);
    every_instance_answers(StatusCode::UNAUTHORIZED, "after sign-out", me).await;
}

/// A user disabled through one instance is refused by both at the next request: their
/// session no longer works anywhere and signing in is refused (403) by every instance.
async fn a_disabled_user_is_refused_by_every_instance_at_once(cluster: &Cluster, admin: &str) {
    let session = signed_in_planner(cluster, admin, "carol", "127.0.0.6").await;
    let disabled = send(
        client_at("127.0.0.11")
            .post(cluster.url("/users/carol/disable"))
            .bearer_auth(admin),
    )
    .await;
    assert_eq!(disabled.status, StatusCode::OK, "{disabled:?}");
    let me = || session.me(cluster);
    every_instance_answers(StatusCode::UNAUTHORIZED, "after disabling", me).await;
    every_instance_answers(StatusCode::FORBIDDEN, "signing in while disabled", || {
        sign_in(&session.client, cluster, "carol", PASSWORD)
    })
    .await;
}

/// Five wrong passwords for one account, whichever instances answer them, and the
/// sixth and seventh are refused by both instances.
async fn the_sixth_wrong_password_is_refused_whichever_instance_answers(
    cluster: &Cluster,
    admin: &str,
) {
    create_user(cluster, admin, "alice", "viewer").await;
    let attacker = client_at("127.0.0.3");
    let guess = || sign_in(&attacker, cluster, "alice", "wrong password guess");
    let answers = each_instance(5, guess).await;
    assert_eq!(statuses(&answers), [401; 5]);
    let refused = each_instance(2, guess).await;
    for answer in &refused {
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{answer:?}");
        let detail = answer.body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("for this account"), "{detail}");
    }
}

/// Someone failing to sign in over and over from one address is refused from there,
/// even when they write another address into X-Forwarded-For; a user on another
/// address signs in.
async fn someone_elses_failures_do_not_lock_a_user_out(cluster: &Cluster, admin: &str) {
    create_user(cluster, admin, "bob", "viewer").await;
    let attacker = client_at("127.0.0.4");
    for n in 0..server::startup::SIGN_INS_PER_ADDRESS_PER_MINUTE {
        let answer = send(sign_in(
            &attacker,
            cluster,
            &format!("ghost-{n}"),
            "wrong guess",
        ))
        .await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "attempt {n}: {answer:?}"
        );
    }
    let forge = || {
        sign_in(&attacker, cluster, "ghost-last", "wrong guess")
            .header("x-forwarded-for", "127.0.0.5")
            .header("forwarded", "for=127.0.0.5")
    };
    for answer in each_instance(2, forge).await {
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{answer:?}");
        let detail = answer.body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("from this address"), "{detail}");
    }
    let user = client_at("127.0.0.5");
    for answer in each_instance(2, || sign_in(&user, cluster, "bob", PASSWORD)).await {
        assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_behind_haproxy_on_one_database_act_as_one() {
    let cluster = Cluster::start().await;
    let admin = racing_setup_redemptions_make_one_admin(&cluster).await;
    racing_user_creations_give_one_201_and_409s(&cluster, &admin).await;
    a_revoked_token_is_refused_by_every_instance_at_once(&cluster, &admin).await;
    a_signed_out_session_is_refused_by_every_instance_at_once(&cluster, &admin).await;
    a_disabled_user_is_refused_by_every_instance_at_once(&cluster, &admin).await;
    the_sixth_wrong_password_is_refused_whichever_instance_answers(&cluster, &admin).await;
    someone_elses_failures_do_not_lock_a_user_out(&cluster, &admin).await;
}
