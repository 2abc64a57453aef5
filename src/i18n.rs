//! Every user-visible string, one table per locale, and locale-aware money
//! and date formatting (through the browser's `Intl`, which costs no wasm).

mod de;
mod en;
mod format;

pub use format::{format_date, format_money, minor_digits};

use leptos::prelude::*;

use crate::api::Code;

/// The strings of one locale.
#[derive(Debug)]
pub struct Strings {
    /// BCP 47 tag used for number and date formatting.
    pub tag: &'static str,
    pub app_title: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_invoices: &'static str,
    pub log_in: &'static str,
    pub log_in_heading: &'static str,
    pub log_out: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub logging_in: &'static str,
    pub email_required: &'static str,
    pub password_required: &'static str,
    pub invoices_heading: &'static str,
    pub invoice_number: &'static str,
    pub issue_date: &'static str,
    pub due_date: &'static str,
    pub total: &'static str,
    pub balance_due: &'static str,
    pub status: &'static str,
    pub actions: &'static str,
    pub pay_now: &'static str,
    pub filter_by_status: &'static str,
    pub all_statuses: &'static str,
    pub status_open: &'static str,
    pub status_overdue: &'static str,
    pub status_partially_paid: &'static str,
    pub status_paid: &'static str,
    pub no_invoices: &'static str,
    pub loading: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    /// "Page {page} of {pages}".
    pub page_of: &'static str,
    pub try_again: &'static str,
    pub not_found: &'static str,
    /// A split-off page's wasm could not be fetched.
    pub page_not_loaded: &'static str,
    pub check_connection: &'static str,
    pub signed_in_as: &'static str,
    pub home_heading: &'static str,
    pub balance_due_label: &'static str,
    pub overdue_label: &'static str,
    pub credit_label: &'static str,
    pub recent_activity: &'static str,
    pub no_activity: &'static str,
    pub activity_invoice_issued: &'static str,
    pub activity_payment_received: &'static str,
    pub activity_deposit_received: &'static str,
    pub view_invoices: &'static str,
    /// "{count} unpaid invoices".
    pub unpaid_count: &'static str,
    /// "Invoice {number}".
    pub invoice_heading: &'static str,
    pub lines_heading: &'static str,
    pub payments_heading: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub amount: &'static str,
    pub date: &'static str,
    pub card: &'static str,
    pub reference: &'static str,
    pub no_payments: &'static str,
    pub back_to_invoices: &'static str,
    pub nav_payment_methods: &'static str,
    pub payment_methods_heading: &'static str,
    pub add_payment_method: &'static str,
    pub save_card: &'static str,
    pub saving_card: &'static str,
    pub cancel: &'static str,
    pub make_default: &'static str,
    pub set_as_default: &'static str,
    pub remove: &'static str,
    pub default_badge: &'static str,
    pub expired_badge: &'static str,
    pub expiring_badge: &'static str,
    /// "{brand} ending in {last4}".
    pub card_ending: &'static str,
    /// "Expires {mm}/{yy}".
    pub expires: &'static str,
    pub no_cards: &'static str,
    /// "Card {brand} ending in {last4} saved."
    pub card_saved: &'static str,
    pub card_removed: &'static str,
    pub default_changed: &'static str,
    pub pay_heading: &'static str,
    pub pay_with: &'static str,
    pub use_another_card: &'static str,
    pub save_card_securely: &'static str,
    pub billing_address: &'static str,
    pub address_line: &'static str,
    pub city: &'static str,
    pub region: &'static str,
    pub postal_code: &'static str,
    pub country: &'static str,
    pub amount_to_pay: &'static str,
    pub agree_terms: &'static str,
    /// "Pay {amount}".
    pub pay_amount: &'static str,
    pub paying: &'static str,
    pub field_required: &'static str,
    pub terms_required: &'static str,
    pub choose_card: &'static str,
    pub payment_successful: &'static str,
    pub payment_declined: &'static str,
    pub try_another_card: &'static str,
    pub receipt_reference: &'static str,
    pub receipt_paid_with: &'static str,
    pub receipt_date: &'static str,
    pub confirming_payment: &'static str,
    /// "Enter the code sent to your phone ending in {nn}".
    pub otp_prompt: &'static str,
    pub otp_label: &'static str,
    pub submit: &'static str,
    pub resend_code: &'static str,
    /// "Resend code in {s} s".
    pub resend_in: &'static str,
    /// "{n} attempts left".
    pub attempts_left: &'static str,
    pub otp_wrong: &'static str,
    pub otp_locked: &'static str,
    pub otp_six_digits: &'static str,
    pub code_sent: &'static str,
    pub nothing_to_pay: &'static str,
    pub pay: &'static str,
    pub back_to_home: &'static str,
    pub receipt_paid_to: &'static str,
    /// "The code expires in {time}."
    pub code_expires_in: &'static str,
    pub code_expired: &'static str,
    pub postal_invalid: &'static str,
    pub fix_fields: &'static str,
    /// "Amount ({currency})".
    pub amount_in: &'static str,
    /// "Up to {max}, the balance due."
    pub amount_up_to: &'static str,
    pub amount_required: &'static str,
    pub amount_invalid: &'static str,
    /// "Use at most {n} digits after the decimal point."
    pub amount_decimals: &'static str,
    pub amount_zero: &'static str,
    /// "You can pay at most {max}, the balance due."
    pub amount_over_balance: &'static str,
    pub amount_too_large: &'static str,
    pub nav_deposit: &'static str,
    pub deposit_heading: &'static str,
    pub deposit_intro: &'static str,
    /// "{business} asks {customer} to pay invoice {number}. No login needed."
    pub link_intro: &'static str,
    /// "This link works until {date}."
    pub link_valid_until: &'static str,
    pub link_unusable: &'static str,
    // -- pay, deposit, payment link --
    pub request_invitation: &'static str,
    pub no_password_yet: &'static str,
    /// The login page's "Forgot your password?".
    pub forgot_password: &'static str,
    /// The link to, and heading of, the forgot-password page.
    pub reset_password: &'static str,
    /// What the forgot-password page does.
    pub reset_intro: &'static str,
    /// The forgot-password page's neutral confirmation.
    pub reset_sent: &'static str,
    /// Heading of the page a reset link opens.
    pub new_password_heading: &'static str,
    pub invitation_intro: &'static str,
    pub invitation_sent_heading: &'static str,
    pub invitation_sent: &'static str,
    pub email_invalid: &'static str,
    pub too_many_requests: &'static str,
    pub back_to_log_in: &'static str,
    pub set_password_heading: &'static str,
    pub set_password_intro: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub password_hint: &'static str,
    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub password_weak: &'static str,
    pub confirm_required: &'static str,
    pub passwords_mismatch: &'static str,
    pub link_invalid: &'static str,
    pub request_new_link: &'static str,
    pub password_set: &'static str,
    /// Heading of the page a portal session's URL opens (single sign-on).
    pub portal_session_heading: &'static str,
    /// Beside a payment the business refunded (part of): "Refunded $5.00".
    pub refunded: &'static str,
    /// A portal session's URL that no longer works.
    pub portal_session_dead: &'static str,
    pub nav_sub_accounts: &'static str,
    pub sub_accounts_heading: &'static str,
    pub sub_accounts_intro: &'static str,
    pub account_name: &'static str,
    pub unpaid_invoices: &'static str,
    pub no_sub_accounts: &'static str,
    // -- accounts: invitation, set password, sub-accounts --
    /// "Remove {card}?" (the removal confirmation).
    pub remove_card_question: &'static str,
    pub remove_card: &'static str,
    pub removing_card: &'static str,
    /// Why the default card cannot be removed while others exist.
    pub default_card_required: &'static str,
    /// This locale's words for a stable error or decline code of the API or
    /// the gateway, or `None` for the server's own (English) message. Each
    /// locale's is an exhaustive `match`: a new code does not compile until
    /// every locale says what it shows. English has none: the servers speak it.
    pub error_words: fn(Code) -> Option<&'static str>,
    pub update_expiry: &'static str,
    /// "New expiry for {card}".
    pub update_expiry_legend: &'static str,
    pub expiry_month_label: &'static str,
    pub expiry_year_label: &'static str,
    pub save_expiry: &'static str,
    pub expiry_month_missing: &'static str,
    pub expiry_month_invalid: &'static str,
    pub expiry_year_missing: &'static str,
    pub expiry_year_invalid: &'static str,
    pub expiry_in_past: &'static str,
    /// "The year can be at most {year}."
    pub expiry_too_far: &'static str,
    /// "Expiry of {card} updated to {date}."
    pub expiry_updated: &'static str,
    pub history_heading: &'static str,
    pub history_empty: &'static str,
    pub history_added: &'static str,
    pub history_removed: &'static str,
    pub history_default_changed: &'static str,
    pub history_expiry_updated: &'static str,
    /// "Expiry updated to {date}".
    pub history_expiry_updated_to: &'static str,
    /// "by {name}".
    pub history_by: &'static str,
    // -- saved cards: expiry, history, removal --
}

