//! The `/api` routes, HTTP only: each resource module owns its `router()`,
//! reads the request and answers it through the modules that own the data
//! (`invoice`, `payment`, `customer`, `saved_card`, `pay_link`, …). No route
//! module uses another.

mod config;
mod invoices;
mod openapi;
mod outbox;
mod password_links;
mod pay_links;
mod payment_methods;
mod payments;
mod portal_sessions;
mod session;
mod sub_accounts;
mod summary;

use axum::Router;

use crate::state::AppState;

/// Every `/api` route (without the guard and layers, which `app()` adds).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(config::router())
        .merge(session::router())
        .merge(invoices::router())
        .merge(summary::router())
        .merge(payment_methods::router())
        .merge(payments::router())
        .merge(password_links::router())
        .merge(sub_accounts::router())
        .merge(outbox::router())
        .merge(pay_links::router())
        .merge(portal_sessions::router())
        .merge(openapi::router())
}
