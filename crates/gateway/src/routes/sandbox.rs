//! `GET /v1/sandbox/outbox`: the one-time codes "sent" to phones (sandbox mode only).

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct OutboxQuery {
    challenge: Option<String>,
}

pub(crate) async fn outbox(
    State(state): State<AppState>,
    query: Result<Query<OutboxQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    if !state.outbox.enabled() {
        return Err(ApiError::not_found(
            "not_found",
            "The sandbox outbox is off: start the gateway with --sandbox-outbox.",
        ));
    }
    let challenge = query.ok().and_then(|Query(q)| q.challenge);
    Ok(Json(
        json!({ "messages": state.outbox.messages(challenge.as_deref()) }),
    ))
}
