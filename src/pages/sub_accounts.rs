//! Sub-accounts (`/sub-accounts`): a reseller's customers with what they owe.
//! Balances only: the API exposes no sub-account's cards, and neither does
//! this page.

use leptos::prelude::*;
use portal_api::{SubAccount, SubAccountListResponse};

use crate::api::use_api;
use crate::components::loading::Loaded;
use crate::components::require_login::RequireLogin;
use crate::i18n::{format_money, use_strings};

/// The sub-accounts page.
#[component]
pub fn SubAccountsPage() -> impl IntoView {
    view! { <RequireLogin><SubAccountList/></RequireLogin> }
}

#[component]
fn SubAccountList() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let list = LocalResource::new(move || async move { api.sub_accounts().await });
    view! {
        <section class="pt-sub-accounts" aria-labelledby="pt-sub-accounts-heading">
            <h1 id="pt-sub-accounts-heading">{t.sub_accounts_heading}</h1>
            <p class="pt-sub-accounts__intro">{t.sub_accounts_intro}</p>
            <Loaded resource=list let:list>
                <SubAccountTable list=list/>
            </Loaded>
        </section>
    }
}

#[component]
fn SubAccountTable(list: SubAccountListResponse) -> impl IntoView {
    let t = use_strings();
    if list.sub_accounts.is_empty() {
        return view! { <p class="pt-empty">{t.no_sub_accounts}</p> }.into_any();
    }
    view! {
        <table class="pt-table" aria-labelledby="pt-sub-accounts-heading">
            <thead>
                <tr>
                    <th scope="col">{t.account_name}</th>
                    <th scope="col">{t.email}</th>
                    <th scope="col" class="pt-num">{t.balance_due}</th>
                    <th scope="col" class="pt-num">{t.overdue_label}</th>
                    <th scope="col" class="pt-num">{t.unpaid_invoices}</th>
                </tr>
            </thead>
            <tbody>
                {list.sub_accounts.into_iter().map(|account| view! { <SubAccountRow account=account/> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn SubAccountRow(account: SubAccount) -> impl IntoView {
    let t = use_strings();
    let overdue_class = if account.overdue.amount > 0 {
        "pt-num pt-sub-accounts__overdue"
    } else {
        "pt-num"
    };
    view! {
        <tr>
            <th scope="row" data-label=t.account_name>{account.name}</th>
            <td data-label=t.email class="pt-sub-accounts__email">{account.email}</td>
            <td data-label=t.balance_due class="pt-num">{format_money(&account.balance_due, t.tag)}</td>
            <td data-label=t.overdue_label class=overdue_class>{format_money(&account.overdue, t.tag)}</td>
            <td data-label=t.unpaid_invoices class="pt-num">{account.unpaid_invoices}</td>
        </tr>
    }
}
