//! Theming from the host: a fixed allowlist of CSS custom properties with
//! checked values, never raw CSS.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The custom properties a host may set.
pub const ALLOWED: [&str; 8] = [
    "--pt-color-text",
    "--pt-color-muted",
    "--pt-color-border",
    "--pt-color-focus",
    "--pt-color-danger",
    "--pt-color-surface",
    "--pt-font-family",
    "--pt-radius",
];

/// True for a value that cannot escape its declaration or load anything.
pub fn safe_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !value.is_empty()
        && value.len() <= 200
        && !value.contains([';', '{', '}', '<', '>', '\\', '@'])
        && !lower.contains("url(")
        && !lower.contains("expression(")
        && !lower.contains("image(")
}

/// Applies the allowed, safe properties of `theme` (an object) to the frame.
pub fn apply(theme: &JsValue) {
    let Some(obj) = theme.dyn_ref::<Object>() else {
        return;
    };
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    for key in ALLOWED {
        if let Some(value) = Reflect::get(obj, &key.into())
            .ok()
            .and_then(|v| v.as_string())
        {
            if safe_value(&value) {
                let _ = root.style().set_property(key, &value);
            }
        }
    }
}
