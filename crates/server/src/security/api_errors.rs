//! Every `/api` error answer is JSON `{code, message}`, also those made by
//! layers and the router (404, 405, 408, 413, 415); so are the body limit's
//! 413 and the timeout's 408 on any path (the SPA's pages have no body to
//! send, so these come from clients that speak to the API).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;

use crate::error::AppError;

/// Rewrites non-JSON `/api` error responses (and any 408 or 413) into the
/// API's error shape.
pub async fn api_errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api");
    let response = next.run(request).await;
    let status = response.status();
    let from_layers =
        status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::PAYLOAD_TOO_LARGE;
    if !api && !from_layers {
        return response;
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "No such endpoint."),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "This endpoint does not accept this method.",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Timeout,
            "The request took too long. Please try again.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            (ErrorCode::BodyTooLarge, "The request body is too large.")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        s if s.is_server_error() => (
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        ),
        _ => (ErrorCode::InvalidRequest, "The request is not valid."),
    };
    let mut replaced = AppError::new(status, code, message).into_response();
    // Keep the headers layers added (CORS, Allow, Retry-After), not the old body's.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replaced.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let (parts, body) = replaced.into_parts();
    Response::from_parts(parts, Body::new(body))
}
