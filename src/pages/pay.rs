//! Pay an invoice (`/invoices/:id/pay`): loads the invoice, the saved cards
//! and the business policy, then runs the pay flow for that invoice. A
//! `?payment=…` in the URL (after Pay, or a reload mid-payment) shows that
//! payment's true state.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_api::{InvoiceDetail, PaymentMethod, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::components::require_login::RequireLogin;
use crate::i18n::{fill, use_strings};

/// The pay page.
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
            Ok::<_, ApiError>(Loaded {
                invoice,
                cards,
                config,
            })
        }
    });
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let resumed = LocalResource::new(move || {
        PayTarget::Invoice(id.get()).resume(api, payment_in_url.clone())
    });
    view! {
        <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let resumed = resumed.await;
                match loaded.await {
                    Ok(l) => {
                        let invoice = l.invoice.invoice.clone();
                        let heading = fill(t.pay_heading, &[("number", &invoice.number)]);
                        let balance = invoice.balance_due.clone();
                        let body = if balance.amount <= 0 && resumed.is_none() {
                            view! { <p class="pt-empty">{t.nothing_to_pay}</p> }.into_any()
                        } else {
                            let amount = AmountPolicy::for_balance(balance, l.config.allow_partial_payments);
                            view! {
                                <PayFlow target=PayTarget::Invoice(invoice.id.clone()) cards=l.cards config=l.config amount=amount resumed=resumed/>
                            }.into_any()
                        };
                        view! {
                            <section class="pt-pay" aria-labelledby="pt-pay-heading">
                                <h1 id="pt-pay-heading">{heading}</h1>
                                {body}
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! {
                        <h1>{t.invoices_heading}</h1>
                        <ErrorView error=err on_retry=Callback::new(move |_| loaded.refetch())/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
