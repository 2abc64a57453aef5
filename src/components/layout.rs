//! The page frame: skip link, header with navigation and log-out, main landmark.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::components::announcer::LiveRegion;
use crate::i18n::use_strings;
use crate::session::use_session;

/// Wraps every page.
#[component]
pub fn Layout(
    /// The routed page.
    children: Children,
) -> impl IntoView {
    let t = use_strings();
    let session = use_session();
    let api = use_api();
    let navigate = use_navigate();
    let logout = Action::new_local(move |_: &()| async move { api.logout().await });
    // Once someone is logged in and the page has settled, fetch the pages
    // they are likely to open next (no-op unless those are split off).
    Effect::new(move |prefetched: Option<bool>| {
        if prefetched == Some(true) || session.customer().is_none() {
            return prefetched == Some(true);
        }
        set_timeout(
            crate::lazy_routes::prefetch_likely,
            std::time::Duration::from_secs(2),
        );
        true
    });
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            session.signed_out(&api);
            navigate("/login", Default::default());
        }
    });

    view! {
        // The portal's language on its own root: screen readers read it in
        // that language, and a host page's own `lang` is left alone.
        <div class="pt-app" lang=t.tag>
            <a class="pt-skip-link" href="#pt-main">{t.skip_to_content}</a>
            <header class="pt-header">
                <span class="pt-header__title">{t.app_title}</span>
                <Show when=move || session.customer().is_some()>
                    <nav class="pt-nav" aria-label=t.nav_label>
                        <A href="/" exact=true>{t.nav_home}</A>
                        <A href="/invoices">{t.nav_invoices}</A>
                        <A href="/payment-methods">{t.nav_payment_methods}</A>
                        <Show when=move || session.customer().is_some_and(|c| c.has_sub_accounts)>
                            <A href="/sub-accounts">{t.nav_sub_accounts}</A>
                        </Show>
                    </nav>
                    <div class="pt-header__account">
                        <span class="pt-header__who">
                            <span class="pt-sr-only">{t.signed_in_as} " "</span>
                            {move || session.customer().map(|c| c.name)}
                        </span>
                        <button
                            type="button"
                            class="pt-button pt-button--secondary"
                            disabled=move || logout.pending().get()
                            on:click=move |_| { logout.dispatch(()); }
                        >
                            {t.log_out}
                        </button>
                    </div>
                </Show>
            </header>
            <main id="pt-main" class="pt-main" tabindex="-1">
                {children()}
            </main>
            <LiveRegion/>
        </div>
    }
}
