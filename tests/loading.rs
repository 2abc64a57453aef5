//! Browser tests (headless Chromium) of the pages' loading scaffold: the
//! loading line, the loaded content, and an error with Try again that loads
//! again.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a missing element"
)]

use leptos::prelude::*;
use portal::api::ApiError;
use portal::components::loading::Loaded;
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
async fn a_failed_load_shows_the_error_and_try_again_loads_again() {
    let el = container();
    let calls = RwSignal::new(0);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let resource = LocalResource::new(move || {
            let n = calls.get_untracked() + 1;
            calls.set(n);
            async move {
                tick(50).await;
                if n == 1 {
                    Err(ApiError::Network("TypeError: Failed to fetch".into()))
                } else {
                    Ok(format!("loaded {n}"))
                }
            }
        });
        view! {
            <Loaded resource=resource error_heading="Invoices" let:text>
                <p class="content">{text}</p>
            </Loaded>
        }
    });
    tick(10).await;
    assert!(
        el.text_content().unwrap().contains("Loading…"),
        "the loading line first"
    );
    tick(140).await;
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("the error is an alert");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Check your connection"));
    assert_eq!(
        el.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Invoices"),
        "the heading given for the error"
    );
    let retry = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    assert_eq!(retry.text_content().as_deref(), Some("Try again"));
    retry.click();
    tick(150).await;
    assert_eq!(
        el.query_selector(".content")
            .unwrap()
            .map(|p| p.text_content().unwrap_or_default())
            .as_deref(),
        Some("loaded 2")
    );
    assert!(el.query_selector("[role=alert]").unwrap().is_none());
    handle.forget();
}
