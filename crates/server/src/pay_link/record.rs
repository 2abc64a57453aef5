//! The `payment_links` table: one row per link, beside its signed token, so
//! the business can list and revoke links and a revoked link stops at once.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

/// A link as stored, with what its invoice says now.
#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    /// `pl_…`.
    pub id: String,
    /// The invoice it pays.
    pub invoice_id: String,
    /// The invoice's customer.
    pub customer_id: String,
    /// What is left to pay on the invoice.
    pub balance_due: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
}

const SELECT: &str = "SELECT l.id, l.invoice_id, i.customer_id, i.balance_due, l.created_at, l.expires_at, l.revoked_at \
    FROM payment_links l JOIN invoices i ON i.id = l.invoice_id";

/// Adds a link.
pub async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    invoice_id: &str,
    created_at: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_links (id, invoice_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(id)
    .bind(invoice_id)
    .bind(created_at)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The link `id`.
pub async fn find(conn: &mut SqliteConnection, id: &str) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE l.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The link `id`, read from the pool.
pub async fn load(pool: &SqlitePool, id: &str) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE l.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Marks the link revoked (once: revoking again keeps the first time).
pub async fn revoke(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payment_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Up to `limit` links newest first (of one invoice, if given), after the
/// link at `(created_at, id)` if given; and whether more follow.
pub async fn page(
    pool: &SqlitePool,
    invoice_id: Option<&str>,
    limit: u32,
    after: Option<(i64, &str)>,
) -> Result<(Vec<LinkRow>, bool), sqlx::Error> {
    let (at, after_id) = after.unwrap_or((i64::MAX, ""));
    let mut rows: Vec<LinkRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 IS NULL OR l.invoice_id = $1) \
         AND (l.created_at < $2 OR (l.created_at = $2 AND l.id < $3)) \
         ORDER BY l.created_at DESC, l.id DESC LIMIT $4"
    ))
    .bind(invoice_id)
    .bind(at)
    .bind(after_id)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok((rows, has_more))
}
