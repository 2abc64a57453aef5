//! A payment link in a real browser: no login, one invoice, a new card only
//! (never the customer's saved cards), and a forged link says so in words.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::fill_billing_and_terms;
use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_link_pays_its_invoice_without_logging_in() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    let link = portal.demo_payment_link();
    page.goto(&link).await;
    let heading = page
        .query_role("heading", None)
        .await
        .into_iter()
        .map(|(_, n)| n)
        .find(|n| n.starts_with("Pay invoice"))
        .unwrap_or_default();
    let heading = if heading.is_empty() {
        page.names_of_role("heading", 1)
            .await
            .into_iter()
            .find(|n| n.starts_with("Pay invoice"))
            .expect("the link's invoice is named")
    } else {
        heading
    };
    let text = page.text().await;
    assert!(
        text.contains("No login needed") && text.contains("Grace"),
        "who asks whom to pay: {text}"
    );
    // Nobody is logged in: no navigation, no saved cards, no save option.
    assert!(
        page.query_role("navigation", None).await.is_empty(),
        "no portal navigation without a login"
    );
    let radios: Vec<String> = page
        .query_role("radio", None)
        .await
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        radios,
        vec!["Use another card".to_string()],
        "only a new card: {radios:?}"
    );
    assert!(page
        .query_role("checkbox", Some("Save card securely for future payments"))
        .await
        .is_empty());
    page.screenshot("pay-link-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the payment link page: {violations:#?}"
    );

    page.fill_card_frame("4242424242424242", "12/34", "123", "Grace Hopper")
        .await;
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    let receipt = page.by_role("region", "Payment successful").await;
    let number = heading.trim_start_matches("Pay invoice ").to_string();
    assert!(
        receipt.text().await.unwrap().contains(&number),
        "the receipt names invoice {number}"
    );

    // Reloading the link shows the receipt, and the invoice has nothing left to pay.
    page.client().refresh().await.unwrap();
    page.by_role("region", "Payment successful").await;
    page.goto(&link).await;
    page.names_of_role("heading", 1).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !page
        .text()
        .await
        .contains("This invoice has nothing left to pay.")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "a paid link says there is nothing left to pay: {}",
            page.text().await
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_payment_link_says_it_cannot_be_used() {
    let portal = Portal::start().await;
    let browser = Browser::start(360, 800).await;
    let page = browser.page();
    let link = portal.demo_payment_link();
    // Change one character of the signature.
    let mut forged = link.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    page.goto(&forged).await;
    page.by_role("heading", "This payment link cannot be used")
        .await;
    page.role_with_text("alert", "This payment link is not valid.")
        .await;
    page.screenshot("pay-link-invalid-360").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the refused link: {violations:#?}"
    );

    browser.stop().await;
    portal.stop().await;
}
