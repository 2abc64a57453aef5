//! Payments and refunds through the business API (`/v1/payments`): listed
//! and read with their refunds; refunded in full or in part, never more than
//! was paid, once per Idempotency-Key; the customer sees the refund on the
//! invoice; bad requests change nothing.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{make_key, new_card, req, saved, v1, Harness, Login, Reply};

async fn refund(h: &Harness, key: &str, payment: &str, idem: &str, body: Value) -> Reply {
    v1(
        h,
        Method::POST,
        &format!("/v1/payments/{payment}/refunds"),
        Some(key),
        Some(idem),
        Some(body),
    )
    .await
}

async fn payment(h: &Harness, key: &str, id: &str) -> Value {
    v1(
        h,
        Method::GET,
        &format!("/v1/payments/{id}"),
        Some(key),
        None,
        None,
    )
    .await
    .body
}

/// Ada pays `amount` of an overdue invoice with her default card.
async fn paid(h: &Harness, ada: &Login, amount: i64, idem: &str) -> (String, String) {
    let (invoice, _) = h.invoice(ada, "overdue").await;
    let card = h.default_card(ada).await;
    let reply = h.pay(ada, &invoice, idem, saved(amount, &card)).await;
    assert_eq!(reply.body["status"], "succeeded", "{}", reply.text);
    (reply.body["id"].as_str().unwrap().to_owned(), invoice)
}

