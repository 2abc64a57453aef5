//! Reusable payment methods made from tokens (secret key).

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::SecretKey;
use crate::card::year_month;
use crate::card_check;
use crate::customers;
use crate::error::ApiError;
use crate::fields::{object, req_int, req_str};
use crate::json::ApiJson;
use crate::payment_methods::{self, PaymentMethodRow, MAX_PER_CUSTOMER};
use crate::state::AppState;
use crate::tokens;

pub(crate) async fn create(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let map = object(&body, &["token", "customer"])?;
    let token = req_str(
        map,
        "token",
        "invalid_token",
        "Give the token (tok_…) to save.",
    )?;
    let customer = req_str(
        map,
        "customer",
        "invalid_customer",
        "Give the customer (gcus_…).",
    )?;
    let now = state.now();

    let _write = state.write_lock.lock().await;
    let mut tx = state.pool.begin().await?;
    customers::ensure_exists(&mut tx, &merchant.id, customer).await?;
    if payment_methods::count_attached(&mut tx, customer).await? >= MAX_PER_CUSTOMER {
        return Err(ApiError::bad_request(
            "too_many_payment_methods",
            format!("A customer can keep at most {MAX_PER_CUSTOMER} cards. Remove one first."),
        ));
    }
    let token = tokens::take(&mut tx, &merchant.id, token, now).await?;
    let id = payment_methods::insert_from_token(&mut tx, customer, &token.id, now).await?;
    let row = payment_methods::find(&mut tx, &merchant.id, &id).await?;
    tx.commit().await?;
    tracing::info!(payment_method = %id, customer = %customer, "payment method saved");
    Ok(Json(row.to_json()))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(customer): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    customers::ensure_exists(&mut conn, &merchant.id, &customer).await?;
    let rows = payment_methods::for_customer(&mut conn, &merchant.id, &customer).await?;
    let data: Vec<Value> = rows.iter().map(PaymentMethodRow::to_json).collect();
    Ok(Json(json!({ "data": data })))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let row = payment_methods::find(&mut conn, &merchant.id, &id).await?;
    Ok(Json(row.to_json()))
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    // Writers take turns, as saving does: a detach landing in the middle of a
    // save would otherwise meet SQLite's busy writer and answer 500.
    let _write = state.write_lock.lock().await;
    let mut conn = state.pool.acquire().await?;
    payment_methods::detach(&mut conn, &merchant.id, &id, state.now()).await?;
    tracing::info!(payment_method = %id, "payment method detached");
    Ok(Json(json!({ "id": id, "deleted": true })))
}

pub(crate) async fn update(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let map = object(&body, &["exp_month", "exp_year"])?;
    let bad = "Enter the expiry month (1-12) and year.";
    let month = req_int(map, "exp_month", "invalid_expiry", bad)?;
    let year = req_int(map, "exp_year", "invalid_expiry", bad)?;
    let expiry = card_check::check_expiry(month, year, year_month(state.now()))
        .map_err(|m| ApiError::bad_request("invalid_expiry", m))?;
    let _write = state.write_lock.lock().await;
    let mut conn = state.pool.acquire().await?;
    payment_methods::set_expiry(&mut conn, &merchant.id, &id, expiry).await?;
    let row = payment_methods::find(&mut conn, &merchant.id, &id).await?;
    Ok(Json(row.to_json()))
}
