//! Make a deposit (`/deposit`): money on account, paid like an invoice
//! (saved card or another card) for any amount; credited once it succeeds.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portal_api::{Payment, PaymentMethod, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::loading::Loaded;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::components::require_login::RequireLogin;
use crate::config::use_config;
use crate::i18n::use_strings;

/// The deposit page.
#[component]
pub fn DepositPage() -> impl IntoView {
    view! { <RequireLogin><Deposit/></RequireLogin> }
}

/// Everything the page loads before it can show the form.
#[derive(Clone)]
struct DepositData {
    cards: Vec<PaymentMethod>,
    config: PortalConfig,
    /// The payment named in the URL, after a reload, or why it could not
    /// be read (then the page cannot offer to pay: it may have gone through).
    resumed: Result<Option<Payment>, ApiError>,
}

#[component]
fn Deposit() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let config = use_config();
    let query = use_query_map();
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let loaded = LocalResource::new(move || {
        let payment_in_url = payment_in_url.clone();
        async move {
            let cards = api.payment_methods().await?.payment_methods;
            let config = config.get().await?;
            let resumed = PayTarget::Deposit.resume(api, payment_in_url).await;
            Ok::<_, ApiError>(DepositData {
                cards,
                config,
                resumed,
            })
        }
    });
    let on_retry = config.retry(loaded);
    view! {
        <section class="pt-pay" aria-labelledby="pt-deposit-heading">
            <h1 id="pt-deposit-heading">{t.deposit_heading}</h1>
            <p>{t.deposit_intro}</p>
            <Loaded resource=loaded on_retry=on_retry let:data>
                {
                    let DepositData { cards, config, resumed } = data;
                    match resumed {
                        Err(error) => view! { <ErrorView error=error on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                        Ok(resumed) => {
                            let amount = AmountPolicy::Open { currency: config.currency.clone() };
                            view! { <PayFlow target=PayTarget::Deposit cards=cards config=config amount=amount resumed=resumed/> }.into_any()
                        }
                    }
                }
            </Loaded>
        </section>
    }
}
