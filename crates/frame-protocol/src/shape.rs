//! Reading and writing message objects, and the error for a bad shape.

use std::fmt;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::{key, VERSION};

/// Why a JS value is not a message of the protocol. The receiver ignores
/// such a value (security check C3); the reason is for tests and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadShape {
    /// The value is not an object.
    NotAnObject,
    /// `v` is missing or not [`VERSION`].
    WrongVersion,
    /// `type` is missing or names no message of this direction.
    UnknownType,
    /// The named property is missing or of the wrong type or form.
    BadField(&'static str),
}

impl fmt::Display for BadShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadShape::NotAnObject => f.write_str("a card-frame message must be an object"),
            BadShape::WrongVersion => write!(
                f,
                "a card-frame message must have \"{}\": {VERSION}",
                key::VERSION
            ),
            BadShape::UnknownType => write!(
                f,
                "the card-frame message's \"{}\" is missing or unknown",
                key::TYPE
            ),
            BadShape::BadField(name) => write!(
                f,
                "the card-frame message's \"{name}\" is missing or malformed"
            ),
        }
    }
}

impl std::error::Error for BadShape {}

// `message`, `set` and `get` are called from many places; kept out of line,
// they cost the frame's wasm one copy each instead of one per call.

/// A new message object: `{type, v}`.
#[inline(never)]
pub(crate) fn message(kind: &str) -> Object {
    let object = Object::new();
    set(&object, key::TYPE, &kind.into());
    set(&object, key::VERSION, &VERSION.into());
    object
}

/// Sets a property of an object this crate just made (cannot fail).
#[inline(never)]
pub(crate) fn set(object: &Object, name: &str, value: &JsValue) {
    // Reflect.set only throws on a non-object target or a throwing setter,
    // neither of which a plain new object has.
    let _ = Reflect::set(object, &name.into(), value);
}

/// Sets a string property of an object this crate just made.
#[inline(never)]
pub(crate) fn set_text(object: &Object, name: &str, value: &str) {
    set(object, name, &value.into());
}

/// A property, `undefined` when absent (or when reading it throws).
#[inline(never)]
pub(crate) fn get(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A JS string as a Rust one. Out of line: the conversion is called from
/// many places.
#[inline(never)]
pub(crate) fn text_of(value: &JsValue) -> Option<String> {
    value.as_string()
}

/// Whether a property is absent: `undefined` or `null`.
#[inline(never)]
pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Checks the envelope and returns the message's `type`.
pub(crate) fn kind(value: &JsValue) -> Result<String, BadShape> {
    if !value.is_object() {
        return Err(BadShape::NotAnObject);
    }
    if get(value, key::VERSION).as_f64() != Some(f64::from(VERSION)) {
        return Err(BadShape::WrongVersion);
    }
    text_of(&get(value, key::TYPE)).ok_or(BadShape::UnknownType)
}

/// A required string property.
pub(crate) fn string(value: &JsValue, name: &'static str) -> Result<String, BadShape> {
    text_of(&get(value, name)).ok_or(BadShape::BadField(name))
}

/// An optional string property: `undefined` and `null` are absent.
pub(crate) fn optional_string(
    value: &JsValue,
    name: &'static str,
) -> Result<Option<String>, BadShape> {
    let property = get(value, name);
    if is_absent(&property) {
        return Ok(None);
    }
    text_of(&property).map(Some).ok_or(BadShape::BadField(name))
}

/// A required boolean property.
pub(crate) fn boolean(value: &JsValue, name: &'static str) -> Result<bool, BadShape> {
    get(value, name).as_bool().ok_or(BadShape::BadField(name))
}

/// A required whole number from 0 to `u32::MAX`.
pub(crate) fn whole(value: &JsValue, name: &'static str) -> Result<u32, BadShape> {
    get(value, name)
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
        .map(|n| n as u32)
        .ok_or(BadShape::BadField(name))
}
