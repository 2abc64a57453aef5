//! The audit log: every write made through the business API, with the key
//! that made it (the `audit_log` table), readable through the API.

use portal_api::AuditEntry;
use sqlx::{SqliteConnection, SqlitePool};

use crate::api_key::PREFIX;
use crate::clock;

/// Records that the key `key_id` did `action` (e.g. `customer.create`) to
/// `object` (its id).
pub async fn record(
    conn: &mut SqliteConnection,
    key_id: &str,
    action: &str,
    object: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (key_id, action, object, at) VALUES ($1, $2, $3, $4)")
        .bind(key_id)
        .bind(action)
        .bind(object)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Up to `limit` entries, newest first, older than entry `before` if given;
/// and whether more follow.
pub async fn page(
    pool: &SqlitePool,
    limit: u32,
    before: Option<i64>,
) -> Result<(Vec<AuditEntry>, bool), sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, key_id, action, object, at FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    let entries = rows
        .into_iter()
        .take(limit as usize)
        .map(|(id, key_id, action, object, at)| AuditEntry {
            id: format!("aud_{id}"),
            key: format!("{PREFIX}{key_id}"),
            action,
            object,
            at: clock::rfc3339(at),
        })
        .collect();
    Ok((entries, has_more))
}
