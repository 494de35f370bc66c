//! The typed client of the planner's REST API (`/api/v1`), for sign-in and saved
//! scenarios. Scenarios travel in the model crate's own file format; every failure
//! becomes a sentence a planner can read (the server's RFC 9457 `detail` when it sent
//! one).

use serde::Deserialize as _;
use serde_json::Value;
use shared::Scenario;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

const BASE: &str = "/api/v1";

pub use api::{Me, Role, ScenarioId, ScenarioSummary, Status, StoredScenario};

/// A stored scenario as read or written, with the `ETag` to send with `If-Match`.
pub type Tagged = (StoredScenario, String);

/// One call of the API with a JSON body (or none); a failure is kept whole, its status
/// with it (a 401 asks to sign in again), for [`Failure::sentence`] to put in words.
async fn call(
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Result<(Response, Value), Failure> {
    let body = body.map(|text| (wasm_bindgen::JsValue::from_str(&text), "application/json"));
    exchange(method, path, body, if_match).await
}

/// One call of the API with a JSON body (or none), its answer read as `T`, with the
/// answer's `ETag` (empty when it has none).
pub(crate) async fn typed<T: serde::de::DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Result<(T, String), Failure> {
    let (response, value) = call(method, path, body, if_match).await?;
    let read = serde_json::from_value(value).map_err(|error| Failure {
        status: Some(response.status()),
        detail: format!("the answer does not parse: {error}"),
        ..Failure::default()
    })?;
    Ok((read, etag_of(&response)))
}

/// A failed call: the HTTP status (`None` when the server was not reached) and the
/// sentence of the server's problem details.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Failure {
    /// The status, if the server answered.
    pub status: Option<u16>,
    /// What went wrong, as the server said it.
    pub detail: String,
    /// The messages of the problems the server listed, each saying where (a call that
    /// asks for a language, such as an import with `lang`, has them in it).
    pub problems: Vec<String>,
}

impl Failure {
    /// The failure in the interface's language: the server writes its details in
    /// English, so in Chinese the status says what happened.
    pub fn sentence(self) -> String {
        let lang = crate::browser::saved_lang()
            .and_then(|lang| shared::Lang::parse(&lang))
            .unwrap_or_default();
        if lang == shared::Lang::En {
            return self.detail;
        }
        match self.status {
            None => "无法连接服务器".to_owned(),
            Some(400 | 422) => "服务器拒绝了这些内容：格式或取值无效".to_owned(),
            Some(401) => "未登录，或名称与密码不符".to_owned(),
            Some(403) => "当前角色无权执行此操作".to_owned(),
            Some(404) => "未找到（可能已被删除）".to_owned(),
            Some(409 | 412 | 428) => "方案已被他人修改，请重新载入后再试".to_owned(),
            Some(413) => "内容过大".to_owned(),
            Some(429) => "尝试次数过多，请稍后再试".to_owned(),
            Some(status) => format!("服务器出错（{status}），请稍后再试"),
        }
    }

    fn local(detail: &str) -> Failure {
        Failure {
            status: None,
            detail: detail.to_owned(),
            problems: Vec::new(),
        }
    }
}

/// Sends one request to the API with a body of the given content type (JSON text, or
/// a file); the response, whatever its status.
async fn send(
    method: &str,
    path: &str,
    body: Option<(wasm_bindgen::JsValue, &str)>,
    if_match: Option<&str>,
) -> Result<Response, Failure> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some((body, _)) = &body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(&format!("{BASE}{path}"), &init)
        .map_err(|_| Failure::local("the request could not be built"))?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if let Some((_, content_type)) = &body {
        let _ = headers.set("Content-Type", content_type);
    }
    if let Some(tag) = if_match {
        let _ = headers.set("If-Match", tag);
    }
    let window = web_sys::window().ok_or_else(|| Failure::local("no window"))?;
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::local("the server cannot be reached"))?
        .dyn_into()
        .map_err(|_| Failure::local("the server sent no response"))
}

/// One call of the API with a body of the given content type (JSON text, or a file).
pub(crate) async fn exchange(
    method: &str,
    path: &str,
    body: Option<(wasm_bindgen::JsValue, &str)>,
    if_match: Option<&str>,
) -> Result<(Response, Value), Failure> {
    let response = send(method, path, body, if_match).await?;
    let value = json_of(&response).await;
    if response.ok() {
        Ok((response, value))
    } else {
        Err(Failure {
            status: Some(response.status()),
            detail: problem_text(response.status(), &value),
            problems: api::ProblemDetails::deserialize(&value)
                .ok()
                .and_then(|problem| problem.problems)
                .map(|problems| problems.into_iter().map(|p| p.message).collect())
                .unwrap_or_default(),
        })
    }
}

/// The Excel workbook of the scenario in `lang` (`zh` or `en`), written by the server
/// (`POST /workbook.xlsx`): allocations with live totals, projections, assumptions.
pub async fn workbook(scenario: &Scenario, lang: &str) -> Result<web_sys::Blob, String> {
    let body = wasm_bindgen::JsValue::from_str(&scenario.to_json_pretty());
    let path = format!("/workbook.xlsx?lang={lang}");
    let response = send("POST", &path, Some((body, "application/json")), None)
        .await
        .map_err(Failure::sentence)?;
    if !response.ok() {
        return Err(refusal(response.status(), &json_of(&response).await));
    }
    let blob = response
        .blob()
        .map_err(|_| "the workbook could not be read".to_owned())?;
    JsFuture::from(blob)
        .await
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or_else(|| "the workbook could not be read".to_owned())
}

