//! The built front end (`web/dist`): one flat directory of the page, its scripts, styles
//! and WebAssembly. `cargo xtask web` writes a gzipped copy (`NAME.gz`) beside every
//! file; a browser that accepts gzip gets that copy with `Content-Encoding: gzip`, so a
//! first visit transfers the wasm compressed without the server compressing anything.
//! Every file is sent with `Cache-Control: no-cache` and an `ETag`: the names are not
//! content-hashed, so a browser revalidates (a 304 costs no body) instead of keeping a
//! stale simulator.

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

/// Whether the request's `Accept-Encoding` takes gzip (with a weight above zero).
fn accepts_gzip(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let weight = parts
                .find_map(|p| p.strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && weight > 0.0
        })
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
    if name.starts_with('.') || name.contains('\\') || name.ends_with(".gz") {
        return Err(missing());
    }
    let plain = front_end.0.join(name);
    if !plain.is_file() {
        return Err(missing());
    }
    let gzipped = PathBuf::from(format!("{}.gz", plain.display()));
    let compressed = accepts_gzip(&request) && gzipped.is_file();
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let file = NamedFile::open_async(if compressed { &gzipped } else { &plain })
        .await
        .map_err(ApiError::internal)?
        .set_content_type(actix_files::file_extension_to_mime(extension))
        .prefer_utf8(true)
        .disable_content_disposition();
    let file = if compressed {
        file.set_content_encoding(ContentEncoding::Gzip)
    } else {
        file
    };
    let mut response = file.into_response(&request);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn with(accept: &str) -> bool {
        accepts_gzip(
            &TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, accept))
                .to_http_request(),
        )
    }

    #[test]
    fn gzip_is_sent_only_when_the_browser_takes_it() {
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("br"));
        assert!(!with("gzip;q=0"));
        assert!(!with("gzip; q=0.000"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&TestRequest::default().to_http_request()));
    }
}
