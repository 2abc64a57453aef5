//! Sandbox payment gateway: a real HTTP service on its own origin that stands in
//! for a card gateway such as Stripe or Authorize.net.
//!
//! It tokenizes cards (publishable key, from the card-entry frame), turns tokens
//! into reusable payment methods and charges them (secret key, server to server,
//! with idempotency keys), runs one-time-code challenges for the test cards that
//! ask for one, and serves the card-entry frame's static files. It stores no card
//! number and no security code: only brand, last four, expiry, a keyed
//! fingerprint and the test-card behaviour. The HTTP contract is in
//! `docs/gateway-api.md`, the test cards in `docs/test-cards.md`.
//!
//! Run a demo of it alone with `cargo run -p portal-gateway -- --demo
//! --sandbox-outbox` (outside demo mode it needs the merchant's own keys and
//! shows no outbox), or start it in-process:
//!
//! ```no_run
//! # async fn start() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use portal_gateway::{app, serve, GatewayConfig, SystemClock};
//! let config = GatewayConfig::demo("gateway.db", "http://127.0.0.1:8080");
//! let router = app(config, Arc::new(SystemClock)).await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8081").await?;
//! serve(listener, router, std::future::pending()).await?;
//! # Ok(()) }
//! ```
//!
//! Tests: `cargo test -p portal-gateway`.

mod app;
mod auth;
mod card;
mod card_check;
mod challenges;
mod clock;
mod config;
mod cors;
mod customers;
mod db;
mod error;
mod fields;
mod host;
mod ids;
mod json;
mod keyed;
mod outbox;
mod payment_methods;
mod rate_limit;
mod routes;
mod state;
mod test_cards;
mod tokens;

pub use app::{app, serve};
pub use clock::{Clock, SystemClock, TestClock};
pub use config::{
    GatewayConfig, MerchantConfig, RateLimitConfig, DEMO_MERCHANT_ID, DEMO_PUBLISHABLE_KEY,
    DEMO_SECRET_KEY,
};
pub use error::GatewayError;
pub use test_cards::{Behaviour, TestCard, TEST_CARDS};
