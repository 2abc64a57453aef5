//! One invoice: its lines and its payments, with Pay Now while a balance is left.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_api::InvoiceDetail;

use crate::api::use_api;
use crate::components::loading::Loaded;
use crate::components::require_login::RequireLogin;
use crate::components::status_badge::StatusBadge;
use crate::i18n::{fill, format_date, format_money, use_strings};

/// The invoice detail page (`/invoices/:id`).
#[component]
pub fn InvoiceDetailPage() -> impl IntoView {
    view! { <RequireLogin><Detail/></RequireLogin> }
}

#[component]
fn Detail() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move { api.invoice(&id).await }
    });
    view! {
        <Loaded resource=detail error_heading=t.invoices_heading let:d>
            <DetailView d=d/>
        </Loaded>
    }
}

#[component]
fn DetailView(d: InvoiceDetail) -> impl IntoView {
    let t = use_strings();
    let inv = d.invoice;
    let heading = fill(t.invoice_heading, &[("number", &inv.number)]);
    let pay = (inv.balance_due.amount > 0).then(|| {
        view! { <A href=format!("/invoices/{}/pay", inv.id) attr:class="pt-button pt-button--primary">{t.pay_now}</A> }
    });
    view! {
        <article class="pt-invoice" aria-labelledby="pt-invoice-heading">
            <p><A href="/invoices">{t.back_to_invoices}</A></p>
            <h1 id="pt-invoice-heading">{heading} " " <StatusBadge status=inv.status/></h1>
            <dl class="pt-facts">
                <div><dt>{t.issue_date}</dt><dd>{format_date(&inv.issue_date, t.tag)}</dd></div>
                <div><dt>{t.due_date}</dt><dd>{format_date(&inv.due_date, t.tag)}</dd></div>
                <div><dt>{t.total}</dt><dd>{format_money(&inv.total, t.tag)}</dd></div>
                <div><dt>{t.balance_due}</dt><dd>{format_money(&inv.balance_due, t.tag)}</dd></div>
            </dl>
            {pay}
            {d.memo.map(|m| view! { <p class="pt-invoice__memo">{m}</p> })}
            <h2>{t.lines_heading}</h2>
            <table class="pt-table">
                <thead><tr>
                    <th scope="col">{t.description}</th>
                    <th scope="col" class="pt-num">{t.quantity}</th>
                    <th scope="col" class="pt-num">{t.unit_price}</th>
                    <th scope="col" class="pt-num">{t.amount}</th>
                </tr></thead>
                <tbody>
                    {d.lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row" data-label=t.description>{l.description}</th>
                            <td data-label=t.quantity class="pt-num">{l.quantity}</td>
                            <td data-label=t.unit_price class="pt-num">{format_money(&l.unit_price, t.tag)}</td>
                            <td data-label=t.amount class="pt-num">{format_money(&l.amount, t.tag)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t.payments_heading}</h2>
            {if d.payments.is_empty() {
                view! { <p class="pt-empty">{t.no_payments}</p> }.into_any()
            } else {
                view! {
                    <table class="pt-table">
                        <thead><tr>
                            <th scope="col">{t.date}</th>
                            <th scope="col">{t.card}</th>
                            <th scope="col">{t.reference}</th>
                            <th scope="col" class="pt-num">{t.amount}</th>
                        </tr></thead>
                        <tbody>
                            {d.payments.into_iter().map(|p| view! {
                                <tr>
                                    <th scope="row" data-label=t.date>{format_date(p.created_at.get(..10).unwrap_or(&p.created_at), t.tag)}</th>
                                    <td data-label=t.card>{p.card.map(|c| format!("{} •••• {}", c.brand, c.last4))}</td>
                                    <td data-label=t.reference>{p.reference}</td>
                                    <td data-label=t.amount class="pt-num">
                                        {format_money(&p.amount, t.tag)}
                                        {p.refunded.map(|r| view! { <span class="pt-refunded">{format!("{} {}", t.refunded, format_money(&r, t.tag))}</span> })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </article>
    }
}
