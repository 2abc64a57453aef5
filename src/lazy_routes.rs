//! The pages a first visit does not need, each fetched on demand.
//!
//! With the `split` feature (the release bundle `cargo xtask build` makes),
//! each page below is its own wasm chunk: `leptos::lazy` marks the function
//! that builds it as a split point, and the build splits the wasm there
//! (`xtask/src/build/split.rs`). The first load then carries only log-in,
//! home and invoices; these pages arrive on the first visit to them, or
//! earlier through [`prefetch_likely`]. Without the feature (native and
//! browser unit tests, debug builds) the same routes are built in.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// Declares a route type whose view is `$page`, built by `$build` (a split
/// point with the `split` feature, which also generates `__preload_$build`,
/// the loader [`prefetch_likely`] calls).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $build:ident, $page:path) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $build().await
            }
        }

        #[cfg_attr(feature = "split", leptos::lazy)]
        async fn $build() -> AnyView {
            $page().into_any()
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
    /// `/invitation`.
    InvitationRoute, invitation_page, crate::pages::invitation::RequestInvitationPage
);
lazy_page!(
    /// `/accept-invitation`.
    SetPasswordRoute, set_password_page, crate::pages::set_password::SetPasswordPage
);
lazy_page!(
    /// `/sub-accounts`.
    SubAccountsRoute, sub_accounts_page, crate::pages::sub_accounts::SubAccountsPage
);

/// Starts fetching the chunks of the pages a logged-in customer is likely
/// to open next (pay, saved cards, deposit), so that opening them does not
/// wait on the network. Does nothing without the `split` feature (the pages
/// are built in).
pub fn prefetch_likely() {
    #[cfg(feature = "split")]
    {
        leptos::task::spawn_local(__preload_pay_page());
        leptos::task::spawn_local(__preload_payment_methods_page());
        leptos::task::spawn_local(__preload_deposit_page());
    }
}
