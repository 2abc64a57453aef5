//! The state every handler shares.

use std::sync::Arc;

use sqlx::SqlitePool;

use crate::clock::Clock;
use crate::config::{GatewayConfig, MerchantConfig};
use crate::host::PublicHost;
use crate::keyed::Keyed;
use crate::outbox::Outbox;
use crate::rate_limit::RateLimiter;

/// Shared, cheaply cloned handler state.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) pool: SqlitePool,
    pub(crate) config: GatewayConfig,
    pub(crate) merchants: Vec<Arc<MerchantConfig>>,
    /// The host the gateway serves, from `config.public_url`.
    pub(crate) public: PublicHost,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) keyed: Keyed,
    pub(crate) limiter: RateLimiter,
    pub(crate) outbox: Outbox,
    /// Serializes the gateway's multi-step writes (charges, challenges), so a
    /// read-then-write never races another one in this process. SQLite allows
    /// one writer at a time anyway; the unique constraints stay the backstop.
    pub(crate) write_lock: tokio::sync::Mutex<()>,
}

impl AppState {
    pub(crate) fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }

    pub(crate) fn now(&self) -> i64 {
        self.0.clock.now()
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
