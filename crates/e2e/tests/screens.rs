//! Every logged-in page at a phone's 360 px and a desktop's 1440 px: no
//! sideways scrolling, no axe-core violations, and a screenshot of each for
//! a person to look at (`<PORTAL_TEST_OUTPUT>/screenshots/`). And the pay
//! flow done with the keyboard alone, with a visible focus at every stop.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::flows::log_in;
use portal_e2e::{Browser, Page, Portal};

const OVERFLOW: &str = "return document.documentElement.scrollWidth - window.innerWidth;";

/// The id of Ada's first overdue invoice, read from its Pay Now link.
async fn an_overdue_invoice(page: &Page, portal: &Portal) -> String {
    page.goto(&format!("{}/invoices?status=overdue", portal.url()))
        .await;
    page.by_role("heading", "Invoices").await;
    let (link, _) = page
        .query_role("link", None)
        .await
        .into_iter()
        .find(|(_, n)| n.starts_with("Pay Now"))
        .expect("Pay Now");
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    href.trim_start_matches("/invoices/")
        .trim_end_matches("/pay")
        .to_string()
}

/// Buttons and button-styled links whose text has the colour of their background.
const INVISIBLE_TEXT: &str = "return Array.from(document.querySelectorAll('.pt-button')).filter(b => { \
    const s = getComputedStyle(b); return b.textContent.trim() && s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.color === s.backgroundColor; \
  }).map(b => b.textContent.trim());";

async fn check_page(page: &Page, name: &str, width: u32) {
    let overflow = page
        .client()
        .execute(OVERFLOW, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap_or(0);
    assert!(
        overflow <= 0,
        "{name} scrolls sideways by {overflow} px at {width} px"
    );
    let invisible = page.client().execute(INVISIBLE_TEXT, vec![]).await.unwrap();
    assert_eq!(
        invisible,
        serde_json::json!([]),
        "{name}: buttons whose text cannot be seen at {width} px"
    );
    let current = page
        .client()
        .execute(
            "return document.querySelectorAll('main [aria-current=page]').length;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        current.as_i64().unwrap_or(0) <= 1,
        "{name}: more than one link in the page says it is the current one"
    );
    page.screenshot(&format!("{name}-{width}")).await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on {name} at {width} px: {violations:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_a_desktop_without_axe_violations() {
    let portal = Portal::start().await;
    for (width, height) in [(360, 800), (1440, 900)] {
        let browser = Browser::start(width, height).await;
        let page = browser.page();
        page.goto(&format!("{}/login", portal.url())).await;
        page.by_role("heading", "Log in to your account").await;
        check_page(&page, "screen-login", width).await;
        log_in(
            &page,
            &portal,
            "ada@example.com",
            "portal-demo-1",
            "/",
            "Home",
        )
        .await;
        check_page(&page, "screen-home", width).await;
        let invoice = an_overdue_invoice(&page, &portal).await;
        check_page(&page, "screen-invoices", width).await;
        let pages = [
            (format!("/invoices/{invoice}"), "screen-invoice", "Invoice "),
            (
                format!("/invoices/{invoice}/pay"),
                "screen-pay",
                "Pay invoice ",
            ),
            (
                "/payment-methods".to_string(),
                "screen-payment-methods",
                "Saved Payment Methods",
            ),
            ("/deposit".to_string(), "screen-deposit", "Make a deposit"),
        ];
        for (path, name, heading) in pages {
            page.goto(&format!("{}{path}", portal.url())).await;
            let headings = page.names_of_role("heading", 1).await;
            assert!(
                headings.iter().any(|h| h.starts_with(heading)),
                "{path} shows {heading:?}: {headings:?}"
            );
            if name == "screen-pay" || name == "screen-deposit" {
                page.by_role("radio", "Use another card").await;
            }
            check_page(&page, name, width).await;
        }
        browser.stop().await;
    }
    portal.stop().await;
}

const FOCUSED: &str = "const e = document.activeElement; const s = getComputedStyle(e); \
    return [e.tagName.toLowerCase() + ':' + (e.type || '') + ':' + (e.labels && e.labels[0] ? e.labels[0].textContent.trim() : e.textContent.trim()), \
            s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none'];";

/// Presses Tab until the focused element's description contains `target`;
/// every stop on the way must show where the focus is.
async fn tab_to(page: &Page, target: &str) {
    for _ in 0..60 {
        page.client()
            .active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let focused = page.client().execute(FOCUSED, vec![]).await.unwrap();
        let what = focused[0].as_str().unwrap_or_default().to_string();
        if what.starts_with("iframe") || what.starts_with("body") {
            continue;
        }
        assert_eq!(
            focused[1].as_bool(),
            Some(true),
            "no visible focus on {what}"
        );
        if what.contains(target) {
            return;
        }
    }
    panic!("Tab never reached {target:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pay_flow_works_with_the_keyboard_alone() {
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
    let invoice = an_overdue_invoice(&page, &portal).await;
    page.goto(&format!("{}/invoices/{invoice}/pay", portal.url()))
        .await;
    page.by_role("radio", "Use another card").await;
    // The default card is chosen and its billing address filled in: agree, then Pay.
    tab_to(&page, "I agree to the terms of payment").await;
    page.client()
        .active_element()
        .await
        .unwrap()
        .send_keys(" ")
        .await
        .unwrap();
    tab_to(&page, "Pay $").await;
    page.client()
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    page.by_role("region", "Payment successful").await;

    browser.stop().await;
    portal.stop().await;
}
