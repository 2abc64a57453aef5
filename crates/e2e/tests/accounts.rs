//! Accounts in a real browser: an invitation to a first login (A6: the same
//! confirmation for any email), a used or missing link said in plain words,
//! a reseller's sub-accounts with balances and never their cards (A5), and
//! each new page checked with axe-core and photographed at 360 and 1440 px.
//!
//! The dev outbox (`GET /api/dev/outbox`, demo mode) stands in for the
//! customer's inbox; the API is called directly (reqwest) only to read it and
//! to check ownership answers the browser cannot show.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use portal_e2e::{Browser, Page, Portal};
use serde_json::{json, Value};

/// The newest link the dev outbox holds for `to`.
async fn outbox_link(portal: &Portal, to: &str) -> String {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let outbox: Value = http
            .get(format!("{}/api/dev/outbox", portal.url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let link = outbox["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find(|m| m["to"] == to)
            .and_then(|m| m["link"].as_str())
            .map(String::from);
        if let Some(link) = link {
            return link;
        }
        assert!(
            Instant::now() < deadline,
            "no email to {to} in the outbox: {outbox}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An API client with its own cookie jar (one customer's session).
struct ApiClient {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl ApiClient {
    fn new(portal: &Portal) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Self {
            http,
            base: portal.url(),
            csrf: String::new(),
        }
    }

    /// A state-changing request with the CSRF headers the portal requires.
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("X-Requested-With", "portal")
            .header("X-CSRF-Token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Logs in with a password.
    async fn login(portal: &Portal, email: &str, password: &str) -> Self {
        let mut client = Self::new(portal);
        let (status, session) = client
            .send(
                reqwest::Method::POST,
                "/api/session",
                Some(json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(status, 200, "{email} logs in through the API: {session}");
        client.csrf = session["csrf_token"].as_str().unwrap().to_string();
        client
    }

    /// Gives a customer on file without a password one, through the
    /// invitation flow, and logs in as them.
    async fn invited(portal: &Portal, email: &str, password: &str) -> Self {
        let mut client = Self::new(portal);
        let (status, _) = client
            .send(
                reqwest::Method::POST,
                "/api/invitations",
                Some(json!({"email": email})),
            )
            .await;
        assert_eq!(status, 202);
        let link = outbox_link(portal, email).await;
        let token = link.split("token=").nth(1).unwrap().to_string();
        let (status, session) = client
            .send(
                reqwest::Method::POST,
                "/api/invitations/accept",
                Some(json!({"token": token, "password": password})),
            )
            .await;
        assert_eq!(status, 200, "{email} sets a password: {session}");
        client.csrf = session["csrf_token"].as_str().unwrap().to_string();
        client
    }
}

/// Dollars as the portal shows them in English (`$1,234.56`).
fn usd(cents: i64) -> String {
    let dollars = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

async fn assert_no_axe_violations(page: &Page, what: &str) {
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on {what}: {violations:#?}"
    );
}

async fn assert_fits_width(page: &Page, what: &str) {
    let fits = page
        .client()
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, json!(true), "nothing on {what} overflows sideways");
}

/// Waits until the page's text contains `text`.
async fn wait_for_text(page: &Page, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = page.text().await;
        if now.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page never said {text:?}; it says: {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_path(page: &Page, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while page.path().await != path {
        assert!(
            Instant::now() < deadline,
            "expected to be at {path}, at {}",
            page.path().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a6_invitation_sets_a_password_and_leads_to_the_first_login() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();

    // From the login page to the invitation form.
    page.goto(&format!("{}/login", portal.url())).await;
    page.by_role("link", "Request an invitation")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Request an invitation").await;
    wait_for_path(&page, "/invitation").await;
    assert_no_axe_violations(&page, "Request an invitation").await;
    page.screenshot("invitation-1440").await;

    // Bad input is refused at the field, before the server is asked.
    page.click_button("Submit").await;
    wait_for_text(&page, "Enter your email address.").await;
    page.fill("Email", "not-an-email").await;
    page.click_button("Submit").await;
    wait_for_text(&page, "Enter an email address, e.g. name@example.com.").await;
    let invalid = page
        .client()
        .find(Locator::Css("#pt-invitation-email[aria-invalid='true']"))
        .await;
    assert!(invalid.is_ok(), "the email field is marked invalid");

    // An email not on file gets exactly the confirmation a known one gets (A6).
    page.fill("Email", "stranger@example.com").await;
    page.click_button("Submit").await;
    page.by_role("heading", "Check your email").await;
    page.role_with_text("status", "If that email is on file")
        .await;
    let unknown_answer = page
        .by_role("region", "Request an invitation")
        .await
        .text()
        .await
        .unwrap();

    page.goto(&format!("{}/invitation", portal.url())).await;
    page.fill("Email", "katherine@example.com").await;
    page.click_button("Submit").await;
    page.by_role("heading", "Check your email").await;
    page.role_with_text("status", "If that email is on file")
        .await;
    let known_answer = page
        .by_role("region", "Request an invitation")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        unknown_answer, known_answer,
        "known and unknown emails get the same answer"
    );
    assert!(
        known_answer.contains("If that email is on file, we sent a link"),
        "{known_answer}"
    );
    assert_no_axe_violations(&page, "the invitation confirmation").await;
    page.screenshot("invitation-sent-1440").await;

    // The email's link opens the Set password page of this portal.
    let link = outbox_link(&portal, "katherine@example.com").await;
    assert!(
        link.starts_with(&format!("{}/accept-invitation?token=", portal.url())),
        "the link points at the portal's Set password page: {link}"
    );
    page.goto(&link).await;
    page.by_role("heading", "Set your password").await;
    let text = page.text().await;
    assert!(
        text.contains("At least 10 characters."),
        "the rule is shown up front: {text}"
    );
    let fields = page
        .client()
        .find_all(Locator::Css(
            "input[type='password'][autocomplete='new-password']",
        ))
        .await
        .unwrap();
    assert_eq!(
        fields.len(),
        2,
        "both fields ask password managers for a new password"
    );
    assert_no_axe_violations(&page, "Set your password").await;
    page.screenshot("set-password-1440").await;

    // Client-side checks: too short, then the two fields differ.
    page.fill("New password", "short").await;
    page.fill("Confirm password", "short").await;
    page.click_button("Submit").await;
    wait_for_text(&page, "Use at least 10 characters.").await;
    page.fill("New password", "katherine-first-pass").await;
    page.fill("Confirm password", "katherine-first-typo").await;
    page.click_button("Submit").await;
    wait_for_text(&page, "The two passwords do not match.").await;
    assert_no_axe_violations(&page, "Set your password with errors").await;

    // Set it: signed in, at home.
    page.fill("Confirm password", "katherine-first-pass").await;
    page.click_button("Submit").await;
    page.by_role("heading", "Home").await;
    wait_for_path(&page, "/").await;
    wait_for_text(&page, "Katherine Johnson").await;
    assert!(
        page.query_role("link", Some("Sub-accounts"))
            .await
            .is_empty(),
        "a customer without sub-accounts is not offered the page"
    );

    // Log out, log in with the new password.
    page.click_button("Log out").await;
    page.by_role("heading", "Log in to your account").await;
    page.fill("Email", "katherine@example.com").await;
    page.fill("Password", "katherine-first-pass").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Home").await;
    wait_for_text(&page, "Katherine Johnson").await;
    page.click_button("Log out").await;
    page.by_role("heading", "Log in to your account").await;

    // The used link says so in plain words and offers a new one.
    page.goto(&link).await;
    page.by_role("heading", "Set your password").await;
    page.fill("New password", "someone-elses-pass").await;
    page.fill("Confirm password", "someone-elses-pass").await;
    page.click_button("Submit").await;
    page.role_with_text(
        "alert",
        "This link no longer works: it has expired or was already used.",
    )
    .await;
    assert_no_axe_violations(&page, "a used invitation link").await;
    page.screenshot("set-password-used-link-1440").await;
    page.by_role("link", "Request a new link")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Request an invitation").await;

    // The used link did not change the password.
    ApiClient::login(&portal, "katherine@example.com", "katherine-first-pass").await;

    // A link without a token says so at once.
    page.goto(&format!("{}/accept-invitation", portal.url()))
        .await;
    page.role_with_text("alert", "This link no longer works")
        .await;
    page.by_role("link", "Request a new link").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a6_forgot_password_mails_a_reset_link_that_sets_a_new_one() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();

    // From the login page to the forgot-password form.
    page.goto(&format!("{}/login", portal.url())).await;
    wait_for_text(&page, "Forgot your password?").await;
    page.by_role("link", "Reset your password")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Reset your password").await;
    wait_for_path(&page, "/forgot-password").await;
    assert_no_axe_violations(&page, "Reset your password").await;

    // The same neutral answer as for an invitation; the link goes by email.
    page.fill("Email", "ada@example.com").await;
    page.click_button("Submit").await;
    page.by_role("heading", "Check your email").await;
    page.role_with_text(
        "status",
        "If that email is on file, we sent a link to choose a new password.",
    )
    .await;
    let link = outbox_link(&portal, "ada@example.com").await;
    assert!(
        link.starts_with(&format!("{}/reset-password?token=", portal.url())),
        "the link opens the portal's reset page: {link}"
    );

    // Choose a new password: logged in, at home.
    page.goto(&link).await;
    page.by_role("heading", "Choose a new password").await;
    assert_no_axe_violations(&page, "Choose a new password").await;
    page.fill("New password", "ada-brand-new-pass").await;
    page.fill("Confirm password", "ada-brand-new-pass").await;
    page.click_button("Submit").await;
    page.by_role("heading", "Home").await;
    wait_for_path(&page, "/").await;
    wait_for_text(&page, "Ada Lovelace").await;

    // The old password is gone; the used link says so and offers a new one.
    let (status, _) = ApiClient::new(&portal)
        .send(
            reqwest::Method::POST,
            "/api/session",
            Some(json!({"email": "ada@example.com", "password": "portal-demo-1"})),
        )
        .await;
    assert_eq!(status, 401, "the old password no longer logs in");
    page.click_button("Log out").await;
    page.by_role("heading", "Log in to your account").await;
    page.goto(&link).await;
    page.fill("New password", "someone-elses-pass").await;
    page.fill("Confirm password", "someone-elses-pass").await;
    page.click_button("Submit").await;
    page.role_with_text("alert", "This link no longer works")
        .await;
    page.by_role("link", "Request a new link")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Reset your password").await;
    ApiClient::login(&portal, "ada@example.com", "ada-brand-new-pass").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a5_reseller_sees_sub_account_balances_and_never_their_cards() {
    let portal = Portal::start().await;

    // The sub-account's own view, to know its card and an invoice.
    let north = ApiClient::invited(&portal, "north@lumen.example", "north-branch-pass").await;
    let (_, north_cards) = north.get("/api/payment-methods").await;
    let north_card = north_cards["payment_methods"][0].clone();
    assert_eq!(
        north_card["last4"], "4242",
        "the demo gives Lumen Branch North a card: {north_cards}"
    );
    let north_card_id = north_card["id"].as_str().unwrap().to_string();
    let (_, north_invoices) = north.get("/api/invoices").await;
    let north_invoice_id = north_invoices["invoices"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let reseller = ApiClient::login(&portal, "reseller@example.com", "portal-demo-3").await;
    let (_, subs) = reseller.get("/api/sub-accounts").await;

    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.goto(&format!("{}/login", portal.url())).await;
    page.fill("Email", "reseller@example.com").await;
    page.fill("Password", "portal-demo-3").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Home").await;

    // The nav offers Sub-accounts to a reseller; the table shows balances.
    page.by_role("link", "Sub-accounts")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Sub-accounts").await;
    let rows = page.names_of_role("rowheader", 2).await;
    assert_eq!(
        rows,
        vec![
            "Lumen Branch North".to_string(),
            "Lumen Branch South".to_string()
        ]
    );
    let text = page.text().await;
    for sub in subs["sub_accounts"].as_array().unwrap() {
        let balance = usd(sub["balance_due"]["amount"].as_i64().unwrap());
        let overdue = usd(sub["overdue"]["amount"].as_i64().unwrap());
        assert!(sub["balance_due"]["amount"].as_i64().unwrap() > 0);
        assert!(
            text.contains(&balance) && text.contains(&overdue),
            "{} shows balance {balance} and overdue {overdue}: {text}",
            sub["name"]
        );
    }
    for card_word in ["ending in", "4242", "Visa", "Expires"] {
        assert!(
            !text.contains(card_word),
            "no card details on Sub-accounts ({card_word:?}): {text}"
        );
    }
    assert_no_axe_violations(&page, "Sub-accounts").await;
    page.screenshot("sub-accounts-1440").await;

    // Saved Payment Methods lists the reseller's own card only (A5).
    page.by_role("link", "Saved Payment Methods")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Saved Payment Methods").await;
    wait_for_text(&page, "Discover ending in 1117").await;
    let text = page.text().await;
    assert!(
        !text.contains("ending in 4242"),
        "the sub-account's Visa 4242 is not the reseller's: {text}"
    );
    let removes = page
        .query_role("button", None)
        .await
        .into_iter()
        .filter(|(_, n)| n.starts_with("Remove —"))
        .count();
    assert_eq!(removes, 1, "exactly one card: the reseller's own");

    // A sub-account's invoice by id: not found, in the browser and the API.
    page.goto(&format!("{}/invoices/{north_invoice_id}", portal.url()))
        .await;
    page.client()
        .wait()
        .for_element(Locator::Css("[role='alert'][data-code='not_found']"))
        .await
        .unwrap();
    assert!(
        !page.text().await.contains("INV-"),
        "nothing of the sub-account's invoice shows"
    );
    let (status, body) = reseller
        .get(&format!("/api/invoices/{north_invoice_id}"))
        .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));

    // A sub-account's card by id: not found for every action, and nothing changes.
    let card_path = format!("/api/payment-methods/{north_card_id}");
    let (status, body) = reseller
        .send(reqwest::Method::POST, &format!("{card_path}/default"), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("not_found")),
        "make default: {body}"
    );
    let (status, body) = reseller
        .send(
            reqwest::Method::PATCH,
            &card_path,
            Some(json!({"exp_month": 1, "exp_year": 2030})),
        )
        .await;
    assert_eq!(status, 404, "update: {body}");
    let (status, body) = reseller
        .send(reqwest::Method::DELETE, &card_path, None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("not_found")),
        "remove: {body}"
    );
    let (_, reseller_cards) = reseller.get("/api/payment-methods").await;
    let reseller_ids: Vec<&str> = reseller_cards["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        !reseller_ids.contains(&north_card_id.as_str()),
        "the reseller's list holds no sub-account card"
    );
    let (_, after) = north.get("/api/payment-methods").await;
    assert_eq!(
        after["payment_methods"][0], north_card,
        "the sub-account's card is untouched"
    );

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_pages_fit_a_phone_at_360px() {
    let portal = Portal::start().await;
    let browser = Browser::start(360, 740).await;
    let page = browser.page();

    page.goto(&format!("{}/invitation", portal.url())).await;
    page.by_role("heading", "Request an invitation").await;
    assert_no_axe_violations(&page, "Request an invitation at 360 px").await;
    assert_fits_width(&page, "Request an invitation at 360 px").await;
    page.screenshot("invitation-360").await;

    // A7: invitation requests are throttled; the refusal is shown and announced.
    let mut refused = false;
    for attempt in 0..8 {
        page.goto(&format!("{}/invitation", portal.url())).await;
        page.fill("Email", &format!("someone{attempt}@example.com"))
            .await;
        page.click_button("Submit").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        let text = loop {
            let text = page.text().await;
            if text.contains("Check your email") || text.contains("Too many requests") {
                break text;
            }
            assert!(
                Instant::now() < deadline,
                "no answer to the invitation request: {text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if text.contains("Too many requests") {
            refused = true;
            break;
        }
    }
    assert!(
        refused,
        "the sixth request in an hour from one address is refused"
    );
    page.role_with_text(
        "alert",
        "Too many requests. Please wait a while and try again.",
    )
    .await;
    page.role_with_text("status", "Too many requests.").await;
    page.by_role("textbox", "Email").await;
    assert_no_axe_violations(&page, "a refused invitation request at 360 px").await;

    page.goto(&format!(
        "{}/accept-invitation?token=not-checked-until-submit",
        portal.url()
    ))
    .await;
    page.by_role("heading", "Set your password").await;
    assert_no_axe_violations(&page, "Set your password at 360 px").await;
    assert_fits_width(&page, "Set your password at 360 px").await;
    page.screenshot("set-password-360").await;

    page.goto(&format!("{}/login?next=%2Fsub-accounts", portal.url()))
        .await;
    page.fill("Email", "reseller@example.com").await;
    page.fill("Password", "portal-demo-3").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Sub-accounts").await;
    page.names_of_role("rowheader", 2).await;
    wait_for_text(&page, "Lumen Branch South").await;
    assert_no_axe_violations(&page, "Sub-accounts at 360 px").await;
    assert_fits_width(&page, "Sub-accounts at 360 px").await;
    page.screenshot("sub-accounts-360").await;

    browser.stop().await;
    portal.stop().await;
}
