//! After Pay: the receipt, the code step, or "confirming" while the
//! gateway's answer is still out (the page asks the server again).

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::{Payment, PaymentStatus, Receipt};

use super::code_step::CodeStep;
use super::target::PayTarget;
use crate::api::use_api;
use crate::config::GatewayAccess;
use crate::i18n::{format_date, format_money, use_strings};
use crate::pages::payment_methods::brand_name;

/// The payment's state once it is not declined: receipt, code step or pending.
#[component]
pub fn PaymentOutcome(
    /// The payment as the server last described it.
    payment: Payment,
    /// What it pays.
    target: PayTarget,
    /// Where the gateway is (for the code step).
    gateway: GatewayAccess,
    /// Called with each newer state of the payment.
    on_update: Callback<Payment>,
) -> impl IntoView {
    let t = use_strings();
    match payment.status {
        PaymentStatus::Succeeded => {
            view! { <ReceiptCard receipt=payment.receipt.clone() target=target/> }.into_any()
        }
        PaymentStatus::RequiresAction => {
            view! { <CodeStep payment=payment target=target gateway=gateway on_update=on_update/> }
                .into_any()
        }
        _ => {
            // Pending: the gateway's answer was lost or is slow; ask again.
            let api = use_api();
            let id = payment.id.clone();
            let handle = set_timeout_with_handle(
                move || {
                    leptos::task::spawn_local(async move {
                        if let Ok(p) = target.read(api, &id).await {
                            on_update.run(p);
                        }
                    });
                },
                std::time::Duration::from_secs(2),
            );
            if let Ok(handle) = handle {
                on_cleanup(move || handle.clear());
            }
            view! { <p class="pt-loading" role="status">{t.confirming_payment}</p> }.into_any()
        }
    }
}

/// "Payment successful" with what was paid, how, and the reference.
#[component]
fn ReceiptCard(receipt: Option<Receipt>, target: PayTarget) -> impl IntoView {
    let t = use_strings();
    let back = match target {
        PayTarget::Invoice(_) => Some(view! { <A href="/invoices" attr:class="pt-button pt-button--secondary">{t.back_to_invoices}</A> }.into_any()),
        PayTarget::Deposit => Some(view! { <A href="/" attr:class="pt-button pt-button--secondary">{t.back_to_home}</A> }.into_any()),
        PayTarget::Link(_) => None,
    };
    // The heading takes the focus, so keyboard and screen reader users land
    // on the outcome (the live region has announced it already).
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="pt-card pt-receipt" aria-labelledby="pt-receipt-heading">
            <h2 id="pt-receipt-heading" tabindex="-1" node_ref=heading>{t.payment_successful}</h2>
            {receipt.map(|r| view! {
                <dl class="pt-facts">
                    <div><dt>{t.amount}</dt><dd>{format_money(&r.amount, t.tag)}</dd></div>
                    {r.invoice_number.clone().map(|n| view! { <div><dt>{t.invoice_number}</dt><dd>{n}</dd></div> })}
                    <div><dt>{t.receipt_paid_to}</dt><dd>{r.business_name.clone()}</dd></div>
                    <div><dt>{t.receipt_paid_with}</dt><dd>{format!("{} •••• {}", brand_name(&r.card_brand), r.card_last4)}</dd></div>
                    <div><dt>{t.receipt_reference}</dt><dd>{r.reference.clone()}</dd></div>
                    <div><dt>{t.receipt_date}</dt><dd>{format_date(r.paid_at.get(..10).unwrap_or(&r.paid_at), t.tag)}</dd></div>
                </dl>
            })}
            {back}
        </section>
    }
}
