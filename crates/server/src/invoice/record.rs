//! Invoices as the business API reads and writes them: created and replaced
//! with their lines (checked by [`super::draft`]; the total is their sum)
//! and unique number and external id checked, voided, read with their
//! lines, and listed newest first a page at a time (keyed by
//! `(created_at, id)`).

use portal_api::{BusinessInvoice, BusinessInvoiceLine, BusinessInvoiceStatus};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::clock;
use crate::invoice;
use crate::invoice::draft::Draft;

const COLUMNS: &str = "id, customer_id, number, external_id, issue_date, due_date, currency, total, balance_due, memo, created_at, updated_at, voided_at";

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
    /// Unix seconds: the last change.
    pub updated_at: i64,
    /// Unix seconds, once voided.
    pub voided_at: Option<i64>,
}

impl Record {
    /// Its status as of `today`.
    pub fn status(&self, today: &str) -> BusinessInvoiceStatus {
        if self.voided_at.is_some() {
            return BusinessInvoiceStatus::Void;
        }
        match invoice::status(self.total, self.balance_due, &self.due_date, today) {
            portal_api::InvoiceStatus::Open => BusinessInvoiceStatus::Open,
            portal_api::InvoiceStatus::Overdue => BusinessInvoiceStatus::Overdue,
            portal_api::InvoiceStatus::PartiallyPaid => BusinessInvoiceStatus::PartiallyPaid,
            portal_api::InvoiceStatus::Paid => BusinessInvoiceStatus::Paid,
        }
    }

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
            status: self.status(today),
            memo: self.memo.clone(),
            lines,
            created_at: clock::rfc3339(self.created_at),
            updated_at: clock::rfc3339(self.updated_at),
            voided_at: self.voided_at.map(clock::rfc3339),
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

/// An invoice to create: a checked [`Draft`] for a customer.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    /// `inv_…`.
    pub id: &'a str,
    /// `cus_…`.
    pub customer_id: &'a str,
    /// What it says.
    pub draft: &'a Draft,
    /// Unix seconds.
    pub created_at: i64,
}

/// Which unique value, if any, another invoice than `id` already has among
/// those `draft` would give an invoice of `customer_id`.
async fn taken(
    conn: &mut SqliteConnection,
    id: &str,
    customer_id: &str,
    draft: &Draft,
) -> Result<Option<Taken>, sqlx::Error> {
    // One statement for both (an import makes 100,000 of these).
    let (number_taken, external_id_taken): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM invoices WHERE customer_id = $1 AND number = $2 AND id <> $3), \
                $4 IS NOT NULL AND EXISTS (SELECT 1 FROM invoices WHERE external_id = $4 AND id <> $3)",
    )
    .bind(customer_id)
    .bind(&draft.number)
    .bind(id)
    .bind(&draft.external_id)
    .fetch_one(&mut *conn)
    .await?;
    if number_taken {
        return Ok(Some(Taken::Number));
    }
    if external_id_taken {
        return Ok(Some(Taken::ExternalId));
    }
    Ok(None)
}

/// Adds `new` unless the customer has an invoice with its number or another
/// invoice has its external id.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewRecord<'_>,
) -> Result<Result<(), Taken>, sqlx::Error> {
    if let Some(taken) = taken(conn, new.id, new.customer_id, new.draft).await? {
        return Ok(Err(taken));
    }
    let d = new.draft;
    sqlx::query(
        "INSERT INTO invoices (id, customer_id, number, external_id, issue_date, due_date, currency, total, balance_due, memo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $10)",
    )
    .bind(new.id)
    .bind(new.customer_id)
    .bind(&d.number)
    .bind(&d.external_id)
    .bind(&d.issue_date)
    .bind(&d.due_date)
    .bind(&d.currency)
    .bind(d.total)
    .bind(&d.memo)
    .bind(new.created_at)
    .execute(&mut *conn)
    .await?;
    insert_lines(conn, new.id, &d.lines).await?;
    Ok(Ok(()))
}

