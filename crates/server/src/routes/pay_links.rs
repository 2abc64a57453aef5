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

/// The invoice a payment link pays.
#[utoipa::path(get, path = "/api/pay-links/{token}", tag = "payment-links", security(()),
    params(("token" = String, Path, description = "The payment link's token")),
    responses((status = 200, body = PaymentLinkResponse), (status = 400), (status = 404), (status = 410)))]
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

/// Pay through a payment link (no login).
#[utoipa::path(post, path = "/api/pay-links/{token}/payments", tag = "payment-links", security(()),
    params(("token" = String, Path, description = "The payment link's token"), ("Idempotency-Key" = String, Header, description = "1 to 255 printable ASCII characters, unique per payment: a retry with the same key answers the same payment.")),
    request_body = PayRequest,
    responses((status = 200, body = Payment), (status = 400), (status = 404), (status = 409), (status = 410), (status = 413), (status = 415), (status = 429), (status = 502)))]
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

/// A link payment's true state.
#[utoipa::path(get, path = "/api/pay-links/{token}/payments/{id}", tag = "payment-links", security(()),
    params(("token" = String, Path, description = "The payment link's token"), ("id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment), (status = 400), (status = 404), (status = 410)))]
async fn read(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Json<Payment>, AppError> {
    let row = link_payment(&state, &token, &id, Use::Read).await?;
    let row = payment::refresh(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}

/// Record a link payment's outcome after the code step.
#[utoipa::path(post, path = "/api/pay-links/{token}/payments/{id}/confirm", tag = "payment-links", security(()),
    params(("token" = String, Path, description = "The payment link's token"), ("id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment), (status = 400), (status = 404), (status = 409), (status = 410)))]
async fn confirm(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Json<Payment>, AppError> {
    let row = link_payment(&state, &token, &id, Use::Pay).await?;
    let row = payment::confirm(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}
