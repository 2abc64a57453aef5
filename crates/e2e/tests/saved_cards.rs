//! Saved Payment Methods: the default card cannot be removed while others exist; the reason is shown.

use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_default_card_is_refused_with_the_reason_and_a_non_default_can_be_removed() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.goto(&format!("{}/login?next=%2Fpayment-methods", portal.url())).await;
    page.fill("Email", "ada@example.com").await;
    page.fill("Password", "portal-demo-1").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Saved Payment Methods").await;

    page.click_button("Remove — Visa ending in 4242").await;
    let alert = page.role_with_text("alert", "default").await;
    let reason = alert.text().await.unwrap();
    assert!(reason.len() > 20, "the refusal says why: {reason}");
    assert!(page.text().await.contains("Visa ending in 4242"), "the default card is still there");

    // The expired card is not the default: it can go.
    let before = page.query_role("button", None).await.into_iter().filter(|(_, n)| n.starts_with("Remove —")).count();
    let expired = page.query_role("button", None).await.into_iter().find(|(_, n)| n.starts_with("Remove — American Express")).expect("the expired Amex is listed");
    expired.0.click().await.unwrap();
    page.role_with_text("status", "Card removed.").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let after = page.query_role("button", None).await.into_iter().filter(|(_, n)| n.starts_with("Remove —")).count();
        if after == before - 1 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the removed card leaves the list");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    browser.stop().await;
    portal.stop().await;
}
