//! Pay by link (`/pay/:token`): someone holding a payment link pays that
//! one invoice with a new card, without logging in. The link's token is
//! checked by the server; an expired or forged link says so in plain words.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_api::{PaymentLinkResponse, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::i18n::{fill, format_money, use_strings};

/// The payment link page (no login).
#[component]
pub fn PayLinkPage() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let loaded = LocalResource::new(move || {
        let token = token.get();
        async move {
            let link = api.pay_link(&token).await?;
            let config = api.config().await?;
            Ok::<(PaymentLinkResponse, PortalConfig), ApiError>((link, config))
        }
    });
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let resumed = LocalResource::new(move || {
        PayTarget::Link(token.get()).resume(api, payment_in_url.clone())
    });
    view! {
        <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let resumed = resumed.await;
                match loaded.await {
                    Ok((link, config)) => {
                        let invoice = link.invoice.invoice.clone();
                        let heading = fill(t.pay_heading, &[("number", &invoice.number)]);
                        let intro = fill(t.link_intro, &[("business", &link.business_name), ("customer", &link.customer_name), ("number", &invoice.number)]);
                        let until = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(link.expires_at as f64 * 1000.0));
                        let until = until.to_locale_date_string(t.tag, &wasm_bindgen::JsValue::UNDEFINED);
                        let valid_until = fill(t.link_valid_until, &[("date", &String::from(until))]);
                        let balance = invoice.balance_due.clone();
                        let body = if balance.amount <= 0 && resumed.is_none() {
                            view! { <p class="pt-empty">{t.nothing_to_pay}</p> }.into_any()
                        } else {
                            let amount = AmountPolicy::for_balance(balance.clone(), config.allow_partial_payments);
                            view! { <PayFlow target=PayTarget::Link(token.get_untracked()) cards=Vec::new() config=config amount=amount resumed=resumed/> }.into_any()
                        };
                        view! {
                            <section class="pt-pay" aria-labelledby="pt-link-heading">
                                <h1 id="pt-link-heading">{heading}</h1>
                                <p>{intro}</p>
                                <dl class="pt-facts">
                                    <div><dt>{t.balance_due}</dt><dd>{format_money(&balance, t.tag)}</dd></div>
                                    <div><dt>{t.due_date}</dt><dd>{crate::i18n::format_date(&invoice.due_date, t.tag)}</dd></div>
                                </dl>
                                <p class="pt-field__hint">{valid_until}</p>
                                {body}
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! {
                        <section class="pt-pay" aria-labelledby="pt-link-heading">
                            <h1 id="pt-link-heading">{t.link_unusable}</h1>
                            <ErrorView error=err/>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
