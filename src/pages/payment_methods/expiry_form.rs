//! Update expiry: a small form for a reissued card's new month and year,
//! checked here first ([`check_new_expiry`]) with an error naming what is
//! wrong, then sent as `PATCH /api/payment-methods/{id}`; the server's
//! refusal is shown at the form. No card number is typed here, so the fields
//! are plain labelled text fields without `cc-exp` autofill.

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use portal_api::{PaymentMethod, UpdatePaymentMethodRequest};

use super::expiry::{check_new_expiry, this_month, ExpiryProblem};
use super::panel::{focus_soon, CardIds};
use crate::api::use_api;
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::i18n::{fill, use_strings, Strings};

/// What to tell the customer about `problem`.
pub fn problem_message(t: &Strings, problem: ExpiryProblem) -> String {
    match problem {
        ExpiryProblem::MonthMissing => t.expiry_month_missing.to_string(),
        ExpiryProblem::MonthInvalid => t.expiry_month_invalid.to_string(),
        ExpiryProblem::YearMissing => t.expiry_year_missing.to_string(),
        ExpiryProblem::YearInvalid => t.expiry_year_invalid.to_string(),
        ExpiryProblem::InPast => t.expiry_in_past.to_string(),
        ExpiryProblem::TooFarAhead { max_year } => {
            fill(t.expiry_too_far, &[("year", &max_year.to_string())])
        }
    }
}

/// The Update expiry form of one card.
#[component]
pub fn ExpiryForm(
    /// The card.
    card: PaymentMethod,
    /// Its element ids.
    ids: CardIds,
    /// The card as customers read it, e.g. "Visa ending in 4242".
    title: String,
    /// Called with the updated card.
    on_updated: Callback<PaymentMethod>,
    /// Closes the form without a change.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let month = RwSignal::new(format!("{:02}", card.exp_month));
    let year = RwSignal::new(card.exp_year.to_string());
    let problem = RwSignal::new(None::<ExpiryProblem>);
    let card_id = StoredValue::new(card.id.clone());
    let ids = StoredValue::new(ids);

    let save = Action::new_local(move |&(exp_month, exp_year): &(u32, u32)| {
        let id = card_id.get_value();
        async move {
            api.update_payment_method(
                &id,
                &UpdatePaymentMethodRequest {
                    exp_month,
                    exp_year,
                },
            )
            .await
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(card)) => on_updated.run(card),
        Some(Err(e)) => {
            announcer.announce(e.message(t));
            focus_soon(ids.with_value(|i| i.month.clone()));
        }
        None => {}
    });
    let server_error = move || {
        if save.pending().get() {
            None
        } else {
            save.value().get().and_then(Result::err)
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match check_new_expiry(&month.get_untracked(), &year.get_untracked(), this_month()) {
            Ok(expiry) => {
                problem.set(None);
                save.dispatch(expiry);
            }
            Err(p) => {
                problem.set(Some(p));
                announcer.announce(problem_message(t, p));
                focus_soon(ids.with_value(|i| {
                    if p.month_at_fault() {
                        i.month.clone()
                    } else {
                        i.year.clone()
                    }
                }));
            }
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        }
    };
    let month_bad = move || problem.get().is_some_and(|p| p.month_at_fault());
    let year_bad = move || problem.get().is_some_and(|p| p.year_at_fault());
    let described = move |bad: bool| bad.then(|| ids.with_value(|i| i.expiry_error.clone()));
    let i = ids.get_value();

    view! {
        <form id=i.expiry_form class="pt-form pt-expiry" novalidate on:submit=submit on:keydown=on_keydown>
            {move || server_error().map(|e| view! { <ErrorView error=e/> })}
            <fieldset class="pt-fieldset">
                <legend>{fill(t.update_expiry_legend, &[("card", &title)])}</legend>
                <div class="pt-expiry__fields">
                    <div class="pt-field">
                        <label for=i.month.clone()>{t.expiry_month_label}</label>
                        <input id=i.month class="pt-input pt-input--mm" class:pt-input--invalid=month_bad
                            type="text" inputmode="numeric" autocomplete="off" maxlength="2" required
                            aria-invalid=move || month_bad().to_string()
                            aria-describedby=move || described(month_bad())
                            prop:value=month on:input=move |ev| month.set(event_target_value(&ev))
                            on:change=move |ev| month.set(event_target_value(&ev))/>
                    </div>
                    <div class="pt-field">
                        <label for=i.year.clone()>{t.expiry_year_label}</label>
                        <input id=i.year class="pt-input pt-input--yyyy" class:pt-input--invalid=year_bad
                            type="text" inputmode="numeric" autocomplete="off" maxlength="4" required
                            aria-invalid=move || year_bad().to_string()
                            aria-describedby=move || described(year_bad())
                            prop:value=year on:input=move |ev| year.set(event_target_value(&ev))
                            on:change=move |ev| year.set(event_target_value(&ev))/>
                    </div>
                </div>
                <p id=i.expiry_error class="pt-field__error">{move || problem.get().map(|p| problem_message(t, p))}</p>
            </fieldset>
            <div class="pt-form__actions">
                <button type="submit" class="pt-button pt-button--primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { t.saving_card } else { t.save_expiry }}
                </button>
                <button type="button" class="pt-button pt-button--secondary" on:click=move |_| on_cancel.run(())>{t.cancel}</button>
            </div>
        </form>
    }
}
