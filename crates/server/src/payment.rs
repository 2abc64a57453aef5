//! Charging: a payment row is written `pending` with its gateway idempotency
//! key *before* the gateway is called; the outcome, the card, the receipt and
//! the balance change are written in one transaction. A retry with the same
//! client key resumes the same row with the same gateway key, so a double
//! click, a dropped answer or a crash never charges twice (P1, P3, P4); the
//! browser's word is never taken for an outcome: the server asks the gateway.
//!
//! A code step is open for at most [`ABANDONED_AFTER`]: after that the
//! charge is canceled at the gateway (no code passes it any more) and the
//! payment ends `failed` (`authentication_failed`). A card the customer asked
//! to save is kept only when the payment succeeds ([`saved_card`]).

pub mod record;

use axum::http::StatusCode;
use portal_api::{
    BillingAddress, DeclineCode, ErrorCode, PayRequest, Payment, PaymentChallenge, PaymentKind,
    PaymentSource, PaymentStatus,
};
use serde::Serialize;

use crate::billing;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::gateway::{
    ChargeRequest, ChargeSource, ChargeStatus, GatewayCharge, GatewayError, RefusalCode,
};
use crate::ids::{new_id, random_hex, sha256_hex};
use crate::invoice;
use crate::saved_card;
use crate::state::AppState;
use record::{PaymentRow, COLUMNS};

/// Seconds from the start of a payment after which a code step still open is
/// abandoned: the charge is canceled at the gateway, the payment ends
/// `failed`, it no longer holds the invoice's balance and a card saved with
/// it is not kept. (A code lives 5 minutes and a few new ones may be asked
/// for; half an hour is ample.) It is ended the next time anything looks at
/// it: the payment, its invoice, its card, the payments list, or a start-up.
pub const ABANDONED_AFTER: i64 = 30 * 60;

/// Largest amount of one payment (minor units).
pub const MAX_AMOUNT: i64 = 99_999_999;

/// What is being paid.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// Payer.
    pub customer_id: String,
    /// `Some(invoice id)` for an invoice, `None` for a deposit.
    pub invoice_id: Option<String>,
    /// Minor units.
    pub amount: i64,
    /// Currency (lowercase).
    pub currency: String,
    /// The card.
    pub source: PaymentSource,
    /// Billing address (checked).
    pub billing: BillingAddress,
    /// The client's `Idempotency-Key`.
    pub idempotency_key: String,
    /// Made through a payment link (no saved cards).
    pub via_link: bool,
    /// The client's address, for a payment through a link (throttled per
    /// address as well as per link).
    pub client_ip: Option<String>,
}

/// Whose failures a payment counts against: the party that acts. A
/// customer paying with their session is throttled as that customer;
/// someone paying through a payment link, as that link (its invoice), never
/// as the invoice's owner, whom a link holder could otherwise lock out (A7).
fn throttle_key(customer_id: &str, invoice_id: Option<&str>, via_link: bool) -> String {
    match (via_link, invoice_id) {
        (true, Some(invoice_id)) => format!("pay-link:{invoice_id}"),
        _ => format!("pay:{customer_id}"),
    }
}

fn row_throttle_key(row: &PaymentRow) -> String {
    throttle_key(&row.customer_id, row.invoice_id.as_deref(), row.via_link)
}

#[derive(Serialize)]
struct Fingerprint<'a> {
    invoice_id: &'a Option<String>,
    amount: i64,
    currency: &'a str,
    source: &'a PaymentSource,
    billing: &'a BillingAddress,
    via_link: bool,
}

impl NewPayment {
    /// A payment from a [`PayRequest`], its fields checked.
    pub fn from_request(
        customer_id: &str,
        invoice_id: Option<String>,
        idempotency_key: String,
        request: PayRequest,
        via_link: bool,
    ) -> Result<Self, AppError> {
        billing::validate(&request.billing_address)?;
        let currency = request.amount.currency.trim().to_ascii_lowercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(AppError::bad_request(
                ErrorCode::InvalidAmount,
                "The currency must be a three-letter code, e.g. usd.",
            ));
        }
        if request.amount.amount <= 0 {
            return Err(AppError::bad_request(
                ErrorCode::InvalidAmount,
                "Enter an amount greater than zero.",
            ));
        }
        if request.amount.amount > MAX_AMOUNT {
            return Err(AppError::bad_request(
                ErrorCode::InvalidAmount,
                "The amount is too large.",
            ));
        }
        Ok(Self {
            customer_id: customer_id.to_owned(),
            invoice_id,
            amount: request.amount.amount,
            currency,
            source: request.source,
            billing: billing::normalize(&request.billing_address),
            idempotency_key,
            via_link,
            client_ip: None,
        })
    }

    /// The client's address (for a payment through a link).
    pub fn acting_from(self, ip: String) -> Self {
        Self {
            client_ip: Some(ip),
            ..self
        }
    }
}

