//! `GET /api/summary`: balance, overdue, credit and recent activity.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::SummaryResponse;

use crate::error::AppError;
use crate::session::Session;
use crate::state::AppState;
use crate::statement;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/summary", get(summary))
}

/// Balance, overdue and recent activity.
#[utoipa::path(get, path = "/api/summary", tag = "invoices",
    responses((status = 200, body = SummaryResponse), (status = 401)))]
async fn summary(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SummaryResponse>, AppError> {
    let summary =
        statement::summary(&state.pool, &session.customer_id, &state.settings.currency).await?;
    Ok(Json(summary))
}
