//! Request an invitation (`/invitation`): ask for a link to set a password,
//! sent to an email the business has on file. The server answers the same
//! for every email (no account enumeration), so this page always shows the
//! same neutral confirmation.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::{ErrorCode, InvitationRequest};

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::error_view::ErrorView;
use crate::components::focus::focus_soon;
use crate::components::text_field::TextField;
use crate::i18n::{use_strings, Strings};

/// The "Request an invitation" page.
#[component]
pub fn RequestInvitationPage() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();

    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<&'static str>);
    let sent = RwSignal::new(false);

    let request = Action::new_local(move |request: &InvitationRequest| {
        let request = request.clone();
        async move { api.request_invitation(&request).await }
    });

    Effect::new(move |_| match request.value().get() {
        Some(Ok(_)) => {
            sent.set(true);
            announcer.announce(t.invitation_sent);
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
        request.dispatch(InvitationRequest { email: e });
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
            <h1 id="pt-invitation-heading">{t.request_invitation}</h1>
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <p>{t.invitation_intro}</p>
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
                    <p>{t.invitation_sent}</p>
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
