//! Tokenization: the only place card data leaves the frame, as a POST to the
//! gateway's tokenization endpoint on the frame's own origin.

use js_sys::{Object, Reflect, JSON};
use portal_frame_protocol::{FrameMessage, Tokenized};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::form::{keep_digits, today, CardForm};
use crate::host::post;

/// Validates, then tokenizes and tells the host `tokenized` or `error`.
pub fn start(form: Rc<CardForm>) {
    if form.busy.get() {
        return;
    }
    let problems = form.validate_all();
    if let Some((_, first)) = problems.first() {
        post(
            &form.config,
            &FrameMessage::Error {
                code: "invalid_card".into(),
                message: first.message.clone(),
            },
        );
        return;
    }
    form.busy.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        let result = send(&form).await;
        form.busy.set(false);
        match result {
            Ok(token) => {
                form.clear();
                post(&form.config, &FrameMessage::Tokenized(token));
            }
            Err((code, message)) => {
                form.show_form_error(&message);
                form.announce(&message);
                post(&form.config, &FrameMessage::Error { code, message });
            }
        }
    });
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A string property. Out of line: the frame has a size budget, and the
/// conversion is needed six times.
#[inline(never)]
fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

async fn send(form: &CardForm) -> Result<Tokenized, (String, String)> {
    let network = || {
        (
            "network_error".to_string(),
            "We could not reach the payment service. Check your connection and try again."
                .to_string(),
        )
    };
    let (year, month) = today();
    let expiry = crate::card_api::expiry(&form.els.expiry.value(), year, month);
    let body = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&body, &k.into(), &v);
    };
    set("number", keep_digits(&form.els.number.value()).into());
    set("exp_month", expiry.month.unwrap_or(0).into());
    set("exp_year", expiry.year.unwrap_or(0).into());
    set("cvc", keep_digits(&form.els.cvc.value()).into());
    set("name", form.els.name.value().trim().into());
    let json = JSON::stringify(&body).map_err(|_| network())?;

    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&json);
    let headers = web_sys::Headers::new().map_err(|_| network())?;
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set(
        "Authorization",
        &format!("Bearer {}", form.config.publishable_key),
    );
    init.set_headers(&headers);
    let request =
        Request::new_with_str_and_init(&form.config.tokenize_url, &init).map_err(|_| network())?;
    let window = web_sys::window().ok_or_else(network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| network())?
        .dyn_into()
        .map_err(|_| network())?;
    let data = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    if !response.ok() {
        let error = get(&data, "error");
        let code = text(&error, "code").unwrap_or_else(|| "tokenization_failed".into());
        let message = text(&error, "message")
            .unwrap_or_else(|| "The card could not be checked. Please try again.".into());
        return Err((code, message));
    }
    read_token(&data).ok_or_else(|| {
        (
            "tokenization_failed".into(),
            "The payment service sent an answer we could not read.".into(),
        )
    })
}

/// The gateway's token object as the `tokenized` message says it.
fn read_token(data: &JsValue) -> Option<Tokenized> {
    let card = get(data, "card");
    let whole = |key: &str| get(&card, key).as_f64().map(|n| n as u32);
    Some(Tokenized {
        token: text(data, "id")?,
        brand: text(&card, "brand")?,
        last4: text(&card, "last4")?,
        exp_month: whole("exp_month")?,
        exp_year: whole("exp_year")?,
        name: text(&card, "name")?,
    })
}
