//! Paying an invoice in a real browser against the real server and gateway:
//! with the default card, and with a card that asks for a one-time code.

use portal_e2e::{Browser, Page, Portal};

async fn log_in(page: &Page, portal: &Portal, email: &str, password: &str) {
    page.goto(&format!("{}/login?next=%2Finvoices%3Fstatus%3Doverdue", portal.url())).await;
    page.fill("Email", email).await;
    page.fill("Password", password).await;
    page.click_button("Log in").await;
    page.by_role("heading", "Invoices").await;
}

async fn open_first_pay_now(page: &Page) -> String {
    let links = page.query_role("link", None).await;
    let (link, name) = links.into_iter().find(|(_, n)| n.starts_with("Pay Now")).expect("an overdue invoice offers Pay Now");
    link.click().await.unwrap();
    name.trim_start_matches("Pay Now ").to_string()
}

async fn fill_billing_and_terms(page: &Page) {
    page.fill("Address", "1 Infinite Loop").await;
    page.fill("City", "Cupertino").await;
    page.fill("Postal code", "95014").await;
    page.by_role("checkbox", "I agree to the terms of payment").await.click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pay_an_overdue_invoice_with_the_default_card() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal, "ada@example.com", "portal-demo-1").await;
    let number = open_first_pay_now(&page).await;
    page.by_role("heading", &format!("Pay invoice {number}")).await;

    // The default card is preselected; the expired one is shown but disabled.
    let radios = page.query_role("radio", None).await;
    let mut checked = Vec::new();
    for (radio, name) in &radios {
        if radio.prop("checked").await.unwrap().as_deref() == Some("true") {
            checked.push(name.clone());
        }
        if name.contains("American Express") {
            assert!(!radio.is_enabled().await.unwrap(), "the expired card cannot be chosen");
        }
    }
    assert_eq!(checked.len(), 1, "one card preselected: {checked:?}");
    assert!(checked[0].starts_with("Visa ending in 4242"), "the default card is preselected: {checked:?}");

    // Pay without agreeing to the terms: a clear error, nothing charged.
    page.click_button_starting("Pay $").await;
    page.role_with_text("alert", "Please agree to the terms to continue.").await;
    fill_billing_and_terms(&page).await;
    page.screenshot("pay-1440").await;
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "axe-core violations on the pay page: {violations:#?}");
    page.click_button_starting("Pay $").await;
    let receipt = page.role_with_text("status", "Payment successful").await;
    let text = receipt.text().await.unwrap();
    assert!(text.contains("Visa •••• 4242"), "the receipt names the card: {text}");
    assert!(text.contains("Reference"), "the receipt has a reference: {text}");
    page.screenshot("receipt-1440").await;

    // Reloading shows the payment's true state, not a new form.
    page.client().refresh().await.unwrap();
    page.role_with_text("status", "Payment successful").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o5_a_card_that_asks_for_a_code_is_paid_after_the_code_step() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal, "grace@example.com", "portal-demo-2").await;
    open_first_pay_now(&page).await;
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    page.by_role("heading", "Enter the code sent to your phone ending in 42").await;

    // A wrong code uses an attempt and says so, without saying what was wrong.
    page.fill("Verification code", "000000").await;
    page.click_button("Submit").await;
    page.role_with_text("alert", "4 attempts left").await;

    // The code arrives in the sandbox's dev outbox.
    let outbox: serde_json::Value = reqwest_get(&format!("{}/v1/sandbox/outbox", portal.gateway_url())).await;
    let code = outbox["messages"].as_array().and_then(|m| m.last()).and_then(|m| m["code"].as_str()).expect("a code in the outbox").to_string();
    page.fill("Verification code", &code).await;
    page.click_button("Submit").await;
    page.role_with_text("status", "Payment successful").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p5_a_declined_card_says_why_in_plain_words_and_offers_another_card() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal, "grace@example.com", "portal-demo-2").await;
    open_first_pay_now(&page).await;
    // Grace's second card saves fine but every charge declines.
    page.by_role("radio", "Visa ending in 0341 · Expires 03/30").await.click().await.unwrap();
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    let alert = page.role_with_text("alert", "Payment not completed").await;
    let text = alert.text().await.unwrap();
    assert!(text.lines().count() >= 2 && text.to_lowercase().contains("declined"), "the decline says why: {text}");
    assert!(!text.contains("generic_decline") && !text.contains("card_declined"), "plain words, not codes: {text}");
    page.click_button("Try another card").await;
    let radio = page.by_role("radio", "Use another card").await;
    assert_eq!(radio.prop("checked").await.unwrap().as_deref(), Some("true"), "another card is offered at once");
    page.client().wait().for_element(fantoccini::Locator::Css("iframe[title='Secure card entry']")).await.unwrap();

    browser.stop().await;
    portal.stop().await;
}

async fn reqwest_get(url: &str) -> serde_json::Value {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(url.trim_start_matches("http://").split('/').next().unwrap()).unwrap();
        let path = format!("/{}", url.trim_start_matches("http://").splitn(2, '/').nth(1).unwrap_or(""));
        use std::io::{Read, Write};
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut body = String::new();
        stream.read_to_string(&mut body).unwrap();
        let json = body.split("\r\n\r\n").nth(1).unwrap_or("{}");
        let json = json.trim();
        // Chunked answers: take the JSON object between the first '{' and the last '}'.
        let start = json.find('{').unwrap_or(0);
        let end = json.rfind('}').map_or(json.len(), |e| e + 1);
        serde_json::from_str(&json[start..end]).unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p1_a_double_click_on_pay_charges_once() {
    const COUNT: &str = "const done = arguments[arguments.length - 1]; fetch('/api/payments?per_page=100', {credentials: 'include'}).then(r => r.json()).then(j => done(j.payments.filter(p => p.status === 'succeeded').length)).catch(e => done(-1));";
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal, "ada@example.com", "portal-demo-1").await;
    let before = page.client().execute_async(COUNT, vec![]).await.unwrap().as_i64().unwrap();
    assert!(before >= 0, "the payment list is readable");
    open_first_pay_now(&page).await;
    fill_billing_and_terms(&page).await;
    // Two clicks as fast as the browser can deliver them.
    page.client()
        .execute("const b = Array.from(document.querySelectorAll('button[type=submit]')).find(b => b.textContent.startsWith('Pay $')); b.click(); b.click(); return true;", vec![])
        .await
        .unwrap();
    page.role_with_text("status", "Payment successful").await;
    let after = page.client().execute_async(COUNT, vec![]).await.unwrap().as_i64().unwrap();
    assert_eq!(after, before + 1, "one charge for a double click");

    browser.stop().await;
    portal.stop().await;
}
