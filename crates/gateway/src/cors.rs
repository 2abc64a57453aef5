//! CORS for the publishable-key endpoints: exact registered origins only.
//!
//! A browser origin is allowed when it is registered for the merchant whose
//! key the request carries, or is the gateway's own configured origin (the
//! card frame). Never the origin of whatever `Host` the request names: under
//! DNS rebinding that is the attacker's page (see `host.rs`).
//! Preflights carry no key, so they pass for any origin registered with some
//! merchant; the real request is then checked against its key's merchant.
//! Allowed origins are echoed back; `*` is never sent, nor credentials allowed.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{merchant_for, KeyKind};
use crate::error::ApiError;
use crate::state::AppState;

/// Middleware for the publishable-key routes.
pub(crate) async fn pk_cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(origin) = origin else {
        // Not a browser cross-origin call (curl, a server, a test): no CORS.
        return next.run(req).await;
    };
    let own = state.public.is_own_origin(&origin);
    if req.method() == Method::OPTIONS {
        let registered = own
            || state
                .merchants
                .iter()
                .any(|m| m.allowed_origins.iter().any(|o| o == &origin));
        if !registered {
            tracing::warn!(origin = %origin, "CORS preflight from an unregistered origin");
            return refused();
        }
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        allow(headers, &origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return response;
    }
    let allowed = own
        || match merchant_for(&state, req.headers()) {
            Some((merchant, KeyKind::Publishable)) => {
                merchant.allowed_origins.iter().any(|o| o == &origin)
            }
            // No usable key: let the handler say so, readable by registered origins.
            _ => state
                .merchants
                .iter()
                .any(|m| m.allowed_origins.iter().any(|o| o == &origin)),
        };
    if !allowed {
        tracing::warn!(origin = %origin, path = %req.uri().path(), "request from an origin not registered for this key");
        return refused();
    }
    let mut response = next.run(req).await;
    allow(response.headers_mut(), &origin);
    response
}

fn refused() -> Response {
    let mut response = ApiError::new(
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
        "This website is not registered to use this gateway key.",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Origin"));
    response
}

fn allow(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
}
