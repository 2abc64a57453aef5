//! Payment links: `GET /api/pay-links/{token}` shows the link's invoice,
//! and its payments are made and read under it. Making and revoking links
//! is the business's (`/v1/payment-links`).

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{PayRequest, Payment, PaymentLinkResponse};

use crate::client_ip::ClientIp;
use crate::customer;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::json::ApiJson;
use crate::pay_link::{self, Use};
use crate::payment::{self, record, NewPayment};
use crate::state::AppState;
use crate::statement;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/pay-links/{token}", get(show))
        .route("/api/pay-links/{token}/payments", post(pay))
        .route("/api/pay-links/{token}/payments/{id}", get(read))
        .route(
            "/api/pay-links/{token}/payments/{id}/confirm",
            post(confirm),
        )
}

async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PaymentLinkResponse>, AppError> {
    let target = pay_link::resolve(&state, &token, Use::Pay).await?;
    let mut invoice =
        statement::invoice_detail(&state.pool, &target.customer_id, &target.invoice_id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
    // Someone holding a link sees the invoice, not the customer's cards.
    for p in &mut invoice.payments {
        p.card = None;
    }
    let customer_name = customer::name(&state.pool, &target.customer_id).await?;
    Ok(Json(PaymentLinkResponse {
        business_name: state.settings.business_name.clone(),
        customer_name,
        invoice,
        expires_at: target.expires_at,
    }))
}

async fn pay(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    key: Result<IdempotencyKey, AppError>,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<impl IntoResponse, AppError> {
    let target = pay_link::resolve(&state, &token, Use::Pay).await?;
    let new = NewPayment::from_request(
        &target.customer_id,
        Some(target.invoice_id),
        key?.0,
        request,
        true,
    )?
    .acting_from(ip);
    let (row, replayed) = payment::start(&state, new).await?;
    Ok(Replayable {
        body: Json(payment::to_api(&state, &row).await?),
        replayed,
    })
}

async fn link_payment(
    state: &AppState,
    token: &str,
    id: &str,
    usage: Use,
) -> Result<record::PaymentRow, AppError> {
    let target = pay_link::resolve(state, token, usage).await?;
    record::find_by_link(&state.pool, &target.invoice_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))
}

async fn read(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Json<Payment>, AppError> {
    let row = link_payment(&state, &token, &id, Use::Read).await?;
    let row = payment::refresh(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}

async fn confirm(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Json<Payment>, AppError> {
    let row = link_payment(&state, &token, &id, Use::Pay).await?;
    let row = payment::confirm(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}
