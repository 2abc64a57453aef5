//! Listening to the host page (docs/card-frame-protocol.md): messages from
//! any other origin, or of a bad shape (`HostMessage::from_js`), are ignored.

use std::rc::Rc;

use portal_frame_protocol::HostMessage;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::form::CardForm;
use crate::{theme, tokenize};

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
    // The listener lives as long as the frame's page.
    handler.forget();
}

/// Acts on one message from the host; anything malformed is ignored.
pub fn handle(form: &Rc<CardForm>, data: &JsValue) {
    let Ok(message) = HostMessage::from_js(data) else {
        return;
    };
    match message {
        HostMessage::Configure(configure) => {
            theme::apply(&configure.theme);
            if let Some(locale) = configure.locale {
                form.set_locale(&locale);
            }
            if configure.allowed_brands.is_some() {
                form.set_allowed_brands(configure.allowed_brands);
            }
        }
        HostMessage::Tokenize => tokenize::start(Rc::clone(form)),
        HostMessage::Clear => form.clear(),
        HostMessage::Focus(field) => form.focus(field),
    }
}
