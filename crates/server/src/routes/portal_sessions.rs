//! `POST /api/portal-sessions/redeem`: the portal's page at a portal
//! session's URL trades its one-time token for an ordinary session (single
//! sign-on from the business's site). Invalid tokens are counted per
//! address, as invitation links are (A7).

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use portal_api::{ErrorCode, RedeemPortalSession};

use crate::client_ip::ClientIp;
use crate::clock;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::portal_session;
use crate::session::{self, CurrentSession};
use crate::state::AppState;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/portal-sessions/redeem", post(redeem))
}

/// Trade a portal session's one-time token for a session (single sign-on).
#[utoipa::path(post, path = "/api/portal-sessions/redeem", tag = "session", security(()),
    request_body = RedeemPortalSession,
    responses((status = 200, body = portal_api::SessionResponse), (status = 400), (status = 413), (status = 415), (status = 429)))]
async fn redeem(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Extension(CurrentSession(old)): Extension<CurrentSession>,
    ApiJson(request): ApiJson<RedeemPortalSession>,
) -> Result<Response, AppError> {
    let now = clock::now();
    let throttle_key = format!("portal-session-ip:{ip}");
    if let Err(wait) = state.invite_accept_throttle.check(&throttle_key, now) {
        tracing::warn!(target: "security", event = "portal_session_rate_limited", %ip, "portal session refused: too many invalid links");
        return Err(AppError::rate_limited(wait));
    }
    let mut conn = state.pool.acquire().await?;
    let Some(customer_id) = portal_session::redeem(&mut conn, &request.token, now).await? else {
        tracing::warn!(target: "security", event = "portal_session_invalid", %ip, "invalid, used or expired portal session");
        state.invite_accept_throttle.fail(&throttle_key, now);
        return Err(AppError::bad_request(
            ErrorCode::InvalidLink,
            "This sign-in link has expired or was used already. Go back to the business's site and open the portal again.",
        ));
    };
    drop(conn);
    // Whoever was logged in on this browser is logged out first.
    if let Some(old) = old {
        session::delete(&state.pool, &old.id_hash).await?;
    }
    let response = session::begin(&state, &customer_id, now).await?;
    tracing::info!(target: "security", event = "portal_session_redeemed", %ip, customer = %customer_id, "logged in through a portal session");
    Ok(response)
}
