//! [`app`]: the whole portal as one axum `Router`, with its layer stack, and
//! the health probes outside the `Host` check.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::Router;
use portal_api::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::security::{self, SecurityHeaders};
use crate::state::AppState;
use crate::{health, routes, static_files, v1};

/// Largest request body accepted (JSON requests are small).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The portal: `/api` (guarded, CORS for embedding origins) and the SPA.
pub fn app(state: AppState) -> Router {
    let index_html = state
        .settings
        .static_dir
        .as_ref()
        .and_then(|d| std::fs::read_to_string(d.join("index.html")).ok());
    let headers = Arc::new(SecurityHeaders::new(&state.settings, index_html.as_deref()));
    let api = routes::router()
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(security::cors_layer(&state.settings));
    let spa = static_files::router(state.settings.static_dir.as_deref());
    let timeout = state.settings.request_timeout;
    let settings = state.settings.clone();
    let probes = health::router().with_state(state.clone());
    let v1 = v1::router(state.clone());
    Router::new()
        .merge(api)
        .with_state(state)
        .merge(spa)
        .layer(middleware::from_fn_with_state(
            settings,
            security::host_guard,
        ))
        // A load balancer probes by address, not by the public name.
        .merge(probes)
        // Server to server, with a secret key: no cookies, CSRF or CORS.
        .nest("/v1", v1)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Outside the body limit and the timeout: their 413 and 408 get the
        // API's `{code, message}` shape too.
        .layer(middleware::from_fn(security::api_errors))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            headers,
            security::security_headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The path only: queries and bodies can carry what must not be logged.
            tracing::info_span!("request", method = %req.method(), path = %redact(req.uri().path()))
        }))
        .layer(SetSensitiveHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            header::SET_COOKIE,
        ]))
}

/// Drops the secret part of paths that carry one (signed links, invitations):
/// the API's and the SPA's page for a payment link (`/pay/<token>`), which
/// the browser loads first. Every log line that names a path goes through it.
pub(crate) fn redact(path: &str) -> String {
    for prefix in ["/api/pay-links/", "/api/invitations/", "/pay/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest
                .split_once('/')
                .map(|(_, t)| format!("/{t}"))
                .unwrap_or_default();
            return format!("{prefix}…{tail}");
        }
    }
    path.to_owned()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    AppError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "Something went wrong on our side. Please try again.",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a8_paths_with_tokens_are_redacted() {
        assert_eq!(redact("/pay/inv_1.1796784520.5cf62b66"), "/pay/…");
        assert_eq!(redact("/api/pay-links/inv_1.17.5cf6"), "/api/pay-links/…");
        assert_eq!(
            redact("/api/pay-links/inv_1.17.5cf6/payments/pay_2"),
            "/api/pay-links/…/payments/pay_2"
        );
        assert_eq!(redact("/invoices/inv_1"), "/invoices/inv_1");
    }
}
