//! [`launch`]: binds, migrates, starts the sandbox gateway, seeds the demo
//! data and serves; [`Launched`] stops it gracefully.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::demo::{self, DemoLogin};
use crate::error::ServerError;
use crate::gateway::HttpGateway;
use crate::keyed_lock::KeyedLocks;
use crate::payment;
use crate::state::{origin_of, own_names, AppState, Settings};
use crate::throttle::Throttle;
use crate::{app, db, ids};

#[cfg(feature = "sandbox")]
mod sandbox;

/// The gateway the portal talks to: where, with which keys, and the
/// in-process sandbox's task when the portal started one.
struct GatewayLink {
    url: String,
    publishable_key: String,
    secret_key: String,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// A running portal server (and, unless `--no-gateway`, its sandbox gateway).
pub struct Launched {
    /// The portal's URL, e.g. `http://127.0.0.1:8080`.
    pub portal_url: String,
    /// The gateway's URL (another origin).
    pub gateway_url: String,
    /// Demo logins (empty without `--demo`).
    pub demo_logins: Vec<DemoLogin>,
    /// A signed payment link for one of Grace's open invoices (`--demo` only).
    pub demo_payment_link: Option<String>,
    /// The server's state (for tests driving [`crate::app`] directly).
    pub state: AppState,
    stop: watch::Sender<bool>,
    portal: JoinHandle<std::io::Result<()>>,
    gateway: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for Launched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Launched")
            .field("portal_url", &self.portal_url)
            .field("gateway_url", &self.gateway_url)
            .finish_non_exhaustive()
    }
}

impl Launched {
    /// Stops accepting connections, lets requests in flight finish, and returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self
            .portal
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()))
        {
            tracing::error!(error = %e, "portal server stopped with an error");
        }
        if let Some(gateway) = self.gateway {
            if let Err(e) = gateway
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()))
            {
                tracing::error!(error = %e, "sandbox gateway stopped with an error");
            }
        }
        self.state.pool.close().await;
    }

    /// Runs until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn wait(self) {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.shutdown().await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn bind(addr: &str) -> Result<(TcpListener, SocketAddr), ServerError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: addr.to_owned(),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| ServerError::Bind {
        addr: addr.to_owned(),
        source,
    })?;
    Ok((listener, local))
}

fn url_of(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        addr.ip().to_string()
    };
    if addr.is_ipv6() && !addr.ip().is_unspecified() {
        format!("http://[{host}]:{}", addr.port())
    } else {
        format!("http://{host}:{}", addr.port())
    }
}

