//! The `/api` routes; each resource module owns its `router()`.

mod config;
mod invoices;
mod session;

use axum::Router;

use crate::state::AppState;

/// Every `/api` route (without the guard and layers, which `app()` adds).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(config::router())
        .merge(session::router())
        .merge(invoices::router())
}
