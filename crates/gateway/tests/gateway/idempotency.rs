//! P1, P2, P4: a payment is charged at most once per idempotency key.

use std::sync::Arc;

use portal_gateway::DEMO_SECRET_KEY;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::harness::start;

#[tokio::test]
async fn p1_same_key_same_body_charges_once() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let body = json!({"amount": 2500, "currency": "usd", "token": token, "description": "INV-1"});
    let first = gw.charge("order-1", &body).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.header("idempotent-replayed"), None);
    // The same request again (e.g. a retry after the first answer was lost: P4).
    let second = gw.charge("order-1", &body).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.body, first.body);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 1);
}

#[tokio::test]
async fn p1_same_key_different_body_is_refused() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let first = gw
        .charge(
            "order-2",
            &json!({"amount": 2500, "currency": "usd", "token": token}),
        )
        .await;
    assert_eq!(first.body["status"], "succeeded");
    let other = gw
        .charge(
            "order-2",
            &json!({"amount": 2600, "currency": "usd", "token": token}),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.code(), "idempotency_key_reused");
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 1);
}

#[tokio::test]
async fn p1_fifty_concurrent_duplicates_make_one_charge() {
    let gw = Arc::new(start().await);
    let pm = gw.payment_method("4242424242424242").await;
    let body = json!({"amount": 4200, "currency": "usd", "payment_method": pm});
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let gw = gw.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            gw.charge("double-click", &body).await
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        let reply = task.await.expect("task");
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.body["status"], "succeeded");
        ids.push(reply.body["id"].as_str().expect("id").to_owned());
    }
    ids.dedup();
    assert_eq!(
        ids.len(),
        1,
        "every duplicate answered with the same charge"
    );
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 1);
    assert_eq!(gw.count("SELECT COUNT(*) FROM idempotency_keys").await, 1);
}

#[tokio::test]
async fn p1_keys_are_per_merchant_request_and_survive_restart() {
    let gw = start().await;
    let pm = gw.payment_method("4242424242424242").await;
    let body = json!({"amount": 100, "currency": "usd", "payment_method": pm});
    let first = gw.charge("restart-key", &body).await;
    // A second gateway process on the same database file.
    let db = gw.db_path.clone();
    let again =
        super::harness::start_with(|c| c.database_url_or_path = db.display().to_string()).await;
    let replay = again.charge("restart-key", &body).await;
    assert_eq!(replay.body["id"], first.body["id"]);
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 1);
}

#[tokio::test]
async fn p2_key_over_255_characters_is_refused() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let body = json!({"amount": 100, "currency": "usd", "token": token});
    let long = "k".repeat(256);
    let refused = gw.charge(&long, &body).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "idempotency_key_too_long");
    let exactly = "k".repeat(255);
    let accepted = gw.charge(&exactly, &body).await;
    assert_eq!(accepted.body["status"], "succeeded", "{}", accepted.body);
}

#[tokio::test]
async fn p2_key_is_required_and_kept_after_a_day() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let body = json!({"amount": 100, "currency": "usd", "token": token});
    let missing = gw
        .send(
            Method::POST,
            "/v1/charges",
            Some(DEMO_SECRET_KEY),
            &[],
            Some(&body),
        )
        .await;
    assert_eq!(missing.code(), "idempotency_key_required");
    let first = gw.charge("day-old", &body).await;
    gw.clock.advance(25 * 3600);
    let later = gw.charge("day-old", &body).await;
    assert_eq!(later.body["id"], first.body["id"]);
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 1);
}
