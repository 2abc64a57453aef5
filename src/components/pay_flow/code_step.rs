//! The one-time code step: "Enter the code sent to your phone ending in NN",
//! six digits, Submit, Resend code with a visible cooldown, attempts left and
//! the code's expiry. The code goes from the browser to the gateway; the
//! portal server then reads the outcome from the gateway itself.

use leptos::prelude::*;
use portal_api::{ChallengeStatus, Payment};

use super::target::PayTarget;
use crate::api::gateway::{resend_code, verify_code};
use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::config::GatewayAccess;
use crate::i18n::{fill, use_strings};

/// Whole seconds from `now` until `until` (both Unix seconds), never negative.
pub fn seconds_left(until: f64, now: f64) -> i64 {
    (until - now).ceil().max(0.0) as i64
}

/// `272` → `4:32`.
pub fn minutes_seconds(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// What verifying and resending a code need: the gateway, the challenge, and
/// the payment to confirm afterwards.
#[derive(Clone, Debug)]
struct Challenge {
    gateway: GatewayAccess,
    id: String,
    client_secret: String,
    payment_id: String,
    target: PayTarget,
}

/// The code step of a payment that `requires_action`.
#[component]
pub fn CodeStep(
    /// The payment waiting for the code.
    payment: Payment,
    /// What the payment pays (to confirm through the right route).
    target: PayTarget,
    /// Where the gateway is.
    gateway: GatewayAccess,
    /// Called with the payment's state after the server confirmed it.
    on_update: Callback<Payment>,
) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let Some(challenge) = payment.challenge.clone() else {
        return view! { <p>{t.confirming_payment}</p> }.into_any();
    };
    let code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let attempts = RwSignal::new(challenge.attempts_left);
    let now = RwSignal::new(js_sys::Date::now() / 1000.0);
    let resend_at = RwSignal::new(challenge.resend_available_at as f64);
    let expires_at = RwSignal::new(challenge.expires_at as f64);
    if let Ok(ticker) = set_interval_with_handle(
        move || now.set(js_sys::Date::now() / 1000.0),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || ticker.clear());
    }
    let ctx = StoredValue::new(Challenge {
        gateway,
        id: challenge.id.clone(),
        client_secret: challenge.client_secret.clone(),
        payment_id: payment.id.clone(),
        target,
    });

    let verify = Action::new_local(move |entered: &String| {
        let entered = entered.clone();
        let c = ctx.get_value();
        async move {
            let result = verify_code(
                &c.gateway.url,
                &c.gateway.publishable_key,
                &c.id,
                &c.client_secret,
                &entered,
            )
            .await?;
            if matches!(
                result.status,
                ChallengeStatus::Succeeded | ChallengeStatus::Locked
            ) {
                let confirmed = c.target.confirm(api, &c.payment_id).await?;
                return Ok::<_, ApiError>((result, Some(confirmed)));
            }
            Ok((result, None))
        }
    });
    Effect::new(move |_| {
        let Some(outcome) = verify.value().get() else {
            return;
        };
        match outcome {
            Ok((_, Some(confirmed))) => on_update.run(confirmed),
            Ok((result, None)) => {
                attempts.set(result.attempts_left);
                let text = if result.status == ChallengeStatus::Expired {
                    expires_at.set(0.0);
                    t.code_expired.to_string()
                } else {
                    format!(
                        "{} {}",
                        t.otp_wrong,
                        fill(t.attempts_left, &[("n", &result.attempts_left.to_string())])
                    )
                };
                announcer.announce(text.clone());
                message.set(Some(text));
            }
            Err(e) => {
                announcer.announce(e.message(t));
                message.set(Some(e.message(t)));
            }
        }
    });
    let resend = Action::new_local(move |_: &()| {
        let c = ctx.get_value();
        async move {
            resend_code(
                &c.gateway.url,
                &c.gateway.publishable_key,
                &c.id,
                &c.client_secret,
            )
            .await
        }
    });
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(r)) => {
            resend_at.set(r.resend_available_at as f64);
            if let Some(at) = r.expires_at {
                expires_at.set(at as f64);
            }
            code.set(String::new());
            announcer.announce(t.code_sent);
            message.set(Some(t.code_sent.to_string()));
        }
        Some(Err(e)) => {
            announcer.announce(e.message(t));
            message.set(Some(e.message(t)));
        }
        None => {}
    });
    let cooldown = move || seconds_left(resend_at.get(), now.get());
    let expires_in = move || seconds_left(expires_at.get(), now.get());
    // (Outside the view: a `>` inside an attribute closure ends the tag there.)
    let resend_blocked = move || cooldown() > 0 || resend.pending().get();
    let prompt = fill(t.otp_prompt, &[("nn", &challenge.phone_last2)]);
    view! {
        <form class="pt-card pt-form pt-code" aria-labelledby="pt-code-heading" on:submit=move |ev| {
            ev.prevent_default();
            let entered: String = code.get_untracked().chars().filter(char::is_ascii_digit).collect();
            if entered.len() != 6 {
                message.set(Some(t.otp_six_digits.to_string()));
                announcer.announce(t.otp_six_digits);
                return;
            }
            verify.dispatch(entered);
        }>
            <h2 id="pt-code-heading">{prompt}</h2>
            <div class="pt-field">
                <label for="pt-code">{t.otp_label}</label>
                <input id="pt-code" class="pt-input pt-input--code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    aria-describedby="pt-code-help pt-code-expiry" prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                <p id="pt-code-help" class="pt-field__hint">{move || fill(t.attempts_left, &[("n", &attempts.get().to_string())])}</p>
                <p id="pt-code-expiry" class="pt-field__hint">
                    {move || match expires_in() {
                        0 => t.code_expired.to_string(),
                        s => fill(t.code_expires_in, &[("time", &minutes_seconds(s))]),
                    }}
                </p>
            </div>
            <p class="pt-field__error" role="alert">{move || message.get()}</p>
            <div class="pt-form__actions">
                <button type="submit" class="pt-button pt-button--primary" disabled=move || verify.pending().get()>{t.submit}</button>
                <button type="button" class="pt-button pt-button--secondary" disabled=resend_blocked
                    on:click=move |_| { resend.dispatch(()); }>
                    {move || if cooldown() > 0 { fill(t.resend_in, &[("s", &cooldown().to_string())]) } else { t.resend_code.to_string() }}
                </button>
            </div>
        </form>
    }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(100.0, 99.2), 1);
        assert_eq!(seconds_left(100.0, 100.0), 0);
        assert_eq!(seconds_left(100.0, 250.0), 0);
        assert_eq!(minutes_seconds(272), "4:32");
        assert_eq!(minutes_seconds(9), "0:09");
    }
}
