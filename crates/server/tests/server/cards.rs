//! Saved payment methods: list (C5), add, default, remove, expiry, history, cap (A7).

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::harness::Harness;

#[tokio::test]
async fn c5_cards_are_listed_with_minimal_data_and_flags() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let list = h.get("/api/payment-methods", Some(&ada)).await;
    assert_eq!(list.status, StatusCode::OK);
    let cards = list.body["payment_methods"].as_array().unwrap();
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0]["is_default"], true, "default first");
    assert!(cards.iter().any(|c| c["expired"] == true));
    assert!(cards.iter().any(|c| c["expiring_soon"] == true));
    let allowed = [
        "id",
        "brand",
        "last4",
        "exp_month",
        "exp_year",
        "name",
        "is_default",
        "expired",
        "expiring_soon",
        "billing_address",
        "created_at",
    ];
    for card in cards {
        for key in card.as_object().unwrap().keys() {
            assert!(
                allowed.contains(&key.as_str()),
                "unexpected card field {key}"
            );
        }
        assert_eq!(card["last4"].as_str().unwrap().len(), 4);
    }
    assert!(
        !list.text.contains("\"pm_"),
        "gateway ids stay on the server"
    );
    h.stop().await;
}

#[tokio::test]
async fn add_set_default_update_and_remove_with_history() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let token = h.token("6011111111111117", "123").await;
    let added = h
        .call(Method::POST, "/api/payment-methods", Some(&ada), Some(json!({"token": token, "make_default": false, "billing_address": super::harness::billing()})))
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["brand"], "discover");
    assert_eq!(added.body["is_default"], false);
    let id = added.body["id"].as_str().unwrap().to_owned();

    let reuse = h
        .call(
            Method::POST,
            "/api/payment-methods",
            Some(&ada),
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::BAD_REQUEST);
    assert_eq!(reuse.code(), "invalid_token");

    let old_default = h.default_card(&ada).await;
    let set = h
        .call(
            Method::POST,
            &format!("/api/payment-methods/{id}/default"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(set.body["is_default"], true);
    assert_eq!(h.default_card(&ada).await, id);

    let refuse = h
        .call(
            Method::DELETE,
            &format!("/api/payment-methods/{id}"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(refuse.status, StatusCode::CONFLICT);
    assert_eq!(refuse.code(), "default_card_required");
    assert!(
        refuse.body["message"].as_str().unwrap().contains("default"),
        "says why"
    );

    let patched = h
        .call(
            Method::PATCH,
            &format!("/api/payment-methods/{id}"),
            Some(&ada),
            Some(json!({"exp_month": 4, "exp_year": 2033})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(
        (
            patched.body["exp_month"].as_u64(),
            patched.body["exp_year"].as_u64()
        ),
        (Some(4), Some(2033))
    );
    let past = h
        .call(
            Method::PATCH,
            &format!("/api/payment-methods/{id}"),
            Some(&ada),
            Some(json!({"exp_month": 1, "exp_year": 2020})),
        )
        .await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    assert_eq!(past.code(), "invalid_field");
    let removed = h
        .call(
            Method::DELETE,
            &format!("/api/payment-methods/{old_default}"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let cards = h.get("/api/payment-methods", Some(&ada)).await.body;
    assert!(!cards["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == old_default.as_str()));

    let history = h.get("/api/payment-methods/history", Some(&ada)).await.body;
    let events = history["events"].as_array().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        &kinds[..4],
        ["removed", "expiry_updated", "default_changed", "added"],
        "{kinds:?}"
    );
    assert!(events
        .iter()
        .all(|e| e["by"] == "Ada Lovelace" && e["at"].as_str().unwrap().ends_with('Z')));
    assert_eq!(events[3]["card"], "Discover •••• 1117");
    h.stop().await;
}

#[tokio::test]
async fn an_expired_card_can_never_become_the_default() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let cards = h.get("/api/payment-methods", Some(&ada)).await.body;
    let expired = cards["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["expired"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = h
        .call(
            Method::POST,
            &format!("/api/payment-methods/{expired}/default"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.code(), "card_expired");
    assert_ne!(h.default_card(&ada).await, expired);
    h.stop().await;
}

#[tokio::test]
async fn the_only_card_can_be_removed() {
    let h = Harness::start().await;
    let reseller = h.login("reseller@example.com", "portal-demo-3").await;
    let only = h.default_card(&reseller).await;
    let reply = h
        .call(
            Method::DELETE,
            &format!("/api/payment-methods/{only}"),
            Some(&reseller),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    h.stop().await;
}

#[tokio::test]
async fn a7_cards_per_customer_are_capped() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let mut last = None;
    for _ in 0..8 {
        let token = h.token("4242424242424242", "123").await;
        let reply = h
            .call(
                Method::POST,
                "/api/payment-methods",
                Some(&ada),
                Some(json!({"token": token})),
            )
            .await;
        last = Some(reply);
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::CONFLICT, "{}", last.text);
    assert_eq!(last.code(), "too_many_cards");
    h.stop().await;
}

#[tokio::test]
async fn i2_bad_card_requests_get_specific_errors() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let cases = [
        (json!({"token": ""}), "invalid_token"),
        (json!({"token": "tok_does_not_exist"}), "invalid_token"),
        (
            json!({"token": "tok_x", "number": "4242424242424242"}),
            "invalid_request",
        ),
        (
            json!({"token": "tok_x", "billing_address": {"line1": "4242 4242 4242 4242", "city": "x", "postal_code": "1", "country": "US"}}),
            "invalid_field",
        ),
    ];
    for (body, code) in cases {
        let reply = h
            .call(
                Method::POST,
                "/api/payment-methods",
                Some(&ada),
                Some(body.clone()),
            )
            .await;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.text);
        assert_eq!(reply.code(), code, "{body}");
    }
    h.stop().await;
}

#[tokio::test]
async fn an_expiry_beyond_the_gateways_window_is_refused_with_its_reason() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let cards = h.get("/api/payment-methods", Some(&ada)).await.body;
    let id = cards["payment_methods"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The gateway's window (this year + 19) is the server's: + 20 is refused
    // here with a clear message, not passed on to fail at the gateway.
    let this_year = time::OffsetDateTime::now_utc().year();
    for (year, ok) in [(this_year + 19, true), (this_year + 20, false)] {
        let reply = h
            .call(
                Method::PATCH,
                &format!("/api/payment-methods/{id}"),
                Some(&ada),
                Some(json!({"exp_month": 12, "exp_year": year})),
            )
            .await;
        if ok {
            assert_eq!(reply.status, StatusCode::OK, "{year}: {}", reply.text);
        } else {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{year}");
            assert!(
                reply.text.contains("at most 19 years ahead"),
                "{}",
                reply.text
            );
        }
    }
    h.stop().await;
}
