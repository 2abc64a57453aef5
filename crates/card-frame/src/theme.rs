//! Theming from the host: the protocol's [`Theme`] holds only allowlisted
//! custom properties with safe values, so applying it is setting them.

use portal_frame_protocol::Theme;
use wasm_bindgen::JsCast;

/// Applies the host's theme to the frame's root element.
pub fn apply(theme: &Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    for (property, value) in theme.iter() {
        let _ = root.style().set_property(property, value);
    }
}
