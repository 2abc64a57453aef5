//! Pay by link (`/pay/:token`): someone holding a payment link pays that
//! one invoice with a new card, without logging in. The link's token is
//! checked by the server; an expired or forged link says so in plain words.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_api::{Payment, PaymentLinkResponse, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::loading::Loaded;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::config::use_config;
use crate::i18n::{fill, format_money, use_strings};

/// Everything the page loads before it can show the form.
#[derive(Clone)]
struct LinkData {
    token: String,
    link: PaymentLinkResponse,
    config: PortalConfig,
    /// The payment named in the URL, after a reload, or why it could not
    /// be read (then the page cannot offer to pay: it may have gone through).
    resumed: Result<Option<Payment>, ApiError>,
}

/// The payment link page (no login).
#[component]
pub fn PayLinkPage() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let config = use_config();
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let loaded = LocalResource::new(move || {
        let token = token.get();
        let payment_in_url = payment_in_url.clone();
        async move {
            let link = api.pay_link(&token).await?;
            let config = config.get().await?;
            let resumed = PayTarget::Link(token.clone())
                .resume(api, payment_in_url)
                .await;
            Ok::<_, ApiError>(LinkData {
                token,
                link,
                config,
                resumed,
            })
        }
    });
    // An unusable link stays unusable: no Try again.
    view! {
        <Loaded resource=loaded no_retry=true error_heading=t.link_unusable let:data>
            <LinkView data=data on_retry=Callback::new(move |()| loaded.refetch())/>
        </Loaded>
    }
}

/// The link's invoice and the pay flow, or "nothing to pay".
#[component]
fn LinkView(
    /// What the page loaded.
    data: LinkData,
    /// Loads the page again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_strings();
    let LinkData {
        token,
        link,
        config,
        resumed,
    } = data;
    let invoice = link.invoice.invoice.clone();
    let heading = fill(t.pay_heading, &[("number", &invoice.number)]);
    let intro = fill(
        t.link_intro,
        &[
            ("business", &link.business_name),
            ("customer", &link.customer_name),
            ("number", &invoice.number),
        ],
    );
    let until = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        link.expires_at as f64 * 1000.0,
    ));
    let until = until.to_locale_date_string(t.tag, &wasm_bindgen::JsValue::UNDEFINED);
    let valid_until = fill(t.link_valid_until, &[("date", &String::from(until))]);
    let balance = invoice.balance_due.clone();
    let body = match resumed {
        // The link is fine; reading its payment failed: Try again helps.
        Err(error) => view! { <ErrorView error=error on_retry=on_retry/> }.into_any(),
        Ok(None) if balance.amount <= 0 => {
            view! { <p class="pt-empty">{t.nothing_to_pay}</p> }.into_any()
        }
        Ok(resumed) => {
            let amount = AmountPolicy::for_balance(balance.clone(), config.allow_partial_payments);
            view! { <PayFlow target=PayTarget::Link(token) cards=Vec::new() config=config amount=amount resumed=resumed/> }
                .into_any()
        }
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
    }
}
