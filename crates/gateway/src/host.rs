//! The names the gateway answers to (DNS rebinding defence).
//!
//! A page on `evil.example` whose name is made to resolve to the gateway is
//! same-origin with it in the browser, and sends `Host: evil.example` and
//! `Origin: http://evil.example`. So the gateway serves only its configured
//! public host, and counts only the configured public origin as its own; a
//! loopback public URL (`http://127.0.0.1:8081`, development) also accepts its
//! loopback aliases (`localhost`, `[::1]`) on the same port.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::origin_of;
use crate::error::ApiError;
use crate::state::AppState;

/// The loopback names that stand for one another on a developer's machine.
const LOOPBACK: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The gateway's public scheme, host name(s) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublicHost {
    scheme: String,
    names: Vec<String>,
    port: u16,
}

impl PublicHost {
    /// From the configured public URL (`http(s)://host[:port][/…]`).
    pub(crate) fn from_url(url: &str) -> Option<Self> {
        let origin = origin_of(url)?;
        let (scheme, authority) = origin.split_once("://")?;
        let default_port = match scheme {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let (name, port) = split_authority(authority, default_port)?;
        let names = if LOOPBACK.contains(&name.as_str()) {
            LOOPBACK.iter().map(|&n| n.to_owned()).collect()
        } else {
            vec![name]
        };
        Some(Self {
            scheme: scheme.to_owned(),
            names,
            port,
        })
    }

    /// Whether a `Host` header (`name[:port]`) names this gateway.
    pub(crate) fn accepts_host(&self, host: &str) -> bool {
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        split_authority(host, default_port)
            .is_some_and(|(name, port)| port == self.port && self.names.contains(&name))
    }

    /// Whether a browser `Origin` is the gateway's own (the card frame's).
    pub(crate) fn is_own_origin(&self, origin: &str) -> bool {
        origin.split_once("://").is_some_and(|(scheme, authority)| {
            scheme == self.scheme && self.accepts_host(authority)
        })
    }
}

/// `name[:port]` as a lowercase name and a port (the default if absent);
/// `None` for anything else (user info, a path, a bad port).
fn split_authority(authority: &str, default_port: u16) -> Option<(String, u16)> {
    if authority.contains(['@', '/', '?', '#']) {
        return None;
    }
    let (name, port) = if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let (name, rest) = authority.split_at(end);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        }
    };
    if name.is_empty() || (name.contains(':') && !name.starts_with('[')) {
        return None;
    }
    let port = match port {
        Some(port) => port.parse().ok()?,
        None => default_port,
    };
    Some((name.to_ascii_lowercase(), port))
}

/// Middleware for every route but `/healthz` (which tells nothing, and is
/// what load balancers probe by address): refuses a request for a host name
/// the gateway does not serve, with `421 unknown_host`.
pub(crate) async fn only_public_host(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    let header = req.headers().get(header::HOST).map(|v| v.to_str().ok());
    let authority = req.uri().authority().map(|a| a.as_str());
    // Every name the request gives (the Host header; the URI's authority in
    // HTTP/2 or absolute form) must be ours, and it must give one.
    let served = match (header, authority) {
        (None, None) | (Some(None), _) => false,
        (Some(Some(host)), authority) => {
            state.public.accepts_host(host)
                && authority.is_none_or(|a| state.public.accepts_host(a))
        }
        (None, Some(authority)) => state.public.accepts_host(authority),
    };
    if served {
        return next.run(req).await;
    }
    tracing::warn!(
        target: "security",
        host = ?header.flatten().or(authority),
        path = %req.uri().path(),
        "request for a host name this gateway does not serve (DNS rebinding?): refused"
    );
    ApiError::new(
        StatusCode::MISDIRECTED_REQUEST,
        "unknown_host",
        "This gateway does not answer for that host name.",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(url: &str) -> PublicHost {
        PublicHost::from_url(url).unwrap_or_else(|| panic!("{url} is a public URL"))
    }

    #[test]
    fn a4_host_is_compared_by_name_and_port() {
        let host = public("https://Pay.Example.com/gateway");
        assert!(host.accepts_host("pay.example.com"));
        assert!(host.accepts_host("PAY.example.com:443"));
        assert!(!host.accepts_host("pay.example.com:8443"));
        assert!(!host.accepts_host("evil.example"));
        assert!(!host.accepts_host("pay.example.com.evil.example"));
        assert!(!host.accepts_host("localhost"));
        assert!(!host.accepts_host("user@pay.example.com"));
        assert!(!host.accepts_host("pay.example.com:"));
        assert!(!host.accepts_host(""));
        assert!(host.is_own_origin("https://pay.example.com"));
        assert!(!host.is_own_origin("http://pay.example.com:443"));
        assert!(!host.is_own_origin("https://evil.example"));
    }

    #[test]
    fn a4_a_loopback_public_url_accepts_its_loopback_aliases() {
        let host = public("http://127.0.0.1:8081");
        for name in ["127.0.0.1:8081", "localhost:8081", "[::1]:8081"] {
            assert!(host.accepts_host(name), "{name}");
        }
        assert!(!host.accepts_host("127.0.0.1:8080"));
        assert!(!host.accepts_host("127.0.0.1"));
        assert!(!host.accepts_host("evil.example:8081"));
        assert!(host.is_own_origin("http://localhost:8081"));
        assert!(!host.is_own_origin("http://evil.example:8081"));
        assert!(public("http://[::1]:9000").accepts_host("localhost:9000"));
    }

    #[test]
    fn public_urls_need_http_or_https_and_a_host() {
        assert_eq!(PublicHost::from_url("ftp://example.com"), None);
        assert_eq!(PublicHost::from_url("example.com"), None);
        assert_eq!(PublicHost::from_url("http://"), None);
        assert_eq!(PublicHost::from_url("http://example.com:99999"), None);
    }
}
