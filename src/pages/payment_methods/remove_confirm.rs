//! "Remove Visa ending in 4242?": the inline confirmation a Remove button
//! opens. Focus moves to its Cancel button (the harmless choice); Escape or
//! Cancel closes it and focus returns to Remove.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::panel::CardIds;
use crate::i18n::{fill, use_strings};

/// The removal confirmation of one card.
#[component]
pub fn RemoveConfirm(
    /// The card's element ids.
    ids: CardIds,
    /// The card as customers read it, e.g. "Visa ending in 4242".
    title: String,
    /// True while the removal is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Removes the card.
    on_confirm: Callback<()>,
    /// Keeps the card.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let t = use_strings();
    let question = fill(t.remove_card_question, &[("card", &title)]);
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        }
    };
    let labelled_by = ids.question.clone();
    view! {
        <div id=ids.confirm class="pt-confirm" role="group" aria-labelledby=labelled_by on:keydown=on_keydown>
            <p id=ids.question class="pt-confirm__question">{question}</p>
            <div class="pt-form__actions">
                <button type="button" class="pt-button pt-button--danger" disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { t.removing_card } else { t.remove_card }}
                </button>
                <button id=ids.confirm_cancel type="button" class="pt-button pt-button--secondary"
                    on:click=move |_| on_cancel.run(())>{t.cancel}</button>
            </div>
        </div>
    }
}
