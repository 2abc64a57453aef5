//! Security headers on every response: CSP, nosniff, referrer policy,
//! `no-store` on the API, HSTS over https.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::state::Settings;

/// The prebuilt header values.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    https: bool,
}

impl SecurityHeaders {
    /// Builds the headers for `settings`; `index_html` is the SPA's page, whose
    /// inline scripts (trunk's loader) are allowed by hash, never by `'unsafe-inline'`.
    pub fn new(settings: &Settings, index_html: Option<&str>) -> Self {
        let csp = content_security_policy(settings, index_html);
        Self {
            csp: HeaderValue::from_str(&csp).unwrap_or_else(|_| {
                HeaderValue::from_static("default-src 'self'; object-src 'none'; base-uri 'none'")
            }),
            https: settings.https,
        }
    }
}

/// The portal's Content-Security-Policy.
pub fn content_security_policy(settings: &Settings, index_html: Option<&str>) -> String {
    let gateway = crate::state::origin_of(&settings.gateway_url).unwrap_or_default();
    let mut script_src = "'self' 'wasm-unsafe-eval'".to_owned();
    for hash in index_html.map(inline_script_hashes).unwrap_or_default() {
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' {gateway}; frame-src {gateway}; object-src 'none'; base-uri 'none'; \
         frame-ancestors {}; form-action 'self'",
        sanitize_sources(&settings.frame_ancestors)
    )
}

/// Only characters a source list may hold (no `;` to inject directives).
fn sanitize_sources(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| *c != ';' && *c != ',')
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "'self'".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// Base64 SHA-256 of each inline `<script>` body (no `src`).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script") {
        let tag_start = at + start;
        let Some(tag_end) = lower[tag_start..].find('>').map(|e| tag_start + e + 1) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|e| tag_end + e) else {
            break;
        };
        let tag = &lower[tag_start..tag_end];
        if !tag.contains(" src=") {
            let body = &html[tag_end..close];
            if !body.trim().is_empty() {
                hashes.push(
                    base64::engine::general_purpose::STANDARD
                        .encode(Sha256::digest(body.as_bytes())),
                );
            }
        }
        at = close;
    }
    hashes
}

/// Adds the security headers to every response.
pub async fn security_headers(
    State(h): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, h.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if h.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b1_inline_scripts_are_hashed_and_src_scripts_are_not() {
        let html = r#"<html><script src="/a.js"></script><script type="module">import init from '/x.js';</script></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/x.js';"));
        assert_eq!(hashes[0], expected);
    }

    #[test]
    fn b2_frame_ancestors_cannot_inject_directives() {
        assert_eq!(
            sanitize_sources("https://a.example; script-src *"),
            "https://a.example script-src *"
        );
        assert_eq!(sanitize_sources(""), "'self'");
    }
}
