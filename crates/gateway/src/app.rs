//! Building the gateway's router and serving it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::config::GatewayConfig;
use crate::error::{ApiError, GatewayError};
use crate::host::{only_public_host, PublicHost};
use crate::keyed::Keyed;
use crate::outbox::Outbox;
use crate::rate_limit::RateLimiter;
use crate::state::{AppState, Inner};
use crate::{db, routes};

/// Opens the database (WAL, created if missing, migrated) and builds the
/// gateway's router. `clock` decides what "now" is for every expiry.
pub async fn app(config: GatewayConfig, clock: Arc<dyn Clock>) -> Result<Router, GatewayError> {
    validate(&config)?;
    let public = PublicHost::from_url(&config.public_url).ok_or_else(|| {
        GatewayError::Config(format!(
            "public URL {:?} must be an absolute http(s) URL",
            config.public_url
        ))
    })?;
    let pool = db::open(&config.database_url_or_path).await?;
    let keyed = Keyed::new(db::mac_key(&pool).await?);
    let state = AppState::new(Inner {
        pool,
        merchants: config.merchants.iter().cloned().map(Arc::new).collect(),
        public,
        clock,
        keyed,
        limiter: RateLimiter::new(config.rate_limit),
        outbox: Outbox::new(config.sandbox_outbox),
        write_lock: tokio::sync::Mutex::new(()),
        config,
    });
    Ok(routes::router(state.clone())
        .layer(middleware::from_fn_with_state(state, only_public_host))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http())
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ])))
}

/// Serves the gateway on `listener` until `shutdown` completes, letting
/// requests in flight finish. Client IPs (for rate limiting) come from the socket.
pub async fn serve<F>(listener: TcpListener, router: Router, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

fn validate(config: &GatewayConfig) -> Result<(), GatewayError> {
    if config.merchants.is_empty() {
        return Err(GatewayError::Config(
            "at least one merchant is needed".into(),
        ));
    }
    for m in &config.merchants {
        if !m.publishable_key.starts_with("pk_") || !m.secret_key.starts_with("sk_") {
            return Err(GatewayError::Config(format!(
                "merchant {}: keys must start with pk_ and sk_",
                m.id
            )));
        }
        if let Some(bad) = m
            .allowed_origins
            .iter()
            .find(|o| o.as_str() == "*" || o.ends_with('/'))
        {
            return Err(GatewayError::Config(format!(
                "merchant {}: allowed origin {bad:?} must be an exact scheme://host[:port]",
                m.id
            )));
        }
    }
    let keys: Vec<&str> = config
        .merchants
        .iter()
        .flat_map(|m| [m.publishable_key.as_str(), m.secret_key.as_str()])
        .collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != keys.len() {
        return Err(GatewayError::Config(
            "every merchant key must be unique".into(),
        ));
    }
    Ok(())
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}
