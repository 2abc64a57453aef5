//! Money and dates in the customer's locale, via the browser's `Intl`.

use js_sys::{Array, Intl, Object, Reflect};
use portal_api::Money;
use wasm_bindgen::JsValue;

/// Digits after the decimal point of a currency's minor unit.
pub fn minor_digits(currency: &str) -> u32 {
    match currency.to_ascii_lowercase().as_str() {
        "jpy" | "krw" | "vnd" | "clp" | "isk" | "ugx" => 0,
        "bhd" | "kwd" | "omr" | "jod" | "tnd" => 3,
        _ => 2,
    }
}

/// `Money { amount: 123456, currency: "usd" }` → `$1,234.56` (en-US).
/// Amounts stay integers everywhere; the division happens only for display.
pub fn format_money(money: &Money, locale: &str) -> String {
    let digits = minor_digits(&money.currency);
    let value = money.amount as f64 / 10f64.powi(digits as i32);
    let options = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&options, &k.into(), &v);
    };
    set("style", "currency".into());
    set("currency", money.currency.to_ascii_uppercase().into());
    let locales = Array::of1(&locale.into());
    let formatter = Intl::NumberFormat::new(&locales, &options);
    formatter
        .format()
        .call1(&JsValue::UNDEFINED, &value.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| {
            format!(
                "{} {}",
                plain_amount(money.amount, digits),
                money.currency.to_ascii_uppercase()
            )
        })
}

/// `-123456, 2` → `-1234.56`: the amount with `digits` decimals, in integer
/// arithmetic (formatting an `f64` would link the float printer, about
/// 4 KiB of wasm, for a fallback).
fn plain_amount(amount: i64, digits: u32) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    match 10u64.checked_pow(digits) {
        Some(scale) if digits > 0 => format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = digits as usize
        ),
        _ => format!("{sign}{abs}"),
    }
}

/// `2026-11-22` → `Nov 22, 2026` (en-US); the input is shown as is if it is not a date.
pub fn format_date(iso_date: &str, locale: &str) -> String {
    let mut parts = iso_date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return iso_date.to_string();
    };
    let date = js_sys::Date::new_with_year_month_day(y, m as i32 - 1, d as i32);
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let locales = Array::of1(&locale.into());
    Intl::DateTimeFormat::new(&locales, &options)
        .format()
        .call1(&JsValue::UNDEFINED, &date.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| iso_date.to_string())
}

#[cfg(test)]
mod tests {
    use super::plain_amount;

    #[test]
    fn the_fallback_amount_has_the_currencys_decimals() {
        assert_eq!(plain_amount(123_456, 2), "1234.56");
        assert_eq!(plain_amount(5, 2), "0.05");
        assert_eq!(plain_amount(-5, 2), "-0.05");
        assert_eq!(plain_amount(0, 2), "0.00");
        assert_eq!(plain_amount(1_500, 0), "1500");
        assert_eq!(plain_amount(-1_234, 3), "-1.234");
        assert_eq!(plain_amount(i64::MIN, 2), "-92233720368547758.08");
    }
}
