//! Payment links made by the business (`/v1/payment-links`): kept on the
//! server beside their signature, so that a revoked link stops at once and
//! a paid invoice's link takes no more money; bad requests change nothing.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{make_key, new_card, req, v1, Harness, Reply};

/// The token at the end of a link's URL.
fn token_of(link: &Value) -> String {
    link["url"]
        .as_str()
        .unwrap()
        .rsplit("/pay/")
        .next()
        .unwrap()
        .to_owned()
}

async fn make_link(h: &Harness, key: &str, idempotency_key: &str, body: Value) -> Reply {
    v1(
        h,
        Method::POST,
        "/v1/payment-links",
        Some(key),
        Some(idempotency_key),
        Some(body),
    )
    .await
}

/// Pays the whole balance through a link with a new card.
async fn pay_through(h: &Harness, token: &str, amount: i64, idempotency_key: &str) -> Reply {
    let tok = h.token("4242424242424242", "123").await;
    let mut request = req(
        Method::POST,
        &format!("/api/pay-links/{token}/payments"),
        None,
        Some(new_card(amount, &tok, false, false)),
    );
    request
        .headers_mut()
        .insert("idempotency-key", idempotency_key.parse().unwrap());
    h.send(request).await
}

#[tokio::test]
async fn a_link_made_by_the_business_is_emailed_shown_and_listed() {
    let h = Harness::start().await;
    let key = make_key(&h, "billing").await;
    let grace = h.grace().await;
    let (invoice, balance) = h.invoice(&grace, "open").await;
    let emails_before = h.emails_to("grace@example.com").await.len();

    let made = make_link(
        &h,
        &key,
        "link-1",
        json!({"invoice": invoice, "expires_in": 3600}),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert!(made.body["id"].as_str().unwrap().starts_with("pl_"));
    assert_eq!(made.body["invoice"], invoice.as_str());
    assert_eq!(made.body["customer"], grace.customer_id.as_str());
    assert_eq!(made.body["status"], "active");
    assert!(made.body["revoked_at"].is_null());

    // Emailed to the invoice's customer, with the very URL.
    let emails = h.emails_to("grace@example.com").await;
    assert_eq!(emails.len(), emails_before + 1);
    assert_eq!(emails.last().unwrap()["link"], made.body["url"]);

    // The link shows the invoice to anyone holding it.
    let token = token_of(&made.body);
    let shown = h.get(&format!("/api/pay-links/{token}"), None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert_eq!(shown.body["invoice"]["invoice"]["id"], invoice.as_str());
    assert_eq!(
        shown.body["invoice"]["invoice"]["balance_due"]["amount"],
        balance
    );

    // Retrieved and listed (of its invoice, newest first).
    let id = made.body["id"].as_str().unwrap();
    let read = v1(
        &h,
        Method::GET,
        &format!("/v1/payment-links/{id}"),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(read.body, made.body);
    let second = make_link(
        &h,
        &key,
        "link-2",
        json!({"invoice": invoice, "send_email": false}),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(
        h.emails_to("grace@example.com").await.len(),
        emails_before + 1,
        "send_email: false sends nothing"
    );
    // Paged one at a time, every link of the invoice comes once (links made
    // in the same second are ordered by id).
    let mut seen: Vec<String> = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = v1(
            &h,
            Method::GET,
            &format!("/v1/payment-links?invoice={invoice}&limit=1{cursor}"),
            Some(&key),
            None,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let data = page.body["data"].as_array().unwrap();
        assert_eq!(data.len(), 1, "{}", page.text);
        assert_eq!(data[0]["invoice"], invoice.as_str());
        let link_id = data[0]["id"].as_str().unwrap().to_owned();
        assert!(!seen.contains(&link_id), "{link_id} came twice");
        cursor = format!("&starting_after={link_id}");
        seen.push(link_id);
        if page.body["has_more"] == false {
            break;
        }
        assert!(seen.len() < 10, "paging ends");
    }
    assert!(seen.iter().any(|l| l == id));
    assert!(seen
        .iter()
        .any(|l| l == second.body["id"].as_str().unwrap()));

    // Written down in the audit log.
    let audit = v1(&h, Method::GET, "/v1/audit-log", Some(&key), None, None).await;
    assert!(audit.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "payment_link.create" && e["object"] == id));
    h.stop().await;
}

#[tokio::test]
async fn a_revoked_link_stops_working_at_once() {
    let h = Harness::start().await;
    let key = make_key(&h, "billing").await;
    let grace = h.grace().await;
    let (invoice, balance) = h.invoice(&grace, "open").await;
    let made = make_link(&h, &key, "link-r", json!({"invoice": invoice})).await;
    let token = token_of(&made.body);
    let id = made.body["id"].as_str().unwrap();
    assert_eq!(
        h.get(&format!("/api/pay-links/{token}"), None).await.status,
        StatusCode::OK
    );

    let revoked = v1(
        &h,
        Method::POST,
        &format!("/v1/payment-links/{id}/revoke"),
        Some(&key),
        Some("revoke-1"),
        None,
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(revoked.body["status"], "revoked");
    let revoked_at = revoked.body["revoked_at"].as_str().unwrap().to_owned();

    let shown = h.get(&format!("/api/pay-links/{token}"), None).await;
    assert_eq!(shown.status, StatusCode::GONE, "{}", shown.text);
    assert_eq!(shown.code(), "invalid_link");
    let paid = pay_through(&h, &token, balance, "after-revoke").await;
    assert_eq!(paid.status, StatusCode::GONE, "{}", paid.text);
    assert_eq!(
        h.balance_of(&grace, &invoice).await,
        balance,
        "nothing was charged"
    );

    // Revoking again (another request) keeps the first time.
    let again = v1(
        &h,
        Method::POST,
        &format!("/v1/payment-links/{id}/revoke"),
        Some(&key),
        Some("revoke-2"),
        None,
    )
    .await;
    assert_eq!(again.body["revoked_at"], revoked_at.as_str());
    let unknown = v1(
        &h,
        Method::POST,
        "/v1/payment-links/pl_nope/revoke",
        Some(&key),
        Some("revoke-3"),
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    h.stop().await;
}

#[tokio::test]
async fn a_paid_invoices_link_shows_it_paid_and_takes_no_more_money() {
    let h = Harness::start().await;
    let key = make_key(&h, "billing").await;
    let grace = h.grace().await;
    let (invoice, balance) = h.invoice(&grace, "open").await;
    let made = make_link(&h, &key, "link-p", json!({"invoice": invoice})).await;
    let token = token_of(&made.body);
    let id = made.body["id"].as_str().unwrap();

    let paid = pay_through(&h, &token, balance, "pay-all").await;
    assert_eq!(paid.body["status"], "succeeded", "{}", paid.text);
    let read = v1(
        &h,
        Method::GET,
        &format!("/v1/payment-links/{id}"),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(read.body["status"], "paid");

    let more = pay_through(&h, &token, 100, "pay-more").await;
    assert_eq!(more.status, StatusCode::CONFLICT, "{}", more.text);
    assert_eq!(more.code(), "invoice_paid");
    let shown = h.get(&format!("/api/pay-links/{token}"), None).await;
    assert_eq!(shown.body["invoice"]["invoice"]["status"], "paid");

    // And no new link is made for it.
    let another = make_link(&h, &key, "link-p2", json!({"invoice": invoice})).await;
    assert_eq!(another.status, StatusCode::CONFLICT, "{}", another.text);
    assert_eq!(another.code(), "invoice_paid");
    h.stop().await;
}

#[tokio::test]
async fn bad_link_requests_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "billing").await;
    let grace = h.grace().await;
    let (invoice, _) = h.invoice(&grace, "open").await;
    let emails_before = h.emails_to("grace@example.com").await.len();

    for (body, code) in [
        (
            json!({"invoice": invoice, "expires_in": 59}),
            "invalid_field",
        ),
        (
            json!({"invoice": invoice, "expires_in": 2_592_001}),
            "invalid_field",
        ),
        (
            json!({"invoice": invoice, "expires_in": -5}),
            "invalid_request",
        ),
        (json!({"invoice": "inv_nope"}), "invalid_field"),
        (
            json!({"invoice": invoice, "colour": "red"}),
            "invalid_request",
        ),
        (json!({"invoice": 42}), "invalid_request"),
        (json!({}), "invalid_request"),
    ] {
        let reply = make_link(&h, &key, &format!("bad-{body}"), body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        assert_eq!(reply.code(), code, "{body}");
    }
    let no_key = v1(
        &h,
        Method::POST,
        "/v1/payment-links",
        Some(&key),
        None,
        Some(json!({"invoice": invoice})),
    )
    .await;
    assert_eq!(no_key.code(), "invalid_idempotency_key");

    let listed = v1(&h, Method::GET, "/v1/payment-links", Some(&key), None, None).await;
    assert_eq!(
        listed.body["data"].as_array().unwrap().len(),
        1,
        "only the demo's own link: {}",
        listed.text
    );
    assert_eq!(h.emails_to("grace@example.com").await.len(), emails_before);

    // A cursor from another list.
    let (other_invoice, _) = h.invoice(&h.ada().await, "open").await;
    let other = make_link(&h, &key, "other", json!({"invoice": other_invoice})).await;
    let foreign = v1(
        &h,
        Method::GET,
        &format!(
            "/v1/payment-links?invoice={invoice}&starting_after={}",
            other.body["id"].as_str().unwrap()
        ),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    assert_eq!(foreign.code(), "invalid_query");
    h.stop().await;
}

#[tokio::test]
async fn a5_customers_cannot_make_payment_links() {
    let h = Harness::start().await;
    let grace = h.grace().await;
    let (invoice, _) = h.invoice(&grace, "open").await;
    // The demo endpoint is gone, for the invoice's owner too.
    let owner = h
        .call(
            Method::POST,
            "/api/dev/payment-links",
            Some(&grace),
            Some(json!({"invoice_id": invoice})),
        )
        .await;
    assert_eq!(owner.status, StatusCode::NOT_FOUND, "{}", owner.text);
    // A customer's session is no key for /v1.
    let mut request = req(
        Method::POST,
        "/v1/payment-links",
        Some(&grace),
        Some(json!({"invoice": invoice})),
    );
    request
        .headers_mut()
        .insert("idempotency-key", "c".parse().unwrap());
    assert_eq!(h.send(request).await.status, StatusCode::UNAUTHORIZED);
    h.stop().await;
}
