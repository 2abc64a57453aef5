//! What a gateway instance is started with: its database, merchants and options.

use std::path::{Path, PathBuf};

use crate::error::GatewayError;

/// The demo merchant's account id.
pub const DEMO_MERCHANT_ID: &str = "acct_demo";
/// The demo merchant's publishable key (safe in a browser).
pub const DEMO_PUBLISHABLE_KEY: &str = "pk_test_demo_4eC39HqLyjWDarjtT1zdp7dc";
/// The demo merchant's secret key (server to server only). It is published in
/// this source, so it is for the demo only: see [`GatewayConfig::check_outside_demo`].
pub const DEMO_SECRET_KEY: &str = "sk_test_demo_BQokikJOvBiI2HlWgH4olfQ2";

/// Everything a gateway instance needs to start.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// A file path (`gateway.db`) or an SQLite URL (`sqlite://gateway.db`,
    /// `sqlite::memory:`). The file is created if missing.
    pub database_url_or_path: String,
    /// The merchant accounts, each with its own keys and browser origins.
    pub merchants: Vec<MerchantConfig>,
    /// Whether `GET /v1/sandbox/outbox` shows the one-time codes "sent" to phones.
    pub sandbox_outbox: bool,
    /// The built card-entry frame (`crates/card-frame/dist`), served at `/elements/card/`.
    pub frame_dir: Option<PathBuf>,
    /// The gateway's own public base URL, e.g. `http://127.0.0.1:8081`. Its origin
    /// may always call the publishable-key endpoints (the card frame lives there).
    pub public_url: String,
    /// Tokenization throttling (card-testing defence).
    pub rate_limit: RateLimitConfig,
}

/// One merchant account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantConfig {
    /// Stable account id, used to scope every stored object (`acct_…`).
    pub id: String,
    /// Display name of the business.
    pub name: String,
    /// Publishable key (`pk_test_…`), used from browsers.
    pub publishable_key: String,
    /// Secret key (`sk_test_…`), used server to server.
    pub secret_key: String,
    /// Exact browser origins (`scheme://host[:port]`) allowed to call the
    /// publishable-key endpoints and to embed the card frame.
    pub allowed_origins: Vec<String>,
}

/// Limits on failed tokenization attempts.
///
/// The parties that act are throttled: the client address, and the card
/// number tried (when it is a card number at all). The publishable key is
/// public, so its limit is only a high ceiling against card testing spread
/// over many addresses: reaching it raises a `security` alert, and it is set
/// high enough that a few misbehaving addresses never lock out every customer
/// of the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Failures allowed from one client IP within `window_secs`.
    pub max_failures_per_ip: u32,
    /// Failures allowed for one publishable key, from all addresses together,
    /// within `window_secs`: a ceiling that alerts when reached.
    pub max_failures_per_key: u32,
    /// Failures allowed for one card number (by its keyed fingerprint), from
    /// all addresses together, within `window_secs`.
    pub max_failures_per_card: u32,
    /// The window failures are counted in.
    pub window_secs: i64,
    /// How long a throttled IP, card number or key is refused.
    pub cooldown_secs: i64,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            max_failures_per_ip: 5,
            max_failures_per_key: 500,
            max_failures_per_card: 5,
            window_secs: 600,
            cooldown_secs: 300,
        }
    }
}

impl GatewayConfig {
    /// The demo set-up: one merchant with the fixed demo keys whose browser
    /// origin is `portal_origin`, the sandbox outbox on, no frame directory,
    /// public URL `http://127.0.0.1:8081`.
    pub fn demo(db_path: impl AsRef<Path>, portal_origin: &str) -> Self {
        Self {
            database_url_or_path: db_path.as_ref().to_string_lossy().into_owned(),
            merchants: vec![MerchantConfig::demo(portal_origin)],
            sandbox_outbox: true,
            frame_dir: None,
            public_url: "http://127.0.0.1:8081".to_owned(),
            rate_limit: RateLimitConfig::default(),
        }
    }
}

impl GatewayConfig {
    /// Checks a configuration meant for anything but the demo: no merchant
    /// uses the secret key published in this source (anyone could charge its
    /// cards), and the sandbox outbox, which shows every one-time code to
    /// anyone who asks, is off.
    pub fn check_outside_demo(&self) -> Result<(), GatewayError> {
        if let Some(m) = self
            .merchants
            .iter()
            .find(|m| m.secret_key == DEMO_SECRET_KEY)
        {
            return Err(GatewayError::Config(format!(
                "merchant {}: the secret key published in the source (DEMO_SECRET_KEY) \
                 is for demo mode only: set your own secret key, or start in demo mode (--demo)",
                m.id
            )));
        }
        if self.sandbox_outbox {
            return Err(GatewayError::Config(
                "the sandbox outbox shows every one-time code to anyone: \
                 it is for demo mode only (--demo)"
                    .into(),
            ));
        }
        Ok(())
    }
}

impl MerchantConfig {
    /// The demo merchant with the fixed demo keys.
    pub fn demo(portal_origin: &str) -> Self {
        Self {
            id: DEMO_MERCHANT_ID.to_owned(),
            name: "Demo Business".to_owned(),
            publishable_key: DEMO_PUBLISHABLE_KEY.to_owned(),
            secret_key: DEMO_SECRET_KEY.to_owned(),
            allowed_origins: vec![portal_origin.trim_end_matches('/').to_owned()],
        }
    }
}

/// The origin (`scheme://host[:port]`) of a URL, if it has one.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if scheme.is_empty() || authority.is_empty() {
        return None;
    }
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_of_strips_path_and_query() {
        assert_eq!(
            origin_of("http://127.0.0.1:8081/elements/card/?x=1").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(origin_of("nonsense"), None);
    }

    #[test]
    fn demo_uses_demo_keys() {
        let config = GatewayConfig::demo("/tmp/x.db", "http://localhost:8080/");
        assert_eq!(config.merchants[0].publishable_key, DEMO_PUBLISHABLE_KEY);
        assert_eq!(
            config.merchants[0].allowed_origins,
            ["http://localhost:8080"]
        );
        assert!(config.sandbox_outbox);
    }

    #[test]
    fn k1_outside_demo_the_published_secret_key_and_the_outbox_are_refused() {
        let mut config = GatewayConfig::demo("/tmp/x.db", "http://localhost:8080");
        config.sandbox_outbox = false;
        let error = config.check_outside_demo().err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("published") && !e.contains(DEMO_SECRET_KEY)),
            "{error:?}"
        );
        config.merchants[0].secret_key = "sk_test_mine_0123456789".into();
        assert!(config.check_outside_demo().is_ok());
        config.sandbox_outbox = true;
        let error = config.check_outside_demo().err().map(|e| e.to_string());
        assert!(
            error.as_deref().is_some_and(|e| e.contains("outbox")),
            "{error:?}"
        );
    }
}
