//! Browser tests (headless Chromium) of what the SPA does with its
//! requests, against a stand-in for `window.fetch`: a pending payment is
//! read again after a failed read, a payment in the URL that cannot be read
//! stops the page with Try again instead of offering to pay again, and
//! requests are aborted when the component that made them goes away.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a missing element"
)]

use js_sys::Reflect;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use portal::api::{provide_api, use_api, Api};
use portal::components::announcer::provide_announcer;
use portal::components::loading::Loaded;
use portal::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use portal::config::{provide_config, PortalSettings};
use portal::pages::pay_link::PayLinkPage;
use portal_api::{
    InvoiceDetail, InvoiceStatus, InvoiceSummary, Money, Payment, PaymentKind, PaymentLinkResponse,
    PaymentStatus, PortalConfig, Receipt,
};
use wasm_bindgen::{JsCast, JsValue};
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

async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// `window.fetch` replaced by `body` (the JS of a `function (req)`) until
/// dropped. The stand-in can read the globals set with [`FakeFetch::set`].
struct FakeFetch {
    original: JsValue,
}

impl FakeFetch {
    fn new(body: &str) -> Self {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let helpers = "const json = (text, status = 200) => Promise.resolve(new Response(text, \
             { status, headers: { 'Content-Type': 'application/json' } })); \
             const offline = () => Promise.reject(new TypeError('Failed to fetch')); \
             const url = typeof req === 'string' ? req : req.url; ";
        let fake = js_sys::Function::new_with_args("req", &format!("{helpers}{body}"));
        Reflect::set(&window, &"fetch".into(), &fake).unwrap();
        Self { original }
    }

    fn set(name: &str, value: &JsValue) {
        Reflect::set(&web_sys::window().unwrap(), &name.into(), value).unwrap();
    }

    fn get(name: &str) -> JsValue {
        Reflect::get(&web_sys::window().unwrap(), &name.into()).unwrap()
    }
}

impl Drop for FakeFetch {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
    }
}

fn usd(amount: i64) -> Money {
    Money {
        amount,
        currency: "usd".into(),
    }
}

fn payment(status: PaymentStatus) -> Payment {
    Payment {
        id: "pay_1".into(),
        kind: PaymentKind::Invoice,
        status,
        amount: usd(12_500),
        invoice_id: Some("inv_1".into()),
        invoice_number: Some("INV-1".into()),
        card: None,
        created_at: "2026-12-01T10:00:00Z".into(),
        challenge: None,
        decline: None,
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

fn config() -> PortalConfig {
    PortalConfig {
        gateway_url: "http://127.0.0.1:9".into(),
        publishable_key: "pk_test_x".into(),
        business_name: "Northwind".into(),
        currency: "usd".into(),
        allow_partial_payments: false,
    }
}

fn json<T: serde::Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).unwrap())
}

fn alert_text(el: &web_sys::HtmlElement) -> Option<String> {
    el.query_selector("[role=alert]")
        .unwrap()
        .and_then(|a| a.text_content())
}

