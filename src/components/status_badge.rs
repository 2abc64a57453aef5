//! An invoice's status as a coloured badge with its name in words.

use leptos::prelude::*;
use portal_api::InvoiceStatus;

use crate::i18n::{use_strings, Strings};

/// The words for a status in the current locale.
pub fn status_label(t: &Strings, status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Open => t.status_open,
        InvoiceStatus::Overdue => t.status_overdue,
        InvoiceStatus::PartiallyPaid => t.status_partially_paid,
        InvoiceStatus::Paid => t.status_paid,
    }
}

/// A status badge (`.pt-badge--overdue`…); colour is never the only cue.
#[component]
pub fn StatusBadge(
    /// The invoice status to show.
    status: InvoiceStatus,
) -> impl IntoView {
    let t = use_strings();
    view! {
        <span class=format!("pt-badge pt-badge--{}", status.as_str())>{status_label(t, status)}</span>
    }
}
