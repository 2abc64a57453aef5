//! `/v1/invoices`: create with lines (the server sums them; idempotent,
//! audited), retrieve, and list newest first (by customer, status or
//! external id, a page at a time).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{BusinessInvoice, BusinessInvoiceLine, CreateInvoice, ErrorCode, Page};
use serde::Deserialize;
use time::macros::format_description;
use time::Date;

use crate::audit;
use crate::clock;
use crate::customer::record as customer_record;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::ids::new_id;
use crate::invoice::parse_status;
use crate::invoice::record::{self, Filter, NewRecord, Taken};
use crate::json::ApiJson;
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;
use crate::v1::write::{self, checked_text, field, Write};

/// Most lines on an invoice.
const MAX_LINES: usize = 100;
/// Most of one item on a line.
const MAX_QUANTITY: i64 = 1_000_000;
/// Highest price of one item (minor units).
const MAX_UNIT_AMOUNT: i64 = 100_000_000_000;
/// Highest total (minor units).
const MAX_TOTAL: i64 = 1_000_000_000_000;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invoices", get(list).post(create))
        .route("/invoices/{id}", get(retrieve))
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
) -> Result<Replayable<axum::response::Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &request).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let customer = customer_record::find_in(write.tx(), &request.customer)
        .await?
        .ok_or_else(|| field("customer", "no such customer."))?;
    if customer.archived_at.is_some() {
        return Err(field("customer", "that customer is archived."));
    }
    let number = checked_text("number", &request.number, 50)?;
    let external_id = request
        .external_id
        .as_deref()
        .map(|e| checked_text("external_id", e, 100))
        .transpose()?;
    let issue = date("issue_date", &request.issue_date)?;
    let due = date("due_date", &request.due_date)?;
    if due < issue {
        return Err(field("due_date", "must not be before the issue date."));
    }
    let currency = request.currency.trim().to_lowercase();
    if currency != state.settings.currency {
        return Err(field(
            "currency",
            &format!(
                "must be the business's currency, {}.",
                state.settings.currency
            ),
        ));
    }
    let lines = checked_lines(&request)?;
    let total = lines
        .iter()
        .try_fold(0_i64, |sum, l| sum.checked_add(l.amount))
        .filter(|t| (1..=MAX_TOTAL).contains(t))
        .ok_or_else(|| {
            AppError::bad_request(
                ErrorCode::InvalidAmount,
                format!("lines: the total must be from 1 to {MAX_TOTAL} minor units."),
            )
        })?;
    if let Some(sent) = request.total {
        if sent != total {
            return Err(AppError::bad_request(
                ErrorCode::InvalidAmount,
                format!("total: the lines sum to {total}, not {sent}."),
            ));
        }
    }
    let memo = request
        .memo
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if memo.is_some_and(|m| m.chars().count() > 1000) {
        return Err(field("memo", "at most 1,000 characters."));
    }
    let id = new_id("inv");
    let (issue_date, due_date) = (clock::iso(issue), clock::iso(due));
    let new = NewRecord {
        id: &id,
        customer_id: &customer.id,
        number,
        external_id,
        issue_date: &issue_date,
        due_date: &due_date,
        currency: &currency,
        total,
        memo,
        lines: &lines,
        created_at: now,
    };
    match record::create(write.tx(), &new).await? {
        Ok(()) => {}
        Err(Taken::Number) => {
            return Err(AppError::conflict(
                ErrorCode::AlreadyExists,
                "number: the customer has an invoice with this number.",
            ))
        }
        Err(Taken::ExternalId) => {
            return Err(AppError::conflict(
                ErrorCode::AlreadyExists,
                "external_id: another invoice has this external id.",
            ))
        }
    }
    audit::record(write.tx(), &key.id, "invoice.create", &id, now).await?;
    let (row, lines) = record::find(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::internal("an invoice just created is missing"))?;
    let created = row.to_api(lines, &clock::iso(clock::today()));
    tracing::info!(key = %key.prefix(), invoice = %id, "invoice created through the business API");
    write.finish(StatusCode::CREATED, &created, now).await
}

/// A `YYYY-MM-DD` date.
fn date(name: &str, value: &str) -> Result<Date, AppError> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| field(name, "a date as YYYY-MM-DD."))
}

/// The lines with their amounts, each checked.
fn checked_lines(request: &CreateInvoice) -> Result<Vec<BusinessInvoiceLine>, AppError> {
    if request.lines.is_empty() || request.lines.len() > MAX_LINES {
        return Err(field("lines", &format!("1 to {MAX_LINES} lines.")));
    }
    request
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let description =
                checked_text(&format!("lines[{i}].description"), &line.description, 500)?;
            if !(1..=MAX_QUANTITY).contains(&line.quantity) {
                return Err(field(
                    &format!("lines[{i}].quantity"),
                    &format!("a whole number from 1 to {MAX_QUANTITY}."),
                ));
            }
            if !(0..=MAX_UNIT_AMOUNT).contains(&line.unit_amount) {
                return Err(AppError::bad_request(
                    ErrorCode::InvalidAmount,
                    format!("lines[{i}].unit_amount: from 0 to {MAX_UNIT_AMOUNT} minor units."),
                ));
            }
            let amount = line
                .quantity
                .checked_mul(line.unit_amount)
                .filter(|a| *a <= MAX_TOTAL)
                .ok_or_else(|| {
                    AppError::bad_request(
                        ErrorCode::InvalidAmount,
                        format!("lines[{i}]: quantity × unit_amount is over {MAX_TOTAL}."),
                    )
                })?;
            Ok(BusinessInvoiceLine {
                description: description.to_owned(),
                quantity: line.quantity,
                unit_amount: line.unit_amount,
                amount,
            })
        })
        .collect()
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
    #[serde(flatten)]
    cursor: CursorQuery,
}

/// Invoices, newest first, a page at a time.
#[utoipa::path(get, path = "/invoices", tag = "business",
    params(
        ("customer" = Option<String>, Query, description = "Only this customer's (`cus_…`)."),
        ("status" = Option<portal_api::InvoiceStatus>, Query, description = "Only invoices with this status."),
        ("external_id" = Option<String>, Query, description = "Only the invoice with this external id."),
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
            parse_status(s.trim()).ok_or_else(|| {
                query::invalid("`status` must be one of open, overdue, partially_paid, paid.")
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
            .map(|(row, lines)| row.to_api(lines, &today))
            .collect(),
        has_more,
    }))
}
