//! The gateway's routes, grouped by the key they take.

mod challenges;
mod charges;
mod customers;
mod frame;
mod payment_methods;
mod refunds;
mod sandbox;
mod tokens;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde_json::json;

use crate::cors::pk_cors;
use crate::error::ApiError;
use crate::json::BODY_LIMIT;
use crate::state::AppState;

/// Every route, with its state.
pub(crate) fn router(state: AppState) -> Router {
    // Called from browsers with the publishable key: CORS for registered origins.
    let publishable = Router::new()
        .route("/v1/tokens", post(tokens::create).options(preflight_only))
        .route(
            "/v1/challenges/{id}/verify",
            post(challenges::verify).options(preflight_only),
        )
        .route(
            "/v1/challenges/{id}/resend",
            post(challenges::resend).options(preflight_only),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), pk_cors));

    // Server to server with the secret key: no CORS at all.
    let secret = Router::new()
        .route("/v1/customers", post(customers::create))
        .route("/v1/customers/{id}", get(customers::get))
        .route(
            "/v1/customers/{id}/payment_methods",
            get(payment_methods::list),
        )
        .route("/v1/payment_methods", post(payment_methods::create))
        .route(
            "/v1/payment_methods/{id}",
            get(payment_methods::get)
                .delete(payment_methods::delete)
                .patch(payment_methods::update),
        )
        .route("/v1/charges", post(charges::create))
        .route("/v1/charges/{id}", get(charges::get))
        .route("/v1/charges/{id}/cancel", post(charges::cancel))
        .route("/v1/refunds", post(refunds::create))
        .route("/v1/refunds/{id}", get(refunds::get));

    let open = Router::new()
        .route(
            "/healthz",
            get(|| async { Json(json!({ "status": "ok" })) }),
        )
        .route("/v1/sandbox/outbox", get(sandbox::outbox))
        .route("/elements/card", get(redirect_to_frame))
        .route("/elements/card/", get(frame::index))
        .route("/elements/card/{*path}", get(frame::file));

    publishable
        .merge(secret)
        .merge(open)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Reached only when the CORS layer let a preflight through without answering it.
async fn preflight_only() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn redirect_to_frame() -> axum::response::Redirect {
    axum::response::Redirect::permanent("/elements/card/")
}

async fn not_found() -> ApiError {
    ApiError::not_found("not_found", "No such endpoint.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not take that HTTP method.",
    )
}
