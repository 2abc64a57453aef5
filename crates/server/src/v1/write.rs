//! What every `/v1` write shares: one `BEGIN IMMEDIATE` transaction that
//! first looks up the `Idempotency-Key` (so a concurrent duplicate waits and
//! then replays), and at the end keeps the answer with the work (the field
//! checks that name the field in their message are in [`crate::field`]).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use serde::Serialize;
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::api_idempotency::{self, Seen, Stored};
use crate::api_key::ApiKey;
use crate::error::AppError;
pub use crate::field::field;
use crate::idempotency::Replayable;
use crate::ids::sha256_hex;
use crate::state::AppState;

/// A write begun: do the work on [`Pending::tx`], then [`Pending::finish`].
pub struct Pending {
    tx: Transaction<'static, Sqlite>,
    key_id: String,
    idempotency_key: Option<String>,
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
    begin_optional(state, key, Some(idempotency_key), request).await
}

/// [`begin`] for a write that is idempotent by itself (a `PUT`): the
/// `Idempotency-Key` is optional, and without one nothing is kept to replay.
pub async fn begin_optional<T: Serialize>(
    state: &AppState,
    key: &ApiKey,
    idempotency_key: Option<&str>,
    request: &T,
) -> Result<Write, AppError> {
    let request_hash = sha256_hex(
        &serde_json::to_string(request).map_err(|e| AppError::internal(format!("json: {e}")))?,
    );
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let Some(idempotency_key) = idempotency_key else {
        return Ok(Write::New(Pending {
            tx,
            key_id: key.id.clone(),
            idempotency_key: None,
            request_hash,
        }));
    };
    match api_idempotency::seen(&mut tx, &key.id, idempotency_key, &request_hash).await? {
        Seen::New => Ok(Write::New(Pending {
            tx,
            key_id: key.id.clone(),
            idempotency_key: Some(idempotency_key.to_owned()),
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
        if let Some(idempotency_key) = &self.idempotency_key {
            api_idempotency::keep(
                &mut self.tx,
                &self.key_id,
                idempotency_key,
                &self.request_hash,
                &answer,
                now,
            )
            .await?;
        }
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
