//! The page for an unknown address.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_strings;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_strings();
    view! {
        <section class="pt-card">
            <h1>{t.not_found}</h1>
            <A href="/invoices">{t.nav_invoices}</A>
        </section>
    }
}
