//! The isolated card-entry frame: a tiny WebAssembly app (plain `web-sys`,
//! no framework, to stay within its 60 KiB brotli budget) that the sandbox
//! gateway serves from its own origin at `/elements/card/`. The portal embeds
//! it in an iframe; card number and security code are typed here and leave
//! only in the POST to the gateway's tokenization endpoint. The host page
//! talks to it through the postMessage protocol of `portal-frame-protocol`
//! (`crates/frame-protocol`, described in `docs/card-frame-protocol.md`).
//!
//! Build: `cargo xtask build` (trunk). Browser tests:
//! `cargo xtask test` (wasm-bindgen-test in headless Chromium).

mod card_api;
mod config;
mod form;
mod host;
mod messages;
mod protocol;
mod theme;
mod tokenize;
mod view;

pub use config::FrameConfig;
pub use form::CardForm;

use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The element the frame's page mounts into.
pub const ROOT_ID: &str = "card-frame-root";

/// Entry point of the frame page: mounts the form when the page has the
/// frame's root element (tests mount explicitly instead).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(ROOT_ID) else {
        return;
    };
    match FrameConfig::from_location() {
        Ok(config) => {
            if let Ok(form) = mount(&root, config) {
                protocol::listen(form);
            }
        }
        Err(problem) => {
            root.set_text_content(Some(&format!("Card entry is unavailable: {problem}")))
        }
    }
}

/// Builds the card form inside `root` and returns it; tells the host `ready`.
pub fn mount(root: &web_sys::Element, config: FrameConfig) -> Result<Rc<CardForm>, JsValue> {
    let form = CardForm::new(root, config)?;
    form.post_ready();
    Ok(form)
}

/// Acts on one host message (what the `message` listener does after its origin check).
pub fn handle_message(form: &Rc<CardForm>, data: &JsValue) {
    protocol::handle(form, data);
}

/// Starts listening for the host's messages (`configure`, `tokenize`, `clear`, `focus`).
pub fn listen(form: Rc<CardForm>) {
    protocol::listen(form);
}
