//! Paying invoices: idempotency (P1, P2, P4), amounts (P6), test cards (P5),
//! the code step (O5), ownership (A5), a card saved while paying and an
//! abandoned code step (A7).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::http::{Method, StatusCode};
use portal_server::gateway::{
    ChargeRequest, Gateway, GatewayCharge, GatewayError, GatewayFuture, GatewayPaymentMethod,
    GatewayRefund,
};
use serde_json::json;

use super::harness::{new_card, req, saved, Harness};

#[tokio::test]
async fn p1_pay_with_saved_card_then_replay_gives_the_same_answer_and_one_charge() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let card = h.default_card(&ada).await;
    let first = h.pay(&ada, &invoice, "key-1", saved(balance, &card)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["status"], "succeeded");
    assert_eq!(first.body["receipt"]["amount"]["amount"], balance);
    assert_eq!(first.body["receipt"]["card_last4"], "4242");
    assert_eq!(first.body["receipt"]["business_name"], "Northwind Supplies");
    assert!(first.body["receipt"]["reference"]
        .as_str()
        .unwrap()
        .starts_with("RCPT-"));
    assert_eq!(h.balance_of(&ada, &invoice).await, 0);

    let again = h.pay(&ada, &invoice, "key-1", saved(balance, &card)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the same answer");
    assert_eq!(h.balance_of(&ada, &invoice).await, 0);
    let detail = h
        .get(&format!("/api/invoices/{invoice}"), Some(&ada))
        .await
        .body;
    assert_eq!(
        detail["payments"].as_array().unwrap().len(),
        1,
        "one payment recorded"
    );
    assert_eq!(detail["invoice"]["status"], "paid");
    h.stop().await;
}

#[tokio::test]
async fn p1_same_key_with_a_different_body_is_refused() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "overdue").await;
    let card = h.default_card(&ada).await;
    assert_eq!(
        h.pay(&ada, &invoice, "key-x", saved(100, &card)).await.body["status"],
        "succeeded"
    );
    let other = h.pay(&ada, &invoice, "key-x", saved(200, &card)).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.code(), "idempotency_key_reused");
    assert_eq!(h.balance_of(&ada, &invoice).await, balance - 100);
    h.stop().await;
}

#[tokio::test]
async fn p1_fifty_concurrent_duplicates_charge_once() {
    let h = Arc::new(Harness::start().await);
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "overdue").await;
    let card = h.default_card(&ada).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (h, ada, invoice, card) = (h.clone(), ada.clone(), invoice.clone(), card.clone());
        tasks.push(tokio::spawn(async move {
            h.pay(&ada, &invoice, "dup-key", saved(balance, &card))
                .await
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let reply = t.await.unwrap();
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["status"], "succeeded");
        ids.insert(reply.body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "one payment");
    assert_eq!(h.balance_of(&ada, &invoice).await, 0);
    let charges: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT gateway_charge_id) FROM payments WHERE invoice_id = ?",
    )
    .bind(&invoice)
    .fetch_one(&h.launched.state.pool)
    .await
    .unwrap();
    assert_eq!(charges, 1, "one gateway charge");
}

#[tokio::test]
async fn p2_idempotency_key_is_required_and_at_most_255_characters() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let card = h.default_card(&ada).await;
    let missing = h
        .call(
            Method::POST,
            &format!("/api/invoices/{invoice}/payments"),
            Some(&ada),
            Some(saved(balance, &card)),
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.code(), "invalid_idempotency_key");
    let long = h
        .pay(&ada, &invoice, &"k".repeat(256), saved(balance, &card))
        .await;
    assert_eq!(long.code(), "invalid_idempotency_key");
    let ok = h
        .pay(&ada, &invoice, &"k".repeat(255), saved(balance, &card))
        .await;
    assert_eq!(ok.body["status"], "succeeded");
    h.stop().await;
}

