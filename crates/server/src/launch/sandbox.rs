//! The sandbox gateway started in-process beside the portal (the `sandbox`
//! feature, on by default): `cargo xtask run`, the demo and the tests use it.
//! A build without the feature carries no sandbox and none of its test
//! cards, and talks to a gateway only through [`crate::gateway::Gateway`].

use std::sync::Arc;

use portal_gateway::{GatewayConfig, SystemClock, DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY};
use tokio::sync::watch;

use super::{bind, stopped, url_of, GatewayLink};
use crate::config::Config;
use crate::demo;
use crate::error::ServerError;
use crate::state::own_names;

/// Binds and starts the sandbox gateway; the card frame may be embedded by
/// the portal's origin (and its loopback alias) and every allowed origin.
pub(super) async fn start(
    config: &Config,
    public_origin: &str,
    allowed_origins: &[String],
    stop: watch::Receiver<bool>,
) -> Result<GatewayLink, ServerError> {
    let (listener, local) = bind(&config.gateway_addr).await?;
    let url = url_of(local);
    let mut gw_config = GatewayConfig::demo(&config.gateway_db, public_origin);
    gw_config.public_url = url.clone();
    gw_config.frame_dir = config.frame_dir.clone();
    // The demo's keys are published in the source and its outbox shows every
    // one-time code to anyone: outside demo mode the in-process sandbox gets
    // a secret key of its own, made up at each start, and no outbox.
    gw_config.sandbox_outbox = config.demo;
    let mut secret_key = DEMO_SECRET_KEY.to_owned();
    if let Some(merchant) = gw_config.merchants.first_mut() {
        if !config.demo {
            merchant.secret_key = format!("sk_test_{}", crate::ids::random_hex(24));
            secret_key = merchant.secret_key.clone();
        }
        merchant.name = demo::BUSINESS_NAME.to_owned();
        for o in allowed_origins
            .iter()
            .chain(loopback_alias(public_origin).iter())
        {
            if !merchant.allowed_origins.contains(o) {
                merchant.allowed_origins.push(o.clone());
            }
        }
    }
    if !config.demo {
        gw_config
            .check_outside_demo()
            .map_err(|e| ServerError::Gateway(e.to_string()))?;
    }
    let router = portal_gateway::app(gw_config, Arc::new(SystemClock))
        .await
        .map_err(|e| ServerError::Gateway(e.to_string()))?;
    let task = tokio::spawn(portal_gateway::serve(listener, router, stopped(stop)));
    Ok(GatewayLink {
        url,
        publishable_key: DEMO_PUBLISHABLE_KEY.to_owned(),
        secret_key,
        task: Some(task),
    })
}

/// On a laptop the portal is reached as `localhost` or `127.0.0.1`
/// interchangeably: the sandbox gateway lets the card frame be embedded by
/// both. The names are the ones the portal itself answers to
/// ([`own_names`]), so the two never disagree.
fn loopback_alias(origin: &str) -> Option<String> {
    let (scheme, _) = origin.split_once("://")?;
    own_names(origin)
        .into_iter()
        .map(|name| format!("{scheme}://{name}"))
        .find(|other| other != origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_have_an_alias() {
        assert_eq!(
            loopback_alias("http://127.0.0.1:8080").as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(
            loopback_alias("http://localhost").as_deref(),
            Some("http://127.0.0.1")
        );
        assert_eq!(loopback_alias("https://pay.example.com"), None);
    }
}
