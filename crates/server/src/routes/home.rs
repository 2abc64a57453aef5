//! `GET /api/summary` (balance, overdue, recent activity) and
//! `GET /api/invoices/{id}` (lines and payments; another customer's is 404).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{
    ActivityItem, ActivityKind, InvoiceDetail, InvoiceLine, InvoicePayment, Money, SummaryResponse,
};
use sqlx::SqlitePool;

use crate::clock;
use crate::error::AppError;
use crate::payment::record::{card_of, status_of};
use crate::routes::invoices::InvoiceRow;
use crate::session::Session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/summary", get(summary))
        .route("/api/invoices/{id}", get(detail))
}

/// Balance, overdue amount and counts of a customer.
pub async fn balances(
    pool: &SqlitePool,
    customer_id: &str,
    today: &str,
) -> Result<(i64, i64, i64, i64), AppError> {
    let row: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(balance_due), 0), \
                COALESCE(SUM(CASE WHEN due_date < ? THEN balance_due ELSE 0 END), 0), \
                COUNT(*), \
                COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0) \
         FROM invoices WHERE customer_id = ? AND balance_due > 0",
    )
    .bind(today)
    .bind(today)
    .bind(customer_id)
    .fetch_one(pool)
    .await?;
    Ok(row)
}

async fn summary(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SummaryResponse>, AppError> {
    let today = clock::iso(clock::today());
    let currency = state.settings.currency.clone();
    let money = |amount: i64| Money {
        amount,
        currency: currency.clone(),
    };
    let (balance, overdue, unpaid, overdue_count) =
        balances(&state.pool, &session.customer_id, &today).await?;
    let credit: i64 = sqlx::query_scalar("SELECT credit_balance FROM customers WHERE id = ?")
        .bind(&session.customer_id)
        .fetch_one(&state.pool)
        .await?;

    let issued: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, number, issue_date, currency, total FROM invoices WHERE customer_id = ? \
         ORDER BY issue_date DESC, number DESC LIMIT 10",
    )
    .bind(&session.customer_id)
    .fetch_all(&state.pool)
    .await?;
    type PaidRow = (
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        i64,
        i64,
    );
    let paid: Vec<PaidRow> = sqlx::query_as(
        "SELECT p.id, p.kind, p.invoice_id, i.number, p.currency, p.amount, p.updated_at FROM payments p \
         LEFT JOIN invoices i ON i.id = p.invoice_id \
         WHERE p.customer_id = ? AND p.status = 'succeeded' ORDER BY p.updated_at DESC LIMIT 10",
    )
    .bind(&session.customer_id)
    .fetch_all(&state.pool)
    .await?;

    // (sort key, item): payments carry a time, invoices a date.
    let mut items: Vec<(String, ActivityItem)> = Vec::new();
    for (id, number, date, currency, total) in issued {
        items.push((
            format!("{date}T00:00:00"),
            ActivityItem {
                kind: ActivityKind::InvoiceIssued,
                date: date.clone(),
                description: format!("Invoice {number} issued"),
                amount: Money {
                    amount: total,
                    currency,
                },
                invoice_id: Some(id),
                payment_id: None,
            },
        ));
    }
    for (id, kind, invoice_id, number, currency, amount, at) in paid {
        let ts = clock::rfc3339(at);
        let deposit = kind == "deposit";
        items.push((
            ts.clone(),
            ActivityItem {
                kind: if deposit {
                    ActivityKind::DepositReceived
                } else {
                    ActivityKind::PaymentReceived
                },
                date: ts.get(..10).unwrap_or_default().to_owned(),
                description: match (deposit, number) {
                    (true, _) => "Deposit received".to_owned(),
                    (false, Some(n)) => format!("Payment for {n} received"),
                    (false, None) => "Payment received".to_owned(),
                },
                amount: Money { amount, currency },
                invoice_id,
                payment_id: Some(id),
            },
        ));
    }
    items.sort_by(|a, b| b.0.cmp(&a.0));
    items.truncate(10);
    Ok(Json(SummaryResponse {
        balance_due: money(balance),
        overdue: money(overdue),
        unpaid_invoices: u32::try_from(unpaid).unwrap_or(u32::MAX),
        overdue_invoices: u32::try_from(overdue_count).unwrap_or(u32::MAX),
        credit: money(credit),
        recent_activity: items.into_iter().map(|(_, i)| i).collect(),
    }))
}

async fn detail(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<InvoiceDetail>, AppError> {
    match invoice_detail(&state.pool, &session.customer_id, &id).await? {
        Some(d) => Ok(Json(d)),
        None => {
            tracing::warn!(target: "security", event = "idor_or_missing", customer = %session.customer_id, requested = %crate::log_safe::clean(&id), resource = "invoice", "invoice not found for this customer");
            Err(AppError::not_found("invoice"))
        }
    }
}

/// An invoice with its lines and payments, if it belongs to `customer_id`.
pub async fn invoice_detail(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<InvoiceDetail>, AppError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, number, issue_date, due_date, currency, total, balance_due, memo FROM invoices \
         WHERE id = ? AND customer_id = ?",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, number, issue_date, due_date, currency, total, balance_due, memo)) = row else {
        return Ok(None);
    };
    let today = clock::iso(clock::today());
    let invoice = InvoiceRow {
        id: id.clone(),
        number,
        issue_date,
        due_date,
        currency: currency.clone(),
        total,
        balance_due,
    }
    .summary(&today);
    let lines: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT description, quantity, unit_amount, amount FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
    )
    .bind(&id)
    .fetch_all(pool)
    .await?;
    let lines = lines
        .into_iter()
        .map(|(description, quantity, unit, amount)| InvoiceLine {
            description,
            quantity,
            unit_price: Money {
                amount: unit,
                currency: currency.clone(),
            },
            amount: Money {
                amount,
                currency: currency.clone(),
            },
        })
        .collect();
    type PayRow = (
        String,
        i64,
        String,
        String,
        i64,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let payments: Vec<PayRow> = sqlx::query_as(
        "SELECT id, amount, currency, status, created_at, card_brand, card_last4, card_exp_month, card_exp_year, receipt_reference \
         FROM payments WHERE invoice_id = ? AND customer_id = ? ORDER BY created_at DESC, id",
    )
    .bind(&id)
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    let payments = payments
        .into_iter()
        .map(
            |(pid, amount, currency, status, created_at, brand, last4, m, y, reference)| {
                InvoicePayment {
                    id: pid,
                    amount: Money { amount, currency },
                    status: status_of(&status),
                    created_at: clock::rfc3339(created_at),
                    card: card_of(brand, last4, m, y),
                    reference,
                }
            },
        )
        .collect();
    Ok(Some(InvoiceDetail {
        invoice,
        memo,
        lines,
        payments,
    }))
}
