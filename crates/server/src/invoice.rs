//! The `invoices` and `invoice_lines` tables: every query on them, and an
//! invoice's status, derived from its total, balance and due date (never
//! stored, so "overdue" is always true to today). The list's paging is in
//! [`list`]; the business API's view in [`record`], the checks every write
//! of an invoice passes in [`draft`], and the writes the API and the CSV
//! import share in [`write`]. A void invoice (business API)
//! is not the customer's to see: every query here leaves it out.

pub mod draft;
pub mod list;
pub mod record;
pub mod write;

use portal_api::{InvoiceLine, InvoiceStatus, InvoiceSummary, Money};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

/// The status of an invoice on `today` (`YYYY-MM-DD` strings compare as dates).
/// Overdue wins over partially paid: a late invoice is late however much was paid.
pub fn status(total: i64, balance_due: i64, due_date: &str, today: &str) -> InvoiceStatus {
    if balance_due <= 0 {
        InvoiceStatus::Paid
    } else if due_date < today {
        InvoiceStatus::Overdue
    } else if balance_due < total {
        InvoiceStatus::PartiallyPaid
    } else {
        InvoiceStatus::Open
    }
}

/// The SQL condition (on table alias-free columns) selecting `status`,
/// with `today` the placeholder of today's date (`?` or `$N`); without a
/// status, a condition that holds for every invoice the customer sees (and
/// still uses the placeholder, so the binds do not change). Void invoices
/// never match.
pub fn status_condition(status: Option<InvoiceStatus>, today: &str) -> String {
    let condition = match status {
        None => format!("{today} IS NOT NULL"),
        Some(InvoiceStatus::Paid) => format!("balance_due = 0 AND {today} IS NOT NULL"),
        Some(InvoiceStatus::Overdue) => format!("balance_due > 0 AND due_date < {today}"),
        Some(InvoiceStatus::PartiallyPaid) => {
            format!("balance_due > 0 AND balance_due < total AND due_date >= {today}")
        }
        Some(InvoiceStatus::Open) => {
            format!("balance_due > 0 AND balance_due = total AND due_date >= {today}")
        }
    };
    format!("voided_at IS NULL AND {condition}")
}

/// Parses a wire status name.
pub fn parse_status(s: &str) -> Option<InvoiceStatus> {
    [
        InvoiceStatus::Open,
        InvoiceStatus::Overdue,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
    ]
    .into_iter()
    .find(|st| st.as_str() == s)
}

/// An invoice row as lists and details read it.
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
            status: status(self.total, self.balance_due, &self.due_date, today),
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

/// A customer's balances on a day (minor units; counts of invoices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRow)]
pub struct Balances {
    /// Everything left to pay.
    pub balance_due: i64,
    /// What is left on invoices past their due date.
    pub overdue: i64,
    /// Invoices with a balance.
    pub unpaid: i64,
    /// Of which past their due date.
    pub overdue_count: i64,
}

/// Balance, overdue amount and counts of a customer on `today` (a void
/// invoice has no balance, so `balance_due > 0` leaves it out).
pub async fn balances(
    pool: &SqlitePool,
    customer_id: &str,
    today: &str,
) -> Result<Balances, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(balance_due), 0) AS balance_due, \
                COALESCE(SUM(CASE WHEN due_date < ? THEN balance_due ELSE 0 END), 0) AS overdue, \
                COUNT(*) AS unpaid, \
                COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0) AS overdue_count \
         FROM invoices WHERE customer_id = ? AND balance_due > 0",
    )
    .bind(today)
    .bind(today)
    .bind(customer_id)
    .fetch_one(pool)
    .await
}

/// A customer's newest invoices (at most `limit`), newest first.
pub async fn newest(
    pool: &SqlitePool,
    customer_id: &str,
    limit: i64,
) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, number, issue_date, due_date, currency, total, balance_due FROM invoices \
         WHERE customer_id = ? AND voided_at IS NULL ORDER BY issue_date DESC, number DESC LIMIT ?",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// An invoice of `customer_id` (`None` for another customer's) and its memo.
pub async fn find(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<(InvoiceRow, Option<String>)>, sqlx::Error> {
    #[derive(FromRow)]
    struct WithMemo {
        #[sqlx(flatten)]
        row: InvoiceRow,
        memo: Option<String>,
    }
    let found: Option<WithMemo> = sqlx::query_as(
        "SELECT id, number, issue_date, due_date, currency, total, balance_due, memo FROM invoices \
         WHERE id = ? AND customer_id = ? AND voided_at IS NULL",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(|f| (f.row, f.memo)))
}

/// An invoice's lines, in order, priced in `currency`.
pub async fn lines(
    pool: &SqlitePool,
    invoice_id: &str,
    currency: &str,
) -> Result<Vec<InvoiceLine>, sqlx::Error> {
    let lines: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT description, quantity, unit_amount, amount FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
    )
    .bind(invoice_id)
    .fetch_all(pool)
    .await?;
    Ok(lines
        .into_iter()
        .map(|(description, quantity, unit, amount)| InvoiceLine {
            description,
            quantity,
            unit_price: Money {
                amount: unit,
                currency: currency.to_owned(),
            },
            amount: Money {
                amount,
                currency: currency.to_owned(),
            },
        })
        .collect())
}