/// Starts (or, for a known key, resumes) a payment. Returns the payment and
/// whether it was a replay.
pub async fn start(state: &AppState, new: NewPayment) -> Result<(PaymentRow, bool), AppError> {
    let request_hash = sha256_hex(
        &serde_json::to_string(&Fingerprint {
            invoice_id: &new.invoice_id,
            amount: new.amount,
            currency: &new.currency,
            source: &new.source,
            billing: &new.billing,
            via_link: new.via_link,
        })
        .map_err(AppError::internal)?,
    );
    let row = {
        // One writer at a time decides amounts against the balance.
        let guard = state.payment_lock.lock().await;
        let existing: Option<PaymentRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM payments WHERE customer_id = ? AND idempotency_key = ?"
        ))
        .bind(&new.customer_id)
        .bind(&new.idempotency_key)
        .fetch_optional(&state.pool)
        .await?;
        if let Some(existing) = existing {
            if existing.request_hash != request_hash {
                return Err(AppError::conflict(
                    ErrorCode::IdempotencyKeyReused,
                    "This Idempotency-Key was already used for a different payment. Use a new key.",
                ));
            }
            drop(guard);
            let row = drive(state, existing).await?;
            let row = settle_abandoned(state, row).await?;
            return Ok((row, true));
        }
        let now = clock::now();
        let mut keys = vec![throttle_key(
            &new.customer_id,
            new.invoice_id.as_deref(),
            new.via_link,
        )];
        keys.extend(address_key(&new));
        for key in &keys {
            if let Err(wait) = state.payment_throttle.check(key, now) {
                tracing::warn!(target: "security", event = "payment_rate_limited", customer = %new.customer_id, via_link = new.via_link, "payment refused: too many failed attempts");
                return Err(AppError::rate_limited(wait));
            }
        }
        if let Some(invoice_id) = &new.invoice_id {
            check_amount(state, &new, invoice_id).await?;
        }
        let (payment_method_id, token, save, make_default, card) = match &new.source {
            PaymentSource::SavedCard { payment_method_id } => {
                if new.via_link {
                    return Err(AppError::not_found("card"));
                }
                let card = saved_card::find(&state.pool, &new.customer_id, payment_method_id)
                    .await?
                    .ok_or_else(|| {
                        tracing::warn!(target: "security", event = "idor_or_missing", customer = %new.customer_id, resource = "payment_method", "card not found for this customer");
                        AppError::not_found("card")
                    })?;
                if card.expired() {
                    return Err(AppError::conflict(
                        ErrorCode::CardExpired,
                        "This card has expired. Choose another card.",
                    ));
                }
                (Some(card.id.clone()), None, false, false, Some(card))
            }
            PaymentSource::NewCard {
                token,
                save,
                make_default,
            } => {
                let t = token.trim();
                if t.is_empty() || t.len() > 255 || !t.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(AppError::bad_request(
                        ErrorCode::InvalidToken,
                        "The card details were not recognised. Please enter the card again.",
                    ));
                }
                let save = *save && !new.via_link;
                (None, Some(t.to_owned()), save, save && *make_default, None)
            }
        };
        let id = new_id("pay");
        let gateway_key = format!("portal_{id}_{}", random_hex(8));
        let kind = if new.invoice_id.is_some() {
            PaymentKind::Invoice
        } else {
            PaymentKind::Deposit
        };
        sqlx::query(
            "INSERT INTO payments (id, customer_id, invoice_id, kind, idempotency_key, request_hash, gateway_key, amount, currency, \
             payment_method_id, token, save_card, make_default, billing_json, status, card_brand, card_last4, card_exp_month, card_exp_year, \
             via_link, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&new.customer_id)
        .bind(&new.invoice_id)
        .bind(kind.as_str())
        .bind(&new.idempotency_key)
        .bind(&request_hash)
        .bind(&gateway_key)
        .bind(new.amount)
        .bind(&new.currency)
        .bind(&payment_method_id)
        .bind(&token)
        .bind(save)
        .bind(make_default)
        .bind(serde_json::to_string(&new.billing).map_err(AppError::internal)?)
        .bind(PaymentStatus::Pending.as_str())
        .bind(card.as_ref().map(|c| c.brand.clone()))
        .bind(card.as_ref().map(|c| c.last4.clone()))
        .bind(card.as_ref().map(|c| c.exp_month))
        .bind(card.as_ref().map(|c| c.exp_year))
        .bind(new.via_link)
        .bind(now)
        .bind(now)
        .execute(&state.pool)
        .await?;
        record::load(&state.pool, &id)
            .await?
            .ok_or_else(|| AppError::internal("payment vanished"))?
    };
    let row = drive(state, row).await?;
    if matches!(row.status, PaymentStatus::Declined | PaymentStatus::Failed) {
        if let Some(key) = address_key(&new) {
            state.payment_throttle.fail(&key, clock::now());
        }
    }
    Ok((row, false))
}

