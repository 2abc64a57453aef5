//! The business charges a customer's default card for an invoice
//! (`POST /v1/invoices/{id}/charge`, merchant-initiated): once per
//! Idempotency-Key, never above the balance; a card that asks for a code
//! leaves the payment `requires_action` and the customer is emailed a link
//! to finish it in the portal.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{billing, make_key, req, v1, Harness, Reply};

async fn charge(h: &Harness, key: &str, invoice: &str, idem: &str, body: Value) -> Reply {
    v1(
        h,
        Method::POST,
        &format!("/v1/invoices/{invoice}/charge"),
        Some(key),
        Some(idem),
        Some(body),
    )
    .await
}

async fn payments_of(h: &Harness, invoice: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = ?")
        .bind(invoice)
        .fetch_one(&h.launched.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn p1_an_invoice_is_charged_to_the_default_card_once_per_key() {
    let h = Harness::start().await;
    let key = make_key(&h, "autopay").await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "overdue").await;
    let default_card = h.default_card(&ada).await;

    let paid = charge(&h, &key, &invoice, "autopay-1", json!({"amount": 1000})).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text);
    assert_eq!(paid.body["status"], "succeeded");
    assert_eq!(paid.body["amount"], 1000);
    assert_eq!(paid.body["customer"], ada.customer_id.as_str());
    assert_eq!(h.balance_of(&ada, &invoice).await, balance - 1000);
    let seen = h
        .get(
            &format!("/api/payments/{}", paid.body["id"].as_str().unwrap()),
            Some(&ada),
        )
        .await;
    assert_eq!(
        seen.status,
        StatusCode::OK,
        "the customer sees it: {}",
        seen.text
    );
    let used: Option<String> =
        sqlx::query_scalar("SELECT payment_method_id FROM payments WHERE id = ?")
            .bind(paid.body["id"].as_str().unwrap())
            .fetch_one(&h.launched.state.pool)
            .await
            .unwrap();
    assert_eq!(used.as_deref(), Some(default_card.as_str()));

    // The same request again: the same payment, no second charge.
    let count = payments_of(&h, &invoice).await;
    let again = charge(&h, &key, &invoice, "autopay-1", json!({"amount": 1000})).await;
    assert_eq!(again.body["id"], paid.body["id"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(payments_of(&h, &invoice).await, count);
    assert_eq!(h.balance_of(&ada, &invoice).await, balance - 1000);

    // The rest of the balance, then nothing is left.
    let rest = charge(&h, &key, &invoice, "autopay-2", json!({})).await;
    assert_eq!(rest.body["amount"], balance - 1000, "{}", rest.text);
    assert_eq!(h.balance_of(&ada, &invoice).await, 0);
    let nothing = charge(&h, &key, &invoice, "autopay-3", json!({})).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert_eq!(nothing.code(), "invoice_paid");
    h.stop().await;
}

#[tokio::test]
async fn a_card_that_asks_for_a_code_waits_and_the_customer_is_sent_a_link() {
    let h = Harness::start().await;
    let key = make_key(&h, "autopay").await;
    let ada = h.ada().await;
    let tok = h.token("4000002760003184", "123").await;
    let added = h
        .call(
            Method::POST,
            "/api/payment-methods",
            Some(&ada),
            Some(json!({"token": tok, "make_default": true, "billing_address": billing()})),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let (invoice, balance) = h.invoice(&ada, "overdue").await;

    let waiting = charge(&h, &key, &invoice, "autopay-otp", json!({})).await;
    assert_eq!(waiting.status, StatusCode::CREATED, "{}", waiting.text);
    assert_eq!(waiting.body["status"], "requires_action");
    let payment = waiting.body["id"].as_str().unwrap();
    assert_eq!(
        h.balance_of(&ada, &invoice).await,
        balance,
        "nothing taken yet"
    );

    let outbox = h.get("/api/dev/outbox", None).await.body;
    let email = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"] == "ada@example.com")
        .unwrap()
        .clone();
    assert_eq!(
        email["link"],
        format!(
            "{}/invoices/{invoice}/pay?payment={payment}",
            h.launched.state.settings.public_url
        )
        .as_str()
    );
    // In the portal the payment waits for its code step.
    let seen = h.get(&format!("/api/payments/{payment}"), Some(&ada)).await;
    assert_eq!(seen.body["status"], "requires_action");
    assert!(seen.body["challenge"]["id"].as_str().is_some());
    h.stop().await;
}

#[tokio::test]
async fn charges_without_a_usable_card_or_balance_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "autopay").await;
    let made = v1(
        &h,
        Method::POST,
        "/v1/customers",
        Some(&key),
        Some("c-1"),
        Some(json!({"name": "Mary Jackson", "email": "mary@example.com"})),
    )
    .await;
    let mary = made.body["id"].as_str().unwrap();
    let invoice = v1(
        &h,
        Method::POST,
        "/v1/invoices",
        Some(&key),
        Some("i-1"),
        Some(
            json!({"customer": mary, "number": "M-1", "issue_date": "2026-12-01",
            "due_date": "2026-12-31", "currency": "usd",
            "lines": [{"description": "Service", "quantity": 1, "unit_amount": 5000}]}),
        ),
    )
    .await;
    let invoice_id = invoice.body["id"].as_str().unwrap();
    let no_card = charge(&h, &key, invoice_id, "m-1", json!({})).await;
    assert_eq!(no_card.status, StatusCode::CONFLICT, "{}", no_card.text);
    assert_eq!(no_card.code(), "default_card_required");
    assert_eq!(payments_of(&h, invoice_id).await, 0);

    let ada = h.ada().await;
    let (ada_invoice, balance) = h.invoice(&ada, "overdue").await;
    for (body, status, code) in [
        (
            json!({"amount": 0}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"amount": -1}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"amount": "5"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"amount": 5, "card": "x"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ] {
        let reply = charge(&h, &key, &ada_invoice, &format!("bad-{body}"), body.clone()).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.text);
        assert_eq!(reply.code(), code, "{body}");
    }
    let over = charge(
        &h,
        &key,
        &ada_invoice,
        "over",
        json!({"amount": balance + 1}),
    )
    .await;
    assert!(over.status.is_client_error(), "{}", over.text);
    assert_eq!(h.balance_of(&ada, &ada_invoice).await, balance);
    let unknown = charge(&h, &key, "inv_nope", "u", json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // A customer's session cannot charge.
    let mut request = req(
        Method::POST,
        &format!("/v1/invoices/{ada_invoice}/charge"),
        Some(&ada),
        Some(json!({})),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "cookie".parse().unwrap());
    assert_eq!(h.send(request).await.status, StatusCode::UNAUTHORIZED);
    h.stop().await;
}
