//! `GET /api/config`: what the SPA needs before anyone logs in.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::PortalConfig;

use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/config", get(config))
}

/// The portal's public configuration (what the pages need before login).
#[utoipa::path(get, path = "/api/config", tag = "config", security(()),
    responses((status = 200, body = PortalConfig)))]
async fn config(State(state): State<AppState>) -> Json<PortalConfig> {
    let s = &state.settings;
    Json(PortalConfig {
        gateway_url: s.gateway_url.clone(),
        publishable_key: s.publishable_key.clone(),
        business_name: s.business_name.clone(),
        currency: s.currency.clone(),
        allow_partial_payments: s.allow_partial_payments,
    })
}
