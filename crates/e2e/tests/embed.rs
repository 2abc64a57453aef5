//! The portal embedded in a foreign page (the demo host page) on a phone-sized screen.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_portal_works_at_360px_and_leaves_the_host_page_alone() {
    let portal = Portal::start().await;
    let browser = Browser::start(360, 740).await;
    let page = browser.page();
    page.goto(&format!("{}/embed-demo.html", portal.url()))
        .await;
    page.by_role("heading", "Billing").await;
    page.by_role("heading", "Log in to your account").await;
    page.screenshot("embed-login-360").await;

    // The host's own look survives the portal's stylesheets.
    let host_bg = page
        .client()
        .execute(
            "return getComputedStyle(document.body).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        host_bg.as_str(),
        Some("rgb(251, 247, 239)"),
        "the host page keeps its background"
    );
    // The theme set on the mount element reaches the portal.
    let button_bg = page
        .client()
        .execute("return getComputedStyle(document.querySelector('#portal button[type=submit]')).backgroundColor;", vec![])
        .await
        .unwrap();
    assert_eq!(
        button_bg.as_str(),
        Some("rgb(122, 62, 0)"),
        "the integrator's --pt-color-primary is used"
    );

    page.fill("Email", "ada@example.com").await;
    page.fill("Password", "portal-demo-1").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Home").await;
    let overflow = page
        .client()
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(true),
        "nothing overflows sideways at 360 px"
    );
    page.screenshot("embed-home-360").await;

    browser.stop().await;
    portal.stop().await;
}
