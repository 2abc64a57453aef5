//! [`app`]: the whole portal as one axum `Router`, with its layer stack.

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
use crate::{routes, static_files};

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
    Router::new()
        .merge(api)
        .with_state(state)
        .merge(spa)
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

/// Drops the secret part of paths that carry one (signed links, invitations).
fn redact(path: &str) -> String {
    for prefix in ["/api/pay-links/", "/api/invitations/"] {
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
