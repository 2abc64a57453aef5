//! The two calls the portal page makes to the gateway itself: the one-time
//! code step (verify, resend). The code goes browser → gateway; the portal
//! server then asks the gateway for the outcome.

use gloo_net::http::Request;
use portal_api::{ChallengeStatus, GatewayCode};
use serde::{Deserialize, Serialize};

use super::ApiError;

#[derive(Serialize)]
struct VerifyBody<'a> {
    client_secret: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct ResendBody<'a> {
    client_secret: &'a str,
}

/// The gateway's answer to a code.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct VerifyResult {
    /// `succeeded`, `failed`, `expired` or `locked`.
    pub status: ChallengeStatus,
    /// Tries left before the challenge locks.
    #[serde(default)]
    pub attempts_left: u32,
}

/// When a new code may be asked for again.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ResendResult {
    /// Unix seconds.
    pub resend_available_at: i64,
    /// When the new code stops working (Unix seconds).
    #[serde(default)]
    pub expires_at: Option<i64>,
}

#[derive(Deserialize)]
struct GatewayErrorBody {
    error: GatewayError,
}

#[derive(Deserialize)]
struct GatewayError {
    code: GatewayCode,
    message: String,
}

async fn post<B: Serialize, T: serde::de::DeserializeOwned>(
    url: &str,
    key: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = Request::post(url)
        .header("Authorization", &format!("Bearer {key}"))
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(ApiError::network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        response
            .json::<T>()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()))
    } else {
        let body = response.json::<GatewayErrorBody>().await.ok();
        Err(match body {
            Some(b) => ApiError::Gateway {
                status,
                code: b.error.code,
                message: b.error.message,
            },
            None => ApiError::Gateway {
                status,
                code: GatewayCode::Unknown,
                message: "The payment service answered with an error.".into(),
            },
        })
    }
}

/// `POST {gateway}/v1/challenges/{id}/verify`.
pub async fn verify_code(
    gateway_url: &str,
    publishable_key: &str,
    challenge: &str,
    client_secret: &str,
    code: &str,
) -> Result<VerifyResult, ApiError> {
    let url = format!(
        "{}/v1/challenges/{}/verify",
        gateway_url.trim_end_matches('/'),
        js_sys::encode_uri_component(challenge)
    );
    post(
        &url,
        publishable_key,
        &VerifyBody {
            client_secret,
            code,
        },
    )
    .await
}

/// `POST {gateway}/v1/challenges/{id}/resend`.
pub async fn resend_code(
    gateway_url: &str,
    publishable_key: &str,
    challenge: &str,
    client_secret: &str,
) -> Result<ResendResult, ApiError> {
    let url = format!(
        "{}/v1/challenges/{}/resend",
        gateway_url.trim_end_matches('/'),
        js_sys::encode_uri_component(challenge)
    );
    post(&url, publishable_key, &ResendBody { client_secret }).await
}
