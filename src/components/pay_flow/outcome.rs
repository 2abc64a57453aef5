//! After Pay: the receipt, the code step, or "confirming" while the
//! gateway's answer is still out (the page asks the server again, and
//! keeps asking, more slowly, while the server cannot be reached).

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::{Payment, PaymentStatus, Receipt};
use portal_card::brand_name;

use super::code_step::CodeStep;
use super::target::PayTarget;
use crate::api::{use_api, ApiError};
use crate::components::error_view::ErrorView;
use crate::config::GatewayAccess;
use crate::i18n::{format_date, format_money, use_strings};

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
    match payment.status {
        PaymentStatus::Succeeded => {
            view! { <ReceiptCard receipt=payment.receipt.clone() target=target/> }.into_any()
        }
        PaymentStatus::RequiresAction => {
            view! { <CodeStep payment=payment target=target gateway=gateway on_update=on_update/> }
                .into_any()
        }
        _ => view! { <Confirming payment_id=payment.id target=target on_update=on_update/> }
            .into_any(),
    }
}

/// How long to wait before reading a pending payment again, after
/// `failures` failed reads in a row: 2 s, then twice as long after each
/// failure, at most 30 s (a server that is down is not asked every 2 s).
pub fn poll_delay(failures: u32) -> Duration {
    let seconds = 2u64.saturating_mul(1 << failures.min(4));
    Duration::from_secs(seconds.min(30))
}

/// "Confirming": the gateway's answer was lost or is slow, so the page
/// reads the payment again until it changes. A failed read does not stop
/// it: the failure is shown (with Try again to read at once) and the next
/// read comes later.
#[component]
fn Confirming(
    /// The pending payment.
    payment_id: String,
    /// What it pays (to read it through the right route).
    target: PayTarget,
    /// Called with each state the server reads.
    on_update: Callback<Payment>,
) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let failures = StoredValue::new(0u32);
    let failure = RwSignal::new(None::<ApiError>);
    let read = Action::new_local(move |()| {
        let (target, id) = (target.clone(), payment_id.clone());
        async move { target.read(api, &id).await }
    });
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let schedule = move |delay: Duration| {
        if let Some(old) = timer.get_value() {
            old.clear();
        }
        let next = set_timeout_with_handle(
            move || {
                read.dispatch(());
            },
            delay,
        )
        .ok();
        timer.set_value(next);
    };
    on_cleanup(move || {
        if let Some(pending) = timer.get_value() {
            pending.clear();
        }
    });
    schedule(poll_delay(0));
    Effect::new(move |_| match read.value().get() {
        Some(Ok(p)) => on_update.run(p),
        Some(Err(e)) => {
            let n = failures.get_value() + 1;
            failures.set_value(n);
            failure.set(Some(e));
            schedule(poll_delay(n));
        }
        None => {}
    });
    let read_now = Callback::new(move |()| {
        if !read.pending().get_untracked() {
            read.dispatch(());
        }
    });
    view! {
        <p class="pt-loading" role="status">{t.confirming_payment}</p>
        {move || failure.get().map(|e| view! { <ErrorView error=e on_retry=read_now/> })}
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

#[cfg(test)]
mod tests {
    use super::poll_delay;
    use std::time::Duration;

    #[test]
    fn reads_slow_down_after_each_failure_up_to_thirty_seconds() {
        let seconds: Vec<u64> = (0..7).map(|n| poll_delay(n).as_secs()).collect();
        assert_eq!(seconds, [2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(poll_delay(u32::MAX), Duration::from_secs(30));
    }
}
