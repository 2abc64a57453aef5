//! `POST /v1/charges`, `GET /v1/charges/{id}` and `POST
//! /v1/charges/{id}/cancel` (secret key).
//!
//! Idempotency: the first request with a key stores (merchant, key) → request
//! hash and charge id in the same transaction as the charge. A later request
//! with the same key and the same body gets that charge back (in its current
//! state, with `Idempotent-Replayed: true`); with a different body, `409
//! idempotency_key_reused`. The write lock makes concurrent duplicates wait
//! for the first to commit; the primary key on (merchant, key) is the backstop.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use sqlx::SqliteConnection;

use crate::auth::SecretKey;
use crate::card::StoredCard;
use crate::challenges::{self, ChallengeRow};
use crate::error::ApiError;
use crate::fields::{has_card_like_digits, object, opt_str, req_str};
use crate::ids::new_id;
use crate::json::ApiJson;
use crate::keyed::sha256_hex;
use crate::payment_methods;
use crate::state::AppState;
use crate::test_cards::Behaviour;
use crate::tokens;

/// The longest idempotency key accepted.
pub(crate) const MAX_KEY_LEN: usize = 255;
/// The largest amount accepted, in minor units.
pub(crate) const MAX_AMOUNT: i64 = 99_999_999;
/// Currencies the sandbox accepts.
const CURRENCIES: &[&str] = &[
    "usd", "eur", "gbp", "cad", "aud", "nzd", "chf", "sek", "nok", "dkk", "pln", "czk", "jpy",
    "inr", "brl", "mxn", "sgd", "hkd", "zar", "aed",
];

/// A validated charge request.
struct ChargeRequest<'a> {
    amount: i64,
    currency: String,
    payment_method: Option<&'a str>,
    token: Option<&'a str>,
    description: Option<&'a str>,
}

impl ChargeRequest<'_> {
    /// What makes two requests "the same body", independent of JSON layout.
    fn hash(&self) -> String {
        let canonical = json!([
            self.amount,
            self.currency,
            self.payment_method,
            self.token,
            self.description
        ]);
        sha256_hex(canonical.to_string().as_bytes())
    }
}

fn parse(body: &Value) -> Result<ChargeRequest<'_>, ApiError> {
    let map = object(
        body,
        &[
            "amount",
            "currency",
            "payment_method",
            "token",
            "description",
        ],
    )?;
    let bad_amount = || {
        ApiError::bad_request(
            "invalid_amount",
            format!(
                "The amount must be a whole number of minor units (cents) from 1 to {MAX_AMOUNT}."
            ),
        )
    };
    let amount = map
        .get("amount")
        .and_then(Value::as_i64)
        .filter(|a| (1..=MAX_AMOUNT).contains(a))
        .ok_or_else(bad_amount)?;
    let bad_currency = "The currency must be a supported three-letter ISO code such as \"usd\".";
    let currency = req_str(map, "currency", "invalid_currency", bad_currency)?.to_ascii_lowercase();
    if !CURRENCIES.contains(&currency.as_str()) {
        return Err(ApiError::bad_request("invalid_currency", bad_currency));
    }
    let one_source = "Give exactly one of payment_method (pm_…) or token (tok_…).";
    let payment_method = opt_str(map, "payment_method", "invalid_payment_source", one_source)?;
    let token = opt_str(map, "token", "invalid_payment_source", one_source)?;
    if payment_method.is_some() == token.is_some() {
        return Err(ApiError::bad_request("invalid_payment_source", one_source));
    }
    let bad_description = "The description must be at most 500 characters and hold no card number.";
    let description = opt_str(map, "description", "invalid_description", bad_description)?;
    if description.is_some_and(|d| d.chars().count() > 500 || has_card_like_digits(d)) {
        return Err(ApiError::bad_request(
            "invalid_description",
            bad_description,
        ));
    }
    Ok(ChargeRequest {
        amount,
        currency,
        payment_method,
        token,
        description,
    })
}

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers.get("idempotency-key").ok_or_else(|| {
        ApiError::bad_request(
            "idempotency_key_required",
            "Send an Idempotency-Key header with every charge (a new random value per payment).",
        )
    })?;
    let key = value.to_str().map_err(|_| {
        ApiError::bad_request(
            "invalid_idempotency_key",
            "The Idempotency-Key must be plain text.",
        )
    })?;
    if key.len() > MAX_KEY_LEN {
        return Err(ApiError::bad_request(
            "idempotency_key_too_long",
            format!("The Idempotency-Key must be at most {MAX_KEY_LEN} characters."),
        ));
    }
    if key.trim().is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "The Idempotency-Key must be printable characters without spaces.",
        ));
    }
    Ok(key.to_owned())
}

