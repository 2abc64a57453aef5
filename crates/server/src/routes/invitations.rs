//! `POST /api/invitations` (ask for a link to set a first password: sent
//! only to a customer on file without one; the same answer for every email)
//! and `POST /api/invitations/accept`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use portal_api::{AcceptInvitationRequest, ErrorCode, InvitationRequest, InvitationResponse};

use crate::client_ip::ClientIp;
use crate::clock;
use crate::customer;
use crate::error::AppError;
use crate::invitation;
use crate::json::ApiJson;
use crate::password;
use crate::session;
use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invitations", post(request_invitation))
        .route("/api/invitations/accept", post(accept))
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
            ErrorCode::InvalidField,
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
    // Only a customer without a password gets a link: accepting one sets a
    // password and logs in, so a link for someone who has one would take
    // their account over. The answer is the same either way (A6).
    match customer::by_email(&state.pool, &email).await? {
        Some(customer) if customer.password_hash.is_none() => {
            invitation::send(&state, &customer, &email, now).await?;
            tracing::info!(target: "security", event = "invitation_sent", %ip, customer = %customer.id, "invitation sent");
        }
        Some(customer) => {
            tracing::warn!(target: "security", event = "invitation_has_password", %ip, customer = %customer.id, "invitation asked for a customer who has a password; none sent");
        }
        None => {
            tracing::info!(target: "security", event = "invitation_unknown_email", %ip, "invitation asked for an email not on file");
        }
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
        .map_err(|m| AppError::bad_request(ErrorCode::WeakPassword, format!("Password: {m}")))?;
    let now = clock::now();
    let invalid = || {
        AppError::bad_request(
            ErrorCode::InvalidLink,
            "This link is invalid or has expired. Ask for a new one.",
        )
    };
    // Invalid links are counted per address: nobody gets to try tokens
    // (or make the server look them up) without end (A7).
    let throttle_key = format!("invite-accept-ip:{ip}");
    if let Err(wait) = state.invite_accept_throttle.check(&throttle_key, now) {
        tracing::warn!(target: "security", event = "invitation_accept_rate_limited", %ip, "invitation link refused: too many invalid links");
        return Err(AppError::rate_limited(wait));
    }
    let accepted = if request.token.len() > 128 {
        None
    } else {
        invitation::accept(&state, &request.token, &request.password, now).await?
    };
    let Some(customer_id) = accepted else {
        tracing::warn!(target: "security", event = "invitation_invalid", %ip, "invalid or expired invitation link");
        state.invite_accept_throttle.fail(&throttle_key, now);
        return Err(invalid());
    };
    let response = session::begin(&state, &customer_id, now).await?;
    tracing::info!(target: "security", event = "password_set", %ip, customer = %customer_id, "password set from an invitation");
    Ok(response)
}
