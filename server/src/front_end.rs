//! The built front end (`web/dist`): one flat directory of the page, its scripts, styles
//! and WebAssembly. `cargo xtask web` names every file but `index.html` after its
//! content (`STEM.HASH.EXT`, HASH 16 hex digits of its SHA-256) and writes a brotli
//! (`NAME.br`) and a gzip (`NAME.gz`) copy beside each. A request gets the copy of the
//! coding its `Accept-Encoding` weighs highest (brotli on a tie), else the file itself,
//! with `Vary: Accept-Encoding`: nothing is compressed while serving. A fingerprinted
//! file never changes under its name, so it is sent `public, max-age=31536000,
//! immutable`; `index.html` (and any other name) with `no-cache` and an `ETag`, so a
//! browser revalidates the page (a 304 costs no body) and so finds a new build's names.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;

/// Where the built front end is.
#[derive(Debug, Clone)]
pub struct FrontEnd(pub PathBuf);

/// Mounts the front end at `/` (`/` is `index.html`).
pub fn config(dir: PathBuf) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(FrontEnd(dir))).service(
            web::resource("/{file:[^/]*}")
                .route(web::get().to(serve))
                .route(web::head().to(serve)),
        );
    }
}

/// The precompressed copies, preferred in this order on equal weights: the suffix of
/// the copy's file, the coding's name in `Accept-Encoding`, the coding.
const COPIES: [(&str, &str, ContentEncoding); 2] = [
    ("br", "br", ContentEncoding::Brotli),
    ("gz", "gzip", ContentEncoding::Gzip),
];
/// How many hex digits of its content's hash a fingerprinted name carries (written by
/// `cargo xtask web`).
const FINGERPRINT_DIGITS: usize = 16;
/// How long a browser may keep a fingerprinted file: a year, never revalidated.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The weight (`q`, 0 to 1) the request's `Accept-Encoding` gives `coding`: its own
/// entry, else the `*` entry, else 0.
fn weight(request: &HttpRequest, coding: &str) -> f32 {
    let (mut named, mut any) = (None, None);
    for item in request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
    {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let q = parts
            .find_map(|p| p.strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case(coding) {
            named = Some(q);
        } else if name == "*" {
            any = Some(q);
        }
    }
    named.or(any).unwrap_or(0.0)
}

/// The copy of `plain` to send and its coding: of those on disk, the one the request
/// weighs highest above zero (brotli before gzip on a tie); `None` for the file itself.
fn chosen_copy(request: &HttpRequest, plain: &Path) -> Option<(PathBuf, ContentEncoding)> {
    let mut best: Option<(f32, PathBuf, ContentEncoding)> = None;
    for (suffix, name, coding) in COPIES {
        let q = weight(request, name);
        let copy = PathBuf::from(format!("{}.{suffix}", plain.display()));
        if q > 0.0 && best.as_ref().is_none_or(|(top, ..)| q > *top) && copy.is_file() {
            best = Some((q, copy, coding));
        }
    }
    best.map(|(_, copy, coding)| (copy, coding))
}

/// Whether `name` is `STEM.HASH.EXT` with HASH of the fingerprint's hex digits.
fn is_fingerprinted(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    matches!(parts.as_slice(), [stem, hash, extension]
        if !stem.is_empty()
            && !extension.is_empty()
            && hash.len() == FINGERPRINT_DIGITS
            && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

async fn serve(
    request: HttpRequest,
    front_end: web::Data<FrontEnd>,
) -> Result<HttpResponse, ApiError> {
    let asked = request.match_info().get("file").unwrap_or("");
    let name = if asked.is_empty() {
        "index.html"
    } else {
        asked
    };
    let missing = || {
        ApiError::NotFound(format!(
            "nothing at /{asked}; the API is under /api/v1 and described at /api/v1/openapi.json"
        ))
    };
    let is_copy = COPIES
        .iter()
        .any(|(suffix, ..)| name.ends_with(&format!(".{suffix}")));
    if name.starts_with('.') || name.contains('\\') || is_copy {
        return Err(missing());
    }
    let plain = front_end.0.join(name);
    if !plain.is_file() {
        return Err(missing());
    }
    let copy = chosen_copy(&request, &plain);
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let file = NamedFile::open_async(copy.as_ref().map_or(&plain, |(path, _)| path))
        .await
        .map_err(ApiError::internal)?
        .set_content_type(actix_files::file_extension_to_mime(extension))
        .prefer_utf8(true)
        .disable_content_disposition();
    let file = match copy {
        Some((_, coding)) => file.set_content_encoding(coding),
        None => file,
    };
    let mut response = file.into_response(&request);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_fingerprinted(name) {
            IMMUTABLE
        } else {
            "no-cache"
        }),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::{TestRequest, call_service, init_service, read_body};
    use actix_web::{App, http::StatusCode};

    const HASHED: &str = "web_bg.0123456789abcdef.wasm";

    fn weighs(accept: &str, coding: &str) -> f32 {
        weight(
            &TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, accept))
                .to_http_request(),
            coding,
        )
    }

    #[test]
    fn the_weights_are_the_ones_accept_encoding_gives() {
        assert_eq!(weighs("gzip, deflate, br, zstd", "br"), 1.0);
        assert_eq!(weighs("br;q=1.0, GZIP;q=0.5", "gzip"), 0.5);
        assert_eq!(weighs("*", "br"), 1.0);
        assert_eq!(weighs("gzip, *;q=0.2", "br"), 0.2);
        assert_eq!(weighs("br;q=0, *", "br"), 0.0);
        assert_eq!(weighs("gzip; q=0.000", "gzip"), 0.0);
        assert_eq!(weighs("identity", "gzip"), 0.0);
        assert_eq!(weight(&TestRequest::default().to_http_request(), "br"), 0.0);
    }

    #[test]
    fn only_stem_hash_extension_names_are_fingerprinted() {
        assert!(is_fingerprinted(HASHED));
        assert!(is_fingerprinted("style.fedcba9876543210.css"));
        assert!(!is_fingerprinted("index.html"));
        assert!(!is_fingerprinted("web_bg.wasm"));
        assert!(!is_fingerprinted("web_bg.0123456789ABCDEF.wasm"));
        assert!(!is_fingerprinted("web_bg.0123456789abcde.wasm"));
        assert!(!is_fingerprinted(".0123456789abcdef.wasm"));
    }

    /// A built front end in a scratch folder: the page, and a fingerprinted wasm with
    /// its brotli and gzip copies (each copy's bytes say which it is).
    fn front_end(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("planner-front-end-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        for (file, bytes) in [
            ("index.html", "<!doctype html>".as_bytes()),
            (HASHED, b"plain".as_slice()),
            (&format!("{HASHED}.br"), b"brotli".as_slice()),
            (&format!("{HASHED}.gz"), b"gzip".as_slice()),
        ] {
            std::fs::write(dir.join(file), bytes).expect("a file");
        }
        dir
    }

    /// `GET path` with this `Accept-Encoding` (none for `None`): the status, the headers
    /// asked for and the body.
    async fn get(
        dir: &Path,
        path: &str,
        accept: Option<&str>,
    ) -> (StatusCode, Vec<Option<String>>, Vec<u8>) {
        let app = init_service(App::new().configure(config(dir.to_path_buf()))).await;
        let mut request = TestRequest::get().uri(path);
        if let Some(accept) = accept {
            request = request.insert_header((header::ACCEPT_ENCODING, accept));
        }
        let response = call_service(&app, request.to_request()).await;
        let status = response.status();
        let headers = [
            header::CONTENT_ENCODING,
            header::CACHE_CONTROL,
            header::VARY,
            header::CONTENT_TYPE,
        ]
        .iter()
        .map(|name| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        })
        .collect();
        (status, headers, read_body(response).await.to_vec())
    }

    fn some(values: [&str; 4]) -> Vec<Option<String>> {
        values
            .iter()
            .map(|v| (!v.is_empty()).then(|| (*v).to_owned()))
            .collect()
    }

    #[actix_web::test]
    async fn a_fingerprinted_file_goes_out_in_the_best_accepted_coding_and_is_immutable() {
        let dir = front_end("codings");
        let path = format!("/{HASHED}");
        for (accept, coding, body) in [
            (Some("gzip, deflate, br, zstd"), "br", "brotli"),
            (Some("br;q=0.5, gzip"), "gzip", "gzip"),
            (Some("gzip"), "gzip", "gzip"),
            (Some("br"), "br", "brotli"),
            (Some("*"), "br", "brotli"),
            (Some("identity"), "", "plain"),
            (Some("br;q=0, gzip;q=0"), "", "plain"),
            (None, "", "plain"),
        ] {
            let (status, headers, bytes) = get(&dir, &path, accept).await;
            assert_eq!(status, StatusCode::OK, "{accept:?}");
            assert_eq!(
                headers,
                some([coding, IMMUTABLE, "accept-encoding", "application/wasm"]),
                "{accept:?}"
            );
            assert_eq!(bytes, body.as_bytes(), "{accept:?}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[actix_web::test]
    async fn the_page_is_revalidated_and_the_copies_are_not_served_by_name() {
        let dir = front_end("page");
        for path in ["/", "/index.html"] {
            let (status, headers, _) = get(&dir, path, Some("br, gzip")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(headers[1].as_deref(), Some("no-cache"), "{path}");
            assert_eq!(headers[2].as_deref(), Some("accept-encoding"), "{path}");
        }
        for path in [
            format!("/{HASHED}.br"),
            format!("/{HASHED}.gz"),
            "/web_bg.wasm".to_owned(),
        ] {
            let (status, ..) = get(&dir, &path, Some("br, gzip")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
