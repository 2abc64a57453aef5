//! K1/A8 (issue 13, finding 13): the gateway binary outside demo mode never
//! runs with the secret key published in this source, and never serves the
//! sandbox outbox (which shows every one-time code to anyone).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portal_gateway::{DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY};
use reqwest::StatusCode;

use super::harness::card;

/// A gateway process, killed when the test ends.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nobody listens on (the gateway binds it right after).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Starts the binary with `args` (a fresh database, a free port), in an
/// environment without `GATEWAY_*` settings.
fn spawn(dir: &tempfile::TempDir, port: u16, args: &[&str]) -> Process {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal-gateway"));
    for (name, _) in std::env::vars() {
        if name.starts_with("GATEWAY_") {
            command.env_remove(name);
        }
    }
    let child = command
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--db"])
        .arg(dir.path().join("gateway.db"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the gateway binary starts");
    Process(child)
}

/// Waits for the process to exit on its own (`Some(stderr)` if it failed),
/// or answers `None` if it is still running after a while.
fn refused_to_start(mut process: Process) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some(status) = process.0.try_wait().expect("wait") {
            assert!(!status.success(), "the gateway exited successfully");
            let mut stderr = String::new();
            if let Some(mut pipe) = process.0.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            return Some(stderr);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Waits until the gateway on `port` answers `/healthz`.
async fn wait_ready(process: &mut Process, port: u16) -> String {
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(reply) = reqwest::get(format!("{base}/healthz")).await {
            if reply.status() == StatusCode::OK {
                return base;
            }
        }
        assert!(
            process.0.try_wait().expect("wait").is_none(),
            "the gateway exited"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the gateway did not start");
}

#[test]
fn k1_non_demo_start_refuses_the_published_secret_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Given explicitly.
    let stderr = refused_to_start(spawn(
        &dir,
        free_port(),
        &[
            "--publishable-key",
            "pk_test_mine_0123456789",
            "--secret-key",
            DEMO_SECRET_KEY,
        ],
    ))
    .expect("refuses to run with the published secret key");
    assert!(stderr.contains("published"), "{stderr}");
    assert!(
        !stderr.contains(DEMO_SECRET_KEY),
        "the key is echoed: {stderr}"
    );
    // Or by default, with no keys given.
    let stderr = refused_to_start(spawn(&dir, free_port(), &[]))
        .expect("refuses to run without its own keys");
    assert!(stderr.contains("--secret-key"), "{stderr}");
}

#[tokio::test]
async fn k1_non_demo_start_never_serves_the_outbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own_keys = [
        "--publishable-key",
        "pk_test_mine_0123456789",
        "--secret-key",
        "sk_test_mine_0123456789",
    ];
    let mut asked = own_keys.to_vec();
    asked.push("--sandbox-outbox");
    let stderr = refused_to_start(spawn(&dir, free_port(), &asked))
        .expect("refuses to show the outbox outside demo mode");
    assert!(stderr.contains("outbox"), "{stderr}");

    let port = free_port();
    let mut process = spawn(&dir, port, &own_keys);
    let base = wait_ready(&mut process, port).await;
    let outbox = reqwest::get(format!("{base}/v1/sandbox/outbox"))
        .await
        .expect("outbox answer");
    assert_eq!(outbox.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn k1_demo_start_uses_the_demo_keys_and_serves_the_outbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut process = spawn(&dir, port, &["--demo", "--sandbox-outbox"]);
    let base = wait_ready(&mut process, port).await;
    let outbox = reqwest::get(format!("{base}/v1/sandbox/outbox"))
        .await
        .expect("outbox answer");
    assert_eq!(outbox.status(), StatusCode::OK);
    let token = reqwest::Client::new()
        .post(format!("{base}/v1/tokens"))
        .bearer_auth(DEMO_PUBLISHABLE_KEY)
        .json(&card("4242424242424242", "123"))
        .send()
        .await
        .expect("token answer");
    assert_eq!(token.status(), StatusCode::OK);
}
