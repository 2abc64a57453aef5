//! `POST /v1/refunds` and `GET /v1/refunds/{id}` (secret key): money back
//! from a succeeded charge, in full or in part, never more in all than the
//! charge took. Idempotent as charges are: the same `Idempotency-Key` and
//! body get the same refund back, another body `409
//! idempotency_key_reused`; the write lock makes concurrent duplicates wait.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use sqlx::SqliteConnection;

use crate::auth::SecretKey;
use crate::error::ApiError;
use crate::fields::{object, opt_str, req_str};
use crate::ids::new_id;
use crate::json::ApiJson;
use crate::keyed::sha256_hex;
use crate::routes::charges::{idempotency_key, MAX_AMOUNT};
use crate::state::AppState;

/// Reasons a refund may give.
const REASONS: &[&str] = &["requested_by_customer", "duplicate", "fraudulent"];

pub(crate) async fn create(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    headers: HeaderMap,
    body: Result<ApiJson<Value>, ApiError>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let ApiJson(body) = body?;
    let map = object(&body, &["charge", "amount", "reason"])?;
    let charge_id = req_str(
        map,
        "charge",
        "invalid_charge",
        "Give the charge to refund (ch_…).",
    )?;
    let amount = match map.get("amount") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .filter(|a| (1..=MAX_AMOUNT).contains(a))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_amount",
                        format!("The amount must be a whole number of minor units from 1 to {MAX_AMOUNT}."),
                    )
                })?,
        ),
    };
    let bad_reason = "The reason must be requested_by_customer, duplicate or fraudulent.";
    let reason = opt_str(map, "reason", "invalid_reason", bad_reason)?;
    if reason.is_some_and(|r| !REASONS.contains(&r)) {
        return Err(ApiError::bad_request("invalid_reason", bad_reason));
    }
    let request_hash = sha256_hex(json!([charge_id, amount, reason]).to_string().as_bytes());

    let _write = state.write_lock.lock().await;
    let now = state.now();
    let mut tx = state.pool.begin().await?;
    let earlier: Option<(String, String)> = sqlx::query_as(
        "SELECT request_hash, refund_id FROM refund_idempotency_keys WHERE merchant = ? AND key = ?",
    )
    .bind(&merchant.id)
    .bind(&key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((earlier_hash, refund_id)) = earlier {
        if earlier_hash != request_hash {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different refund. Use a new key for a new refund.",
            ));
        }
        let refund = refund_json(&mut tx, &merchant.id, &refund_id).await?;
        let mut response = Json(refund).into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(response);
    }

    let charge: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT amount, currency, status FROM charges WHERE id = ? AND merchant = ?",
    )
    .bind(charge_id)
    .bind(&merchant.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((charged, currency, status)) = charge else {
        return Err(ApiError::not_found("charge_not_found", "No such charge."));
    };
    if status != "succeeded" {
        return Err(ApiError::bad_request(
            "charge_not_refundable",
            "Only a succeeded charge can be refunded.",
        ));
    }
    let refunded = refunded(&mut tx, charge_id).await?;
    let left = charged - refunded;
    let amount = amount.unwrap_or(left);
    if left <= 0 {
        return Err(ApiError::bad_request(
            "charge_already_refunded",
            "This charge has been refunded in full.",
        ));
    }
    if amount > left {
        return Err(ApiError::bad_request(
            "amount_too_large",
            format!("At most {left} minor units of this charge are left to refund."),
        ));
    }
    let id = new_id("re_");
    sqlx::query(
        "INSERT INTO refunds (id, merchant, charge_id, amount, currency, reason, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'succeeded', ?)",
    )
    .bind(&id)
    .bind(&merchant.id)
    .bind(charge_id)
    .bind(amount)
    .bind(&currency)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO refund_idempotency_keys (merchant, key, request_hash, refund_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&merchant.id)
    .bind(&key)
    .bind(&request_hash)
    .bind(&id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let refund = refund_json(&mut tx, &merchant.id, &id).await?;
    tx.commit().await?;
    tracing::info!(refund = %id, charge = %charge_id, merchant = %merchant.id, amount, "refund made");
    Ok(Json(refund).into_response())
}

pub(crate) async fn get(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(refund_json(&mut conn, &merchant.id, &id).await?))
}

/// What has been refunded of a charge so far.
pub(crate) async fn refunded(
    conn: &mut SqliteConnection,
    charge_id: &str,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE charge_id = ? AND status = 'succeeded'",
    )
    .bind(charge_id)
    .fetch_one(conn)
    .await?)
}

async fn refund_json(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
) -> Result<Value, ApiError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        charge_id: String,
        amount: i64,
        currency: String,
        reason: Option<String>,
        status: String,
        created_at: i64,
    }
    let row: Row = sqlx::query_as(
        "SELECT id, charge_id, amount, currency, reason, status, created_at FROM refunds WHERE id = ? AND merchant = ?",
    )
    .bind(id)
    .bind(merchant)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("refund_not_found", "No such refund."))?;
    Ok(json!({
        "id": row.id,
        "object": "refund",
        "charge": row.charge_id,
        "amount": row.amount,
        "currency": row.currency,
        "reason": row.reason,
        "status": row.status,
        "created": row.created_at,
    }))
}
