//! Each of the sandbox's declining test cards, paid through the card frame
//! in a real browser (P5): the customer reads why in plain words (never a
//! code), and can try another card at once.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::{fill_billing_and_terms, log_in, open_first_pay_now};
use portal_e2e::{Browser, Portal};

/// Test card → words the customer must see.
const DECLINES: [(&str, &str); 6] = [
    (
        "4000000000000002",
        "The card was declined. Use another card or contact your card issuer.",
    ),
    (
        "4000000000009995",
        "The card has insufficient funds. Use another card.",
    ),
    (
        "4000000000000069",
        "The card has expired. Check the expiry date or use another card.",
    ),
    (
        "4000000000000127",
        "The card's security code is incorrect. Check it and try again.",
    ),
    (
        "4000000000000119",
        "An error occurred while processing the card. Try again in a moment; you were not charged.",
    ),
    // A fraud block is worded like a generic decline, as issuers do.
    (
        "4100000000000019",
        "The card was declined. Use another card or contact your card issuer.",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p5_each_declining_card_says_why_in_plain_words() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(
        &page,
        &portal,
        "ada@example.com",
        "portal-demo-1",
        "/invoices?status=overdue",
        "Invoices",
    )
    .await;
    open_first_pay_now(&page).await;
    page.by_role("radio", "Use another card")
        .await
        .click()
        .await
        .unwrap();
    fill_billing_and_terms(&page).await;
    for (i, (number, words)) in DECLINES.iter().enumerate() {
        page.fill_card_frame(number, "12/34", "123", "Ada Lovelace")
            .await;
        page.click_button_starting("Pay $").await;
        let alert = page.role_with_text("alert", "Payment not completed").await;
        let text = alert.text().await.unwrap();
        assert!(
            text.contains(words),
            "card {number}: expected {words:?}, the page says {text:?}"
        );
        assert!(!text.contains('_'), "plain words, no codes: {text}");
        if i == 0 {
            page.screenshot("decline-1440").await;
            let violations = page.axe_violations().await;
            assert!(
                violations.is_empty(),
                "axe-core violations with a decline shown: {violations:#?}"
            );
        }
        page.click_button("Try another card").await;
        let radio = page.by_role("radio", "Use another card").await;
        assert_eq!(
            radio.prop("checked").await.unwrap().as_deref(),
            Some("true"),
            "another card is offered at once"
        );
    }

    browser.stop().await;
    portal.stop().await;
}
