//! The portal in German, in a browser whose language is German: the strings,
//! the server's refusals, money in the German notation, and the portal's
//! root marked `lang="de-DE"` so screen readers read it in German.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use portal_e2e::{Browser, Portal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_german_browser_gets_the_portal_in_german() {
    let portal = Portal::start().await;
    let browser = Browser::start_in(1440, 900, "de-DE").await;
    let page = browser.page();
    page.goto(&format!("{}/login", portal.url())).await;
    page.by_role("heading", "In Ihrem Konto anmelden").await;
    let lang = page
        .client()
        .execute(
            "return document.querySelector('.pt-app').getAttribute('lang');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        lang.as_str(),
        Some("de-DE"),
        "the portal's root says its language"
    );
    page.fill("E-Mail", "ada@example.com").await;
    // The server refuses in English; the customer reads it in German.
    page.fill("Passwort", "not-the-password").await;
    page.click_button("Anmelden").await;
    page.role_with_text("alert", "E-Mail-Adresse oder Passwort ist falsch.")
        .await;
    page.fill("Passwort", "portal-demo-1").await;
    page.click_button("Anmelden").await;
    page.by_role("heading", "Übersicht").await;

    page.by_role("link", "Rechnungen")
        .await
        .click()
        .await
        .unwrap();
    page.by_role("heading", "Rechnungen").await;
    let pay_now = page
        .names_of_role("link", 1)
        .await
        .into_iter()
        .filter(|n| n.starts_with("Jetzt bezahlen"))
        .count();
    assert!(pay_now > 0, "Pay Now in German beside unpaid invoices");
    // German money: decimal comma, the symbol after the amount.
    let text = page.text().await;
    let german_money = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            w[1] == "$"
                && w[0].rsplit_once(',').is_some_and(|(_, cents)| {
                    cents.len() == 2 && cents.chars().all(|c| c.is_ascii_digit())
                })
        });
    assert!(german_money, "amounts like 1.234,56 $: {text}");
    page.screenshot("german-invoices-1440").await;
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on the German invoices page: {violations:#?}"
    );

    browser.stop().await;
    portal.stop().await;
}
