//! `GET /api/dev/outbox`: the emails the portal "sent" (demo mode only).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::OutboxResponse;

use crate::error::AppError;
use crate::outbox;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/dev/outbox", get(dev_outbox))
}

async fn dev_outbox(State(state): State<AppState>) -> Result<Json<OutboxResponse>, AppError> {
    if !state.settings.demo {
        return Err(AppError::not_found("endpoint"));
    }
    let messages = outbox::recent(&state.pool).await?;
    Ok(Json(OutboxResponse { messages }))
}
