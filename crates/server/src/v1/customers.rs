//! `/v1/customers`: create (idempotent, audited), upsert by external id,
//! retrieve, and list newest first (filtered by email or external id, a
//! page at a time). The checks and writes are [`crate::customer::write`]'s,
//! shared with the CSV import.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_api::{
    BusinessCustomer, CreateCustomer, ErrorCode, InvitationSent, Page, UpdateCustomer,
    UpsertCustomer,
};
use serde::Deserialize;

use crate::audit;
use crate::clock;
use crate::customer::record::{self, Changes, Filter};
use crate::customer::write::{self as customer_write, checked_email, taken_error, Outcome};
use crate::customer::Login;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::json::ApiJson;
use crate::password_link::{self, Purpose};
use crate::query::{self, ApiQuery, CursorQuery};
use crate::state::AppState;
use crate::v1::auth::Caller;
use crate::v1::write::{self, field, Write};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/{id}", get(retrieve).post(update))
        .route("/customers/{id}/archive", post(archive))
        .route("/customers/{id}/invitations", post(invite))
        .route("/customers/by-external-id/{external_id}", put(upsert))
}

/// Create a customer.
#[utoipa::path(post, path = "/customers", tag = "business",
    request_body = CreateCustomer,
    responses((status = 201, body = BusinessCustomer), (status = 400), (status = 409), (status = 413), (status = 415)))]
async fn create(
    State(state): State<AppState>,
    Caller(key): Caller,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreateCustomer>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &request).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let draft = customer_write::check(
        &request.name,
        &request.email,
        request.external_id.as_deref(),
        request.parent.as_deref(),
    )?;
    let id = customer_write::create(write.tx(), &draft, now).await?;
    audit::record(write.tx(), &key.id, "customer.create", &id, now).await?;
    let created = record::find_in(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::internal("a customer just created is missing"))?;
    tracing::info!(key = %key.prefix(), customer = %id, "customer created through the business API");
    write
        .finish(StatusCode::CREATED, &created.to_api(), now)
        .await
}

/// Update a customer (the fields sent; the others stay).
#[utoipa::path(post, path = "/customers/{id}", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    request_body = UpdateCustomer,
    responses((status = 200, body = BusinessCustomer), (status = 400), (status = 404), (status = 409), (status = 413), (status = 415)))]
async fn update(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<UpdateCustomer>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &(&id, &request)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    if record::find_in(write.tx(), &id).await?.is_none() {
        return Err(AppError::not_found("customer"));
    }
    let email = request.email.as_deref().map(checked_email).transpose()?;
    let external_id = request
        .external_id
        .as_deref()
        .map(customer_write::checked_external_id)
        .transpose()?;
    let changes = Changes {
        name: request
            .name
            .as_deref()
            .map(customer_write::checked_name)
            .transpose()?,
        email: email.as_deref(),
        external_id: external_id.as_deref(),
    };
    if let Err(taken) = record::update(write.tx(), &id, &changes).await? {
        return Err(taken_error(taken));
    }
    audit::record(write.tx(), &key.id, "customer.update", &id, now).await?;
    let updated = record::find_in(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    write.finish(StatusCode::OK, &updated.to_api(), now).await
}

/// Archive a customer (no new invoices).
#[utoipa::path(post, path = "/customers/{id}/archive", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    responses((status = 200, body = BusinessCustomer), (status = 400), (status = 404), (status = 409)))]
async fn archive(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &("archive", &id)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    if record::find_in(write.tx(), &id).await?.is_none() {
        return Err(AppError::not_found("customer"));
    }
    record::archive(write.tx(), &id, now).await?;
    audit::record(write.tx(), &key.id, "customer.archive", &id, now).await?;
    let archived = record::find_in(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    write.finish(StatusCode::OK, &archived.to_api(), now).await
}

/// Send a customer an invitation to set a password (through the outbox).
#[utoipa::path(post, path = "/customers/{id}/invitations", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    responses((status = 202, body = InvitationSent), (status = 400), (status = 404), (status = 409)))]
async fn invite(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(id): Path<String>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let mut write = match write::begin(&state, &key, &idempotency_key, &("invite", &id)).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let customer = record::find_in(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    if customer.has_password {
        return Err(AppError::conflict(
            ErrorCode::AlreadyExists,
            "The customer has a password already; \"Forgot your password?\" on the portal's login page sends them a reset link.",
        ));
    }
    if customer.archived_at.is_some() {
        return Err(field("customer", "that customer is archived."));
    }
    let login = Login {
        id: customer.id.clone(),
        name: customer.name.clone(),
        password_hash: None,
    };
    password_link::send(
        write.tx(),
        &state.settings,
        Purpose::FirstPassword,
        &login,
        &customer.email,
        now,
    )
    .await?;
    audit::record(write.tx(), &key.id, "customer.invite", &id, now).await?;
    let sent = InvitationSent {
        sent_to: customer.email.clone(),
        expires_at: clock::rfc3339(now + Purpose::FirstPassword.lifetime()),
    };
    write.finish(StatusCode::ACCEPTED, &sent, now).await
}

/// `PUT /v1/customers/by-external-id/{external_id}`: made (201) if no
/// customer has the external id, else its name and email are set (200);
/// the same request again changes nothing and is no write to audit. An
/// `Idempotency-Key` is optional (a `PUT` is idempotent by itself).
#[utoipa::path(put, path = "/customers/by-external-id/{external_id}", tag = "business",
    params(("external_id" = String, Path, description = "Your own id for the customer")),
    request_body = UpsertCustomer,
    responses((status = 200, body = BusinessCustomer), (status = 201, body = BusinessCustomer), (status = 400), (status = 409), (status = 413), (status = 415)))]
async fn upsert(
    State(state): State<AppState>,
    Caller(key): Caller,
    Path(external_id): Path<String>,
    idempotency_key: Option<IdempotencyKey>,
    ApiJson(request): ApiJson<UpsertCustomer>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let idempotency_key = idempotency_key.map(|k| k.0);
    let mut write = match write::begin_optional(
        &state,
        &key,
        idempotency_key.as_deref(),
        &("upsert", &external_id, &request),
    )
    .await?
    {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let draft = customer_write::check(
        &request.name,
        &request.email,
        Some(&external_id),
        request.parent.as_deref(),
    )?;
    let (id, outcome) = customer_write::upsert(write.tx(), &draft, now).await?;
    let status = match outcome {
        Outcome::Created => {
            audit::record(write.tx(), &key.id, "customer.create", &id, now).await?;
            StatusCode::CREATED
        }
        Outcome::Updated => {
            audit::record(write.tx(), &key.id, "customer.update", &id, now).await?;
            StatusCode::OK
        }
        Outcome::Unchanged => StatusCode::OK,
    };
    let customer = record::find_in(write.tx(), &id)
        .await?
        .ok_or_else(|| AppError::internal("a customer just upserted is missing"))?;
    write.finish(status, &customer.to_api(), now).await
}

/// A customer.
#[utoipa::path(get, path = "/customers/{id}", tag = "business",
    params(("id" = String, Path, description = "`cus_…`")),
    responses((status = 200, body = BusinessCustomer), (status = 404)))]
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

/// Customers, newest first, a page at a time.
#[utoipa::path(get, path = "/customers", tag = "business",
    params(
        ("email" = Option<String>, Query, description = "Only the customer with this email."),
        ("external_id" = Option<String>, Query, description = "Only the customer with this external id."),
        CursorQuery,
    ),
    responses((status = 200, body = Page<BusinessCustomer>), (status = 400)))]
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