#[tokio::test]
async fn p6_amounts_never_exceed_the_balance_and_partial_payments_are_partial() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let card = h.default_card(&ada).await;
    for (amount, currency) in [
        (balance + 1, "usd"),
        (0, "usd"),
        (-5, "usd"),
        (100, "eur"),
        (100_000_000_000, "usd"),
    ] {
        let mut body = saved(amount, &card);
        body["amount"]["currency"] = json!(currency);
        let reply = h
            .pay(&ada, &invoice, &format!("amt-{amount}-{currency}"), body)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{amount} {currency}: {}",
            reply.text
        );
        assert_eq!(reply.code(), "invalid_amount");
    }
    let float = h.pay(&ada, &invoice, "float", json!({"amount": {"amount": 10.5, "currency": "usd"}, "source": {"type": "saved_card", "payment_method_id": card}, "billing_address": super::harness::billing()})).await;
    assert_eq!(float.code(), "invalid_request", "no floats");
    assert_eq!(
        h.balance_of(&ada, &invoice).await,
        balance,
        "nothing changed"
    );

    let part = h
        .pay(&ada, &invoice, "part", saved(balance / 2, &card))
        .await;
    assert_eq!(part.body["status"], "succeeded");
    let detail = h
        .get(&format!("/api/invoices/{invoice}"), Some(&ada))
        .await
        .body;
    assert_eq!(detail["invoice"]["status"], "partially_paid");
    assert_eq!(
        detail["invoice"]["balance_due"]["amount"],
        balance - balance / 2
    );
    h.stop().await;
}

