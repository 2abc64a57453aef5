//! Reference portal server: axum + SQLite, the portal API (`/api`, contract
//! in `docs/api.md`, types in `portal-api`), serving the built SPA, with the
//! sandbox gateway started in-process on its own port.
//!
//! Run it: `cargo run -p portal-server -- --demo --static-dir dist`
//! (or `cargo xtask run`). Embed it: [`launch`] with a [`Config`]; drive the
//! router directly with [`app`]. Tests: `cargo test -p portal-server`.

// The hand-written OpenAPI document is one large `json!`.
#![recursion_limit = "512"]
#![cfg_attr(
    test,
    expect(clippy::unwrap_used, reason = "tests unwrap: a panic is their failure")
)]

mod api_idempotency;
mod api_key;
mod app;
mod audit;
mod billing;
mod client_ip;
mod clock;
mod config;
mod customer;
mod db;
mod demo;
mod error;
mod field;
pub mod gateway;
mod health;
mod idempotency;
mod ids;
mod import;
mod invoice;
mod json;
mod keyed_lock;
mod keys_command;
mod launch;
mod log_safe;
mod outbox;
mod outcome;
mod password;
mod password_link;
mod pay_link;
mod payment;
mod portal_session;
mod query;
mod refund;
mod routes;
mod saved_card;
mod security;
mod session;
mod state;
mod statement;
mod static_files;
mod throttle;
mod v1;

pub use app::app;
pub use config::Config;
pub use demo::DemoLogin;
pub use error::{AppError, ServerError};
pub use import::{run as import, BadRow, Counts, ImportCommand, ImportError, ImportReport};
pub use keys_command::{run as keys, KeysCommand};
pub use launch::{launch, Launched};
pub use state::{AppState, Settings};
