//! Make a deposit (`/deposit`): money on account, paid like an invoice
//! (saved card or another card) for any amount; credited once it succeeds.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portal_api::{PaymentMethod, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::components::require_login::RequireLogin;
use crate::i18n::use_strings;

/// The deposit page.
#[component]
pub fn DepositPage() -> impl IntoView {
    view! { <RequireLogin><Deposit/></RequireLogin> }
}

#[component]
fn Deposit() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let query = use_query_map();
    let loaded = LocalResource::new(move || async move {
        let cards = api.payment_methods().await?.payment_methods;
        let config = api.config().await?;
        Ok::<(Vec<PaymentMethod>, PortalConfig), ApiError>((cards, config))
    });
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let resumed =
        LocalResource::new(move || PayTarget::Deposit.resume(api, payment_in_url.clone()));
    view! {
        <section class="pt-pay" aria-labelledby="pt-deposit-heading">
            <h1 id="pt-deposit-heading">{t.deposit_heading}</h1>
            <p>{t.deposit_intro}</p>
            <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let resumed = resumed.await;
                    match loaded.await {
                        Ok((cards, config)) => {
                            let amount = AmountPolicy::Open { currency: config.currency.clone() };
                            view! { <PayFlow target=PayTarget::Deposit cards=cards config=config amount=amount resumed=resumed/> }.into_any()
                        }
                        Err(err) => view! { <ErrorView error=err on_retry=Callback::new(move |_| loaded.refetch())/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
