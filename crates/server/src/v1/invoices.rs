//! `/v1/invoices`: create with lines (the server sums them), update while
//! nothing was paid on it, void, upsert by external id (all idempotent and
//! audited), retrieve, and list newest first (by customer, status, external
//! id or last change, a page at a time). The checks and writes are
//! [`crate::invoice::draft`]'s and [`crate::invoice::write`]'s, shared with
//! the CSV import.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_api::{
    BusinessInvoice, BusinessInvoiceStatus, CreateInvoice, Page, UpdateInvoice, UpsertInvoice,
};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::audit;
use crate::clock;
use crate::customer::record as customer_record;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::invoice::draft::{self, Input};
use crate::invoice::record::{self, Filter, Record};
use crate::invoice::write::{self as invoice_write, Outcome};
use crate::json::ApiJson;
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;
use crate::v1::write::{self, field, Pending, Write};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invoices", get(list).post(create))
        .route("/invoices/{id}", get(retrieve).post(update))
        .route("/invoices/{id}/void", post(void))
        .route("/invoices/by-external-id/{external_id}", put(upsert))
}

/// Create an invoice with its lines (the server sums them).
#[utoipa::path(post, path = "/invoices", tag = "business",
    request_body = CreateInvoice,
    responses((status = 201, body = BusinessInvoice), (status = 400), (status = 409), (status = 413), (status = 415)))]
async fn create(
    State(state): State<AppState>,
    Caller(key): Caller,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreateInvoice>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &request).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let customer = draft::billable(customer_record::find_in(write.tx(), &request.customer).await?)?;
    let input = Input {
        number: &request.number,
        external_id: request.external_id.as_deref(),
        issue_date: &request.issue_date,
        due_date: &request.due_date,
        currency: &request.currency,
        lines: &request.lines,
        total: request.total,
        memo: request.memo.as_deref(),
    };
    let draft = draft::check(&input, &state.settings.currency)?;
    let id = invoice_write::create(write.tx(), customer, &draft, now).await?;
    audit::record(write.tx(), &key.id, "invoice.create", &id, now).await?;
    tracing::info!(key = %key.prefix(), invoice = %id, "invoice created through the business API");
    answer(write, StatusCode::CREATED, &id, now).await
}

/// `POST /v1/invoices/{id}`: the fields sent change, the rest stay, and the
/// whole is checked again as on create. 409 `invoice_paid`,
/// `invoice_has_payments` or `invoice_void` once that is no longer allowed.
#[utoipa::path(post, path = "/invoices/{id}", tag = "business",
    params(("id" = String, Path, description = "`inv_…`")),
    request_body = UpdateInvoice,
    responses((status = 200, body = BusinessInvoice), (status = 400), (status = 404), (status = 409), (status = 413), (status = 415)))]
async fn update(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<UpdateInvoice>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &(&id, &request)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let (existing, lines) = record::find(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    let old_lines = draft::resend(&lines);
    let input = Input {
        number: request.number.as_deref().unwrap_or(&existing.number),
        external_id: request
            .external_id
            .as_deref()
            .or(existing.external_id.as_deref()),
        issue_date: request
            .issue_date
            .as_deref()
            .unwrap_or(&existing.issue_date),
        due_date: request.due_date.as_deref().unwrap_or(&existing.due_date),
        currency: &existing.currency,
        lines: request.lines.as_deref().unwrap_or(&old_lines),
        total: request.total,
        memo: match &request.memo {
            Some(memo) => Some(memo.as_str()),
            None => existing.memo.as_deref(),
        },
    };
    let draft = draft::check(&input, &state.settings.currency)?;
    if invoice_write::update(write.tx(), &existing, &lines, &draft, now).await? == Outcome::Updated
    {
        audit::record(write.tx(), &key.id, "invoice.update", &id, now).await?;
    }
    answer(write, StatusCode::OK, &id, now).await
}

/// `POST /v1/invoices/{id}/void`: no balance, gone from the customer's
/// portal; again, nothing changes. 409 `invoice_paid` or
/// `invoice_has_payments` once something was paid on it.
#[utoipa::path(post, path = "/invoices/{id}/void", tag = "business",
    params(("id" = String, Path, description = "`inv_…`")),
    responses((status = 200, body = BusinessInvoice), (status = 400), (status = 404), (status = 409)))]
async fn void(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &("void", &id)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let (existing, _) = record::find(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    if invoice_write::void(write.tx(), &existing, now).await? == Outcome::Updated {
        audit::record(write.tx(), &key.id, "invoice.void", &id, now).await?;
        tracing::info!(key = %key.prefix(), invoice = %id, "invoice voided through the business API");
    }
    answer(write, StatusCode::OK, &id, now).await
}

/// `PUT /v1/invoices/by-external-id/{external_id}`: made (201) if no invoice
/// has the external id, else put in place of it (200, while nothing was
/// paid on it); the same request again changes nothing. An
/// `Idempotency-Key` is optional.
#[utoipa::path(put, path = "/invoices/by-external-id/{external_id}", tag = "business",
    params(("external_id" = String, Path, description = "Your own id for the invoice")),
    request_body = UpsertInvoice,
    responses((status = 200, body = BusinessInvoice), (status = 201, body = BusinessInvoice), (status = 400), (status = 409), (status = 413), (status = 415)))]