/// The throttle key of the address a payment through a link comes from.
fn address_key(new: &NewPayment) -> Option<String> {
    match (&new.client_ip, new.via_link) {
        (Some(ip), true) => Some(format!("pay-link-ip:{ip}")),
        _ => None,
    }
}

/// Amount rules: positive, the invoice's currency, at most what is left after
/// payments in flight, partial only where allowed.
async fn check_amount(
    state: &AppState,
    new: &NewPayment,
    invoice_id: &str,
) -> Result<(), AppError> {
    let invoice = invoice::balance_of(&state.pool, &new.customer_id, invoice_id).await?;
    let Some((balance, currency)) = invoice else {
        tracing::warn!(target: "security", event = "idor_or_missing", customer = %new.customer_id, resource = "invoice", "invoice not found for this customer");
        return Err(AppError::not_found("invoice"));
    };
    if balance == 0 {
        return Err(AppError::conflict(
            ErrorCode::InvoicePaid,
            "This invoice is already paid.",
        ));
    }
    if new.currency != currency {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            format!("Pay this invoice in {}.", currency.to_uppercase()),
        ));
    }
    // A code step abandoned for half an hour is ended first (canceled at the
    // gateway), so it no longer holds the balance; one the gateway could not
    // cancel still does.
    end_abandoned(state, |row| row.invoice_id.as_deref() == Some(invoice_id)).await;
    let in_flight = record::in_flight(&state.pool, invoice_id).await?;
    let payable = balance - in_flight;
    if payable <= 0 {
        return Err(AppError::conflict(
            ErrorCode::InvoicePaid,
            "A payment for this invoice is already in progress. Finish it or wait for its result.",
        ));
    }
    if new.amount <= 0 {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            "Enter an amount greater than zero.",
        ));
    }
    if new.amount > payable {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            "The amount is more than the balance due. Pay at most the balance.",
        ));
    }
    if new.amount < payable && !state.settings.allow_partial_payments {
        return Err(AppError::bad_request(
            ErrorCode::InvalidAmount,
            "Pay the full balance: partial payments are not accepted.",
        ));
    }
    Ok(())
}

