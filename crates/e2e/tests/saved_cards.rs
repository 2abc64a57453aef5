//! Saved Payment Methods in a real browser against the real server and
//! gateway, each test with its own demo data: add a card through the card
//! frame and make it the default; Remove asks first (Escape and Cancel keep
//! the card, Remove card removes it); the default card cannot be removed while
//! others exist and the reason is shown beside it; an expired card's expiry is
//! updated and it becomes usable; the Card history shows every change; axe
//! finds nothing with the confirmation or the expiry form open; screenshots
//! at 1440 and 360 px.

#![expect(
    clippy::unwrap_used,
    reason = "a test or its harness fails loudly at the step that went wrong"
)]

use fantoccini::Locator;
use portal_e2e::{Browser, Page, Portal};
use std::time::{Duration, Instant};

const VISA: &str = "Visa ending in 4242";
const MASTERCARD: &str = "Mastercard ending in 4444";
const AMEX: &str = "American Express ending in 0005";
const DISCOVER: &str = "Discover ending in 1117";

async fn log_in(page: &Page, portal: &Portal) {
    page.goto(&format!("{}/login?next=%2Fpayment-methods", portal.url()))
        .await;
    page.fill("Email", "ada@example.com").await;
    page.fill("Password", "portal-demo-1").await;
    page.click_button("Log in").await;
    page.by_role("heading", "Saved Payment Methods").await;
    page.by_role("button", &format!("Remove — {VISA}")).await;
}

/// Waits until `check` holds, or fails saying `what`.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check().await {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the listed card titled `title`, if it is listed.
async fn card_text(page: &Page, title: &str) -> Option<String> {
    for (item, _) in page.query_role("listitem", None).await {
        let text = item.text().await.unwrap_or_default();
        if text.starts_with(title) {
            return Some(text);
        }
    }
    None
}

async fn has_button(page: &Page, name: &str) -> bool {
    !page.query_role("button", Some(name)).await.is_empty()
}

/// The accessible name of the focused element (its aria-label or text).
async fn focused(page: &Page) -> String {
    let name = page
        .client()
        .execute("const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || e.id || '').trim() : '';", vec![])
        .await
        .unwrap();
    name.as_str().unwrap_or_default().to_string()
}

