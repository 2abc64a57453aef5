//! The API guard: refuses foreign origins, resolves the session from its
//! cookie, and requires the CSRF header and token on every state change.

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
use crate::state::AppState;

/// Runs before every `/api` handler.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = client_ip(&request);
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !origin_ok(
            &state,
            origin,
            headers.get(header::HOST).and_then(|h| h.to_str().ok()),
        ) {
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
        // Logging in replaces any session, so it needs no token of the old one.
        let login = method == Method::POST && request.uri().path() == "/api/session";
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

fn origin_ok(state: &AppState, origin: &str, host: Option<&str>) -> bool {
    if state.settings.origin_allowed(origin) {
        return true;
    }
    // The page's own origin under another name for the same server
    // (localhost vs 127.0.0.1): same scheme, the Host the browser addressed.
    let scheme = if state.settings.https {
        "https"
    } else {
        "http"
    };
    host.is_some_and(|h| origin.eq_ignore_ascii_case(&format!("{scheme}://{h}")))
}
