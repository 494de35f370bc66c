//! The typed client of the planner's REST API (`/api/v1`), for sign-in and saved
//! scenarios. Scenarios travel in the model crate's own file format; every failure
//! becomes a sentence a planner can read (the server's RFC 9457 `detail` when it sent
//! one).

use serde::Deserialize;
use serde_json::Value;
use shared::Scenario;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

const BASE: &str = "/api/v1";
/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    /// Sign-in name.
    pub actor: String,
    /// viewer, planner, approver or admin.
    pub role: String,
}

/// One line of the scenario list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Summary {
    /// Server id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// draft, proposed or approved.
    pub status: String,
    /// Revision number.
    pub revision: i64,
    /// Last change.
    pub updated_at: Option<String>,
    /// Last editor.
    pub updated_by: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Page {
    items: Vec<Summary>,
}

/// A scenario as stored: its id, revision tag and status with the scenario itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// Server id.
    pub id: i64,
    /// The `ETag` to send with `If-Match`.
    pub etag: String,
    /// draft, proposed or approved.
    pub status: String,
    /// The scenario.
    pub scenario: Scenario,
}

async fn call(
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Result<(Response, Value), String> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = &body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(&format!("{BASE}{path}"), &init)
        .map_err(|_| "the request could not be built".to_owned())?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(tag) = if_match {
        let _ = headers.set("If-Match", tag);
    }
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| "the server cannot be reached".to_owned())?
        .dyn_into()
        .map_err(|_| "the server sent no response".to_owned())?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if response.ok() {
        Ok((response, value))
    } else {
        Err(problem_text(response.status(), &value))
    }
}

/// The sentence for a failed call: the problem's detail and every listed problem.
fn problem_text(status: u16, problem: &Value) -> String {
    let detail = problem["detail"]
        .as_str()
        .or_else(|| problem["title"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("the server answered {status}"));
    let listed: Vec<String> = problem["problems"]
        .as_array()
        .or_else(|| problem["errors"].as_array())
        .map(|items| {
            items
                .iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p["path"].as_str().unwrap_or(""),
                        p["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        format!("{detail} ({status})")
    } else {
        format!("{detail} ({status}): {}", listed.join("; "))
    }
}

/// The response's `ETag`, or an empty text when it has none.
fn etag_of(response: &Response) -> String {
    response
        .headers()
        .get("ETag")
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn stored(response: &Response, mut value: Value) -> Result<Stored, String> {
    let id = value["id"].as_i64().ok_or("the server sent no id")?;
    let status = value["status"].as_str().unwrap_or("draft").to_owned();
    let etag = etag_of(response);
    if let Some(object) = value.as_object_mut() {
        for key in shared::scenario::STORED_FIELDS {
            object.remove(key);
        }
    }
    let scenario = serde_json::from_value::<Scenario>(value)
        .map_err(|e| format!("the stored scenario does not parse: {e}"))?;
    Ok(Stored {
        id,
        etag,
        status,
        scenario,
    })
}

/// Signs in; the server sets an HttpOnly session cookie.
pub async fn sign_in(name: &str, password: &str) -> Result<Me, String> {
    let body = serde_json::json!({"name": name, "password": password}).to_string();
    call("POST", "/auth/sign-in", Some(body), None).await?;
    me().await
}

/// Signs out.
pub async fn sign_out() -> Result<(), String> {
    call("POST", "/auth/sign-out", None, None).await.map(|_| ())
}

/// Who is signed in, if anyone.
pub async fn me() -> Result<Me, String> {
    let (_, value) = call("GET", "/auth/me", None, None).await?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The saved scenarios, newest first.
pub async fn list(name: &str) -> Result<Vec<Summary>, String> {
    let query: String = js_sys::encode_uri_component(name).into();
    let (_, value) = call(
        "GET",
        &format!("/scenarios?per_page=100&name={query}"),
        None,
        None,
    )
    .await?;
    serde_json::from_value::<Page>(value)
        .map(|page| page.items)
        .map_err(|e| e.to_string())
}

/// Loads one scenario.
pub async fn load(id: i64) -> Result<Stored, String> {
    let (response, value) = call("GET", &format!("/scenarios/{id}"), None, None).await?;
    stored(&response, value)
}

/// Saves a new scenario.
pub async fn create(scenario: &Scenario) -> Result<Stored, String> {
    let body = serde_json::to_string(scenario).map_err(|e| e.to_string())?;
    let (response, value) = call("POST", "/scenarios", Some(body), None).await?;
    stored(&response, value)
}

/// Saves over a stored scenario, if nobody changed it since `etag`. An approved
/// scenario is frozen: the server stores the content as a new draft instead.
pub async fn update(id: i64, etag: &str, scenario: &Scenario) -> Result<Stored, String> {
    let body = serde_json::to_string(scenario).map_err(|e| e.to_string())?;
    let (response, value) =
        call("PUT", &format!("/scenarios/{id}"), Some(body), Some(etag)).await?;
    stored(&response, value)
}

/// Copies a stored scenario into a new draft.
pub async fn clone(id: i64) -> Result<Stored, String> {
    let (response, value) = call("POST", &format!("/scenarios/{id}/clone"), None, None).await?;
    stored(&response, value)
}

/// Deletes a stored scenario; needs its current `ETag`.
pub async fn delete(id: i64) -> Result<(), String> {
    let (response, _) = call("GET", &format!("/scenarios/{id}"), None, None).await?;
    let etag = etag_of(&response);
    call("DELETE", &format!("/scenarios/{id}"), None, Some(&etag))
        .await
        .map(|_| ())
}