/// What a charge attempt comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Succeeded,
    Declined(&'static str),
    Failed,
    RequiresAction,
}

fn decide(card: &StoredCard, behaviour: Behaviour, authenticated: bool, now: i64) -> Outcome {
    if card.expired_at(now) {
        return Outcome::Declined("expired_card");
    }
    match behaviour {
        Behaviour::Approve => Outcome::Succeeded,
        Behaviour::GenericDecline | Behaviour::DeclineAfterSave => {
            Outcome::Declined("generic_decline")
        }
        Behaviour::InsufficientFunds => Outcome::Declined("insufficient_funds"),
        Behaviour::ExpiredCard => Outcome::Declined("expired_card"),
        Behaviour::IncorrectCvc => Outcome::Declined("incorrect_cvc"),
        Behaviour::Fraudulent => Outcome::Declined("fraudulent"),
        Behaviour::ProcessingError => Outcome::Failed,
        Behaviour::OtpFirstCharge if authenticated => Outcome::Succeeded,
        Behaviour::OtpFirstCharge | Behaviour::OtpEveryCharge => Outcome::RequiresAction,
    }
}

pub(crate) async fn create(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    headers: HeaderMap,
    body: Result<ApiJson<Value>, ApiError>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let ApiJson(body) = body?;
    let request = parse(&body)?;
    let request_hash = request.hash();

    let _write = state.write_lock.lock().await;
    let now = state.now();
    let mut tx = state.pool.begin().await?;
    let earlier: Option<(String, String)> = sqlx::query_as(
        "SELECT request_hash, charge_id FROM idempotency_keys WHERE merchant = ? AND key = ?",
    )
    .bind(&merchant.id)
    .bind(&key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((earlier_hash, charge_id)) = earlier {
        if earlier_hash != request_hash {
            tracing::warn!(merchant = %merchant.id, "idempotency key reused with a different request");
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request. Use a new key for a new payment.",
            ));
        }
        let charge = charge_json(&mut tx, &merchant.id, &charge_id, now).await?;
        let mut response = Json(charge).into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(response);
    }

    let (card, behaviour, authenticated, payment_method, token) =
        match (request.payment_method, request.token) {
            (Some(pm), _) => {
                let row = payment_methods::find(&mut tx, &merchant.id, pm).await?;
                let behaviour = Behaviour::parse(&row.behaviour);
                (row.card, behaviour, row.authenticated, Some(row.id), None)
            }
            (None, Some(token)) => {
                let row = tokens::take(&mut tx, &merchant.id, token, now).await?;
                let behaviour = Behaviour::parse(&row.behaviour);
                (row.card, behaviour, false, None, Some(row.id))
            }
            (None, None) => {
                return Err(ApiError::bad_request(
                    "invalid_payment_source",
                    "Give a payment method or a token.",
                ))
            }
        };
    let outcome = decide(&card, behaviour, authenticated, now);
    let (status, decline_code) = match outcome {
        Outcome::Succeeded => ("succeeded", None),
        Outcome::Declined(code) => ("declined", Some(code)),
        Outcome::Failed => ("failed", Some("processing_error")),
        Outcome::RequiresAction => ("requires_action", None),
    };
    let id = new_id("ch_");
    sqlx::query(
        "INSERT INTO charges (id, merchant, amount, currency, description, payment_method, token,
             brand, last4, exp_month, exp_year, name, funding, status, decline_code, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&merchant.id)
    .bind(request.amount)
    .bind(&request.currency)
    .bind(request.description)
    .bind(&payment_method)
    .bind(&token)
    .bind(&card.brand)
    .bind(&card.last4)
    .bind(card.exp_month)
    .bind(card.exp_year)
    .bind(&card.name)
    .bind(&card.funding)
    .bind(status)
    .bind(decline_code)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let pending_code = if outcome == Outcome::RequiresAction {
        Some(
            challenges::create(
                &state,
                &mut tx,
                &merchant.id,
                &id,
                request.amount,
                &request.currency,
                now,
            )
            .await?,
        )
    } else {
        None
    };
    sqlx::query(
        "INSERT INTO idempotency_keys (merchant, key, request_hash, charge_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&merchant.id)
    .bind(&key)
    .bind(&request_hash)
    .bind(&id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let charge = charge_json(&mut tx, &merchant.id, &id, now).await?;
    tx.commit().await?;
    if let Some(sent) = pending_code {
        sent.deliver(&state, now);
    }
    tracing::info!(charge = %id, merchant = %merchant.id, status, amount = request.amount, currency = %request.currency, "charge created");
    Ok(Json(charge).into_response())
}

pub(crate) async fn get(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(
        charge_json(&mut conn, &merchant.id, &id, state.now()).await?,
    ))
}