#[tokio::test]
async fn p5_declines_carry_a_code_and_plain_words_and_change_nothing() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    for (number, code) in [
        ("4000000000000002", "generic_decline"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
        ("4000000000000127", "incorrect_cvc"),
        ("4000000000000119", "processing_error"),
    ] {
        let token = h.token(number, "123").await;
        let reply = h
            .pay(
                &ada,
                &invoice,
                &format!("decline-{number}"),
                new_card(balance, &token, false, false),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert!(
            ["declined", "failed"].contains(&reply.body["status"].as_str().unwrap()),
            "{}",
            reply.text
        );
        assert_eq!(reply.body["decline"]["code"], code);
        let message = reply.body["decline"]["message"].as_str().unwrap();
        assert!(
            message.len() > 10 && !message.contains('_'),
            "plain words: {message}"
        );
        assert!(reply.body["receipt"].is_null());
    }
    assert_eq!(h.balance_of(&ada, &invoice).await, balance);
    h.stop().await;
}

#[tokio::test]
async fn o5_a_code_step_payment_succeeds_only_after_the_gateway_says_so() {
    let h = Harness::start().await;
    let grace = h.grace().await;
    let (invoice, balance) = h.invoice(&grace, "open").await;
    let card = h.default_card(&grace).await;
    let started = h
        .pay(&grace, &invoice, "otp-1", saved(balance, &card))
        .await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    let challenge = started.body["challenge"].clone();
    assert_eq!(challenge["phone_last2"], "42");
    assert!(challenge["client_secret"].as_str().unwrap().len() > 10);
    let payment = started.body["id"].as_str().unwrap().to_owned();

    // Skipping the code step charges nothing.
    let early = h
        .call(
            Method::POST,
            &format!("/api/payments/{payment}/confirm"),
            Some(&grace),
            None,
        )
        .await;
    assert_eq!(early.body["status"], "requires_action");
    assert_eq!(h.balance_of(&grace, &invoice).await, balance);

    let code = h.otp_code(challenge["id"].as_str().unwrap()).await;
    let verified = h.verify_otp(&challenge, &code).await;
    assert_eq!(verified["status"], "succeeded", "{verified}");
    let done = h
        .call(
            Method::POST,
            &format!("/api/payments/{payment}/confirm"),
            Some(&grace),
            None,
        )
        .await;
    assert_eq!(done.body["status"], "succeeded", "{}", done.text);
    assert!(done.body["challenge"].is_null());
    assert_eq!(h.balance_of(&grace, &invoice).await, 0);
    // After a reload the truth is the same.
    let reloaded = h
        .get(&format!("/api/payments/{payment}"), Some(&grace))
        .await;
    assert_eq!(reloaded.body["status"], "succeeded");
    h.stop().await;
}

#[tokio::test]
async fn new_card_saved_and_made_default_while_paying() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let token = h.token("5555555555554444", "321").await;
    let reply = h
        .pay(
            &ada,
            &invoice,
            "save-1",
            new_card(balance, &token, true, true),
        )
        .await;
    assert_eq!(reply.body["status"], "succeeded", "{}", reply.text);
    let saved_id = reply.body["saved_payment_method_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(h.default_card(&ada).await, saved_id);

    let (other, other_balance) = h.invoice(&ada, "overdue").await;
    let declined = h.token("4000000000000002", "123").await;
    let reply = h
        .pay(
            &ada,
            &other,
            "save-2",
            new_card(other_balance, &declined, true, false),
        )
        .await;
    assert_eq!(reply.body["status"], "declined");
    let cards = h.get("/api/payment-methods", Some(&ada)).await.body;
    assert!(
        !cards["payment_methods"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["last4"] == "0002"),
        "a card saved for a declined payment is not kept"
    );
    h.stop().await;
}

#[tokio::test]
async fn a5_another_customers_invoice_card_and_payment_are_404_and_nothing_changes() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let grace = h.grace().await;
    let (ada_invoice, ada_balance) = h.invoice(&ada, "open").await;
    let ada_card = h.default_card(&ada).await;
    let grace_card = h.default_card(&grace).await;
    let (grace_invoice, _) = h.invoice(&grace, "overdue").await;

    assert_eq!(
        h.get(&format!("/api/invoices/{ada_invoice}"), Some(&grace))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let charge = h
        .pay(
            &grace,
            &ada_invoice,
            "idor-1",
            saved(ada_balance, &grace_card),
        )
        .await;
    assert_eq!(charge.status, StatusCode::NOT_FOUND);
    assert_eq!(charge.code(), "not_found");
    let with_card = h
        .pay(&grace, &grace_invoice, "idor-2", saved(100, &ada_card))
        .await;
    assert_eq!(
        with_card.status,
        StatusCode::NOT_FOUND,
        "Ada's card cannot pay Grace's invoice"
    );
    let default = h
        .call(
            Method::POST,
            &format!("/api/payment-methods/{ada_card}/default"),
            Some(&grace),
            None,
        )
        .await;
    assert_eq!(default.status, StatusCode::NOT_FOUND);
    let delete = h
        .call(
            Method::DELETE,
            &format!("/api/payment-methods/{ada_card}"),
            Some(&grace),
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let patch = h
        .call(
            Method::PATCH,
            &format!("/api/payment-methods/{ada_card}"),
            Some(&grace),
            Some(json!({"exp_month": 1, "exp_year": 2031})),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);

    let paid = h
        .pay(&ada, &ada_invoice, "mine", saved(ada_balance, &ada_card))
        .await;
    let payment = paid.body["id"].as_str().unwrap();
    assert_eq!(
        h.get(&format!("/api/payments/{payment}"), Some(&grace))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let confirm = h
        .call(
            Method::POST,
            &format!("/api/payments/{payment}/confirm"),
            Some(&grace),
            None,
        )
        .await;
    assert_eq!(confirm.status, StatusCode::NOT_FOUND);

    assert_eq!(h.default_card(&ada).await, ada_card, "nothing changed");
    assert_eq!(
        h.get("/api/payment-methods", Some(&ada)).await.body["payment_methods"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    h.stop().await;
}

#[tokio::test]
async fn expired_card_cannot_pay() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
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
    let reply = h.pay(&ada, &invoice, "exp", saved(balance, &expired)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.code(), "card_expired");
    h.stop().await;
}

#[tokio::test]
async fn deposits_are_credited_on_account() {
    let h = Harness::start().await;
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
        .insert("idempotency-key", "dep-1".parse().unwrap());
    let reply = h.send(request).await;
    assert_eq!(reply.body["status"], "succeeded", "{}", reply.text);
    assert_eq!(reply.body["kind"], "deposit");
    let summary = h.get("/api/summary", Some(&ada)).await.body;
    assert_eq!(summary["credit"]["amount"], 5000);
    assert_eq!(summary["recent_activity"][0]["kind"], "deposit_received");
    h.stop().await;
}

/// A gateway whose first charge answer is lost on the way back (the charge
/// happened), like a dropped connection.
struct DropFirstAnswer {
    inner: Arc<dyn Gateway>,
    dropped: AtomicBool,
}

impl Gateway for DropFirstAnswer {
    fn create_customer<'a>(&'a self, email: &'a str, name: &'a str) -> GatewayFuture<'a, String> {
        self.inner.create_customer(email, name)
    }
    fn attach<'a>(
        &'a self,
        token: &'a str,
        customer: &'a str,
    ) -> GatewayFuture<'a, GatewayPaymentMethod> {
        self.inner.attach(token, customer)
    }
    fn list_payment_methods<'a>(
        &'a self,
        customer: &'a str,
    ) -> GatewayFuture<'a, Vec<GatewayPaymentMethod>> {
        self.inner.list_payment_methods(customer)
    }
    fn detach<'a>(&'a self, pm: &'a str) -> GatewayFuture<'a, ()> {
        self.inner.detach(pm)
    }
    fn update_expiry<'a>(
        &'a self,
        pm: &'a str,
        m: i64,
        y: i64,
    ) -> GatewayFuture<'a, GatewayPaymentMethod> {
        self.inner.update_expiry(pm, m, y)
    }
    fn charge<'a>(
        &'a self,
        request: &'a ChargeRequest,
        key: &'a str,
    ) -> GatewayFuture<'a, GatewayCharge> {
        Box::pin(async move {
            let charge = self.inner.charge(request, key).await?;
            if !self.dropped.swap(true, Ordering::SeqCst) {
                return Err(GatewayError::Unavailable("connection reset".into()));
            }
            Ok(charge)
        })
    }
    fn get_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge> {
        self.inner.get_charge(id)
    }
    fn cancel_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge> {
        self.inner.cancel_charge(id)
    }
    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: i64,
        key: &'a str,
    ) -> GatewayFuture<'a, GatewayRefund> {
        self.inner.refund(charge, amount, key)
    }
}

