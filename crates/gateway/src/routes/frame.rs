//! The card-entry frame's static files, at `/elements/card/`.
//!
//! Every answer carries a Content-Security-Policy whose `frame-ancestors` lists
//! only registered merchant origins (those of the merchant named by `?key=pk_…`
//! when given, else of every merchant), so no other site can embed the frame.
//! Inline scripts in HTML pages (trunk's loader) are allowed by their SHA-256
//! hash, never by `'unsafe-inline'`.

use std::path::{Component, Path as FsPath, PathBuf};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::keyed::secrets_equal;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct FrameQuery {
    key: Option<String>,
}

pub(crate) async fn index(
    state: State<AppState>,
    query: Result<Query<FrameQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    serve(state, String::new(), query).await
}

pub(crate) async fn file(
    state: State<AppState>,
    Path(path): Path<String>,
    query: Result<Query<FrameQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    serve(state, path, query).await
}

async fn serve(
    State(state): State<AppState>,
    path: String,
    query: Result<Query<FrameQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let key = query.ok().and_then(|Query(q)| q.key);
    let ancestors = frame_ancestors(&state, key.as_deref());
    let Some(dir) = state.config.frame_dir.as_deref() else {
        return not_built();
    };
    let Some(relative) = safe_relative(&path) else {
        return ApiError::not_found("not_found", "No such file.").into_response();
    };
    let full = dir.join(&relative);
    let bytes = match tokio::fs::read(&full).await {
        Ok(bytes) => bytes,
        Err(_) if !dir.is_dir() || relative == FsPath::new("index.html") => return not_built(),
        Err(_) => return ApiError::not_found("not_found", "No such file.").into_response(),
    };
    let mime = mime_for(&full);
    let is_html = mime.starts_with("text/html");
    let script_hashes = if is_html {
        inline_script_hashes(&String::from_utf8_lossy(&bytes))
    } else {
        Vec::new()
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors {ancestors}",
        script_hashes
            .iter()
            .map(|h| format!(" 'sha256-{h}'"))
            .collect::<String>()
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_html { "no-store" } else { "no-cache" }),
    );
    response
}

fn not_built() -> Response {
    ApiError::not_found(
        "frame_not_built",
        "The card-entry frame is not built or not configured: run `cargo xtask setup` and start the gateway with --frame-dir.",
    )
    .into_response()
}

/// The `frame-ancestors` source list: registered origins only, `'none'` if there are none.
fn frame_ancestors(state: &AppState, key: Option<&str>) -> String {
    let merchant = key.and_then(|key| {
        state
            .merchants
            .iter()
            .find(|m| secrets_equal(key, &m.publishable_key))
    });
    let mut origins: Vec<&str> = match merchant {
        Some(m) => m.allowed_origins.iter().map(String::as_str).collect(),
        None => state
            .merchants
            .iter()
            .flat_map(|m| m.allowed_origins.iter().map(String::as_str))
            .collect(),
    };
    // A CSP source may not contain spaces, semicolons or commas.
    origins.retain(|o| !o.is_empty() && !o.contains([' ', ';', ',', '\'']));
    origins.sort_unstable();
    origins.dedup();
    if origins.is_empty() {
        "'none'".to_owned()
    } else {
        origins.join(" ")
    }
}

/// A path inside the frame directory, or `None` for anything that could leave it.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.contains(['\\', '\0']) {
        return None;
    }
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let relative = PathBuf::from(&path);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

fn mime_for(path: &FsPath) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Base64 SHA-256 of each inline `<script>` (one without `src`), for the CSP.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| i + at) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        let tag = &lower[start..open_end];
        if !tag.contains(" src=") && !tag.contains("\tsrc=") && !tag.contains("\nsrc=") {
            let content = html.get(open_end..close).unwrap_or("");
            let digest = Sha256::digest(content.as_bytes());
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        at = close;
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_frame_directory() {
        assert_eq!(safe_relative(""), Some(PathBuf::from("index.html")));
        assert_eq!(
            safe_relative("pkg/app.js"),
            Some(PathBuf::from("pkg/app.js"))
        );
        assert_eq!(safe_relative("../secret"), None);
        assert_eq!(safe_relative("a/../../b"), None);
        assert_eq!(safe_relative("/etc/passwd"), None);
        assert_eq!(safe_relative("a\\..\\b"), None);
    }

    #[test]
    fn b2_inline_scripts_are_hashed_external_ones_are_not() {
        let html = r#"<script src="/a.js"></script><SCRIPT type="module">init()</SCRIPT>"#;
        let hashes = inline_script_hashes(html);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes, vec![expected]);
    }
}
