//! Serving the built SPA: files with their MIME type (`application/wasm`),
//! precompressed `.br`/`.gz` when present (else compressed on the fly),
//! content-hashed files cacheable for good, `index.html` revalidated, and
//! `index.html` for unknown paths so client-side routes load.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;

/// The router serving `dir` (or a short "not built" page without one).
pub fn router(dir: Option<&Path>) -> Router {
    let Some(dir) = dir else {
        return Router::new()
            .fallback(not_built)
            .layer(middleware::from_fn(cache_control));
    };
    let index = dir.join("index.html");
    let spa = SpaFallback { index };
    let serve = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(tower::service_fn(move |req: Request| {
            let spa = spa.clone();
            async move { Ok::<_, std::convert::Infallible>(spa.answer(req).await) }
        }));
    Router::new()
        .fallback_service(serve)
        .layer(middleware::from_fn(cache_control))
}

#[derive(Clone)]
struct SpaFallback {
    index: PathBuf,
}

impl SpaFallback {
    async fn answer(&self, req: Request) -> Response {
        let path = req.uri().path().to_owned();
        if path == "/api" || path.starts_with("/api/") {
            return AppError::new(
                StatusCode::NOT_FOUND,
                portal_api::ErrorCode::NotFound,
                "No such endpoint.",
            )
            .into_response();
        }
        let last = path.rsplit('/').next().unwrap_or("");
        if looks_like_asset(last) {
            // A missing asset is a 404, not the app's page.
            return (StatusCode::NOT_FOUND, "Not found").into_response();
        }
        match ServeFile::new(&self.index)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(req)
            .await
        {
            Ok(r) => r.map(Body::new),
            Err(e) => AppError::internal(format!("serving index.html: {e}")).into_response(),
        }
    }
}

/// Whether the last path segment names a file (`app.css`, `logo.svg`), not
/// a client route that merely has dots in it (`/pay/<id>.<expiry>.<signature>`):
/// a file's extension is one to five letters or digits, starting with a letter.
fn looks_like_asset(last: &str) -> bool {
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.starts_with(|c: char| c.is_ascii_alphabetic())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

async fn not_built(req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return AppError::new(
            StatusCode::NOT_FOUND,
            portal_api::ErrorCode::NotFound,
            "No such endpoint.",
        )
        .into_response();
    }
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><title>Portal</title><p>The portal app is not built. Run <code>cargo xtask run</code>."),
    )
        .into_response()
}

/// Whether a file name carries a content hash (trunk: `name-<hex>.ext`,
/// `name-<hex>_bg.wasm`; trunk drops leading zeros, so 12 or more hex
/// characters with at least one digit).
pub fn is_content_hashed(file: &str) -> bool {
    file.split(['-', '.', '_']).any(|part| {
        part.len() >= 12
            && part.bytes().all(|b| b.is_ascii_hexdigit())
            && part.bytes().any(|b| b.is_ascii_digit())
    })
}

async fn cache_control(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    if path.starts_with("/api") {
        return response;
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let value = if response.status().is_success() && is_content_hashed(file) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_link_routes_are_not_mistaken_for_files() {
        assert!(looks_like_asset("portal-3f2a.js"));
        assert!(looks_like_asset("favicon.svg"));
        assert!(looks_like_asset("portal_bg.wasm"));
        assert!(!looks_like_asset(
            "inv_06136f.1796784520.5cf62b66da9b1a0dff76d89544b06a6f"
        ));
        assert!(!looks_like_asset("invoices"));
        assert!(!looks_like_asset("v1.2"));
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_content_hashed("portal-5f2c1e0d3a4b8c9e.js"));
        assert!(is_content_hashed("portal-5f2c1e0d3a4b8c9e_bg.wasm"));
        assert!(is_content_hashed("portal-8ae7762f2f254de_bg.wasm"));
        assert!(!is_content_hashed("embed.js"));
        assert!(!is_content_hashed("embed-demo.html"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("favicon.svg"));
        assert!(!is_content_hashed("invoices"));
    }
}
