//! Runs the sandbox gateway alone: `cargo run -p portal-gateway -- --sandbox-outbox`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use portal_gateway::{
    app, serve, GatewayConfig, MerchantConfig, RateLimitConfig, SystemClock, DEMO_MERCHANT_ID,
    DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY,
};

/// The sandbox payment gateway.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "GATEWAY_HOST", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on.
    #[arg(long, env = "GATEWAY_PORT", default_value_t = 8081)]
    port: u16,
    /// SQLite database file (created if missing).
    #[arg(long, env = "GATEWAY_DB", default_value = "gateway.db")]
    db: String,
    /// The built card-entry frame (crates/card-frame/dist).
    #[arg(long, env = "GATEWAY_FRAME_DIR")]
    frame_dir: Option<PathBuf>,
    /// A browser origin allowed to use the publishable key and embed the frame (repeatable).
    #[arg(
        long = "allowed-origin",
        env = "GATEWAY_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:8080"
    )]
    allowed_origins: Vec<String>,
    /// Show sent one-time codes at GET /v1/sandbox/outbox.
    #[arg(long, env = "GATEWAY_SANDBOX_OUTBOX")]
    sandbox_outbox: bool,
    /// The gateway's public URL (defaults to http://HOST:PORT); requests for
    /// any other host name are refused (DNS rebinding defence).
    #[arg(long, env = "GATEWAY_PUBLIC_URL")]
    public_url: Option<String>,
    /// Publishable key of the merchant (defaults to the demo key).
    #[arg(long, env = "GATEWAY_PUBLISHABLE_KEY", default_value = DEMO_PUBLISHABLE_KEY)]
    publishable_key: String,
    /// Secret key of the merchant (defaults to the demo key).
    #[arg(long, env = "GATEWAY_SECRET_KEY", default_value = DEMO_SECRET_KEY, hide_default_value = true)]
    secret_key: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "portal_gateway=info,tower_http=info".into()),
        )
        .init();
    let args = Args::parse();
    let public_url = args
        .public_url
        .unwrap_or_else(|| format!("http://{}:{}", args.host, args.port));
    let config = GatewayConfig {
        database_url_or_path: args.db,
        merchants: vec![MerchantConfig {
            id: DEMO_MERCHANT_ID.to_owned(),
            name: "Demo Business".to_owned(),
            publishable_key: args.publishable_key,
            secret_key: args.secret_key,
            allowed_origins: args
                .allowed_origins
                .into_iter()
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
        }],
        sandbox_outbox: args.sandbox_outbox,
        frame_dir: args.frame_dir,
        public_url: public_url.clone(),
        rate_limit: RateLimitConfig::default(),
    };
    let router = app(config, Arc::new(SystemClock)).await?;
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await?;
    tracing::info!("sandbox gateway listening on {public_url}");
    serve(listener, router, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
