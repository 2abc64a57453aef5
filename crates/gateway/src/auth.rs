//! API keys: which merchant is calling, and with which kind of key.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};

use crate::config::MerchantConfig;
use crate::error::ApiError;
use crate::keyed::secrets_equal;
use crate::state::AppState;

/// The kind of key a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Publishable,
    Secret,
}

/// Finds the merchant and key kind for the request's `Authorization: Bearer` key.
pub(crate) fn merchant_for(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<(Arc<MerchantConfig>, KeyKind)> {
    let key = bearer(headers)?;
    let mut found = None;
    // Every key is compared (in constant time) so timing says nothing.
    for merchant in &state.merchants {
        if secrets_equal(key, &merchant.publishable_key) {
            found = Some((merchant.clone(), KeyKind::Publishable));
        }
        if secrets_equal(key, &merchant.secret_key) {
            found = Some((merchant.clone(), KeyKind::Secret));
        }
    }
    found
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(key.trim())
}

fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    wanted: KeyKind,
) -> Result<Arc<MerchantConfig>, ApiError> {
    match merchant_for(state, headers) {
        Some((merchant, kind)) if kind == wanted => Ok(merchant),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_key",
            match wanted {
                KeyKind::Publishable => "This endpoint takes a publishable key (pk_…).",
                KeyKind::Secret => "This endpoint takes a secret key (sk_…), from a server only.",
            },
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_key",
            "Send a valid API key as Authorization: Bearer <key>.",
        )),
    }
}

/// A request made with a merchant's publishable key.
pub(crate) struct PublishableKey(pub Arc<MerchantConfig>);

/// A request made with a merchant's secret key.
pub(crate) struct SecretKey(pub Arc<MerchantConfig>);

impl FromRequestParts<AppState> for PublishableKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authorize(state, &parts.headers, KeyKind::Publishable).map(Self)
    }
}

impl FromRequestParts<AppState> for SecretKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authorize(state, &parts.headers, KeyKind::Secret).map(Self)
    }
}