async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Starts the portal as configured.
pub async fn launch(config: Config) -> Result<Launched, ServerError> {
    let (listener, local) = bind(&config.addr).await?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| url_of(local))
        .trim_end_matches('/')
        .to_owned();
    let public_origin = origin_of(&public_url).ok_or_else(|| {
        ServerError::Config(format!(
            "--public-url {public_url:?} is not an absolute URL"
        ))
    })?;
    let mut allowed_origins = Vec::new();
    for o in &config.allowed_origins {
        let o = o.trim().trim_end_matches('/');
        if o.is_empty() {
            continue;
        }
        match origin_of(o) {
            Some(origin) if origin == o.to_ascii_lowercase() && o != "*" => {
                allowed_origins.push(origin)
            }
            _ => {
                return Err(ServerError::Config(format!(
                    "--allowed-origin {o:?} must be an exact scheme://host[:port]"
                )))
            }
        }
    }
    let (stop, stop_rx) = watch::channel(false);

    // The gateway first: demo seeding saves cards through it.
    let link = if config.no_gateway {
        let url = config
            .gateway_url
            .clone()
            .ok_or_else(|| ServerError::Config("--no-gateway needs --gateway-url".into()))?;
        let publishable_key = config.gateway_publishable_key.clone().ok_or_else(|| {
            ServerError::Config("--no-gateway needs --gateway-publishable-key".into())
        })?;
        let secret_key = config
            .gateway_secret_key
            .clone()
            .ok_or_else(|| ServerError::Config("--no-gateway needs --gateway-secret-key".into()))?;
        GatewayLink {
            url: url.trim_end_matches('/').to_owned(),
            publishable_key,
            secret_key,
            task: None,
        }
    } else {
        start_sandbox(&config, &public_origin, &allowed_origins, stop_rx.clone()).await?
    };
    let GatewayLink {
        url: gateway_url,
        publishable_key,
        secret_key,
        task: gateway_task,
    } = link;
    let gateway = Arc::new(
        HttpGateway::new(&gateway_url, &secret_key)
            .map_err(|e| ServerError::Gateway(e.to_string()))?,
    );

    let pool = db::open(
        &config.db,
        config.db_max_connections,
        Duration::from_secs(config.db_timeout_secs),
    )
    .await?;
    let demo_logins = if config.demo {
        demo::seed(&pool).await?;
        demo::logins()
    } else {
        Vec::new()
    };
    let business: Option<(String, String, bool)> =
        sqlx::query_as("SELECT name, currency, allow_partial_payments FROM business WHERE id = 1")
            .fetch_optional(&pool)
            .await?;
    let (business_name, currency, allow_partial_payments) =
        business.unwrap_or_else(|| ("Portal".to_owned(), "usd".to_owned(), true));
    let link_key = link_key(&config, &pool).await?;

    let settings = Settings {
        https: public_url.starts_with("https://"),
        public_url: public_url.clone(),
        hosts: own_names(&public_origin),
        public_origin,
        allowed_origins,
        frame_ancestors: config.frame_ancestors.clone(),
        gateway_url: gateway_url.clone(),
        publishable_key,
        business_name,
        currency,
        allow_partial_payments,
        demo: config.demo,
        dev_outbox: config.demo && config.dev_outbox,
        static_dir: config.static_dir.clone(),
        link_key,
        request_timeout: Duration::from_secs(30),
    };
    let state = AppState {
        pool,
        settings: Arc::new(settings),
        login_ip_throttle: Arc::new(Throttle::new(20, 15 * 60, 15 * 60)),
        login_account_throttle: Arc::new(Throttle::new(5, 15 * 60, 15 * 60)),
        payment_throttle: Arc::new(Throttle::new(10, 60 * 60, 30 * 60)),
        invite_throttle: Arc::new(Throttle::new(5, 60 * 60, 60 * 60)),
        invite_accept_throttle: Arc::new(Throttle::new(10, 60 * 60, 60 * 60)),
        api_key_failures: Arc::new(Throttle::new(20, 15 * 60, 15 * 60)),
        api_key_requests: Arc::new(Throttle::new(
            usize::try_from(config.api_key_requests_per_minute).unwrap_or(usize::MAX),
            60,
            60,
        )),
        password_hashing: Arc::new(tokio::sync::Semaphore::new(
            crate::password::CONCURRENT_HASHES,
        )),
        gateway,
        payment_lock: Arc::new(tokio::sync::Mutex::new(())),
        payment_locks: Arc::new(KeyedLocks::default()),
    };
    let mut demo_payment_link = None;
    if config.demo {
        demo::seed_cards(&state, &gateway_url, &state.settings.publishable_key).await?;
        demo_payment_link = demo::payment_link(&state).await?;
    }
    match payment::recover(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(payments = n, "resumed unfinished payments"),
        Err(e) => tracing::error!(error = %e, "could not resume unfinished payments"),
    }
    match crate::refund::recover(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(refunds = n, "resumed unfinished refunds"),
        Err(e) => tracing::error!(error = %e, "could not resume unfinished refunds"),
    }
    let router = app::app(state.clone());
    let portal = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stopped(stop_rx))
        .await
    });
    tracing::info!(portal = %public_url, gateway = %gateway_url, "portal listening");
    Ok(Launched {
        portal_url: public_url,
        gateway_url,
        demo_logins,
        demo_payment_link,
        state,
        stop,
        portal,
        gateway: gateway_task,
    })
}

/// Starts the in-process sandbox gateway (the `sandbox` feature).
#[cfg(feature = "sandbox")]
async fn start_sandbox(
    config: &Config,
    public_origin: &str,
    allowed_origins: &[String],
    stop: watch::Receiver<bool>,
) -> Result<GatewayLink, ServerError> {
    sandbox::start(config, public_origin, allowed_origins, stop).await
}

/// A build without the sandbox has no gateway of its own to start.
#[cfg(not(feature = "sandbox"))]
async fn start_sandbox(
    _config: &Config,
    _public_origin: &str,
    _allowed_origins: &[String],
    _stop: watch::Receiver<bool>,
) -> Result<GatewayLink, ServerError> {
    Err(ServerError::Config(
        "this build has no sandbox gateway (built without the `sandbox` feature): \
         pass --no-gateway with --gateway-url, --gateway-publishable-key and --gateway-secret-key"
            .into(),
    ))
}

/// The payment-link signing key: from `--link-secret`, else one made up once
/// and kept in the database (so links survive restarts).
async fn link_key(config: &Config, pool: &sqlx::SqlitePool) -> Result<Vec<u8>, ServerError> {
    if let Some(secret) = &config.link_secret {
        if secret.len() < 32 {
            return Err(ServerError::Config(
                "--link-secret must be at least 32 characters".into(),
            ));
        }
        return Ok(secret.as_bytes().to_vec());
    }
    sqlx::query("INSERT OR IGNORE INTO app_secrets (name, value) VALUES ('link_key', ?)")
        .bind(ids::random_hex(32))
        .execute(pool)
        .await?;
    let value: String = sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = 'link_key'")
        .fetch_one(pool)
        .await?;
    Ok(value.into_bytes())
}
