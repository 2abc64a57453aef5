//! The pages a first visit does not need, each fetched on demand.
//!
//! With the `split` feature (the release bundle `cargo xtask build` makes),
//! the function that builds each page below is a split point: the build cuts
//! the wasm there (`xtask/src/build/split.rs`), so the first load carries
//! only log-in, home and invoices, and each of these pages arrives on the
//! first visit to it, or earlier through [`prefetch_likely`]. A page whose
//! wasm cannot be fetched (a dropped connection) shows [`PageNotLoaded`]
//! with a way to try again, instead of taking the app down. Without the
//! feature (native and browser unit tests) the same routes are built in.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::i18n::use_strings;

/// A split-off page's wasm could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct PageLoadError;

impl From<leptos::wasm_split::SplitLoaderError> for PageLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadError
    }
}

/// Declares a route type whose view is `$page`, built by `$build`: with the
/// `split` feature a split point in its own wasm module (the macro also
/// generates `__wasm_split_preload_$build`, which [`prefetch_likely`] calls).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $build:ident, $page:path) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                match $build().await {
                    Ok(page) => page,
                    Err(PageLoadError) => PageNotLoaded().into_any(),
                }
            }
        }

        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($build, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $build() -> Result<AnyView, PageLoadError> {
            Ok($page().into_any())
        }

        #[cfg(not(feature = "split"))]
        async fn $build() -> Result<AnyView, PageLoadError> {
            Ok($page().into_any())
        }
    };
}

lazy_page!(
    /// `/invoices/:id/pay`.
    PayRoute, pay_page, crate::pages::pay::PayPage
);
lazy_page!(
    /// `/payment-methods`.
    PaymentMethodsRoute, payment_methods_page, crate::pages::payment_methods::PaymentMethodsPage
);
lazy_page!(
    /// `/deposit`.
    DepositRoute, deposit_page, crate::pages::deposit::DepositPage
);
lazy_page!(
    /// `/pay/:token` (payment link, no login).
    PayLinkRoute, pay_link_page, crate::pages::pay_link::PayLinkPage
);
lazy_page!(
    /// `/invitation` and `/forgot-password`.
    InvitationRoute, invitation_page, crate::pages::invitation::RequestInvitationPage
);
lazy_page!(
    /// `/accept-invitation` and `/reset-password`.
    SetPasswordRoute, set_password_page, crate::pages::set_password::SetPasswordPage
);
lazy_page!(
    /// `/portal-session#<token>` (single sign-on from the business's site).
    PortalSessionRoute, portal_session_page, crate::pages::portal_session::PortalSessionPage
);
lazy_page!(
    /// `/sub-accounts`.
    SubAccountsRoute, sub_accounts_page, crate::pages::sub_accounts::SubAccountsPage
);

/// Starts fetching the pages a logged-in customer is likely to open next
/// (pay, saved cards, deposit), so that opening them does not wait on the
/// network. A failed fetch is not remembered: opening the page tries again.
/// Does nothing without the `split` feature (the pages are built in).
pub fn prefetch_likely() {
    #[cfg(feature = "split")]
    {
        leptos::task::spawn_local(async {
            let _ = __wasm_split_preload_pay_page().await;
        });
        leptos::task::spawn_local(async {
            let _ = __wasm_split_preload_payment_methods_page().await;
        });
        leptos::task::spawn_local(async {
            let _ = __wasm_split_preload_deposit_page().await;
        });
    }
}

/// "This page could not be loaded", with a button that loads it again.
#[component]
pub fn PageNotLoaded() -> impl IntoView {
    let t = use_strings();
    let reload = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="pt-card" role="alert">
            <h1>{t.page_not_loaded}</h1>
            <p>{t.check_connection}</p>
            <button type="button" class="pt-button" on:click=reload>{t.try_again}</button>
        </section>
    }
}
