//! Checks of one field of a write, shared by the business API and the CSV
//! import: each error names the field first in its message
//! (`email: an email address, …`), so an integrator or an import report
//! says exactly what to fix.

use portal_api::ErrorCode;

use crate::error::AppError;

/// 400 `invalid_field` naming the field.
pub fn field(name: &str, problem: &str) -> AppError {
    AppError::bad_request(ErrorCode::InvalidField, format!("{name}: {problem}"))
}

/// `value` trimmed, if it is 1 to `max` characters without control characters.
pub fn checked_text<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(field(
            name,
            &format!("1 to {max} characters, without control characters."),
        ));
    }
    Ok(value)
}
