//! Set password (`/accept-invitation?token=…`) and choose a new password
//! (`/reset-password?token=…`): the pages the invitation and password-reset
//! emails' links open. The customer chooses a password, the server checks
//! the link (24 hours or one hour, single use), ends every other session and
//! logs them in, and the portal goes home.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_api::{AcceptInvitationRequest, AcceptPasswordResetRequest, ErrorCode};

use crate::api::use_api;
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::components::focus::focus_soon;
use crate::components::text_field::TextField;
use crate::i18n::{use_strings, Strings};
use crate::pages::invitation::{localized, LinkKind};
use crate::session::use_session;

/// Fewest characters the server accepts in a password.
const MIN_PASSWORD: usize = 10;
/// Most characters the server accepts in a password.
const MAX_PASSWORD: usize = 200;

/// The "Set your password" page.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let kind = LinkKind::current();
    let t = use_strings();
    let api = use_api();
    let session = use_session();
    let announcer = use_announcer();
    let navigate = use_navigate();
    let query = use_query_map();

    let token = Memo::new(move |_| {
        query
            .with(|q| q.get("token"))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() <= 128)
    });
    // The server said the link is expired or used.
    let link_dead = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<&'static str>);
    let confirm_error = RwSignal::new(None::<&'static str>);

    let accept = Action::new_local(move |(token, password): &(String, String)| {
        let (token, password) = (token.clone(), password.clone());
        async move {
            match kind {
                LinkKind::Invitation => {
                    api.accept_invitation(&AcceptInvitationRequest { token, password })
                        .await
                }
                LinkKind::Reset => {
                    api.accept_password_reset(&AcceptPasswordResetRequest { token, password })
                        .await
                }
            }
        }
    });

    Effect::new(move |_| match accept.value().get() {
        Some(Ok(granted)) => {
            session.signed_in(&api, granted);
            announcer.announce(t.password_set);
            // Replace: the used link should not stay in the history.
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        Some(Err(err)) if err.code() == ErrorCode::InvalidLink => {
            link_dead.set(true);
            announcer.announce(t.link_invalid);
            focus_soon("pt-set-password-dead");
        }
        Some(Err(err)) if err.code() == ErrorCode::WeakPassword => {
            password_error.set(Some(t.password_weak));
            announcer.announce(t.password_weak);
            focus_soon("pt-set-password-new");
        }
        Some(Err(err)) => announcer.announce(localized(t, err).to_string()),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = token.get_untracked() else {
            link_dead.set(true);
            return;
        };
        let p = password.get_untracked();
        let c = confirm.get_untracked();
        let p_problem = password_problem(t, &p);
        let c_problem = if c.is_empty() {
            Some(t.confirm_required)
        } else if p_problem.is_none() && c != p {
            Some(t.passwords_mismatch)
        } else {
            None
        };
        password_error.set(p_problem);
        confirm_error.set(c_problem);
        if let Some(first) = p_problem.or(c_problem) {
            announcer.announce(first);
            focus_soon(if p_problem.is_some() {
                "pt-set-password-new"
            } else {
                "pt-set-password-confirm"
            });
            return;
        }
        accept.dispatch((token, p));
    };

    // Errors that belong to no field (rate limits, network): above the form.
    let form_error = move || {
        accept
            .value()
            .get()
            .and_then(Result::err)
            .filter(|err| {
                err.code() != ErrorCode::InvalidLink && err.code() != ErrorCode::WeakPassword
            })
            .map(|err| localized(t, err))
    };
    let dead = move || link_dead.get() || token.get().is_none();

    view! {
        <section class="pt-card pt-account" aria-labelledby="pt-set-password-heading">
            <h1 id="pt-set-password-heading">{kind.pick(t.set_password_heading, t.new_password_heading)}</h1>
            <Show
                when=move || !dead()
                fallback=move || view! {
                    <div id="pt-set-password-dead" class="pt-error" role="alert" data-code="invalid_link" tabindex="-1">
                        <p class="pt-error__message">{t.link_invalid}</p>
                    </div>
                    <p class="pt-account__alt">
                        <A href=kind.pick("/invitation", "/forgot-password") attr:class="pt-button pt-button--primary">{t.request_new_link}</A>
                    </p>
                }
            >
                <p>{t.set_password_intro}</p>
                <form class="pt-form" on:submit=submit novalidate>
                    {move || form_error().map(|err| view! { <ErrorView error=err/> })}
                    <TextField id="pt-set-password-new" label=t.new_password value=password error=password_error kind="password" name="new-password"
                        autocomplete="new-password" hint=t.password_hint minlength=MIN_PASSWORD/>
                    <TextField id="pt-set-password-confirm" label=t.confirm_password value=confirm error=confirm_error kind="password" name="confirm-password"
                        autocomplete="new-password"/>
                    <button type="submit" class="pt-button pt-button--primary" disabled=move || accept.pending().get()>
                        {t.submit}
                    </button>
                </form>
            </Show>
            <p class="pt-account__alt"><A href="/login">{t.back_to_log_in}</A></p>
        </section>
    }
}

/// What is wrong with a new password, by the server's rules (checked here
/// first so the customer hears it at once, in their language).
fn password_problem(t: &'static Strings, password: &str) -> Option<&'static str> {
    let len = password.chars().count();
    if len < MIN_PASSWORD {
        Some(t.password_too_short)
    } else if len > MAX_PASSWORD {
        Some(t.password_too_long)
    } else if password.chars().any(char::is_control) {
        Some(t.password_weak)
    } else {
        None
    }
}
