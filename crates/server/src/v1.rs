//! The business API, `/v1`: the business's own systems, server to server,
//! with a secret key (`Authorization: Bearer psk_…`, see [`crate::api_key`]).
//! It is not the customer API: no cookie, no CSRF token and no CORS work
//! here, and a key does not work on `/api`. Every write is idempotent
//! (`Idempotency-Key`) and recorded in the audit log.

mod audit_log;
mod auth;
mod customer_cards;
mod customers;
mod invoice_charges;
mod invoices;
mod payment_links;
mod payments;
mod portal_sessions;
mod write;

use axum::middleware;
use axum::Router;

use crate::error::AppError;
use crate::state::AppState;

/// The `/v1` routes (to be nested at `/v1`), behind the key check.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(customers::router())
        .merge(customer_cards::router())
        .merge(invoices::router())
        .merge(invoice_charges::router())
        .merge(payment_links::router())
        .merge(payments::router())
        .merge(portal_sessions::router())
        .merge(audit_log::router())
        .fallback(|| async { AppError::not_found("endpoint of the business API") })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ))
        .with_state(state)
}

/// The business API's operations for the OpenAPI document (paths as the
/// router above has them; `routes/openapi.rs` nests them at `/v1`): one
/// line per handler.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    customers::list,
    customers::create,
    customers::retrieve,
    customers::update,
    customers::archive,
    customers::invite,
    customers::upsert,
    customer_cards::cards,
    customer_cards::history,
    invoices::list,
    invoices::create,
    invoices::retrieve,
    invoices::update,
    invoices::void,
    invoices::upsert,
    invoice_charges::charge,
    payment_links::list,
    payment_links::create,
    payment_links::retrieve,
    payment_links::revoke,
    payments::list,
    payments::retrieve,
    payments::create_refund,
    payments::retrieve_refund,
    portal_sessions::create,
    audit_log::list,
))]
pub struct Paths;