/// The response's body as JSON (`null` when it is not).
async fn json_of(response: &Response) -> Value {
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The sentence for a failed call: the problem's detail and every listed problem.
fn problem_text(status: u16, problem: &Value) -> String {
    match api::ProblemDetails::deserialize(problem) {
        Ok(problem) => problem.sentence(),
        Err(_) => format!("the server answered {status}"),
    }
}

/// A refused call's sentence in the interface's language ([`Failure::sentence`]).
fn refusal(status: u16, problem: &Value) -> String {
    Failure {
        status: Some(status),
        detail: problem_text(status, problem),
        problems: Vec::new(),
    }
    .sentence()
}

/// The response's `ETag`, or an empty text when it has none.
pub(crate) fn etag_of(response: &Response) -> String {
    response
        .headers()
        .get("ETag")
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Signs in; the server sets an HttpOnly session cookie. `Ok(None)`: the password is
/// right but an admin reset it, so a new one must be set first ([`change_password`]).
pub async fn sign_in(name: &str, password: &str) -> Result<Option<Me>, String> {
    let body = serde_json::to_string(&api::Credentials {
        name: name.to_owned(),
        password: password.to_owned(),
    })
    .map_err(|e| e.to_string())?;
    let body = Some((wasm_bindgen::JsValue::from_str(&body), "application/json"));
    let response = send("POST", "/auth/sign-in", body, None)
        .await
        .map_err(Failure::sentence)?;
    let value = json_of(&response).await;
    if response.ok() {
        me().await.map(Some).map_err(Failure::sentence)
    } else if value.get("type").and_then(Value::as_str) == Some(api::PASSWORD_CHANGE_REQUIRED) {
        Ok(None)
    } else {
        Err(refusal(response.status(), &value))
    }
}

/// Sets a new password with the current (temporary) one, and signs in.
pub async fn change_password(name: &str, password: &str, new_password: &str) -> Result<Me, String> {
    let body = serde_json::to_string(&api::PasswordChange {
        name: name.to_owned(),
        password: password.to_owned(),
        new_password: new_password.to_owned(),
    })
    .map_err(|e| e.to_string())?;
    call("POST", "/auth/password", Some(body), None)
        .await
        .map_err(Failure::sentence)?;
    me().await.map_err(Failure::sentence)
}

/// Signs out.
pub async fn sign_out() -> Result<(), String> {
    call("POST", "/auth/sign-out", None, None)
        .await
        .map(|_| ())
        .map_err(Failure::sentence)
}

/// Who is signed in, if anyone; the failure whole, so that a server out of reach
/// (no status) is told from a signed-out caller (401) in either language.
pub async fn me() -> Result<Me, Failure> {
    typed("GET", "/auth/me", None, None).await.map(|(me, _)| me)
}

/// The saved scenarios, newest first.
pub async fn list(name: &str) -> Result<Vec<ScenarioSummary>, String> {
    let query: String = js_sys::encode_uri_component(name).into();
    let (_, value) = call(
        "GET",
        &format!("/scenarios?per_page=100&name={query}"),
        None,
        None,
    )
    .await
    .map_err(Failure::sentence)?;
    serde_json::from_value::<api::Page<ScenarioSummary>>(value)
        .map(|page| page.items)
        .map_err(|e| e.to_string())
}

/// Loads one scenario.
pub async fn load(id: ScenarioId) -> Result<Tagged, String> {
    typed("GET", &format!("/scenarios/{id}"), None, None)
        .await
        .map_err(Failure::sentence)
}

/// Saves a new scenario; a failure keeps its status (a 401: the session ended).
pub async fn create(scenario: &Scenario) -> Result<Tagged, Failure> {
    let body = serde_json::to_string(scenario).map_err(|e| Failure::local(&e.to_string()))?;
    typed("POST", "/scenarios", Some(body), None).await
}

/// Saves over a stored scenario, if nobody changed it since `etag`. An approved
/// scenario is frozen: the server stores the content as a new draft instead (the
/// answer's id is then the new draft's).
pub async fn update(id: ScenarioId, etag: &str, scenario: &Scenario) -> Result<Tagged, Failure> {
    let body = serde_json::to_string(scenario).map_err(|e| Failure::local(&e.to_string()))?;
    typed("PUT", &format!("/scenarios/{id}"), Some(body), Some(etag)).await
}

/// Copies a stored scenario into a new draft.
pub async fn clone(id: ScenarioId) -> Result<Tagged, String> {
    typed("POST", &format!("/scenarios/{id}/clone"), None, None)
        .await
        .map_err(Failure::sentence)
}

/// Deletes a stored scenario; needs its current `ETag`.
pub async fn delete(id: ScenarioId) -> Result<(), String> {
    let (response, _) = call("GET", &format!("/scenarios/{id}"), None, None)
        .await
        .map_err(Failure::sentence)?;
    let etag = etag_of(&response);
    call("DELETE", &format!("/scenarios/{id}"), None, Some(&etag))
        .await
        .map(|_| ())
        .map_err(Failure::sentence)
}
