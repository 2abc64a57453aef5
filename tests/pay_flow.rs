//! Browser tests of the pay flow's parts in headless Chromium: the steps
//! (form, code step, receipt, decline) chosen from the payment's state, the
//! saved-card selection, and the code step's countdowns.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a missing element"
)]

use leptos::prelude::*;
use leptos_router::components::Router;
use portal::api::{provide_api, Api};
use portal::components::announcer::provide_announcer;
use portal::components::pay_flow::{AmountPolicy, CodeStep, PayFlow, PayTarget};
use portal::config::GatewayAccess;
use portal_api::{
    Decline, Money, Payment, PaymentChallenge, PaymentKind, PaymentMethod, PaymentStatus,
    PortalConfig, Receipt,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let el = document()
        .create_element("div")
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn usd(amount: i64) -> Money {
    Money {
        amount,
        currency: "usd".into(),
    }
}

fn card(id: &str, last4: &str, is_default: bool, expired: bool) -> PaymentMethod {
    PaymentMethod {
        id: id.into(),
        brand: "visa".into(),
        last4: last4.into(),
        exp_month: 12,
        exp_year: if expired { 2020 } else { 2030 },
        name: "Ada Lovelace".into(),
        is_default,
        expired,
        expiring_soon: false,
        billing_address: None,
        created_at: "2026-01-01T00:00:00Z".into(),
    }
}

fn config() -> PortalConfig {
    PortalConfig {
        gateway_url: "http://127.0.0.1:9".into(),
        publishable_key: "pk_test_x".into(),
        business_name: "Northwind".into(),
        currency: "usd".into(),
        allow_partial_payments: true,
    }
}

fn payment(status: PaymentStatus) -> Payment {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    Payment {
        id: "pay_1".into(),
        kind: PaymentKind::Invoice,
        status,
        amount: usd(12_500),
        invoice_id: Some("inv_1".into()),
        invoice_number: Some("INV-1".into()),
        card: None,
        created_at: "2026-12-01T10:00:00Z".into(),
        challenge: (status == PaymentStatus::RequiresAction).then(|| PaymentChallenge {
            id: "ch_1".into(),
            client_secret: "secret".into(),
            phone_last2: "42".into(),
            expires_at: now + 272,
            attempts_left: 5,
            resend_available_at: now + 3,
        }),
        decline: (status == PaymentStatus::Declined).then(|| Decline {
            code: "insufficient_funds".into(),
            message: "The card has insufficient funds. Use another card.".into(),
            retryable: false,
        }),
        receipt: (status == PaymentStatus::Succeeded).then(|| Receipt {
            reference: "RCPT-1".into(),
            amount: usd(12_500),
            card_brand: "visa".into(),
            card_last4: "4242".into(),
            paid_at: "2026-12-01T10:00:05Z".into(),
            invoice_number: Some("INV-1".into()),
            business_name: "Northwind".into(),
        }),
        saved_payment_method_id: None,
    }
}

/// Mounts the flow for an invoice with a balance of $125.00.
fn mount_flow(cards: Vec<PaymentMethod>, resumed: Option<Payment>) -> web_sys::HtmlElement {
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_api(Api::new(String::new()));
        provide_announcer();
        let cards = cards.clone();
        let resumed = resumed.clone();
        view! {
            <Router>
                <PayFlow target=PayTarget::Invoice("inv_1".into()) cards=cards config=config()
                    amount=AmountPolicy::UpTo(usd(12_500)) resumed=resumed/>
            </Router>
        }
    });
    handle.forget();
    el
}

fn checked_radio(el: &web_sys::HtmlElement) -> Option<String> {
    let list = el.query_selector_all("input[type=radio]").unwrap();
    (0..list.length())
        .filter_map(|i| {
            list.item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        })
        .find(|r| r.checked())
        .map(|r| r.value())
}

