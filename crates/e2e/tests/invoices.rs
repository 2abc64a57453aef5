//! The invoice list: status filter and paging live in the URL.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_by_status_and_page_through_invoices() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.goto(&format!("{}/login?next=%2Finvoices", portal.url()))
        .await;
    page.fill("Email", "ada@example.com").await;
    page.fill("Password", "portal-demo-1").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Invoices").await;

    // Ada has more invoices than one page holds.
    page.by_role("navigation", "Page 1 of 3").await;
    page.by_role("link", "Next page")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("navigation", "Page 2 of 3").await;
    assert!(
        page.path().await.contains("page=2"),
        "the page is in the URL"
    );

    // Filtering shows only that status, and the filter is in the URL.
    page.by_role("link", "Paid").await.click().await.unwrap();
    page.by_role("navigation", "Page 1 of 3").await;
    assert!(page.path().await.contains("status=paid"));
    let pay_links = page
        .query_role("link", None)
        .await
        .into_iter()
        .filter(|(_, n)| n.starts_with("Pay Now"))
        .count();
    assert_eq!(pay_links, 0, "paid invoices have nothing to pay");
    let badges = page.client().execute("return Array.from(document.querySelectorAll('tbody .pt-badge')).map(b => b.textContent);", vec![]).await.unwrap();
    let badges: Vec<String> = serde_json::from_value(badges).unwrap();
    assert!(
        !badges.is_empty() && badges.iter().all(|b| b == "Paid"),
        "only paid invoices: {badges:?}"
    );

    page.by_role("link", "Overdue").await.click().await.unwrap();
    let rows = page.names_of_role("rowheader", 1).await;
    assert!(!rows.is_empty(), "Ada has overdue invoices");
    let pay_links = page
        .query_role("link", None)
        .await
        .into_iter()
        .filter(|(_, n)| n.starts_with("Pay Now"))
        .count();
    assert_eq!(
        pay_links,
        rows.len(),
        "every overdue invoice offers Pay Now"
    );

    // A reload keeps the filter.
    page.client().refresh().await.unwrap();
    page.by_role("heading", "Invoices").await;
    assert!(page.path().await.contains("status=overdue"));

    browser.stop().await;
    portal.stop().await;
}
