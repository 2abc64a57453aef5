//! The card frame in headless Chromium: what a customer sees while typing,
//! and what the host receives (never digits).
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly at the first surprise"
)]

use portal_card_frame::{mount, CardForm, FrameConfig};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

/// Mounts a fresh frame form (the page is the host itself, so messages come back to us).
fn mounted() -> (Rc<CardForm>, web_sys::Element) {
    // One frame per document, as in real life: drop the previous test's form.
    while let Some(old) = document().query_selector("[data-test-root]").unwrap() {
        old.remove();
    }
    let root = document().create_element("div").unwrap();
    root.set_attribute("data-test-root", "").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let config = FrameConfig {
        publishable_key: "pk_test_frame".into(),
        host_origin: origin(),
        tokenize_url: format!("{}/stub/v1/tokens", origin()),
    };
    let form = mount(&root, config).unwrap();
    (form, root)
}

fn input(root: &web_sys::Element, id: &str) -> HtmlInputElement {
    root.query_selector(&format!("#cf-{id}"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// What the browser does when the customer types or pastes: new value and
/// caret, then an `input` event.
fn type_value(el: &HtmlInputElement, value: &str, caret: usize) {
    el.set_value(value);
    el.set_selection_range(caret as u32, caret as u32).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn type_at_end(el: &HtmlInputElement, value: &str) {
    type_value(el, value, value.len());
}

fn blur(el: &HtmlInputElement) {
    el.dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
}

fn caret(el: &HtmlInputElement) -> u32 {
    el.selection_start().unwrap().unwrap()
}

fn brand_name(root: &web_sys::Element) -> String {
    let badge = root.query_selector("[role=img]").unwrap().unwrap();
    badge.get_attribute("aria-label").unwrap()
}

fn live_text(root: &web_sys::Element) -> String {
    root.query_selector("[aria-live=polite]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
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
fn c6_visa_is_grouped_in_fours_and_named() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "4242424242424242");
    assert_eq!(number.value(), "4242 4242 4242 4242");
    assert_eq!(brand_name(&root), "Visa");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(live_text(&root).contains("Visa"), "the brand is announced");
}

#[wasm_bindgen_test]
fn c6_amex_is_4_6_5_with_a_four_digit_cid() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "378282246310005");
    assert_eq!(number.value(), "3782 822463 10005");
    assert_eq!(brand_name(&root), "American Express");
    let cvc = input(&root, "cvc");
    assert_eq!(cvc.get_attribute("maxlength").as_deref(), Some("4"));
    let label = root
        .query_selector("label[for=cf-cvc]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(label.contains("CID"), "Amex's code is the CID: {label}");
    // One more digit than Amex allows is dropped.
    type_at_end(&number, "3782 822463 100051");
    assert_eq!(number.value(), "3782 822463 10005");
}

#[wasm_bindgen_test]
fn pasting_with_dashes_and_spaces_formats() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "4242-4242 4242-4242");
    assert_eq!(number.value(), "4242 4242 4242 4242");
}

#[wasm_bindgen_test]
fn inserting_in_the_middle_keeps_the_caret_after_the_new_digit() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "4242 4242 4242 424");
    // The customer puts the caret after the first group and types 9.
    type_value(&number, "42429 4242 4242 424", 5);
    assert_eq!(number.value(), "4242 9424 2424 2424");
    assert_eq!(
        caret(&number),
        6,
        "the caret follows the 9 across the group gap"
    );
}

#[wasm_bindgen_test]
fn deleting_in_the_middle_keeps_the_caret_in_place() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "4242 4242 4242 4242");
    // Backspace after "4242 42": the second 2 of the second group goes.
    type_value(&number, "4242 442 4242 4242", 6);
    assert_eq!(number.value(), "4242 4424 2424 242");
    assert_eq!(caret(&number), 6);
}

#[wasm_bindgen_test]
fn a_visa_number_stops_at_19_digits() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "42424242424242424242");
    assert_eq!(
        number.value().chars().filter(char::is_ascii_digit).count(),
        19
    );
}

#[wasm_bindgen_test]
fn an_impossible_number_is_flagged_at_once_an_incomplete_one_on_blur() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "1234");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = number.get_attribute("aria-describedby").unwrap();
    let message = document()
        .get_element_by_id(&described)
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(message, "This card number is not valid.");
    assert!(
        number.class_list().contains("cf-input--invalid"),
        "outlined red"
    );
    assert!(
        live_text(&root).contains("not valid"),
        "the error is announced"
    );

    type_at_end(&number, "4242");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("false"),
        "still typing is not an error"
    );
    assert!(number.get_attribute("aria-describedby").is_none());
    blur(&number);
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = number.get_attribute("aria-describedby").unwrap();
    let message = document()
        .get_element_by_id(&described)
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(message, "Your card number is incomplete.");
}

