//! Home: what the customer owes, what is overdue, and what happened lately.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::{ActivityItem, ActivityKind, SummaryResponse};

use crate::api::use_api;
use crate::components::loading::Loaded;
use crate::components::require_login::RequireLogin;
use crate::i18n::{fill, format_date, format_money, use_strings, Strings};

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! { <RequireLogin><Summary/></RequireLogin> }
}

#[component]
fn Summary() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let summary = LocalResource::new(move || async move { api.summary().await });
    view! {
        <section aria-labelledby="pt-home-heading">
            <h1 id="pt-home-heading">{t.home_heading}</h1>
            <Loaded resource=summary let:s>
                <SummaryView s=s/>
            </Loaded>
        </section>
    }
}

#[component]
fn SummaryView(s: SummaryResponse) -> impl IntoView {
    let t = use_strings();
    let unpaid = fill(t.unpaid_count, &[("count", &s.unpaid_invoices.to_string())]);
    let has_credit = s.credit.amount > 0;
    let overdue_class = if s.overdue.amount > 0 {
        "pt-stat pt-stat--alert"
    } else {
        "pt-stat"
    };
    view! {
        <div class="pt-stats">
            <div class="pt-stat">
                <p class="pt-stat__label">{t.balance_due_label}</p>
                <p class="pt-stat__value">{format_money(&s.balance_due, t.tag)}</p>
                <p class="pt-stat__note">{unpaid}</p>
            </div>
            <div class=overdue_class>
                <p class="pt-stat__label">{t.overdue_label}</p>
                <p class="pt-stat__value">{format_money(&s.overdue, t.tag)}</p>
            </div>
            {has_credit.then(|| view! {
                <div class="pt-stat">
                    <p class="pt-stat__label">{t.credit_label}</p>
                    <p class="pt-stat__value">{format_money(&s.credit, t.tag)}</p>
                </div>
            })}
        </div>
        <p class="pt-actions">
            <A href="/invoices" attr:class="pt-button pt-button--primary">{t.view_invoices}</A>
            <A href="/deposit" attr:class="pt-button pt-button--secondary">{t.nav_deposit}</A>
        </p>
        <h2>{t.recent_activity}</h2>
        {if s.recent_activity.is_empty() {
            view! { <p class="pt-empty">{t.no_activity}</p> }.into_any()
        } else {
            view! {
                <ul class="pt-activity">
                    {s.recent_activity.into_iter().map(|item| view! { <Activity item=item/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

fn kind_label(t: &Strings, kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::InvoiceIssued => t.activity_invoice_issued,
        ActivityKind::PaymentReceived => t.activity_payment_received,
        ActivityKind::DepositReceived => t.activity_deposit_received,
    }
}

#[component]
fn Activity(item: ActivityItem) -> impl IntoView {
    let t = use_strings();
    let link = item.invoice_id.clone().map(|id| format!("/invoices/{id}"));
    let description = item.description.clone();
    view! {
        <li class=format!("pt-activity__item pt-activity__item--{}", item.kind.as_str())>
            <span class="pt-activity__date">{format_date(&item.date, t.tag)}</span>
            <span class="pt-activity__what">
                <span class="pt-sr-only">{kind_label(t, item.kind)} ": "</span>
                {match link {
                    Some(href) => view! { <A href=href>{description}</A> }.into_any(),
                    None => view! { <span>{description}</span> }.into_any(),
                }}
            </span>
            <span class="pt-activity__amount pt-num">{format_money(&item.amount, t.tag)}</span>
        </li>
    }
}
