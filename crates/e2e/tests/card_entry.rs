//! Adding a card through the isolated card frame, in a real browser: the
//! card number goes only to the gateway's tokenization endpoint (C1), is
//! nowhere in the portal's storage, URL or DOM (C2), and the portal page
//! cannot reach into the frame; foreign messages are ignored (C3).

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use fantoccini::Locator;
use portal_e2e::{Browser, Portal};

const PAN: &str = "4242424242424242";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn c1_c2_c3_add_a_card_through_the_gateway_frame() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();

    page.goto(&format!("{}/login?next=%2Fpayment-methods", portal.url()))
        .await;
    page.fill("Email", "grace@example.com").await;
    page.fill("Password", "portal-demo-2").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Saved Payment Methods").await;
    page.click_button("Add Payment Method").await;

    // The card fields live in a frame served by the gateway's origin.
    let frame = page
        .client()
        .wait()
        .for_element(Locator::Css("iframe[title='Secure card entry']"))
        .await
        .unwrap();
    let src = frame.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with(&portal.gateway_url()),
        "the frame comes from the gateway: {src}"
    );
    let portal_can_read = page
        .client()
        .execute("try { return document.querySelector('iframe').contentDocument === null; } catch (e) { return true; }", vec![])
        .await
        .unwrap();
    assert_eq!(
        portal_can_read,
        serde_json::json!(true),
        "C3: the portal cannot read the frame's document"
    );

    frame.clone().enter_frame().await.unwrap();
    let number = page
        .client()
        .wait()
        .for_element(Locator::Id("cf-number"))
        .await
        .unwrap();
    number.send_keys(PAN).await.unwrap();
    assert_eq!(
        number.prop("value").await.unwrap().as_deref(),
        Some("4242 4242 4242 4242")
    );
    let brand = page
        .client()
        .find(Locator::Css("[role=img]"))
        .await
        .unwrap();
    assert_eq!(
        brand.attr("aria-label").await.unwrap().as_deref(),
        Some("Visa")
    );
    page.client()
        .find(Locator::Id("cf-expiry"))
        .await
        .unwrap()
        .send_keys("12/34")
        .await
        .unwrap();
    page.client()
        .find(Locator::Id("cf-cvc"))
        .await
        .unwrap()
        .send_keys("123")
        .await
        .unwrap();
    page.client()
        .find(Locator::Id("cf-name"))
        .await
        .unwrap()
        .send_keys("Grace Hopper")
        .await
        .unwrap();
    let frame_violations = page.axe_violations().await;
    assert!(
        frame_violations.is_empty(),
        "axe-core violations in the card frame: {frame_violations:#?}"
    );
    page.client().enter_parent_frame().await.unwrap();

    // C3: a message from a foreign origin (here: the portal page itself,
    // pretending) asking the frame to tokenize is ignored by the portal's
    // CardEntry, and the frame only listens to its host.
    page.client()
        .execute("window.postMessage({type: 'tokenized', v: 1, token: 'tok_forged', brand: 'visa', last4: '0000', exp_month: 1, exp_year: 2040, name: 'x'}, '*'); return true;", vec![])
        .await
        .unwrap();

    page.click_button("Save card").await;
    page.role_with_text("status", "Card Visa ending in 4242 saved.")
        .await;
    page.by_role("heading", "Saved Payment Methods").await;
    let text = page.text().await;
    assert!(
        text.contains("Visa ending in 4242"),
        "the new card is listed: {text}"
    );
    assert!(
        !text.contains("0000"),
        "the forged token was ignored: {text}"
    );
    page.screenshot("payment-methods-1440").await;

    // C1: only the tokenization request carried the number or the code.
    let requests = page.sent_requests().await;
    let tokenize: Vec<_> = requests
        .iter()
        .filter(|r| {
            r.url
                .starts_with(&format!("{}/v1/tokens", portal.gateway_url()))
        })
        .collect();
    assert!(
        !tokenize.is_empty(),
        "the frame called the gateway's tokenization endpoint"
    );
    for r in requests.iter().filter(|r| {
        !r.url
            .starts_with(&format!("{}/v1/tokens", portal.gateway_url()))
    }) {
        let all = format!("{} {} {}", r.url, r.headers, r.body);
        assert!(
            !all.contains(PAN),
            "C1: {} {} carried the card number",
            r.method,
            r.url
        );
        assert!(
            !r.body.contains("\"cvc\""),
            "C1: {} {} carried a security code",
            r.method,
            r.url
        );
    }
    // C2: nothing at rest in the portal's page.
    let stored = page
        .client()
        .execute(
            "return [JSON.stringify(localStorage), JSON.stringify(sessionStorage), document.cookie, location.href, document.documentElement.outerHTML].join('\\n');",
            vec![],
        )
        .await
        .unwrap();
    let stored = stored.as_str().unwrap_or_default();
    assert!(
        !stored.contains(PAN) && !stored.contains("4242 4242 4242 4242"),
        "C2: the card number is held by the portal page"
    );

    browser.stop().await;
    portal.stop().await;
}
