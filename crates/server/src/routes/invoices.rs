//! `GET /api/invoices`: the logged-in customer's invoices, filtered, sorted, paged.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{ErrorCode, InvoiceListResponse, InvoiceStatus, InvoiceSummary, Money};
use sqlx::FromRow;

use crate::clock;
use crate::error::AppError;
use crate::invoice;
use crate::session::Session;
use crate::state::AppState;

/// Default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Largest page size.
pub const MAX_PER_PAGE: u32 = 100;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/invoices", get(list))
}

/// An invoice row as the list reads it.
#[derive(Debug, FromRow)]
pub struct InvoiceRow {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// Issue date.
    pub issue_date: String,
    /// Due date.
    pub due_date: String,
    /// Currency.
    pub currency: String,
    /// Total.
    pub total: i64,
    /// Balance.
    pub balance_due: i64,
}

impl InvoiceRow {
    /// The wire summary, with its status as of `today`.
    pub fn summary(self, today: &str) -> InvoiceSummary {
        InvoiceSummary {
            status: invoice::status(self.total, self.balance_due, &self.due_date, today),
            total: Money {
                amount: self.total,
                currency: self.currency.clone(),
            },
            balance_due: Money {
                amount: self.balance_due,
                currency: self.currency,
            },
            id: self.id,
            number: self.number,
            issue_date: self.issue_date,
            due_date: self.due_date,
        }
    }
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::bad_request(ErrorCode::INVALID_QUERY, message)
}

/// A whole-number query parameter within `min..=max`.
pub fn parse_u32(
    params: &HashMap<String, String>,
    name: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, AppError> {
    match params.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n) && s.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                invalid(format!(
                    "`{name}` must be a whole number from {min} to {max}."
                ))
            }),
    }
}

fn order_by(sort: &str) -> Option<&'static str> {
    Some(match sort {
        "" | "-issue_date" | "newest" => "issue_date DESC, number DESC",
        "issue_date" | "oldest" => "issue_date ASC, number ASC",
        "due_date" => "due_date ASC, number ASC",
        "-due_date" => "due_date DESC, number DESC",
        "number" => "number ASC",
        "-number" => "number DESC",
        "total" => "total ASC, number ASC",
        "-total" => "total DESC, number DESC",
        "balance_due" => "balance_due ASC, number ASC",
        "-balance_due" => "balance_due DESC, number DESC",
        _ => return None,
    })
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<InvoiceListResponse>, AppError> {
    let Query(params) = query.map_err(|_| invalid("The query string is not valid."))?;
    let status: Option<InvoiceStatus> = match params.get("status").map(|s| s.trim()).unwrap_or("") {
        "" | "all" => None,
        s => Some(invoice::parse_status(s).ok_or_else(|| {
            invalid("`status` must be one of open, overdue, partially_paid, paid.")
        })?),
    };
    let page = parse_u32(&params, "page", 1, 1, 1_000_000)?;
    let per_page = parse_u32(&params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)?;
    let sort = params.get("sort").map(|s| s.trim()).unwrap_or("");
    let order = order_by(sort).ok_or_else(|| {
        invalid("`sort` must be one of -issue_date (newest first), issue_date, due_date, -due_date, number, -number, total, -total, balance_due, -balance_due.")
    })?;
    let today = clock::iso(clock::today());
    let filter = status
        .map(invoice::status_condition)
        .unwrap_or("? IS NOT NULL");
    let count_sql = format!("SELECT COUNT(*) FROM invoices WHERE customer_id = ? AND {filter}");
    let total: i64 = sqlx::query_scalar(&count_sql)
        .bind(&session.customer_id)
        .bind(&today)
        .fetch_one(&state.pool)
        .await?;
    let list_sql = format!(
        "SELECT id, number, issue_date, due_date, currency, total, balance_due FROM invoices \
         WHERE customer_id = ? AND {filter} ORDER BY {order}, id LIMIT ? OFFSET ?"
    );
    let offset = i64::from(page - 1) * i64::from(per_page);
    let rows: Vec<InvoiceRow> = sqlx::query_as(&list_sql)
        .bind(&session.customer_id)
        .bind(&today)
        .bind(i64::from(per_page))
        .bind(offset)
        .fetch_all(&state.pool)
        .await?;
    Ok(Json(InvoiceListResponse {
        invoices: rows.into_iter().map(|r| r.summary(&today)).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    }))
}
