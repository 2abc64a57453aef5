//! Invitations: a link, emailed, that sets a customer's first password. The
//! `invitations` table stores only each token's SHA-256; a token works once,
//! for [`LIFETIME`], only while its customer has no password, and a new
//! password closes every other link.

use sqlx::{SqliteConnection, SqlitePool};

use crate::customer::{self, Login};
use crate::error::AppError;
use crate::ids::{random_hex, sha256_hex};
use crate::outbox;
use crate::password;
use crate::session;
use crate::state::AppState;

/// How long an invitation link works (24 hours).
pub const LIFETIME: i64 = 24 * 60 * 60;

/// Makes a link for `customer` and emails it to `email`.
pub async fn send(
    state: &AppState,
    customer: &Login,
    email: &str,
    now: i64,
) -> Result<(), AppError> {
    let token = random_hex(32);
    sqlx::query(
        "INSERT INTO invitations (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(sha256_hex(&token))
    .bind(&customer.id)
    .bind(now)
    .bind(now + LIFETIME)
    .execute(&state.pool)
    .await?;
    let link = format!(
        "{}/accept-invitation?token={token}",
        state.settings.public_url
    );
    let body = format!(
        "Hello {},\n\nSet your password for the {} customer portal with this link (it works for 24 hours):\n{link}\n\nIf you did not ask for this, ignore this email.",
        customer.name, state.settings.business_name
    );
    outbox::send(
        &state.pool,
        email,
        &format!("Set your password for {}", state.settings.business_name),
        &body,
        Some(&link),
    )
    .await?;
    Ok(())
}

/// Sets the password of the customer a genuine, unused, unexpired `token`
/// was made for; ends their sessions and closes their other links. `None`
/// when the token does not work.
pub async fn accept(
    state: &AppState,
    token: &str,
    new_password: &str,
    now: i64,
) -> Result<Option<String>, AppError> {
    let token_hash = sha256_hex(token.trim());
    // The token first: a hash costs tens of milliseconds and ~19 MiB, spent
    // only for a link that works (A7).
    if holder(&state.pool, &token_hash, now).await?.is_none() {
        return Ok(None);
    }
    let hash = password::hash_bounded(&state.password_hashing, new_password.to_owned()).await?;
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    // Checked again where it is used up: another request may have used it
    // while this one was hashing.
    let Some(customer_id) = redeem(&mut tx, &token_hash, now).await? else {
        return Ok(None);
    };
    customer::set_password(&mut tx, &customer_id, &hash).await?;
    // A new password ends every other session and every other link.
    session::delete_all(&mut tx, &customer_id).await?;
    sqlx::query("UPDATE invitations SET used_at = ? WHERE customer_id = ? AND used_at IS NULL")
        .bind(now)
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(customer_id))
}

/// The customer a live token was made for, without using it up.
async fn holder(
    pool: &SqlitePool,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT customer_id FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? \
         AND customer_id IN (SELECT id FROM customers WHERE password_hash IS NULL)",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// Marks a live token used; its customer.
async fn redeem(
    conn: &mut SqliteConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? \
         AND customer_id IN (SELECT id FROM customers WHERE password_hash IS NULL) RETURNING customer_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}