#[tokio::test]
async fn a_payment_is_refunded_in_part_then_in_full_and_the_customer_sees_it() {
    let h = Harness::start().await;
    let key = make_key(&h, "back office").await;
    let ada = h.ada().await;
    let (pay_id, invoice) = paid(&h, &ada, 4000, "pay-for-refund").await;
    let balance_after_paying = h.balance_of(&ada, &invoice).await;

    let read = payment(&h, &key, &pay_id).await;
    assert_eq!(read["status"], "succeeded");
    assert_eq!(read["amount"], 4000);
    assert_eq!(read["amount_refunded"], 0);
    assert_eq!(read["customer"], ada.customer_id.as_str());
    assert_eq!(read["invoice"], invoice.as_str());
    assert!(read["card"]["last4"].as_str().is_some());

    let part = refund(
        &h,
        &key,
        &pay_id,
        "refund-1",
        json!({"amount": 1500, "reason": "requested_by_customer"}),
    )
    .await;
    assert_eq!(part.status, StatusCode::CREATED, "{}", part.text);
    assert!(part.body["id"].as_str().unwrap().starts_with("re_"));
    assert_eq!(part.body["status"], "succeeded");
    assert_eq!(part.body["amount"], 1500);
    assert_eq!(part.body["reason"], "requested_by_customer");

    // The same request again: the same refund, no second one.
    let again = refund(
        &h,
        &key,
        &pay_id,
        "refund-1",
        json!({"amount": 1500, "reason": "requested_by_customer"}),
    )
    .await;
    assert_eq!(again.body["id"], part.body["id"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let reused = refund(&h, &key, &pay_id, "refund-1", json!({"amount": 10})).await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(reused.code(), "idempotency_key_reused");

    // Never more than is left.
    let too_much = refund(&h, &key, &pay_id, "refund-2", json!({"amount": 2501})).await;
    assert_eq!(
        too_much.status,
        StatusCode::BAD_REQUEST,
        "{}",
        too_much.text
    );
    assert_eq!(too_much.code(), "invalid_amount");
    assert!(too_much.body["message"].as_str().unwrap().contains("2500"));
    let rest = refund(&h, &key, &pay_id, "refund-3", json!({})).await;
    assert_eq!(rest.body["amount"], 2500, "{}", rest.text);
    let done = refund(&h, &key, &pay_id, "refund-4", json!({"amount": 1})).await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    assert_eq!(done.code(), "not_refundable");

    let read = payment(&h, &key, &pay_id).await;
    assert_eq!(read["amount_refunded"], 4000);
    assert_eq!(read["refunds"].as_array().unwrap().len(), 2);
    assert_eq!(h.count("refunds").await, 2);

    // The customer sees it on the invoice; the balance stays as paid.
    let detail = h.get(&format!("/api/invoices/{invoice}"), Some(&ada)).await;
    let listed = detail.body["payments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pay_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["refunded"]["amount"], 4000, "{listed}");
    assert_eq!(h.balance_of(&ada, &invoice).await, balance_after_paying);

    // At the gateway: the charge is refunded, once.
    let charge: String = sqlx::query_scalar("SELECT gateway_charge_id FROM payments WHERE id = ?")
        .bind(&pay_id)
        .fetch_one(&h.launched.state.pool)
        .await
        .unwrap();
    let at_gateway: Value = reqwest::Client::new()
        .get(format!("{}/v1/charges/{charge}", h.launched.gateway_url))
        .bearer_auth(portal_gateway::DEMO_SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(at_gateway["amount_refunded"], 4000, "{at_gateway}");

    let audit = v1(&h, Method::GET, "/v1/audit-log", Some(&key), None, None).await;
    let refunds_audited = audit.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "payment.refund")
        .count();
    assert_eq!(refunds_audited, 2);
    h.stop().await;
}

#[tokio::test]
async fn only_a_succeeded_payment_is_refunded_and_bad_requests_change_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "back office").await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let tok = h.token("4000000000000002", "123").await;
    let declined = h
        .pay(
            &ada,
            &invoice,
            "declined-1",
            new_card(balance, &tok, false, false),
        )
        .await;
    assert_eq!(declined.body["status"], "declined", "{}", declined.text);
    let declined_id = declined.body["id"].as_str().unwrap();
    let refused = refund(&h, &key, declined_id, "r-declined", json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(refused.code(), "not_refundable");
    assert_eq!(
        payment(&h, &key, declined_id).await["decline_code"],
        "generic_decline"
    );

    let (pay_id, _) = paid(&h, &ada, 1000, "pay-ok").await;
    for (body, code) in [
        (json!({"amount": 0}), "invalid_amount"),
        (json!({"amount": -5}), "invalid_amount"),
        (json!({"amount": 1001}), "invalid_amount"),
        (json!({"amount": "10"}), "invalid_request"),
        (json!({"amount": 10, "note": "x"}), "invalid_request"),
        (json!({"reason": "bored"}), "invalid_request"),
        (
            json!({"amount": 9_223_372_036_854_775_807_i64}),
            "invalid_amount",
        ),
    ] {
        let reply = refund(&h, &key, &pay_id, &format!("bad-{body}"), body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        assert_eq!(reply.code(), code, "{body}");
    }
    let unknown = refund(&h, &key, "pay_nope", "r-unknown", json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let no_key = v1(
        &h,
        Method::POST,
        &format!("/v1/payments/{pay_id}/refunds"),
        Some(&key),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(no_key.code(), "invalid_idempotency_key");
    assert_eq!(h.count("refunds").await, 0, "nothing was refunded");
    assert_eq!(payment(&h, &key, &pay_id).await["amount_refunded"], 0);
    h.stop().await;
}

#[tokio::test]
async fn a_refunded_deposit_takes_back_its_credit_and_no_more() {
    let h = Harness::start().await;
    let key = make_key(&h, "back office").await;
    let ada = h.ada().await;
    let card = h.default_card(&ada).await;
    let mut request = req(
        Method::POST,
        "/api/deposits",
        Some(&ada),
        Some(saved(5000, &card)),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "dep-r".parse().unwrap());
    let deposit = h.send(request).await;
    assert_eq!(deposit.body["status"], "succeeded", "{}", deposit.text);
    let deposit_id = deposit.body["id"].as_str().unwrap();
    let credit_before = h.get("/api/summary", Some(&ada)).await.body["credit"]["amount"]
        .as_i64()
        .unwrap();

    let part = refund(&h, &key, deposit_id, "dep-refund", json!({"amount": 2000})).await;
    assert_eq!(part.body["status"], "succeeded", "{}", part.text);
    let credit_after = h.get("/api/summary", Some(&ada)).await.body["credit"]["amount"]
        .as_i64()
        .unwrap();
    assert_eq!(credit_after, credit_before - 2000);

    // The credit left is spent elsewhere: no refund can take more than is left.
    sqlx::query("UPDATE customers SET credit_balance = 100 WHERE id = ?")
        .bind(&ada.customer_id)
        .execute(&h.launched.state.pool)
        .await
        .unwrap();
    let spent = refund(&h, &key, deposit_id, "dep-refund-2", json!({"amount": 500})).await;
    assert_eq!(spent.status, StatusCode::CONFLICT, "{}", spent.text);
    assert_eq!(spent.code(), "not_refundable");
    h.stop().await;
}

#[tokio::test]
async fn payments_are_listed_by_customer_invoice_and_status() {
    let h = Harness::start().await;
    let key = make_key(&h, "back office").await;
    let ada = h.ada().await;
    let (pay_id, invoice) = paid(&h, &ada, 700, "list-1").await;
    let list = |q: String| {
        let key = key.clone();
        let h = &h;
        async move {
            v1(
                h,
                Method::GET,
                &format!("/v1/payments{q}"),
                Some(&key),
                None,
                None,
            )
            .await
        }
    };
    let mine = list(format!("?customer={}", ada.customer_id)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
    let data = mine.body["data"].as_array().unwrap();
    assert!(data
        .iter()
        .all(|p| p["customer"] == ada.customer_id.as_str()));
    assert!(data.iter().any(|p| p["id"] == pay_id.as_str()));
    let of_invoice = list(format!("?invoice={invoice}&status=succeeded")).await;
    assert!(of_invoice.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["invoice"] == invoice.as_str() && p["status"] == "succeeded"));
    let bad = list("?status=paid".into()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "invalid_query");
    let grace = h.grace().await;
    let foreign = list(format!(
        "?customer={}&starting_after={pay_id}",
        grace.customer_id
    ))
    .await;
    assert_eq!(foreign.code(), "invalid_query", "{}", foreign.text);
    let unknown = v1(
        &h,
        Method::GET,
        "/v1/payments/pay_nope",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    h.stop().await;
}
