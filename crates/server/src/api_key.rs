//! Secret API keys for the business API (`/v1`). A key reads
//! `psk_<id>_<secret>`: the id (12 hex digits, shown in lists as the key's
//! prefix) finds the row, and the secret (256 random bits) is compared, in
//! constant time, with the SHA-256 the `api_keys` table keeps; the secret
//! itself is shown once, at creation, and never stored or logged. A revoked
//! key stops working at the next request.

use sqlx::SqlitePool;
use subtle::ConstantTimeEq;

use crate::ids::{random_hex, sha256_hex};

/// What every key starts with: recognisable by secret scanners and people.
pub const PREFIX: &str = "psk_";
/// Longest name a key may have.
pub const MAX_NAME: usize = 100;

/// A key as listed (never with its secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKey {
    /// 12 hex digits.
    pub id: String,
    /// What the business called it ("accounting sync").
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of its last accepted request.
    pub last_used_at: Option<i64>,
    /// Unix seconds; `None` while it works.
    pub revoked_at: Option<i64>,
}

impl ApiKey {
    /// What lists show of the key: `psk_<id>`.
    pub fn prefix(&self) -> String {
        format!("{PREFIX}{}", self.id)
    }
}

/// Why a key could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The name is empty, too long or has control characters.
    #[error("the name must be 1 to {MAX_NAME} characters, without control characters")]
    BadName,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Makes a key named `name`; the whole key, to be shown once.
pub async fn create(
    pool: &SqlitePool,
    name: &str,
    now: i64,
) -> Result<(ApiKey, String), CreateError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(CreateError::BadName);
    }
    let id = random_hex(6);
    let secret = random_hex(32);
    sqlx::query("INSERT INTO api_keys (id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(sha256_hex(&secret))
        .bind(now)
        .execute(pool)
        .await?;
    let key = ApiKey {
        id: id.clone(),
        name: name.to_owned(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    Ok((key, format!("{PREFIX}{id}_{secret}")))
}

/// Every key, newest first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<ApiKey>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at DESC, id",
    )
    .fetch_all(pool)
    .await
}

/// Revokes the key with `id` (or its `psk_` prefix); whether one was live.
pub async fn revoke(pool: &SqlitePool, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let id = id.strip_prefix(PREFIX).unwrap_or(id);
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The live key `presented` is, noting that it was used; `None` for
/// anything else (malformed, unknown, wrong secret, revoked).
pub async fn authenticate(
    pool: &SqlitePool,
    presented: &str,
    now: i64,
) -> Result<Option<ApiKey>, sqlx::Error> {
    let Some((id, secret)) = presented
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once('_'))
    else {
        return Ok(None);
    };
    if id.len() != 12 || secret.len() != 64 {
        return Ok(None);
    }
    let row: Option<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT name, secret_hash, created_at, last_used_at FROM api_keys WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((name, secret_hash, created_at, _)) = row else {
        return Ok(None);
    };
    if !bool::from(sha256_hex(secret).as_bytes().ct_eq(secret_hash.as_bytes())) {
        return Ok(None);
    }
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(Some(ApiKey {
        id: id.to_owned(),
        name,
        created_at,
        last_used_at: Some(now),
        revoked_at: None,
    }))
}