/// Moves a payment forward: a `pending` one is (re)sent to the gateway with
/// its own key; others are returned as they are.
pub async fn drive(state: &AppState, row: PaymentRow) -> Result<PaymentRow, AppError> {
    if row.status != PaymentStatus::Pending {
        return Ok(row);
    }
    // Concurrent duplicates wait here and then see the first one's outcome.
    let lock = state.payment_locks.get(&row.id);
    let _held = lock.lock().await;
    let Some(mut row) = record::load(&state.pool, &row.id).await? else {
        return Err(AppError::internal("payment vanished"));
    };
    if row.status != PaymentStatus::Pending {
        return Ok(row);
    }
    if let Some(id) = row.gateway_charge_id.clone() {
        return reconcile_charge(state, &row, &id).await;
    }
    // A new card to keep: attach it first (waiting for this payment, none
    // of the customer's cards yet), then charge it, so the code step and
    // the card's authentication are the saved card's.
    if row.save_card && row.payment_method_id.is_none() {
        if let Some(token) = row.token.clone() {
            // Resumed after a stop between saving it and linking it here.
            let saved = match saved_card::waiting_for(&state.pool, &row.id).await? {
                Some(card) => Ok(card),
                None => {
                    saved_card::save_for_payment(state, &row.customer_id, &token, &row.id).await
                }
            };
            match saved {
                Ok(card) => {
                    sqlx::query("UPDATE payments SET payment_method_id = ?, token = NULL, updated_at = ? WHERE id = ?")
                        .bind(&card.id)
                        .bind(clock::now())
                        .bind(&row.id)
                        .execute(&state.pool)
                        .await?;
                    row.payment_method_id = Some(card.id);
                    row.token = None;
                }
                Err(e) if e.status == StatusCode::BAD_GATEWAY => return Ok(row),
                Err(e) => {
                    return fail(state, &row, DeclineCode::CardNotUsable, &e.message, true).await
                }
            }
        }
    }
    let source = match (&row.payment_method_id, &row.token) {
        (Some(pm), _) => match saved_card::gateway_id(&state.pool, pm).await? {
            Some(g) => ChargeSource::PaymentMethod(g),
            None => {
                return fail(
                    state,
                    &row,
                    DeclineCode::CardNotUsable,
                    "This card can no longer be used. Choose another card.",
                    true,
                )
                .await
            }
        },
        (None, Some(token)) => ChargeSource::Token(token.clone()),
        (None, None) => {
            return fail(
                state,
                &row,
                DeclineCode::CardNotUsable,
                "No card was given. Choose a card.",
                true,
            )
            .await
        }
    };
    let description = match &row.invoice_id {
        Some(inv) => invoice::number(&state.pool, inv)
            .await?
            .unwrap_or_else(|| "Invoice payment".into()),
        None => "Deposit".to_owned(),
    };
    let request = ChargeRequest {
        amount: row.amount,
        currency: row.currency.clone(),
        source,
        description,
    };
    match state.gateway.charge(&request, &row.gateway_key).await {
        Ok(charge) => apply(state, &row.id, &charge).await,
        // Unknown outcome: stays pending; the same key is used on resume.
        Err(GatewayError::Unavailable(e)) => {
            tracing::warn!(payment = %row.id, error = %e, "gateway unavailable; payment stays pending");
            Ok(row)
        }
        Err(refused @ GatewayError::Refused { .. }) => {
            let message = match refused.refusal() {
                Some(RefusalCode::TokenExpired) => {
                    "The card details expired before they were used. Please enter the card again."
                }
                Some(RefusalCode::TokenUsed) => {
                    "These card details were already used. Please enter the card again."
                }
                Some(RefusalCode::PaymentMethodNotFound) => {
                    "This card can no longer be used. Choose another card."
                }
                _ => "The card could not be charged. Please check it or use another card.",
            };
            fail(state, &row, DeclineCode::CardNotUsable, message, true).await
        }
    }
}

async fn fail(
    state: &AppState,
    row: &PaymentRow,
    code: DeclineCode,
    message: &str,
    retryable: bool,
) -> Result<PaymentRow, AppError> {
    sqlx::query(
        "UPDATE payments SET status = ?, decline_code = ?, decline_message = ?, retryable = ?, updated_at = ? \
         WHERE id = ? AND status = ?",
    )
    .bind(PaymentStatus::Failed.as_str())
    .bind(code.as_str())
    .bind(message)
    .bind(retryable)
    .bind(clock::now())
    .bind(&row.id)
    .bind(PaymentStatus::Pending.as_str())
    .execute(&state.pool)
    .await?;
    state
        .payment_throttle
        .fail(&row_throttle_key(row), clock::now());
    after_failure(state, &row.id).await?;
    record::load(&state.pool, &row.id)
        .await?
        .ok_or_else(|| AppError::internal("payment vanished"))
}

/// Asks the gateway for the charge's true state and records it.
pub async fn reconcile_charge(
    state: &AppState,
    row: &PaymentRow,
    charge_id: &str,
) -> Result<PaymentRow, AppError> {
    match state.gateway.get_charge(charge_id).await {
        Ok(charge) => apply(state, &row.id, &charge).await,
        Err(e) => {
            tracing::warn!(payment = %row.id, error = %e, "could not read the charge from the gateway");
            Ok(row.clone())
        }
    }
}

/// After the browser passed the code step with the gateway: a `pending`
/// payment is driven on, any other brought up to date (the browser's word
/// is not taken: the gateway is asked).
pub async fn confirm(state: &AppState, row: PaymentRow) -> Result<PaymentRow, AppError> {
    match row.status {
        PaymentStatus::Pending => drive(state, row).await,
        _ => refresh(state, row).await,
    }
}

