//! Request an invitation (`/invitation`) or reset a forgotten password
//! (`/forgot-password`): ask for a link to set a password, sent to an email
//! the business has on file. The server answers the same for every email
//! (no account enumeration), so this page always shows the same neutral
//! confirmation.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use portal_api::{ErrorCode, InvitationRequest, PasswordResetRequest};

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::components::focus::focus_soon;
use crate::components::text_field::TextField;
use crate::i18n::{use_strings, Strings};

/// Which emailed link a page asks for or uses, as its path says: an
/// invitation (`/invitation`, `/accept-invitation`) sets a first password, a
/// reset (`/forgot-password`, `/reset-password`) a new one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkKind {
    /// A first password.
    Invitation,
    /// A forgotten password.
    Reset,
}

impl LinkKind {
    /// The kind of the page being shown.
    pub(crate) fn current() -> Self {
        if use_location()
            .pathname
            .get_untracked()
            .ends_with("-password")
        {
            Self::Reset
        } else {
            Self::Invitation
        }
    }

    /// `invitation` for an invitation, `reset` for a reset.
    pub(crate) fn pick<T>(self, invitation: T, reset: T) -> T {
        match self {
            Self::Invitation => invitation,
            Self::Reset => reset,
        }
    }
}

/// The "Request an invitation" and "Reset your password" page.
#[component]
pub fn RequestInvitationPage() -> impl IntoView {
    let kind = LinkKind::current();
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();

    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<&'static str>);
    let sent = RwSignal::new(false);

    let request = Action::new_local(move |email: &String| {
        let email = email.clone();
        async move {
            match kind {
                LinkKind::Invitation => api.request_invitation(&InvitationRequest { email }).await,
                LinkKind::Reset => {
                    api.request_password_reset(&PasswordResetRequest { email })
                        .await
                }
            }
        }
    });

    Effect::new(move |_| match request.value().get() {
        Some(Ok(_)) => {
            sent.set(true);
            announcer.announce(kind.pick(t.invitation_sent, t.reset_sent));
            focus_soon("pt-invitation-sent-heading");
        }
        Some(Err(err)) if err.code() == ErrorCode::InvalidField => {
            email_error.set(Some(t.email_invalid));
            announcer.announce(t.email_invalid);
            focus_soon("pt-invitation-email");
        }
        Some(Err(err)) => announcer.announce(localized(t, err).to_string()),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = email.get_untracked().trim().to_string();
        let problem = email_problem(t, &e);
        email_error.set(problem);
        if let Some(message) = problem {
            announcer.announce(message);
            focus_soon("pt-invitation-email");
            return;
        }
        request.dispatch(e);
    };

    // Errors that are not about the email field: shown above the form.
    let form_error = move || {
        request
            .value()
            .get()
            .and_then(Result::err)
            .filter(|err| err.code() != ErrorCode::InvalidField)
            .map(|err| localized(t, err))
    };

    view! {
        <section class="pt-card pt-account" aria-labelledby="pt-invitation-heading">
            <h1 id="pt-invitation-heading">{kind.pick(t.request_invitation, t.reset_password)}</h1>
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <p>{kind.pick(t.invitation_intro, t.reset_intro)}</p>
                    <form class="pt-form" on:submit=submit novalidate>
                        {move || form_error().map(|err| view! { <ErrorView error=err/> })}
                        <TextField id="pt-invitation-email" label=t.email value=email error=email_error kind="email" name="email" autocomplete="email" inputmode="email"/>
                        <button type="submit" class="pt-button pt-button--primary" disabled=move || request.pending().get()>
                            {t.submit}
                        </button>
                    </form>
                }
            >
                <div class="pt-notice">
                    <h2 id="pt-invitation-sent-heading" tabindex="-1">{t.invitation_sent_heading}</h2>
                    <p>{kind.pick(t.invitation_sent, t.reset_sent)}</p>
                </div>
            </Show>
            <p class="pt-account__alt"><A href="/login">{t.back_to_log_in}</A></p>
        </section>
    }
}

/// What is wrong with the typed email, checked before asking the server.
fn email_problem(t: &'static Strings, email: &str) -> Option<&'static str> {
    if email.is_empty() {
        Some(t.email_required)
    } else if email.len() > 254
        || !email.contains('@')
        || email.starts_with('@')
        || email.ends_with('@')
    {
        Some(t.email_invalid)
    } else {
        None
    }
}

/// The server's error in the page's language where the code is known.
pub(crate) fn localized(t: &'static Strings, err: ApiError) -> ApiError {
    match err {
        ApiError::Http { status, code, .. } if code == ErrorCode::RateLimited => ApiError::Http {
            status,
            code,
            message: t.too_many_requests.to_string(),
        },
        other => other,
    }
}
