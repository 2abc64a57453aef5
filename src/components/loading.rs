//! The pages' one loading scaffold: "Loading…" until the data is there (the
//! last content stays while it reloads), then the content, or the error
//! with Try again.

use std::sync::Arc;

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
    let children = StoredValue::new(children);
    let on_retry = on_retry.unwrap_or_else(|| Callback::new(move |()| resource.refetch()));
    // Only this closure depends on `T`, `V` and `F`: the scaffold around it
    // (`Transition`, the loading line, the error) is built once for every use.
    let load = move || {
        Suspend::new(async move {
            match resource.await {
                Ok(value) => children.with_value(|f| f(value)).into_any(),
                Err(error) => load_error(error, no_retry, on_retry, error_heading),
            }
        })
    };
    scaffold(Arc::new(load), short)
}

/// [`Loaded`]'s part that does not depend on what is loaded: one copy in
/// the wasm however many kinds of data the pages load.
fn scaffold(load: Arc<dyn Fn() -> Suspend<AnyView> + Send + Sync>, short: bool) -> impl IntoView {
    let t = use_strings();
    let class = if short {
        "pt-loading pt-loading--short"
    } else {
        "pt-loading"
    };
    view! {
        <Transition fallback=move || view! { <p class=class aria-busy="true">{t.loading}</p> }>
            {move || load()}
        </Transition>
    }
}

/// The error a [`Loaded`] shows: its heading, if any, and the error, with
/// Try again unless `no_retry`.
fn load_error(
    error: ApiError,
    no_retry: bool,
    on_retry: Callback<()>,
    error_heading: Option<&'static str>,
) -> AnyView {
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
