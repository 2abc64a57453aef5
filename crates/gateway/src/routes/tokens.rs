//! `POST /v1/tokens`: a card becomes a single-use token (publishable key).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::PublishableKey;
use crate::card::{year_month, StoredCard};
use crate::card_check;
use crate::error::ApiError;
use crate::fields::{object, req_int, req_str, Object};
use crate::json::ApiJson;
use crate::rate_limit::{ClientIp, Limit};
use crate::state::AppState;
use crate::test_cards::{funding_for, Behaviour};
use crate::tokens;

/// A validated card, with the number already reduced to what may be kept.
struct CheckedCard {
    card: StoredCard,
    fingerprint: String,
    behaviour: Behaviour,
}

/// The fields of a tokenization body.
const FIELDS: &[&str] = &["number", "exp_month", "exp_year", "cvc", "name"];

/// A card number that passed its checks; the other fields are still unchecked.
struct CardNumber {
    digits: String,
    brand: &'static str,
}

pub(crate) async fn create(
    State(state): State<AppState>,
    PublishableKey(merchant): PublishableKey,
    ClientIp(ip): ClientIp,
    body: Result<ApiJson<Value>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let now = state.now();
    let limits = state.limiter.config();
    // The parties that act are throttled: the address, then (once the number
    // is known to be a card number) that card. The key is public: its limit
    // is only a ceiling over all addresses together, and alerts when hit.
    let ip_subject = format!("ip:{ip}");
    let key_subject = format!("key:{}", merchant.id);
    let ip_limit = Limit {
        subject: &ip_subject,
        max_failures: limits.max_failures_per_ip,
    };
    let key_limit = Limit {
        subject: &key_subject,
        max_failures: limits.max_failures_per_key,
    };
    let actor = [ip_limit, key_limit];
    refuse_if_blocked(&state, &actor, &ip, &merchant.id, now)?;
    let actor_failed = |error| failed(&state, &actor, error, &ip, &merchant.id, now);
    let ApiJson(body) = body.map_err(actor_failed)?;
    let map = object(&body, FIELDS).map_err(actor_failed)?;
    let number = check_number(map).map_err(actor_failed)?;

    let fingerprint = state.keyed.fingerprint(&number.digits);
    let card_subject = format!("card:{fingerprint}");
    let card_limit = Limit {
        subject: &card_subject,
        max_failures: limits.max_failures_per_card,
    };
    let subjects = [ip_limit, key_limit, card_limit];
    refuse_if_blocked(&state, &subjects, &ip, &merchant.id, now)?;
    let checked = check_rest(map, number, fingerprint, now)
        .map_err(|error| failed(&state, &subjects, error, &ip, &merchant.id, now))?;

    let card = &checked.card;
    let mut conn = state.pool.acquire().await?;
    let token = tokens::insert(
        &mut conn,
        &merchant.id,
        card,
        &checked.fingerprint,
        checked.behaviour,
        now,
    )
    .await?;
    tracing::info!(token = %token.id, merchant = %merchant.id, brand = %card.brand, "card tokenized");
    Ok(Json(json!({
        "id": token.id,
        "card": card.to_json(),
        "created": now,
        "expires_at": token.expires_at,
    })))
}