#[tokio::test]
async fn p4_first_answer_dropped_retry_with_same_key_charges_once() {
    let h = Harness::start().await;
    let mut state = h.launched.state.clone();
    state.gateway = Arc::new(DropFirstAnswer {
        inner: state.gateway.clone(),
        dropped: AtomicBool::new(false),
    });
    let router = portal_server::app(state);
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "overdue").await;
    let card = h.default_card(&ada).await;
    let send = |router: axum::Router| {
        let mut request = req(
            Method::POST,
            &format!("/api/invoices/{invoice}/payments"),
            Some(&ada),
            Some(saved(balance, &card)),
        );
        request
            .headers_mut()
            .insert("idempotency-key", "net-1".parse().unwrap());
        async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let response = router.oneshot(request).await.unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
        }
    };
    let first = send(router.clone()).await;
    assert_eq!(first["status"], "pending", "outcome unknown: {first}");
    assert_eq!(
        h.balance_of(&ada, &invoice).await,
        balance,
        "not recorded as paid yet"
    );
    let retry = send(router.clone()).await;
    assert_eq!(retry["status"], "succeeded", "{retry}");
    assert_eq!(retry["id"], first["id"]);
    assert_eq!(h.balance_of(&ada, &invoice).await, 0);
    let gateway_keys: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND status = 'succeeded'",
    )
    .bind(&invoice)
    .fetch_one(&h.launched.state.pool)
    .await
    .unwrap();
    assert_eq!(gateway_keys, 1);
    h.stop().await;
}

