//! Payment methods: save, list, update expiry, detach; scoped to the merchant.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::harness::{other_merchant, start, start_with, unique_key};

#[tokio::test]
async fn c5_save_list_update_and_detach_a_card() {
    let gw = start().await;
    let customer = gw.customer().await;
    let token = gw.token("5555555555554444", "123").await;
    let saved = gw
        .sk_post(
            "/v1/payment_methods",
            &json!({"token": token, "customer": customer}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let pm = saved.body["id"].as_str().expect("id").to_owned();
    assert!(pm.starts_with("pm_"));
    assert_eq!(saved.body["customer"], customer.as_str());
    assert_eq!(
        saved.body["card"],
        json!({"brand": "mastercard", "last4": "4444", "exp_month": 12, "exp_year": 2030,
               "name": "Ada Lovelace", "funding": "credit"})
    );

    let list = gw
        .sk_get(&format!("/v1/customers/{customer}/payment_methods"))
        .await;
    assert_eq!(list.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(list.body["data"][0]["id"], pm.as_str());

    let updated = gw
        .send(
            Method::PATCH,
            &format!("/v1/payment_methods/{pm}"),
            Some(portal_gateway::DEMO_SECRET_KEY),
            &[],
            Some(&json!({"exp_month": 3, "exp_year": 2032})),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.body["card"]["exp_month"], 3);
    assert_eq!(updated.body["card"]["exp_year"], 2032);

    let past = gw
        .send(
            Method::PATCH,
            &format!("/v1/payment_methods/{pm}"),
            Some(portal_gateway::DEMO_SECRET_KEY),
            &[],
            Some(&json!({"exp_month": 1, "exp_year": 2020})),
        )
        .await;
    assert_eq!(past.code(), "invalid_expiry");

    let deleted = gw
        .send(
            Method::DELETE,
            &format!("/v1/payment_methods/{pm}"),
            Some(portal_gateway::DEMO_SECRET_KEY),
            &[],
            None,
        )
        .await;
    assert_eq!(deleted.body, json!({"id": pm, "deleted": true}));
    let list = gw
        .sk_get(&format!("/v1/customers/{customer}/payment_methods"))
        .await;
    assert_eq!(list.body["data"], json!([]));
    let charge = gw
        .charge(
            &unique_key(),
            &json!({"amount": 100, "currency": "usd", "payment_method": pm}),
        )
        .await;
    assert_eq!(charge.code(), "payment_method_not_found");
    let again = gw
        .send(
            Method::DELETE,
            &format!("/v1/payment_methods/{pm}"),
            Some(portal_gateway::DEMO_SECRET_KEY),
            &[],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_customer_and_pk_key_are_refused() {
    let gw = start().await;
    let token = gw.token("4242424242424242", "123").await;
    let reply = gw
        .sk_post(
            "/v1/payment_methods",
            &json!({"token": token, "customer": "gcus_nope"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "customer_not_found");
    let with_pk = gw.pk_post("/v1/customers", &json!({})).await;
    assert_eq!(with_pk.code(), "invalid_key");
    let bad_email = gw
        .sk_post("/v1/customers", &json!({"email": "not an email"}))
        .await;
    assert_eq!(bad_email.code(), "invalid_email");
    // The refused save did not use up the token.
    let customer = gw.customer().await;
    let ok = gw
        .sk_post(
            "/v1/payment_methods",
            &json!({"token": token, "customer": customer}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn a5_another_merchant_sees_nothing() {
    let gw = start_with(|c| c.merchants.push(other_merchant())).await;
    let pm = gw.payment_method("4242424242424242").await;
    let other_sk = "sk_test_other_0123456789";
    let read = gw
        .send(
            Method::GET,
            &format!("/v1/payment_methods/{pm}"),
            Some(other_sk),
            &[],
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let charge = gw
        .send(
            Method::POST,
            "/v1/charges",
            Some(other_sk),
            &[("Idempotency-Key", "other-1")],
            Some(&json!({"amount": 100, "currency": "usd", "payment_method": pm})),
        )
        .await;
    assert_eq!(charge.status, StatusCode::NOT_FOUND);
    let delete = gw
        .send(
            Method::DELETE,
            &format!("/v1/payment_methods/{pm}"),
            Some(other_sk),
            &[],
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let mine = gw.sk_get(&format!("/v1/payment_methods/{pm}")).await;
    assert_eq!(mine.status, StatusCode::OK);
}
