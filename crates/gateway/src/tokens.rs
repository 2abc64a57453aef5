//! Card tokens: single-use, short-lived stand-ins for a card. `POST
//! /v1/tokens` makes them; saving a payment method or charging spends them.
//! Every query on the `tokens` table lives here.

use sqlx::SqliteConnection;

use crate::card::StoredCard;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::test_cards::Behaviour;

/// How long a token can be used, in seconds.
pub(crate) const LIFETIME_SECS: i64 = 15 * 60;

/// A token row, as needed to build a payment method or a charge.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TokenRow {
    pub(crate) id: String,
    pub(crate) behaviour: String,
    used_at: Option<i64>,
    expires_at: i64,
    #[sqlx(flatten)]
    pub(crate) card: StoredCard,
}

/// A token just stored.
pub(crate) struct NewToken {
    pub(crate) id: String,
    pub(crate) expires_at: i64,
}

/// Stores a checked card as a new token of `merchant`.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    merchant: &str,
    card: &StoredCard,
    fingerprint: &str,
    behaviour: Behaviour,
    now: i64,
) -> Result<NewToken, ApiError> {
    let id = new_id("tok_");
    let expires_at = now + LIFETIME_SECS;
    sqlx::query(
        "INSERT INTO tokens (id, merchant, brand, last4, exp_month, exp_year, name, funding,
                             fingerprint, behaviour, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(merchant)
    .bind(&card.brand)
    .bind(&card.last4)
    .bind(card.exp_month)
    .bind(card.exp_year)
    .bind(&card.name)
    .bind(&card.funding)
    .bind(fingerprint)
    .bind(behaviour.as_str())
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(NewToken { id, expires_at })
}

/// Marks a token used, refusing unknown, used and expired tokens.
pub(crate) async fn take(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
    now: i64,
) -> Result<TokenRow, ApiError> {
    let token: TokenRow = sqlx::query_as(
        "SELECT id, behaviour, used_at, expires_at, brand, last4, exp_month, exp_year, name, funding
         FROM tokens WHERE id = ? AND merchant = ?",
    )
    .bind(id)
    .bind(merchant)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ApiError::not_found("token_not_found", "No such card token."))?;
    if token.used_at.is_some() {
        return Err(ApiError::bad_request(
            "token_used",
            "This card token was already used. Enter the card again.",
        ));
    }
    if token.expires_at <= now {
        return Err(ApiError::bad_request(
            "token_expired",
            "This card token has expired. Enter the card again.",
        ));
    }
    let done = sqlx::query("UPDATE tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::bad_request(
            "token_used",
            "This card token was already used.",
        ));
    }
    Ok(token)
}
