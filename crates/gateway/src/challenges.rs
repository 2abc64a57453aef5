//! One-time-code challenges: the codes a charge may need before it succeeds.
//! Every query on the `challenges` and `challenge_sends` tables that creates
//! or reads one lives here; verifying and resending are the routes'.

use sqlx::SqliteConnection;

use crate::error::ApiError;
use crate::ids::{new_client_secret, new_id, new_otp_code};
use crate::state::AppState;

/// How long a code is valid, in seconds.
pub(crate) const LIFETIME_SECS: i64 = 5 * 60;
/// Wrong tries allowed before the challenge is dead.
pub(crate) const MAX_ATTEMPTS: i64 = 5;
/// Seconds between two sends of a code.
pub(crate) const RESEND_COOLDOWN_SECS: i64 = 30;
/// Codes sent for one challenge within an hour, the first included.
pub(crate) const MAX_SENDS_PER_HOUR: i64 = 5;
/// The sandbox cardholder's phone number ends in these digits.
const PHONE_LAST2: &str = "42";

/// A stored challenge.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ChallengeRow {
    pub(crate) id: String,
    pub(crate) charge_id: String,
    pub(crate) client_secret: String,
    pub(crate) code_hash: String,
    pub(crate) amount: i64,
    pub(crate) currency: String,
    pub(crate) phone_last2: String,
    pub(crate) status: String,
    pub(crate) attempts_left: i64,
    pub(crate) expires_at: i64,
    pub(crate) last_sent_at: i64,
}

const SELECT: &str =
    "SELECT id, charge_id, client_secret, code_hash, amount, currency, phone_last2,
    status, attempts_left, expires_at, last_sent_at FROM challenges";

/// A code to deliver once the transaction that stored its hash has committed.
pub(crate) struct PendingCode {
    pub(crate) challenge: String,
    pub(crate) code: String,
}

impl PendingCode {
    /// Hands the code to the sandbox's outbox (the cardholder's phone).
    pub(crate) fn deliver(self, state: &AppState, now: i64) {
        state
            .outbox
            .send_otp(PHONE_LAST2, self.code, &self.challenge, now);
    }
}

/// Creates the challenge for a charge that needs a one-time code.
pub(crate) async fn create(
    state: &AppState,
    conn: &mut SqliteConnection,
    merchant: &str,
    charge_id: &str,
    amount: i64,
    currency: &str,
    now: i64,
) -> Result<PendingCode, ApiError> {
    let id = new_id("chal_");
    let code = new_otp_code();
    let code_hash = state
        .keyed
        .code_hash(&id, charge_id, amount, currency, &code);
    sqlx::query(
        "INSERT INTO challenges (id, merchant, charge_id, client_secret, code_hash, amount, currency,
             phone_last2, status, attempts_left, expires_at, last_sent_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(merchant)
    .bind(charge_id)
    .bind(new_client_secret(&id))
    .bind(&code_hash)
    .bind(amount)
    .bind(currency)
    .bind(PHONE_LAST2)
    .bind(MAX_ATTEMPTS)
    .bind(now + LIFETIME_SECS)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    record_send(conn, &id, now).await?;
    Ok(PendingCode {
        challenge: id,
        code,
    })
}

/// Records one sending of a code, for the hourly limit.
pub(crate) async fn record_send(
    conn: &mut SqliteConnection,
    id: &str,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO challenge_sends (challenge_id, sent_at) VALUES (?, ?)")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The challenge of a charge, if it has one.
pub(crate) async fn for_charge(
    conn: &mut SqliteConnection,
    charge_id: &str,
) -> Result<Option<ChallengeRow>, ApiError> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE charge_id = ?"))
        .bind(charge_id)
        .fetch_optional(conn)
        .await?)
}

/// A challenge of the merchant.
pub(crate) async fn find(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
) -> Result<ChallengeRow, ApiError> {
    sqlx::query_as(&format!("{SELECT} WHERE id = ? AND merchant = ?"))
        .bind(id)
        .bind(merchant)
        .fetch_optional(conn)
        .await?
        .ok_or_else(not_found)
}

/// The answer for an unknown challenge, or one whose client secret is wrong.
pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("challenge_not_found", "No such verification.")
}
