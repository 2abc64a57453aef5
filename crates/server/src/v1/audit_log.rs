//! `GET /v1/audit-log`: every write made through the business API, newest
//! first, a page at a time.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{AuditEntry, Page};

use crate::audit;
use crate::error::AppError;
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/audit-log", get(list))
}

/// Every write made through the business API, newest first.
#[utoipa::path(get, path = "/audit-log", tag = "business",
    params(CursorQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 400)))]
async fn list(
    State(state): State<AppState>,
    _: Caller,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    let (limit, cursor) = q.checked()?;
    let before = cursor
        .map(|c| {
            c.strip_prefix("aud_")
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    query::invalid("`starting_after` must be the id of an audit entry (`aud_…`).")
                })
        })
        .transpose()?;
    let (data, has_more) = audit::page(&state.pool, limit, before).await?;
    Ok(Json(Page { data, has_more }))
}
