//! Invoices as the business API reads and writes them: created with their
//! lines (the total is their sum) and unique number and external id
//! checked, read with their lines, and listed newest first a page at a time
//! (keyed by `(created_at, id)`).

use portal_api::{BusinessInvoice, BusinessInvoiceLine, InvoiceStatus};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::clock;
use crate::invoice;

const COLUMNS: &str = "id, customer_id, number, external_id, issue_date, due_date, currency, total, balance_due, memo, created_at";

/// An `invoices` row as the business sees it.
#[derive(Debug, Clone, FromRow)]
pub struct Record {
    /// `inv_…`.
    pub id: String,
    /// `cus_…`.
    pub customer_id: String,
    /// The customer's number for it.
    pub number: String,
    /// The business's own id.
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Lowercase ISO 4217.
    pub currency: String,
    /// Minor units.
    pub total: i64,
    /// Minor units.
    pub balance_due: i64,
    /// A note.
    pub memo: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

impl Record {
    /// The wire form, with `lines`, its status as of `today`.
    pub fn to_api(&self, lines: Vec<BusinessInvoiceLine>, today: &str) -> BusinessInvoice {
        BusinessInvoice {
            id: self.id.clone(),
            customer: self.customer_id.clone(),
            number: self.number.clone(),
            external_id: self.external_id.clone(),
            issue_date: self.issue_date.clone(),
            due_date: self.due_date.clone(),
            currency: self.currency.clone(),
            total: self.total,
            balance_due: self.balance_due,
            status: invoice::status(self.total, self.balance_due, &self.due_date, today),
            memo: self.memo.clone(),
            lines,
            created_at: clock::rfc3339(self.created_at),
        }
    }
}

/// Which unique value another invoice already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// The customer's number.
    Number,
    /// The external id.
    ExternalId,
}

/// An invoice to create, checked by the caller (the total is the lines' sum).
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    /// `inv_…`.
    pub id: &'a str,
    /// `cus_…`.
    pub customer_id: &'a str,
    /// The number.
    pub number: &'a str,
    /// The business's own id.
    pub external_id: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub issue_date: &'a str,
    /// `YYYY-MM-DD`.
    pub due_date: &'a str,
    /// Lowercase ISO 4217.
    pub currency: &'a str,
    /// The sum of the lines.
    pub total: i64,
    /// A note.
    pub memo: Option<&'a str>,
    /// The lines, with their amounts.
    pub lines: &'a [BusinessInvoiceLine],
    /// Unix seconds.
    pub created_at: i64,
}

/// Adds `new` unless the customer has an invoice with its number or another
/// invoice has its external id.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewRecord<'_>,
) -> Result<Result<(), Taken>, sqlx::Error> {
    let number_taken: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM invoices WHERE customer_id = $1 AND number = $2)",
    )
    .bind(new.customer_id)
    .bind(new.number)
    .fetch_one(&mut *conn)
    .await?;
    if number_taken {
        return Ok(Err(Taken::Number));
    }
    if let Some(external_id) = new.external_id {
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM invoices WHERE external_id = $1)")
                .bind(external_id)
                .fetch_one(&mut *conn)
                .await?;
        if taken {
            return Ok(Err(Taken::ExternalId));
        }
    }
    sqlx::query(
        "INSERT INTO invoices (id, customer_id, number, external_id, issue_date, due_date, currency, total, balance_due, memo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)",
    )
    .bind(new.id)
    .bind(new.customer_id)
    .bind(new.number)
    .bind(new.external_id)
    .bind(new.issue_date)
    .bind(new.due_date)
    .bind(new.currency)
    .bind(new.total)
    .bind(new.memo)
    .bind(new.created_at)
    .execute(&mut *conn)
    .await?;
    for (position, line) in new.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount, amount) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new.id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&line.description)
        .bind(line.quantity)
        .bind(line.unit_amount)
        .bind(line.amount)
        .execute(&mut *conn)
        .await?;
    }
    Ok(Ok(()))
}

/// The invoice with `id` and its lines.
pub async fn find(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<(Record, Vec<BusinessInvoiceLine>)>, sqlx::Error> {
    let Some(row): Option<Record> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM invoices WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let lines = lines_of(conn, id).await?;
    Ok(Some((row, lines)))
}

async fn lines_of(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Vec<BusinessInvoiceLine>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT description, quantity, unit_amount, amount FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(description, quantity, unit_amount, amount)| BusinessInvoiceLine {
                description,
                quantity,
                unit_amount,
                amount,
            },
        )
        .collect())
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Only this customer's.
    pub customer_id: Option<&'a str>,
    /// Only those with this status on `today`.
    pub status: Option<InvoiceStatus>,
    /// Only the one with this external id.
    pub external_id: Option<&'a str>,
}

/// Up to `limit` invoices matching `filter` on `today`, newest first, after
/// `after` (the `(created_at, id)` of the last one seen), with their lines;
/// and whether more follow.
pub async fn page(
    pool: &SqlitePool,
    filter: &Filter<'_>,
    today: &str,
    limit: u32,
    after: Option<(i64, &str)>,
) -> Result<(Vec<(Record, Vec<BusinessInvoiceLine>)>, bool), sqlx::Error> {
    let (after_at, after_id) = after.unwrap_or((i64::MAX, ""));
    let status = invoice::status_condition(filter.status, "$6");
    let mut conn = pool.acquire().await?;
    let mut rows: Vec<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices \
         WHERE ($1 IS NULL OR customer_id = $1) AND ($2 IS NULL OR external_id = $2) \
         AND (created_at < $3 OR (created_at = $3 AND id < $4)) AND {status} \
         ORDER BY created_at DESC, id DESC LIMIT $5"
    ))
    .bind(filter.customer_id)
    .bind(filter.external_id)
    .bind(after_at)
    .bind(after_id)
    .bind(i64::from(limit) + 1)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let mut page = Vec::with_capacity(rows.len());
    for row in rows {
        let lines = lines_of(&mut conn, &row.id).await?;
        page.push((row, lines));
    }
    Ok((page, has_more))
}
