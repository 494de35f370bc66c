//! The few things the page asks of the browser: local storage, the address bar, file
//! downloads and uploads. Everything fails soft: a browser that refuses storage still
//! runs the simulator.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use shared::Scenario;
use shared::plan::Words;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

const DRAFT_KEY: &str = "sme-planner.draft";
const LANG_KEY: &str = "sme-planner.lang";
const SHARE_PREFIX: &str = "#s=";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads a remembered value.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Remembers a value; false when the browser refuses.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The address's `lang=` (`?lang=en`, `?execution&lang=en`) when it names a language.
fn address_lang() -> Option<String> {
    query()
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find(|lang| shared::Lang::parse(lang).is_some())
        .map(str::to_owned)
}

/// The interface language, `zh` or `en`: the address's `lang=` when it names one (a
/// link sent with `?lang=en` opens in English), else the remembered choice.
pub fn saved_lang() -> Option<String> {
    address_lang().or_else(|| load(LANG_KEY))
}

/// Remembers the interface language, and takes `lang=` out of the address so that the
/// choice holds from now on (and on a reload).
pub fn save_lang(lang: &str) {
    save(LANG_KEY, lang);
    if address_lang().is_none() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let kept: Vec<String> = query()
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
        .map(str::to_owned)
        .collect();
    let search = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    let (Ok(path), Ok(hash)) = (location.pathname(), location.hash()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let link = format!("{path}{search}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
    }
}

/// The local draft, if one was kept and is still a valid scenario.
pub fn draft() -> Option<Scenario> {
    Scenario::from_json(&load(DRAFT_KEY)?).ok()
}

/// Keeps the scenario as the local draft.
pub fn save_draft(scenario: &Scenario) -> bool {
    save(DRAFT_KEY, &scenario.to_json_pretty())
}

/// Forgets the local draft.
pub fn clear_draft() {
    remove(DRAFT_KEY);
}

/// The share link of a scenario: the page's address with the scenario itself in the
/// fragment, so it opens without the server's storage.
pub fn share_fragment(scenario: &Scenario) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_default();
    format!("{SHARE_PREFIX}{}", URL_SAFE_NO_PAD.encode(json.as_bytes()))
}

/// Decodes a share fragment (`#s=…`); what is wrong with it in both languages.
pub fn scenario_from_fragment(fragment: &str) -> Option<Result<Scenario, Words>> {
    let encoded = fragment.strip_prefix(SHARE_PREFIX)?;
    let json = URL_SAFE_NO_PAD
        .decode(encoded.as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    Some(match json {
        Some(json) => {
            Scenario::from_json(&json).map_err(|error| crate::state::scenario_problems(&error))
        }
        None => Err(Words::new(
            "分享链接已损坏，无法解码",
            "the share link is damaged and cannot be decoded",
        )),
    })
}

/// The address bar's query string, e.g. `?present`.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The address bar's fragment.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Puts a fragment in the address bar without reloading, and returns the full link.
pub fn set_location_hash(fragment: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let base = format!(
        "{}{}{}",
        location.origin().ok()?,
        location.pathname().ok()?,
        location.search().ok()?
    );
    let link = format!("{base}{fragment}");
    let _ = window.history().ok()?.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&link),
    );
    Some(link)
}

/// Copies text to the clipboard, best effort.
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Offers a file for download.
pub fn download(filename: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(filename, &blob);
    }
}

/// Offers a blob for download.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(anchor) = document
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads the first file of a file input as text and hands it to `done`.
pub fn read_file(input: &web_sys::HtmlInputElement, done: impl FnOnce(String) + 'static) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let reader_for_load = reader.clone();
    let onload = Closure::once(move || {
        if let Some(text) = reader_for_load.result().ok().and_then(|r| r.as_string()) {
            done(text);
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
    input.set_value("");
}

/// Milliseconds since the page started, for the latency probe.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Calls `handler` for every key pressed anywhere in the page while the component lives.
/// The handler of the first render is kept: capture only stable things (dispatchers).
#[yew::hook]
pub fn use_document_keydown<F>(handler: F)
where
    F: Fn(web_sys::KeyboardEvent) + 'static,
{
    let handler = std::rc::Rc::new(handler);
    yew::use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event| handler(event));
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = &document {
            let _ = document
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = document {
                let _ = document.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Moves the keyboard's focus to the element with `id` (made focusable for it when it
/// is not already, such as a section) and scrolls it into view: where a skip link lands,
/// without touching the address's fragment, which holds share links.
pub fn focus_by_id(id: &str) {
    if let Some(element) = focusable(id) {
        let _ = element.focus();
        element.scroll_into_view();
    }
}

/// Moves the keyboard's focus to the first of these elements the page has, as
/// [`focus_by_id`] but scrolling only as far as the browser needs to show it: where
/// focus goes when the control that had it goes away.
pub fn focus_first(ids: &[&str]) {
    if let Some(element) = ids.iter().find_map(|id| focusable(id)) {
        let _ = element.focus();
    }
}

/// The element with `id`, made focusable (by script only) when it is not already.
fn focusable(id: &str) -> Option<web_sys::HtmlElement> {
    let element = web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    if element.tab_index() < 0 && !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    Some(element)
}

/// Whether a key event happened on a control that Enter or Space presses itself (a
/// button, a link, a field).
pub fn on_control(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(
                element.tag_name().as_str(),
                "BUTTON" | "A" | "INPUT" | "SELECT" | "TEXTAREA"
            )
        })
}
