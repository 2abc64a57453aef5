//! The emailed links that set a password (`password_link`):
//! `POST /api/invitations` (a first password) and `POST /api/password-resets`
//! ("forgot your password?"), each with its `/accept`. Asking answers the
//! same for every email and sends a link only to the email on file; a
//! customer who has a password never gets an invitation (accepting one would
//! log its holder in), only a reset that tells them when it was used.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use portal_api::{
    AcceptInvitationRequest, AcceptPasswordResetRequest, ErrorCode, InvitationRequest,
    InvitationResponse, PasswordResetRequest,
};

use crate::client_ip::ClientIp;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::password;
use crate::password_link::{self, Purpose};
use crate::session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invitations", post(request_invitation))
        .route("/api/invitations/accept", post(accept_invitation))
        .route("/api/password-resets", post(request_reset))
        .route("/api/password-resets/accept", post(accept_reset))
}

/// Ask for a link to set a first password (the same answer for every email).
#[utoipa::path(post, path = "/api/invitations", tag = "accounts", security(()),
    request_body = InvitationRequest,
    responses((status = 202, body = InvitationResponse), (status = 400), (status = 413), (status = 415), (status = 429)))]
async fn request_invitation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<InvitationRequest>,
) -> Result<(StatusCode, Json<InvitationResponse>), AppError> {
    ask(&state, &ip, &request.email, Purpose::FirstPassword).await
}

/// "Forgot your password?": ask for a link to choose a new one.
#[utoipa::path(post, path = "/api/password-resets", tag = "accounts", security(()),
    request_body = PasswordResetRequest,
    responses((status = 202, body = InvitationResponse), (status = 400), (status = 413), (status = 415), (status = 429)))]
async fn request_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<PasswordResetRequest>,
) -> Result<(StatusCode, Json<InvitationResponse>), AppError> {
    ask(&state, &ip, &request.email, Purpose::Reset).await
}

/// Set a password with an invitation's token; logs in.
#[utoipa::path(post, path = "/api/invitations/accept", tag = "accounts", security(()),
    request_body = AcceptInvitationRequest,
    responses((status = 200, body = portal_api::SessionResponse), (status = 400), (status = 413), (status = 415)))]
async fn accept_invitation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<AcceptInvitationRequest>,
) -> Result<Response, AppError> {
    accept(
        &state,
        &ip,
        Purpose::FirstPassword,
        &request.token,
        &request.password,
    )
    .await
}

/// Choose a new password with a reset token; ends other sessions, logs in.
#[utoipa::path(post, path = "/api/password-resets/accept", tag = "accounts", security(()),
    request_body = AcceptPasswordResetRequest,
    responses((status = 200, body = portal_api::SessionResponse), (status = 400), (status = 413), (status = 415), (status = 429)))]
async fn accept_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<AcceptPasswordResetRequest>,
) -> Result<Response, AppError> {
    accept(
        &state,
        &ip,
        Purpose::Reset,
        &request.token,
        &request.password,
    )
    .await
}

/// Sends the link the customer with `email` needs, if any, and answers the
/// same either way (A6). Asking for a reset without a password yet sends an
/// invitation; asking for an invitation with a password sends nothing.
async fn ask(
    state: &AppState,
    ip: &str,
    email: &str,
    asked: Purpose,
) -> Result<(StatusCode, Json<InvitationResponse>), AppError> {
    let now = clock::now();
    let email = email.trim().to_lowercase();
    if email.len() > 254 || !email.contains('@') {
        return Err(AppError::bad_request(
            ErrorCode::InvalidField,
            "Email: enter an email address, e.g. name@example.com.",
        ));
    }
    // One budget per address and per email over both kinds of link: each
    // sends an email.
    for key in [format!("invite-ip:{ip}"), format!("invite:{email}")] {
        if let Err(wait) = state.invite_throttle.check(&key, now) {
            tracing::warn!(target: "security", event = "password_link_rate_limited", %ip, "password link refused: too many requests");
            return Err(AppError::rate_limited(wait));
        }
        state.invite_throttle.fail(&key, now);
    }
    match customer::by_email(&state.pool, &email).await? {
        Some(customer) => {
            let needed = Purpose::for_customer(&customer);
            if asked == Purpose::FirstPassword && needed == Purpose::Reset {
                tracing::warn!(target: "security", event = "invitation_has_password", %ip, customer = %customer.id, "invitation asked for a customer who has a password; none sent");
            } else {
                password_link::send(
                    &mut *state.pool.acquire().await?,
                    &state.settings,
                    needed,
                    &customer,
                    &email,
                    now,
                )
                .await?;
                tracing::info!(target: "security", event = "password_link_sent", %ip, customer = %customer.id, purpose = ?needed, "password link sent");
            }
        }
        None => {
            tracing::info!(target: "security", event = "password_link_unknown_email", %ip, purpose = ?asked, "password link asked for an email not on file");
        }
    }
    let message = match asked {
        Purpose::FirstPassword => "If this email is on file, we have sent a link to set your password. It works for 24 hours.",
        Purpose::Reset => "If this email is on file, we have sent a link to choose a new password. It works for one hour.",
    };
    Ok((
        StatusCode::ACCEPTED,
        Json(InvitationResponse {
            message: message.to_owned(),
        }),
    ))
}

/// Sets the password with a link of `purpose` and logs in.
async fn accept(
    state: &AppState,
    ip: &str,
    purpose: Purpose,
    token: &str,
    new_password: &str,
) -> Result<Response, AppError> {
    password::check_strength(new_password)
        .map_err(|m| AppError::bad_request(ErrorCode::WeakPassword, format!("Password: {m}")))?;
    let now = clock::now();
    // Invalid links are counted per address: nobody gets to try tokens
    // (or make the server look them up) without end (A7).
    let throttle_key = format!("invite-accept-ip:{ip}");
    if let Err(wait) = state.invite_accept_throttle.check(&throttle_key, now) {
        tracing::warn!(target: "security", event = "password_link_accept_rate_limited", %ip, "password link refused: too many invalid links");
        return Err(AppError::rate_limited(wait));
    }
    let accepted = if token.len() > 128 {
        None
    } else {
        password_link::accept(state, purpose, token, new_password, now).await?
    };
    let Some(customer_id) = accepted else {
        tracing::warn!(target: "security", event = "password_link_invalid", %ip, purpose = ?purpose, "invalid or expired password link");
        state.invite_accept_throttle.fail(&throttle_key, now);
        return Err(AppError::bad_request(
            ErrorCode::InvalidLink,
            "This link is invalid or has expired. Ask for a new one.",
        ));
    };
    let response = session::begin(state, &customer_id, now).await?;
    tracing::info!(target: "security", event = "password_set", %ip, customer = %customer_id, purpose = ?purpose, "password set from an emailed link");
    Ok(response)
}