/// The strings for `locale` (`de…` → German, anything else → English).
pub fn strings_for(locale: &str) -> &'static Strings {
    if locale.to_ascii_lowercase().starts_with("de") {
        &de::STRINGS
    } else {
        &en::STRINGS
    }
}

/// The locale's strings, provided by the app.
impl Strings {
    /// The message for an error or decline `code` in this locale, or
    /// `fallback` (the server's message) when the locale has none for it.
    pub fn error_message(&self, code: impl Into<Code>, fallback: &str) -> String {
        (self.error_words)(code.into()).map_or_else(|| fallback.to_string(), str::to_string)
    }
}

/// The strings of the portal's locale (English when none is provided).
pub fn use_strings() -> &'static Strings {
    use_context::<&'static Strings>().unwrap_or(&en::STRINGS)
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strings_for;

    #[test]
    fn refusals_and_declines_read_in_the_portals_language() {
        let de = strings_for("de-DE");
        assert_eq!(
            de.error_message("invalid_credentials", "Email or password is incorrect."),
            "E-Mail-Adresse oder Passwort ist falsch."
        );
        // Every decline code the API documents has German words.
        for code in [
            "generic_decline",
            "insufficient_funds",
            "expired_card",
            "incorrect_cvc",
            "processing_error",
            "authentication_failed",
        ] {
            assert_ne!(de.error_message(code, "English"), "English", "{code}");
        }
        // A code without German words keeps the server's message; English
        // always shows the server's own.
        assert_eq!(
            de.error_message("invalid_field", "Expiry: enter a month."),
            "Expiry: enter a month."
        );
        assert_eq!(
            strings_for("en")
                .error_message("insufficient_funds", "The card has insufficient funds."),
            "The card has insufficient funds."
        );
    }
}
