//! Start-up configuration: clap flags, each also readable from a `PORTAL_…`
//! environment variable.

use std::path::PathBuf;

use clap::Parser;

/// How the portal server (and the sandbox gateway it starts) runs.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "portal-server",
    version,
    about = "The customer payment portal's reference server"
)]
pub struct Config {
    /// Address to listen on (port 0: any free port).
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The portal's public base URL, e.g. `https://pay.example.com`
    /// (default: `http://` + the bound address). Its origin is the only one
    /// besides `--allowed-origin` that may call the API, and its name the
    /// only `Host` answered (a loopback URL also answers as `localhost` and
    /// `127.0.0.1` on its port); `https` turns on `Secure` `__Host-` cookies
    /// and HSTS.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SQLite database file (created and migrated if missing).
    #[arg(long, env = "PORTAL_DB", default_value = "portal.db")]
    pub db: String,
    /// Most database connections this instance keeps open.
    #[arg(long, env = "PORTAL_DB_MAX_CONNECTIONS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,
    /// Seconds a request waits for a free database connection (or, on
    /// SQLite, for a write lock) before it fails.
    #[arg(long, env = "PORTAL_DB_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub db_timeout_secs: u64,
    /// Requests one business API key may make a minute before it waits (a
    /// ceiling against a runaway sync, not a quota).
    #[arg(long, env = "PORTAL_API_KEY_REQUESTS_PER_MINUTE", default_value_t = 1200, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub api_key_requests_per_minute: u32,
    /// The built SPA (trunk's `dist/`); without it only the API is served.
    #[arg(long, env = "PORTAL_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Seed the demo business, customers, invoices and cards (idempotent).
    #[arg(long, env = "PORTAL_DEMO")]
    pub demo: bool,
    /// With `--demo`: serve the emails the portal "sent" (invitation and
    /// payment links) at `GET /api/dev/outbox`, to loopback clients only.
    #[arg(long, env = "PORTAL_DEV_OUTBOX", requires = "demo")]
    pub dev_outbox: bool,
    /// An origin that embeds the portal and may call the API with
    /// credentials (repeatable, exact `scheme://host[:port]`).
    #[arg(
        long = "allowed-origin",
        env = "PORTAL_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// The CSP `frame-ancestors` sources of the portal's pages.
    #[arg(long, env = "PORTAL_FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,
    /// Address of the in-process sandbox gateway (port 0: any free port).
    #[arg(long, env = "PORTAL_GATEWAY_ADDR", default_value = "127.0.0.1:8081")]
    pub gateway_addr: String,
    /// The sandbox gateway's SQLite database file.
    #[arg(long, env = "PORTAL_GATEWAY_DB", default_value = "gateway.db")]
    pub gateway_db: String,
    /// The built card-entry frame (`crates/card-frame/dist`), served by the gateway.
    #[arg(long, env = "PORTAL_FRAME_DIR")]
    pub frame_dir: Option<PathBuf>,
    /// Do not start the sandbox gateway; use `--gateway-url` and its keys.
    #[arg(long, env = "PORTAL_NO_GATEWAY", requires_all = ["gateway_url", "gateway_publishable_key", "gateway_secret_key"])]
    pub no_gateway: bool,
    /// An external gateway's base URL (with `--no-gateway`).
    #[arg(long, env = "PORTAL_GATEWAY_URL")]
    pub gateway_url: Option<String>,
    /// The external gateway's publishable key (browsers).
    #[arg(long, env = "PORTAL_GATEWAY_PUBLISHABLE_KEY")]
    pub gateway_publishable_key: Option<String>,
    /// The external gateway's secret key (server to server only).
    #[arg(long, env = "PORTAL_GATEWAY_SECRET_KEY", hide_env_values = true)]
    pub gateway_secret_key: Option<String>,
    /// Secret for signing payment links (hex or any string, at least 32
    /// characters). Demo mode makes one up and keeps it in the database.
    #[arg(long, env = "PORTAL_LINK_SECRET", hide_env_values = true)]
    pub link_secret: Option<String>,
}

impl Config {
    /// A configuration for tests and embedding: every flag at its default,
    /// both servers on free ports, the given database files.
    pub fn ephemeral(db: impl Into<String>, gateway_db: impl Into<String>) -> Self {
        let mut config = Self::parse_from(["portal-server"]);
        config.addr = "127.0.0.1:0".into();
        config.gateway_addr = "127.0.0.1:0".into();
        config.db = db.into();
        config.gateway_db = gateway_db.into();
        config
    }
}