/// Puts `draft` in place of what invoice `id` (of `customer_id`, nothing
/// paid on it: the caller checked) says, its balance its new total, unless
/// another invoice has its number or external id.
pub async fn replace(
    conn: &mut SqliteConnection,
    id: &str,
    customer_id: &str,
    draft: &Draft,
    now: i64,
) -> Result<Result<(), Taken>, sqlx::Error> {
    if let Some(taken) = taken(conn, id, customer_id, draft).await? {
        return Ok(Err(taken));
    }
    sqlx::query(
        "UPDATE invoices SET number = $1, external_id = $2, issue_date = $3, due_date = $4, \
         currency = $5, total = $6, balance_due = $6, memo = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&draft.number)
    .bind(&draft.external_id)
    .bind(&draft.issue_date)
    .bind(&draft.due_date)
    .bind(&draft.currency)
    .bind(draft.total)
    .bind(&draft.memo)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    insert_lines(conn, id, &draft.lines).await?;
    Ok(Ok(()))
}

/// The lines of invoice `id`, in one statement.
async fn insert_lines(
    conn: &mut SqliteConnection,
    id: &str,
    lines: &[BusinessInvoiceLine],
) -> Result<(), sqlx::Error> {
    let mut insert: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
        "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount, amount) ",
    );
    insert.push_values(lines.iter().enumerate(), |mut row, (position, line)| {
        row.push_bind(id)
            .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
            .push_bind(&line.description)
            .push_bind(line.quantity)
            .push_bind(line.unit_amount)
            .push_bind(line.amount);
    });
    insert.build().persistent(true).execute(conn).await?;
    Ok(())
}

/// Voids invoice `id` (nothing paid on it: the caller checked): no balance
/// left, and no longer the customer's to see.
pub async fn void(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invoices SET voided_at = $1, balance_due = 0, updated_at = $1 WHERE id = $2 AND voided_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many payments of invoice `id` went through or are under way.
pub async fn live_payments(conn: &mut SqliteConnection, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM payments WHERE invoice_id = $1 \
         AND status IN ('pending', 'requires_action', 'succeeded')",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// The invoice with this external id, and its lines.
pub async fn find_by_external_id(
    conn: &mut SqliteConnection,
    external_id: &str,
) -> Result<Option<(Record, Vec<BusinessInvoiceLine>)>, sqlx::Error> {
    let Some(row): Option<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE external_id = $1"
    ))
    .bind(external_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let lines = lines_of(conn, &row.id).await?;
    Ok(Some((row, lines)))
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
    pub status: Option<BusinessInvoiceStatus>,
    /// Only the one with this external id.
    pub external_id: Option<&'a str>,
    /// Only those changed at or after (Unix seconds).
    pub updated_since: Option<i64>,
}

/// The SQL condition selecting `status` (every invoice, void ones too,
/// without one), with `today` the placeholder of today's date.
fn status_condition(status: Option<BusinessInvoiceStatus>, today: &str) -> String {
    use portal_api::InvoiceStatus as Customer;
    let customer = match status {
        None => return format!("{today} IS NOT NULL"),
        Some(BusinessInvoiceStatus::Void) => {
            return format!("voided_at IS NOT NULL AND {today} IS NOT NULL")
        }
        Some(BusinessInvoiceStatus::Open) => Customer::Open,
        Some(BusinessInvoiceStatus::Overdue) => Customer::Overdue,
        Some(BusinessInvoiceStatus::PartiallyPaid) => Customer::PartiallyPaid,
        Some(BusinessInvoiceStatus::Paid) => Customer::Paid,
    };
    invoice::status_condition(Some(customer), today)
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
    let status = status_condition(filter.status, "$6");
    let mut conn = pool.acquire().await?;
    let mut rows: Vec<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices \
         WHERE ($1 IS NULL OR customer_id = $1) AND ($2 IS NULL OR external_id = $2) \
         AND (created_at < $3 OR (created_at = $3 AND id < $4)) AND {status} \
         AND ($7 IS NULL OR updated_at >= $7) \
         ORDER BY created_at DESC, id DESC LIMIT $5"
    ))
    .bind(filter.customer_id)
    .bind(filter.external_id)
    .bind(after_at)
    .bind(after_id)
    .bind(i64::from(limit) + 1)
    .bind(today)
    .bind(filter.updated_since)
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