/// `POST /v1/charges/{id}/cancel`: a charge still waiting for its code ends
/// `canceled` and its challenge closes, in one transaction, so no code can
/// pass it afterwards (the merchant gave up on an abandoned code step). Any
/// other charge is answered as it is, so the caller reads what happened: a
/// code that passed just before leaves it `succeeded`.
pub(crate) async fn cancel(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let _write = state.write_lock.lock().await;
    let now = state.now();
    let mut tx = state.pool.begin().await?;
    let canceled = sqlx::query(
        "UPDATE charges SET status = 'canceled', updated_at = ?
         WHERE id = ? AND merchant = ? AND status = 'requires_action'",
    )
    .bind(now)
    .bind(&id)
    .bind(&merchant.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        > 0;
    if canceled {
        sqlx::query(
            "UPDATE challenges SET status = 'canceled' WHERE charge_id = ? AND status = 'pending'",
        )
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    }
    let charge = charge_json(&mut tx, &merchant.id, &id, now).await?;
    tx.commit().await?;
    if canceled {
        tracing::info!(charge = %id, merchant = %merchant.id, "charge canceled while waiting for its code");
    }
    Ok(Json(charge))
}

#[derive(Debug, sqlx::FromRow)]
struct ChargeRow {
    id: String,
    amount: i64,
    currency: String,
    description: Option<String>,
    payment_method: Option<String>,
    status: String,
    decline_code: Option<String>,
    created_at: i64,
    #[sqlx(flatten)]
    card: StoredCard,
}

/// The charge object, as every charge endpoint answers it.
pub(crate) async fn charge_json(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
    now: i64,
) -> Result<Value, ApiError> {
    let row: ChargeRow = sqlx::query_as(
        "SELECT id, amount, currency, description, payment_method, status, decline_code, created_at,
             brand, last4, exp_month, exp_year, name, funding
         FROM charges WHERE id = ? AND merchant = ?",
    )
    .bind(id)
    .bind(merchant)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ApiError::not_found("charge_not_found", "No such charge."))?;
    let challenge = challenges::for_charge(conn, &row.id).await?;
    let amount_refunded = super::refunds::refunded(conn, &row.id).await?;
    let mut charge = json!({
        "id": row.id,
        "object": "charge",
        "status": row.status,
        "amount": row.amount,
        "currency": row.currency,
        "description": row.description,
        "payment_method": row.payment_method,
        "card": row.card.to_json(),
        "created": row.created_at,
        "retryable": row.decline_code.as_deref() == Some("processing_error"),
        "amount_refunded": amount_refunded,
    });
    let message = match (row.status.as_str(), &challenge) {
        ("requires_action", Some(c)) => Some(format!(
            "Enter the code sent to the phone ending in {}.",
            c.phone_last2
        )),
        ("canceled", _) => Some(
            "The payment was canceled before its one-time code was entered; nothing was charged."
                .to_owned(),
        ),
        ("declined", Some(c)) if c.status == "locked" => Some(
            "The one-time code was entered wrongly too many times, so the payment was not made. Try again or use another card."
                .to_owned(),
        ),
        _ => row.decline_code.as_deref().map(|code| decline_message(code).to_owned()),
    };
    if let Some(code) = &row.decline_code {
        charge["decline_code"] = json!(code);
    }
    if let Some(message) = message {
        charge["message"] = json!(message);
    }
    if row.status == "requires_action" {
        if let Some(c) = &challenge {
            charge["challenge"] = challenge_json(c, now);
        }
    }
    Ok(charge)
}

