//! Card history: every change to the saved cards (added, removed, made the
//! default, expiry updated), newest first, with when (in the customer's
//! locale) and by whom. The page refetches it after each change.

use js_sys::{Array, Intl, Object, Reflect};
use leptos::prelude::*;
use portal_api::{PaymentMethodEvent, PaymentMethodEventKind, PaymentMethodHistoryResponse};
use wasm_bindgen::JsValue;

use crate::api::ApiError;
use crate::components::loading::Loaded;
use crate::i18n::{fill, use_strings, Strings};

/// The Card history section.
#[component]
pub fn CardHistory(
    /// `GET /api/payment-methods/history`, refetched by the page after a change.
    history: LocalResource<Result<PaymentMethodHistoryResponse, ApiError>>,
) -> impl IntoView {
    let t = use_strings();
    view! {
        <section class="pt-history" aria-labelledby="pt-history-heading">
            <h2 id="pt-history-heading">{t.history_heading}</h2>
            <Loaded resource=history short=true let:list>
                {
                    let mut events = list.events;
                    if events.is_empty() {
                        view! { <p class="pt-empty">{t.history_empty}</p> }.into_any()
                    } else {
                        // Newest first (RFC 3339 UTC sorts as text); the server's order breaks ties.
                        events.sort_by(|a, b| b.at.cmp(&a.at));
                        view! {
                            <ol class="pt-history__list">
                                {events.into_iter().map(|event| view! { <HistoryItem event=event/> }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }
            </Loaded>
        </section>
    }
}

/// One change.
#[component]
fn HistoryItem(event: PaymentMethodEvent) -> impl IntoView {
    let t = use_strings();
    let what = what_changed(t, &event);
    let when = format_date_time(&event.at, t.tag);
    let by = fill(t.history_by, &[("name", &event.by)]);
    view! {
        <li class="pt-history__item">
            <p class="pt-history__what"><strong>{what}</strong> " · " {event.card}</p>
            <p class="pt-history__meta"><time datetime=event.at>{when}</time> " · " {by}</p>
        </li>
    }
}

/// The change in the customer's language. The server's description is in
/// English; only the new expiry (`MM/YYYY` at its end) is taken from it.
pub fn what_changed(t: &Strings, event: &PaymentMethodEvent) -> String {
    match event.kind {
        PaymentMethodEventKind::Added => t.history_added.to_string(),
        PaymentMethodEventKind::Removed => t.history_removed.to_string(),
        PaymentMethodEventKind::DefaultChanged => t.history_default_changed.to_string(),
        PaymentMethodEventKind::ExpiryUpdated => match trailing_expiry(&event.description) {
            Some(date) => fill(t.history_expiry_updated_to, &[("date", date)]),
            None => t.history_expiry_updated.to_string(),
        },
    }
}

/// `"Expiry updated to 04/2031"` → `"04/2031"`.
fn trailing_expiry(description: &str) -> Option<&str> {
    let last = description.rsplit(' ').next()?;
    let (mm, yyyy) = last.split_once('/')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(mm, 2) && digits(yyyy, 4)).then_some(last)
}

/// An RFC 3339 time as a date and time in the customer's locale and time
/// zone (`Nov 22, 2026, 3:04 PM` in en-US); shown as is if unreadable.
pub fn format_date_time(rfc3339: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    Intl::DateTimeFormat::new(&Array::of1(&locale.into()), &options)
        .format()
        .call1(&JsValue::UNDEFINED, &date.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| rfc3339.to_string())
}

#[cfg(test)]
mod tests {
    use super::trailing_expiry;

    #[test]
    fn the_new_expiry_is_read_from_the_end_of_the_description() {
        assert_eq!(
            trailing_expiry("Expiry updated to 04/2031"),
            Some("04/2031")
        );
        assert_eq!(trailing_expiry("Added"), None);
        assert_eq!(trailing_expiry("Expiry updated to 4/31"), None);
        assert_eq!(trailing_expiry(""), None);
    }
}