async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_default_card_is_preselected_and_an_expired_one_cannot_be_chosen() {
    let el = mount_flow(
        vec![
            card("spm_a", "1111", false, false),
            card("spm_b", "4242", true, false),
            card("spm_c", "0005", false, true),
        ],
        None,
    );
    tick(0).await;
    assert_eq!(checked_radio(&el).as_deref(), Some("spm_b"));
    let expired = el
        .query_selector("input[value=spm_c]")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    assert!(expired.disabled(), "the expired card is disabled");
    let button = el.query_selector("button[type=submit]").unwrap().unwrap();
    assert_eq!(
        button.text_content().as_deref(),
        Some("Pay $125.00"),
        "the button shows the amount"
    );
}

#[wasm_bindgen_test]
async fn with_an_expired_default_the_first_usable_card_is_chosen_and_without_any_a_new_card() {
    let el = mount_flow(
        vec![
            card("spm_x", "0005", true, true),
            card("spm_y", "4444", false, false),
        ],
        None,
    );
    tick(0).await;
    assert_eq!(checked_radio(&el).as_deref(), Some("spm_y"));
    let el = mount_flow(vec![card("spm_z", "0005", true, true)], None);
    tick(0).await;
    assert_eq!(
        checked_radio(&el).as_deref(),
        Some("new"),
        "only an expired card: Use another card"
    );
}

#[wasm_bindgen_test]
async fn typing_a_partial_amount_updates_the_pay_button_and_too_much_is_refused() {
    let el = mount_flow(vec![card("spm_b", "4242", true, false)], None);
    tick(0).await;
    let input = el
        .query_selector("#pt-pay-amount")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    assert_eq!(input.value(), "125.00", "the balance is proposed");
    input.set_value("40,5");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick(0).await;
    let button = el
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Pay $40.50"));
    input.set_value("200");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick(0).await;
    assert_eq!(
        button.text_content().as_deref(),
        Some("Pay"),
        "no amount on the button while it is refused"
    );
    button.click();
    tick(0).await;
    let error = el
        .query_selector("#pt-pay-amount-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        error.contains("at most $125.00"),
        "the limit is named: {error}"
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn each_payment_state_shows_its_step() {
    let el = mount_flow(vec![], Some(payment(PaymentStatus::Succeeded)));
    tick(0).await;
    let text = el.text_content().unwrap();
    assert!(
        text.contains("Payment successful")
            && text.contains("RCPT-1")
            && text.contains("Visa •••• 4242"),
        "{text}"
    );
    assert!(
        el.query_selector("form").unwrap().is_none(),
        "no form after success"
    );

    let el = mount_flow(vec![], Some(payment(PaymentStatus::RequiresAction)));
    tick(0).await;
    let code = el
        .query_selector("#pt-code")
        .unwrap()
        .expect("the code step");
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert!(el.text_content().unwrap().contains("phone ending in 42"));

    let el = mount_flow(vec![], Some(payment(PaymentStatus::Declined)));
    tick(0).await;
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("the decline is an alert");
    assert!(alert.text_content().unwrap().contains("insufficient funds"));
    assert!(
        el.query_selector("form").unwrap().is_some(),
        "the form stays to try again"
    );
}

#[wasm_bindgen_test]
async fn the_code_step_counts_down_the_resend_cooldown_and_the_expiry() {
    let el = container();
    let p = payment(PaymentStatus::RequiresAction);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_api(Api::new(String::new()));
        provide_announcer();
        view! { <CodeStep payment=p.clone() target=PayTarget::Invoice("inv_1".into()) gateway=GatewayAccess { url: "http://127.0.0.1:9".into(), publishable_key: "pk".into() } on_update=Callback::new(|_| {})/> }
    });
    handle.forget();
    let resend = || {
        el.query_selector_all("button")
            .unwrap()
            .item(1)
            .unwrap()
            .dyn_into::<web_sys::HtmlButtonElement>()
            .unwrap()
    };
    assert_eq!(
        resend().text_content().as_deref(),
        Some("Resend code in 3 s")
    );
    assert!(resend().disabled());
    assert!(el
        .text_content()
        .unwrap()
        .contains("The code expires in 4:32."));
    tick(3100).await;
    assert_eq!(resend().text_content().as_deref(), Some("Resend code"));
    assert!(
        !resend().disabled(),
        "Resend code is available after the cooldown"
    );
    assert!(el
        .text_content()
        .unwrap()
        .contains("The code expires in 4:29."));
}