/// Brings an unfinished payment up to date with the gateway (confirm, reload);
/// an abandoned code step is ended.
pub async fn refresh(state: &AppState, row: PaymentRow) -> Result<PaymentRow, AppError> {
    if is_abandoned(&row, clock::now()) {
        return end_code_step(state, row).await;
    }
    match (row.status, row.gateway_charge_id.clone()) {
        (status, Some(id)) if status.is_unfinished() => reconcile_charge(state, &row, &id).await,
        _ => Ok(row),
    }
}

/// Whether `row` is a code step open for longer than [`ABANDONED_AFTER`].
fn is_abandoned(row: &PaymentRow, now: i64) -> bool {
    row.status == PaymentStatus::RequiresAction && now - row.created_at >= ABANDONED_AFTER
}

/// Ends `row` if it is an abandoned code step; else returns it as it is.
pub async fn settle_abandoned(state: &AppState, row: PaymentRow) -> Result<PaymentRow, AppError> {
    if is_abandoned(&row, clock::now()) {
        end_code_step(state, row).await
    } else {
        Ok(row)
    }
}

/// Ends every abandoned code step for which `which` holds (each on its own:
/// one the gateway cannot cancel now is left for the next time).
pub async fn end_abandoned(state: &AppState, which: impl Fn(&PaymentRow) -> bool) {
    let now = clock::now();
    let rows = match record::unfinished(&state.pool).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the unfinished payments");
            return;
        }
    };
    for row in rows
        .into_iter()
        .filter(|r| is_abandoned(r, now) && which(r))
    {
        let id = row.id.clone();
        if let Err(e) = end_code_step(state, row).await {
            tracing::warn!(payment = %id, error = %e, "could not end an abandoned code step");
        }
    }
}

/// Ends an abandoned code step: the charge is canceled at the gateway, in
/// the same step that answers its state, so a code that passed just before
/// is recorded as paid and none can pass after. Unreachable gateway: the
/// payment stays as it is and is ended the next time.
async fn end_code_step(state: &AppState, row: PaymentRow) -> Result<PaymentRow, AppError> {
    let Some(charge_id) = row.gateway_charge_id.clone() else {
        return Ok(row);
    };
    match state.gateway.cancel_charge(&charge_id).await {
        Ok(charge) => {
            tracing::info!(payment = %row.id, status = ?charge.status, "abandoned code step ended");
            apply(state, &row.id, &charge).await
        }
        Err(e) => {
            tracing::warn!(payment = %row.id, error = %e, "could not cancel an abandoned code step");
            Ok(row)
        }
    }
}