#[tokio::test]
async fn p3_a_payment_cut_off_mid_way_is_resumed_after_restart_and_charged_once() {
    let h = Harness::start().await;
    let mut state = h.launched.state.clone();
    state.gateway = Arc::new(DropFirstAnswer {
        inner: state.gateway.clone(),
        dropped: AtomicBool::new(false),
    });
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "overdue").await;
    let card = h.default_card(&ada).await;
    // The server charges, then "dies" before recording the outcome.
    let mut request = req(
        Method::POST,
        &format!("/api/invoices/{invoice}/payments"),
        Some(&ada),
        Some(saved(balance, &card)),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "crash-1".parse().unwrap());
    let response = tower::ServiceExt::oneshot(portal_server::app(state), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let h = h.restart().await;
    let ada = h.ada().await;
    assert_eq!(h.balance_of(&ada, &invoice).await, 0, "resumed at start-up");
    let detail = h
        .get(&format!("/api/invoices/{invoice}"), Some(&ada))
        .await
        .body;
    let payments = detail["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "succeeded");
    // The client's retry after the restart gets the same payment.
    let retry = h
        .pay(&ada, &invoice, "crash-1", saved(balance, &card))
        .await;
    assert_eq!(retry.body["id"], payments[0]["id"]);
    assert_eq!(retry.body["status"], "succeeded");
    h.stop().await;
}

#[tokio::test]
async fn a7_repeated_declines_are_throttled_per_customer() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, _) = h.invoice(&ada, "overdue").await;
    for i in 0..10 {
        let token = h.token("4000000000000002", "123").await;
        let reply = h
            .pay(
                &ada,
                &invoice,
                &format!("testing-{i}"),
                new_card(100, &token, false, false),
            )
            .await;
        assert_eq!(reply.body["status"], "declined", "{}", reply.text);
    }
    let token = h.token("4242424242424242", "123").await;
    let blocked = h
        .pay(
            &ada,
            &invoice,
            "testing-ok",
            new_card(100, &token, false, false),
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.code(), "rate_limited");
    assert!(blocked.header("retry-after").is_some());
    // Other customers are not affected.
    let grace = h.grace().await;
    let (g_invoice, _) = h.invoice(&grace, "overdue").await;
    let token = h.token("4242424242424242", "123").await;
    assert_eq!(
        h.pay(
            &grace,
            &g_invoice,
            "grace-ok",
            new_card(100, &token, false, false)
        )
        .await
        .body["status"],
        "succeeded"
    );
    h.stop().await;
}

#[tokio::test]
async fn payments_are_listed_newest_first_with_receipts() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let card = h.default_card(&ada).await;
    let paid = h.pay(&ada, &invoice, "list-1", saved(balance, &card)).await;
    let list = h.get("/api/payments?per_page=5", Some(&ada)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["payments"][0]["id"], paid.body["id"]);
    assert_eq!(list.body["payments"][0]["receipt"], paid.body["receipt"]);
    assert!(
        list.body["total"].as_u64().unwrap() > 1,
        "the demo history is there too"
    );
    let grace = h.grace().await;
    let theirs = h.get("/api/payments?per_page=100", Some(&grace)).await;
    assert!(
        !theirs.text.contains(paid.body["id"].as_str().unwrap()),
        "A5: only one's own payments"
    );
    assert_eq!(
        h.get("/api/payments?page=0", Some(&ada)).await.code(),
        "invalid_query"
    );
    h.stop().await;
}

/// A test card that asks for a one-time code on its first charge.
const OTP_CARD: &str = "4000002760003184";

