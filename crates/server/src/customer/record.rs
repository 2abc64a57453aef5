//! Customers as the business API reads and writes them: created with their
//! unique email and external id checked, listed newest first a page at a
//! time (keyed by `(created_at, id)`, so pages stay stable while customers
//! are added).

use portal_api::BusinessCustomer;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::clock;

/// What the business API shows of a customer.
const COLUMNS: &str = "id, name, email, external_id, parent_id, password_hash IS NOT NULL AS has_password, archived_at, created_at";

/// A `customers` row as the business sees it.
#[derive(Debug, Clone, FromRow)]
pub struct Record {
    /// `cus_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// The business's own id.
    pub external_id: Option<String>,
    /// The reseller's id, for a sub-account.
    pub parent_id: Option<String>,
    /// Whether a password is set.
    pub has_password: bool,
    /// Unix seconds, when archived.
    pub archived_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

impl Record {
    /// The wire form.
    pub fn to_api(&self) -> BusinessCustomer {
        BusinessCustomer {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            external_id: self.external_id.clone(),
            parent: self.parent_id.clone(),
            has_password: self.has_password,
            archived: self.archived_at.is_some(),
            created_at: clock::rfc3339(self.created_at),
        }
    }
}

/// A customer to create (checked by the caller).
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    /// `cus_…`.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Login email, lowercase.
    pub email: &'a str,
    /// The business's own id.
    pub external_id: Option<&'a str>,
    /// The reseller's id.
    pub parent_id: Option<&'a str>,
    /// Unix seconds.
    pub created_at: i64,
}

/// Which unique value another customer already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// The email.
    Email,
    /// The external id.
    ExternalId,
}

/// The customer with `id`.
pub async fn find(pool: &SqlitePool, id: &str) -> Result<Option<Record>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The customer with `id`, in a transaction.
pub async fn find_in(conn: &mut SqliteConnection, id: &str) -> Result<Option<Record>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The customer with this external id.
pub async fn find_by_external_id(
    conn: &mut SqliteConnection,
    external_id: &str,
) -> Result<Option<Record>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE external_id = $1"
    ))
    .bind(external_id)
    .fetch_optional(conn)
    .await
}

/// Adds `new` unless another customer has its email or external id.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewRecord<'_>,
) -> Result<Result<(), Taken>, sqlx::Error> {
    let email_taken: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM customers WHERE email = $1)")
            .bind(new.email)
            .fetch_one(&mut *conn)
            .await?;
    if email_taken {
        return Ok(Err(Taken::Email));
    }
    if let Some(external_id) = new.external_id {
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM customers WHERE external_id = $1)")
                .bind(external_id)
                .fetch_one(&mut *conn)
                .await?;
        if taken {
            return Ok(Err(Taken::ExternalId));
        }
    }
    sqlx::query(
        "INSERT INTO customers (id, parent_id, name, email, external_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.id)
    .bind(new.parent_id)
    .bind(new.name)
    .bind(new.email)
    .bind(new.external_id)
    .bind(new.created_at)
    .execute(conn)
    .await?;
    Ok(Ok(()))
}

/// Changes to a customer (absent: unchanged), checked by the caller.
#[derive(Debug, Clone, Default)]
pub struct Changes<'a> {
    /// Display name.
    pub name: Option<&'a str>,
    /// Login email, lowercase.
    pub email: Option<&'a str>,
    /// The business's own id.
    pub external_id: Option<&'a str>,
}

/// Applies `changes` to customer `id` unless another customer has the new
/// email or external id.
pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    changes: &Changes<'_>,
) -> Result<Result<(), Taken>, sqlx::Error> {
    if let Some(email) = changes.email {
        let taken: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM customers WHERE email = $1 AND id <> $2)",
        )
        .bind(email)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if taken {
            return Ok(Err(Taken::Email));
        }
    }
    if let Some(external_id) = changes.external_id {
        let taken: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM customers WHERE external_id = $1 AND id <> $2)",
        )
        .bind(external_id)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if taken {
            return Ok(Err(Taken::ExternalId));
        }
    }
    sqlx::query(
        "UPDATE customers SET name = COALESCE($1, name), email = COALESCE($2, email), \
         external_id = COALESCE($3, external_id) WHERE id = $4",
    )
    .bind(changes.name)
    .bind(changes.email)
    .bind(changes.external_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Ok(()))
}

/// Archives customer `id` (no new invoices); archiving again changes nothing.
pub async fn archive(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET archived_at = COALESCE(archived_at, $1) WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Only the customer with this email (lowercase).
    pub email: Option<&'a str>,
    /// Only the customer with this external id.
    pub external_id: Option<&'a str>,
}

/// Up to `limit` customers matching `filter`, newest first, after
/// `after` (the `(created_at, id)` of the last one seen); and whether more
/// follow.
pub async fn page(
    pool: &SqlitePool,
    filter: &Filter<'_>,
    limit: u32,
    after: Option<(i64, &str)>,
) -> Result<(Vec<Record>, bool), sqlx::Error> {
    let (after_at, after_id) = after.unwrap_or((i64::MAX, ""));
    let mut rows: Vec<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers \
         WHERE ($1 IS NULL OR email = $1) AND ($2 IS NULL OR external_id = $2) \
         AND (created_at < $3 OR (created_at = $3 AND id < $4)) \
         ORDER BY created_at DESC, id DESC LIMIT $5"
    ))
    .bind(filter.email)
    .bind(filter.external_id)
    .bind(after_at)
    .bind(after_id)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok((rows, has_more))
}
