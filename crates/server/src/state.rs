//! What every handler shares: the database, the settings, the throttles and
//! the gateway client.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;

use crate::gateway::Gateway;
use crate::keyed_lock::KeyedLocks;
use crate::throttle::Throttle;

/// Shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The portal database.
    pub pool: SqlitePool,
    /// Fixed settings derived from the configuration.
    pub settings: Arc<Settings>,
    /// Failed logins per client IP.
    pub login_ip_throttle: Arc<Throttle>,
    /// Failed logins per account (email).
    pub login_account_throttle: Arc<Throttle>,
    /// Failed payment attempts (declines, bad tokens) per customer.
    pub payment_throttle: Arc<Throttle>,
    /// Invitation requests per client IP and per email.
    pub invite_throttle: Arc<Throttle>,
    /// Invalid invitation links presented per client IP.
    pub invite_accept_throttle: Arc<Throttle>,
    /// Invalid business API keys presented per client IP.
    pub api_key_failures: Arc<Throttle>,
    /// Business API requests per key (a ceiling against a runaway sync).
    pub api_key_requests: Arc<Throttle>,
    /// Bounds how many password hashes run at once (memory and CPU).
    pub password_hashing: Arc<tokio::sync::Semaphore>,
    /// The card gateway.
    pub gateway: Arc<dyn Gateway>,
    /// Serialises the decision "is this amount still payable" per server.
    pub payment_lock: Arc<tokio::sync::Mutex<()>>,
    /// One lock per payment while it is sent to the gateway.
    pub payment_locks: Arc<KeyedLocks>,
}

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The portal's public base URL, without a trailing slash.
    pub public_url: String,
    /// Its origin (`scheme://host[:port]`).
    pub public_origin: String,
    /// The names (`Host` values, lowercase `host[:port]`) the portal answers
    /// to: the public URL's, and for a loopback public URL its other loopback
    /// name (`localhost` and `127.0.0.1`) on the same port. See [`own_names`].
    pub hosts: Vec<String>,
    /// Embedding origins allowed to call the API with credentials.
    pub allowed_origins: Vec<String>,
    /// Served over https: `Secure` + `__Host-` cookies, HSTS.
    pub https: bool,
    /// The CSP `frame-ancestors` sources.
    pub frame_ancestors: String,
    /// The gateway's public base URL (browsers).
    pub gateway_url: String,
    /// The gateway's publishable key (browsers).
    pub publishable_key: String,
    /// The business's name.
    pub business_name: String,
    /// The business's currency (lowercase ISO 4217).
    pub currency: String,
    /// Whether an invoice may be paid in part.
    pub allow_partial_payments: bool,
    /// Demo mode (demo data, `POST /api/dev/payment-links`).
    pub demo: bool,
    /// `--demo --dev-outbox`: loopback clients may read the outbox at
    /// `GET /api/dev/outbox`.
    pub dev_outbox: bool,
    /// The built SPA, if any.
    pub static_dir: Option<PathBuf>,
    /// Key for signing payment links and invitation tokens.
    pub link_key: Vec<u8>,
    /// How long a request may take before it is answered `408 timeout`.
    pub request_timeout: Duration,
}

impl Settings {
    /// The session cookie's name: `__Host-portal_session` over https.
    pub fn cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-portal_session"
        } else {
            "portal_session"
        }
    }

    /// Whether a browser `Origin` may call the API: the portal's own origin
    /// under one of its names, or an allowed embedding origin. Never judged
    /// by the request's `Host`, which a DNS-rebinding page controls.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/');
        let scheme = if self.https { "https://" } else { "http://" };
        let own = origin
            .get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && origin
                .get(scheme.len()..)
                .is_some_and(|authority| self.host_allowed(authority));
        own || origin.eq_ignore_ascii_case(&self.public_origin)
            || self
                .allowed_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// Whether a request's `Host` (or `:authority`) names this portal.
    pub fn host_allowed(&self, host: &str) -> bool {
        let default_port = if self.https { ":443" } else { ":80" };
        let host = host.strip_suffix(default_port).unwrap_or(host);
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// The names a portal with this public origin answers to (see
/// [`Settings::hosts`]): its authority without a default port, and on a
/// laptop both `localhost` and `127.0.0.1` on the same port.
pub fn own_names(public_origin: &str) -> Vec<String> {
    let Some((scheme, authority)) = public_origin.split_once("://") else {
        return Vec::new();
    };
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else {
        ":80"
    };
    let authority = authority.to_ascii_lowercase();
    let authority = authority
        .strip_suffix(default_port)
        .unwrap_or(&authority)
        .to_owned();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            (h, format!(":{p}"))
        }
        _ => (authority.as_str(), String::new()),
    };
    match host {
        "localhost" | "127.0.0.1" => vec![format!("localhost{port}"), format!("127.0.0.1{port}")],
        _ => vec![authority],
    }
}

/// The origin (`scheme://host[:port]`) of a URL, lowercased scheme and host.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if scheme.is_empty() || authority.is_empty() {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::own_names;

    #[test]
    fn a3_a_loopback_portal_answers_to_both_loopback_names_only() {
        assert_eq!(
            own_names("http://127.0.0.1:8080"),
            ["localhost:8080", "127.0.0.1:8080"]
        );
        assert_eq!(own_names("http://localhost"), ["localhost", "127.0.0.1"]);
        assert_eq!(
            own_names("https://Pay.Example.com:443"),
            ["pay.example.com"]
        );
        assert_eq!(own_names("http://[::1]:8080"), ["[::1]:8080"]);
    }
}
