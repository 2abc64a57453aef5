//! `GET /api/dev/outbox`: the emails the portal "sent" (`--demo
//! --dev-outbox` only, and only to loopback clients: the outbox holds
//! invitation and payment links, which open accounts and invoices).

use std::net::IpAddr;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::OutboxResponse;

use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::outbox;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/dev/outbox", get(dev_outbox))
}

/// Emails sent (`--demo --dev-outbox`, loopback clients only; else 404).
#[utoipa::path(get, path = "/api/dev/outbox", tag = "dev", security(()),
    responses((status = 200, body = OutboxResponse), (status = 404)))]
async fn dev_outbox(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
) -> Result<Json<OutboxResponse>, AppError> {
    let loopback = ip
        .parse::<IpAddr>()
        .is_ok_and(|ip| ip.to_canonical().is_loopback());
    if !state.settings.dev_outbox || !loopback {
        if state.settings.dev_outbox {
            tracing::warn!(target: "security", event = "dev_outbox_refused", %ip, "dev outbox asked for by a client not on loopback");
        }
        return Err(AppError::not_found("endpoint"));
    }
    let messages = outbox::recent(&state.pool).await?;
    Ok(Json(OutboxResponse { messages }))
}
