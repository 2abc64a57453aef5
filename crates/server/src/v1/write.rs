//! What every `/v1` write shares: one `BEGIN IMMEDIATE` transaction that
//! first looks up the `Idempotency-Key` (so a concurrent duplicate waits and
//! then replays), and at the end keeps the answer with the work; and the
//! field checks that name the field in their message.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use serde::Serialize;
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::api_idempotency::{self, Seen, Stored};
use crate::api_key::ApiKey;
use crate::error::AppError;
use crate::idempotency::Replayable;
use crate::ids::sha256_hex;
use crate::state::AppState;

/// A write begun: do the work on [`Pending::tx`], then [`Pending::finish`].
pub struct Pending {
    tx: Transaction<'static, Sqlite>,
    key_id: String,
    idempotency_key: String,
    request_hash: String,
}

/// Whether to do the work.
pub enum Write {
    /// The same request came before: its answer.
    Replay(Replayable<Response>),
    /// A new request.
    New(Pending),
}

/// Begins the write of `request` by `key` under `idempotency_key`; 409
/// `idempotency_key_reused` when the key came with another request.
pub async fn begin<T: Serialize>(
    state: &AppState,
    key: &ApiKey,
    idempotency_key: &str,
    request: &T,
) -> Result<Write, AppError> {
    let request_hash = sha256_hex(
        &serde_json::to_string(request).map_err(|e| AppError::internal(format!("json: {e}")))?,
    );
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    match api_idempotency::seen(&mut tx, &key.id, idempotency_key, &request_hash).await? {
        Seen::New => Ok(Write::New(Pending {
            tx,
            key_id: key.id.clone(),
            idempotency_key: idempotency_key.to_owned(),
            request_hash,
        })),
        Seen::Same(stored) => Ok(Write::Replay(Replayable {
            body: json_response(&stored),
            replayed: true,
        })),
        Seen::Different => Err(AppError::conflict(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was used for another request.",
        )),
    }
}

impl Pending {
    /// The transaction to do the work in.
    pub fn tx(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Keeps `body` as the answer with `status`, commits, and answers.
    pub async fn finish<T: Serialize>(
        mut self,
        status: StatusCode,
        body: &T,
        now: i64,
    ) -> Result<Replayable<Response>, AppError> {
        let answer = Stored {
            status,
            body: serde_json::to_string(body)
                .map_err(|e| AppError::internal(format!("json: {e}")))?,
        };
        api_idempotency::keep(
            &mut self.tx,
            &self.key_id,
            &self.idempotency_key,
            &self.request_hash,
            &answer,
            now,
        )
        .await?;
        self.tx.commit().await?;
        Ok(Replayable {
            body: json_response(&answer),
            replayed: false,
        })
    }
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
pub fn field(name: &str, problem: &str) -> AppError {
    AppError::bad_request(ErrorCode::InvalidField, format!("{name}: {problem}"))
}

/// `value` trimmed, if it is 1 to `max` characters without control characters.
pub fn checked_text<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(field(
            name,
            &format!("1 to {max} characters, without control characters."),
        ));
    }
    Ok(value)
}
