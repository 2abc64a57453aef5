//! Pay an invoice: choose a saved card (the default preselected, expired
//! ones shown but disabled) or use another card through the card frame,
//! give the billing address, agree to the terms, Pay. Then the code step
//! when the gateway asks, and the result. The payment id goes into the URL
//! (`?payment=…`), so a reload shows the payment's true state.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::{BillingAddress, InvoiceDetail, PayRequest, Payment, PaymentMethod, PaymentSource, PaymentStatus, PortalConfig};

use crate::api::gateway::{resend_code, verify_code};
use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::card_entry::{CardEntry, CardEntryHandle, CardToken};
use crate::components::error_view::ErrorView;
use crate::components::require_login::RequireLogin;
use crate::i18n::{fill, format_money, use_strings, Strings};
use crate::pages::payment_methods::brand_name;

/// The countries offered for the billing address.
const COUNTRIES: [(&str, &str); 9] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("IN", "India"),
    ("AU", "Australia"),
    ("BR", "Brazil"),
    ("JP", "Japan"),
];

/// The value of the "Use another card" radio.
const NEW_CARD: &str = "new";

/// The pay page (`/invoices/:id/pay`).
#[component]
pub fn PayPage() -> impl IntoView {
    view! { <RequireLogin><Pay/></RequireLogin> }
}

/// Everything the page loads before it can show the form.
#[derive(Clone)]
struct Loaded {
    invoice: InvoiceDetail,
    cards: Vec<PaymentMethod>,
    config: PortalConfig,
}

