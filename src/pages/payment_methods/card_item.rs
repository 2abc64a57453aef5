//! One saved card in the list: brand, masked number, name, expiry, badges,
//! and its actions (Set as default, Update expiry, Remove), with the panel
//! it has open and why an action on it was refused, right beside it.

use leptos::prelude::*;
use portal_api::PaymentMethod;

use super::expiry_form::ExpiryForm;
use super::panel::{focus_soon, CardIds, Panel};
use super::remove_confirm::RemoveConfirm;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::i18n::{fill, use_strings, Strings};
use portal_card::brand_name;

/// "Visa ending in 4242".
pub fn card_title(t: &Strings, card: &PaymentMethod) -> String {
    fill(
        t.card_ending,
        &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)],
    )
}

/// A card of the list.
#[component]
pub fn CardItem(
    /// The card.
    card: PaymentMethod,
    /// The page's one open panel.
    open: RwSignal<Option<Panel>>,
    /// Why the last action on a card was refused: (card id, error).
    refusal: RwSignal<Option<(String, ApiError)>>,
    /// True while a removal is on its way.
    #[prop(into)]
    removing: Signal<bool>,
    /// Makes the card (id) the default.
    on_default: Callback<String>,
    /// Removes the card: (id, whether it is the default).
    on_remove: Callback<(String, bool)>,
    /// Called with the card after its expiry was updated.
    on_updated: Callback<PaymentMethod>,
) -> impl IntoView {
    let t = use_strings();
    let ids = CardIds::new(&card.id);
    let title = card_title(t, &card);
    let expires = fill(
        t.expires,
        &[
            ("mm", &format!("{:02}", card.exp_month)),
            ("yy", &format!("{:02}", card.exp_year % 100)),
        ],
    );
    let can_default = !card.is_default && !card.expired;
    let id = StoredValue::new(card.id.clone());
    let is_default = card.is_default;

    let remove_panel = Panel::Remove(card.id.clone());
    let expiry_panel = Panel::Expiry(card.id.clone());
    let confirming = Memo::new({
        let p = remove_panel.clone();
        move |_| open.get().as_ref() == Some(&p)
    });
    let editing = Memo::new({
        let p = expiry_panel.clone();
        move |_| open.get().as_ref() == Some(&p)
    });
    let refused = move || {
        refusal
            .get()
            .filter(|(card_id, _)| id.with_value(|id| id == card_id))
            .map(|(_, e)| e)
    };

    let open_remove = {
        let ids = ids.clone();
        move |_| {
            refusal.set(None);
            open.set(Some(remove_panel.clone()));
            focus_soon(ids.confirm_cancel.clone());
        }
    };
    let open_expiry = {
        let ids = ids.clone();
        move |_| {
            refusal.set(None);
            open.set(Some(expiry_panel.clone()));
            focus_soon(ids.month.clone());
        }
    };
    let close_to = move |element_id: String| {
        open.set(None);
        focus_soon(element_id);
    };

    let label_default = format!("{} — {title}", t.set_as_default);
    let label_expiry = format!("{} — {title}", t.update_expiry);
    let label_remove = format!("{} — {title}", t.remove);
    let confirm_ids = ids.clone();
    let form_ids = ids.clone();
    let confirm_title = title.clone();
    let form_title = title.clone();
    let remove_id = ids.remove.clone();
    let expiry_id = ids.expiry.clone();
    let card_for_form = StoredValue::new(card.clone());

    view! {
        <li class="pt-cards__item">
            <div class="pt-cards__what">
                <p id=ids.title class="pt-cards__title" tabindex="-1">
                    {title.clone()}
                </p>
                <p class="pt-cards__meta">{card.name.clone()} " · " {expires}</p>
                <p class="pt-cards__badges">
                    {card.is_default.then(|| view! { <span class="pt-badge pt-badge--open">{t.default_badge}</span> })}
                    {card.expired.then(|| view! { <span class="pt-badge pt-badge--overdue">{t.expired_badge}</span> })}
                    {(card.expiring_soon && !card.expired).then(|| view! { <span class="pt-badge pt-badge--partially_paid">{t.expiring_badge}</span> })}
                </p>
            </div>
            <div class="pt-cards__actions">
                {can_default.then(|| view! {
                    <button type="button" class="pt-button pt-button--secondary" aria-label=label_default
                        on:click=move |_| { refusal.set(None); open.set(None); on_default.run(id.get_value()); }>{t.set_as_default}</button>
                })}
                <button id=ids.expiry type="button" class="pt-button pt-button--secondary" aria-label=label_expiry
                    aria-expanded=move || editing.get().to_string()
                    aria-controls=move || editing.get().then(|| form_ids.expiry_form.clone())
                    on:click=open_expiry>{t.update_expiry}</button>
                <button id=ids.remove type="button" class="pt-button pt-button--secondary" aria-label=label_remove
                    aria-expanded=move || confirming.get().to_string()
                    aria-controls=move || confirming.get().then(|| confirm_ids.confirm.clone())
                    on:click=open_remove>{t.remove}</button>
            </div>
            {move || refused().map(|e| view! { <div id=ids.error.clone() class="pt-cards__refusal"><ErrorView error=e/></div> })}
            <Show when=move || confirming.get()>
                <RemoveConfirm
                    ids=CardIds::new(&id.get_value())
                    title=confirm_title.clone()
                    pending=removing
                    on_confirm=Callback::new(move |_| on_remove.run((id.get_value(), is_default)))
                    on_cancel=Callback::new({ let remove_id = remove_id.clone(); move |_| close_to(remove_id.clone()) })
                />
            </Show>
            <Show when=move || editing.get()>
                <ExpiryForm
                    card=card_for_form.get_value()
                    ids=CardIds::new(&id.get_value())
                    title=form_title.clone()
                    on_updated=on_updated
                    on_cancel=Callback::new({ let expiry_id = expiry_id.clone(); move |_| close_to(expiry_id.clone()) })
                />
            </Show>
        </li>
    }
}
