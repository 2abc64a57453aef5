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
    /// Demo mode: the dev outbox is readable at `GET /api/dev/outbox`.
    pub demo: bool,
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

    /// Whether a browser `Origin` may call the API.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/');
        origin.eq_ignore_ascii_case(&self.public_origin)
            || self
                .allowed_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin))
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
