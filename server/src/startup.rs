//! [`Application`]: the HTTP server bound to its listener, with its state and middleware.

use std::net::TcpListener;

use actix_web::body::BoxBody;
use actix_web::dev::{Server, Service, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{App, HttpMessage, HttpServer, web};
use anyhow::Context;
use futures_util::future::{Either, ready};
use tracing_actix_web::{RequestId, TracingLogger};

use crate::auth;
use crate::client_address::TrustedProxies;
use crate::connections::{ConnectionLimits, Connections};
use crate::error::{ApiError, PROBLEM_JSON, problem_response};
use crate::parsed::ParsedScenarios;
use crate::routes;
use crate::storage::{NewLink, Store};

/// The largest request body the API reads: 256 KiB.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The Content-Security-Policy of every response: the served wasm front end and
/// nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

pub use crate::limits::{SIGN_INS_PER_ACCOUNT_PER_MINUTE, SIGN_INS_PER_ADDRESS_PER_MINUTE};

/// Where the server listens and what it stores into.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `ADDR:PORT`; port 0 picks a free one.
    pub bind: String,
    /// `sqlite://PATH` or `postgres://...`.
    pub database_url: String,
    /// The built browser front end, served at `/`; `None` serves the API only.
    pub web_dir: Option<std::path::PathBuf>,
    /// The proxies whose `X-Forwarded-For` / `Forwarded` name the client.
    pub trusted_proxies: TrustedProxies,
    /// The caps on open connections.
    pub connections: ConnectionLimits,
}

/// What every handler shares.
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// The proxies believed about the client's address.
    pub trusted_proxies: TrustedProxies,
    /// Stored scenarios, parsed.
    pub parsed: ParsedScenarios,
}

/// The server, bound and ready to run.
pub struct Application {
    address: std::net::SocketAddr,
    server: Server,
    setup: NewLink,
    sign_in_link: Option<String>,
    store: Store,
}

impl Application {
    /// Opens (creating and migrating) the database, binds `settings.bind`, and, when no
    /// admin exists, creates a one-time sign-in link ([`Application::sign_in_link`];
    /// the caller tells the operator about it: `serve` prints it).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let store = Store::open(&settings.database_url).await.with_context(|| {
            format!(
                "cannot open the database {}",
                redact(&settings.database_url)
            )
        })?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener
            .local_addr()
            .context("cannot read the bound address")?;
        // A link only while none is valid (a restart does not replace it: `planner
        // setup-link` does), and none once an admin or an admin token exists (the
        // storage decides in one transaction).
        let (setup, sign_in_link) =
            new_setup_link(&store, &format!("http://{}", reachable(address)), false).await?;
        let state = web::Data::new(AppState {
            store: store.clone(),
            trusted_proxies: settings.trusted_proxies.clone(),
            parsed: ParsedScenarios::default(),
        });
        let web_dir = settings.web_dir.clone();
        let connections = Connections::new(settings.connections, settings.trusted_proxies.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(json_config())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(web::QueryConfig::default().error_handler(|error, _| {
                    ApiError::BadRequest(format!("bad query parameter: {error}")).into()
                }))
                .app_data(web::PathConfig::default().error_handler(|error, _| {
                    ApiError::NotFound(format!("no such resource: {error}")).into()
                }))
                .configure(routes::config)
                .configure(|cfg| {
                    if let Some(dir) = web_dir.clone() {
                        crate::front_end::config(dir)(cfg);
                    }
                })
                .default_service(web::to(not_found))
                .wrap(crate::deadline::BodyDeadline::default())
                // Before the body is read: a connection over a cap is answered and closed.
                .wrap_fn(
                    |request, service| match crate::connections::refusal(&request) {
                        Some(refusal) => {
                            let mut response = request.error_response(refusal);
                            response
                                .response_mut()
                                .head_mut()
                                .set_connection_type(ConnectionType::Close);
                            Either::Left(ready(Ok(response)))
                        }
                        None => Either::Right(service.call(request)),
                    },
                )
                .wrap(ErrorHandlers::new().default_handler(as_problem))
                .wrap(security_headers())
                .wrap_fn(|request, service| {
                    let id = request
                        .extensions()
                        .get::<RequestId>()
                        .map(|id| id.to_string());
                    let future = service.call(request);
                    async move {
                        let mut response = future.await?;
                        if let Some(id) = id
                            && let Ok(value) = HeaderValue::from_str(&id)
                        {
                            response
                                .headers_mut()
                                .insert(header::HeaderName::from_static("x-request-id"), value);
                        }
                        Ok(response)
                    }
                })
                .wrap(TracingLogger::default())
        })
        .on_connect(move |connection, data| {
            let peer = connection
                .downcast_ref::<actix_web::rt::net::TcpStream>()
                .and_then(|stream| stream.peer_addr().ok())
                .map(|address| address.ip());
            data.insert(connections.admit(peer));
        })
        .shutdown_timeout(30)
        // Headers within 5 s, an idle connection closed after 5 s (the body has its own
        // deadline, `crate::deadline`); stated here so the README's figures hold.
        .client_request_timeout(std::time::Duration::from_secs(5))
        .keep_alive(std::time::Duration::from_secs(5))
        .listen(listener)
        .context("cannot start the HTTP server")?
        .run();
        Ok(Application {
            address,
            server,
            setup,
            sign_in_link,
            store,
        })
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The address listened on.
    pub fn address(&self) -> std::net::SocketAddr {
        self.address
    }

    /// The first-start sign-in link, if one was made: the only way to create the first
    /// admin, so whoever builds the application must show it to the operator.
    pub fn sign_in_link(&self) -> Option<&str> {
        self.sign_in_link.as_deref()
    }

    /// Whether this start made the first-admin link, found an earlier one still valid,
    /// or needs none.
    pub fn setup(&self) -> NewLink {
        self.setup
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT or SIGTERM (or [`Application::handle`]'s stop), finishing
    /// in-flight requests, then closes the database.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.server.await.context("the HTTP server failed")?;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        Ok(())
    }
}

