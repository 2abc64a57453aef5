//! Payments: pay an invoice, make a deposit, list, read a payment's true
//! state, confirm after the code step. Every create needs an
//! `Idempotency-Key`.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{ErrorCode, PayRequest, Payment, PaymentListResponse};

use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::json::ApiJson;
use crate::payment::{self, record, NewPayment};
use crate::query::{ApiQuery, PageQuery};
use crate::session::Session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invoices/{id}/payments", post(pay_invoice))
        .route("/api/deposits", post(deposit))
        .route("/api/payments", get(list))
        .route("/api/payments/{id}", get(read))
        .route("/api/payments/{id}/confirm", post(confirm))
}

/// Pay an invoice (its balance, or less where partial payments are allowed).
#[utoipa::path(post, path = "/api/invoices/{id}/payments", tag = "payments",
    params(("id" = String, Path, description = "Invoice id"), ("Idempotency-Key" = String, Header, description = "1 to 255 printable ASCII characters, unique per payment: a retry with the same key answers the same payment.")),
    request_body = PayRequest,
    responses((status = 200, body = Payment), (status = 400), (status = 401), (status = 404), (status = 409), (status = 413), (status = 415), (status = 429), (status = 502)))]
async fn pay_invoice(
    State(state): State<AppState>,
    session: Session,
    Path(invoice_id): Path<String>,
    key: Result<IdempotencyKey, AppError>,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<impl IntoResponse, AppError> {
    let new = NewPayment::from_request(
        &session.customer_id,
        Some(invoice_id),
        key?.0,
        request,
        false,
    )?;
    let (row, replayed) = payment::start(&state, new).await?;
    Ok(Replayable {
        body: Json(payment::to_api(&state, &row).await?),
        replayed,
    })
}

/// Pay an amount on account (a deposit, in the business's currency).
#[utoipa::path(post, path = "/api/deposits", tag = "payments",
    params(("Idempotency-Key" = String, Header, description = "1 to 255 printable ASCII characters, unique per payment: a retry with the same key answers the same payment.")),
    request_body = PayRequest,
    responses((status = 200, body = Payment), (status = 400), (status = 401), (status = 404), (status = 409), (status = 413), (status = 415), (status = 429), (status = 502)))]
async fn deposit(
    State(state): State<AppState>,
    session: Session,
    key: Result<IdempotencyKey, AppError>,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<impl IntoResponse, AppError> {
    let new = NewPayment::from_request(&session.customer_id, None, key?.0, request, false)?;
    if new.currency != state.settings.currency {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            format!(
                "Deposits are in {}.",
                state.settings.currency.to_uppercase()
            ),
        ));
    }
    let (row, replayed) = payment::start(&state, new).await?;
    Ok(Replayable {
        body: Json(payment::to_api(&state, &row).await?),
        replayed,
    })
}

async fn owned(
    state: &AppState,
    session: &Session,
    id: &str,
) -> Result<record::PaymentRow, AppError> {
    match record::find(&state.pool, &session.customer_id, id).await? {
        Some(row) => Ok(row),
        None => {
            tracing::warn!(target: "security", event = "idor_or_missing", customer = %session.customer_id, requested = %crate::log_safe::clean(id), resource = "payment", "payment not found for this customer");
            Err(AppError::not_found("payment"))
        }
    }
}

/// The payment's true state: an unfinished one is checked with the gateway
/// (reading, never charging).
/// A payment's true state (ask again while `pending`).
#[utoipa::path(get, path = "/api/payments/{id}", tag = "payments",
    params(("id" = String, Path, description = "Payment id (`pay_…`)")),
    responses((status = 200, body = Payment), (status = 401), (status = 404)))]
async fn read(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<Payment>, AppError> {
    let row = owned(&state, &session, &id).await?;
    let row = payment::refresh(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}

/// After the browser passed the code step with the gateway: the server asks
/// the gateway what happened and records that (the browser's word is not taken).
/// Record the outcome after the code step.
#[utoipa::path(post, path = "/api/payments/{id}/confirm", tag = "payments",
    params(("id" = String, Path, description = "Payment id")),
    responses((status = 200, body = Payment), (status = 401), (status = 404), (status = 409)))]
async fn confirm(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<Payment>, AppError> {
    let row = owned(&state, &session, &id).await?;
    let row = payment::confirm(&state, row).await?;
    Ok(Json(payment::to_api(&state, &row).await?))
}

/// The customer's payments, newest first.
#[utoipa::path(get, path = "/api/payments", tag = "payments",
    params(PageQuery),
    responses((status = 200, body = PaymentListResponse), (status = 400), (status = 401)))]
async fn list(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<PaymentListResponse>, AppError> {
    let (page, per_page) = q.checked()?;
    let total = record::count(&state.pool, &session.customer_id).await?;
    let rows = record::page(&state.pool, &session.customer_id, page, per_page).await?;
    let mut payments = Vec::with_capacity(rows.len());
    for row in rows {
        // A code step abandoned meanwhile is shown as what it has become.
        let row = payment::settle_abandoned(&state, row).await?;
        payments.push(payment::to_api(&state, &row).await?);
    }
    Ok(Json(PaymentListResponse {
        payments,
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    }))
}
