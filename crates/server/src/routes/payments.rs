//! Payments: pay an invoice, make a deposit, read a payment's true state,
//! confirm after the code step. Every create needs an `Idempotency-Key`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::HashMap;

use axum::extract::Query;
use portal_api::{ErrorCode, PayRequest, PaymentListResponse};

use crate::billing;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::payment::{self, record, NewPayment, MAX_AMOUNT};
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

/// Turns a [`PayRequest`] into a [`NewPayment`] after checking its fields.
pub fn new_payment(
    customer_id: &str,
    invoice_id: Option<String>,
    headers: &HeaderMap,
    request: PayRequest,
    via_link: bool,
) -> Result<NewPayment, AppError> {
    let key = payment::check_idempotency_key(
        headers.get("idempotency-key").and_then(|v| v.to_str().ok()),
    )?;
    billing::validate(&request.billing_address)?;
    let currency = request.amount.currency.trim().to_ascii_lowercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_AMOUNT,
            "The currency must be a three-letter code, e.g. usd.",
        ));
    }
    if request.amount.amount <= 0 {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_AMOUNT,
            "Enter an amount greater than zero.",
        ));
    }
    if request.amount.amount > MAX_AMOUNT {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_AMOUNT,
            "The amount is too large.",
        ));
    }
    Ok(NewPayment {
        customer_id: customer_id.to_owned(),
        invoice_id,
        amount: request.amount.amount,
        currency,
        source: request.source,
        billing: billing::normalize(&request.billing_address),
        idempotency_key: key,
        via_link,
    })
}

/// The answer to a create: the payment, marked when it was a replay.
pub async fn answer(
    state: &AppState,
    row: &record::PaymentRow,
    replayed: bool,
) -> Result<Response, AppError> {
    let body = payment::to_api(state, row).await?;
    let mut response = Json(body).into_response();
    if replayed {
        response.headers_mut().insert(
            HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}

async fn pay_invoice(
    State(state): State<AppState>,
    session: Session,
    Path(invoice_id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<Response, AppError> {
    let new = new_payment(
        &session.customer_id,
        Some(invoice_id),
        &headers,
        request,
        false,
    )?;
    let (row, replayed) = payment::start(&state, new).await?;
    answer(&state, &row, replayed).await
}

async fn deposit(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PayRequest>,
) -> Result<Response, AppError> {
    let new = new_payment(&session.customer_id, None, &headers, request, false)?;
    if new.currency != state.settings.currency {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_AMOUNT,
            format!(
                "Deposits are in {}.",
                state.settings.currency.to_uppercase()
            ),
        ));
    }
    let (row, replayed) = payment::start(&state, new).await?;
    answer(&state, &row, replayed).await
}

async fn owned(
    state: &AppState,
    session: &Session,
    id: &str,
) -> Result<record::PaymentRow, AppError> {
    match record::load(&state.pool, id).await? {
        Some(row) if row.customer_id == session.customer_id => Ok(row),
        _ => {
            tracing::warn!(target: "security", event = "idor_or_missing", customer = %session.customer_id, requested = %crate::log_safe::clean(id), resource = "payment", "payment not found for this customer");
            Err(AppError::not_found("payment"))
        }
    }
}

/// The payment's true state: an unfinished one is checked with the gateway
/// (reading, never charging).
async fn read(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let row = owned(&state, &session, &id).await?;
    let row = payment::refresh(&state, row).await?;
    answer(&state, &row, false).await
}

/// After the browser passed the code step with the gateway: the server asks
/// the gateway what happened and records that (the browser's word is not taken).
async fn confirm(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let row = owned(&state, &session, &id).await?;
    let row = match row.status.as_str() {
        "pending" => payment::drive(&state, row).await?,
        _ => payment::refresh(&state, row).await?,
    };
    answer(&state, &row, false).await
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PaymentListResponse>, AppError> {
    let Query(params) = query.map_err(|_| {
        AppError::bad_request(ErrorCode::INVALID_QUERY, "The query string is not valid.")
    })?;
    let page = crate::routes::invoices::parse_u32(&params, "page", 1, 1, 1_000_000)?;
    let per_page = crate::routes::invoices::parse_u32(&params, "per_page", 20, 1, 100)?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE customer_id = ?")
        .bind(&session.customer_id)
        .fetch_one(&state.pool)
        .await?;
    let rows: Vec<record::PaymentRow> = sqlx::query_as(&format!(
        "SELECT {} FROM payments WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        record::COLUMNS
    ))
    .bind(&session.customer_id)
    .bind(i64::from(per_page))
    .bind(i64::from(page - 1) * i64::from(per_page))
    .fetch_all(&state.pool)
    .await?;
    let mut payments = Vec::with_capacity(rows.len());
    for row in &rows {
        payments.push(payment::to_api(&state, row).await?);
    }
    Ok(Json(PaymentListResponse {
        payments,
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    }))
}
