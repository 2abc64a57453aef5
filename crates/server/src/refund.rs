//! Refunds of succeeded payments, asked for through the business API: in
//! full or in part, never more in all than the payment took, through the
//! [`Gateway`](crate::gateway::Gateway) trait.
//!
//! Like payments, a refund is written `pending` with its own gateway key
//! before the gateway is called, so a lost answer or a crash is resumed with
//! the same key (the gateway makes one refund per key) and money goes back
//! at most once. The invoice keeps its balance (as Stripe's invoices do): a
//! refund gives money back, it does not reopen the invoice. A refunded
//! deposit takes its amount off the customer's credit, and cannot take more
//! than is left.

pub mod record;

use portal_api::{CreateRefund, ErrorCode, PaymentKind, PaymentStatus};

use crate::audit;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::gateway::GatewayError;
use crate::ids::{new_id, sha256_hex};
use crate::payment::record as payment_record;
use crate::state::AppState;
use record::{NewRow, RefundRow};

/// A business API request for a refund.
#[derive(Debug, Clone)]
pub struct Asked<'a> {
    /// The payment, `pay_…`.
    pub payment_id: &'a str,
    /// What was sent.
    pub request: &'a CreateRefund,
    /// The API key that asked (`api_keys.id`).
    pub api_key_id: &'a str,
    /// Its `Idempotency-Key`.
    pub idempotency_key: &'a str,
}

/// Makes the refund asked for, or answers the one this request made before
/// (read again, and resumed if its answer was lost); the refund and whether
/// it was a replay.
pub async fn create(state: &AppState, asked: &Asked<'_>) -> Result<(RefundRow, bool), AppError> {
    let now = clock::now();
    let request_hash = sha256_hex(
        &serde_json::to_string(&(asked.payment_id, asked.request))
            .map_err(|e| AppError::internal(format!("json: {e}")))?,
    );
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(earlier) =
        record::by_request(&mut tx, asked.api_key_id, asked.idempotency_key).await?
    {
        if earlier.request_hash != request_hash {
            return Err(AppError::conflict(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was used for another request.",
            ));
        }
        tx.commit().await?;
        return Ok((drive(state, earlier).await?, true));
    }
    let payment = sqlx::query_as::<_, payment_record::PaymentRow>(&format!(
        "SELECT {} FROM payments WHERE id = ?",
        payment_record::COLUMNS
    ))
    .bind(asked.payment_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("payment"))?;
    if payment.status != PaymentStatus::Succeeded || payment.gateway_charge_id.is_none() {
        return Err(AppError::conflict(
            ErrorCode::NotRefundable,
            "Only a succeeded payment can be refunded.",
        ));
    }
    let left = payment.amount - record::committed(&mut tx, &payment.id).await?;
    if left <= 0 {
        return Err(AppError::conflict(
            ErrorCode::NotRefundable,
            "This payment has been refunded in full.",
        ));
    }
    let amount = asked.request.amount.unwrap_or(left);
    if amount < 1 || amount > left {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            format!("amount: from 1 to {left} minor units (what is left to refund)."),
        ));
    }
    if payment.kind == PaymentKind::Deposit
        && !customer::take_credit(&mut tx, &payment.customer_id, amount).await?
    {
        return Err(AppError::conflict(
            ErrorCode::NotRefundable,
            "The credit this deposit gave has been spent: refund at most what is left of the customer's credit.",
        ));
    }
    let id = new_id("re");
    let gateway_key = format!("refund-{}", new_id("rk"));
    record::insert(
        &mut tx,
        &NewRow {
            id: &id,
            payment_id: &payment.id,
            amount,
            currency: &payment.currency,
            reason: asked.request.reason.map(|r| r.as_str()),
            gateway_key: &gateway_key,
            api_key_id: asked.api_key_id,
            idempotency_key: asked.idempotency_key,
            request_hash: &request_hash,
            now,
        },
    )
    .await?;
    audit::record(&mut tx, asked.api_key_id, "payment.refund", &id, now).await?;
    tx.commit().await?;
    let row = record::load(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::internal("a refund just made is missing"))?;
    tracing::info!(refund = %id, payment = %payment.id, amount, "refund asked for through the business API");
    Ok((drive(state, row).await?, false))
}

/// Sends a pending refund to the gateway (with its own key, so a repeat
/// makes no second refund) and records the answer; anything else is
/// answered as it is. A refund the gateway could not be asked about stays
/// pending and is asked again when its request is repeated (the same
/// `Idempotency-Key`) and at start-up.
pub async fn drive(state: &AppState, row: RefundRow) -> Result<RefundRow, AppError> {
    if !row.is_pending() {
        return Ok(row);
    }
    let payment = payment_record::load(&state.pool, &row.payment_id)
        .await?
        .ok_or_else(|| AppError::internal("a refund's payment is missing"))?;
    let charge = payment
        .gateway_charge_id
        .clone()
        .ok_or_else(|| AppError::internal("a refunded payment has no charge"))?;
    let now = clock::now();
    let outcome = match state
        .gateway
        .refund(&charge, row.amount, &row.gateway_key)
        .await
    {
        Ok(refund) if refund.status == "succeeded" => Ok(refund.id),
        Ok(refund) => Err(format!(
            "The gateway answered the refund as {}.",
            refund.status
        )),
        Err(GatewayError::Refused { message, .. }) => Err(message),
        Err(GatewayError::Unavailable(e)) => {
            tracing::warn!(refund = %row.id, error = %e, "refund sent, answer unknown: stays pending");
            return Ok(row);
        }
    };
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let settled = match &outcome {
        Ok(gateway_id) => {
            record::settle(&mut tx, &row.id, true, Some(gateway_id), None, now).await?
        }
        Err(why) => {
            let settled = record::settle(&mut tx, &row.id, false, None, Some(why), now).await?;
            if settled && payment.kind == PaymentKind::Deposit {
                // The credit taken for it comes back.
                customer::add_credit(&mut tx, &payment.customer_id, row.amount).await?;
            }
            settled
        }
    };
    tx.commit().await?;
    if settled {
        match &outcome {
            Ok(_) => {
                tracing::info!(refund = %row.id, payment = %payment.id, amount = row.amount, "refund succeeded")
            }
            Err(why) => {
                tracing::warn!(refund = %row.id, payment = %payment.id, reason = %why, "refund refused by the gateway")
            }
        }
    }
    record::load(&state.pool, &row.id)
        .await?
        .ok_or_else(|| AppError::internal("a refund is missing"))
}

/// At start-up: every refund left pending (the server stopped, or the
/// gateway's answer was lost) is asked again with its own key.
pub async fn recover(state: &AppState) -> Result<usize, AppError> {
    let rows = record::pending(&state.pool).await?;
    let n = rows.len();
    for row in rows {
        let id = row.id.clone();
        if let Err(e) = drive(state, row).await {
            tracing::warn!(refund = %id, error = %e, "could not resume a refund");
        }
    }
    Ok(n)
}
