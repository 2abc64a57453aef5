//! Tokenization: validation, what a token says, single use, expiry, keys.

use portal_gateway::{DEMO_SECRET_KEY, TEST_CARDS};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::harness::{card, cvc_for, start, START};

#[tokio::test]
async fn c5_token_carries_brand_last4_expiry_name_funding_only() {
    let gw = start().await;
    let reply = gw
        .pk_post("/v1/tokens", &card("4242 4242-4242 4242", "123"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body["id"].as_str().is_some_and(|id| id.starts_with("tok_")));
    assert_eq!(
        body["card"],
        json!({"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030,
               "name": "Ada Lovelace", "funding": "credit"})
    );
    assert_eq!(body["expires_at"], START + 15 * 60);
    assert!(!body.to_string().contains("4242424242424242"));
    assert!(!body.to_string().contains("\"123\""));
}

#[tokio::test]
async fn p5_every_test_card_tokenizes_with_its_brand() {
    let gw = start().await;
    for test_card in TEST_CARDS {
        let reply = gw
            .pk_post(
                "/v1/tokens",
                &card(test_card.number, cvc_for(test_card.number)),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {}",
            test_card.number,
            reply.body
        );
        assert_eq!(
            reply.body["card"]["brand"], test_card.brand,
            "{}",
            test_card.number
        );
        assert_eq!(
            reply.body["card"]["funding"],
            if test_card.debit { "debit" } else { "credit" }
        );
    }
}

#[tokio::test]
async fn c6_invalid_cards_get_specific_codes() {
    let cases = [
        (
            json!({"number": "4242424242424241", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_number",
        ),
        (
            json!({"number": "4242", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_number",
        ),
        (
            json!({"number": "４２４２４２４２４２４２４２４２", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_number",
        ),
        (
            json!({"number": 4242424242424242u64, "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_number",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 13, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_expiry",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2026, "cvc": "123", "name": "A B"}),
            "invalid_expiry",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 1.5, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_expiry",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "12", "name": "A B"}),
            "invalid_cvc",
        ),
        (
            json!({"number": "378282246310005", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A B"}),
            "invalid_cvc",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": ""}),
            "invalid_name",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "5555555555554444"}),
            "invalid_name",
        ),
        (
            json!({"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123", "name": "A", "zip": "1"}),
            "unknown_field",
        ),
    ];
    for (i, (body, code)) in cases.iter().enumerate() {
        // A fresh gateway per case keeps the IP under its rate limit.
        let gw = start().await;
        let reply = gw.pk_post("/v1/tokens", body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "case {i}: {}",
            reply.body
        );
        assert_eq!(reply.code(), *code, "case {i}: {}", reply.body);
        assert!(reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn expiry_accepts_two_digit_years_and_digit_strings() {
    let gw = start().await;
    let body = json!({"number": "5555555555554444", "exp_month": "07", "exp_year": "29", "cvc": "123", "name": "Grace Hopper"});
    let reply = gw.pk_post("/v1/tokens", &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["card"]["exp_month"], 7);
    assert_eq!(reply.body["card"]["exp_year"], 2029);
}

#[tokio::test]
async fn tokens_need_the_publishable_key() {
    let gw = start().await;
    let body = card("4242424242424242", "123");
    let no_key = gw
        .send(Method::POST, "/v1/tokens", None, &[], Some(&body))
        .await;
    assert_eq!(no_key.status, StatusCode::UNAUTHORIZED);
    assert_eq!(no_key.code(), "invalid_key");
    let wrong = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some("pk_test_nope"),
            &[],
            Some(&body),
        )
        .await;
    assert_eq!(wrong.code(), "invalid_key");
    let secret = gw
        .send(
            Method::POST,
            "/v1/tokens",
            Some(DEMO_SECRET_KEY),
            &[],
            Some(&body),
        )
        .await;
    assert_eq!(secret.status, StatusCode::UNAUTHORIZED);
    assert_eq!(secret.code(), "invalid_key");
}

#[tokio::test]
async fn token_is_single_use() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let customer = gw.customer().await;
    let first = gw
        .sk_post(
            "/v1/payment_methods",
            &json!({"token": token, "customer": customer}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = gw
        .sk_post(
            "/v1/payment_methods",
            &json!({"token": token, "customer": customer}),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.code(), "token_used");
    let charge = gw
        .charge(
            "single-use-1",
            &json!({"amount": 100, "currency": "usd", "token": token}),
        )
        .await;
    assert_eq!(charge.code(), "token_used");
    assert_eq!(gw.count("SELECT COUNT(*) FROM charges").await, 0);
}

#[tokio::test]
async fn token_expires_after_15_minutes() {
    let gw = start().await;
    let fresh = gw.token("4242424242424242", "123").await;
    let stale = gw.token("4242424242424242", "123").await;
    gw.clock.advance(15 * 60 - 1);
    let ok = gw
        .charge(
            "expiry-1",
            &json!({"amount": 100, "currency": "usd", "token": fresh}),
        )
        .await;
    assert_eq!(ok.body["status"], "succeeded", "{}", ok.body);
    gw.clock.advance(1);
    let late = gw
        .charge(
            "expiry-2",
            &json!({"amount": 100, "currency": "usd", "token": stale}),
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.code(), "token_expired");
}

#[tokio::test]
async fn unknown_token_is_not_found() {
    let gw = start().await;
    let reply = gw
        .charge(
            "unknown-1",
            &json!({"amount": 100, "currency": "usd", "token": "tok_nope"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "token_not_found");
}