#[wasm_bindgen_test]
fn expiry_partial_is_fine_an_impossible_month_is_not() {
    let (_form, root) = mounted();
    let expiry = input(&root, "expiry");
    type_at_end(&expiry, "12/3");
    assert_eq!(
        expiry.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    type_at_end(&expiry, "13");
    assert_eq!(
        expiry.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        expiry.get_attribute("inputmode").as_deref(),
        Some("numeric")
    );
    assert_eq!(
        expiry.get_attribute("autocomplete").as_deref(),
        Some("cc-exp")
    );
}

#[wasm_bindgen_test]
fn fields_carry_autofill_and_keyboard_hints() {
    let (_form, root) = mounted();
    for (id, auto, numeric) in [
        ("number", "cc-number", true),
        ("expiry", "cc-exp", true),
        ("cvc", "cc-csc", true),
        ("name", "cc-name", false),
    ] {
        let el = input(&root, id);
        assert_eq!(el.get_attribute("autocomplete").as_deref(), Some(auto));
        assert_eq!(
            el.get_attribute("inputmode").is_some(),
            numeric,
            "{id}: inputmode numeric only on digit fields"
        );
        let label = root.query_selector(&format!("label[for=cf-{id}]")).unwrap();
        assert!(label.is_some(), "{id} has a visible label");
    }
    let form = root
        .query_selector("main form")
        .unwrap()
        .expect("a form inside the main landmark");
    for id in ["number", "expiry", "cvc", "name"] {
        assert!(
            form.query_selector(&format!("#cf-{id}")).unwrap().is_some(),
            "{id} is in the one form (autofill fills them together)"
        );
    }
}

#[wasm_bindgen_test]
async fn tokenize_sends_the_card_only_to_the_gateway_then_clears_and_posts_no_digits() {
    // Stub fetch: record the request, answer like the gateway.
    js_sys::eval(
        r#"window.__requests = [];
        window.fetch = async (req) => {
          window.__requests.push({ url: req.url, body: await req.clone().text(), auth: req.headers.get('Authorization') });
          return new Response(JSON.stringify({ id: 'tok_test123', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034, name: 'Ada Lovelace', funding: 'credit' }, expires_at: 0 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
        };"#,
    )
    .unwrap();
    let messages = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = Rc::clone(&messages);
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            sink.borrow_mut().push(
                js_sys::JSON::stringify(&e.data())
                    .unwrap()
                    .as_string()
                    .unwrap(),
            );
        });
    web_sys::window()
        .unwrap()
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();

    let (form, root) = mounted();
    type_at_end(&input(&root, "number"), "4242424242424242");
    type_at_end(&input(&root, "expiry"), "12/34");
    type_at_end(&input(&root, "cvc"), "123");
    type_at_end(&input(&root, "name"), "Ada Lovelace");
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"tokenize".into()).unwrap();
    js_sys::Reflect::set(&message, &"v".into(), &1.into()).unwrap();
    portal_card_frame::handle_message(&form, &message);
    tick(200).await;

    for id in ["number", "expiry", "cvc", "name"] {
        assert_eq!(
            input(&root, id).value(),
            "",
            "{id} is cleared after tokenization"
        );
    }
    let requests = js_sys::eval("JSON.stringify(window.__requests)")
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        requests.contains("/stub/v1/tokens") && requests.contains("4242424242424242"),
        "the card went to the tokenization endpoint: {requests}"
    );
    assert!(requests.contains("Bearer pk_test_frame"));
    let all = messages.borrow().join("\n");
    assert!(
        all.contains("\"type\":\"tokenized\"") && all.contains("tok_test123"),
        "the host got the token: {all}"
    );
    assert!(
        !all.contains("4242424242424242") && !all.contains("\"123\""),
        "no digits in any message: {all}"
    );
}

#[wasm_bindgen_test]
fn an_incomplete_card_is_not_sent_and_the_first_bad_field_is_focused() {
    let (form, root) = mounted();
    type_at_end(&input(&root, "number"), "4242");
    let problems = form.validate_all();
    assert!(!problems.is_empty());
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), "cf-number");
    assert_eq!(
        input(&root, "expiry")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true"),
        "empty required fields are flagged on submit"
    );
}

#[wasm_bindgen_test]
fn c3_host_messages_of_a_bad_shape_are_ignored() {
    let (form, root) = mounted();
    let number = input(&root, "number");
    type_at_end(&number, "4242");
    for bad in [
        r#"{"type":"clear"}"#,
        r#"{"type":"clear","v":2}"#,
        r#"{"type":"clear","v":"1"}"#,
        r#"{"type":"CLEAR","v":1}"#,
        r#""clear""#,
    ] {
        portal_card_frame::handle_message(&form, &js_sys::JSON::parse(bad).unwrap());
        assert_eq!(number.value(), "4242", "{bad} is ignored");
    }
    portal_card_frame::handle_message(&form, &portal_frame_protocol::HostMessage::Clear.to_js());
    assert_eq!(number.value(), "", "a well-formed clear empties the fields");
}

#[wasm_bindgen_test]
fn several_possible_brands_are_listed_with_commas_and_or() {
    let (_form, root) = mounted();
    let number = input(&root, "number");
    for prefix in ["4", "5", "6"] {
        type_at_end(&number, prefix);
        let name = brand_name(&root);
        let Some(list) = name.strip_prefix("Could be ") else {
            continue;
        };
        let (head, last) = list.rsplit_once(" or ").unwrap();
        assert!(!last.is_empty() && !last.contains(", "), "{name}");
        assert!(
            head.split(", ")
                .all(|n| !n.is_empty() && !n.contains(" or ")),
            "{name}"
        );
        return;
    }
    panic!("no one-digit prefix fits several brands");
}
