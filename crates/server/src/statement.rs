//! What a customer's account pages show, read from more than one table:
//! the summary (balances, credit, recent activity) and an invoice with its
//! lines and payments. Here, so that neither the invoices' owner nor the
//! payments' owner has to know the other's rows.

use portal_api::{ActivityItem, ActivityKind, InvoiceDetail, Money, PaymentKind, SummaryResponse};
use sqlx::SqlitePool;

use crate::clock;
use crate::customer;
use crate::invoice;
use crate::payment::record;

/// How many items the recent activity shows.
const RECENT: i64 = 10;

/// An invoice with its lines and payments, if it belongs to `customer_id`.
pub async fn invoice_detail(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<InvoiceDetail>, sqlx::Error> {
    let Some((row, memo)) = invoice::find(pool, customer_id, id).await? else {
        return Ok(None);
    };
    let lines = invoice::lines(pool, &row.id, &row.currency).await?;
    let payments = record::of_invoice(pool, customer_id, &row.id).await?;
    Ok(Some(InvoiceDetail {
        invoice: row.summary(&clock::iso(clock::today())),
        memo,
        lines,
        payments,
    }))
}

/// Balance, overdue amount, credit and recent activity, in `currency`.
pub async fn summary(
    pool: &SqlitePool,
    customer_id: &str,
    currency: &str,
) -> Result<SummaryResponse, sqlx::Error> {
    let today = clock::iso(clock::today());
    let money = |amount: i64| Money {
        amount,
        currency: currency.to_owned(),
    };
    let b = invoice::balances(pool, customer_id, &today).await?;
    let credit = customer::credit(pool, customer_id).await?;
    Ok(SummaryResponse {
        balance_due: money(b.balance_due),
        overdue: money(b.overdue),
        unpaid_invoices: u32::try_from(b.unpaid).unwrap_or(u32::MAX),
        overdue_invoices: u32::try_from(b.overdue_count).unwrap_or(u32::MAX),
        credit: money(credit),
        recent_activity: recent_activity(pool, customer_id).await?,
    })
}

/// Invoices issued and payments received, newest first.
async fn recent_activity(
    pool: &SqlitePool,
    customer_id: &str,
) -> Result<Vec<ActivityItem>, sqlx::Error> {
    // (sort key, item): payments carry a time, invoices a date.
    let mut items: Vec<(String, ActivityItem)> = Vec::new();
    for inv in invoice::newest(pool, customer_id, RECENT).await? {
        items.push((
            format!("{}T00:00:00", inv.issue_date),
            ActivityItem {
                kind: ActivityKind::InvoiceIssued,
                date: inv.issue_date.clone(),
                description: format!("Invoice {} issued", inv.number),
                amount: Money {
                    amount: inv.total,
                    currency: inv.currency,
                },
                invoice_id: Some(inv.id),
                payment_id: None,
            },
        ));
    }
    for p in record::received(pool, customer_id, RECENT).await? {
        let ts = clock::rfc3339(p.at);
        let deposit = p.kind == PaymentKind::Deposit;
        items.push((
            ts.clone(),
            ActivityItem {
                kind: if deposit {
                    ActivityKind::DepositReceived
                } else {
                    ActivityKind::PaymentReceived
                },
                date: ts.get(..10).unwrap_or_default().to_owned(),
                description: match (deposit, p.invoice_number) {
                    (true, _) => "Deposit received".to_owned(),
                    (false, Some(n)) => format!("Payment for {n} received"),
                    (false, None) => "Payment received".to_owned(),
                },
                amount: Money {
                    amount: p.amount,
                    currency: p.currency,
                },
                invoice_id: p.invoice_id,
                payment_id: Some(p.id),
            },
        ));
    }
    items.sort_by(|a, b| b.0.cmp(&a.0));
    items.truncate(usize::try_from(RECENT).unwrap_or(10));
    Ok(items.into_iter().map(|(_, i)| i).collect())
}
