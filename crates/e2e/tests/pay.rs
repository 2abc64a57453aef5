//! Paying an invoice in a real browser against the real server and gateway:
//! with the default card, with another card saved as the new default, part
//! of a balance, a double click, and a reload mid-payment.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::{fill_billing_and_terms, latest_code, log_in, open_first_pay_now};
use portal_e2e::{Browser, Page, Portal};

async fn log_in_to_overdue(page: &Page, portal: &Portal, email: &str, password: &str) {
    log_in(
        page,
        portal,
        email,
        password,
        "/invoices?status=overdue",
        "Invoices",
    )
    .await;
}

/// The radio that is checked, by name.
async fn checked_radios(page: &Page) -> Vec<String> {
    let mut checked = Vec::new();
    for (radio, name) in page.query_role("radio", None).await {
        if radio.prop("checked").await.unwrap().as_deref() == Some("true") {
            checked.push(name);
        }
    }
    checked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pay_an_overdue_invoice_with_the_default_card() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "ada@example.com", "portal-demo-1").await;
    let number = open_first_pay_now(&page).await;
    page.by_role("heading", &format!("Pay invoice {number}"))
        .await;

    // The default card is preselected; the expired one is shown but disabled.
    for (radio, name) in page.query_role("radio", None).await {
        if name.contains("American Express") {
            assert!(
                !radio.is_enabled().await.unwrap(),
                "the expired card cannot be chosen"
            );
        }
    }
    let checked = checked_radios(&page).await;
    assert_eq!(checked.len(), 1, "one card preselected: {checked:?}");
    assert!(
        checked[0].starts_with("Visa ending in 4242"),
        "the default card is preselected: {checked:?}"
    );

    // Pay without agreeing to the terms: a clear error, nothing charged.
    page.click_button_starting("Pay $").await;
    page.role_with_text("alert", "Please agree to the terms to continue.")
        .await;
    fill_billing_and_terms(&page).await;
    page.screenshot("pay-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the pay page: {violations:#?}"
    );
    page.click_button_starting("Pay $").await;
    let receipt = page.by_role("region", "Payment successful").await;
    let text = receipt.text().await.unwrap();
    assert!(
        text.contains("Visa •••• 4242"),
        "the receipt names the card: {text}"
    );
    assert!(
        text.contains("Reference") && text.contains(&number),
        "the receipt has a reference and the invoice: {text}"
    );
    page.screenshot("receipt-1440").await;

    // Reloading shows the payment's true state, not a new form.
    page.client().refresh().await.unwrap();
    page.by_role("region", "Payment successful").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_terms_and_the_billing_address_are_checked_before_anything_is_sent() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "ada@example.com", "portal-demo-1").await;
    open_first_pay_now(&page).await;
    page.by_role("combobox", "Country")
        .await
        .select_by_value("US")
        .await
        .unwrap();
    page.fill("Address", "1 Infinite Loop").await;
    page.fill("City", "Cupertino").await;
    // A US ZIP code has five digits; the field says so where it is.
    page.fill("ZIP code", "9501").await;
    page.click_button_starting("Pay $").await;
    page.role_with_text("alert", "Check the fields marked above.")
        .await;
    assert!(page
        .text()
        .await
        .contains("This postal code is not valid for the country."));
    page.fill("ZIP code", "95014").await;
    page.click_button_starting("Pay $").await;
    page.role_with_text("alert", "Please agree to the terms to continue.")
        .await;
    let payments = page
        .sent_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST" && r.url.contains("/payments"))
        .count();
    assert_eq!(
        payments, 0,
        "nothing was sent while the form was incomplete"
    );

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pay_with_another_card_and_save_it_as_the_new_default() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "ada@example.com", "portal-demo-1").await;
    open_first_pay_now(&page).await;
    page.by_role("radio", "Use another card")
        .await
        .click()
        .await
        .unwrap();
    page.fill_card_frame("5555555555554444", "11/33", "123", "Ada Lovelace")
        .await;
    page.by_role("checkbox", "Save card securely for future payments")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("checkbox", "Make this my default card")
        .await
        .click()
        .await
        .unwrap();
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    let receipt = page.by_role("region", "Payment successful").await;
    assert!(receipt
        .text()
        .await
        .unwrap()
        .contains("Mastercard •••• 4444"));

    // The next payment preselects the card just saved.
    page.goto(&format!("{}/invoices?status=overdue", portal.url()))
        .await;
    page.by_role("heading", "Invoices").await;
    open_first_pay_now(&page).await;
    page.by_role("radio", "Use another card").await;
    let checked = checked_radios(&page).await;
    assert!(
        checked.len() == 1 && checked[0].starts_with("Mastercard ending in 4444"),
        "the new default is preselected: {checked:?}"
    );

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p6_part_of_a_balance_can_be_paid_and_the_rest_stays_due() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "ada@example.com", "portal-demo-1").await;
    let number = open_first_pay_now(&page).await;
    page.by_role("heading", &format!("Pay invoice {number}"))
        .await;
    fill_billing_and_terms(&page).await;
    // More than the balance is refused at the field, in words.
    page.fill("Amount (USD)", "999999").await;
    page.click_button_starting("Pay").await;
    page.role_with_text("alert", "Check the fields marked above.")
        .await;
    assert!(
        page.text().await.contains("You can pay at most"),
        "the limit is named"
    );
    page.fill("Amount (USD)", "10.00").await;
    page.by_role("button", "Pay $10.00")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("region", "Payment successful").await;

    // The invoice shows the payment and a balance still due.
    let path = page.path().await;
    let invoice_id = path
        .trim_start_matches("/invoices/")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    page.goto(&format!("{}/invoices/{invoice_id}", portal.url()))
        .await;
    let headings = page.names_of_role("heading", 1).await;
    assert!(
        headings
            .iter()
            .any(|h| h.starts_with(&format!("Invoice {number}"))),
        "the invoice page: {headings:?}"
    );
    page.by_role("link", "Pay Now").await;
    assert!(
        page.text().await.contains("$10.00"),
        "the $10.00 payment is listed"
    );

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_in_the_middle_of_the_code_step_shows_the_code_step_and_it_still_works() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "grace@example.com", "portal-demo-2").await;
    open_first_pay_now(&page).await;
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    page.by_role("heading", "Enter the code sent to your phone ending in 42")
        .await;
    assert!(
        page.path().await.contains("payment=pay_"),
        "the payment is in the URL: {}",
        page.path().await
    );

    page.client().refresh().await.unwrap();
    page.by_role("heading", "Enter the code sent to your phone ending in 42")
        .await;
    page.fill("Verification code", &latest_code(&portal).await)
        .await;
    page.click_button("Submit").await;
    page.by_role("region", "Payment successful").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p1_a_double_click_on_pay_charges_once() {
    const COUNT: &str = "const done = arguments[arguments.length - 1]; fetch('/api/payments?per_page=100', {credentials: 'include'}).then(r => r.json()).then(j => done(j.payments.filter(p => p.status === 'succeeded').length)).catch(e => done(-1));";
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in_to_overdue(&page, &portal, "ada@example.com", "portal-demo-1").await;
    let before = page
        .client()
        .execute_async(COUNT, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert!(before >= 0, "the payment list is readable");
    open_first_pay_now(&page).await;
    fill_billing_and_terms(&page).await;
    // Two clicks as fast as the browser can deliver them.
    page.client()
        .execute("const b = Array.from(document.querySelectorAll('button[type=submit]')).find(b => b.textContent.startsWith('Pay $')); b.click(); b.click(); return true;", vec![])
        .await
        .unwrap();
    page.by_role("region", "Payment successful").await;
    let after = page
        .client()
        .execute_async(COUNT, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert_eq!(after, before + 1, "one charge for a double click");

    browser.stop().await;
    portal.stop().await;
}