/// Records a charge's state; on success, the balance (or credit), the
/// receipt and the card saved with it in the same transaction, exactly once.
pub async fn apply(
    state: &AppState,
    payment_id: &str,
    charge: &GatewayCharge,
) -> Result<PaymentRow, AppError> {
    let now = clock::now();
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: PaymentRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?"))
        .bind(payment_id)
        .fetch_one(&mut *tx)
        .await?;
    if row.status.is_final() {
        // Final states never change.
        return Ok(row);
    }
    let status = match charge.status {
        ChargeStatus::Succeeded => PaymentStatus::Succeeded,
        ChargeStatus::RequiresAction => PaymentStatus::RequiresAction,
        ChargeStatus::Declined => PaymentStatus::Declined,
        ChargeStatus::Failed | ChargeStatus::Canceled => PaymentStatus::Failed,
    };
    // Only this server cancels a charge: when its code step was abandoned.
    let (decline_code, message, retryable) = match charge.status {
        ChargeStatus::Canceled => (
            Some(DeclineCode::AuthenticationFailed.as_str().to_owned()),
            Some(format!(
                "The one-time code was not entered within {} minutes, so the payment was not made and nothing was charged. You can start again.",
                ABANDONED_AFTER / 60
            )),
            true,
        ),
        _ => (
            charge.decline_code.clone(),
            charge.message.clone(),
            charge.retryable,
        ),
    };
    let challenge = charge.challenge.as_ref().map(|c| PaymentChallenge {
        id: c.id.clone(),
        client_secret: c.client_secret.clone(),
        phone_last2: c.phone_last2.clone(),
        expires_at: c.expires_at,
        attempts_left: u32::try_from(c.attempts_left).unwrap_or(0),
        resend_available_at: c.resend_available_at,
    });
    let reference = (status == PaymentStatus::Succeeded).then(|| {
        row.receipt_reference
            .clone()
            .unwrap_or_else(|| format!("RCPT-{}", random_hex(5).to_uppercase()))
    });
    let card = charge.card.as_ref();
    sqlx::query(
        "UPDATE payments SET status = ?, gateway_charge_id = ?, card_brand = COALESCE(?, card_brand), card_last4 = COALESCE(?, card_last4), \
         card_exp_month = COALESCE(?, card_exp_month), card_exp_year = COALESCE(?, card_exp_year), decline_code = ?, decline_message = ?, \
         retryable = ?, challenge_json = ?, receipt_reference = ?, token = CASE WHEN ? THEN NULL ELSE token END, updated_at = ? WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(&charge.id)
    .bind(card.map(|c| c.brand.clone()))
    .bind(card.map(|c| c.last4.clone()))
    .bind(card.map(|c| c.exp_month))
    .bind(card.map(|c| c.exp_year))
    .bind(&decline_code)
    .bind(&message)
    .bind(retryable)
    .bind(challenge.as_ref().and_then(|c| serde_json::to_string(c).ok()))
    .bind(&reference)
    .bind(status != PaymentStatus::RequiresAction)
    .bind(now)
    .bind(payment_id)
    .execute(&mut *tx)
    .await?;
    if status == PaymentStatus::Succeeded && !row.applied {
        match &row.invoice_id {
            Some(invoice_id) => {
                let applied = invoice::pay_down(&mut tx, invoice_id, row.amount).await?;
                if row.amount > applied {
                    // Never lose money: anything above the balance is kept as credit.
                    tracing::error!(payment = %row.id, "payment exceeded the balance; the excess is credited");
                    customer::add_credit(&mut tx, &row.customer_id, row.amount - applied).await?;
                }
            }
            None => {
                customer::add_credit(&mut tx, &row.customer_id, row.amount).await?;
            }
        }
        sqlx::query("UPDATE payments SET applied = 1 WHERE id = ?")
            .bind(payment_id)
            .execute(&mut *tx)
            .await?;
        if row.save_card {
            // Kept exactly when the payment is: in the same transaction.
            saved_card::keep_for_payment(&mut tx, payment_id, row.make_default).await?;
        }
    }
    tx.commit().await?;
    match status {
        PaymentStatus::Succeeded => {
            tracing::info!(payment = %row.id, customer = %row.customer_id, "payment succeeded");
        }
        PaymentStatus::Declined | PaymentStatus::Failed => {
            tracing::warn!(target: "security", event = "payment_declined", customer = %row.customer_id, payment = %row.id, code = ?decline_code, "payment declined");
            state.payment_throttle.fail(&row_throttle_key(&row), now);
            after_failure(state, payment_id).await?;
        }
        _ => {}
    }
    record::load(&state.pool, payment_id)
        .await?
        .ok_or_else(|| AppError::internal("payment vanished"))
}

/// A card saved only for this payment is not kept when the payment failed.
async fn after_failure(state: &AppState, payment_id: &str) -> Result<(), AppError> {
    if let Err(e) = saved_card::let_go_for_payment(state, payment_id).await {
        tracing::warn!(payment = %payment_id, error = %e, "could not let go of the card saved for a failed payment");
    }
    Ok(())
}

/// The wire form of a payment, with its invoice number.
pub async fn to_api(state: &AppState, row: &PaymentRow) -> Result<Payment, AppError> {
    let number = match &row.invoice_id {
        Some(id) => invoice::number(&state.pool, id).await?,
        None => None,
    };
    // Kept only once the payment succeeded.
    let saved = if row.save_card && row.status == PaymentStatus::Succeeded {
        row.payment_method_id.clone()
    } else {
        None
    };
    Ok(row.to_api(&state.settings.business_name, number, saved))
}

/// At start-up: every payment left `pending` (the server stopped mid-way) is
/// resumed with its own gateway key, and every one waiting for a code is
/// brought up to date (an abandoned one ended), so customers see the truth
/// after a restart (P3).
pub async fn recover(state: &AppState) -> Result<usize, AppError> {
    let rows = record::unfinished(&state.pool).await?;
    let n = rows.len();
    for row in rows {
        let id = row.id.clone();
        let result = if row.status == PaymentStatus::Pending {
            drive(state, row).await
        } else {
            refresh(state, row).await
        };
        if let Err(e) = result {
            tracing::warn!(payment = %id, error = %e, "could not resume a payment");
        }
    }
    // Cards saved for payments that did not go through, which the gateway
    // could not detach at the time.
    for payment_id in saved_card::left_waiting(&state.pool).await? {
        after_failure(state, &payment_id).await?;
    }
    Ok(n)
}
