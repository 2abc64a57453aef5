//! `/v1/payments`: list (by customer, invoice or status) and retrieve
//! payments with their refunds, and refund one in full or in part
//! (`POST /v1/payments/{id}/refunds`, idempotent, audited; see
//! [`crate::refund`]).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{BusinessPayment, CreateRefund, Page, PaymentStatus};
use serde::Deserialize;

use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::json::ApiJson;
use crate::payment::record::{self, Filter, PaymentRow};
use crate::query::{self, ApiQuery, CursorQuery};
use crate::refund::{self, record as refund_record, Asked};
use crate::state::AppState;
use crate::v1::auth::Caller;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/payments", get(list))
        .route("/payments/{id}", get(retrieve))
        .route("/payments/{id}/refunds", post(create_refund))
        .route("/refunds/{id}", get(retrieve_refund))
}

/// A payment with its refunds, as stored: a read never calls the gateway
/// (GET changes nothing, A3); a pending refund is resumed by a repeat of
/// its request and at start-up.
async fn business_view(state: &AppState, row: &PaymentRow) -> Result<BusinessPayment, AppError> {
    let refunds = refund_record::of_payment(&state.pool, &row.id).await?;
    Ok(row.to_business(&refunds))
}

/// A payment, with its refunds.
#[utoipa::path(get, path = "/payments/{id}", tag = "business",
    params(("id" = String, Path, description = "`pay_…`")),
    responses((status = 200, body = BusinessPayment), (status = 404)))]
async fn retrieve(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<BusinessPayment>, AppError> {
    let row = record::load(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    Ok(Json(business_view(&state, &row).await?))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    customer: Option<String>,
    #[serde(default)]
    invoice: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(flatten)]
    cursor: CursorQuery,
}

/// Payments, newest first, a page at a time.
#[utoipa::path(get, path = "/payments", tag = "business",
    params(
        ("customer" = Option<String>, Query, description = "Only this customer's (`cus_…`)."),
        ("invoice" = Option<String>, Query, description = "Only this invoice's (`inv_…`)."),
        ("status" = Option<portal_api::PaymentStatus>, Query, description = "Only payments in this state."),
        CursorQuery,
    ),
    responses((status = 200, body = Page<BusinessPayment>), (status = 400)))]
async fn list(
    State(state): State<AppState>,
    _: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<BusinessPayment>>, AppError> {
    let (limit, cursor) = q.cursor.checked()?;
    let status = q
        .status
        .as_deref()
        .map(|s| {
            s.trim().parse::<PaymentStatus>().map_err(|_| {
                query::invalid(
                    "`status` must be one of pending, requires_action, succeeded, declined, failed.",
                )
            })
        })
        .transpose()?;
    let filter = Filter {
        customer_id: q.customer.as_deref().map(str::trim),
        invoice_id: q.invoice.as_deref().map(str::trim),
        status,
    };
    let after = match cursor {
        None => None,
        Some(id) => {
            let not_in_list =
                || query::invalid("`starting_after` must be the id of a payment in this list.");
            let last = record::load(&state.pool, id)
                .await?
                .ok_or_else(not_in_list)?;
            let in_list = filter.customer_id.is_none_or(|c| c == last.customer_id)
                && filter
                    .invoice_id
                    .is_none_or(|i| Some(i) == last.invoice_id.as_deref())
                && filter.status.is_none_or(|s| s == last.status);
            if !in_list {
                return Err(not_in_list());
            }
            Some((last.created_at, last.id))
        }
    };
    let (rows, has_more) = record::page_of(
        &state.pool,
        &filter,
        limit,
        after.as_ref().map(|(at, id)| (*at, id.as_str())),
    )
    .await?;
    let mut data = Vec::with_capacity(rows.len());
    for row in &rows {
        data.push(business_view(&state, row).await?);
    }
    Ok(Json(Page { data, has_more }))
}

/// Refund a succeeded payment, in full or in part.
#[utoipa::path(post, path = "/payments/{id}/refunds", tag = "business",
    params(("id" = String, Path, description = "`pay_…`")),
    request_body = CreateRefund,
    responses((status = 201, body = portal_api::BusinessRefund), (status = 400), (status = 404), (status = 409), (status = 413), (status = 415)))]
async fn create_refund(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreateRefund>,
) -> Result<Response, AppError> {
    let (row, replayed) = refund::create(
        &state,
        &Asked {
            payment_id: &id,
            request: &request,
            api_key_id: &key.id,
            idempotency_key: &idempotency_key,
        },
    )
    .await?;
    // A replay answers as the first time (201), with the refund as it is now.
    Ok(Replayable {
        body: (StatusCode::CREATED, Json(row.to_api())),
        replayed,
    }
    .into_response())
}

/// A refund.
#[utoipa::path(get, path = "/refunds/{id}", tag = "business",
    params(("id" = String, Path, description = "`re_…`")),
    responses((status = 200, body = portal_api::BusinessRefund), (status = 404)))]
async fn retrieve_refund(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<portal_api::BusinessRefund>, AppError> {
    let row = refund_record::load(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found("refund"))?;
    Ok(Json(row.to_api()))
}
