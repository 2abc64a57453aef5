//! One-time-code challenges: created with a charge that needs one, verified and
//! resent from the browser (publishable key + the challenge's client secret).
//!
//! Rules (SECURITY.md O1–O5): six digits from the OS CSPRNG, stored only as a
//! keyed hash bound to the challenge, charge and amount; valid for 5 minutes;
//! single use; 5 wrong tries and the challenge is dead, even for the right code
//! (a wrong client secret counts as a wrong try, and the answer never says which
//! part was wrong); resend at most every 30 s and 5 codes an hour; the charge
//! succeeds only when its challenge passes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::PublishableKey;
use crate::challenges::{
    find, not_found, record_send, PendingCode, LIFETIME_SECS, MAX_SENDS_PER_HOUR,
    RESEND_COOLDOWN_SECS,
};
use crate::error::ApiError;
use crate::fields::{object, req_str};
use crate::ids::new_otp_code;
use crate::json::ApiJson;
use crate::keyed::secrets_equal;
use crate::state::AppState;

fn outcome(status: &str, attempts_left: i64) -> Json<Value> {
    Json(json!({ "status": status, "attempts_left": attempts_left }))
}

/// `POST /v1/challenges/{id}/verify` `{"client_secret","code"}`.
pub(crate) async fn verify(
    State(state): State<AppState>,
    PublishableKey(merchant): PublishableKey,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let map = object(&body, &["client_secret", "code"])?;
    let shape = "Give the client_secret and the code.";
    let client_secret = req_str(map, "client_secret", "invalid_request", shape)?;
    let code = req_str(map, "code", "invalid_request", shape)?.trim();

    let _write = state.write_lock.lock().await;
    let now = state.now();
    let mut tx = state.pool.begin().await?;
    let row = find(&mut tx, &merchant.id, &id).await?;
    match row.status.as_str() {
        "succeeded" => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "challenge_used",
                "This verification is already complete; a code works only once.",
            ))
        }
        "locked" => return Ok(outcome("locked", 0)),
        // The merchant canceled the charge: the step is over, as if expired
        // (and a resend answers `challenge_closed`).
        "canceled" => return Ok(outcome("expired", row.attempts_left)),
        _ if row.expires_at <= now => return Ok(outcome("expired", row.attempts_left)),
        _ => {}
    }

    let secret_ok = secrets_equal(client_secret, &row.client_secret);
    let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    let expected = state
        .keyed
        .code_hash(&row.id, &row.charge_id, row.amount, &row.currency, code);
    let code_ok = well_formed && secrets_equal(&expected, &row.code_hash);

    if secret_ok && code_ok {
        sqlx::query(
            "UPDATE challenges SET status = 'succeeded' WHERE id = ? AND status = 'pending'",
        )
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE charges SET status = 'succeeded', updated_at = ? WHERE id = ? AND status = 'requires_action'",
        )
        .bind(now)
        .bind(&row.charge_id)
        .execute(&mut *tx)
        .await?;
        // A card that asks for a code once is authenticated from now on.
        sqlx::query(
            "UPDATE payment_methods SET authenticated = 1
             WHERE id = (SELECT payment_method FROM charges WHERE id = ?)",
        )
        .bind(&row.charge_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(challenge = %row.id, charge = %row.charge_id, "one-time code verified");
        return Ok(outcome("succeeded", row.attempts_left));
    }

    let attempts_left = (row.attempts_left - 1).max(0);
    let locked = attempts_left == 0;
    sqlx::query("UPDATE challenges SET attempts_left = ?, status = ? WHERE id = ?")
        .bind(attempts_left)
        .bind(if locked { "locked" } else { "pending" })
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    if locked {
        sqlx::query(
            "UPDATE charges SET status = 'declined', decline_code = 'generic_decline', updated_at = ?
             WHERE id = ? AND status = 'requires_action'",
        )
        .bind(now)
        .bind(&row.charge_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::warn!(challenge = %row.id, attempts_left, locked, "one-time code verification failed");
    Ok(outcome(
        if locked { "locked" } else { "failed" },
        attempts_left,
    ))
}

/// `POST /v1/challenges/{id}/resend` `{"client_secret"}`.
pub(crate) async fn resend(
    State(state): State<AppState>,
    PublishableKey(merchant): PublishableKey,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let map = object(&body, &["client_secret"])?;
    let client_secret = req_str(
        map,
        "client_secret",
        "invalid_request",
        "Give the client_secret.",
    )?;

    let _write = state.write_lock.lock().await;
    let now = state.now();
    let mut tx = state.pool.begin().await?;
    let row = find(&mut tx, &merchant.id, &id).await?;
    if !secrets_equal(client_secret, &row.client_secret) {
        return Err(not_found());
    }
    if row.status != "pending" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "challenge_closed",
            "This verification is finished, so no new code can be sent.",
        ));
    }
    let next_allowed = row.last_sent_at + RESEND_COOLDOWN_SECS;
    if now < next_allowed {
        return Err(ApiError::too_many(
            "resend_cooldown",
            format!(
                "Wait {} seconds before asking for a new code.",
                next_allowed - now
            ),
            next_allowed - now,
        ));
    }
    let (sent, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(sent_at) FROM challenge_sends WHERE challenge_id = ? AND sent_at > ?",
    )
    .bind(&row.id)
    .bind(now - 3600)
    .fetch_one(&mut *tx)
    .await?;
    if sent >= MAX_SENDS_PER_HOUR {
        let wait = oldest.map_or(3600, |t| t + 3600 - now);
        tracing::warn!(challenge = %row.id, "one-time code resend limit reached");
        return Err(ApiError::too_many(
            "resend_limit",
            "Too many codes were sent for this payment. Try again later or use another card.",
            wait,
        ));
    }
    let code = new_otp_code();
    let code_hash =
        state
            .keyed
            .code_hash(&row.id, &row.charge_id, row.amount, &row.currency, &code);
    let expires_at = now + LIFETIME_SECS;
    // Attempts are not reset: a new code never buys more guesses.
    sqlx::query(
        "UPDATE challenges SET code_hash = ?, expires_at = ?, last_sent_at = ? WHERE id = ?",
    )
    .bind(&code_hash)
    .bind(expires_at)
    .bind(now)
    .bind(&row.id)
    .execute(&mut *tx)
    .await?;
    record_send(&mut tx, &row.id, now).await?;
    tx.commit().await?;
    PendingCode {
        challenge: row.id,
        code,
    }
    .deliver(&state, now);
    Ok(Json(json!({
        "resend_available_at": now + RESEND_COOLDOWN_SECS,
        "expires_at": expires_at,
        "attempts_left": row.attempts_left,
    })))
}
