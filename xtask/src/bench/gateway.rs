//! The sandbox gateway on its own, serving the built card frame at
//! `/elements/card/`, embedded in a blank host page on another loopback
//! origin: what the frame's Lighthouse and typing runs load.

use crate::bench::host::{self, HostPage};
use crate::bench::http;
use crate::bench::native::{self, Spawned};
use crate::paths;
use crate::shell::Error;
use std::process::Command;
use std::time::Duration;

/// The demo merchant's publishable key (see `crates/gateway/src/config.rs`).
const DEMO_PUBLISHABLE_KEY: &str = "pk_test_demo_4eC39HqLyjWDarjtT1zdp7dc";

/// A running gateway and the host page that embeds its card frame.
pub struct FramePage {
    _process: Spawned,
    _host: HostPage,
    /// The host page's URL (the frame is its only iframe).
    pub url: String,
}

/// Builds and starts the gateway with the card frame and the host page;
/// fails (to be reported as skipped) when the frame is not built or the
/// gateway does not start.
pub fn start() -> Result<FramePage, Error> {
    let frame = paths::frame_dist();
    if !frame.join("index.html").is_file() {
        return Err(format!(
            "the card frame is not built ({} has no index.html)",
            frame.display()
        ));
    }
    let binary = native::build("portal-gateway")?;
    let bound = host::bind()?;
    let dir = native::scratch("gateway")?;
    let port = native::free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let mut process = Spawned::start(
        "portal-gateway",
        Command::new(binary)
            .args(["--demo", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--db")
            .arg(dir.join("gateway.db"))
            .arg("--frame-dir")
            .arg(&frame)
            .arg("--allowed-origin")
            .arg(&bound.origin)
            .env("RUST_LOG", "warn"),
        &dir.join("gateway.log"),
    )?;
    http::wait_ready(
        &addr,
        "/elements/card/",
        Duration::from_secs(30),
        &mut || process.alive(),
    )?;
    let frame_url = format!(
        "http://{addr}/elements/card/?key={DEMO_PUBLISHABLE_KEY}&origin={}",
        bound.origin.replace(':', "%3A").replace('/', "%2F")
    );
    let host = bound.serve(&frame_url)?;
    Ok(FramePage {
        _process: process,
        url: host.url.clone(),
        _host: host,
    })
}
