//! A deposit in a real browser: any amount, paid with the default card,
//! lands on the account as credit shown on the home page.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::{fill_billing_and_terms, log_in};
use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deposit_is_paid_and_shows_as_credit() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(
        &page,
        &portal,
        "ada@example.com",
        "portal-demo-1",
        "/",
        "Home",
    )
    .await;
    page.by_role("link", "Make a deposit")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Make a deposit").await;
    fill_billing_and_terms(&page).await;

    // No amount, then a nonsense amount: refused at the field, in words.
    page.click_button("Pay").await;
    page.role_with_text("alert", "Check the fields marked above.")
        .await;
    assert!(page.text().await.contains("Enter an amount."));
    page.fill("Amount (USD)", "12.345.6").await;
    page.click_button("Pay").await;
    page.role_with_text("alert", "Check the fields marked above.")
        .await;
    assert!(page.text().await.contains("Enter the amount as a number"));
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the deposit page: {violations:#?}"
    );

    page.fill("Amount (USD)", "250").await;
    page.by_role("button", "Pay $250.00")
        .await
        .click()
        .await
        .unwrap();
    let receipt = page.by_role("region", "Payment successful").await;
    assert!(receipt.text().await.unwrap().contains("$250.00"));
    page.screenshot("deposit-receipt-1440").await;

    page.by_role("link", "Back to home")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Home").await;
    let text = page.text().await;
    assert!(
        text.contains("Credit") && text.contains("$250.00"),
        "the credit shows on home: {text}"
    );

    browser.stop().await;
    portal.stop().await;
}
