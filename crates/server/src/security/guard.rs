//! The API guard: refuses foreign origins, resolves the session from its
//! cookie, and requires the CSRF header and token on every state change;
//! and the host guard in front of everything, which refuses names that are
//! not the portal's.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use subtle::ConstantTimeEq;

use crate::app::redact;
use crate::client_ip::client_ip;
use crate::clock;
use crate::error::AppError;
use crate::session::{self, CurrentSession};
use crate::state::{AppState, Settings};

/// Runs before every `/api` handler.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = client_ip(&request);
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !state.settings.origin_allowed(origin) {
            tracing::warn!(target: "security", event = "forbidden_origin", %ip, origin = %crate::log_safe::clean(origin), path = %redact(request.uri().path()));
            return AppError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::ForbiddenOrigin,
                "Requests from this site are not allowed.",
            )
            .into_response();
        }
    }
    let current = match session::cookie_value(headers, state.settings.cookie_name()) {
        Some(id) => match session::find(&state.pool, &id, clock::now()).await {
            Ok(s) => s,
            Err(e) => return AppError::from(e).into_response(),
        },
        None => None,
    };
    let method = request.method();
    let safe = method == Method::GET || method == Method::HEAD || method == Method::OPTIONS;
    if !safe {
        let header_ok = headers
            .get("x-requested-with")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("portal"));
        if !header_ok {
            tracing::warn!(target: "security", event = "csrf_rejected", reason = "missing X-Requested-With", %ip, path = %redact(request.uri().path()));
            return csrf_failed();
        }
        // Logging in (with a password or a portal session) replaces any
        // session, so it needs no token of the old one.
        let login = method == Method::POST
            && matches!(
                request.uri().path(),
                "/api/session" | "/api/portal-sessions/redeem"
            );
        if let (Some(s), false) = (&current, login) {
            let sent = headers
                .get("x-csrf-token")
                .map(|v| v.as_bytes())
                .unwrap_or(b"");
            if !bool::from(sent.ct_eq(s.csrf_token.as_bytes())) {
                tracing::warn!(target: "security", event = "csrf_rejected", reason = "bad X-CSRF-Token", %ip, customer = %s.customer_id, path = %redact(request.uri().path()));
                return csrf_failed();
            }
        }
    }
    request.extensions_mut().insert(CurrentSession(current));
    next.run(request).await
}

fn csrf_failed() -> Response {
    AppError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::CsrfFailed,
        "This request is missing its security token. Reload the page and try again.",
    )
    .into_response()
}

/// Runs before everything: refuses requests addressed to a name that is not
/// this portal's (DNS rebinding: a page on another site whose name now points
/// here sends its own name as `Host`). Requests without any (no browser
/// sends one) pass.
pub async fn host_guard(
    State(settings): State<Arc<Settings>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("").to_owned())
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    if let Some(host) = host {
        if !settings.host_allowed(&host) {
            let ip = client_ip(&request);
            tracing::warn!(target: "security", event = "forbidden_host", %ip, host = %crate::log_safe::clean(&host), path = %redact(request.uri().path()));
            return AppError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::ForbiddenOrigin,
                "Requests from this site are not allowed.",
            )
            .into_response();
        }
    }
    next.run(request).await
}
