//! Security events are logged with who and when, never with secrets (A8).
//!
//! A test binary of its own: the subscriber that captures the logs is the
//! process's global one, so no other test running in parallel (without a
//! subscriber) can leave the server's log callsites cached as disabled, and
//! logs from every runtime thread reach it.

#![expect(clippy::unwrap_used, reason = "tests unwrap: a panic is their failure")]

#[path = "server/harness.rs"]
#[expect(
    dead_code,
    reason = "this binary uses a few of the shared harness's helpers"
)]
mod harness;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::Method;
use serde_json::json;

use harness::{req, Harness};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process's one subscriber, installed by the first test that asks, and
/// the buffer every test of this binary reads its logs from.
fn captured() -> &'static Buffer {
    static BUFFER: OnceLock<Buffer> = OnceLock::new();
    BUFFER.get_or_init(|| {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        buffer
    })
}

#[tokio::test]
async fn a8_failed_logins_and_csrf_rejections_are_logged_without_secrets() {
    let buffer = captured();

    let h = Harness::start().await;
    let bad = h.try_login("ada@example.com", "wrong-secret-pw-123").await;
    assert_eq!(bad.status, 401);
    let ada = h.ada().await;
    let mut forged = req(Method::DELETE, "/api/session", Some(&ada), None);
    forged
        .headers_mut()
        .insert("x-csrf-token", "forged".parse().unwrap());
    h.send(forged).await;
    let mut foreign = req(
        Method::POST,
        "/api/session",
        None,
        Some(json!({"email": "x@y.z", "password": "p"})),
    );
    foreign
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    h.send(foreign).await;
    // An IDOR attempt and a rate-limit hit.
    let grace = h.grace().await;
    let (grace_invoice, _) = h.invoice(&grace, "open").await;
    assert_eq!(
        h.get(&format!("/api/invoices/{grace_invoice}"), Some(&ada))
            .await
            .status,
        404
    );
    for _ in 0..6 {
        h.try_login("grace@example.com", "wrong-secret-pw-123")
            .await;
    }
    h.stop().await;

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("login_failed"), "{logs}");
    assert!(
        logs.contains(&ada.customer_id),
        "who: the account is named by id: {logs}"
    );
    assert!(logs.contains("csrf_rejected"), "{logs}");
    assert!(logs.contains("forbidden_origin"), "{logs}");
    assert!(
        logs.contains("idor_or_missing") && logs.contains(&grace_invoice),
        "IDOR attempts are logged with who and what: {logs}"
    );
    assert!(logs.contains("login_rate_limited"), "{logs}");
    for secret in [
        "wrong-secret-pw-123",
        "portal-demo-1",
        ada.csrf.as_str(),
        ada.cookie.split('=').nth(1).unwrap(),
    ] {
        assert!(!logs.contains(secret), "logs must not carry {secret:?}");
    }
    assert!(!logs.contains("sk_test_"), "no gateway secret key in logs");
}

#[tokio::test]
async fn a8_payment_link_page_paths_are_logged_without_the_token() {
    let buffer = captured();
    let h = Harness::start().await;
    let link = h.launched.demo_payment_link.clone().unwrap();
    let path = link
        .strip_prefix(&h.launched.portal_url)
        .unwrap()
        .to_owned();
    let token = path.strip_prefix("/pay/").unwrap().to_owned();
    assert!(token.len() > 20, "a real token: {token}");
    // The SPA's page for the link, and the API call that page makes.
    h.get(&path, None).await;
    let api = h.get(&format!("/api/pay-links/{token}"), None).await;
    assert_eq!(api.status, 200, "{}", api.text);
    h.stop().await;

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/pay/") && logs.contains("/api/pay-links/"),
        "the requests are logged: {logs}"
    );
    assert!(!logs.contains(&token), "logs must not carry the link token");
    // Nor its signature alone (the part after the last dot).
    let signature = token.rsplit('.').next().unwrap();
    assert!(
        !logs.contains(signature),
        "logs must not carry the link's signature"
    );
}
