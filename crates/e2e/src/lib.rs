//! End-to-end test harness: starts the real portal server (with its sandbox
//! gateway) on ephemeral loopback ports and a real headless Chromium through
//! ChromeDriver, and finds elements the way a screen reader does: by role
//! and accessible name (computed by axe-core inside the page).
//!
//! Run through `cargo xtask test`, which builds the bundles and sets
//! `PORTAL_DIST`, `CARD_FRAME_DIST`, `CHROMEDRIVER`, `CHROMIUM`,
//! `AXE_SCRIPT` and `PORTAL_TEST_OUTPUT`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

mod browser;
pub mod flows;
mod portal;

pub use browser::{Browser, Page};
pub use portal::Portal;

/// A required environment variable, or a panic telling how to run the tests.
pub fn env_path(name: &str) -> std::path::PathBuf {
    std::env::var_os(name)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            panic!("{name} is not set: run the end-to-end tests with `cargo xtask test`")
        })
}
