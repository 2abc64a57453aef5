//! The portal's wasm split by route, in a real browser, from the network log:
//! the log-in page fetches the first load's wasm and nothing else (and its
//! console stays clean: asking who is logged in is not a 401), a payment
//! link brings its own page and no other, and once someone is logged in the
//! pay page arrives in the background, so opening it fetches no more wasm.
//! When a page's wasm cannot be fetched, the customer is told so and can try
//! again; the app keeps working.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::{log_in, open_first_pay_now};
use portal_e2e::{env_path, Browser, Page, Portal};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// `split-manifest.json`: the first load's files and each page's own.
fn manifest() -> Value {
    let path = env_path("PORTAL_DIST").join("split-manifest.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path:?}: {e} (is the build split?)"));
    serde_json::from_str(&text).unwrap()
}

fn files(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// The portal's wasm files the page fetched since the last call (not the
/// card frame's, which comes from the gateway's origin).
async fn fetched_wasm(page: &Page, portal: &Portal) -> BTreeSet<String> {
    let origin = format!("{}/", portal.url());
    page.sent_requests()
        .await
        .into_iter()
        .filter(|r| r.url.starts_with(&origin))
        .filter_map(|r| r.url.rsplit('/').next().map(str::to_string))
        .filter(|f| f.ends_with(".wasm"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_fetches_its_own_wasm_and_the_first_load_only_its_own() {
    let manifest = manifest();
    let first: BTreeSet<String> = files(&manifest["first_load"])
        .into_iter()
        .filter(|f| f.ends_with(".wasm"))
        .collect();
    let page_files = |name: &str| files(&manifest["pages"][name]);
    assert_eq!(first.len(), 1, "one main wasm module: {first:?}");
    for name in [
        "pay_page",
        "payment_methods_page",
        "deposit_page",
        "pay_link_page",
        "invitation_page",
        "set_password_page",
        "sub_accounts_page",
    ] {
        assert!(
            !page_files(name).is_empty(),
            "{name} is split off the first load: {manifest:#}"
        );
    }

    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();

    // The log-in page: the main module only, and no console error.
    page.goto(&format!("{}/login", portal.url())).await;
    page.by_role("heading", "Log in to your account").await;
    assert_eq!(
        fetched_wasm(&page, &portal).await,
        first,
        "the first load fetches the main module only"
    );
    let errors = page.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the log-in page: {errors:#?}"
    );

    // A payment link (no login): its own page's files, no other page's.
    page.goto(&portal.demo_payment_link()).await;
    page.role_with_text("button", "Pay $").await;
    let fetched = fetched_wasm(&page, &portal).await;
    let pay_link = page_files("pay_link_page");
    assert!(
        pay_link.is_subset(&fetched),
        "the payment link page's files {pay_link:?} were fetched: {fetched:?}"
    );
    let allowed: BTreeSet<String> = first.union(&pay_link).cloned().collect();
    assert!(
        fetched.is_subset(&allowed),
        "nothing but the main module and the link page: {fetched:?}"
    );
    let errors = page.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the payment link page: {errors:#?}"
    );

    // Logged in: the pay page's files arrive in the background...
    log_in(
        &page,
        &portal,
        "ada@example.com",
        "portal-demo-1",
        "/invoices",
        "Invoices",
    )
    .await;
    let pay = page_files("pay_page");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut background = BTreeSet::new();
    while !pay.is_subset(&background) {
        assert!(
            Instant::now() < deadline,
            "the pay page was not fetched in the background: {background:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
        background.extend(fetched_wasm(&page, &portal).await);
    }
    // ...so opening it fetches no wasm at all.
    let number = open_first_pay_now(&page).await;
    page.by_role("heading", &format!("Pay invoice {number}"))
        .await;
    let fetched = fetched_wasm(&page, &portal).await;
    assert!(
        fetched.is_empty(),
        "the pay page was already here: {fetched:?}"
    );
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_wasm_cannot_be_fetched_says_so_and_loads_on_try_again() {
    let manifest = manifest();
    let own = files(&manifest["pages"]["pay_page"])
        .into_iter()
        .find(|f| f.starts_with("pay-page-"))
        .expect("the pay page's own module");

    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    page.block_urls(&[&format!("*/{own}")]).await;
    log_in(
        &page,
        &portal,
        "ada@example.com",
        "portal-demo-1",
        "/invoices",
        "Invoices",
    )
    .await;

    // The connection drops the pay page's module: the customer is told, in words.
    open_first_pay_now(&page).await;
    let alert = page
        .role_with_text("alert", "This page could not be loaded.")
        .await;
    assert!(alert
        .text()
        .await
        .unwrap()
        .contains("Check your connection and try again."));
    page.screenshot("page-not-loaded-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the failed page: {violations:#?}"
    );
    // The rest of the app still works.
    page.by_role("link", "Invoices")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Invoices").await;

    // The connection is back: Try again loads the page.
    let number = open_first_pay_now(&page).await;
    page.role_with_text("alert", "This page could not be loaded.")
        .await;
    page.block_urls(&[]).await;
    page.click_button("Try again").await;
    page.by_role("heading", &format!("Pay invoice {number}"))
        .await;

    browser.stop().await;
    portal.stop().await;
}
