//! P5: every test card gives its outcome and a plain-words message.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::harness::{start, unique_key};

const SUCCEEDING: &[&str] = &[
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "378282246310005",
    "6011111111111117",
    "3056930009020004",
    "3566002020360505",
    "6200000000000005",
    "4111111111111111",
];

fn assert_declined(reply: &Value, code: &str, retryable: bool) {
    let status = if code == "processing_error" {
        "failed"
    } else {
        "declined"
    };
    assert_eq!(reply["status"], status, "{reply}");
    assert_eq!(reply["decline_code"], code, "{reply}");
    assert_eq!(reply["retryable"], retryable, "{reply}");
    let message = reply["message"].as_str().unwrap_or("");
    assert!(message.len() > 20 && message.ends_with('.'), "{reply}");
}

#[tokio::test]
async fn p5_succeeding_cards_charge() {
    let gw = start().await;
    for number in SUCCEEDING {
        let reply = gw.charge_card(number, 1234).await;
        assert_eq!(reply.status, StatusCode::OK, "{number}: {}", reply.body);
        let body = &reply.body;
        assert_eq!(body["status"], "succeeded", "{number}: {body}");
        assert!(body["id"].as_str().is_some_and(|id| id.starts_with("ch_")));
        assert_eq!(body["amount"], 1234);
        assert_eq!(body["currency"], "usd");
        assert_eq!(body["card"]["last4"], &number[number.len() - 4..]);
        assert_eq!(body["retryable"], false);
        assert!(body.get("decline_code").is_none() && body.get("challenge").is_none());
    }
}

#[tokio::test]
async fn p5_declining_cards_give_their_reason() {
    let gw = start().await;
    let cases = [
        ("4000000000000002", "generic_decline", false),
        ("4000000000009995", "insufficient_funds", false),
        ("4000000000000069", "expired_card", false),
        ("4000000000000127", "incorrect_cvc", false),
        ("4000000000000119", "processing_error", true),
        ("4000000000000341", "generic_decline", false),
        ("4100000000000019", "fraudulent", false),
    ];
    for (number, code, retryable) in cases {
        let reply = gw.charge_card(number, 500).await;
        assert_eq!(reply.status, StatusCode::OK, "{number}");
        assert_declined(&reply.body, code, retryable);
    }
}

#[tokio::test]
async fn p5_specific_messages_differ_per_reason() {
    let gw = start().await;
    let mut seen = Vec::new();
    for number in [
        "4000000000009995",
        "4000000000000069",
        "4000000000000127",
        "4000000000000119",
    ] {
        let reply = gw.charge_card(number, 500).await;
        let message = reply.body["message"].as_str().unwrap_or("").to_owned();
        assert!(!seen.contains(&message), "{message} repeated");
        seen.push(message);
    }
    assert!(seen[0].contains("insufficient funds"));
    assert!(seen[1].contains("expired"));
    assert!(seen[2].contains("security code"));
}

#[tokio::test]
async fn p5_card_0341_saves_fine_then_every_charge_declines() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000000341").await;
    for _ in 0..2 {
        let reply = gw
            .charge(
                &unique_key(),
                &json!({"amount": 700, "currency": "usd", "payment_method": pm}),
            )
            .await;
        assert_declined(&reply.body, "generic_decline", false);
        assert_eq!(reply.body["payment_method"], pm.as_str());
    }
}

#[tokio::test]
async fn saved_card_charges_until_it_expires() {
    let gw = start().await;
    let pm = gw.payment_method("4242424242424242").await;
    let ok = gw
        .charge(
            &unique_key(),
            &json!({"amount": 700, "currency": "usd", "payment_method": pm}),
        )
        .await;
    assert_eq!(ok.body["status"], "succeeded");
    // 2031-01-01: the card (12/2030) has expired.
    gw.clock.set(1_924_992_000);
    let late = gw
        .charge(
            &unique_key(),
            &json!({"amount": 700, "currency": "usd", "payment_method": pm}),
        )
        .await;
    assert_declined(&late.body, "expired_card", false);
}

#[tokio::test]
async fn get_charge_returns_the_same_charge() {
    let gw = start().await;
    let created = gw.charge_card("4242424242424242", 999).await;
    let id = created.body["id"].as_str().expect("id");
    let fetched = gw.sk_get(&format!("/v1/charges/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body, created.body);
    let missing = gw.sk_get("/v1/charges/ch_nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "charge_not_found");
}

#[tokio::test]
async fn i2_bad_charge_requests_are_refused_and_change_nothing() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let cases = [
        (
            json!({"amount": -1, "currency": "usd", "token": token}),
            "invalid_amount",
        ),
        (
            json!({"amount": 10.5, "currency": "usd", "token": token}),
            "invalid_amount",
        ),
        (
            json!({"amount": "100", "currency": "usd", "token": token}),
            "invalid_amount",
        ),
        (
            json!({"amount": 9_007_199_254_740_993u64, "currency": "usd", "token": token}),
            "invalid_amount",
        ),
        (
            json!({"amount": 100, "currency": "usdx", "token": token}),
            "invalid_currency",
        ),
        (
            json!({"amount": 100, "currency": "usd"}),
            "invalid_payment_source",
        ),
        (
            json!({"amount": 100, "currency": "usd", "token": token, "payment_method": "pm_x"}),
            "invalid_payment_source",
        ),
        (
            json!({"amount": 100, "currency": "usd", "token": token, "description": "card 4242 4242 4242 4242"}),
            "invalid_description",
        ),
        (
            json!({"amount": 100, "currency": "usd", "token": token, "cvc": "123"}),
            "unknown_field",
        ),
        (json!([1, 2]), "invalid_request"),
    ];
    for (body, code) in cases {
        let reply = gw.charge(&unique_key(), &body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.body
        );
        assert_eq!(reply.code(), code, "{body}");
    }
    let pm_missing = gw
        .charge(
            &unique_key(),
            &json!({"amount": 100, "currency": "usd", "payment_method": "pm_nope"}),
        )
        .await;
    assert_eq!(pm_missing.code(), "payment_method_not_found");
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 0);
    // The token was not consumed by any refused request.
    let ok = gw
        .charge(
            &unique_key(),
            &json!({"amount": 100, "currency": "usd", "token": token}),
        )
        .await;
    assert_eq!(ok.body["status"], "succeeded");
}
