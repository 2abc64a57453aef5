//! The `/api` routes; each resource module owns its `router()`.

mod accounts;
mod config;
pub mod home;
pub mod invoices;
pub mod links;
mod openapi;
mod payment_methods;
pub mod payments;
pub mod session;

use axum::Router;

use crate::state::AppState;

/// Every `/api` route (without the guard and layers, which `app()` adds).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(config::router())
        .merge(session::router())
        .merge(invoices::router())
        .merge(home::router())
        .merge(payment_methods::router())
        .merge(payments::router())
        .merge(accounts::router())
        .merge(links::router())
        .merge(openapi::router())
}
