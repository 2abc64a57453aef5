//! `POST /v1/portal-sessions`: a one-time sign-in URL for a customer, for
//! single sign-on from the business's own site (see [`crate::portal_session`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_api::CreatePortalSession;

use crate::audit;
use crate::clock;
use crate::customer::record as customer_record;
use crate::error::AppError;
use crate::idempotency::{IdempotencyKey, Replayable};
use crate::json::ApiJson;
use crate::portal_session;
use crate::state::AppState;
use crate::v1::auth::Caller;
use crate::v1::write::{self, field, Write};

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/portal-sessions", post(create))
}

/// Make a one-time sign-in URL for a customer (single sign-on).
#[utoipa::path(post, path = "/portal-sessions", tag = "business",
    request_body = CreatePortalSession,
    responses((status = 201, body = portal_api::PortalSession), (status = 400), (status = 413), (status = 415)))]
async fn create(
    State(state): State<AppState>,
    Caller(key): Caller,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(request): ApiJson<CreatePortalSession>,
) -> Result<Replayable<Response>, AppError> {
    let now = clock::now();
    let return_url = request
        .return_url
        .as_deref()
        .map(portal_session::checked_return_url)
        .transpose()?;
    let mut write = match write::begin(&state, &key, &idempotency_key, &request).await? {
        Write::Replay(answer) => return Ok(answer),
        Write::New(write) => write,
    };
    let customer = customer_record::find_in(write.tx(), request.customer.trim())
        .await?
        .ok_or_else(|| field("customer", "no such customer."))?;
    if customer.archived_at.is_some() {
        return Err(field("customer", "that customer is archived."));
    }
    let session = portal_session::create(
        write.tx(),
        &state.settings,
        &customer.id,
        return_url.as_deref(),
        &key.id,
        now,
    )
    .await?;
    audit::record(
        write.tx(),
        &key.id,
        "portal_session.create",
        &session.id,
        now,
    )
    .await?;
    tracing::info!(key = %key.prefix(), customer = %customer.id, portal_session = %session.id, "portal session made through the business API");
    write.finish(StatusCode::CREATED, &session, now).await
}
