//! The invoice list: status filter and paging live in the URL
//! (`?status=overdue&page=2`), so back/forward and reloads keep them.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_api::{InvoiceListResponse, InvoiceStatus, InvoiceSummary};

use crate::api::use_api;
use crate::components::loading::Loaded;
use crate::components::require_login::RequireLogin;
use crate::components::status_badge::{status_label, StatusBadge};
use crate::i18n::{fill, format_date, format_money, use_strings};

/// The statuses a customer can filter by, in display order.
const FILTERS: [InvoiceStatus; 4] = [
    InvoiceStatus::Open,
    InvoiceStatus::Overdue,
    InvoiceStatus::PartiallyPaid,
    InvoiceStatus::Paid,
];

/// The invoices page.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! { <RequireLogin><InvoiceList/></RequireLogin> }
}

#[component]
fn InvoiceList() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query
            .with(|q| q.get("status"))
            .filter(|s| FILTERS.iter().any(|f| f.as_str() == s))
    });
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let invoices = LocalResource::new(move || {
        let status = status.get();
        let page = page.get();
        async move { api.invoices(status.as_deref(), page).await }
    });

    // Plain links (the router still handles the clicks): the router's `<A>`
    // marks every link to `/invoices` as the current page, whatever its query.
    let base = use_context::<crate::config::PortalSettings>()
        .map(|s| s.base_path)
        .unwrap_or_default();
    let filter_href = move |s: Option<InvoiceStatus>| match s {
        Some(s) => format!("{base}/invoices?status={}", s.as_str()),
        None => format!("{base}/invoices"),
    };

    view! {
        <section class="pt-invoices" aria-labelledby="pt-invoices-heading">
            <h1 id="pt-invoices-heading">{t.invoices_heading}</h1>
            <nav class="pt-filter" aria-label=t.filter_by_status>
                <a href=filter_href(None) aria-current=move || status.get().is_none().then_some("page")>
                    {t.all_statuses}
                </a>
                {FILTERS.iter().map(|f| {
                    let f = *f;
                    view! {
                        <a href=filter_href(Some(f)) aria-current=move || (status.get().as_deref() == Some(f.as_str())).then_some("page")>
                            {status_label(t, f)}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <Loaded resource=invoices let:list>
                <InvoiceTable list=list status=status.get_untracked()/>
            </Loaded>
        </section>
    }
}

#[component]
fn InvoiceTable(list: InvoiceListResponse, status: Option<String>) -> impl IntoView {
    let t = use_strings();
    if list.invoices.is_empty() {
        return view! { <p class="pt-empty">{t.no_invoices}</p> }.into_any();
    }
    let pages = list.total.div_ceil(u64::from(list.per_page.max(1))).max(1) as u32;
    let page_href = move |p: u32| match &status {
        Some(s) => format!("/invoices?status={s}&page={p}"),
        None => format!("/invoices?page={p}"),
    };
    let prev = (list.page > 1).then(|| page_href(list.page - 1));
    let next = (list.page < pages).then(|| page_href(list.page + 1));
    let page_text = fill(
        t.page_of,
        &[
            ("page", &list.page.to_string()),
            ("pages", &pages.to_string()),
        ],
    );
    view! {
        <table class="pt-table">
            <thead>
                <tr>
                    <th scope="col">{t.invoice_number}</th>
                    <th scope="col">{t.issue_date}</th>
                    <th scope="col">{t.due_date}</th>
                    <th scope="col" class="pt-num">{t.total}</th>
                    <th scope="col" class="pt-num">{t.balance_due}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col"><span class="pt-sr-only">{t.actions}</span></th>
                </tr>
            </thead>
            <tbody>
                {list.invoices.into_iter().map(|inv| view! { <InvoiceRow inv=inv/> }).collect_view()}
            </tbody>
        </table>
        <nav class="pt-pager" aria-label=page_text.clone()>
            {prev.map(|href| view! { <A href=href>{t.previous_page}</A> })}
            <span class="pt-pager__where">{page_text.clone()}</span>
            {next.map(|href| view! { <A href=href>{t.next_page}</A> })}
        </nav>
    }
    .into_any()
}

#[component]
fn InvoiceRow(inv: InvoiceSummary) -> impl IntoView {
    let t = use_strings();
    let pay = (inv.balance_due.amount > 0).then(|| {
        let href = format!("/invoices/{}/pay", inv.id);
        let label = format!("{} {}", t.pay_now, inv.number);
        view! { <A href=href attr:class="pt-button pt-button--primary pt-button--small" attr:aria-label=label>{t.pay_now}</A> }
    });
    view! {
        <tr>
            <th scope="row" data-label=t.invoice_number>
                <A href=format!("/invoices/{}", inv.id)>{inv.number.clone()}</A>
            </th>
            <td data-label=t.issue_date>{format_date(&inv.issue_date, t.tag)}</td>
            <td data-label=t.due_date>{format_date(&inv.due_date, t.tag)}</td>
            <td data-label=t.total class="pt-num">{format_money(&inv.total, t.tag)}</td>
            <td data-label=t.balance_due class="pt-num">{format_money(&inv.balance_due, t.tag)}</td>
            <td data-label=t.status><StatusBadge status=inv.status/></td>
            <td>{pay}</td>
        </tr>
    }
}
