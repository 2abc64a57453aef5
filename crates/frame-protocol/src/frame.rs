//! Frame → host messages.

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::field::Field;
use crate::key;
use crate::shape::{
    boolean, get, kind, message, optional_string, set, set_text, string, whole, BadShape,
};

/// A message from the frame to the host page. None carries card digits
/// beyond the last four of a tokenized card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameMessage {
    /// `ready`: the form is mounted; the host sends `configure` now.
    Ready,
    /// `change`: after every input and blur.
    Change(Change),
    /// `resize`: the form's height changed; the host sizes the iframe to it.
    Resize {
        /// The height in CSS pixels.
        height: u32,
    },
    /// `tokenized`: tokenization succeeded; the fields are already cleared.
    Tokenized(Tokenized),
    /// `error`: tokenization did not happen.
    Error {
        /// `invalid_card` (a field is invalid: the frame shows which), the
        /// gateway's code (`rate_limited`, `invalid_number`, …) or
        /// `network_error`.
        code: String,
        /// Words for the customer.
        message: String,
    },
}

/// What the frame reports while the customer types (no digits, ever).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Detected brand id (`visa`, `amex`, …), if known.
    pub brand: Option<String>,
    /// No field has anything typed.
    pub empty: bool,
    /// Every field is valid: tokenization can start.
    pub complete: bool,
    /// Error codes of the fields that show one (`Number` → `invalid_number`),
    /// in form order.
    pub errors: Vec<(Field, String)>,
}

/// A tokenized card: a single-use token and what may be shown of the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokenized {
    /// The single-use token (`tok_…`).
    pub token: String,
    /// The brand id.
    pub brand: String,
    /// The card number's last four digits.
    pub last4: String,
    /// The expiry month (1–12).
    pub exp_month: u32,
    /// The four-digit expiry year.
    pub exp_year: u32,
    /// The name on the card.
    pub name: String,
}

const READY: &str = "ready";
const CHANGE: &str = "change";
const RESIZE: &str = "resize";
const TOKENIZED: &str = "tokenized";
const ERROR: &str = "error";

impl FrameMessage {
    /// The message as the plain object `postMessage` sends.
    pub fn to_js(&self) -> JsValue {
        match self {
            FrameMessage::Ready => message(READY).into(),
            FrameMessage::Change(c) => {
                let m = message(CHANGE);
                let brand = c.brand.as_deref().map_or(JsValue::NULL, JsValue::from);
                set(&m, key::BRAND, &brand);
                set(&m, key::EMPTY, &c.empty.into());
                set(&m, key::COMPLETE, &c.complete.into());
                let errors = Object::new();
                for (field, code) in &c.errors {
                    set_text(&errors, field.as_str(), code);
                }
                set(&m, key::ERRORS, &errors);
                m.into()
            }
            FrameMessage::Resize { height } => {
                let m = message(RESIZE);
                set(&m, key::HEIGHT, &(*height).into());
                m.into()
            }
            FrameMessage::Tokenized(t) => {
                let m = message(TOKENIZED);
                set_text(&m, key::TOKEN, &t.token);
                set_text(&m, key::BRAND, &t.brand);
                set_text(&m, key::LAST4, &t.last4);
                set(&m, key::EXP_MONTH, &t.exp_month.into());
                set(&m, key::EXP_YEAR, &t.exp_year.into());
                set_text(&m, key::NAME, &t.name);
                m.into()
            }
            FrameMessage::Error {
                code,
                message: words,
            } => {
                let m = message(ERROR);
                set_text(&m, key::CODE, code);
                set_text(&m, key::MESSAGE, words);
                m.into()
            }
        }
    }

    /// Reads a received `event.data`; anything else than a well-formed frame
    /// message is a [`BadShape`], to be ignored.
    pub fn from_js(value: &JsValue) -> Result<Self, BadShape> {
        match kind(value)?.as_str() {
            READY => Ok(FrameMessage::Ready),
            CHANGE => Ok(FrameMessage::Change(change(value)?)),
            RESIZE => Ok(FrameMessage::Resize {
                height: whole(value, key::HEIGHT)?,
            }),
            TOKENIZED => Ok(FrameMessage::Tokenized(tokenized(value)?)),
            ERROR => Ok(FrameMessage::Error {
                code: string(value, key::CODE)?,
                message: string(value, key::MESSAGE)?,
            }),
            _ => Err(BadShape::UnknownType),
        }
    }
}

fn change(value: &JsValue) -> Result<Change, BadShape> {
    let errors = get(value, key::ERRORS);
    if !errors.is_object() {
        return Err(BadShape::BadField(key::ERRORS));
    }
    let mut list = Vec::new();
    for field in Field::ALL {
        if let Some(code) =
            optional_string(&errors, field.as_str()).map_err(|_| BadShape::BadField(key::ERRORS))?
        {
            list.push((field, code));
        }
    }
    Ok(Change {
        brand: optional_string(value, key::BRAND)?,
        empty: boolean(value, key::EMPTY)?,
        complete: boolean(value, key::COMPLETE)?,
        errors: list,
    })
}

fn tokenized(value: &JsValue) -> Result<Tokenized, BadShape> {
    let token = string(value, key::TOKEN)?;
    if !token.starts_with("tok_") {
        return Err(BadShape::BadField(key::TOKEN));
    }
    let last4 = string(value, key::LAST4)?;
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadShape::BadField(key::LAST4));
    }
    Ok(Tokenized {
        token,
        brand: string(value, key::BRAND)?,
        last4,
        exp_month: whole(value, key::EXP_MONTH)?,
        exp_year: whole(value, key::EXP_YEAR)?,
        name: string(value, key::NAME)?,
    })
}
