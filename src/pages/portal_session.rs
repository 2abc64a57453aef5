//! Signing in from the business's own site (`/portal-session#<token>`): the
//! business's backend mints a portal session (`POST /v1/portal-sessions`)
//! and sends the customer here. The page takes the token from the URL's
//! fragment (which never reaches a server or a `Referer`), drops it from the
//! address bar and the history, trades it once for a session, and goes
//! home. A used or expired link says so and offers the log-in page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use portal_api::{ErrorCode, RedeemPortalSession};

use crate::api::use_api;
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::components::focus::focus_soon;
use crate::i18n::use_strings;
use crate::pages::invitation::localized;
use crate::session::use_session;

/// The token after `#`, removed from the address bar and the history.
fn take_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let token = hash.trim_start_matches('#').trim().to_string();
    if let (Ok(history), Ok(path)) = (window.history(), location.pathname()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    (!token.is_empty() && token.len() <= 128).then_some(token)
}

/// The "Signing you in" page.
#[component]
pub fn PortalSessionPage() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let session = use_session();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let token = take_token();
    let dead = RwSignal::new(token.is_none());

    let redeem = Action::new_local(move |token: &String| {
        let token = token.clone();
        async move {
            api.redeem_portal_session(&RedeemPortalSession { token })
                .await
        }
    });
    if let Some(token) = token {
        redeem.dispatch(token);
    }

    Effect::new(move |_| match redeem.value().get() {
        Some(Ok(granted)) => {
            session.signed_in(&api, granted);
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        Some(Err(err)) if err.code() == ErrorCode::InvalidLink => {
            dead.set(true);
            announcer.announce(t.portal_session_dead);
            focus_soon("pt-portal-session-dead");
        }
        Some(Err(err)) => announcer.announce(localized(t, err).to_string()),
        None => {}
    });
    let other_error = move || {
        redeem
            .value()
            .get()
            .and_then(Result::err)
            .filter(|err| err.code() != ErrorCode::InvalidLink)
            .map(|err| localized(t, err))
    };

    view! {
        <section class="pt-card pt-account" aria-labelledby="pt-portal-session-heading" aria-busy=move || redeem.pending().get().to_string()>
            <h1 id="pt-portal-session-heading">{t.portal_session_heading}</h1>
            <Show when=move || dead.get()>
                <div id="pt-portal-session-dead" class="pt-error" role="alert" data-code="invalid_link" tabindex="-1">
                    <p class="pt-error__message">{t.portal_session_dead}</p>
                </div>
            </Show>
            {move || other_error().map(|err| view! { <ErrorView error=err/> })}
            <p class="pt-account__alt"><A href="/login">{t.back_to_log_in}</A></p>
        </section>
    }
}
