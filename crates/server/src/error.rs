//! Errors: [`AppError`] for requests (a JSON `{code, message}` body with a
//! stable code) and [`ServerError`] for starting up.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_api::{ApiErrorBody, ErrorCode};

/// A request failed; becomes `status` + `{"code","message"}`.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code from [`ErrorCode`].
    pub code: ErrorCode,
    /// Plain words for the customer.
    pub message: String,
    /// Seconds for `Retry-After` (429).
    pub retry_after: Option<u64>,
}

impl AppError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 with a code.
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 409 with a code.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 404 `not_found`: also what another customer's things answer.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("No such {what}."),
        )
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "Please log in.",
        )
    }

    /// 429 `rate_limited` with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Too many attempts. Please wait a few minutes and try again.",
        );
        e.retry_after = Some(retry_after.max(1));
        e
    }

    /// 500 `internal`: `detail` is logged once here and never sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        )
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(format!("database: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody {
            code: self.code,
            message: self.message,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A flag has an unusable value.
    #[error("configuration: {0}")]
    Config(String),
    /// Binding a socket failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The database could not be opened at all.
    #[error("cannot open the database {location}: {source}")]
    DatabaseUnreachable {
        /// Where it was looked for (a path, or a URL without credentials).
        location: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The database was migrated by a newer server than this one.
    #[error(
        "the database is at migration {applied}, newer than this portal-server knows (up to {known}): \
         run the newer binary, or restore the backup taken before the upgrade"
    )]
    NewerDatabase {
        /// The newest migration the database has.
        applied: i64,
        /// The newest migration this binary has.
        known: i64,
    },
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The sandbox gateway failed to start.
    #[error("sandbox gateway: {0}")]
    Gateway(String),
    /// Seeding the demo data failed.
    #[error("demo data: {0}")]
    Demo(String),
}
