//! Log in with email and password.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::LoginRequest;

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::components::text_field::TextField;
use crate::i18n::use_strings;
use crate::session::use_session;

/// The login page. After logging in, goes to `?next=` (a path of this app) or home.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let session = use_session();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let query = use_query_map();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<&'static str>);
    let password_error = RwSignal::new(None::<&'static str>);

    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move { api.login(&request).await }
    });

    Effect::new(move |_| match login.value().get() {
        Some(Ok(granted)) => {
            session.signed_in(&api, granted);
            // Never back to the login page itself: a page behind the login can
            // ask for `?next=/login` while the app is leaving it after a log-out.
            let next = query
                .with_untracked(|q| q.get("next"))
                .filter(|n| is_local_path(n) && n != "/login" && !n.starts_with("/login?"));
            navigate(next.as_deref().unwrap_or("/"), Default::default());
        }
        Some(Err(err)) => announcer.announce(err.message(t)),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = email.get_untracked().trim().to_string();
        let p = password.get_untracked();
        email_error.set(e.is_empty().then_some(t.email_required));
        password_error.set(p.is_empty().then_some(t.password_required));
        if e.is_empty() || p.is_empty() {
            announcer.announce(if e.is_empty() {
                t.email_required
            } else {
                t.password_required
            });
            focus_first_invalid();
            return;
        }
        login.dispatch(LoginRequest {
            email: e,
            password: p,
        });
    };

    let error = move || login.value().get().and_then(Result::err);

    view! {
        <section class="pt-card pt-login" aria-labelledby="pt-login-heading">
            <h1 id="pt-login-heading">{t.log_in_heading}</h1>
            <form class="pt-form" on:submit=submit novalidate>
                {move || error().map(|err: ApiError| view! { <ErrorView error=err/> })}
                <TextField id="pt-login-email" label=t.email value=email error=email_error kind="email" name="email" autocomplete="username"/>
                <TextField id="pt-login-password" label=t.password value=password error=password_error kind="password" name="password" autocomplete="current-password"/>
                <button type="submit" class="pt-button pt-button--primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { t.logging_in } else { t.log_in }}
                </button>
            </form>
            <p class="pt-account__alt">{t.no_password_yet} " " <A href="/invitation">{t.request_invitation}</A></p>
            <p class="pt-account__alt">{t.forgot_password} " " <A href="/forgot-password">{t.reset_password}</A></p>
        </section>
    }
}

/// Only paths inside this app are followed after login (no open redirect).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains("://")
        && !path.contains('\\')
}

fn focus_first_invalid() {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .query_selector(".pt-login [aria-invalid=\"true\"]")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
