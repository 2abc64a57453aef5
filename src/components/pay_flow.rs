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
mod outcome;
mod target;

pub use amount::{parse_amount, to_input, AmountError, AmountPolicy};
pub use card_choice::{preselected, CardChoice, NEW_CARD};
pub use code_step::{minutes_seconds, seconds_left, CodeStep};
pub use target::PayTarget;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portal_api::{
    BillingAddress, PayRequest, Payment, PaymentMethod, PaymentSource, PaymentStatus, PortalConfig,
};

use crate::api::{use_api, ApiError};
use crate::components::announcer::{use_announcer, Announcer};
use crate::components::card_entry::{CardEntry, CardEntryHandle, CardToken};
use crate::components::error_view::ErrorView;
use crate::i18n::{fill, format_money, minor_digits, use_strings, Strings};
use billing::{BillingFields, BillingForm};
use outcome::PaymentOutcome;

/// A fresh idempotency key for one payment attempt.
fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now()))
}

/// The message for a refused amount.
pub fn amount_message(t: &Strings, error: AmountError, policy: &AmountPolicy) -> String {
    match error {
        AmountError::Empty => t.amount_required.to_string(),
        AmountError::NotANumber => t.amount_invalid.to_string(),
        AmountError::TooManyDecimals => fill(
            t.amount_decimals,
            &[("n", &minor_digits(policy.currency()).to_string())],
        ),
        AmountError::Zero => t.amount_zero.to_string(),
        AmountError::OverBalance => match policy {
            AmountPolicy::UpTo(max) | AmountPolicy::Fixed(max) => {
                fill(t.amount_over_balance, &[("max", &format_money(max, t.tag))])
            }
            AmountPolicy::Open { .. } => t.amount_too_large.to_string(),
        },
        AmountError::TooLarge => t.amount_too_large.to_string(),
    }
}

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
    let api = use_api();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let saved_cards = target.uses_saved_cards();
    let cards = if saved_cards { cards } else { Vec::new() };
    let prefill: Option<BillingAddress> = cards
        .iter()
        .find(|c| c.is_default)
        .and_then(|c| c.billing_address.clone());

    let choice = RwSignal::new(preselected(&cards));
    let save_card = RwSignal::new(false);
    let make_default = RwSignal::new(false);
    let billing = BillingForm::new(prefill.as_ref());
    let digits = minor_digits(amount.currency());
    let amount_input = RwSignal::new(
        amount
            .proposed()
            .map(|a| to_input(a, digits, !t.tag.starts_with("en")))
            .unwrap_or_default(),
    );
    let amount_error = RwSignal::new(None::<String>);
    let terms = RwSignal::new(false);
    let form_error = RwSignal::new(None::<&'static str>);
    let pending = RwSignal::new(false);
    let payment = RwSignal::new(resumed);
    let request_error = RwSignal::new(None::<ApiError>);
    let handle = CardEntryHandle::new();
    let policy = StoredValue::new(amount);
    let target = StoredValue::new(target);
    let chosen_amount = StoredValue::new(None::<portal_api::Money>);
    // One key per attempt: a double click or a retry after a network failure
    // sends the same key and body (one charge). A new attempt (after a
    // decline, or with another card or amount) gets a new key.
    let attempt = StoredValue::new((new_idempotency_key(), None::<String>));

    let pay = Action::new_local(move |source: &PaymentSource| {
        let request = PayRequest {
            amount: chosen_amount
                .get_value()
                .unwrap_or_else(|| portal_api::Money {
                    amount: 0,
                    currency: String::new(),
                }),
            source: source.clone(),
            billing_address: billing.address(),
        };
        // What is sent, byte for byte (not Debug output, which size builds may strip).
        let fingerprint = serde_json::to_string(&request).unwrap_or_default();
        let key = attempt.with_value(|(key, sent)| match sent {
            Some(sent) if *sent != fingerprint => None,
            _ => Some(key.clone()),
        });
        let key = key.unwrap_or_else(new_idempotency_key);
        attempt.set_value((key.clone(), Some(fingerprint)));
        let target = target.get_value();
        async move { target.pay(api, &key, &request).await }
    });
    Effect::new(move |_| {
        let Some(result) = pay.value().get() else {
            return;
        };
        pending.set(false);
        match result {
            Ok(p) => {
                announce_payment(t, &announcer, &p);
                if matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed) {
                    attempt.set_value((new_idempotency_key(), None));
                }
                let path = format!(
                    "{}?payment={}",
                    target.with_value(PayTarget::page_path),
                    p.id
                );
                navigate(
                    &path,
                    leptos_router::NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
                payment.set(Some(p));
            }
            Err(e) => {
                announcer.announce(e.message(t));
                request_error.set(Some(e));
            }
        }
    });

    let on_token = Callback::new(move |token: CardToken| {
        let save = saved_cards && save_card.get_untracked();
        pay.dispatch(PaymentSource::NewCard {
            token: token.token,
            save,
            make_default: save && make_default.get_untracked(),
        });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        request_error.set(None);
        let checked = policy.with_value(|p| {
            p.check(&amount_input.get_untracked(), digits)
                .map_err(|e| amount_message(t, e, p))
        });
        let amount_ok = match checked {
            Ok(money) => {
                chosen_amount.set_value(Some(money));
                amount_error.set(None);
                true
            }
            Err(message) => {
                amount_error.set(Some(message));
                false
            }
        };
        let billing_ok = billing.validate(t);
        let problem = if !amount_ok || !billing_ok {
            Some(t.fix_fields)
        } else if !terms.get_untracked() {
            Some(t.terms_required)
        } else {
            None
        };
        form_error.set(problem);
        if let Some(p) = problem {
            announcer.announce(p);
            return;
        }
        pending.set(true);
        let chosen = choice.get_untracked();
        if chosen == NEW_CARD {
            handle.tokenize();
        } else {
            pay.dispatch(PaymentSource::SavedCard {
                payment_method_id: chosen,
            });
        }
    };

    let editable = policy.with_value(AmountPolicy::is_editable);
    let pay_label = move || {
        let typed = policy.with_value(|p| p.check(&amount_input.get(), digits).ok());
        match typed {
            Some(money) => fill(t.pay_amount, &[("amount", &format_money(&money, t.tag))]),
            None => t.pay.to_string(),
        }
    };
    let amount_hint = policy.with_value(|p| match p {
        AmountPolicy::UpTo(max) => {
            Some(fill(t.amount_up_to, &[("max", &format_money(max, t.tag))]))
        }
        _ => None,
    });
    let fixed_amount = policy.with_value(|p| match p {
        AmountPolicy::Fixed(m) => Some(format_money(m, t.tag)),
        _ => None,
    });
    let gateway = (config.gateway_url.clone(), config.publishable_key.clone());
    let gateway_for_outcome = StoredValue::new(gateway.clone());
    let currency_code = policy.with_value(|p| p.currency().to_ascii_uppercase());

    view! {
        {move || match payment.get() {
            Some(p) if !matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed) => view! {
                <PaymentOutcome payment=p target=target.get_value() gateway=gateway_for_outcome.get_value()
                    on_update=Callback::new(move |p| payment.set(Some(p)))/>
            }.into_any(),
            Some(p) => {
                let message = p.decline.map(|d| t.error_message(&d.code, &d.message)).unwrap_or_else(|| t.payment_declined.to_string());
                view! {
                    <div class="pt-error" role="alert">
                        <h2>{t.payment_declined}</h2>
                        <p class="pt-error__message">{message}</p>
                        <button type="button" class="pt-button pt-button--secondary" on:click=move |_| {
                            payment.set(None);
                            choice.set(NEW_CARD.to_string());
                            handle.clear();
                            handle.focus();
                        }>{t.try_another_card}</button>
                    </div>
                }.into_any()
            }
            None => ().into_any(),
        }}
        <Show when=move || payment.get().is_none_or(|p| matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed))>
            {
                let cards = cards.clone();
                let (gateway_url, publishable_key) = gateway.clone();
                let amount_hint = amount_hint.clone();
                let fixed_amount = fixed_amount.clone();
                let currency_code = currency_code.clone();
                view! {
                    <form class="pt-card pt-form" on:submit=submit novalidate>
                        {move || request_error.get().map(|e| view! { <ErrorView error=e/> })}
                        <fieldset class="pt-fieldset">
                            <legend>{t.pay_with}</legend>
                            {cards.into_iter().map(|card| view! { <CardChoice card=card choice=choice/> }).collect_view()}
                            <label class="pt-radio">
                                <input type="radio" name="pt-pay-card" value=NEW_CARD
                                    prop:checked=move || choice.get() == NEW_CARD
                                    on:change=move |_| choice.set(NEW_CARD.to_string())/>
                                {t.use_another_card}
                            </label>
                        </fieldset>
                        <Show when=move || choice.get() == NEW_CARD>
                            <CardEntry gateway_url=gateway_url.clone() publishable_key=publishable_key.clone() handle=handle
                                on_token=on_token on_error=Callback::new(move |_| pending.set(false))/>
                            {saved_cards.then(|| view! {
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
                        <BillingFields form=billing/>
                        {if editable {
                            let hint = amount_hint.clone();
                            view! {
                                <div class="pt-field">
                                    <label for="pt-pay-amount">{fill(t.amount_in, &[("currency", &currency_code)])}</label>
                                    <input id="pt-pay-amount" class="pt-input pt-input--amount" inputmode="decimal" autocomplete="off"
                                        class:pt-input--invalid=move || amount_error.get().is_some()
                                        aria-invalid=move || amount_error.get().is_some().to_string()
                                        aria-describedby="pt-pay-amount-hint pt-pay-amount-error"
                                        prop:value=amount_input on:input=move |ev| {
                                            amount_input.set(event_target_value(&ev));
                                            amount_error.set(None);
                                        }/>
                                    <p id="pt-pay-amount-hint" class="pt-field__hint">{hint}</p>
                                    <p id="pt-pay-amount-error" class="pt-field__error">{move || amount_error.get()}</p>
                                </div>
                            }.into_any()
                        } else {
                            view! { <p class="pt-pay__amount">{t.amount_to_pay} ": " <strong>{fixed_amount.clone()}</strong></p> }.into_any()
                        }}
                        <label class="pt-check">
                            <input type="checkbox" prop:checked=terms on:change=move |ev| {
                                terms.set(event_target_checked(&ev));
                                if form_error.get_untracked() == Some(t.terms_required) {
                                    form_error.set(None);
                                }
                            }/>
                            {t.agree_terms}
                        </label>
                        <p class="pt-field__error" role="alert">{move || form_error.get()}</p>
                        <button type="submit" class="pt-button pt-button--primary" disabled=move || pending.get()>
                            {move || if pending.get() { t.paying.to_string() } else { pay_label() }}
                        </button>
                    </form>
                }
            }
        </Show>
    }
}

fn announce_payment(t: &'static Strings, announcer: &Announcer, p: &Payment) {
    match p.status {
        PaymentStatus::Succeeded => announcer.announce(t.payment_successful),
        PaymentStatus::Declined | PaymentStatus::Failed => announcer.announce(
            p.decline
                .as_ref()
                .map(|d| t.error_message(&d.code, &d.message))
                .unwrap_or_else(|| t.payment_declined.into()),
        ),
        PaymentStatus::RequiresAction => {
            let nn = p
                .challenge
                .as_ref()
                .map(|c| c.phone_last2.clone())
                .unwrap_or_default();
            announcer.announce(fill(t.otp_prompt, &[("nn", &nn)]));
        }
        PaymentStatus::Pending => announcer.announce(t.confirming_payment),
    }
}
