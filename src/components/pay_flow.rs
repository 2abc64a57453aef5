//! The pay flow, one multi-step state shared by an invoice's pay page, a
//! deposit and a payment link: choose a saved card (the default preselected,
//! expired ones shown but disabled) or use another card through the card
//! frame, the billing address, the amount, agree to the terms, Pay; then the
//! code step when the gateway asks, and the receipt or the decline in plain
//! words. The payment id goes into the URL (`?payment=…`), so a reload shows
//! the payment's true state.

mod amount;
mod billing;
mod card_choice;
mod code_step;
mod form;
mod outcome;
mod state;
mod target;

pub use amount::{parse_amount, to_input, AmountError, AmountPolicy};
pub use card_choice::{preselected, CardChoice, CardSelection, NEW_CARD};
pub use code_step::{minutes_seconds, seconds_left, CodeStep};
pub use state::{amount_message, Attempt, PayFlowState, PayOrder, Step};
pub use target::PayTarget;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portal_api::{Payment, PaymentMethod, PortalConfig};

use crate::api::use_api;
use crate::components::announcer::use_announcer;
use crate::config::GatewayAccess;
use crate::i18n::use_strings;
use form::PayForm;
use outcome::PaymentOutcome;

/// The whole pay flow for one target.
#[component]
pub fn PayFlow(
    /// What is paid.
    target: PayTarget,
    /// The customer's saved cards (empty for a payment link).
    cards: Vec<PaymentMethod>,
    /// Gateway URL, publishable key, business policy.
    config: PortalConfig,
    /// How much may be paid.
    amount: AmountPolicy,
    /// A payment already made on this page (after a reload).
    resumed: Option<Payment>,
) -> impl IntoView {
    let t = use_strings();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let state = PayFlowState::new(
        use_api(),
        target,
        &cards,
        amount,
        resumed,
        !t.tag.starts_with("en"),
    );
    let cards = if state.uses_saved_cards() {
        cards
    } else {
        Vec::new()
    };
    Effect::new(move |_| {
        let Some(answer) = state.answer() else {
            return;
        };
        if let Some(path) = state.settle(answer, t, &announcer) {
            navigate(
                &path,
                leptos_router::NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let gateway = GatewayAccess::from(&config);
    let gateway_for_outcome = StoredValue::new(gateway.clone());

    view! {
        {move || match state.step() {
            Step::Outcome(p) => view! {
                <PaymentOutcome payment=p target=state.target() gateway=gateway_for_outcome.get_value()
                    on_update=Callback::new(move |p| state.update(p))/>
            }.into_any(),
            Step::Form { declined: Some(p) } => view! { <Declined payment=p state=state/> }.into_any(),
            Step::Form { declined: None } => ().into_any(),
        }}
        // Kept mounted from a decline back to the form: the card frame stays.
        <Show when=move || state.shows_form()>
            <PayForm state=state cards=cards.clone() gateway=gateway.clone()/>
        </Show>
    }
}

/// "Payment declined" in plain words, with Try another card.
#[component]
fn Declined(
    /// The declined or failed payment.
    payment: Payment,
    /// The flow's state.
    state: PayFlowState,
) -> impl IntoView {
    let t = use_strings();
    let message = payment
        .decline
        .map(|d| t.error_message(d.code, &d.message))
        .unwrap_or_else(|| t.payment_declined.to_string());
    view! {
        <div class="pt-error" role="alert">
            <h2>{t.payment_declined}</h2>
            <p class="pt-error__message">{message}</p>
            <button type="button" class="pt-button pt-button--secondary" on:click=move |_| state.try_another_card()>
                {t.try_another_card}
            </button>
        </div>
    }
}