/// Stores a new first-admin link for the server people open at `base` (`http://HOST:
/// PORT`) and the link itself, when [`Store::create_sign_in_link`] made one (`replace`:
/// whether an earlier valid link gives way to it).
pub async fn new_setup_link(
    store: &Store,
    base: &str,
    replace: bool,
) -> anyhow::Result<(NewLink, Option<String>)> {
    let token = auth::new_secret()?;
    let made = store
        .create_sign_in_link(&auth::secret_hash(&token), replace)
        .await?;
    let link = (made == NewLink::Created).then(|| {
        format!(
            "{}/api/v1/auth/setup#token={token}",
            base.trim_end_matches('/')
        )
    });
    Ok((made, link))
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|error, _| json_error(error).into())
}

/// Maps a JSON body error to 400, 413, 415 or 422.
pub fn json_error(error: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::PayloadTooLarge(format!(
            "the body is larger than the limit of {} KiB",
            MAX_BODY_BYTES / 1024
        )),
        E::ContentType => ApiError::UnsupportedMediaType(
            "the body must be JSON: send `Content-Type: application/json`".to_owned(),
        ),
        E::Deserialize(error) if error.is_data() => ApiError::invalid_field("", error.to_string()),
        E::Deserialize(error) => {
            ApiError::BadRequest(format!("the body is not valid JSON: {error}"))
        }
        E::Payload(actix_web::error::PayloadError::Overflow) => ApiError::PayloadTooLarge(format!(
            "the body is larger than the limit of {} KiB",
            MAX_BODY_BYTES / 1024
        )),
        other => ApiError::BadRequest(format!("cannot read the body: {other}")),
    }
}

async fn not_found(request: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound(format!(
        "nothing at {}; the API is under /api/v1 and described at /api/v1/openapi.json",
        request.path()
    )))
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "no-referrer"))
}

/// Turns any error response that is not problem+json yet (405, a framework 404, ...)
/// into one.
fn as_problem(
    response: ServiceResponse<BoxBody>,
) -> actix_web::Result<ErrorHandlerResponse<BoxBody>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(PROBLEM_JSON));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let detail = match status.as_u16() {
        404 => format!("nothing at {}", response.request().path()),
        405 => format!(
            "{} is not allowed on {}",
            response.request().method(),
            response.request().path()
        ),
        413 => format!(
            "the body is larger than the limit of {} KiB",
            MAX_BODY_BYTES / 1024
        ),
        _ => status.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let (request, old) = response.into_parts();
    let mut new = problem_response(status, &detail, None);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, new).map_into_right_body(),
    ))
}

/// An address a browser on this machine can open: a server bound to every interface
/// (`0.0.0.0` or `[::]`) is reached through loopback.
pub fn reachable(address: std::net::SocketAddr) -> std::net::SocketAddr {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, address.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, address.port()).into(),
        _ => address,
    }
}

#[cfg(test)]
mod tests {
    use super::reachable;

    #[test]
    fn a_link_to_a_server_on_every_interface_goes_through_loopback() {
        let cases = [
            ("0.0.0.0:8080", "127.0.0.1:8080"),
            ("[::]:8080", "[::1]:8080"),
            ("127.0.0.1:8181", "127.0.0.1:8181"),
            ("192.168.1.20:80", "192.168.1.20:80"),
        ];
        for (bound, expected) in cases {
            let address = bound.parse().expect("an address");
            assert_eq!(reachable(address).to_string(), expected, "{bound}");
        }
    }
}
