//! `/api/payment-methods`: list, add from a token, set default, update
//! expiry, remove, history. Another customer's card answers 404 (A5).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{
    AddPaymentMethodRequest, ErrorCode, PaymentMethod, PaymentMethodHistoryResponse,
    PaymentMethodListResponse, UpdatePaymentMethodRequest,
};
use portal_card::MAX_YEARS_AHEAD;

use crate::billing;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::payment;
use crate::saved_card::{self, CardRow, MAX_CARDS};
use crate::session::Session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/payment-methods", get(list).post(add))
        .route("/api/payment-methods/history", get(history))
        .route(
            "/api/payment-methods/{id}",
            axum::routing::patch(update).delete(remove),
        )
        .route("/api/payment-methods/{id}/default", post(make_default))
}

async fn owned(state: &AppState, session: &Session, id: &str) -> Result<CardRow, AppError> {
    match saved_card::find(&state.pool, &session.customer_id, id).await? {
        Some(c) => Ok(c),
        None => {
            tracing::warn!(target: "security", event = "idor_or_missing", customer = %session.customer_id, requested = %crate::log_safe::clean(id), resource = "payment_method", "card not found for this customer");
            Err(AppError::not_found("card"))
        }
    }
}

/// Saved cards: the default first, then newest first.
#[utoipa::path(get, path = "/api/payment-methods", tag = "payment-methods",
    responses((status = 200, body = PaymentMethodListResponse), (status = 401)))]
async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PaymentMethodListResponse>, AppError> {
    let today = clock::today();
    let cards = saved_card::list(&state.pool, &session.customer_id).await?;
    Ok(Json(PaymentMethodListResponse {
        payment_methods: cards.iter().map(|c| c.to_api(today)).collect(),
        max_payment_methods: MAX_CARDS as u32,
    }))
}

/// Save a card from a token made by the card frame.
#[utoipa::path(post, path = "/api/payment-methods", tag = "payment-methods",
    request_body = AddPaymentMethodRequest,
    responses((status = 201, body = PaymentMethod), (status = 400), (status = 401), (status = 409), (status = 413), (status = 415), (status = 429), (status = 502)))]
async fn add(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<AddPaymentMethodRequest>,
) -> Result<(StatusCode, Json<PaymentMethod>), AppError> {
    let token = request.token.trim();
    if token.is_empty() || token.len() > 255 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad_request(
            ErrorCode::InvalidToken,
            "The card details were not recognised. Please enter the card again.",
        ));
    }
    let billing = match &request.billing_address {
        Some(b) => {
            billing::validate(b)?;
            Some(billing::normalize(b))
        }
        None => None,
    };
    let now = clock::now();
    let key = format!("cards:{}", session.customer_id);
    if let Err(wait) = state.payment_throttle.check(&key, now) {
        tracing::warn!(target: "security", event = "add_card_rate_limited", customer = %session.customer_id, "add card refused: too many failures");
        return Err(AppError::rate_limited(wait));
    }
    let card = match saved_card::save_from_token(
        &state,
        &session.customer_id,
        token,
        request.make_default,
        billing.as_ref(),
        "Added",
    )
    .await
    {
        Ok(c) => c,
        Err(e) => {
            if e.code == ErrorCode::InvalidToken {
                tracing::warn!(target: "security", event = "add_card_failed", customer = %session.customer_id, "card token refused");
                state.payment_throttle.fail(&key, now);
            }
            return Err(e);
        }
    };
    Ok((StatusCode::CREATED, Json(card.to_api(clock::today()))))
}

/// Make a card the default.
#[utoipa::path(post, path = "/api/payment-methods/{id}/default", tag = "payment-methods",
    params(("id" = String, Path, description = "Saved card id (`spm_…`)")),
    responses((status = 200, body = PaymentMethod), (status = 401), (status = 404), (status = 409)))]
