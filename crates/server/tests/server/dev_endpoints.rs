//! The demo mode's dev endpoints cannot be used against customers: a payment
//! link is made only by the invoice's owner (A5), and the dev outbox is
//! served only with `--dev-outbox` and only to loopback clients (A6).

use axum::http::{Method, StatusCode};
use clap::Parser;
use serde_json::json;

use super::harness::Harness;

#[tokio::test]
async fn a5_a_payment_link_is_made_only_by_the_invoices_owner() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let grace = h.grace().await;
    let (grace_invoice, _) = h.invoice(&grace, "open").await;
    let outbox_before = h.launched.state.pool.clone();
    let emails = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox")
            .fetch_one(&outbox_before)
            .await
            .unwrap()
    };
    let sent = emails().await;
    let body = || Some(json!({"invoice_id": grace_invoice}));

    let anonymous = h
        .call(Method::POST, "/api/dev/payment-links", None, body())
        .await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        anonymous.text
    );
    assert_eq!(anonymous.code(), "unauthenticated");

    let someone_else = h
        .call(Method::POST, "/api/dev/payment-links", Some(&ada), body())
        .await;
    assert_eq!(
        someone_else.status,
        StatusCode::NOT_FOUND,
        "{}",
        someone_else.text
    );
    assert_eq!(someone_else.code(), "not_found");
    assert!(someone_else.body.get("token").is_none());
    assert_eq!(emails().await, sent, "no link was made or sent");

    let owner = h
        .call(Method::POST, "/api/dev/payment-links", Some(&grace), body())
        .await;
    assert_eq!(owner.status, StatusCode::CREATED, "{}", owner.text);
    assert!(owner.body["token"].as_str().is_some());
    h.stop().await;
}

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
