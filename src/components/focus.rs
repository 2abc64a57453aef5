//! Moving the focus to an element the view is about to show.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with this id once the view has caught up (next frame).
pub fn focus_soon(element_id: impl Into<String>) {
    let element_id = element_id.into();
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&element_id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
