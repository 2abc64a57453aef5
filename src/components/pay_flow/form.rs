//! The pay form: which card (a saved one or another card in the card
//! frame), the billing address, the amount, the terms, and Pay.

use leptos::prelude::*;
use portal_api::PaymentMethod;

use super::amount::AmountPolicy;
use super::billing::BillingFields;
use super::card_choice::{CardChoice, CardSelection, NEW_CARD};
use super::state::PayFlowState;
use crate::components::announcer::use_announcer;
use crate::components::card_entry::{CardEntry, CardToken};
use crate::components::error_view::ErrorView;
use crate::config::GatewayAccess;
use crate::i18n::{fill, format_money, use_strings};

/// The form of the pay flow.
#[component]
pub fn PayForm(
    /// The flow's state.
    state: PayFlowState,
    /// The customer's saved cards (empty for a payment link).
    cards: Vec<PaymentMethod>,
    /// Where the card frame comes from.
    gateway: GatewayAccess,
) -> impl IntoView {
    let t = use_strings();
    let announcer = use_announcer();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit(t, &announcer);
    };
    let pay_label = move || match state.typed_amount() {
        Some(money) => fill(t.pay_amount, &[("amount", &format_money(&money, t.tag))]),
        None => t.pay.to_string(),
    };
    view! {
        <form class="pt-card pt-form" on:submit=submit novalidate>
            {move || state.request_error.get().map(|e| view! { <ErrorView error=e/> })}
            <CardFields state=state cards=cards gateway=gateway/>
            <BillingFields form=state.billing/>
            <AmountField state=state/>
            <label class="pt-check">
                <input type="checkbox" prop:checked=state.terms
                    on:change=move |ev| state.agree(event_target_checked(&ev), t)/>
                {t.agree_terms}
            </label>
            <p class="pt-field__error" role="alert">{move || state.form_error.get()}</p>
            <button type="submit" class="pt-button pt-button--primary" disabled=move || state.pending.get()>
                {move || if state.pending.get() { t.paying.to_string() } else { pay_label() }}
            </button>
        </form>
    }
}

/// "Pay with": the saved cards, "Use another card" with the card frame, and
/// (for a logged-in customer) whether to save the new card.
#[component]
fn CardFields(
    /// The flow's state.
    state: PayFlowState,
    /// The saved cards offered.
    cards: Vec<PaymentMethod>,
    /// Where the card frame comes from.
    gateway: GatewayAccess,
) -> impl IntoView {
    let t = use_strings();
    let choice = state.card;
    let new_card = move || choice.with(|c| *c == CardSelection::New);
    let GatewayAccess {
        url,
        publishable_key,
    } = gateway;
    let save_card = state.save_card;
    let make_default = state.make_default;
    view! {
        <fieldset class="pt-fieldset">
            <legend>{t.pay_with}</legend>
            {cards.into_iter().map(|card| view! { <CardChoice card=card choice=choice/> }).collect_view()}
            <label class="pt-radio">
                <input type="radio" name="pt-pay-card" value=NEW_CARD
                    prop:checked=new_card
                    on:change=move |_| choice.set(CardSelection::New)/>
                {t.use_another_card}
            </label>
        </fieldset>
        <Show when=new_card>
            <CardEntry gateway_url=url.clone() publishable_key=publishable_key.clone() handle=state.card_entry
                on_token=Callback::new(move |token: CardToken| state.pay_with_token(token))
                on_error=Callback::new(move |_| state.token_refused())/>
            {state.uses_saved_cards().then(|| view! {
                <label class="pt-check">
                    <input type="checkbox" prop:checked=save_card on:change=move |ev| save_card.set(event_target_checked(&ev))/>
                    {t.save_card_securely}
                </label>
                <Show when=move || save_card.get()>
                    <label class="pt-check">
                        <input type="checkbox" prop:checked=make_default on:change=move |ev| make_default.set(event_target_checked(&ev))/>
                        {t.make_default}
                    </label>
                </Show>
            })}
        </Show>
    }
}

/// The amount: a field when the customer chooses it (with the most allowed
/// as a hint), else the fixed amount in words.
#[component]
fn AmountField(
    /// The flow's state.
    state: PayFlowState,
) -> impl IntoView {
    let t = use_strings();
    let (editable, hint, fixed, currency) = state.with_policy(|p| {
        let hint = match p {
            AmountPolicy::UpTo(max) => {
                Some(fill(t.amount_up_to, &[("max", &format_money(max, t.tag))]))
            }
            _ => None,
        };
        let fixed = match p {
            AmountPolicy::Fixed(m) => Some(format_money(m, t.tag)),
            _ => None,
        };
        (
            p.is_editable(),
            hint,
            fixed,
            p.currency().to_ascii_uppercase(),
        )
    });
    if !editable {
        return view! { <p class="pt-pay__amount">{t.amount_to_pay} ": " <strong>{fixed}</strong></p> }
            .into_any();
    }
    let error = state.amount_error;
    view! {
        <div class="pt-field">
            <label for="pt-pay-amount">{fill(t.amount_in, &[("currency", &currency)])}</label>
            <input id="pt-pay-amount" class="pt-input pt-input--amount" inputmode="decimal" autocomplete="off"
                class:pt-input--invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="pt-pay-amount-hint pt-pay-amount-error"
                prop:value=state.amount_input
                on:input=move |ev| state.type_amount(event_target_value(&ev))/>
            <p id="pt-pay-amount-hint" class="pt-field__hint">{hint}</p>
            <p id="pt-pay-amount-error" class="pt-field__error">{move || error.get()}</p>
        </div>
    }
    .into_any()
}
