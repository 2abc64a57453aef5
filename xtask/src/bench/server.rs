//! The portal server with demo data on free loopback ports and a fresh
//! database, and logging in to it.

use crate::bench::http;
use crate::bench::native::{self, Spawned};
use crate::paths;
use crate::shell::Error;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The demo customer's e-mail (seeded by `--demo`).
pub const DEMO_EMAIL: &str = "ada@example.com";
/// The demo customer's password.
pub const DEMO_PASSWORD: &str = "portal-demo-1";

/// A running portal server.
pub struct Server {
    _process: Spawned,
    /// `127.0.0.1:port` of the portal.
    pub addr: String,
    /// The portal's SQLite database file.
    pub db: PathBuf,
    /// The server binary (for its `keys` command).
    binary: PathBuf,
}

impl Server {
    /// A new business API key (`portal-server keys create` on this
    /// server's database).
    pub fn business_key(&self) -> Result<String, Error> {
        let output = Command::new(&self.binary)
            .arg("--db")
            .arg(&self.db)
            .args(["keys", "create", "--name", "bench"])
            .output()
            .map_err(|e| format!("cannot run portal-server keys: {e}"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        text.lines()
            .find_map(|l| l.trim().strip_prefix("psk_").map(|k| format!("psk_{k}")))
            .ok_or_else(|| format!("portal-server keys create printed no key: {text:.200}"))
    }

    /// Logs in; returns the `Cookie` header value of the session.
    pub fn login(&self, email: &str, password: &str) -> Result<String, Error> {
        self.session(email, password).map(|s| s.cookie)
    }

    /// Logs in; returns the session's cookie and CSRF token (for POSTs).
    pub fn session(&self, email: &str, password: &str) -> Result<Session, Error> {
        let body = serde_json::json!({ "email": email, "password": password }).to_string();
        let response = http::request(
            &self.addr,
            "POST",
            "/api/session",
            &[
                ("Content-Type", "application/json"),
                ("X-Requested-With", "portal"),
            ],
            Some(&body),
        )?;
        let cookie = response.cookies();
        if !(200..300).contains(&response.status) || cookie.is_empty() {
            return Err(format!(
                "login as {email} answered {} without a session cookie: {:.200}",
                response.status, response.body
            ));
        }
        let csrf = serde_json::from_str::<serde_json::Value>(&response.body)
            .ok()
            .and_then(|v| v["csrf_token"].as_str().map(str::to_string))
            .ok_or_else(|| format!("login as {email}: no csrf_token in {:.200}", response.body))?;
        Ok(Session { cookie, csrf })
    }
}

/// A logged-in session.
pub struct Session {
    /// The `Cookie` header value.
    pub cookie: String,
    /// The `X-CSRF-Token` header value non-GET requests need.
    pub csrf: String,
}

/// Builds and starts the server (`--demo`, both bundles if built); fails, to
/// be reported as skipped, while the server does not build or start.
pub fn start(name: &str) -> Result<Server, Error> {
    let binary = native::build("portal-server")?;
    let dir = native::scratch(name)?;
    let addr = format!("127.0.0.1:{}", native::free_port()?);
    let gateway_addr = format!("127.0.0.1:{}", native::free_port()?);
    let db = dir.join("portal.db");
    let mut cmd = Command::new(&binary);
    cmd.arg("--addr")
        .arg(&addr)
        .arg("--gateway-addr")
        .arg(&gateway_addr)
        .arg("--db")
        .arg(&db)
        .arg("--gateway-db")
        .arg(dir.join("gateway.db"))
        .arg("--demo")
        // Load runs measure the business API, not its per-key ceiling.
        .args(["--api-key-requests-per-minute", "10000000"])
        .env("RUST_LOG", "warn");
    if paths::spa_dist().join("index.html").is_file() {
        cmd.arg("--static-dir").arg(paths::spa_dist());
    }
    if paths::frame_dist().join("index.html").is_file() {
        cmd.arg("--frame-dir").arg(paths::frame_dist());
    }
    let mut process = Spawned::start("portal-server", &mut cmd, &dir.join("server.log"))?;
    http::wait_ready(&addr, "/api/session", Duration::from_secs(60), &mut || {
        process.alive()
    })
    .map_err(|e| format!("{e} (log: {})", dir.join("server.log").display()))?;
    Ok(Server {
        _process: process,
        addr,
        db,
        binary,
    })
}
