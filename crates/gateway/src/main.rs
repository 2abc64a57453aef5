//! Runs the sandbox gateway alone: `cargo run -p portal-gateway -- --demo --sandbox-outbox`
//! for a demo with the keys published in the source, or with the merchant's own
//! `--publishable-key` and `--secret-key` (then no outbox).

use std::path::PathBuf;
use std::process::ExitCode;
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
    /// Demo mode: the keys published in this source are the default and are
    /// allowed, and --sandbox-outbox may show the codes sent. Never for real use.
    #[arg(long, env = "GATEWAY_DEMO")]
    demo: bool,
    /// Show sent one-time codes at GET /v1/sandbox/outbox (demo mode only).
    #[arg(long, env = "GATEWAY_SANDBOX_OUTBOX")]
    sandbox_outbox: bool,
    /// The gateway's public URL (defaults to http://HOST:PORT); requests for
    /// any other host name are refused (DNS rebinding defence).
    #[arg(long, env = "GATEWAY_PUBLIC_URL")]
    public_url: Option<String>,
    /// Publishable key of the merchant (required outside demo mode).
    #[arg(long, env = "GATEWAY_PUBLISHABLE_KEY")]
    publishable_key: Option<String>,
    /// Secret key of the merchant (required outside demo mode, and never the
    /// demo key published in the source).
    #[arg(long, env = "GATEWAY_SECRET_KEY", hide_env_values = true)]
    secret_key: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "portal_gateway=info,security=info,tower_http=info".into()),
        )
        .init();
    let args = Args::parse();
    let result = match config(args) {
        Ok((config, host, port)) => run(config, host, port).await.map_err(|e| e.to_string()),
        Err(message) => Err(message),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portal-gateway: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The configuration the arguments ask for, checked: outside demo mode the
/// merchant's own keys are required, the published demo secret key and the
/// sandbox outbox are refused.
fn config(args: Args) -> Result<(GatewayConfig, String, u16), String> {
    let demo = args.demo;
    let demo_default = |key: Option<String>, demo_key: &str, flag: &str| match key {
        Some(key) => Ok(key),
        None if demo => Ok(demo_key.to_owned()),
        None => Err(format!(
            "{flag} is required outside demo mode (or start a demo with --demo)"
        )),
    };
    let secret_key = demo_default(
        args.secret_key,
        DEMO_SECRET_KEY,
        "--secret-key (GATEWAY_SECRET_KEY)",
    )?;
    let publishable_key = demo_default(
        args.publishable_key,
        DEMO_PUBLISHABLE_KEY,
        "--publishable-key (GATEWAY_PUBLISHABLE_KEY)",
    )?;
    let public_url = args
        .public_url
        .unwrap_or_else(|| format!("http://{}:{}", args.host, args.port));
    let config = GatewayConfig {
        database_url_or_path: args.db,
        merchants: vec![MerchantConfig {
            id: DEMO_MERCHANT_ID.to_owned(),
            name: "Demo Business".to_owned(),
            publishable_key,
            secret_key,
            allowed_origins: args
                .allowed_origins
                .into_iter()
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
        }],
        sandbox_outbox: args.sandbox_outbox,
        frame_dir: args.frame_dir,
        public_url,
        rate_limit: RateLimitConfig::default(),
    };
    if demo {
        tracing::warn!("demo mode: the keys published in the source are accepted; never use it for real payments");
    } else {
        config.check_outside_demo().map_err(|e| e.to_string())?;
    }
    Ok((config, args.host, args.port))
}

async fn run(
    config: GatewayConfig,
    host: String,
    port: u16,
) -> Result<(), Box<dyn std::error::Error>> {
    let public_url = config.public_url.clone();
    let router = app(config, Arc::new(SystemClock)).await?;
    let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;
    tracing::info!("sandbox gateway listening on {public_url}");
    serve(listener, router, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
