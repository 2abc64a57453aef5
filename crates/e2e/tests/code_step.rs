//! The one-time code step in a real browser (O5): a wrong code costs an
//! attempt and says how many are left, Resend code has a visible cooldown
//! and sends a new code, and five wrong codes lock the payment, which is
//! then shown as not made, with another card offered.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use std::time::{Duration, Instant};

use portal_e2e::flows::{fill_billing_and_terms, gateway_outbox, log_in, open_first_pay_now};
use portal_e2e::{Browser, Page, Portal};

/// The name of the resend button, whatever its countdown says.
async fn resend_button(page: &Page) -> (fantoccini::elements::Element, String) {
    let buttons = page.query_role("button", None).await;
    let names: Vec<String> = buttons.iter().map(|(_, n)| n.clone()).collect();
    buttons
        .into_iter()
        .find(|(_, n)| n.starts_with("Resend code"))
        .unwrap_or_else(|| panic!("a Resend code button among {names:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o3_o4_wrong_codes_resend_cooldown_and_lockout_after_five() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(
        &page,
        &portal,
        "grace@example.com",
        "portal-demo-2",
        "/invoices?status=overdue",
        "Invoices",
    )
    .await;
    open_first_pay_now(&page).await;
    fill_billing_and_terms(&page).await;
    page.click_button_starting("Pay $").await;
    page.by_role("heading", "Enter the code sent to your phone ending in 42")
        .await;
    let code_field = page.by_role("textbox", "Verification code").await;
    assert_eq!(
        code_field.attr("autocomplete").await.unwrap().as_deref(),
        Some("one-time-code")
    );
    assert!(
        page.text().await.contains("The code expires in"),
        "the expiry is shown"
    );
    page.screenshot("code-step-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the code step: {violations:#?}"
    );

    // Resend is cooling down, visibly, and counts down.
    let (button, first) = resend_button(&page).await;
    assert!(
        first.starts_with("Resend code in "),
        "a visible cooldown: {first}"
    );
    assert!(
        !button.is_enabled().await.unwrap(),
        "Resend is disabled while cooling down"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (_, later) = resend_button(&page).await;
    let seconds = |n: &str| {
        n.trim_start_matches("Resend code in ")
            .trim_end_matches(" s")
            .parse::<i64>()
            .unwrap_or(-1)
    };
    assert!(
        seconds(&later) < seconds(&first) && seconds(&later) >= 0,
        "the countdown moves: {first} → {later}"
    );

    // Too short a code is refused in the page, without an attempt.
    page.fill("Verification code", "123").await;
    page.click_button("Submit").await;
    page.role_with_text("alert", "Enter the 6-digit code.")
        .await;
    // A wrong code costs an attempt.
    page.fill("Verification code", "000000").await;
    page.click_button("Submit").await;
    page.role_with_text("alert", "4 attempts left").await;

    // Once the cooldown is over, Resend code sends a new code.
    let sent_before = gateway_outbox(&portal).await.len();
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let (button, name) = resend_button(&page).await;
        if name == "Resend code" && button.is_enabled().await.unwrap() {
            button.click().await.unwrap();
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Resend code came back after its cooldown: {name}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    page.role_with_text("alert", "A new code was sent.").await;
    assert_eq!(
        gateway_outbox(&portal).await.len(),
        sent_before + 1,
        "one more code went out"
    );
    let (_, name) = resend_button(&page).await;
    assert!(
        name.starts_with("Resend code in "),
        "the cooldown starts again: {name}"
    );

    // Four more wrong codes: locked, and the payment was not made.
    for left in (0..4).rev() {
        page.fill("Verification code", "000000").await;
        page.click_button("Submit").await;
        if left > 0 {
            page.role_with_text("alert", &format!("{left} attempts left"))
                .await;
        }
    }
    let alert = page.role_with_text("alert", "Payment not completed").await;
    let text = alert.text().await.unwrap();
    assert!(
        text.contains("too many times"),
        "the lockout says why: {text}"
    );
    page.by_role("button", "Try another card").await;

    browser.stop().await;
    portal.stop().await;
}
