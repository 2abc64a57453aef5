//! The demo mode's dev endpoint cannot be used against customers: the dev
//! outbox is served only with `--dev-outbox` and only to loopback clients
//! (A6). Payment links are the business's (`business_payment_links.rs`).

use axum::http::{Method, StatusCode};
use clap::Parser;

use super::harness::Harness;

/// `GET /api/dev/outbox` as a client at `ip` would send it.
fn outbox_from(ip: [u8; 4]) -> axum::http::Request<axum::body::Body> {
    let mut request = super::harness::req(Method::GET, "/api/dev/outbox", None, None);
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            ip, 40000,
        ))));
    request
}

/// The outbox holds invitation and payment links: a client on the network
/// must not read it, even from a demo server.
#[tokio::test]
async fn a6_the_dev_outbox_is_served_to_loopback_clients_only() {
    let h = Harness::start().await;
    for ip in [[192, 0, 2, 7], [10, 0, 0, 2]] {
        let reply = h.send(outbox_from(ip)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{ip:?}: {}",
            reply.text
        );
        assert_eq!(reply.code(), "not_found");
        assert!(reply.body.get("messages").is_none());
    }
    let local = h.send(outbox_from([127, 0, 0, 1])).await;
    assert_eq!(local.status, StatusCode::OK, "{}", local.text);
    assert!(local.body["messages"].is_array());
    h.stop().await;
}

/// `--demo` alone does not serve the outbox: it takes `--dev-outbox`, which
/// in turn needs `--demo`.
#[tokio::test]
async fn a6_the_dev_outbox_needs_its_own_flag() {
    let h = Harness::start_with(|c| c.dev_outbox = false).await;
    let reply = h.send(outbox_from([127, 0, 0, 1])).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    assert_eq!(reply.code(), "not_found");
    h.stop().await;
    assert!(portal_server::Config::try_parse_from(["portal-server", "--dev-outbox"]).is_err());
    assert!(
        portal_server::Config::try_parse_from(["portal-server", "--demo", "--dev-outbox"])
            .unwrap()
            .dev_outbox
    );
}
