//! The property names of the message objects, written once for both sides.

/// Which message it is (`configure`, `change`, …).
pub const TYPE: &str = "type";
/// The protocol version ([`crate::VERSION`]).
pub const VERSION: &str = "v";

/// `configure`: the theme object (allowlisted custom properties).
pub const THEME: &str = "theme";
/// `configure`: the locale tag (`en`, `de`).
pub const LOCALE: &str = "locale";
/// `configure`: the accepted brand ids.
pub const ALLOWED_BRANDS: &str = "allowed_brands";
/// `focus`: the field to focus.
pub const FIELD: &str = "field";

/// `change`, `tokenized`: the brand id.
pub const BRAND: &str = "brand";
/// `change`: no field has anything typed.
pub const EMPTY: &str = "empty";
/// `change`: every field is valid.
pub const COMPLETE: &str = "complete";
/// `change`: the per-field error codes.
pub const ERRORS: &str = "errors";
/// `resize`: the form's height in CSS pixels.
pub const HEIGHT: &str = "height";
/// `tokenized`: the single-use token id.
pub const TOKEN: &str = "token";
/// `tokenized`: the card's last four digits.
pub const LAST4: &str = "last4";
/// `tokenized`: the expiry month (1–12).
pub const EXP_MONTH: &str = "exp_month";
/// `tokenized`: the four-digit expiry year.
pub const EXP_YEAR: &str = "exp_year";
/// `tokenized`: the name on the card.
pub const NAME: &str = "name";
/// `error`: the stable error code.
pub const CODE: &str = "code";
/// `error`: words for the customer.
pub const MESSAGE: &str = "message";
