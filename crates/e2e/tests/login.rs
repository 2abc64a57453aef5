//! Logging in as a demo customer and seeing the invoice list, in a real browser.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_customer_logs_in_and_sees_invoices() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();

    page.goto(&portal.url()).await;
    page.by_role("heading", "Log in to your account").await;
    page.screenshot("login-1440").await;
    assert!(
        page.path().await.starts_with("/login"),
        "a stranger is sent to the login page"
    );

    // A wrong password is refused with the same words as an unknown email.
    page.fill("Email", "ada@example.com").await;
    page.fill("Password", "not-the-password").await;
    page.click_button("Log in").await;
    page.role_with_text("alert", "Email or password is incorrect.")
        .await;

    page.fill("Password", "portal-demo-1").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Home").await;
    let text = page.text().await;
    assert!(
        text.contains("Balance due") && text.contains("Recent activity"),
        "home shows the balance: {text}"
    );
    page.screenshot("home-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on home: {violations:#?}"
    );

    page.by_role("link", "Invoices")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Invoices").await;
    let rows = page.names_of_role("rowheader", 5).await;
    assert!(
        rows.len() >= 5,
        "the first page lists invoices, got {rows:?}"
    );
    assert!(
        rows.iter().all(|n| n.starts_with("INV-")),
        "each row is headed by its invoice number: {rows:?}"
    );
    let pay_links = page.query_role("link", None).await;
    assert!(
        pay_links
            .iter()
            .any(|(_, name)| name.starts_with("Pay Now")),
        "invoices with a balance offer Pay Now"
    );
    page.screenshot("invoices-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the invoice list: {violations:#?}"
    );

    // Logging out ends the session: the invoice list is no longer reachable.
    page.click_button("Log out").await;
    page.by_role("heading", "Log in to your account").await;
    page.goto(&format!("{}/invoices", portal.url())).await;
    page.by_role("heading", "Log in to your account").await;

    browser.stop().await;
    portal.stop().await;
}
