//! Pay an invoice (`/invoices/:id/pay`): loads the invoice, the saved cards
//! and the business policy, then runs the pay flow for that invoice. A
//! `?payment=…` in the URL (after Pay, or a reload mid-payment) shows that
//! payment's true state.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_api::{InvoiceDetail, Payment, PaymentMethod, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::loading::Loaded;
use crate::components::pay_flow::{AmountPolicy, PayFlow, PayTarget};
use crate::components::require_login::RequireLogin;
use crate::config::use_config;
use crate::i18n::{fill, use_strings};

/// The pay page.
#[component]
pub fn PayPage() -> impl IntoView {
    view! { <RequireLogin><Pay/></RequireLogin> }
}

/// Everything the page loads before it can show the form.
#[derive(Clone)]
struct PayData {
    invoice: InvoiceDetail,
    cards: Vec<PaymentMethod>,
    config: PortalConfig,
    /// The payment named in the URL, after a reload, or why it could not
    /// be read (then the page cannot offer to pay: it may have gone through).
    resumed: Result<Option<Payment>, ApiError>,
}

#[component]
fn Pay() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let config = use_config();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    // Read once: after Pay the page puts the payment into the URL itself, and
    // must not start over; a reload (a new page load) reads it again.
    let payment_in_url = query.with_untracked(|q| q.get("payment"));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        let payment_in_url = payment_in_url.clone();
        async move {
            let invoice = api.invoice(&id).await?;
            let cards = api.payment_methods().await?.payment_methods;
            let config = config.get().await?;
            let resumed = PayTarget::Invoice(id).resume(api, payment_in_url).await;
            Ok::<_, ApiError>(PayData {
                invoice,
                cards,
                config,
                resumed,
            })
        }
    });
    let on_retry = config.retry(loaded);
    view! {
        <Loaded resource=loaded on_retry=on_retry error_heading=t.invoices_heading let:data>
            <PayView data=data on_retry=Callback::new(move |()| loaded.refetch())/>
        </Loaded>
    }
}

/// The heading and the pay flow, or "nothing to pay".
#[component]
fn PayView(
    /// What the page loaded.
    data: PayData,
    /// Loads the page again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_strings();
    let PayData {
        invoice,
        cards,
        config,
        resumed,
    } = data;
    let invoice = invoice.invoice;
    let heading = fill(t.pay_heading, &[("number", &invoice.number)]);
    let balance = invoice.balance_due.clone();
    let body = match resumed {
        Err(error) => view! { <ErrorView error=error on_retry=on_retry/> }.into_any(),
        Ok(None) if balance.amount <= 0 => {
            view! { <p class="pt-empty">{t.nothing_to_pay}</p> }.into_any()
        }
        Ok(resumed) => {
            let amount = AmountPolicy::for_balance(balance, config.allow_partial_payments);
            view! {
                <PayFlow target=PayTarget::Invoice(invoice.id.clone()) cards=cards config=config amount=amount resumed=resumed/>
            }
            .into_any()
        }
    };
    view! {
        <section class="pt-pay" aria-labelledby="pt-pay-heading">
            <h1 id="pt-pay-heading">{heading}</h1>
            {body}
        </section>
    }
}
