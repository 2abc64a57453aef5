//! The business side in a real browser (issue 15): a customer and an invoice
//! made through the business API appear in that customer's portal; a portal
//! session's URL signs the customer in once, from the business's own site;
//! and a refund made through the API shows under the payment on the
//! customer's invoice.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use std::time::{Duration, Instant};

use portal_e2e::{Browser, Page, Portal};
use serde_json::{json, Value};

/// The business's backend: `/v1` with a secret key.
struct Business {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Business {
    async fn new(portal: &Portal) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: portal.url(),
            key: portal.business_key("website").await,
        }
    }

    async fn post(&self, path: &str, idempotency_key: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}/v1{path}", self.base))
            .bearer_auth(&self.key)
            .header("Idempotency-Key", idempotency_key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert!(status.is_success(), "POST /v1{path}: {status} {body}");
        body
    }

    /// A fresh sign-in URL for `customer`.
    async fn portal_session(&self, customer: &str, idempotency_key: &str) -> String {
        let session = self
            .post(
                "/portal-sessions",
                idempotency_key,
                json!({"customer": customer, "return_url": "https://shop.example.com/account"}),
            )
            .await;
        session["url"].as_str().unwrap().to_owned()
    }
}

/// Waits until the page's text holds `text`.
async fn wait_for_text(page: &Page, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if page.text().await.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page never said {text:?}: {}",
            page.text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_customer_and_invoice_made_through_the_api_are_in_their_portal_after_single_sign_on() {
    let portal = Portal::start().await;
    let business = Business::new(&portal).await;
    let customer = business
        .post(
            "/customers",
            "crm-mary",
            json!({"name": "Mary Jackson", "email": "mary@example.com", "external_id": "CRM-17"}),
        )
        .await;
    let customer_id = customer["id"].as_str().unwrap();
    business
        .post(
            "/invoices",
            "books-2291",
            json!({
                "customer": customer_id, "number": "MJ-2291", "issue_date": "2026-12-01",
                "due_date": "2099-12-31", "currency": "usd",
                "lines": [
                    {"description": "Boiler service", "quantity": 2, "unit_amount": 6000},
                    {"description": "Filter", "quantity": 1, "unit_amount": 999}
                ]
            }),
        )
        .await;
    let url = business.portal_session(customer_id, "sso-1").await;

    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.goto(&url).await;
    // Signed in with no password: home, with the invoice's balance.
    page.by_role("heading", "Home").await;
    assert_eq!(page.path().await, "/", "the token left the address bar");
    wait_for_text(&page, "$129.99").await;
    page.by_role("link", "Invoices")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(&page, "MJ-2291").await;
    assert!(page.text().await.contains("$129.99"));

    // The same URL again (a reload, a shared link): it worked once only.
    page.client().delete_all_cookies().await.unwrap();
    page.goto(&url).await;
    page.role_with_text("alert", "This sign-in link no longer works")
        .await;
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    page.by_role("link", "Back to log in").await;
    browser.stop().await;
    portal.stop().await;
}

#[tokio::test]
async fn a_refund_made_through_the_api_shows_on_the_customers_invoice() {
    let portal = Portal::start().await;
    let business = Business::new(&portal).await;
    // Ada pays part of an invoice with her default card (the portal API, as
    // her browser would).
    let ada = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: Value = ada
        .post(format!("{}/api/session", portal.url()))
        .header("X-Requested-With", "portal")
        .json(&json!({"email": "ada@example.com", "password": "portal-demo-1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    let ada_id = session["customer"]["id"].as_str().unwrap().to_owned();
    let get = |path: String| {
        let ada = ada.clone();
        let base = portal.url();
        async move {
            ada.get(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let invoices = get("/api/invoices?status=overdue".into()).await;
    let invoice = invoices["invoices"][0]["id"].as_str().unwrap().to_owned();
    let number = invoices["invoices"][0]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let cards = get("/api/payment-methods".into()).await;
    let card = cards["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["is_default"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let paid: Value = ada
        .post(format!("{}/api/invoices/{invoice}/payments", portal.url()))
        .header("X-Requested-With", "portal")
        .header("X-CSRF-Token", &csrf)
        .header("Idempotency-Key", "e2e-refund-pay")
        .json(&json!({
            "amount": {"amount": 2500, "currency": "usd"},
            "source": {"type": "saved_card", "payment_method_id": card},
            "billing_address": {"line1": "1 Main St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US"},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paid["status"], "succeeded", "{paid}");
    let payment = paid["id"].as_str().unwrap();

    let refund = business
        .post(
            &format!("/payments/{payment}/refunds"),
            "rma-1",
            json!({"amount": 1000, "reason": "requested_by_customer"}),
        )
        .await;
    assert_eq!(refund["status"], "succeeded", "{refund}");

    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.goto(&business.portal_session(&ada_id, "sso-ada").await)
        .await;
    page.by_role("heading", "Home").await;
    page.goto(&format!("{}/invoices/{invoice}", portal.url()))
        .await;
    wait_for_text(&page, &number).await;
    wait_for_text(&page, "Refunded $10.00").await;
    assert!(page.text().await.contains("$25.00"), "the payment itself");
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    page.screenshot("invoice-with-refund-1440").await;
    browser.stop().await;
    portal.stop().await;
}