fn challenge_json(c: &ChallengeRow, now: i64) -> Value {
    json!({
        "id": c.id,
        "client_secret": c.client_secret,
        "phone_last2": c.phone_last2,
        "status": if c.status == "pending" && c.expires_at <= now { "expired" } else { c.status.as_str() },
        "expires_at": c.expires_at,
        "attempts_left": c.attempts_left,
        "resend_available_at": c.last_sent_at + challenges::RESEND_COOLDOWN_SECS,
    })
}

/// The plain-words reason for a decline code.
pub(crate) fn decline_message(code: &str) -> &'static str {
    match code {
        "insufficient_funds" => "The card has insufficient funds. Use another card.",
        "expired_card" => "The card has expired. Check the expiry date or use another card.",
        "incorrect_cvc" => "The card's security code is incorrect. Check it and try again.",
        "processing_error" => {
            "An error occurred while processing the card. Try again in a moment; you were not charged."
        }
        // A fraud block is not explained to the customer, as with real issuers.
        _ => "The card was declined. Use another card or contact your card issuer.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(exp_year: i64) -> StoredCard {
        StoredCard {
            brand: "visa".into(),
            last4: "4242".into(),
            exp_month: 12,
            exp_year,
            name: "A".into(),
            funding: "credit".into(),
        }
    }

    #[test]
    fn p5_outcomes_per_behaviour() {
        let now = 1_800_000_000; // 2027
        let ok = card(2030);
        assert_eq!(
            decide(&ok, Behaviour::Approve, false, now),
            Outcome::Succeeded
        );
        assert_eq!(
            decide(&ok, Behaviour::ProcessingError, false, now),
            Outcome::Failed
        );
        assert_eq!(
            decide(&ok, Behaviour::OtpFirstCharge, false, now),
            Outcome::RequiresAction
        );
        assert_eq!(
            decide(&ok, Behaviour::OtpFirstCharge, true, now),
            Outcome::Succeeded
        );
        assert_eq!(
            decide(&ok, Behaviour::OtpEveryCharge, true, now),
            Outcome::RequiresAction
        );
        assert_eq!(
            decide(&ok, Behaviour::Fraudulent, false, now),
            Outcome::Declined("fraudulent")
        );
        assert_eq!(
            decide(&card(2020), Behaviour::Approve, false, now),
            Outcome::Declined("expired_card")
        );
    }

    #[test]
    fn p1_request_hash_ignores_layout_but_not_content() {
        let a = json!({"amount": 500, "currency": "usd", "token": "tok_1"});
        let b: Value = serde_json::from_str(r#"{ "token":"tok_1","currency":"USD","amount":500 }"#)
            .unwrap_or(Value::Null);
        let c = json!({"amount": 501, "currency": "usd", "token": "tok_1"});
        let hash = |v: &Value| parse(v).map(|r| r.hash()).ok();
        assert!(hash(&a).is_some());
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
    }

    #[test]
    fn i2_bad_amounts_are_refused() {
        for amount in [
            json!(0),
            json!(-5),
            json!(1.5),
            json!("500"),
            json!(100_000_000),
        ] {
            let body = json!({"amount": amount, "currency": "usd", "token": "tok_1"});
            assert_eq!(parse(&body).err().map(|e| e.code()), Some("invalid_amount"));
        }
    }
}
