//! Idempotent creates: [`IdempotencyKey`], the checked `Idempotency-Key`
//! header every payment create (and every business API POST) carries, and [`Replayable`], an answer that
//! says `Idempotent-Replayed: true` when it repeats an earlier one.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;

use crate::error::AppError;

/// The request's `Idempotency-Key` (P2: 1 to 255 printable characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok());
        check(value).map(Self)
    }
}

/// Optional where a write is idempotent by itself (a `PUT`): absent is
/// `None`, but a malformed key is still refused.
impl<S: Send + Sync> OptionalFromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        match parts.headers.get("idempotency-key") {
            None => Ok(None),
            Some(v) => check(Some(v.to_str().unwrap_or("\u{0}"))).map(|k| Some(Self(k))),
        }
    }
}

/// Checks an `Idempotency-Key` header value.
fn check(value: Option<&str>) -> Result<String, AppError> {
    let key = value.unwrap_or("").trim();
    if key.is_empty() {
        return Err(AppError::bad_request(
            ErrorCode::InvalidIdempotencyKey,
            "Send a unique Idempotency-Key header with this request.",
        ));
    }
    if key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad_request(
            ErrorCode::InvalidIdempotencyKey,
            "The Idempotency-Key must be 1 to 255 printable characters without spaces.",
        ));
    }
    Ok(key.to_owned())
}

/// An answer to a create, marked when it replays an earlier one.
#[derive(Debug)]
pub struct Replayable<T> {
    /// The body.
    pub body: T,
    /// Whether the key was seen before.
    pub replayed: bool,
}

impl<T: IntoResponse> IntoResponse for Replayable<T> {
    fn into_response(self) -> Response {
        let mut response = self.body.into_response();
        if self.replayed {
            response.headers_mut().insert(
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn keys_are_printable_and_bounded() {
        assert_eq!(check(Some(" k-1 ")).ok().as_deref(), Some("k-1"));
        for bad in [None, Some(""), Some("a b"), Some("é")] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check(Some(&"k".repeat(256))).is_err());
        assert!(check(Some(&"k".repeat(255))).is_ok());
    }
}
