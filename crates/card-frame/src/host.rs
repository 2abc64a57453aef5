//! Sending to the host page: every frame → host message leaves through here,
//! to the host's exact origin only (never `*`).

use std::cell::Cell;

use portal_frame_protocol::FrameMessage;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::FrameConfig;

/// Sends `message` to the host, to its exact origin only.
pub fn post(config: &FrameConfig, message: &FrameMessage) {
    if let Some(window) = web_sys::window() {
        let target = window.parent().ok().flatten().unwrap_or(window);
        let _ = target.post_message(&message.to_js(), &config.host_origin);
    }
}

/// Reports the frame's height whenever `form` resizes, so the host reserves
/// exactly that space (no layout shift).
pub fn watch_height(config: &FrameConfig, form: &web_sys::Element) {
    let config = config.clone();
    let last = Cell::new(0);
    let report = Closure::<dyn FnMut()>::new(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(root) = doc.document_element() else {
            return;
        };
        let height = u32::try_from(root.scroll_height()).unwrap_or(0);
        if height != last.get() {
            last.set(height);
            post(&config, &FrameMessage::Resize { height });
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(form);
    }
    // The observer lives as long as the frame's page.
    report.forget();
}
