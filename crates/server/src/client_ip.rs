//! The client's IP address, from the socket (never from a forwarded header,
//! which a client could forge to dodge rate limits).

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::Extensions;

/// The peer's IP as text, or `unknown` (e.g. in tests through `oneshot`).
pub fn client_ip(request: &Request) -> String {
    from_extensions(request.extensions())
}

fn from_extensions(extensions: &Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Extractor of the peer's IP.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(from_extensions(&parts.extensions)))
    }
}
