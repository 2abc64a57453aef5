//! The key check in front of every `/v1` route: `Authorization: Bearer
//! psk_…` names a live key, or the answer is 401 (and the address's
//! failures are counted, 429 after too many); each key has a request
//! ceiling per minute. The key's secret is never logged (the header is
//! marked sensitive for the trace layer).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;

use crate::api_key::{self, ApiKey};
use crate::client_ip::client_ip;
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;

/// The key a `/v1` request was made with.
#[derive(Debug, Clone)]
pub struct Caller(pub ApiKey);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or_else(no_key)
    }
}

fn no_key() -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
        "Send a live secret API key: `Authorization: Bearer psk_…` (`portal-server keys create` makes one).",
    )
}

/// Runs before every `/v1` handler.
pub async fn require_key(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let ip = client_ip(&request);
    let now = clock::now();
    let failures_key = format!("api-key-ip:{ip}");
    if let Err(wait) = state.api_key_failures.check(&failures_key, now) {
        tracing::warn!(target: "security", event = "api_key_rate_limited", %ip, "business API refused: too many invalid keys");
        return AppError::rate_limited(wait).into_response();
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let key = match api_key::authenticate(&state.pool, presented, now).await {
        Ok(Some(key)) => key,
        Ok(None) => {
            state.api_key_failures.fail(&failures_key, now);
            tracing::warn!(target: "security", event = "api_key_invalid", %ip, sent = !presented.is_empty(), "business API refused: no live key");
            return no_key().into_response();
        }
        Err(e) => return AppError::from(e).into_response(),
    };
    let requests_key = format!("api-key:{}", key.id);
    if let Err(wait) = state.api_key_requests.check(&requests_key, now) {
        tracing::warn!(target: "security", event = "api_key_request_ceiling", %ip, key = %key.prefix(), "business API refused: the key's request ceiling");
        return AppError::rate_limited(wait).into_response();
    }
    state.api_key_requests.fail(&requests_key, now);
    request.extensions_mut().insert(Caller(key));
    next.run(request).await
}
