//! Sessions: a random id in an HttpOnly cookie, stored only as its SHA-256,
//! with a CSRF token, an absolute lifetime and a fresh id at every login.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_api::SessionResponse;
use sqlx::{SqliteConnection, SqlitePool};

use crate::customer;
use crate::error::AppError;
use crate::ids::{random_hex, sha256_hex};
use crate::state::{AppState, Settings};

/// How long a session lives, in seconds (12 hours).
pub const SESSION_LIFETIME: i64 = 12 * 60 * 60;

/// A logged-in customer's session (an extractor: 401 without one).
#[derive(Debug, Clone)]
pub struct Session {
    /// SHA-256 of the session id.
    pub id_hash: String,
    /// The customer.
    pub customer_id: String,
    /// What `X-CSRF-Token` must equal.
    pub csrf_token: String,
}

/// The session resolved by the guard middleware (or none), kept in the
/// request's extensions.
#[derive(Debug, Clone)]
pub struct CurrentSession(pub Option<Session>);

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentSession>() {
            Some(CurrentSession(Some(s))) => Ok(s.clone()),
            _ => Err(AppError::unauthenticated()),
        }
    }
}

/// The session id from the request's cookies, if any.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// Looks up a live session by its id.
pub async fn find(
    pool: &SqlitePool,
    session_id: &str,
    now: i64,
) -> Result<Option<Session>, sqlx::Error> {
    let id_hash = sha256_hex(session_id);
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT id_hash, customer_id, csrf_token FROM sessions WHERE id_hash = ? AND expires_at > ?",
    )
    .bind(&id_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id_hash, customer_id, csrf_token)| Session {
        id_hash,
        customer_id,
        csrf_token,
    }))
}

/// Creates a session; returns its id (for the cookie) and the session.
pub async fn create(
    pool: &SqlitePool,
    customer_id: &str,
    now: i64,
) -> Result<(String, Session), sqlx::Error> {
    let id = random_hex(32);
    let session = Session {
        id_hash: sha256_hex(&id),
        customer_id: customer_id.to_owned(),
        csrf_token: random_hex(32),
    };
    sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO sessions (id_hash, customer_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(&session.id_hash)
        .bind(customer_id)
        .bind(&session.csrf_token)
        .bind(now)
        .bind(now + SESSION_LIFETIME)
        .execute(pool)
        .await?;
    Ok((id, session))
}

/// Ends a session by its id hash.
pub async fn delete(pool: &SqlitePool, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
        .bind(id_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of a customer (a new password).
pub async fn delete_all(conn: &mut SqliteConnection, customer_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE customer_id = ?")
        .bind(customer_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The customer as the session answers show them (401 once they are gone).
pub async fn customer(
    state: &AppState,
    customer_id: &str,
) -> Result<portal_api::CustomerSummary, AppError> {
    customer::summary(&state.pool, customer_id)
        .await?
        .ok_or_else(AppError::unauthenticated)
}

/// Logs a customer in: a new session, its cookie, and the session answer
/// (the log-in form and an accepted invitation both end here).
pub async fn begin(state: &AppState, customer_id: &str, now: i64) -> Result<Response, AppError> {
    let (id, new_session) = create(&state.pool, customer_id, now).await?;
    let customer = customer(state, customer_id).await?;
    let mut headers = HeaderMap::new();
    if let Some(cookie) = set_cookie(&state.settings, &id) {
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

/// `Set-Cookie` for a new session.
pub fn set_cookie(settings: &Settings, id: &str) -> Option<HeaderValue> {
    let secure = if settings.https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={id}; HttpOnly; SameSite=Lax; Path=/; Max-Age={SESSION_LIFETIME}{secure}",
        settings.cookie_name()
    ))
    .ok()
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(settings: &Settings) -> Option<HeaderValue> {
    let secure = if settings.https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}",
        settings.cookie_name()
    ))
    .ok()
}