/// The id of the focused element.
async fn focused_id(page: &Page) -> String {
    let id = page
        .client()
        .execute(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await
        .unwrap();
    id.as_str().unwrap_or_default().to_string()
}

async fn history_text(page: &Page) -> String {
    page.by_role("region", "Card history")
        .await
        .text()
        .await
        .unwrap()
}

async fn assert_no_axe_violations(page: &Page, when: &str) {
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core violations on Saved Payment Methods {when}: {violations:#?}"
    );
}

/// This year (UTC, from the system clock; good to a day, plenty here).
fn this_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    1970 + secs / 31_556_952
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_default_card_is_refused_with_the_reason_and_a_non_default_can_be_removed() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal).await;

    page.click_button(&format!("Remove — {VISA}")).await;
    page.by_role("group", &format!("Remove {VISA}?")).await;
    page.click_button("Remove card").await;
    let alert = page.role_with_text("alert", "default").await;
    let reason = alert.text().await.unwrap();
    assert!(reason.len() > 20, "the refusal says why: {reason}");
    assert!(
        card_text(&page, VISA)
            .await
            .is_some_and(|t| t.contains(&reason)),
        "the reason is shown beside the default card"
    );
    eventually("focus returns to the Remove button", || async {
        focused(&page).await == format!("Remove — {VISA}")
    })
    .await;
    assert!(
        page.query_role("group", None).await.is_empty(),
        "the confirmation has closed"
    );

    // The expired card is not the default: it can go.
    let before = page
        .query_role("button", None)
        .await
        .into_iter()
        .filter(|(_, n)| n.starts_with("Remove —"))
        .count();
    page.click_button(&format!("Remove — {AMEX}")).await;
    assert!(
        page.query_role("alert", None).await.is_empty(),
        "the old refusal is gone once another action starts"
    );
    page.click_button("Remove card").await;
    page.role_with_text("status", "Card removed.").await;
    eventually("the removed card leaves the list", || async {
        page.query_role("button", None)
            .await
            .into_iter()
            .filter(|(_, n)| n.starts_with("Remove —"))
            .count()
            == before - 1
    })
    .await;
    assert!(card_text(&page, AMEX).await.is_none());
    eventually("the history shows the removal", || async {
        history_text(&page)
            .await
            .contains("Card removed · American Express •••• 0005")
    })
    .await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_asks_first_escape_and_cancel_keep_the_card_and_remove_card_removes_it() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal).await;
    let remove = format!("Remove — {MASTERCARD}");

    page.click_button(&remove).await;
    let question = page
        .by_role("group", &format!("Remove {MASTERCARD}?"))
        .await;
    assert!(question.text().await.unwrap().contains("Remove card"));
    eventually("focus moves into the confirmation", || async {
        focused(&page).await == "Cancel"
    })
    .await;
    assert_eq!(
        page.by_role("button", &remove)
            .await
            .attr("aria-expanded")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_no_axe_violations(&page, "with the removal confirmation open").await;
    page.screenshot("saved-cards-confirm-1440").await;

    // Escape cancels; focus returns to Remove.
    page.client()
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{e00c}")
        .await
        .unwrap();
    eventually("Escape closes the confirmation", || async {
        page.query_role("group", None).await.is_empty()
    })
    .await;
    eventually("focus returns to Remove after Escape", || async {
        focused(&page).await == remove
    })
    .await;

    // Cancel keeps the card.
    page.click_button(&remove).await;
    page.by_role("group", &format!("Remove {MASTERCARD}?"))
        .await;
    page.click_button("Cancel").await;
    eventually("Cancel closes the confirmation", || async {
        page.query_role("group", None).await.is_empty()
    })
    .await;
    eventually("focus returns to Remove after Cancel", || async {
        focused(&page).await == remove
    })
    .await;
    assert!(
        card_text(&page, MASTERCARD).await.is_some(),
        "the card is kept"
    );

    // Remove card removes it.
    page.click_button(&remove).await;
    page.click_button("Remove card").await;
    page.role_with_text("status", "Card removed.").await;
    eventually("the removed card leaves the list", || async {
        card_text(&page, MASTERCARD).await.is_none()
    })
    .await;
    eventually("focus moves to the page heading", || async {
        focused_id(&page).await == "pt-cards-heading"
    })
    .await;
    assert!(
        card_text(&page, VISA).await.is_some(),
        "the other cards stay"
    );
    eventually("the history shows the removal", || async {
        history_text(&page)
            .await
            .contains("Card removed · Mastercard •••• 4444")
    })
    .await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_a_card_through_the_frame_make_it_the_default_and_see_it_in_the_history() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal).await;
    let history = history_text(&page).await;
    assert!(
        history.contains("Card added · Visa •••• 4242") && history.contains("by Ada Lovelace"),
        "the demo cards' history: {history}"
    );

    page.click_button("Add Payment Method").await;
    let frame = page
        .client()
        .wait()
        .for_element(Locator::Css("iframe[title='Secure card entry']"))
        .await
        .unwrap();
    frame.clone().enter_frame().await.unwrap();
    page.client()
        .wait()
        .for_element(Locator::Id("cf-number"))
        .await
        .unwrap()
        .send_keys("6011111111111117")
        .await
        .unwrap();
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
        .send_keys("Ada Lovelace")
        .await
        .unwrap();
    page.client().enter_parent_frame().await.unwrap();
    page.click_button("Save card").await;
    page.role_with_text("status", &format!("Card {DISCOVER} saved."))
        .await;
    eventually("the new card is listed", || async {
        card_text(&page, DISCOVER).await.is_some()
    })
    .await;
    eventually("the history shows the new card", || async {
        history_text(&page)
            .await
            .contains("Card added · Discover •••• 1117")
    })
    .await;

    // Set as default.
    page.click_button(&format!("Set as default — {DISCOVER}"))
        .await;
    page.role_with_text("status", "Default card changed.").await;
    eventually("the Visa can now be made the default", || async {
        has_button(&page, &format!("Set as default — {VISA}")).await
    })
    .await;
    assert!(
        !has_button(&page, &format!("Set as default — {DISCOVER}")).await,
        "the new default offers no Set as default"
    );
    eventually("focus moves to the new default's title", || async {
        focused(&page).await.starts_with(DISCOVER) && focused_id(&page).await.ends_with("-title")
    })
    .await;
    let discover = card_text(&page, DISCOVER).await.unwrap();
    assert!(
        discover.contains("Default"),
        "the new default has the badge: {discover}"
    );
    assert!(
        !card_text(&page, VISA).await.unwrap().contains("Default"),
        "the old default lost its badge"
    );
    let first = page
        .query_role("listitem", None)
        .await
        .remove(0)
        .0
        .text()
        .await
        .unwrap();
    assert!(
        first.starts_with(DISCOVER),
        "the default is listed first: {first}"
    );
    eventually("the history shows the new default", || async {
        let h = history_text(&page).await;
        h.find("Made the default card · Discover •••• 1117")
            .is_some_and(|i| {
                h.find("Card added · Discover •••• 1117")
                    .is_some_and(|j| i < j)
            })
    })
    .await;

    assert_no_axe_violations(&page, "after adding a card").await;
    page.screenshot("saved-cards-1440").await;
    page.client().set_window_size(360, 740).await.unwrap();
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
    page.screenshot("saved-cards-360").await;
    page.client()
        .execute(
            "document.getElementById('pt-history-heading').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    page.screenshot("saved-cards-history-360").await;

    browser.stop().await;
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updating_the_expired_amex_makes_it_usable_again() {
    let portal = Portal::start().await;
    let browser = Browser::start(1440, 900).await;
    let page = browser.page();
    log_in(&page, &portal).await;
    assert!(
        card_text(&page, AMEX).await.unwrap().contains("Expired"),
        "the demo Amex is expired"
    );
    assert!(
        !has_button(&page, &format!("Set as default — {AMEX}")).await,
        "an expired card cannot be the default"
    );

    page.click_button(&format!("Update expiry — {AMEX}")).await;
    page.by_role("group", &format!("New expiry for {AMEX}"))
        .await;
    eventually("focus moves to the month", || async {
        focused_id(&page).await.ends_with("-exp-month")
    })
    .await;
    assert_no_axe_violations(&page, "with the expiry form open").await;

    // Checked before anything is sent, each problem in its own words.
    let year = this_year();
    for (month, year_typed, says) in [
        (
            "13",
            year.to_string(),
            "Enter a month from 1 to 12.".to_string(),
        ),
        ("", year.to_string(), "Enter the expiry month.".to_string()),
        ("12", "20".to_string(), "This date has passed.".to_string()),
        (
            "12",
            "2020".to_string(),
            "This date has passed.".to_string(),
        ),
        (
            "12",
            "203".to_string(),
            "Enter the year with four digits".to_string(),
        ),
        (
            "12",
            (year + 40).to_string(),
            "The year can be at most".to_string(),
        ),
    ] {
        page.fill("Month (MM)", month).await;
        page.fill("Year (YYYY)", &year_typed).await;
        page.click_button("Save expiry").await;
        eventually(
            &format!("{month}/{year_typed} is refused with {says:?}"),
            || async { page.text().await.contains(&says) },
        )
        .await;
        page.role_with_text("status", &says).await;
    }
    let year_field = page.by_role("textbox", "Year (YYYY)").await;
    assert_eq!(
        year_field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true"),
        "the year is marked"
    );
    assert_no_axe_violations(&page, "with an expiry error shown").await;
    page.screenshot("saved-cards-expiry-1440").await;

    let new_year = (year + 3).to_string();
    page.fill("Month (MM)", "11").await;
    page.fill("Year (YYYY)", &new_year).await;
    page.click_button("Save expiry").await;
    page.role_with_text(
        "status",
        &format!("Expiry of {AMEX} updated to 11/{new_year}."),
    )
    .await;
    eventually("the Expired badge goes", || async {
        card_text(&page, AMEX).await.is_some_and(|t| {
            !t.contains("Expired") && t.contains(&format!("Expires 11/{}", &new_year[2..]))
        })
    })
    .await;
    page.by_role("button", &format!("Set as default — {AMEX}"))
        .await;
    eventually("focus moves to the updated card's title", || async {
        focused(&page).await.starts_with(AMEX) && focused_id(&page).await.ends_with("-title")
    })
    .await;
    eventually("the history shows the new expiry", || async {
        history_text(&page).await.contains(&format!(
            "Expiry updated to 11/{new_year} · American Express •••• 0005"
        ))
    })
    .await;

    // The now valid card can be the default.
    page.click_button(&format!("Set as default — {AMEX}")).await;
    page.role_with_text("status", "Default card changed.").await;
    eventually("the Amex is the default", || async {
        card_text(&page, AMEX)
            .await
            .is_some_and(|t| t.contains("Default"))
    })
    .await;

    // At 360 px, with the form open.
    page.client().set_window_size(360, 740).await.unwrap();
    page.click_button(&format!("Update expiry — {VISA}")).await;
    page.by_role("group", &format!("New expiry for {VISA}"))
        .await;
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
    page.screenshot("saved-cards-expiry-360").await;
    page.click_button("Cancel").await;
    eventually("Cancel closes the form and focus returns", || async {
        focused(&page).await == format!("Update expiry — {VISA}")
    })
    .await;

    browser.stop().await;
    portal.stop().await;
}
