//! One saved card as a radio in the pay flow's card group: the default is
//! marked, an expired card is shown but cannot be chosen.

use leptos::prelude::*;
use portal_api::PaymentMethod;

use crate::i18n::{fill, use_strings};
use portal_card::brand_name;

/// The radio value of "Use another card".
pub const NEW_CARD: &str = "new";

/// The card the customer pays with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardSelection {
    /// A saved card, by its payment method id.
    Saved(String),
    /// Another card, typed into the card frame.
    New,
}

/// The card to preselect: the default if usable, else the first usable
/// card, else a new card.
pub fn preselected(cards: &[PaymentMethod]) -> CardSelection {
    cards
        .iter()
        .find(|c| c.is_default && !c.expired)
        .or_else(|| cards.iter().find(|c| !c.expired))
        .map(|c| CardSelection::Saved(c.id.clone()))
        .unwrap_or(CardSelection::New)
}

/// A saved card radio bound to `choice`.
#[component]
pub fn CardChoice(
    /// The saved card.
    card: PaymentMethod,
    /// The chosen card.
    choice: RwSignal<CardSelection>,
) -> impl IntoView {
    let t = use_strings();
    let this = CardSelection::Saved(card.id.clone());
    let this_change = this.clone();
    let label = fill(
        t.card_ending,
        &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)],
    );
    let expires = fill(
        t.expires,
        &[
            ("mm", &format!("{:02}", card.exp_month)),
            ("yy", &format!("{:02}", card.exp_year % 100)),
        ],
    );
    view! {
        <label class="pt-radio" class:pt-radio--disabled=card.expired>
            <input type="radio" name="pt-pay-card" value=card.id.clone() disabled=card.expired
                prop:checked=move || choice.with(|c| *c == this)
                on:change=move |_| choice.set(this_change.clone())/>
            <span>{label} " · " {expires}</span>
            {card.is_default.then(|| view! { <span class="pt-badge pt-badge--open">{t.default_badge}</span> })}
            {card.expired.then(|| view! { <span class="pt-badge pt-badge--overdue">{t.expired_badge}</span> })}
        </label>
    }
}
