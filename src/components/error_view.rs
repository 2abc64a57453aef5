//! An error shown where it happened, announced to screen readers.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_strings;

/// Shows `error` as an alert, with a "Try again" button when `on_retry` is given.
#[component]
pub fn ErrorView(
    /// The failure to show.
    error: ApiError,
    /// What "Try again" does; no button when absent.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let t = use_strings();
    view! {
        <div class="pt-error" role="alert" data-code=error.code().as_str()>
            <p class="pt-error__message">{error.message(t)}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="pt-button pt-button--secondary" on:click=move |_| retry.run(())>
                    {t.try_again}
                </button>
            })}
        </div>
    }
}
