//! A customer's saved cards and their change history, read only, for the
//! business's staff (as ServiceTitan shows them on the customer record):
//! `GET /v1/customers/{id}/payment-methods` and
//! `GET /v1/customers/{id}/payment-method-history`. A card is only its
//! brand, last four, expiry, name and billing address (C5).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{PaymentMethodHistoryResponse, PaymentMethodListResponse};

use crate::clock;
use crate::customer::record as customer_record;
use crate::error::AppError;
use crate::saved_card::{self, MAX_CARDS};
use crate::state::AppState;
use crate::v1::auth::Caller;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/payment-methods", get(cards))
        .route("/customers/{id}/payment-method-history", get(history))
}

async fn known(state: &AppState, id: &str) -> Result<(), AppError> {
    customer_record::find(&state.pool, id)
        .await?
        .map(|_| ())
        .ok_or_else(|| AppError::not_found("customer"))
}

/// A customer's saved cards, the default first.
#[utoipa::path(get, path = "/customers/{id}/payment-methods", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    responses((status = 200, body = PaymentMethodListResponse), (status = 404)))]
async fn cards(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethodListResponse>, AppError> {
    known(&state, &id).await?;
    let today = clock::today();
    let cards = saved_card::list(&state.pool, &id).await?;
    Ok(Json(PaymentMethodListResponse {
        payment_methods: cards.iter().map(|c| c.to_api(today)).collect(),
        max_payment_methods: u32::try_from(MAX_CARDS).unwrap_or(u32::MAX),
    }))
}

/// Changes to a customer's saved cards (added, removed, default changed,
/// expiry updated: when, by whom), newest first.
#[utoipa::path(get, path = "/customers/{id}/payment-method-history", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    responses((status = 200, body = PaymentMethodHistoryResponse), (status = 404)))]
async fn history(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethodHistoryResponse>, AppError> {
    known(&state, &id).await?;
    let rows = saved_card::history(&state.pool, &id).await?;
    Ok(Json(PaymentMethodHistoryResponse {
        events: rows
            .into_iter()
            .filter_map(saved_card::Event::into_api)
            .collect(),
    }))
}
