//! Invitations (ask for a link to set a password; the same answer for every
//! email), the dev outbox (demo mode only) and a reseller's sub-accounts.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_api::{
    AcceptInvitationRequest, ErrorCode, InvitationRequest, InvitationResponse, Money,
    OutboxMessage, OutboxResponse, SessionResponse, SubAccount, SubAccountListResponse,
};

use crate::client_ip::ClientIp;
use crate::clock;
use crate::error::AppError;
use crate::ids::{random_hex, sha256_hex};
use crate::json::ApiJson;
use crate::outbox;
use crate::password;
use crate::routes::home::balances;
use crate::routes::session::customer_summary;
use crate::session::{self, Session};
use crate::state::AppState;

/// How long an invitation link works (24 hours).
pub const INVITATION_LIFETIME: i64 = 24 * 60 * 60;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invitations", post(request_invitation))
        .route("/api/invitations/accept", post(accept))
        .route("/api/dev/outbox", get(dev_outbox))
        .route("/api/sub-accounts", get(sub_accounts))
}

const SENT: &str =
    "If this email is on file, we have sent a link to set your password. It works for 24 hours.";

async fn request_invitation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<InvitationRequest>,
) -> Result<(StatusCode, Json<InvitationResponse>), AppError> {
    let now = clock::now();
    let email = request.email.trim().to_lowercase();
    if email.len() > 254 || !email.contains('@') {
        return Err(AppError::bad_request(
            ErrorCode::INVALID_FIELD,
            "Email: enter an email address, e.g. name@example.com.",
        ));
    }
    for key in [format!("invite-ip:{ip}"), format!("invite:{email}")] {
        if let Err(wait) = state.invite_throttle.check(&key, now) {
            tracing::warn!(target: "security", event = "invitation_rate_limited", %ip, "invitation refused: too many requests");
            return Err(AppError::rate_limited(wait));
        }
        state.invite_throttle.fail(&key, now);
    }
    let customer: Option<(String, String)> =
        sqlx::query_as("SELECT id, name FROM customers WHERE email = ?")
            .bind(&email)
            .fetch_optional(&state.pool)
            .await?;
    if let Some((customer_id, name)) = customer {
        let token = random_hex(32);
        sqlx::query("INSERT INTO invitations (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
            .bind(sha256_hex(&token))
            .bind(&customer_id)
            .bind(now)
            .bind(now + INVITATION_LIFETIME)
            .execute(&state.pool)
            .await?;
        let link = format!(
            "{}/accept-invitation?token={token}",
            state.settings.public_url
        );
        let body = format!(
            "Hello {name},\n\nSet your password for the {} customer portal with this link (it works for 24 hours):\n{link}\n\nIf you did not ask for this, ignore this email.",
            state.settings.business_name
        );
        outbox::send(
            &state.pool,
            &email,
            &format!("Set your password for {}", state.settings.business_name),
            &body,
            Some(&link),
        )
        .await?;
        tracing::info!(target: "security", event = "invitation_sent", %ip, customer = %customer_id, "invitation sent");
    } else {
        tracing::info!(target: "security", event = "invitation_unknown_email", %ip, "invitation asked for an email not on file");
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(InvitationResponse {
            message: SENT.to_owned(),
        }),
    ))
}

async fn accept(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<AcceptInvitationRequest>,
) -> Result<Response, AppError> {
    password::check_strength(&request.password)
        .map_err(|m| AppError::bad_request(ErrorCode::WEAK_PASSWORD, format!("Password: {m}")))?;
    let now = clock::now();
    let invalid = || {
        AppError::bad_request(
            ErrorCode::INVALID_LINK,
            "This link is invalid or has expired. Ask for a new one.",
        )
    };
    if request.token.len() > 128 {
        return Err(invalid());
    }
    let new_password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&new_password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let customer_id: Option<String> = sqlx::query_scalar(
        "UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING customer_id",
    )
    .bind(now)
    .bind(sha256_hex(request.token.trim()))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(customer_id) = customer_id else {
        tracing::warn!(target: "security", event = "invitation_invalid", %ip, "invalid or expired invitation link");
        return Err(invalid());
    };
    sqlx::query("UPDATE customers SET password_hash = ? WHERE id = ?")
        .bind(&hash)
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    // A new password ends every other session and every other link.
    sqlx::query("DELETE FROM sessions WHERE customer_id = ?")
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE invitations SET used_at = ? WHERE customer_id = ? AND used_at IS NULL")
        .bind(now)
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let (id, new_session) = session::create(&state.pool, &customer_id, now).await?;
    tracing::info!(target: "security", event = "password_set", %ip, customer = %customer_id, "password set from an invitation");
    let customer = customer_summary(&state, &customer_id).await?;
    let mut headers = HeaderMap::new();
    if let Some(cookie) = session::set_cookie(&state.settings, &id) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    Ok((
        headers,
        Json(SessionResponse {
            customer,
            csrf_token: new_session.csrf_token,
        }),
    )
        .into_response())
}

async fn dev_outbox(State(state): State<AppState>) -> Result<Json<OutboxResponse>, AppError> {
    if !state.settings.demo {
        return Err(AppError::not_found("endpoint"));
    }
    let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT recipient, subject, body, link, created_at FROM outbox ORDER BY id DESC LIMIT 100",
    )
    .fetch_all(&state.pool)
    .await?;
    let mut messages: Vec<OutboxMessage> = rows
        .into_iter()
        .map(|(to, subject, body, link, at)| OutboxMessage {
            to,
            subject,
            body,
            link,
            created_at: clock::rfc3339(at),
        })
        .collect();
    messages.reverse();
    Ok(Json(OutboxResponse { messages }))
}

async fn sub_accounts(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SubAccountListResponse>, AppError> {
    let today = clock::iso(clock::today());
    let children: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, email FROM customers WHERE parent_id = ? ORDER BY name")
            .bind(&session.customer_id)
            .fetch_all(&state.pool)
            .await?;
    let currency = state.settings.currency.clone();
    let mut sub_accounts = Vec::new();
    for (id, name, email) in children {
        let (balance, overdue, unpaid, _) = balances(&state.pool, &id, &today).await?;
        sub_accounts.push(SubAccount {
            id,
            name,
            email,
            balance_due: Money {
                amount: balance,
                currency: currency.clone(),
            },
            overdue: Money {
                amount: overdue,
                currency: currency.clone(),
            },
            unpaid_invoices: u32::try_from(unpaid).unwrap_or(u32::MAX),
        });
    }
    Ok(Json(SubAccountListResponse { sub_accounts }))
}
