//! `spawn_app()` and typed request helpers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use api::{ProblemDetails, Role, ScenarioId, Status, StoredScenario};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use server::auth;
use server::domain::UserName;
use server::storage::Store;
use server::{Application, Settings};
use shared::{Problem, Scenario};

/// Where PostgreSQL test databases are created; trust auth.
pub const POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const POSTGRES_BASE: &str = "postgres://postgres@127.0.0.1:5432";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos % 1_000_000_000
    )
}

/// The database a test owns; removed on drop.
pub struct TestDatabase {
    pub url: String,
    folder: Option<PathBuf>,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let folder = std::env::temp_dir().join(format!("planner-test-{}", unique()));
                let url = format!("sqlite://{}/planner.sqlite", folder.display());
                TestDatabase {
                    url,
                    folder: Some(folder),
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("planner_test_{}", unique());
                let admin = Database::connect(POSTGRES_ADMIN_URL)
                    .await
                    .expect("PostgreSQL must run at 127.0.0.1:5432 (trust auth)");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("cannot create the test database");
                admin.close().await.ok();
                TestDatabase {
                    url: format!("{POSTGRES_BASE}/{name}"),
                    folder: None,
                    postgres_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(folder) = self.folder.take() {
            let _ = std::fs::remove_dir_all(folder);
        }
        if let Some(name) = self.postgres_name.take() {
            // Drop runs inside the test's runtime; a thread with its own runtime can
            // still await the DROP.
            let _ = std::thread::spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                runtime.block_on(async {
                    if let Ok(admin) = Database::connect(POSTGRES_ADMIN_URL).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A running server on a fresh database, with a token for every role.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub tokens: HashMap<Role, String>,
    pub sign_in_link: Option<String>,
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    // Last: dropped after the server stops.
    pub database: TestDatabase,
}

/// Starts the real server on port 0 with a fresh database of `backend`.
/// The server on a fresh database with an API token of every role. The admin token is
/// made once the server has started, as an operator makes one after the first start, so
/// the start still has its first-admin link.
pub async fn spawn_app(backend: Backend) -> TestApp {
    let mut app = spawn_app_without_admin_token(backend).await;
    let secret = add_token(&app.database.url, Role::Admin).await;
    app.tokens.insert(Role::Admin, secret);
    app
}

/// The server on a fresh database with tokens of every role below admin: every start
/// makes a first-admin link until an admin (or an admin token) exists.
pub async fn spawn_app_without_admin_token(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let mut tokens = HashMap::new();
    for &role in Role::ALL.iter().filter(|&&r| r != Role::Admin) {
        tokens.insert(role, add_token(&database.url, role).await);
    }
    start(database, tokens).await
}

/// Stores an API token of `role` in the database at `url`; its secret.
pub async fn add_token(url: &str, role: Role) -> String {
    let store = Store::open(url)
        .await
        .expect("cannot open the test database");
    let secret = auth::new_secret().unwrap();
    let name = UserName::parse(format!("{role}-token")).unwrap();
    store
        .create_token("test", &name, role, &auth::secret_hash(&secret))
        .await
        .unwrap();
    store.close().await.unwrap();
    secret
}

async fn start(database: TestDatabase, tokens: HashMap<Role, String>) -> TestApp {
    let Instance {
        address,
        sign_in_link,
        handle,
        task,
    } = launch(&database.url).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        tokens,
        sign_in_link,
        handle,
        task,
        database,
    }
}

/// Another server on a [`TestApp`]'s database, as a second instance behind a load
/// balancer would be: the same tokens work on it.
pub struct Instance {
    pub address: String,
    /// The first-admin link this instance printed, if no admin existed when it started.
    pub sign_in_link: Option<String>,
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// Starts the real server on port 0 on the database at `url`.
pub async fn launch(url: &str) -> Instance {
    let application = Application::build(Settings {
        bind: "127.0.0.1:0".to_owned(),
        database_url: url.to_owned(),
        web_dir: None,
        trusted_proxies: Default::default(),
        connections: Default::default(),
    })
    .await
    .expect("cannot start the server");
    let address = format!("http://127.0.0.1:{}", application.port());
    let sign_in_link = application.sign_in_link().map(str::to_owned);
    let handle = application.handle();
    let task = tokio::spawn(application.run_until_stopped());
    Instance {
        address,
        sign_in_link,
        handle,
        task,
    }
}

impl Instance {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    /// Stops the instance gracefully.
    pub async fn stop(self) {
        self.handle.stop(true).await;
        self.task.await.unwrap().unwrap();
    }
}

impl TestApp {
    /// The database's URL.
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    /// Starts a second instance on the same database.
    pub async fn second_instance(&self) -> Instance {
        launch(&self.database.url).await
    }

    /// Stops the server gracefully and starts a new one on the same database.
    pub async fn restart(self) -> TestApp {
        let TestApp {
            handle,
            task,
            database,
            tokens,
            ..
        } = self;
        handle.stop(true).await;
        task.await.unwrap().unwrap();
        start(database, tokens).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    /// A request as `role` (`None`: anonymous).
    /// A request as the server's own page sends it (with its `Origin`), with a token of
    /// `role` or, without one, whatever session cookie the client holds.
    pub fn request(&self, method: Method, path: &str, role: Option<Role>) -> RequestBuilder {
        let builder = self
            .client
            .request(method, self.url(path))
            .header(reqwest::header::ORIGIN, &self.address);
        match role {
            Some(role) => builder.bearer_auth(&self.tokens[&role]),
            None => builder,
        }
    }

    /// A request with an `Authorization: Bearer` of its own, or none.
    pub async fn get_with(&self, path: &str, header: Option<(&str, &str)>) -> Response {
        let mut builder = self.client.get(self.url(path));
        if let Some((name, value)) = header {
            builder = builder.header(name, value);
        }
        builder.send().await.unwrap()
    }

    pub async fn get(&self, path: &str, role: Option<Role>) -> Response {
        self.request(Method::GET, path, role).send().await.unwrap()
    }

    /// Asserts that a viewer's GET of `path` is answered with the problem `status`.
    pub async fn viewer_gets_problem(&self, path: &str, status: StatusCode) -> ProblemDetails {
        assert_problem(self.get(path, Some(Role::Viewer)).await, status).await
    }

    /// The audit log's entries (the first 100, as the admin reads them) whose action is
    /// `action`.
    pub async fn audit(&self, action: &str) -> Vec<api::AuditEntry> {
        let log: api::Page<api::AuditEntry> =
            self.get_ok("/audit?per_page=100", Some(Role::Admin)).await;
        log.items
            .into_iter()
            .filter(|entry| entry.action == action)
            .collect()
    }

    /// `GET` as `role`, answered 200; its body as `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str, role: Option<Role>) -> T {
        expect(self.get(path, role).await, StatusCode::OK).await
    }

    pub async fn post<B: Serialize + ?Sized>(
        &self,
        path: &str,
        role: Option<Role>,
        body: &B,
    ) -> Response {
        self.request(Method::POST, path, role)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `POST` as `role`, answered 200; its body as `T`.
    pub async fn post_ok<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        role: Option<Role>,
        body: &B,
    ) -> T {
        expect(self.post(path, role, body).await, StatusCode::OK).await
    }

    pub async fn put<B: Serialize + ?Sized>(
        &self,
        path: &str,
        role: Option<Role>,
        etag: Option<&str>,
        body: &B,
    ) -> Response {
        let mut builder = self.request(Method::PUT, path, role).json(body);
        if let Some(etag) = etag {
            builder = builder.header("If-Match", etag);
        }
        builder.send().await.unwrap()
    }

    /// Saves `body` over scenario `id` as a planner with `If-Match: etag`, answered
    /// 200; the scenario saved.
    pub async fn save<B: Serialize + ?Sized>(
        &self,
        id: ScenarioId,
        etag: &str,
        body: &B,
    ) -> StoredScenario {
        let response = self
            .put(
                &format!("/scenarios/{id}"),
                Some(Role::Planner),
                Some(etag),
                body,
            )
            .await;
        expect(response, StatusCode::OK).await
    }

    pub async fn delete(&self, path: &str, role: Option<Role>, etag: Option<&str>) -> Response {
        let mut builder = self.request(Method::DELETE, path, role);
        if let Some(etag) = etag {
            builder = builder.header("If-Match", etag);
        }
        builder.send().await.unwrap()
    }

    /// Saves `body` as a planner; the new scenario's id and ETag.
    pub async fn create_scenario<B: Serialize + ?Sized>(&self, body: &B) -> (ScenarioId, String) {
        let response = self.post("/scenarios", Some(Role::Planner), body).await;
        let etag = etag_of(&response);
        let stored: StoredScenario = expect(response, StatusCode::CREATED).await;
        assert_eq!(
            stored.meta.revision.etag(),
            etag,
            "the ETag names the revision"
        );
        (stored.meta.id, etag)
    }

    /// Asks, as `role`, that scenario `id` move to `status`.
    pub async fn set_status(&self, id: ScenarioId, role: Role, status: Status) -> Response {
        self.post(
            &format!("/scenarios/{id}/status"),
            Some(role),
            &api::StatusBody { status, note: None },
        )
        .await
    }

    /// Asserts that `role`'s move of scenario `id` to `status` is refused with the
    /// problem `refusal`.
    pub async fn status_refused(
        &self,
        id: ScenarioId,
        role: Role,
        status: Status,
        refusal: StatusCode,
    ) -> ProblemDetails {
        assert_problem(self.set_status(id, role, status).await, refusal).await
    }

    /// The one-time token of the first-start link.
    pub fn setup_token(&self) -> String {
        let link = self.sign_in_link.as_deref().expect("a first-start link");
        link.split("token=").nth(1).unwrap().to_owned()
    }
}

/// The statuses the racing requests were answered with, sorted.
pub async fn statuses_of(racing: Vec<tokio::task::JoinHandle<StatusCode>>) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for answer in racing {
        statuses.push(answer.await.unwrap());
    }
    statuses.sort();
    statuses
}

/// A header of `response`, as text.
pub fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

pub fn etag_of(response: &Response) -> String {
    header(response, "etag")
}

/// Asserts `status`; the body as `T`.
pub async fn expect<T: DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let actual = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "{text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("not the expected body ({error}):\n{text}"))
}

/// A model result as the server's JSON reads back here: written to text and parsed by
/// the same parser as a response, so floats compare exactly.
pub fn model_json<T: Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// The plan baseline in the scenario file format, renamed.
pub fn baseline(name: &str) -> Value {
    let mut value = serde_json::to_value(Scenario::baseline()).unwrap();
    value["name"] = Value::String(name.to_owned());
    value
}

/// The plan baseline, renamed, with an envelope of `yuan` a year.
pub fn baseline_with_envelope(name: &str, yuan: i64) -> Value {
    let mut value = baseline(name);
    value["envelope"] = Value::String(yuan.to_string());
    value
}

/// The plan baseline, renamed, as the model reads it.
pub fn scenario(name: &str) -> Scenario {
    Scenario::from_json(&baseline(name).to_string()).unwrap()
}

/// Asserts a problem+json response with `status`; the problem.
pub async fn assert_problem(response: Response, status: StatusCode) -> ProblemDetails {
    let content_type = header(&response, "content-type");
    let problem: ProblemDetails = expect(response, status).await;
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem.status, status.as_u16());
    assert!(!problem.detail.is_empty());
    problem
}

/// The problem listed at `path`.
pub fn problem_at<'a>(problem: &'a ProblemDetails, path: &str) -> &'a Problem {
    problem
        .problems
        .iter()
        .flatten()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no problem at {path}: {problem:#?}"))
}

/// The paths of every problem listed.
pub fn problem_paths(problem: &ProblemDetails) -> Vec<&str> {
    problem
        .problems
        .iter()
        .flatten()
        .map(|p| p.path.as_str())
        .collect()
}

/// Generates, for each `async fn name(backend: Backend)` listed, a test
/// `sqlite::name` and a test `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}