#[wasm_bindgen_test]
async fn a_pending_payment_is_read_again_after_a_failed_read_and_the_page_says_so() {
    // The first read fails (offline), the next one finds the payment done.
    let _fetch = FakeFetch::new(
        "window.__ptReads = (window.__ptReads || 0) + 1; \
         return window.__ptReads === 1 ? offline() : json(window.__ptPaid);",
    );
    FakeFetch::set("__ptPaid", &json(&payment(PaymentStatus::Succeeded)));
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_api(Api::new(String::new()));
        provide_announcer();
        view! {
            <Router>
                <PayFlow target=PayTarget::Invoice("inv_1".into()) cards=Vec::new() config=config()
                    amount=AmountPolicy::Fixed(usd(12_500)) resumed=Some(payment(PaymentStatus::Pending))/>
            </Router>
        }
    });
    tick(0).await;
    assert!(el
        .text_content()
        .unwrap()
        .contains("confirming your payment"));

    tick(2_500).await;
    assert_eq!(
        FakeFetch::get("__ptReads").as_f64(),
        Some(1.0),
        "one read so far"
    );
    let text = el.text_content().unwrap();
    assert!(
        text.contains("confirming your payment"),
        "still confirming: {text}"
    );
    let alert = alert_text(&el).expect("the failed read is shown");
    assert!(alert.contains("Check your connection"), "{alert}");

    // The next read comes after a longer wait (4 s), without a reload.
    tick(4_500).await;
    assert_eq!(FakeFetch::get("__ptReads").as_f64(), Some(2.0));
    let text = el.text_content().unwrap();
    assert!(
        text.contains("Payment successful") && text.contains("RCPT-1"),
        "the receipt once the server answers: {text}"
    );
    assert!(alert_text(&el).is_none(), "the failure is gone");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_payment_in_the_url_that_cannot_be_read_stops_the_page_with_try_again() {
    let invoice = InvoiceSummary {
        id: "inv_1".into(),
        number: "INV-1".into(),
        issue_date: "2026-11-01".into(),
        due_date: "2026-12-01".into(),
        total: usd(12_500),
        balance_due: usd(12_500),
        status: InvoiceStatus::Open,
    };
    let link = PaymentLinkResponse {
        business_name: "Northwind".into(),
        customer_name: "Ada Lovelace".into(),
        invoice: InvoiceDetail {
            invoice,
            memo: None,
            lines: Vec::new(),
            payments: Vec::new(),
        },
        expires_at: 4_102_444_800,
    };
    // The link and the configuration load; the payment's first read fails.
    let _fetch = FakeFetch::new(
        "if (url.endsWith('/api/config')) return json(window.__ptConfig); \
         if (url.includes('/payments/pay_1')) { \
             window.__ptReads = (window.__ptReads || 0) + 1; \
             return window.__ptReads === 1 ? offline() : json(window.__ptPaid); \
         } \
         if (url.includes('/api/pay-links/tok_1')) return json(window.__ptLink); \
         return json('{\"error\":{\"code\":\"not_found\",\"message\":\"Not found\"}}', 404);",
    );
    FakeFetch::set("__ptReads", &JsValue::from(0));
    FakeFetch::set("__ptConfig", &json(&config()));
    FakeFetch::set("__ptLink", &json(&link));
    FakeFetch::set("__ptPaid", &json(&payment(PaymentStatus::Succeeded)));
    let history = web_sys::window().unwrap().history().unwrap();
    let before = web_sys::window().unwrap().location().href().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/pay/tok_1?payment=pay_1"))
        .unwrap();

    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let api = Api::new(String::new());
        provide_api(api);
        provide_config(api, &PortalSettings::default());
        provide_announcer();
        view! {
            <Router>
                <Routes fallback=|| "not found">
                    <Route path=path!("/pay/:token") view=PayLinkPage/>
                </Routes>
            </Router>
        }
    });
    tick(300).await;
    let alert = alert_text(&el).expect("the failed read is shown");
    assert!(alert.contains("Check your connection"), "{alert}");
    assert!(
        el.query_selector("form").unwrap().is_none(),
        "no pay form while the payment's state is unknown"
    );
    assert!(
        !el.text_content().unwrap().contains("cannot be used"),
        "the link itself is fine"
    );
    let retry = el
        .query_selector("[role=alert] button")
        .unwrap()
        .expect("Try again")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    assert_eq!(retry.text_content().as_deref(), Some("Try again"));
    retry.click();
    tick(300).await;
    let text = el.text_content().unwrap();
    assert!(
        text.contains("Payment successful") && text.contains("RCPT-1"),
        "{text}"
    );
    drop(handle);
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_request_in_flight_is_aborted_when_its_component_unmounts() {
    // The server never answers; the stand-in keeps the request's signal.
    let _fetch = FakeFetch::new("window.__ptSignal = req.signal; return new Promise(() => {});");
    FakeFetch::set("__ptSignal", &JsValue::NULL);
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_api(Api::new(String::new()));
        let api = use_api();
        let summary = LocalResource::new(move || async move { api.summary().await });
        view! {
            <Loaded resource=summary let:_summary>
                <p>"loaded"</p>
            </Loaded>
        }
    });
    tick(50).await;
    let signal = FakeFetch::get("__ptSignal")
        .dyn_into::<web_sys::AbortSignal>()
        .expect("the request was sent");
    assert!(!signal.aborted(), "still waiting for the answer");
    drop(handle);
    tick(0).await;
    assert!(signal.aborted(), "unmounting aborts the request");
}
