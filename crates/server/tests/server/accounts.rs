//! Home summary, invitations (A6), sub-accounts, payment links.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::harness::{make_key, new_card, req, saved, v1, Harness};

#[tokio::test]
async fn summary_matches_the_invoices() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let summary = h.get("/api/summary", Some(&ada)).await.body;
    let all = h.get("/api/invoices?per_page=100", Some(&ada)).await.body;
    let invoices = all["invoices"].as_array().unwrap();
    let balance: i64 = invoices
        .iter()
        .map(|i| i["balance_due"]["amount"].as_i64().unwrap())
        .sum();
    let overdue: i64 = invoices
        .iter()
        .filter(|i| i["status"] == "overdue")
        .map(|i| i["balance_due"]["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(summary["balance_due"]["amount"], balance);
    assert_eq!(summary["overdue"]["amount"], overdue);
    assert!(overdue > 0);
    let activity = summary["recent_activity"].as_array().unwrap();
    assert!(!activity.is_empty() && activity.len() <= 10);
    assert!(activity.iter().any(|a| a["kind"] == "payment_received"));
    assert!(activity.iter().any(|a| a["kind"] == "invoice_issued"));
    h.stop().await;
}

#[tokio::test]
async fn invoice_detail_has_lines_and_payments() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (id, _) = h.invoice(&ada, "partially_paid").await;
    let detail = h.get(&format!("/api/invoices/{id}"), Some(&ada)).await.body;
    let lines = detail["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    let sum: i64 = lines
        .iter()
        .map(|l| l["amount"]["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, detail["invoice"]["total"]["amount"].as_i64().unwrap());
    assert_eq!(detail["payments"][0]["status"], "succeeded");
    assert_eq!(
        h.get("/api/invoices/inv_nope", Some(&ada)).await.status,
        StatusCode::NOT_FOUND
    );
    h.stop().await;
}

#[tokio::test]
async fn a6_invitation_answers_are_the_same_for_unknown_and_known_emails() {
    let h = Harness::start().await;
    let known = h
        .call(
            Method::POST,
            "/api/invitations",
            None,
            Some(json!({"email": "katherine@example.com"})),
        )
        .await;
    let unknown = h
        .call(
            Method::POST,
            "/api/invitations",
            None,
            Some(json!({"email": "stranger@example.com"})),
        )
        .await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));

    let outbox = h.get("/api/dev/outbox", None).await.body;
    let messages = outbox["messages"].as_array().unwrap();
    assert!(messages.iter().all(|m| m["to"] != "stranger@example.com"));
    let invite = messages
        .iter()
        .rev()
        .find(|m| m["to"] == "katherine@example.com")
        .unwrap();
    let link = invite["link"].as_str().unwrap();
    let token = link.split("token=").nth(1).unwrap();

    let weak = h
        .call(
            Method::POST,
            "/api/invitations/accept",
            None,
            Some(json!({"token": token, "password": "short"})),
        )
        .await;
    assert_eq!(weak.code(), "weak_password");
    let set = h
        .call(
            Method::POST,
            "/api/invitations/accept",
            None,
            Some(json!({"token": token, "password": "a-long-new-password"})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body["customer"]["email"], "katherine@example.com");
    assert!(set.header("set-cookie").unwrap().contains("HttpOnly"));
    let again = h
        .call(
            Method::POST,
            "/api/invitations/accept",
            None,
            Some(json!({"token": token, "password": "another-long-password"})),
        )
        .await;
    assert_eq!(again.code(), "invalid_link", "links are single use");
    h.login("katherine@example.com", "a-long-new-password")
        .await;
    h.stop().await;
}

#[tokio::test]
async fn dev_outbox_exists_only_in_demo_mode() {
    let h = Harness::start_with(|c| c.demo = false).await;
    assert_eq!(
        h.get("/api/dev/outbox", None).await.status,
        StatusCode::NOT_FOUND
    );
    h.stop().await;
}

#[tokio::test]
async fn a5_sub_accounts_show_balances_never_cards() {
    let h = Harness::start().await;
    let reseller = h.login("reseller@example.com", "portal-demo-3").await;
    let session = h.get("/api/session", Some(&reseller)).await.body;
    assert_eq!(
        session["customer"]["has_sub_accounts"], true,
        "the session tells the SPA to offer Sub-accounts"
    );
    let reply = h.get("/api/sub-accounts", Some(&reseller)).await;
    let subs = reply.body["sub_accounts"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    assert!(subs
        .iter()
        .all(|s| s["balance_due"]["amount"].as_i64().unwrap() > 0));
    assert!(!reply.text.contains("last4") && !reply.text.contains("spm_"));
    // The reseller's own cards do not include the sub-account's.
    let cards = h.get("/api/payment-methods", Some(&reseller)).await.body;
    assert_eq!(cards["payment_methods"].as_array().unwrap().len(), 1);
    let ada = h.ada().await;
    assert_eq!(
        h.get("/api/session", Some(&ada)).await.body["customer"]["has_sub_accounts"],
        false
    );
    assert!(
        h.get("/api/sub-accounts", Some(&ada)).await.body["sub_accounts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    h.stop().await;
}

#[tokio::test]
async fn payment_link_pays_its_one_invoice_without_login() {
    let h = Harness::start().await;
    let link = h.launched.demo_payment_link.clone().unwrap();
    let token = link.rsplit("/pay/").next().unwrap().to_owned();
    let shown = h.get(&format!("/api/pay-links/{token}"), None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert_eq!(shown.body["customer_name"], "Grace Hopper");
    let balance = shown.body["invoice"]["invoice"]["balance_due"]["amount"]
        .as_i64()
        .unwrap();

    let mut tampered = token.clone();
    tampered.push('0');
    assert_eq!(
        h.get(&format!("/api/pay-links/{tampered}"), None)
            .await
            .code(),
        "invalid_link"
    );

    // Saved cards are not usable through a link.
    let grace = h.grace().await;
    let card = h.default_card(&grace).await;
    let mut request = req(
        Method::POST,
        &format!("/api/pay-links/{token}/payments"),
        None,
        Some(saved(balance, &card)),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "link-1".parse().unwrap());
    assert_eq!(h.send(request).await.status, StatusCode::NOT_FOUND);

    let tok = h.token("4242424242424242", "123").await;
    let mut request = req(
        Method::POST,
        &format!("/api/pay-links/{token}/payments"),
        None,
        Some(new_card(balance, &tok, true, true)),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "link-2".parse().unwrap());
    let paid = h.send(request).await;
    assert_eq!(paid.body["status"], "succeeded", "{}", paid.text);
    assert!(
        paid.body["saved_payment_method_id"].is_null(),
        "a link never saves cards"
    );
    let payment = paid.body["id"].as_str().unwrap();
    assert_eq!(
        h.get(&format!("/api/pay-links/{token}/payments/{payment}"), None)
            .await
            .body["status"],
        "succeeded"
    );
    let after = h.get(&format!("/api/pay-links/{token}"), None).await.body;
    assert_eq!(after["invoice"]["invoice"]["status"], "paid");
    h.stop().await;
}

#[tokio::test]
async fn expired_payment_links_are_gone() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let (invoice, _) = h.invoice(&ada, "open").await;
    let key = make_key(&h, "billing").await;
    let created = v1(
        &h,
        Method::POST,
        "/v1/payment-links",
        Some(&key),
        Some("short-link"),
        Some(json!({"invoice": invoice, "expires_in": 60})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let token = created.body["url"]
        .as_str()
        .unwrap()
        .rsplit("/pay/")
        .next()
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        parts[1].parse::<i64>().unwrap() + 86400,
        parts[2]
    );
    assert_eq!(
        h.get(&format!("/api/pay-links/{forged}"), None)
            .await
            .code(),
        "invalid_link"
    );
    let old = format!("{}.{}.x", parts[0], 1);
    assert_eq!(
        h.get(&format!("/api/pay-links/{old}"), None).await.status,
        StatusCode::BAD_REQUEST
    );
    h.stop().await;
}

#[tokio::test]
async fn i1_openapi_document_lists_every_endpoint() {
    let h = Harness::start().await;
    let doc = h.get("/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.body["openapi"], "3.1.0");
    let paths = doc.body["paths"].as_object().unwrap();
    for p in [
        "/api/config",
        "/api/session",
        "/api/summary",
        "/api/invoices",
        "/api/invoices/{id}",
        "/api/invoices/{id}/payments",
        "/api/deposits",
        "/api/payments/{id}",
        "/api/payments/{id}/confirm",
        "/api/payment-methods",
        "/api/payment-methods/{id}",
        "/api/payment-methods/{id}/default",
        "/api/payment-methods/history",
        "/api/invitations",
        "/api/invitations/accept",
        "/api/sub-accounts",
        "/api/pay-links/{token}",
        "/api/pay-links/{token}/payments",
        "/api/dev/outbox",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    // Every $ref resolves.
    let schemas = doc.body["components"]["schemas"].as_object().unwrap();
    for r in doc.text.split("#/components/schemas/").skip(1) {
        let name = r.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is defined");
    }
    h.stop().await;
}
