//! `POST /v1/customers`, `GET /v1/customers/{id}` (secret key).

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::SecretKey;
use crate::customers;
use crate::error::ApiError;
use crate::fields::{has_card_like_digits, object, opt_str};
use crate::ids::new_id;
use crate::json::ApiJson;
use crate::state::AppState;

pub(crate) async fn create(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let map = object(&body, &["email", "name"])?;
    let email = opt_str(map, "email", "invalid_email", "The email must be a string.")?
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if let Some(email) = email {
        let plausible = email.len() <= 254
            && email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err(ApiError::bad_request(
                "invalid_email",
                "The email address is not valid.",
            ));
        }
    }
    let name = opt_str(map, "name", "invalid_name", "The name must be a string.")?
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if let Some(name) = name {
        if name.chars().count() > 200
            || name.chars().any(char::is_control)
            || has_card_like_digits(name)
        {
            return Err(ApiError::bad_request(
                "invalid_name",
                "The name must be at most 200 characters of plain text.",
            ));
        }
    }
    let id = new_id("gcus_");
    sqlx::query(
        "INSERT INTO customers (id, merchant, email, name, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&merchant.id)
    .bind(email)
    .bind(name)
    .bind(state.now())
    .execute(&state.pool)
    .await?;
    Ok(Json(json!({ "id": id, "email": email, "name": name })))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    SecretKey(merchant): SecretKey,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, email, name FROM customers WHERE id = ? AND merchant = ?")
            .bind(&id)
            .bind(&merchant.id)
            .fetch_optional(&state.pool)
            .await?;
    let (id, email, name) = row.ok_or_else(customers::not_found)?;
    Ok(Json(json!({ "id": id, "email": email, "name": name })))
}