async fn upsert(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(external_id): Path<String>,
    idempotency_key: Option<IdempotencyKey>,
    ApiJson(request): ApiJson<UpsertInvoice>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let idempotency_key = idempotency_key.map(|k| k.0);
    let mut write = match write::begin_optional(
        &state,
        &key,
        idempotency_key.as_deref(),
        &("upsert", &external_id, &request),
    )
    .await?
    {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let customer = customer_record::find_in(write.tx(), &request.customer)
        .await?
        .ok_or_else(|| field("customer", "no such customer."))?;
    let input = Input {
        number: &request.number,
        external_id: Some(&external_id),
        issue_date: &request.issue_date,
        due_date: &request.due_date,
        currency: &request.currency,
        lines: &request.lines,
        total: request.total,
        memo: request.memo.as_deref(),
    };
    let draft = draft::check(&input, &state.settings.currency)?;
    let (id, outcome) = invoice_write::upsert(write.tx(), customer, &draft, now).await?;
    let status = match outcome {
        Outcome::Created => {
            audit::record(write.tx(), &key.id, "invoice.create", &id, now).await?;
            StatusCode::CREATED
        }
        Outcome::Updated => {
            audit::record(write.tx(), &key.id, "invoice.update", &id, now).await?;
            StatusCode::OK
        }
        Outcome::Unchanged => StatusCode::OK,
    };
    answer(write, status, &id, now).await
}

/// Reads invoice `id` back in the write's transaction and finishes with it.
async fn answer(
    mut write: Pending,
    status: StatusCode,
    id: &str,
    now: i64,
) -> Result<Replayable<Response>, AppError> {
    let (row, lines) = record::find(write.tx(), id)
        .await?
        .ok_or_else(|| AppError::internal("an invoice just written is missing"))?;
    let invoice = row.to_api(lines, &clock::iso(clock::today()));
    write.finish(status, &invoice, now).await
}

/// An invoice.
#[utoipa::path(get, path = "/invoices/{id}", tag = "business",
    params(("id" = String, Path, description = "`inv_…`")),
    responses((status = 200, body = BusinessInvoice), (status = 404)))]
async fn retrieve(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<BusinessInvoice>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (row, lines) = record::find(&mut conn, &id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    Ok(Json(row.to_api(lines, &clock::iso(clock::today()))))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    customer: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    updated_since: Option<String>,
    #[serde(flatten)]
    cursor: CursorQuery,
}

/// `updated_since`: RFC 3339 or Unix seconds.
fn parse_time(value: &str) -> Option<i64> {
    let value = value.trim();
    value.parse::<i64>().ok().or_else(|| {
        OffsetDateTime::parse(value, &Rfc3339)
            .ok()
            .map(OffsetDateTime::unix_timestamp)
    })
}

/// Invoices, newest first, a page at a time.
#[utoipa::path(get, path = "/invoices", tag = "business",
    params(
        ("customer" = Option<String>, Query, description = "Only this customer's (`cus_…`)."),
        ("status" = Option<portal_api::InvoiceStatus>, Query, description = "Only invoices with this status."),
        ("external_id" = Option<String>, Query, description = "Only the invoice with this external id."),
        ("updated_since" = Option<String>, Query, description = "Only invoices changed at or after this time (RFC 3339 or Unix seconds)."),
        CursorQuery,
    ),
    responses((status = 200, body = Page<BusinessInvoice>), (status = 400)))]
async fn list(
    State(state): State<AppState>,
    _: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<BusinessInvoice>>, AppError> {
    let (limit, cursor) = q.cursor.checked()?;
    let status = q
        .status
        .as_deref()
        .map(|s| {
            BusinessInvoiceStatus::ALL
                .iter()
                .find(|(_, name)| *name == s.trim())
                .map(|(status, _)| *status)
                .ok_or_else(|| {
                    query::invalid(
                        "`status` must be one of open, overdue, partially_paid, paid, void.",
                    )
                })
        })
        .transpose()?;
    let updated_since = q
        .updated_since
        .as_deref()
        .map(|s| {
            parse_time(s).ok_or_else(|| {
                query::invalid(
                    "`updated_since` must be a time as RFC 3339 (2026-12-01T00:00:00Z) or Unix seconds.",
                )
            })
        })
        .transpose()?;
    let after = match cursor {
        None => None,
        Some(id) => {
            let mut conn = state.pool.acquire().await?;
            let (last, _) = record::find(&mut conn, id).await?.ok_or_else(|| {
                query::invalid("`starting_after` must be the id of an invoice in this list.")
            })?;
            Some((last.created_at, last.id))
        }
    };
    let filter = Filter {
        customer_id: q.customer.as_deref().map(str::trim),
        status,
        external_id: q.external_id.as_deref().map(str::trim),
        updated_since,
    };
    let today = clock::iso(clock::today());
    let (rows, has_more) = record::page(
        &state.pool,
        &filter,
        &today,
        limit,
        after.as_ref().map(|(at, id)| (*at, id.as_str())),
    )
    .await?;
    Ok(Json(Page {
        data: rows
            .into_iter()
            .map(|(row, lines): (Record, _)| row.to_api(lines, &today))
            .collect(),
        has_more,
    }))
}
