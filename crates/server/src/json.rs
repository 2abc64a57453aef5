//! [`ApiJson`]: a JSON body extractor whose every rejection is the API's
//! `{code, message}` error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use portal_api::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Like `axum::Json`, with API errors.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(reject(rejection)),
        }
    }
}

fn reject(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            AppError::bad_request(ErrorCode::InvalidJson, "The body is not valid JSON.")
        }
        JsonRejection::JsonDataError(e) => AppError::bad_request(
            ErrorCode::InvalidRequest,
            format!("The request is not valid: {}", e.body_text()),
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                "The request body is too large.",
            )
        }
        other => AppError::bad_request(
            ErrorCode::InvalidRequest,
            format!("The request body could not be read: {}", other.body_text()),
        ),
    }
}
