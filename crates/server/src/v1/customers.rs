//! `/v1/customers`: create (idempotent, audited), retrieve, and list newest
//! first (filtered by email or external id, a page at a time).

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{BusinessCustomer, CreateCustomer, ErrorCode, Page};
use serde::Deserialize;

use crate::api_idempotency::{self, Seen, Stored};
use crate::audit;
use crate::clock;
use crate::customer::record::{self, Filter, NewRecord, Taken};
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::ids::{new_id, sha256_hex};
use crate::json::ApiJson;
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;

/// Longest name, email and external id accepted.
const MAX_NAME: usize = 200;
const MAX_EMAIL: usize = 254;
const MAX_EXTERNAL_ID: usize = 100;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/{id}", get(retrieve))
}

async fn create(
    State(state): State<AppState>,
    Caller(key): Caller,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreateCustomer>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let request_hash = sha256_hex(
        &serde_json::to_string(&request).map_err(|e| AppError::internal(format!("json: {e}")))?,
    );
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    match api_idempotency::seen(&mut tx, &key.id, &idempotency_key, &request_hash).await? {
        Seen::New => {}
        Seen::Same(stored) => {
            return Ok(Replayable {
                body: json_response(&stored),
                replayed: true,
            })
        }
        Seen::Different => {
            return Err(AppError::conflict(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was used for another request.",
            ))
        }
    }
    let name = checked_text("name", &request.name, MAX_NAME)?;
    let email = checked_email(&request.email)?;
    let external_id = request
        .external_id
        .as_deref()
        .map(|e| checked_text("external_id", e, MAX_EXTERNAL_ID))
        .transpose()?;
    if let Some(parent_id) = request.parent.as_deref() {
        let parent = record::find_in(&mut tx, parent_id).await?;
        match parent {
            None => return Err(field("parent", "no such customer.")),
            Some(p) if p.archived_at.is_some() => {
                return Err(field("parent", "that customer is archived."))
            }
            Some(p) if p.parent_id.is_some() => {
                return Err(field("parent", "a sub-account cannot have sub-accounts."))
            }
            Some(_) => {}
        }
    }
    let id = new_id("cus");
    let new = NewRecord {
        id: &id,
        name,
        email: &email,
        external_id,
        parent_id: request.parent.as_deref(),
        created_at: now,
    };
    match record::create(&mut tx, &new).await? {
        Ok(()) => {}
        Err(Taken::Email) => {
            return Err(AppError::conflict(
                ErrorCode::AlreadyExists,
                "email: another customer has this email.",
            ))
        }
        Err(Taken::ExternalId) => {
            return Err(AppError::conflict(
                ErrorCode::AlreadyExists,
                "external_id: another customer has this external id.",
            ))
        }
    }
    audit::record(&mut tx, &key.id, "customer.create", &id, now).await?;
    let created = record::find_in(&mut tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("a customer just created is missing"))?;
    let answer = Stored {
        status: StatusCode::CREATED,
        body: serde_json::to_string(&created.to_api())
            .map_err(|e| AppError::internal(format!("json: {e}")))?,
    };
    api_idempotency::keep(
        &mut tx,
        &key.id,
        &idempotency_key,
        &request_hash,
        &answer,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(key = %key.prefix(), customer = %id, "customer created through the business API");
    Ok(Replayable {
        body: json_response(&answer),
        replayed: false,
    })
}

async fn retrieve(
    State(state): State<AppState>,
    _: Caller,
    Path(id): Path<String>,
) -> Result<Json<BusinessCustomer>, AppError> {
    record::find(&state.pool, &id)
        .await?
        .map(|r| Json(r.to_api()))
        .ok_or_else(|| AppError::not_found("customer"))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(flatten)]
    cursor: CursorQuery,
}

async fn list(
    State(state): State<AppState>,
    _: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<BusinessCustomer>>, AppError> {
    let (limit, cursor) = q.cursor.checked()?;
    let after = match cursor {
        None => None,
        Some(id) => {
            let last = record::find(&state.pool, id).await?.ok_or_else(|| {
                query::invalid("`starting_after` must be the id of a customer in this list.")
            })?;
            Some((last.created_at, last.id))
        }
    };
    let email = q.email.map(|e| e.trim().to_lowercase());
    let filter = Filter {
        email: email.as_deref(),
        external_id: q.external_id.as_deref().map(str::trim),
    };
    let (rows, has_more) = record::page(
        &state.pool,
        &filter,
        limit,
        after.as_ref().map(|(at, id)| (*at, id.as_str())),
    )
    .await?;
    Ok(Json(Page {
        data: rows.iter().map(record::Record::to_api).collect(),
        has_more,
    }))
}

/// A stored JSON answer as a response.
fn json_response(answer: &Stored) -> Response {
    (
        answer.status,
        [(header::CONTENT_TYPE, "application/json")],
        answer.body.clone(),
    )
        .into_response()
}

/// 400 `invalid_field` naming the field.
fn field(name: &str, problem: &str) -> AppError {
    AppError::bad_request(ErrorCode::InvalidField, format!("{name}: {problem}"))
}

/// `value` trimmed, if it is 1 to `max` characters without control characters.
fn checked_text<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(field(
            name,
            &format!("1 to {max} characters, without control characters."),
        ));
    }
    Ok(value)
}

/// An email, trimmed and lowercase, if it looks like one.
fn checked_email(value: &str) -> Result<String, AppError> {
    let email = value.trim().to_lowercase();
    let looks_right = email.len() <= MAX_EMAIL
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if looks_right {
        Ok(email)
    } else {
        Err(field("email", "an email address, e.g. name@example.com."))
    }
}