/// The last fours of the customer's cards, as the Payment methods page lists them.
async fn listed_last4s(h: &Harness, login: &super::harness::Login) -> Vec<String> {
    let list = h.get("/api/payment-methods", Some(login)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.body["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["last4"].as_str().unwrap().to_owned())
        .collect()
}

/// The last fours of the customer's cards attached at the gateway.
async fn attached_last4s(h: &Harness, customer_id: &str) -> Vec<String> {
    let gcus: String = sqlx::query_scalar("SELECT gateway_customer_id FROM customers WHERE id = ?")
        .bind(customer_id)
        .fetch_one(&h.launched.state.pool)
        .await
        .unwrap();
    h.launched
        .state
        .gateway
        .list_payment_methods(&gcus)
        .await
        .unwrap()
        .into_iter()
        .map(|pm| pm.card.last4)
        .collect()
}

/// Moves a payment's start `secs` seconds into the past (the server reads
/// the wall clock; its age is what ends an abandoned code step).
async fn age_payment(h: &Harness, payment: &str, secs: i64) {
    sqlx::query(
        "UPDATE payments SET created_at = created_at - ?, updated_at = updated_at - ? WHERE id = ?",
    )
    .bind(secs)
    .bind(secs)
    .bind(payment)
    .execute(&h.launched.state.pool)
    .await
    .unwrap();
}

async fn confirm(
    h: &Harness,
    login: &super::harness::Login,
    payment: &str,
) -> super::harness::Reply {
    h.call(
        Method::POST,
        &format!("/api/payments/{payment}/confirm"),
        Some(login),
        None,
    )
    .await
}

#[tokio::test]
async fn a7_card_saved_during_code_step_is_kept_only_on_success() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let default_before = h.default_card(&ada).await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let token = h.token(OTP_CARD, "123").await;
    let started = h
        .pay(
            &ada,
            &invoice,
            "save-otp-1",
            new_card(balance, &token, true, true),
        )
        .await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    assert!(started.body["saved_payment_method_id"].is_null());
    let payment = started.body["id"].as_str().unwrap().to_owned();

    // While the code step is open the card is none of Ada's cards: not
    // listed, not the default, not in the history.
    assert!(!listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));
    assert_eq!(h.default_card(&ada).await, default_before);
    let history = h.get("/api/payment-methods/history", Some(&ada)).await;
    assert!(!history.text.contains("3184"), "{}", history.text);
    let early = confirm(&h, &ada, &payment).await;
    assert_eq!(early.body["status"], "requires_action");
    assert!(!listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));

    // The code passes: the payment succeeds and the card is kept, as the
    // default Ada asked for.
    let challenge = started.body["challenge"].clone();
    let code = h.otp_code(challenge["id"].as_str().unwrap()).await;
    assert_eq!(h.verify_otp(&challenge, &code).await["status"], "succeeded");
    let done = confirm(&h, &ada, &payment).await;
    assert_eq!(done.body["status"], "succeeded", "{}", done.text);
    let saved_id = done.body["saved_payment_method_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(h.default_card(&ada).await, saved_id);
    assert!(listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));
    let history = h.get("/api/payment-methods/history", Some(&ada)).await;
    assert!(
        history.text.contains("Saved while paying"),
        "{}",
        history.text
    );
    assert!(attached_last4s(&h, &ada.customer_id)
        .await
        .contains(&"3184".to_owned()));
    h.stop().await;
}

#[tokio::test]
async fn a7_card_saved_during_a_failed_or_abandoned_code_step_is_not_kept() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;

    // Five wrong codes: declined, the card is not kept, nor attached.
    let token = h.token(OTP_CARD, "123").await;
    let started = h
        .pay(
            &ada,
            &invoice,
            "save-otp-wrong",
            new_card(balance, &token, true, false),
        )
        .await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    let payment = started.body["id"].as_str().unwrap().to_owned();
    let challenge = started.body["challenge"].clone();
    for _ in 0..5 {
        h.verify_otp(&challenge, "000000").await;
    }
    let declined = confirm(&h, &ada, &payment).await;
    assert_eq!(declined.body["status"], "declined", "{}", declined.text);
    assert!(declined.body["saved_payment_method_id"].is_null());
    assert!(!listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));
    assert!(!attached_last4s(&h, &ada.customer_id)
        .await
        .contains(&"3184".to_owned()));

    // Abandoned: half an hour later the step has ended, the card with it.
    let token = h.token(OTP_CARD, "123").await;
    let started = h
        .pay(
            &ada,
            &invoice,
            "save-otp-left",
            new_card(balance, &token, true, true),
        )
        .await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    let payment = started.body["id"].as_str().unwrap().to_owned();
    let challenge = started.body["challenge"].clone();
    let code = h.otp_code(challenge["id"].as_str().unwrap()).await;
    age_payment(&h, &payment, 30 * 60).await;
    let ended = h.get(&format!("/api/payments/{payment}"), Some(&ada)).await;
    assert_eq!(ended.body["status"], "failed", "{}", ended.text);
    assert_eq!(ended.body["decline"]["code"], "authentication_failed");
    assert!(ended.body["challenge"].is_null());
    assert!(ended.body["saved_payment_method_id"].is_null());
    assert!(!listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));
    assert!(!attached_last4s(&h, &ada.customer_id)
        .await
        .contains(&"3184".to_owned()));
    // The code the customer still holds no longer pays anything.
    assert_eq!(h.verify_otp(&challenge, &code).await["status"], "expired");
    assert_eq!(confirm(&h, &ada, &payment).await.body["status"], "failed");
    assert_eq!(h.balance_of(&ada, &invoice).await, balance);
    let history = h.get("/api/payment-methods/history", Some(&ada)).await;
    assert!(!history.text.contains("3184"), "{}", history.text);
    h.stop().await;
}

