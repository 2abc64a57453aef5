//! Theming from the host: a fixed allowlist of CSS custom properties with
//! checked values, never raw CSS.

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::shape::{get, set_text, text_of};

/// The custom properties a host may set in the frame.
pub const THEME_PROPERTIES: [&str; 8] = [
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
pub fn is_safe_value(value: &str) -> bool {
    // Byte-wise and case-insensitive without a lowercase copy: every
    // character and word looked for is ASCII, and the frame has a size budget.
    let bytes = value.as_bytes();
    let holds = |word: &[u8]| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    !bytes.is_empty()
        && bytes.len() <= 200
        && !bytes.iter().any(|b| b";{}<>\\@".contains(b))
        && !holds(b"url(")
        && !holds(b"expression(")
        && !holds(b"image(")
}

/// The theme a host sends: allowlisted properties with safe values only, so
/// whoever holds a `Theme` can apply it as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    /// The value of each of [`THEME_PROPERTIES`], by position.
    values: [Option<String>; THEME_PROPERTIES.len()],
}

impl Theme {
    /// An empty theme (the frame's own look).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `property` to `value` when the property is in
    /// [`THEME_PROPERTIES`] and the value [is safe](is_safe_value); returns
    /// whether it was kept (a second value for a property replaces the first).
    pub fn set(&mut self, property: &str, value: &str) -> bool {
        let Some(slot) = THEME_PROPERTIES.iter().position(|p| *p == property) else {
            return false;
        };
        if !is_safe_value(value) {
            return false;
        }
        self.values[slot] = Some(value.to_owned());
        true
    }

    /// The properties that are set and their values, in [`THEME_PROPERTIES`]
    /// order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        THEME_PROPERTIES
            .into_iter()
            .zip(&self.values)
            .filter_map(|(p, v)| Some((p, v.as_deref()?)))
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        for (property, value) in self.iter() {
            set_text(&object, property, value);
        }
        object.into()
    }

    /// Keeps what [`Theme::set`] accepts and drops the rest: a host's bad
    /// value costs that one property, not the whole configuration.
    pub(crate) fn from_js(value: &JsValue) -> Self {
        let mut theme = Self::new();
        for (slot, property) in theme.values.iter_mut().zip(THEME_PROPERTIES) {
            *slot = text_of(&get(value, property)).filter(|v| is_safe_value(v));
        }
        theme
    }
}
