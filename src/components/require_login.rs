//! Pages behind the login: wait for the session check, send strangers to log in.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::i18n::use_strings;
use crate::session::use_session;

/// Renders `children` for a logged-in customer; otherwise goes to the login
/// page, remembering where to come back to.
#[component]
pub fn RequireLogin(
    /// The protected content.
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_strings();
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if session.known() && session.customer().is_none() {
            // Paths inside the app are relative to the router's base path.
            let base = use_context::<crate::config::PortalSettings>()
                .map(|s| s.base_path)
                .unwrap_or_default();
            let path = location.pathname.get_untracked();
            let path = path
                .strip_prefix(base.as_str())
                .filter(|p| p.is_empty() || p.starts_with('/'))
                .unwrap_or(&path);
            let path = if path.is_empty() { "/" } else { path };
            let here = format!("{path}{}", location.search.get_untracked());
            let next = js_sys::encode_uri_component(&here);
            navigate(&format!("/login?next={next}"), Default::default());
        }
    });
    view! {
        <Show
            when=move || session.customer().is_some()
            // Nothing until the server has said who is logged in: the header's
            // navigation appears at that moment, and anything already below
            // it would be pushed down (a layout shift).
            fallback=move || session.known().then(|| view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> })
        >
            {children()}
        </Show>
    }
}
