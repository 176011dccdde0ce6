//! Static files compiled into the binary. URLs carry a content hash (`?v=…`), so
//! a matching request may be cached for a year; a deploy changes the hash.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const FILES: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/app.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../assets/favicon.svg"),
    },
];

/// `(name, url)` for every asset, computed once.
static URLS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|a| (a.name, format!("/assets/{}?v={}", a.name, hash(a))))
        .collect()
});

fn hash(asset: &Asset) -> String {
    Sha256::digest(asset.bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The cache-busting URL of an asset.
pub fn url(name: &str) -> &'static str {
    URLS.iter()
        .find(|(n, _)| *n == name)
        .map_or("/assets/missing", |(_, u)| u.as_str())
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = FILES.iter().find(|a| a.name == file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}\"", hash(asset));
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = asset.bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response
}
