//! `GET /api/invoices` (the logged-in customer's invoices, filtered, sorted,
//! paged) and `GET /api/invoices/{id}` (lines and payments; another
//! customer's is 404).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{InvoiceDetail, InvoiceListResponse, InvoiceStatus};
use serde::Deserialize;

use crate::clock;
use crate::error::AppError;
use crate::invoice::{self, list};
use crate::query::{self, ApiQuery, PageQuery};
use crate::session::Session;
use crate::state::AppState;
use crate::statement;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invoices", get(list))
        .route("/api/invoices/{id}", get(detail))
}

/// `?status=&sort=&page=&per_page=`.
#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(flatten)]
    paging: PageQuery,
}

/// The customer's invoices, a page at a time.
#[utoipa::path(get, path = "/api/invoices", tag = "invoices",
    params(
        ("status" = Option<InvoiceStatus>, Query, description = "Only invoices with this status (`all` or blank: every status)."),
        ("sort" = Option<String>, Query, description = "`-issue_date` (newest first, the default), `issue_date`, `due_date`, `-due_date`, `number`, `-number`, `total`, `-total`, `balance_due`, `-balance_due`."),
        PageQuery,
    ),
    responses((status = 200, body = InvoiceListResponse), (status = 400), (status = 401)))]
async fn list(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<InvoiceListResponse>, AppError> {
    let status: Option<InvoiceStatus> = match q.status.as_deref().map(str::trim).unwrap_or("") {
        "" | "all" => None,
        s => Some(invoice::parse_status(s).ok_or_else(|| {
            query::invalid("`status` must be one of open, overdue, partially_paid, paid.")
        })?),
    };
    let (page, per_page) = q.paging.checked()?;
    let sort = list::order_by(q.sort.as_deref().map(str::trim).unwrap_or("")).ok_or_else(|| {
        query::invalid("`sort` must be one of -issue_date (newest first), issue_date, due_date, -due_date, number, -number, total, -total, balance_due, -balance_due.")
    })?;
    let today = clock::iso(clock::today());
    let (rows, total) = list::page(
        &state.pool,
        &session.customer_id,
        status,
        sort,
        page,
        per_page,
        &today,
    )
    .await?;
    Ok(Json(InvoiceListResponse {
        invoices: rows.into_iter().map(|r| r.summary(&today)).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    }))
}

/// An invoice with its lines and payments.
#[utoipa::path(get, path = "/api/invoices/{id}", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id (`inv_…`)")),
    responses((status = 200, body = InvoiceDetail), (status = 401), (status = 404)))]
async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<InvoiceDetail>, AppError> {
    match statement::invoice_detail(&state.pool, &session.customer_id, &id).await? {
        Some(d) => Ok(Json(d)),
        None => {
            tracing::warn!(target: "security", event = "idor_or_missing", customer = %session.customer_id, requested = %crate::log_safe::clean(&id), resource = "invoice", "invoice not found for this customer");
            Err(AppError::not_found("invoice"))
        }
    }
}
