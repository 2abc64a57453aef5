//! The pages' one loading scaffold: "Loading…" until the data is there (the
//! last content stays while it reloads), then the content, or the error
//! with Try again.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::i18n::use_strings;

/// Shows what `resource` loaded through `children`, a loading line until
/// then, and its error (announced, with Try again) when loading failed.
#[component]
pub fn Loaded<T, V, F>(
    /// What is loaded.
    resource: LocalResource<Result<T, ApiError>>,
    /// The view of the loaded value.
    children: F,
    /// What Try again does; loads `resource` again when absent.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
    /// No Try again button (when trying again cannot help).
    #[prop(optional)]
    no_retry: bool,
    /// A heading shown above the error (the page's own heading needs the data).
    #[prop(optional)]
    error_heading: Option<&'static str>,
    /// A short loading line, for a section below a page's main content.
    #[prop(optional)]
    short: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let t = use_strings();
    let children = StoredValue::new(children);
    let on_retry = on_retry.unwrap_or_else(|| Callback::new(move |()| resource.refetch()));
    let class = if short {
        "pt-loading pt-loading--short"
    } else {
        "pt-loading"
    };
    view! {
        <Transition fallback=move || view! { <p class=class aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(value) => children.with_value(|f| f(value)).into_any(),
                    Err(error) => {
                        let error = if no_retry {
                            view! { <ErrorView error=error/> }.into_any()
                        } else {
                            view! { <ErrorView error=error on_retry=on_retry/> }.into_any()
                        };
                        view! {
                            {error_heading.map(|h| view! { <h1>{h}</h1> })}
                            {error}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}
