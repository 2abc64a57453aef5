//! `/v1/payment-links`: make a link for an invoice (emailed to its customer
//! unless asked not to), retrieve, list (of an invoice) and revoke. A
//! revoked link stops working at its next use; a paid invoice's link shows
//! the invoice and takes no more money.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{BusinessPaymentLink, CreatePaymentLink, Page};
use serde::Deserialize;

use crate::audit;
use crate::clock;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::invoice;
use crate::json::ApiJson;
use crate::pay_link::{self, record, DEFAULT_LIFETIME, MAX_LIFETIME, MIN_LIFETIME};
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;
use crate::v1::write::{self, field, Write};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/payment-links", get(list).post(create))
        .route("/payment-links/{id}", get(retrieve))
        .route("/payment-links/{id}/revoke", post(revoke))
}

/// Make a payment link for an invoice (emailed to its customer unless `send_email` is false).
#[utoipa::path(post, path = "/payment-links", tag = "business",
    request_body = CreatePaymentLink,
    responses((status = 201, body = BusinessPaymentLink), (status = 400), (status = 409), (status = 413), (status = 415)))]
async fn create(
    State(state): State<AppState>,
    Caller(key): Caller,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreatePaymentLink>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let lifetime = request.expires_in.unwrap_or(DEFAULT_LIFETIME);
    if !(MIN_LIFETIME..=MAX_LIFETIME).contains(&lifetime) {
        return Err(field(
            "expires_in",
            &format!("from {MIN_LIFETIME} seconds to {MAX_LIFETIME} seconds (30 days)."),
        ));
    }
    let mut write = match write::begin(&state, &key, &idempotency_key, &request).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let invoice_id = request.invoice.trim();
    let recipient = invoice::recipient(write.tx(), invoice_id)
        .await?
        .ok_or_else(|| field("invoice", "no such invoice."))?;
    let row = pay_link::create(
        write.tx(),
        &state.settings,
        invoice_id,
        &recipient,
        lifetime,
        request.send_email.unwrap_or(true),
        now,
    )
    .await?;
    audit::record(write.tx(), &key.id, "payment_link.create", &row.id, now).await?;
    tracing::info!(key = %key.prefix(), link = %row.id, invoice = %row.invoice_id, "payment link made through the business API");
    let created = pay_link::to_api(&state.settings, &row, now);
    write.finish(StatusCode::CREATED, &created, now).await
}

/// A payment link.
#[utoipa::path(get, path = "/payment-links/{id}", tag = "business",
    params(("id" = String, Path, description = "`pl_…`")),
    responses((status = 200, body = BusinessPaymentLink), (status = 404)))]
async fn retrieve(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<BusinessPaymentLink>, AppError> {
    let row = record::load(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found("payment link"))?;
    Ok(Json(pay_link::to_api(&state.settings, &row, clock::now())))
}

/// Revoke a payment link: it stops working at once.
#[utoipa::path(post, path = "/payment-links/{id}/revoke", tag = "business",
    params(("id" = String, Path, description = "`pl_…`")),
    responses((status = 200, body = BusinessPaymentLink), (status = 400), (status = 404), (status = 409)))]
async fn revoke(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &("revoke", &id)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    if record::find(write.tx(), &id).await?.is_none() {
        return Err(AppError::not_found("payment link"));
    }
    record::revoke(write.tx(), &id, now).await?;
    audit::record(write.tx(), &key.id, "payment_link.revoke", &id, now).await?;
    let row = record::find(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("payment link"))?;
    tracing::info!(key = %key.prefix(), link = %id, "payment link revoked through the business API");
    let revoked = pay_link::to_api(&state.settings, &row, now);
    write.finish(StatusCode::OK, &revoked, now).await
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    invoice: Option<String>,
    #[serde(flatten)]
    cursor: CursorQuery,
}

/// Payment links, newest first, a page at a time.
#[utoipa::path(get, path = "/payment-links", tag = "business",
    params(
        ("invoice" = Option<String>, Query, description = "Only this invoice's (`inv_…`)."),
        CursorQuery,
    ),
    responses((status = 200, body = Page<BusinessPaymentLink>), (status = 400)))]
async fn list(
    State(state): State<AppState>,
    _: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<BusinessPaymentLink>>, AppError> {
    let (limit, cursor) = q.cursor.checked()?;
    let invoice = q.invoice.as_deref().map(str::trim);
    let after = match cursor {
        None => None,
        Some(id) => {
            let not_in_list = || {
                query::invalid("`starting_after` must be the id of a payment link in this list.")
            };
            let last = record::load(&state.pool, id)
                .await?
                .ok_or_else(not_in_list)?;
            if invoice.is_some_and(|i| i != last.invoice_id) {
                return Err(not_in_list());
            }
            Some((last.created_at, last.id))
        }
    };
    let (rows, has_more) = record::page(
        &state.pool,
        invoice,
        limit,
        after.as_ref().map(|(at, id)| (*at, id.as_str())),
    )
    .await?;
    let now = clock::now();
    Ok(Json(Page {
        data: rows
            .iter()
            .map(|row| pay_link::to_api(&state.settings, row, now))
            .collect(),
        has_more,
    }))
}