/// `429 rate_limited` while any of `subjects` is cooling down.
fn refuse_if_blocked(
    state: &AppState,
    subjects: &[Limit<'_>],
    ip: &str,
    merchant: &str,
    now: i64,
) -> Result<(), ApiError> {
    let Err(wait) = state.limiter.check(subjects, now) else {
        return Ok(());
    };
    tracing::warn!(target: "security", ip = %ip, merchant = %merchant, "tokenization refused: rate limited");
    Err(ApiError::too_many(
        "rate_limited",
        "Too many failed card attempts. Wait a few minutes and try again.",
        wait,
    ))
}

/// Counts a failed attempt against `subjects` and says who it blocked; the
/// key's ceiling is an alert: many addresses are failing for one business.
fn failed(
    state: &AppState,
    subjects: &[Limit<'_>],
    error: ApiError,
    ip: &str,
    merchant: &str,
    now: i64,
) -> ApiError {
    tracing::info!(ip = %ip, merchant = %merchant, code = error.code(), "tokenization failed");
    for subject in state.limiter.record_failure(subjects, now) {
        if subject.starts_with("key:") {
            tracing::error!(
                target: "security",
                merchant = %merchant,
                ip = %ip,
                "tokenization failures for one key reached its ceiling: possible card testing \
                 from many addresses; every tokenization with this key is refused for the cool-down"
            );
        } else if subject.starts_with("card:") {
            tracing::warn!(target: "security", merchant = %merchant, ip = %ip, "tokenization failures for one card number over the limit: cooling down");
        } else {
            tracing::warn!(target: "security", merchant = %merchant, ip = %ip, "tokenization failures from one address over the limit: cooling down");
        }
    }
    error
}

fn check_number(map: &Object) -> Result<CardNumber, ApiError> {
    let number = req_str(map, "number", "invalid_number", "Enter the card number.")?;
    // Spaces and dashes from paste are fine; anything else (letters, unicode digits) is not.
    let digits: String = number.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let brand = card_check::check_number(&digits)
        .map_err(|m| ApiError::bad_request("invalid_number", m))?;
    Ok(CardNumber { digits, brand })
}

fn check_rest(
    map: &Object,
    number: CardNumber,
    fingerprint: String,
    now: i64,
) -> Result<CheckedCard, ApiError> {
    let CardNumber { digits, brand } = number;

    let bad_expiry = "Enter the expiry month (1-12) and year.";
    let month = req_int(map, "exp_month", "invalid_expiry", bad_expiry)?;
    let year = req_int(map, "exp_year", "invalid_expiry", bad_expiry)?;
    let (exp_month, exp_year) = card_check::check_expiry(month, year, year_month(now))
        .map_err(|m| ApiError::bad_request("invalid_expiry", m))?;

    let cvc = req_str(map, "cvc", "invalid_cvc", "Enter the card's security code.")?;
    card_check::check_cvc(cvc.trim(), brand)
        .map_err(|m| ApiError::bad_request("invalid_cvc", m))?;

    let name = req_str(map, "name", "invalid_name", "Enter the name on the card.")?;
    let name = check_name(name)?;

    let last4 = digits
        .get(digits.len().saturating_sub(4)..)
        .unwrap_or("")
        .to_owned();
    Ok(CheckedCard {
        fingerprint,
        behaviour: Behaviour::for_number(&digits),
        card: StoredCard {
            brand: brand.to_owned(),
            last4,
            exp_month: i64::from(exp_month),
            exp_year: i64::from(exp_year),
            name,
            funding: funding_for(&digits).to_owned(),
        },
    })
}

/// A name on card: 1 to 100 characters, no digits (so a card number typed in
/// the wrong field is never stored) and no control characters.
fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::bad_request(
            "invalid_name",
            "Enter the name on the card.",
        ));
    }
    if name.chars().count() > 100 {
        return Err(ApiError::bad_request(
            "invalid_name",
            "The name on the card must be at most 100 characters.",
        ));
    }
    if name.chars().any(|c| c.is_numeric() || c.is_control()) {
        return Err(ApiError::bad_request(
            "invalid_name",
            "The name on the card can contain letters, spaces and punctuation only.",
        ));
    }
    Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_digits_or_controls_are_refused() {
        assert_eq!(
            check_name("  Ada   Lovelace ").ok().as_deref(),
            Some("Ada Lovelace")
        );
        assert!(check_name("4242 4242 4242 4242").is_err());
        assert!(check_name("Ada\u{0}").is_err());
        assert!(check_name("   ").is_err());
        assert!(check_name(&"a".repeat(101)).is_err());
        assert!(check_name("José Ñúñez-O'Brien").is_ok());
    }
}
