//! The real portal server and sandbox gateway, on ephemeral ports, with demo data.

use clap::Parser;
use portal_server::Launched;

/// A running portal (server + gateway) with its own temporary databases.
pub struct Portal {
    launched: Option<Launched>,
    _data: tempfile::TempDir,
}

impl Portal {
    /// Starts the portal with demo data, serving the built SPA and card frame.
    pub async fn start() -> Self {
        let data = tempfile::tempdir().unwrap();
        let dist = crate::env_path("PORTAL_DIST");
        let frame = crate::env_path("CARD_FRAME_DIST");
        let args: Vec<String> = vec![
            "portal-server".into(),
            "--addr".into(),
            "127.0.0.1:0".into(),
            "--gateway-addr".into(),
            "127.0.0.1:0".into(),
            "--db".into(),
            data.path().join("portal.db").display().to_string(),
            "--gateway-db".into(),
            data.path().join("gateway.db").display().to_string(),
            "--static-dir".into(),
            dist.display().to_string(),
            "--frame-dir".into(),
            frame.display().to_string(),
            "--demo".into(),
            "--dev-outbox".into(),
        ];
        let config = portal_server::Config::parse_from(&args);
        let launched = portal_server::launch(config).await.unwrap();
        Self {
            launched: Some(launched),
            _data: data,
        }
    }

    /// The portal's URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        self.launched
            .as_ref()
            .map(|l| l.portal_url.clone())
            .unwrap_or_default()
    }

    /// The sandbox gateway's URL (another origin).
    pub fn gateway_url(&self) -> String {
        self.launched
            .as_ref()
            .map(|l| l.gateway_url.clone())
            .unwrap_or_default()
    }

    /// The demo payment link the server made at start (Grace's newest unpaid invoice).
    pub fn demo_payment_link(&self) -> String {
        self.launched
            .as_ref()
            .and_then(|l| l.demo_payment_link.clone())
            .expect("demo mode makes a payment link")
    }

    /// A new secret key for the business API (`portal-server keys create`
    /// on this portal's database).
    pub async fn business_key(&self, name: &str) -> String {
        let data = self._data.path();
        let config = portal_server::Config::ephemeral(
            data.join("portal.db").display().to_string(),
            data.join("gateway.db").display().to_string(),
        );
        let lines = portal_server::keys(
            &config,
            &portal_server::KeysCommand::Create { name: name.into() },
        )
        .await
        .unwrap();
        lines
            .iter()
            .find_map(|l| l.trim().strip_prefix("psk_").map(|k| format!("psk_{k}")))
            .expect("keys create prints the key")
    }

    /// Stops the server and the gateway gracefully.
    pub async fn stop(mut self) {
        if let Some(launched) = self.launched.take() {
            launched.shutdown().await;
        }
    }
}