#[tokio::test]
async fn a7_an_open_code_step_expires_after_thirty_minutes() {
    let h = Harness::start().await;
    let grace = h.grace().await;
    let (invoice, balance) = h.invoice(&grace, "open").await;
    let card = h.default_card(&grace).await;
    let started = h
        .pay(&grace, &invoice, "left-open", saved(balance, &card))
        .await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    let payment = started.body["id"].as_str().unwrap().to_owned();
    let challenge = started.body["challenge"].clone();

    // At 29 minutes it is open and holds the balance.
    age_payment(&h, &payment, 29 * 60).await;
    let read = h
        .get(&format!("/api/payments/{payment}"), Some(&grace))
        .await;
    assert_eq!(read.body["status"], "requires_action", "{}", read.text);
    let held = h
        .pay(&grace, &invoice, "while-open", saved(balance, &card))
        .await;
    assert_eq!(held.code(), "invoice_paid", "{}", held.text);

    // At 30 it has ended: a new payment may start, and a code sent later
    // (the customer asks for one) passes nothing.
    age_payment(&h, &payment, 60).await;
    let again = h
        .pay(&grace, &invoice, "after-expiry", saved(balance, &card))
        .await;
    assert_eq!(again.body["status"], "requires_action", "{}", again.text);
    let listed = h.get("/api/payments", Some(&grace)).await.body;
    let old = listed["payments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == payment.as_str())
        .unwrap()
        .clone();
    assert_eq!(old["status"], "failed", "{old}");
    assert_eq!(old["decline"]["code"], "authentication_failed");
    assert!(old["decline"]["message"]
        .as_str()
        .unwrap()
        .contains("30 minutes"));
    let code = h.otp_code(challenge["id"].as_str().unwrap()).await;
    assert_eq!(h.verify_otp(&challenge, &code).await["status"], "expired");
    assert_eq!(confirm(&h, &grace, &payment).await.body["status"], "failed");
    assert_eq!(h.balance_of(&grace, &invoice).await, balance);
    h.stop().await;
}

#[tokio::test]
async fn a7_a_card_in_an_open_code_step_is_refused_removal_as_card_in_use() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let token = h.token(OTP_CARD, "123").await;
    let added = h
        .call(
            Method::POST,
            "/api/payment-methods",
            Some(&ada),
            Some(json!({"token": token, "make_default": false})),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let card = added.body["id"].as_str().unwrap().to_owned();
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let started = h.pay(&ada, &invoice, "in-use", saved(balance, &card)).await;
    assert_eq!(
        started.body["status"], "requires_action",
        "{}",
        started.text
    );
    let payment = started.body["id"].as_str().unwrap().to_owned();

    let path = format!("/api/payment-methods/{card}");
    let refused = h.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "card_in_use", "{}", refused.text);
    assert!(refused.body["message"]
        .as_str()
        .unwrap()
        .contains("one-time code"));
    assert!(listed_last4s(&h, &ada).await.contains(&"3184".to_owned()));

    // Once the step is abandoned, the card can go.
    age_payment(&h, &payment, 30 * 60).await;
    let removed = h.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let ended = h.get(&format!("/api/payments/{payment}"), Some(&ada)).await;
    assert_eq!(ended.body["status"], "failed", "{}", ended.text);
    h.stop().await;
}
