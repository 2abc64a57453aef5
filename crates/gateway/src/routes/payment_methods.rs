//! Reusable payment methods made from tokens (secret key).

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};
use sqlx::SqliteConnection;

use crate::auth::SecretKey;
use crate::card::{year_month, StoredCard};
use crate::card_check;
use crate::error::ApiError;
use crate::fields::{object, req_int, req_str};
use crate::ids::new_id;
use crate::json::ApiJson;
use crate::routes::customers::customer_not_found;
use crate::state::AppState;

/// Cards one customer may keep at once.
pub(crate) const MAX_PER_CUSTOMER: i64 = 20;

/// A stored payment method row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PaymentMethodRow {
    pub(crate) id: String,
    pub(crate) customer: String,
    pub(crate) behaviour: String,
    pub(crate) authenticated: bool,
    pub(crate) created_at: i64,
    #[sqlx(flatten)]
    pub(crate) card: StoredCard,
}

impl PaymentMethodRow {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "customer": self.customer,
            "card": self.card.to_json(),
            "created": self.created_at,
        })
    }
}

const SELECT: &str = "SELECT id, customer, behaviour, authenticated, created_at, brand, last4,
    exp_month, exp_year, name, funding FROM payment_methods";

/// A payment method of the merchant that is still attached.
pub(crate) async fn find(
    conn: &mut SqliteConnection,
    merchant: &str,
    id: &str,
) -> Result<PaymentMethodRow, ApiError> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE id = ? AND merchant = ? AND detached_at IS NULL"
    ))
    .bind(id)
    .bind(merchant)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("payment_method_not_found", "No such payment method."))
}

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
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT id FROM customers WHERE id = ? AND merchant = ?")
            .bind(customer)
            .bind(&merchant.id)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(customer_not_found());
    }
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM payment_methods WHERE customer = ? AND detached_at IS NULL",
    )
    .bind(customer)
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_PER_CUSTOMER {
        return Err(ApiError::bad_request(
            "too_many_payment_methods",
            format!("A customer can keep at most {MAX_PER_CUSTOMER} cards. Remove one first."),
        ));
    }
    let token = crate::routes::charges::take_token(&mut tx, &merchant.id, token, now).await?;
    let id = new_id("pm_");
    sqlx::query(
        "INSERT INTO payment_methods (id, merchant, customer, brand, last4, exp_month, exp_year,
             name, funding, fingerprint, behaviour, created_at)
         SELECT ?, merchant, ?, brand, last4, exp_month, exp_year, name, funding, fingerprint,
             behaviour, ? FROM tokens WHERE id = ?",
    )
    .bind(&id)
    .bind(customer)
    .bind(now)
    .bind(&token.id)
    .execute(&mut *tx)
    .await?;
    let row = find(&mut tx, &merchant.id, &id).await?;
    tx.commit().await?;
    tracing::info!(payment_method = %id, customer = %customer, "payment method saved");
    Ok(Json(row.to_json()))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(customer): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT id FROM customers WHERE id = ? AND merchant = ?")
            .bind(&customer)
            .bind(&merchant.id)
            .fetch_optional(&state.pool)
            .await?;
    if exists.is_none() {
        return Err(customer_not_found());
    }
    let rows: Vec<PaymentMethodRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE customer = ? AND merchant = ? AND detached_at IS NULL ORDER BY created_at, rowid"
    ))
    .bind(&customer)
    .bind(&merchant.id)
    .fetch_all(&state.pool)
    .await?;
    let data: Vec<Value> = rows.iter().map(PaymentMethodRow::to_json).collect();
    Ok(Json(json!({ "data": data })))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(find(&mut conn, &merchant.id, &id).await?.to_json()))
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let done = sqlx::query(
        "UPDATE payment_methods SET detached_at = ? WHERE id = ? AND merchant = ? AND detached_at IS NULL",
    )
    .bind(state.now())
    .bind(&id)
    .bind(&merchant.id)
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found(
            "payment_method_not_found",
            "No such payment method.",
        ));
    }
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
    let (month, year) = card_check::check_expiry(month, year, year_month(state.now()))
        .map_err(|m| ApiError::bad_request("invalid_expiry", m))?;
    let done = sqlx::query(
        "UPDATE payment_methods SET exp_month = ?, exp_year = ?
         WHERE id = ? AND merchant = ? AND detached_at IS NULL",
    )
    .bind(i64::from(month))
    .bind(i64::from(year))
    .bind(&id)
    .bind(&merchant.id)
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found(
            "payment_method_not_found",
            "No such payment method.",
        ));
    }
    let mut conn = state.pool.acquire().await?;
    Ok(Json(find(&mut conn, &merchant.id, &id).await?.to_json()))
}
