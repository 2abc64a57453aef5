//! Host → frame messages.

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::field::Field;
use crate::key;
use crate::shape::{
    get, is_absent, kind, message, optional_string, set, set_text, string, text_of, BadShape,
};
use crate::theme::Theme;

/// A message from the host page to the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// `configure`: theme, language and accepted brands.
    Configure(Configure),
    /// `tokenize`: validate every field and, if valid, tokenize. (The
    /// protocol allows a `billing` object; no side uses it and the frame
    /// ignores it.)
    Tokenize,
    /// `clear`: empty every field.
    Clear,
    /// `focus`: focus one field.
    Focus(Field),
}

/// What `configure` carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Configure {
    /// Custom properties for the frame's look.
    pub theme: Theme,
    /// The locale tag for labels and messages (`en`, `de`); `None` keeps the
    /// current one.
    pub locale: Option<String>,
    /// Brand ids the frame accepts; `None` accepts every brand.
    pub allowed_brands: Option<Vec<String>>,
}

const CONFIGURE: &str = "configure";
const TOKENIZE: &str = "tokenize";
const CLEAR: &str = "clear";
const FOCUS: &str = "focus";

impl HostMessage {
    /// The message as the plain object `postMessage` sends.
    pub fn to_js(&self) -> JsValue {
        match self {
            HostMessage::Configure(c) => {
                let m = message(CONFIGURE);
                set(&m, key::THEME, &c.theme.to_js());
                if let Some(locale) = &c.locale {
                    set_text(&m, key::LOCALE, locale);
                }
                if let Some(brands) = &c.allowed_brands {
                    let list: Array = brands.iter().map(|b| JsValue::from(b.as_str())).collect();
                    set(&m, key::ALLOWED_BRANDS, &list);
                }
                m.into()
            }
            HostMessage::Tokenize => message(TOKENIZE).into(),
            HostMessage::Clear => message(CLEAR).into(),
            HostMessage::Focus(field) => {
                let m = message(FOCUS);
                set_text(&m, key::FIELD, field.as_str());
                m.into()
            }
        }
    }

    /// Reads a received `event.data`; anything else than a well-formed host
    /// message is a [`BadShape`], to be ignored.
    pub fn from_js(value: &JsValue) -> Result<Self, BadShape> {
        match kind(value)?.as_str() {
            CONFIGURE => Ok(HostMessage::Configure(configure(value)?)),
            TOKENIZE => Ok(HostMessage::Tokenize),
            CLEAR => Ok(HostMessage::Clear),
            FOCUS => Field::from_name(&string(value, key::FIELD)?)
                .map(HostMessage::Focus)
                .ok_or(BadShape::BadField(key::FIELD)),
            _ => Err(BadShape::UnknownType),
        }
    }
}

fn configure(value: &JsValue) -> Result<Configure, BadShape> {
    // Every check that can fail comes before anything is allocated, so a
    // refusal frees nothing (less code in the frame).
    let theme = get(value, key::THEME);
    if !(is_absent(&theme) || theme.is_object()) {
        return Err(BadShape::BadField(key::THEME));
    }
    let brands = get(value, key::ALLOWED_BRANDS);
    let allowed_brands = if is_absent(&brands) {
        None
    } else if Array::is_array(&brands) {
        let mut list = Vec::new();
        for brand in Array::from(&brands).iter() {
            list.push(text_of(&brand).ok_or(BadShape::BadField(key::ALLOWED_BRANDS))?);
        }
        Some(list)
    } else {
        return Err(BadShape::BadField(key::ALLOWED_BRANDS));
    };
    Ok(Configure {
        locale: optional_string(value, key::LOCALE)?,
        allowed_brands,
        // Reading a property of `undefined` or `null` gives nothing: an empty theme.
        theme: Theme::from_js(&theme),
    })
}
