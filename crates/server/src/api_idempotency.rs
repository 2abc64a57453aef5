//! Idempotent POSTs of the business API (the `api_idempotency` table): per
//! key and `Idempotency-Key`, the request's hash and the answer given. The
//! same key and body get the same answer again; another body, 409.

use axum::http::StatusCode;
use sqlx::SqliteConnection;

/// An answer given before.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its status.
    pub status: StatusCode,
    /// Its JSON body.
    pub body: String,
}

/// What an `Idempotency-Key` has seen.
#[derive(Debug, Clone)]
pub enum Seen {
    /// Nothing: do the work.
    New,
    /// This request: answer as before.
    Same(Stored),
    /// Another request with the same key.
    Different,
}

/// What `idempotency_key` of the API key `key_id` has seen, for a request
/// whose body hashes to `request_hash`. Call inside the transaction that
/// does the work, so a concurrent duplicate waits for it.
pub async fn seen(
    conn: &mut SqliteConnection,
    key_id: &str,
    idempotency_key: &str,
    request_hash: &str,
) -> Result<Seen, sqlx::Error> {
    let row: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT request_hash, status, body FROM api_idempotency WHERE key_id = $1 AND idempotency_key = $2",
    )
    .bind(key_id)
    .bind(idempotency_key)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        None => Seen::New,
        Some((hash, status, body)) if hash == request_hash => Seen::Same(Stored {
            status: u16::try_from(status)
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK),
            body,
        }),
        Some(_) => Seen::Different,
    })
}

/// Keeps the answer given to a request.
pub async fn keep(
    conn: &mut SqliteConnection,
    key_id: &str,
    idempotency_key: &str,
    request_hash: &str,
    answer: &Stored,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_idempotency (key_id, idempotency_key, request_hash, status, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(key_id)
    .bind(idempotency_key)
    .bind(request_hash)
    .bind(i64::from(answer.status.as_u16()))
    .bind(&answer.body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
