//! The `refunds` table.

use portal_api::{BusinessRefund, RefundReason, RefundStatus};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::clock;

/// A refund as stored.
#[derive(Debug, Clone, FromRow)]
pub struct RefundRow {
    /// `re_…`.
    pub id: String,
    /// The payment refunded.
    pub payment_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// `requested_by_customer`, `duplicate`, `fraudulent`.
    pub reason: Option<String>,
    /// `pending`, `succeeded`, `failed`.
    pub status: String,
    /// The key every gateway call for this refund uses.
    pub gateway_key: String,
    /// Why the gateway refused it.
    pub failure_message: Option<String>,
    /// SHA-256 of the business API request.
    pub request_hash: String,
    /// Unix seconds.
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, payment_id, amount, currency, reason, status, gateway_key, failure_message, request_hash, created_at";

impl RefundRow {
    /// Its state, read from the stored word (the table's CHECK allows only
    /// these three).
    pub fn state(&self) -> RefundStatus {
        match self.status.as_str() {
            "succeeded" => RefundStatus::Succeeded,
            "failed" => RefundStatus::Failed,
            _ => RefundStatus::Pending,
        }
    }

    /// Whether the gateway's answer is still to be had.
    pub fn is_pending(&self) -> bool {
        self.state() == RefundStatus::Pending
    }

    /// The wire form.
    pub fn to_api(&self) -> BusinessRefund {
        BusinessRefund {
            id: self.id.clone(),
            payment: self.payment_id.clone(),
            amount: self.amount,
            currency: self.currency.clone(),
            status: self.state(),
            reason: self.reason.as_deref().and_then(|r| match r {
                "requested_by_customer" => Some(RefundReason::RequestedByCustomer),
                "duplicate" => Some(RefundReason::Duplicate),
                "fraudulent" => Some(RefundReason::Fraudulent),
                _ => None,
            }),
            failure_message: self.failure_message.clone(),
            created_at: clock::rfc3339(self.created_at),
        }
    }
}

/// A refund to record as pending.
#[derive(Debug, Clone)]
pub struct NewRow<'a> {
    /// `re_…`.
    pub id: &'a str,
    /// The payment.
    pub payment_id: &'a str,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: &'a str,
    /// Why.
    pub reason: Option<&'a str>,
    /// The gateway key.
    pub gateway_key: &'a str,
    /// The business API key that asked.
    pub api_key_id: &'a str,
    /// Its `Idempotency-Key`.
    pub idempotency_key: &'a str,
    /// SHA-256 of its request.
    pub request_hash: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Records a pending refund.
pub async fn insert(conn: &mut SqliteConnection, new: &NewRow<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, amount, currency, reason, status, gateway_key, api_key_id, \
         idempotency_key, request_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.id)
    .bind(new.payment_id)
    .bind(new.amount)
    .bind(new.currency)
    .bind(new.reason)
    .bind(new.gateway_key)
    .bind(new.api_key_id)
    .bind(new.idempotency_key)
    .bind(new.request_hash)
    .bind(new.now)
    .bind(new.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The refund a business API request made, if any.
pub async fn by_request(
    conn: &mut SqliteConnection,
    api_key_id: &str,
    idempotency_key: &str,
) -> Result<Option<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE api_key_id = ? AND idempotency_key = ?"
    ))
    .bind(api_key_id)
    .bind(idempotency_key)
    .fetch_optional(conn)
    .await
}

/// The refund `id`.
pub async fn load(pool: &SqlitePool, id: &str) -> Result<Option<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM refunds WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A payment's refunds, oldest first.
pub async fn of_payment(
    pool: &SqlitePool,
    payment_id: &str,
) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE payment_id = ? ORDER BY created_at, id"
    ))
    .bind(payment_id)
    .fetch_all(pool)
    .await
}

/// What of a payment is refunded or on its way back (pending or succeeded).
pub async fn committed(conn: &mut SqliteConnection, payment_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE payment_id = ? AND status IN ('pending', 'succeeded')",
    )
    .bind(payment_id)
    .fetch_one(conn)
    .await
}

/// Ends a pending refund: `succeeded` or `failed` (with why). False when it
/// was no longer pending (another request ended it first).
pub async fn settle(
    conn: &mut SqliteConnection,
    id: &str,
    succeeded: bool,
    gateway_refund_id: Option<&str>,
    failure_message: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refunds SET status = ?, gateway_refund_id = ?, failure_message = ?, updated_at = ? \
         WHERE id = ? AND status = 'pending'",
    )
    .bind(if succeeded { "succeeded" } else { "failed" })
    .bind(gateway_refund_id)
    .bind(failure_message)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Every refund still waiting for the gateway's answer.
pub async fn pending(pool: &SqlitePool) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE status = 'pending'"
    ))
    .fetch_all(pool)
    .await
}