/// The balance and currency of an invoice of `customer_id`.
pub async fn balance_of(
    pool: &SqlitePool,
    customer_id: &str,
    id: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT balance_due, currency FROM invoices WHERE id = ? AND customer_id = ? AND voided_at IS NULL",
    )
        .bind(id)
        .bind(customer_id)
        .fetch_optional(pool)
        .await
}

/// An invoice's number (`INV-0042`).
pub async fn number(pool: &SqlitePool, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT number FROM invoices WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Who an invoice is sent to, and what is left to pay on it.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    /// The invoice's number (`INV-0042`).
    pub number: String,
    /// Its customer's email.
    pub email: String,
    /// Its customer's name.
    pub name: String,
    /// Left to pay.
    pub balance_due: i64,
    /// Its customer's id.
    pub customer_id: String,
    /// Its currency.
    pub currency: String,
}

/// Who invoice `id` is sent to.
pub async fn recipient(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<Recipient>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.number, c.email, c.name, i.balance_due, i.customer_id, i.currency FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Takes a payment of `amount` off the balance, never below zero (and marks
/// the invoice changed, for a sync's `updated_since`); returns what was
/// applied (the caller credits any rest).
pub async fn pay_down(
    conn: &mut SqliteConnection,
    id: &str,
    amount: i64,
) -> Result<i64, sqlx::Error> {
    let balance: i64 = sqlx::query_scalar("SELECT balance_due FROM invoices WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let applied = amount.min(balance);
    sqlx::query("UPDATE invoices SET balance_due = balance_due - ?, updated_at = ? WHERE id = ?")
        .bind(applied)
        .bind(crate::clock::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(applied)
}

/// An invoice to add (demo data).
#[derive(Debug, Clone)]
pub struct NewInvoice<'a> {
    /// `inv_…`.
    pub id: &'a str,
    /// The customer.
    pub customer_id: &'a str,
    /// `INV-…`.
    pub number: &'a str,
    /// `YYYY-MM-DD`.
    pub issue_date: &'a str,
    /// `YYYY-MM-DD`.
    pub due_date: &'a str,
    /// Lowercase ISO 4217.
    pub currency: &'a str,
    /// Left to pay.
    pub balance_due: i64,
    /// A note for the customer.
    pub memo: &'a str,
    /// `(description, quantity, unit amount)`; the total is their sum.
    pub lines: &'a [(&'a str, i64, i64)],
    /// Unix seconds.
    pub created_at: i64,
}

/// Adds an invoice with its lines (demo data).
pub async fn insert(conn: &mut SqliteConnection, new: &NewInvoice<'_>) -> Result<(), sqlx::Error> {
    let total: i64 = new.lines.iter().map(|(_, q, unit)| q * unit).sum();
    sqlx::query(
        "INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, memo, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.id)
    .bind(new.customer_id)
    .bind(new.number)
    .bind(new.issue_date)
    .bind(new.due_date)
    .bind(new.currency)
    .bind(total)
    .bind(new.balance_due)
    .bind(new.memo)
    .bind(new.created_at)
    .bind(new.created_at)
    .execute(&mut *conn)
    .await?;
    for (position, (description, quantity, unit)) in new.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount, amount) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(new.id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(description)
        .bind(quantity)
        .bind(unit)
        .bind(quantity * unit)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The newest invoice with a balance of the customer with this email.
pub async fn newest_unpaid_of(
    pool: &SqlitePool,
    email: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id \
         WHERE c.email = ? AND i.balance_due > 0 ORDER BY i.issue_date DESC LIMIT 1",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_balance_and_due_date() {
        let today = "2026-05-10";
        assert_eq!(status(100, 0, "2026-01-01", today), InvoiceStatus::Paid);
        assert_eq!(
            status(100, 100, "2026-05-09", today),
            InvoiceStatus::Overdue
        );
        assert_eq!(status(100, 40, "2026-05-09", today), InvoiceStatus::Overdue);
        assert_eq!(
            status(100, 40, "2026-05-10", today),
            InvoiceStatus::PartiallyPaid
        );
        assert_eq!(status(100, 100, "2026-05-10", today), InvoiceStatus::Open);
    }

    #[test]
    fn wire_names_round_trip() {
        for s in ["open", "overdue", "partially_paid", "paid"] {
            assert_eq!(parse_status(s).map(|x| x.as_str()), Some(s));
        }
        assert_eq!(parse_status("Paid"), None);
    }
}
