//! Refunds: full or partial, never more in all than the charge took, only
//! of a succeeded charge, at most once per Idempotency-Key.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{other_merchant, start, start_with, unique_key, Gateway, Reply};

async fn refund(gw: &Gateway, key: &str, body: &Value) -> Reply {
    gw.send(
        Method::POST,
        "/v1/refunds",
        Some(portal_gateway::DEMO_SECRET_KEY),
        &[("Idempotency-Key", key)],
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_charge_is_refunded_in_parts_up_to_what_it_took() {
    let gw = start().await;
    let charge = gw.charge_card("4242424242424242", 5000).await.body;
    let id = charge["id"].as_str().expect("an id");
    assert_eq!(charge["amount_refunded"], 0);

    let first = refund(&gw, "r-1", &json!({"charge": id, "amount": 2000})).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body["id"].as_str().expect("an id").starts_with("re_"));
    assert_eq!(first.body["amount"], 2000);
    assert_eq!(first.body["status"], "succeeded");

    // The same key and body: the same refund, once.
    let again = refund(&gw, "r-1", &json!({"charge": id, "amount": 2000})).await;
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let reused = refund(&gw, "r-1", &json!({"charge": id, "amount": 1000})).await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(reused.code(), "idempotency_key_reused");

    let too_much = refund(&gw, "r-2", &json!({"charge": id, "amount": 3001})).await;
    assert_eq!(too_much.status, StatusCode::BAD_REQUEST);
    assert_eq!(too_much.code(), "amount_too_large");
    // No amount: the rest.
    let rest = refund(&gw, "r-3", &json!({"charge": id, "reason": "duplicate"})).await;
    assert_eq!(rest.body["amount"], 3000, "{}", rest.body);
    let charge = gw.sk_get(&format!("/v1/charges/{id}")).await.body;
    assert_eq!(charge["amount_refunded"], 5000);
    let more = refund(&gw, "r-4", &json!({"charge": id, "amount": 1})).await;
    assert_eq!(more.code(), "charge_already_refunded");
    assert_eq!(
        gw.sk_get(&format!(
            "/v1/refunds/{}",
            first.body["id"].as_str().expect("an id")
        ))
        .await
        .body["amount"],
        2000
    );
}

#[tokio::test]
async fn only_a_succeeded_charge_of_ones_own_is_refunded() {
    let gw = start().await;
    let declined = gw.charge_card("4000000000000002", 5000).await.body;
    let refused = refund(
        &gw,
        &unique_key(),
        &json!({"charge": declined["id"], "amount": 100}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "charge_not_refundable");
    for (body, code) in [
        (json!({"charge": "ch_nope"}), "charge_not_found"),
        (json!({"amount": 100}), "invalid_charge"),
        (
            json!({"charge": declined["id"], "amount": 0}),
            "invalid_amount",
        ),
        (
            json!({"charge": declined["id"], "amount": "12"}),
            "invalid_amount",
        ),
        (
            json!({"charge": declined["id"], "reason": "bored"}),
            "invalid_reason",
        ),
    ] {
        let reply = refund(&gw, &unique_key(), &body).await;
        assert_eq!(reply.code(), code, "{body}: {}", reply.body);
    }
    let no_key = gw
        .sk_post("/v1/refunds", &json!({"charge": declined["id"]}))
        .await;
    assert_eq!(no_key.code(), "idempotency_key_required");
    assert_eq!(gw.count("SELECT COUNT(*) FROM refunds").await, 0);

    // Another merchant's charge is no such charge.
    let other = start_with(|c| c.merchants.push(other_merchant())).await;
    let theirs = other.charge_card("4242424242424242", 700).await.body;
    let reply = other
        .send(
            Method::POST,
            "/v1/refunds",
            Some(&other_merchant().secret_key),
            &[("Idempotency-Key", "x")],
            Some(&json!({"charge": theirs["id"]})),
        )
        .await;
    assert_eq!(reply.code(), "charge_not_found", "{}", reply.body);
}
