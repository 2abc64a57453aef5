//! A JSON body extractor whose rejections use the gateway's error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest request body accepted, in bytes.
pub(crate) const BODY_LIMIT: usize = 16 * 1024;

/// A JSON request body; bad input becomes an [`ApiError`], never a panic or 5xx.
pub(crate) struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the request body as JSON with Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("The request body is larger than {BODY_LIMIT} bytes."),
                )
            } else {
                ApiError::bad_request("invalid_body", "The request body could not be read.")
            }
        })?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
            use serde_json::error::Category;
            match e.classify() {
                Category::Data => ApiError::bad_request(
                    "invalid_request",
                    "The request body has the wrong shape: it must be a JSON object.",
                ),
                _ => ApiError::bad_request("invalid_json", "The request body is not valid JSON."),
            }
        })
    }
}
