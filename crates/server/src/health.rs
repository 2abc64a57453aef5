//! `GET /healthz` (the process answers) and `GET /readyz` (and can reach its
//! database) for a load balancer or an orchestrator. They answer whatever
//! the `Host` header (a probe asks by address, not by the public name) and
//! say nothing about the business or its customers.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::state::AppState;

/// How long `/readyz` waits for the database before calling it unreachable.
const DATABASE_WAIT: Duration = Duration::from_secs(2);

/// The two probes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
}

async fn live() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let probe = sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.pool);
    match tokio::time::timeout(DATABASE_WAIT, probe).await {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database answered with an error");
            unavailable()
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer in time");
            unavailable()
        }
    }
}

fn unavailable() -> (StatusCode, Json<Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "status": "unavailable", "database": "unreachable" })),
    )
}