#[component]
fn Pay() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let invoice = api.invoice(&id).await?;
            let cards = api.payment_methods().await?.payment_methods;
            let config = api.config().await?;
            Ok::<_, ApiError>(Loaded { invoice, cards, config })
        }
    });
    // A reload mid-payment: show that payment's true state.
    let resumed = LocalResource::new(move || {
        let payment = query.with(|q| q.get("payment"));
        async move {
            match payment {
                Some(p) => api.payment(&p).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let resumed = resumed.await;
                match loaded.await {
                    Ok(l) => view! { <PayForm loaded=l resumed=resumed.ok().flatten()/> }.into_any(),
                    Err(err) => view! {
                        <h1>{t.invoices_heading}</h1>
                        <ErrorView error=err on_retry=Callback::new(move |_| loaded.refetch())/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now()))
}

#[component]
fn PayForm(loaded: Loaded, resumed: Option<Payment>) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let invoice = loaded.invoice.invoice.clone();
    let balance = invoice.balance_due.clone();
    let config = loaded.config.clone();
    let default_choice = loaded
        .cards
        .iter()
        .find(|c| c.is_default && !c.expired)
        .or_else(|| loaded.cards.iter().find(|c| !c.expired))
        .map(|c| c.id.clone())
        .unwrap_or_else(|| NEW_CARD.to_string());
    let prefill = loaded.cards.iter().find(|c| c.is_default).and_then(|c| c.billing_address.clone());

    let choice = RwSignal::new(default_choice);
    let save_card = RwSignal::new(false);
    let make_default = RwSignal::new(false);
    let line1 = RwSignal::new(prefill.as_ref().map(|a| a.line1.clone()).unwrap_or_default());
    let city = RwSignal::new(prefill.as_ref().map(|a| a.city.clone()).unwrap_or_default());
    let region = RwSignal::new(prefill.as_ref().map(|a| a.region.clone()).unwrap_or_default());
    let postal = RwSignal::new(prefill.as_ref().map(|a| a.postal_code.clone()).unwrap_or_default());
    let country = RwSignal::new(prefill.as_ref().map(|a| a.country.clone()).unwrap_or_else(|| "US".into()));
    let terms = RwSignal::new(false);
    let form_error = RwSignal::new(None::<&'static str>);
    let missing = RwSignal::new(Vec::<&'static str>::new());
    let pending = RwSignal::new(false);
    let payment = RwSignal::new(resumed);
    let request_error = RwSignal::new(None::<ApiError>);
    // One key per attempt: a double click or a retry after a network failure
    // reuses it (one charge); a new attempt after a decline gets a new one.
    let attempt_key = StoredValue::new(new_idempotency_key());
    let handle = CardEntryHandle::new();
    let invoice_id = StoredValue::new(invoice.id.clone());
    let amount = StoredValue::new(balance.clone());

    let pay = Action::new_local(move |source: &PaymentSource| {
        let request = PayRequest {
            amount: amount.get_value(),
            source: source.clone(),
            billing_address: BillingAddress {
                line1: line1.get_untracked().trim().to_string(),
                city: city.get_untracked().trim().to_string(),
                region: region.get_untracked().trim().to_string(),
                postal_code: postal.get_untracked().trim().to_string(),
                country: country.get_untracked(),
            },
        };
        let key = attempt_key.get_value();
        async move { api.pay_invoice(&invoice_id.get_value(), &key, &request).await }
    });
    let navigate_to_payment = navigate.clone();
    Effect::new(move |_| {
        let Some(result) = pay.value().get() else { return };
        pending.set(false);
        match result {
            Ok(p) => {
                announce_payment(t, &announcer, &p);
                if matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed) {
                    attempt_key.set_value(new_idempotency_key());
                }
                let path = format!("/invoices/{}/pay?payment={}", invoice_id.get_value(), p.id);
                navigate_to_payment(&path, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
                payment.set(Some(p));
            }
            Err(e) => {
                announcer.announce(e.to_string());
                request_error.set(Some(e));
            }
        }
    });

    let on_token = Callback::new(move |token: CardToken| {
        pay.dispatch(PaymentSource::NewCard { token: token.token, save: save_card.get_untracked(), make_default: make_default.get_untracked() && save_card.get_untracked() });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        request_error.set(None);
        let mut gaps = Vec::new();
        for (name, value) in [("line1", line1), ("city", city), ("postal", postal)] {
            if value.get_untracked().trim().is_empty() {
                gaps.push(name);
            }
        }
        missing.set(gaps.clone());
        let problem = if !gaps.is_empty() {
            Some(t.field_required)
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
            pay.dispatch(PaymentSource::SavedCard { payment_method_id: chosen });
        }
    };

    let heading = fill(t.pay_heading, &[("number", &invoice.number)]);
    let pay_label = fill(t.pay_amount, &[("amount", &format_money(&balance, t.tag))]);
    let nothing_left = balance.amount <= 0;
    let cards = loaded.cards.clone();
    let gateway_url = config.gateway_url.clone();
    let publishable_key = config.publishable_key.clone();
    let gateway_for_code = StoredValue::new((config.gateway_url.clone(), config.publishable_key.clone()));
    let field = move |label: &'static str, id: &'static str, key: &'static str, value: RwSignal<String>, autocomplete: &'static str| {
        let invalid = move || missing.get().contains(&key);
        view! {
            <div class="pt-field">
                <label for=id>{label}</label>
                <input id=id class="pt-input" class:pt-input--invalid=invalid autocomplete=autocomplete
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=move || invalid().then(|| format!("{id}-error"))
                    prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                <p id=format!("{id}-error") class="pt-field__error">{move || invalid().then_some(t.field_required)}</p>
            </div>
        }
    };

    view! {
        <section class="pt-pay" aria-labelledby="pt-pay-heading">
            <h1 id="pt-pay-heading">{heading}</h1>
            {move || match payment.get() {
                Some(p) if p.status != PaymentStatus::Declined && p.status != PaymentStatus::Failed => {
                    let (gw, pk) = gateway_for_code.get_value();
                    view! { <PaymentOutcome payment=p gateway_url=gw publishable_key=pk on_update=Callback::new(move |p| payment.set(Some(p)))/> }.into_any()
                }
                Some(p) => {
                    let decline = p.decline.clone();
                    view! {
                        <div class="pt-error" role="alert">
                            <h2>{t.payment_declined}</h2>
                            <p class="pt-error__message">{decline.map(|d| d.message).unwrap_or_default()}</p>
                            <button type="button" class="pt-button pt-button--secondary" on:click=move |_| {
                                payment.set(None);
                                choice.set(NEW_CARD.to_string());
                            }>{t.try_another_card}</button>
                        </div>
                    }.into_any()
                }
                None => ().into_any(),
            }}
            <Show when=move || payment.get().is_none_or(|p| matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed))>
                {
                    let cards = cards.clone();
                    let gateway_url = gateway_url.clone();
                    let publishable_key = publishable_key.clone();
                    let pay_label = pay_label.clone();
                    if nothing_left {
                        view! { <p class="pt-empty">{t.nothing_to_pay}</p> }.into_any()
                    } else {
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
                                </Show>
                                <fieldset class="pt-fieldset">
                                    <legend>{t.billing_address}</legend>
                                    {field(t.address_line, "pt-pay-line1", "line1", line1, "billing street-address")}
                                    {field(t.city, "pt-pay-city", "city", city, "billing address-level2")}
                                    {field(t.region, "pt-pay-region", "region", region, "billing address-level1")}
                                    {field(t.postal_code, "pt-pay-postal", "postal", postal, "billing postal-code")}
                                    <div class="pt-field">
                                        <label for="pt-pay-country">{t.country}</label>
                                        <select id="pt-pay-country" class="pt-input" autocomplete="billing country"
                                            prop:value=country on:change=move |ev| country.set(event_target_value(&ev))>
                                            {COUNTRIES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                                        </select>
                                    </div>
                                </fieldset>
                                <p class="pt-pay__amount">{t.amount_to_pay} ": " <strong>{format_money(&amount.get_value(), t.tag)}</strong></p>
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
                                    {move || if pending.get() { t.paying.to_string() } else { pay_label.clone() }}
                                </button>
                            </form>
                        }.into_any()
                    }
                }
            </Show>
        </section>
    }
}

fn announce_payment(t: &'static Strings, announcer: &crate::components::announcer::Announcer, p: &Payment) {
    match p.status {
        PaymentStatus::Succeeded => announcer.announce(t.payment_successful),
        PaymentStatus::Declined | PaymentStatus::Failed => {
            announcer.announce(p.decline.as_ref().map(|d| d.message.clone()).unwrap_or_else(|| t.payment_declined.into()))
        }
        PaymentStatus::RequiresAction => {
            let nn = p.challenge.as_ref().map(|c| c.phone_last2.clone()).unwrap_or_default();
            announcer.announce(fill(t.otp_prompt, &[("nn", &nn)]));
        }
        PaymentStatus::Pending => announcer.announce(t.confirming_payment),
    }
}

#[component]
fn CardChoice(card: PaymentMethod, choice: RwSignal<String>) -> impl IntoView {
    let t = use_strings();
    let id = card.id.clone();
    let id_change = card.id.clone();
    let label = fill(t.card_ending, &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)]);
    let expires = fill(t.expires, &[("mm", &format!("{:02}", card.exp_month)), ("yy", &format!("{:02}", card.exp_year % 100))]);
    view! {
        <label class="pt-radio" class:pt-radio--disabled=card.expired>
            <input type="radio" name="pt-pay-card" value=card.id.clone() disabled=card.expired
                prop:checked=move || choice.get() == id
                on:change=move |_| choice.set(id_change.clone())/>
            <span>{label} " · " {expires}</span>
            {card.is_default.then(|| view! { <span class="pt-badge pt-badge--open">{t.default_badge}</span> })}
            {card.expired.then(|| view! { <span class="pt-badge pt-badge--overdue">{t.expired_badge}</span> })}
        </label>
    }
}

/// The payment after Pay: the code step, "confirming", or the receipt.
#[component]
fn PaymentOutcome(payment: Payment, gateway_url: String, publishable_key: String, on_update: Callback<Payment>) -> impl IntoView {
    let t = use_strings();
    match payment.status {
        PaymentStatus::Succeeded => {
            let receipt = payment.receipt.clone();
            view! {
                <div class="pt-card pt-receipt" role="status">
                    <h2>{t.payment_successful}</h2>
                    {receipt.map(|r| view! {
                        <dl class="pt-facts">
                            <div><dt>{t.amount}</dt><dd>{format_money(&r.amount, t.tag)}</dd></div>
                            <div><dt>{t.receipt_paid_with}</dt><dd>{format!("{} •••• {}", brand_name(&r.card_brand), r.card_last4)}</dd></div>
                            <div><dt>{t.receipt_reference}</dt><dd>{r.reference}</dd></div>
                            <div><dt>{t.receipt_date}</dt><dd>{r.paid_at}</dd></div>
                        </dl>
                    })}
                    <a class="pt-button pt-button--secondary" href="/invoices">{t.back_to_invoices}</a>
                </div>
            }.into_any()
        }
        PaymentStatus::RequiresAction => view! { <CodeStep payment=payment gateway_url=gateway_url publishable_key=publishable_key on_update=on_update/> }.into_any(),
        _ => {
            // Pending: ask the server again shortly for the true state.
            let api = use_api();
            let id = payment.id.clone();
            set_timeout(move || {
                leptos::task::spawn_local(async move {
                    if let Ok(p) = api.payment(&id).await {
                        on_update.run(p);
                    }
                });
            }, std::time::Duration::from_secs(2));
            view! { <p class="pt-loading" role="status">{t.confirming_payment}</p> }.into_any()
        }
    }
}

/// "Enter the code sent to your phone ending in NN": six digits, Submit,
/// Resend code with a visible cooldown, attempts left.
#[component]
fn CodeStep(payment: Payment, gateway_url: String, publishable_key: String, on_update: Callback<Payment>) -> impl IntoView {
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
    if let Ok(ticker) = set_interval_with_handle(move || now.set(js_sys::Date::now() / 1000.0), std::time::Duration::from_secs(1)) {
        on_cleanup(move || ticker.clear());
    }
    let ctx = StoredValue::new((gateway_url, publishable_key, challenge.id.clone(), challenge.client_secret.clone(), payment.id.clone()));

    let verify = Action::new_local(move |entered: &String| {
        let entered = entered.clone();
        let (gw, pk, id, secret, payment_id) = ctx.get_value();
        async move {
            let result = verify_code(&gw, &pk, &id, &secret, &entered).await?;
            if result.status == "succeeded" || result.status == "locked" {
                let confirmed = api.confirm_payment(&payment_id).await?;
                return Ok::<_, ApiError>((result, Some(confirmed)));
            }
            Ok((result, None))
        }
    });
    Effect::new(move |_| {
        let Some(outcome) = verify.value().get() else { return };
        match outcome {
            Ok((_, Some(confirmed))) => on_update.run(confirmed),
            Ok((result, None)) => {
                attempts.set(result.attempts_left);
                let text = if result.status == "expired" { t.resend_code.to_string() } else {
                    format!("{} {}", t.otp_wrong, fill(t.attempts_left, &[("n", &result.attempts_left.to_string())]))
                };
                announcer.announce(text.clone());
                message.set(Some(text));
            }
            Err(e) => {
                announcer.announce(e.to_string());
                message.set(Some(e.to_string()));
            }
        }
    });
    let resend = Action::new_local(move |_: &()| {
        let (gw, pk, id, secret, _) = ctx.get_value();
        async move { resend_code(&gw, &pk, &id, &secret).await }
    });
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(r)) => {
            resend_at.set(r.resend_available_at as f64);
            announcer.announce(t.code_sent);
            message.set(Some(t.code_sent.to_string()));
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let cooldown = move || (resend_at.get() - now.get()).ceil().max(0.0) as i64;
    let prompt = fill(t.otp_prompt, &[("nn", &challenge.phone_last2)]);
    view! {
        <form class="pt-card pt-form pt-code" on:submit=move |ev| {
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
                    aria-describedby="pt-code-help" prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                <p id="pt-code-help" class="pt-field__hint">{move || fill(t.attempts_left, &[("n", &attempts.get().to_string())])}</p>
            </div>
            <p class="pt-field__error" role="alert">{move || message.get()}</p>
            <div class="pt-form__actions">
                <button type="submit" class="pt-button pt-button--primary" disabled=move || verify.pending().get()>{t.submit}</button>
                <button type="button" class="pt-button pt-button--secondary" disabled=move || cooldown() > 0 || resend.pending().get()
                    on:click=move |_| { resend.dispatch(()); }>
                    {move || if cooldown() > 0 { fill(t.resend_in, &[("s", &cooldown().to_string())]) } else { t.resend_code.to_string() }}
                </button>
            </div>
        </form>
    }.into_any()
}

