//! `<App/>`: providers, layout and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api::{provide_api, Api};
use crate::components::announcer::provide_announcer;
use crate::components::layout::Layout;
use crate::config::{provide_config, PortalSettings};
use crate::i18n;
use crate::lazy_routes::{
    DepositRoute, InvitationRoute, PayLinkRoute, PayRoute, PaymentMethodsRoute, PortalSessionRoute,
    SetPasswordRoute, SubAccountsRoute,
};
use crate::pages::{
    home::HomePage, invoice_detail::InvoiceDetailPage, invoices::InvoicesPage, login::LoginPage,
    not_found::NotFound,
};
use crate::session::provide_session;

/// The whole portal. `settings` come from the mount element (see `config`).
#[component]
pub fn App(
    /// Where the API lives, the routing base path, gateway and locale.
    settings: PortalSettings,
) -> impl IntoView {
    let locale = settings.locale.clone().unwrap_or_else(browser_locale);
    let strings = i18n::strings_for(&locale);
    provide_context(strings);
    provide_context(settings.clone());
    let api = Api::new(settings.api_base.clone());
    provide_api(api);
    provide_config(api, &settings);
    provide_session(api);
    provide_announcer();

    view! {
        <Router base=settings.base_path.clone()>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/invoices") view=InvoicesPage/>
                    <Route path=path!("/invoices/:id") view=InvoiceDetailPage/>
                    <Route path=path!("/login") view=LoginPage/>
                    // Fetched on first visit (their own wasm chunks in the release bundle).
                    <Route path=path!("/invoices/:id/pay") view={Lazy::<PayRoute>::new()}/>
                    <Route path=path!("/payment-methods") view={Lazy::<PaymentMethodsRoute>::new()}/>
                    <Route path=path!("/deposit") view={Lazy::<DepositRoute>::new()}/>
                    <Route path=path!("/pay/:token") view={Lazy::<PayLinkRoute>::new()}/>
                    <Route path=path!("/invitation") view={Lazy::<InvitationRoute>::new()}/>
                    <Route path=path!("/accept-invitation") view={Lazy::<SetPasswordRoute>::new()}/>
                    <Route path=path!("/forgot-password") view={Lazy::<InvitationRoute>::new()}/>
                    <Route path=path!("/reset-password") view={Lazy::<SetPasswordRoute>::new()}/>
                    <Route path=path!("/sub-accounts") view={Lazy::<SubAccountsRoute>::new()}/>
                    <Route path=path!("/portal-session") view={Lazy::<PortalSessionRoute>::new()}/>
                </Routes>
            </Layout>
        </Router>
    }
}

fn browser_locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".to_string())
}