async fn make_default(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<PaymentMethod>, AppError> {
    let card = owned(&state, &session, &id).await?;
    let actor = customer::name(&state.pool, &session.customer_id).await?;
    saved_card::set_default(&state, &card, &actor).await?;
    let card = owned(&state, &session, &id).await?;
    Ok(Json(card.to_api(clock::today())))
}

/// Update a card's expiry (a reissued card).
#[utoipa::path(patch, path = "/api/payment-methods/{id}", tag = "payment-methods",
    params(("id" = String, Path, description = "Saved card id")),
    request_body = UpdatePaymentMethodRequest,
    responses((status = 200, body = PaymentMethod), (status = 400), (status = 401), (status = 404), (status = 413), (status = 415), (status = 502)))]
async fn update(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<UpdatePaymentMethodRequest>,
) -> Result<Json<PaymentMethod>, AppError> {
    let card = owned(&state, &session, &id).await?;
    let today = clock::today();
    let (m, y) = (i64::from(request.exp_month), i64::from(request.exp_year));
    if !(1..=12).contains(&m)
        || saved_card::is_expired(m, y, today)
        // The gateway's window (portal-card's), so that the server never
        // accepts what the gateway refuses.
        || y > i64::from(today.year()) + i64::from(MAX_YEARS_AHEAD)
    {
        return Err(AppError::bad_request(
            ErrorCode::InvalidField,
            format!("Expiry: enter a month (1–12) and a four-digit year, not in the past and at most {MAX_YEARS_AHEAD} years ahead."),
        ));
    }
    let pm = state
        .gateway
        .update_expiry(&card.gateway_pm_id, m, y)
        .await
        .map_err(saved_card::gateway_error)?;
    let actor = customer::name(&state.pool, &session.customer_id).await?;
    saved_card::set_expiry(&state, &card, pm.card.exp_month, pm.card.exp_year, &actor).await?;
    let card = owned(&state, &session, &id).await?;
    Ok(Json(card.to_api(today)))
}

/// Remove a card.
#[utoipa::path(delete, path = "/api/payment-methods/{id}", tag = "payment-methods",
    params(("id" = String, Path, description = "Saved card id")),
    responses((status = 204, description = "Removed"), (status = 401), (status = 404), (status = 409), (status = 502)))]
async fn remove(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let card = owned(&state, &session, &id).await?;
    if card.is_default {
        let others = saved_card::list(&state.pool, &session.customer_id)
            .await?
            .len()
            > 1;
        if others {
            return Err(AppError::conflict(
                ErrorCode::DefaultCardRequired,
                "This is your default card. Make another card the default before removing it.",
            ));
        }
    }
    // A code step with this card left open too long ends here; one still
    // open keeps the card until it is finished or abandoned.
    payment::end_abandoned(&state, |row| {
        row.payment_method_id.as_deref() == Some(card.id.as_str())
    })
    .await;
    if payment::record::unfinished_with_card(&state.pool, &card.id).await? {
        return Err(AppError::conflict(
            ErrorCode::CardInUse,
            format!(
                "A payment with this card is waiting for its one-time code. Finish it, or remove the card once it has ended (an unfinished code step ends after {} minutes).",
                payment::ABANDONED_AFTER / 60
            ),
        ));
    }
    let actor = customer::name(&state.pool, &session.customer_id).await?;
    saved_card::remove(&state, &card, &actor, "Removed").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes to the saved cards, newest first.
#[utoipa::path(get, path = "/api/payment-methods/history", tag = "payment-methods",
    responses((status = 200, body = PaymentMethodHistoryResponse), (status = 401)))]
async fn history(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<PaymentMethodHistoryResponse>, AppError> {
    let rows = saved_card::history(&state.pool, &session.customer_id).await?;
    let events = rows
        .into_iter()
        .filter_map(saved_card::Event::into_api)
        .collect();
    Ok(Json(PaymentMethodHistoryResponse { events }))
}
