//! Reading fields out of a JSON object with precise, stable error codes.
//!
//! Bodies are parsed as `serde_json::Value` and read field by field so each bad
//! field gets its own code, and serde's messages (which can echo the input,
//! e.g. a card number) never reach a response or a log.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// A JSON object body.
pub(crate) type Object = Map<String, Value>;

/// The body as an object, refusing fields not in `allowed`.
pub(crate) fn object<'a>(body: &'a Value, allowed: &[&str]) -> Result<&'a Object, ApiError> {
    let map = body.as_object().ok_or_else(|| {
        ApiError::bad_request("invalid_request", "The request body must be a JSON object.")
    })?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        let shown: String = unknown.chars().take(40).collect();
        return Err(ApiError::bad_request(
            "unknown_field",
            format!(
                "Unknown field \"{shown}\". Allowed fields: {}.",
                allowed.join(", ")
            ),
        ));
    }
    Ok(map)
}

/// An optional string field; `null` counts as absent.
pub(crate) fn opt_str<'a>(
    map: &'a Object,
    name: &str,
    code: &'static str,
    message: &str,
) -> Result<Option<&'a str>, ApiError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(code, message)),
    }
}

/// A required string field.
pub(crate) fn req_str<'a>(
    map: &'a Object,
    name: &str,
    code: &'static str,
    message: &str,
) -> Result<&'a str, ApiError> {
    opt_str(map, name, code, message)?.ok_or_else(|| ApiError::bad_request(code, message))
}

/// A required whole number, given as a JSON integer or a string of ASCII digits.
pub(crate) fn req_int(
    map: &Object,
    name: &str,
    code: &'static str,
    message: &str,
) -> Result<i64, ApiError> {
    let bad = || ApiError::bad_request(code, message);
    match map.get(name) {
        Some(Value::Number(n)) => n.as_i64().ok_or_else(bad),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// Whether `text` holds something that may be a card number and must not be
/// stored: the one check the portal server also uses (portal-card's
/// [`portal_card::contains_card_number`]).
pub(crate) fn has_card_like_digits(text: &str) -> bool {
    portal_card::contains_card_number(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let body = json!({"amount": 1, "pan": "x"});
        let err = object(&body, &["amount"]).err().map(|e| e.code());
        assert_eq!(err, Some("unknown_field"));
    }

    #[test]
    fn integers_come_as_numbers_or_digit_strings_only() {
        let body = json!({"a": 12, "b": "07", "c": 1.5, "d": "١٢", "e": "-3"});
        let map = object(&body, &["a", "b", "c", "d", "e"]).ok();
        let map = map.into_iter().next();
        let Some(map) = map else { panic!("object") };
        assert_eq!(req_int(map, "a", "x", "x").ok(), Some(12));
        assert_eq!(req_int(map, "b", "x", "x").ok(), Some(7));
        assert!(req_int(map, "c", "x", "x").is_err());
        assert!(req_int(map, "d", "x", "x").is_err());
        assert!(req_int(map, "e", "x", "x").is_err());
        assert!(req_int(map, "missing", "x", "x").is_err());
    }

    #[test]
    fn card_like_digit_runs_are_spotted() {
        assert!(has_card_like_digits("pay 4242 4242 4242 4242 now"));
        // One check with the portal server: a Luhn-valid 12–19 digit run,
        // whatever separates its groups (was: any 12 digits, Luhn or not).
        assert!(has_card_like_digits("5000-0000-0009"));
        assert!(has_card_like_digits("4242.4242.4242.4242"));
        assert!(!has_card_like_digits("4000-0000-0000"));
        assert!(!has_card_like_digits("Invoice INV-000123 for 2024"));
    }
}
