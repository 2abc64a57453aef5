//! `GET/POST/DELETE /api/session`: who is logged in, log in, log out.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use portal_api::{ErrorCode, LoginRequest, SessionResponse};

use crate::client_ip::ClientIp;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::password;
use crate::session::{self, CurrentSession};
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/session", get(current).post(login).delete(logout))
}

/// Who is logged in: the session, or `null` when nobody is.
///
/// Not a 401: a page asking "is anyone logged in?" is not failing when nobody is (and
/// browsers log every 4xx as an error on the page's console).
#[utoipa::path(get, path = "/api/session", tag = "session", security(()),
    responses((status = 200, body = Option<SessionResponse>, description = "The session, or `null` when nobody is logged in")))]
async fn current(
    State(state): State<AppState>,
    current: Option<Extension<CurrentSession>>,
) -> Result<Json<Option<SessionResponse>>, AppError> {
    let Some(Extension(CurrentSession(Some(session)))) = current else {
        return Ok(Json(None));
    };
    let customer = session::customer(&state, &session.customer_id).await?;
    Ok(Json(Some(SessionResponse {
        customer,
        csrf_token: session.csrf_token,
    })))
}

fn invalid_credentials() -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
        "Email or password is incorrect.",
    )
}

/// Log in: sets the session cookie.
#[utoipa::path(post, path = "/api/session", tag = "session", security(()), request_body = LoginRequest,
    responses((status = 200, body = SessionResponse), (status = 400), (status = 401), (status = 413), (status = 415), (status = 429)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Extension(CurrentSession(old)): Extension<CurrentSession>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, AppError> {
    let now = clock::now();
    let email = request.email.trim().to_lowercase();
    let account_key = format!("login:{email}");
    let ip_key = format!("login-ip:{ip}");
    // Each attempt is counted before the password is hashed, so a parallel
    // burst cannot run more checks than the limits allow (A7).
    let rate_limited = |wait| {
        tracing::warn!(target: "security", event = "login_rate_limited", %ip, "login refused: too many failures");
        AppError::rate_limited(wait)
    };
    let ip_attempt = state
        .login_ip_throttle
        .attempt(&ip_key, now)
        .map_err(rate_limited)?;
    let account_attempt = match state.login_account_throttle.attempt(&account_key, now) {
        Ok(a) => a,
        Err(wait) => {
            ip_attempt.cancel();
            return Err(rate_limited(wait));
        }
    };
    let row = if email.len() <= 254 {
        customer::by_email(&state.pool, &email).await?
    } else {
        None
    };
    let password_ok = request.password.len() <= 1024
        && password::verify_bounded(
            &state.password_hashing,
            request.password.clone(),
            row.as_ref().and_then(|c| c.password_hash.clone()),
        )
        .await?;
    let customer_id = match (row, password_ok) {
        (Some(c), true) => c.id,
        (row, _) => {
            let who = row
                .map(|c| c.id)
                .unwrap_or_else(|| "unknown account".to_owned());
            tracing::warn!(target: "security", event = "login_failed", %ip, customer = %who, "failed login");
            let blocked_ip = ip_attempt.failed();
            let blocked_account = account_attempt.failed();
            if blocked_ip || blocked_account {
                tracing::warn!(target: "security", event = "login_throttled", %ip, customer = %who, "login throttled after repeated failures");
            }
            return Err(invalid_credentials());
        }
    };
    ip_attempt.succeeded();
    account_attempt.succeeded();
    state.login_account_throttle.reset(&account_key);
    if let Some(old) = old {
        session::delete(&state.pool, &old.id_hash).await?;
    }
    let response = session::begin(&state, &customer_id, now).await?;
    tracing::info!(target: "security", event = "login", %ip, customer = %customer_id, "logged in");
    Ok(response)
}

/// Log out: ends the session (also when there is none).
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Logged out")))]
async fn logout(
    State(state): State<AppState>,
    Extension(CurrentSession(current)): Extension<CurrentSession>,
) -> Result<Response, AppError> {
    if let Some(s) = current {
        session::delete(&state.pool, &s.id_hash).await?;
        tracing::info!(target: "security", event = "logout", customer = %s.customer_id, "logged out");
    }
    let mut headers = HeaderMap::new();
    if let Some(cookie) = session::clear_cookie(&state.settings) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}
