//! Password links: emailed links that set a customer's password. An
//! invitation sets the first one, for a customer on file without one; a
//! reset ("forgot your password?") sets a new one for a customer who has
//! one, and the owner is told by email when it was used. Both go only to
//! the email on file, so whoever asks never holds the link.
//!
//! The `password_links` table stores only each token's SHA-256; a link
//! works once, for its [`Purpose::lifetime`], only while its customer is in
//! the state it was made for (no password / a password), and a new password
//! closes every other link and ends every session.

use sqlx::{SqliteConnection, SqlitePool};

use crate::customer::{self, Login};
use crate::error::AppError;
use crate::ids::{random_hex, sha256_hex};
use crate::outbox;
use crate::password;
use crate::session;
use crate::state::{AppState, Settings};

/// What a link sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An invitation: the first password of a customer who has none.
    FirstPassword,
    /// A reset: a new password for a customer who has forgotten theirs.
    Reset,
}

impl Purpose {
    /// As stored in `password_links.purpose`.
    fn as_str(self) -> &'static str {
        match self {
            Self::FirstPassword => "first_password",
            Self::Reset => "reset",
        }
    }

    /// How long a link works, in seconds: an invitation 24 hours, a reset
    /// one hour (it replaces a password that works).
    pub fn lifetime(self) -> i64 {
        match self {
            Self::FirstPassword => 24 * 60 * 60,
            Self::Reset => 60 * 60,
        }
    }

    /// The SPA page the link opens.
    fn page(self) -> &'static str {
        match self {
            Self::FirstPassword => "/accept-invitation",
            Self::Reset => "/reset-password",
        }
    }

    /// The customers a link of this purpose works for (an SQL condition on
    /// `customers`).
    fn holder_condition(self) -> &'static str {
        match self {
            Self::FirstPassword => "password_hash IS NULL",
            Self::Reset => "password_hash IS NOT NULL",
        }
    }

    /// The link `customer` needs: a first password or a new one.
    pub fn for_customer(customer: &Login) -> Self {
        if customer.password_hash.is_some() {
            Self::Reset
        } else {
            Self::FirstPassword
        }
    }
}

/// Makes a link of `purpose` for `customer` and emails it to `email`, on
/// `conn` (the caller's transaction, if any).
pub async fn send(
    conn: &mut SqliteConnection,
    settings: &Settings,
    purpose: Purpose,
    customer: &Login,
    email: &str,
    now: i64,
) -> Result<(), AppError> {
    let token = random_hex(32);
    sqlx::query(
        "INSERT INTO password_links (token_hash, customer_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(sha256_hex(&token))
    .bind(&customer.id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + purpose.lifetime())
    .execute(&mut *conn)
    .await?;
    let link = format!("{}{}?token={token}", settings.public_url, purpose.page());
    let business = &settings.business_name;
    let (subject, body) = match purpose {
        Purpose::FirstPassword => (
            format!("Set your password for {business}"),
            format!(
                "Hello {},\n\nSet your password for the {business} customer portal with this link (it works for 24 hours):\n{link}\n\nIf you did not ask for this, ignore this email.",
                customer.name
            ),
        ),
        Purpose::Reset => (
            format!("Reset your password for {business}"),
            format!(
                "Hello {},\n\nSomeone asked to reset the password of your {business} customer portal account. To choose a new password, open this link (it works for one hour, once):\n{link}\n\nIf it was not you, ignore this email: your password stays as it is.",
                customer.name
            ),
        ),
    };
    outbox::send(conn, email, &subject, &body, Some(&link)).await?;
    Ok(())
}

/// Sets the password of the customer a genuine, unused, unexpired `token`
/// of `purpose` was made for; ends their sessions and closes their other
/// links. After a reset the owner is told by email. `None` when the token
/// does not work.
pub async fn accept(
    state: &AppState,
    purpose: Purpose,
    token: &str,
    new_password: &str,
    now: i64,
) -> Result<Option<String>, AppError> {
    let token_hash = sha256_hex(token.trim());
    // The token first: a hash costs tens of milliseconds and ~19 MiB, spent
    // only for a link that works (A7).
    if holder(&state.pool, purpose, &token_hash, now)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let hash = password::hash_bounded(&state.password_hashing, new_password.to_owned()).await?;
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    // Checked again where it is used up: another request may have used it
    // while this one was hashing.
    let Some(customer_id) = redeem(&mut tx, purpose, &token_hash, now).await? else {
        return Ok(None);
    };
    customer::set_password(&mut tx, &customer_id, &hash).await?;
    // A new password ends every other session and every other link.
    session::delete_all(&mut tx, &customer_id).await?;
    sqlx::query("UPDATE password_links SET used_at = ? WHERE customer_id = ? AND used_at IS NULL")
        .bind(now)
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if purpose == Purpose::Reset {
        tell_owner(state, &customer_id).await?;
    }
    Ok(Some(customer_id))
}

/// Emails the owner that their password was changed with a reset link.
async fn tell_owner(state: &AppState, customer_id: &str) -> Result<(), AppError> {
    let Some(owner) = customer::summary(&state.pool, customer_id).await? else {
        return Ok(());
    };
    let business = &state.settings.business_name;
    let body = format!(
        "Hello {},\n\nThe password of your {business} customer portal account was just changed with a reset link, and every device that was logged in has been logged out.\n\nIf it was not you, reset your password again at {}/forgot-password and tell {business}.",
        owner.name, state.settings.public_url
    );
    outbox::send(
        &mut *state.pool.acquire().await?,
        &owner.email,
        &format!("Your {business} password was changed"),
        &body,
        None,
    )
    .await?;
    Ok(())
}

/// The customer a live token of `purpose` was made for, without using it up.
async fn holder(
    pool: &SqlitePool,
    purpose: Purpose,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT customer_id FROM password_links WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? \
         AND customer_id IN (SELECT id FROM customers WHERE {})",
        purpose.holder_condition()
    ))
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// Marks a live token of `purpose` used; its customer.
async fn redeem(
    conn: &mut SqliteConnection,
    purpose: Purpose,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "UPDATE password_links SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? \
         AND customer_id IN (SELECT id FROM customers WHERE {}) RETURNING customer_id",
        purpose.holder_condition()
    ))
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(conn)
    .await
}
