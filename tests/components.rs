//! Browser tests of the SPA's parts with logic, in headless Chromium:
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a missing element"
)]
//! mount, then assert on what a user sees.

use leptos::prelude::*;
use portal::api::ApiError;
use portal::components::error_view::ErrorView;
use portal::config::{normalize_base_path, PortalSettings};
use portal::i18n::{format_date, format_money, strings_for};
use portal_api::Money;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let el = document
        .create_element("div")
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

#[wasm_bindgen_test]
fn money_is_formatted_per_locale_from_integer_minor_units() {
    let m = Money {
        amount: 123_456,
        currency: "usd".into(),
    };
    assert_eq!(format_money(&m, "en-US"), "$1,234.56");
    let de = format_money(
        &Money {
            amount: 123_456,
            currency: "eur".into(),
        },
        "de-DE",
    );
    assert_eq!(de.replace('\u{a0}', " "), "1.234,56 €");
    // Yen has no minor unit: 5000 is ¥5,000, not ¥50.
    assert_eq!(
        format_money(
            &Money {
                amount: 5000,
                currency: "jpy".into()
            },
            "en-US"
        ),
        "¥5,000"
    );
}

#[wasm_bindgen_test]
fn dates_are_formatted_per_locale_and_bad_dates_shown_as_is() {
    assert_eq!(format_date("2026-11-22", "en-US"), "Nov 22, 2026");
    assert_eq!(format_date("2026-11-22", "de-DE"), "22.11.2026");
    assert_eq!(format_date("not a date", "en-US"), "not a date");
}

#[wasm_bindgen_test]
fn settings_come_from_the_mount_elements_data_attributes() {
    let el = container();
    el.set_attribute("data-api-base", "https://billing.example.com/")
        .unwrap();
    el.set_attribute("data-base-path", "billing/").unwrap();
    el.set_attribute("data-gateway-url", "javascript:alert(1)")
        .unwrap();
    el.set_attribute("data-locale", "de").unwrap();
    let s = PortalSettings::from_element(&el);
    assert_eq!(s.api_base, "https://billing.example.com");
    assert_eq!(s.base_path, "/billing");
    assert_eq!(s.gateway_url, None, "a non-http gateway URL is refused");
    assert_eq!(s.locale.as_deref(), Some("de"));
    assert_eq!(normalize_base_path("/"), "");
}

#[wasm_bindgen_test]
fn german_locale_has_its_own_strings() {
    assert_eq!(strings_for("de-AT").pay_now, "Jetzt bezahlen");
    assert_eq!(strings_for("en-GB").pay_now, "Pay Now");
    assert_eq!(
        strings_for("fr").log_in,
        "Log in",
        "unknown locales fall back to English"
    );
}

#[wasm_bindgen_test]
async fn an_api_error_is_shown_as_an_alert_with_its_message_and_retry() {
    let el = container();
    let retried = RwSignal::new(0);
    let error = ApiError::Http {
        status: 429,
        code: "rate_limited".into(),
        message: "Too many attempts. Try again in 5 minutes.".into(),
    };
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=error.clone() on_retry=Callback::new(move |_| retried.update(|n| *n += 1))/> }
    });
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert is shown");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Too many attempts. Try again in 5 minutes."));
    assert_eq!(
        alert.get_attribute("data-code").as_deref(),
        Some("rate_limited")
    );
    let button = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Try again"));
    button.click();
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn network_errors_say_what_to_do_in_plain_words() {
    let e = ApiError::Network("TypeError: Failed to fetch".into());
    assert_eq!(e.code(), "network_error");
    assert!(
        e.to_string().contains("Check your connection"),
        "no raw browser error shown: {e}"
    );
}
