//! The postMessage protocol with the host page (docs/card-frame-protocol.md).
//! Every message is a plain object `{type, v: 1, …}`, sent with the exact
//! host origin as target; messages from any other origin, or of a bad shape,
//! are ignored. No message ever carries card digits.

use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::FrameConfig;
use crate::form::{CardForm, Field};
use crate::{theme, tokenize};

/// The protocol version.
pub const VERSION: u32 = 1;

/// A plain object from key/value pairs, with the protocol version.
pub fn object(pairs: &[(&str, JsValue)]) -> Object {
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"v".into(), &VERSION.into());
    for (k, v) in pairs {
        let _ = Reflect::set(&obj, &(*k).into(), v);
    }
    obj
}

/// Sends `message` to the host, to its exact origin only.
pub fn post(config: &FrameConfig, message: &Object) {
    if let Some(window) = web_sys::window() {
        let target = window.parent().ok().flatten().unwrap_or(window);
        let _ = target.post_message(message, &config.host_origin);
    }
}

/// `change`: brand, empty, complete and per-field error codes (never digits).
pub fn post_change(form: &CardForm) {
    let errors = Object::new();
    let mut complete = true;
    let mut empty = true;
    for field in Field::ALL {
        if !form.input(field).value().is_empty() {
            empty = false;
        }
        if form.problem(field, true).is_some() {
            complete = false;
        }
        if let Some(p) = form.visible_problem(field) {
            let _ = Reflect::set(&errors, &field.as_str().into(), &p.code.into());
        }
    }
    let brand: JsValue = form.brand().map_or(JsValue::NULL, |b| b.id().into());
    post(
        &form.config,
        &object(&[
            ("type", "change".into()),
            ("brand", brand),
            ("empty", empty.into()),
            ("complete", complete.into()),
            ("errors", errors.into()),
        ]),
    );
}

/// Reports the frame's height whenever it changes, so the host reserves
/// exactly that space (no layout shift).
pub fn watch_height(form: &CardForm) {
    let config = form.config.clone();
    let last = std::cell::Cell::new(0i32);
    let report = Closure::<dyn FnMut()>::new(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(root) = doc.document_element() else {
            return;
        };
        let height = root.scroll_height();
        if height != last.get() {
            last.set(height);
            post(
                &config,
                &object(&[("type", "resize".into()), ("height", height.into())]),
            );
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(&form.els.form);
    }
    report.forget();
}

fn text(data: &JsValue, key: &str) -> Option<String> {
    Reflect::get(data, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// Listens for the host's messages.
pub fn listen(form: Rc<CardForm>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if event.origin() != form.config.host_origin {
                return;
            }
            handle(&form, &event.data());
        });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Acts on one message from the host; anything malformed is ignored.
pub fn handle(form: &Rc<CardForm>, data: &JsValue) {
    if !data.is_object()
        || Reflect::get(data, &"v".into())
            .ok()
            .and_then(|v| v.as_f64())
            != Some(f64::from(VERSION))
    {
        return;
    }
    match text(data, "type").as_deref() {
        Some("configure") => {
            if let Ok(theme) = Reflect::get(data, &"theme".into()) {
                theme::apply(&theme);
            }
            if let Some(locale) = text(data, "locale") {
                form.set_locale(&locale);
            }
            if let Ok(brands) = Reflect::get(data, &"allowed_brands".into()) {
                if js_sys::Array::is_array(&brands) {
                    let list = js_sys::Array::from(&brands)
                        .iter()
                        .filter_map(|b| b.as_string())
                        .collect();
                    form.set_allowed_brands(Some(list));
                }
            }
        }
        Some("tokenize") => tokenize::start(Rc::clone(form)),
        Some("clear") => form.clear(),
        Some("focus") => {
            let field = text(data, "field")
                .and_then(|f| Field::from_name(&f))
                .unwrap_or(Field::Number);
            form.focus(field);
        }
        _ => {}
    }
}
