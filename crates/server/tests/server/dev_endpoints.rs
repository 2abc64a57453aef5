//! The demo mode's dev endpoints cannot be used against customers: a payment
//! link is made only by the invoice's owner (A5), and the dev outbox is
//! served only with `--dev-outbox` and only to loopback clients (A6).

use axum::http::{Method, StatusCode};
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
