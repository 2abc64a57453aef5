//! The customer payment portal: a Leptos single-page app compiled to
//! WebAssembly. Customers log in, see their invoices and balance, pay by card
//! and manage saved cards. `main.rs` only mounts; the app lives here so the
//! browser tests in `tests/` can mount its parts.
//!
//! Build with `cargo xtask build` (trunk builds the page and styles; xtask
//! builds the wasm and splits it by route, which trunk cannot), work on it
//! with `cargo xtask dev`, test with `cargo xtask test`.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod i18n;
pub mod lazy_routes;
pub mod pages;
pub mod session;

use wasm_bindgen::JsCast;

/// The id of the element the portal mounts into when the host page gives none.
pub const MOUNT_ID: &str = "portal";

/// Mounts the portal into `#portal` (or the first `[data-portal]` element),
/// reading its configuration from that element's `data-*` attributes.
pub fn mount() {
    let document = leptos::prelude::document();
    let target = document
        .get_element_by_id(MOUNT_ID)
        .or_else(|| document.query_selector("[data-portal]").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(target) = target else {
        web_sys::console::error_1(
            &"portal: no element with id=\"portal\" or [data-portal] to mount into".into(),
        );
        return;
    };
    let config = config::PortalSettings::from_element(&target);
    leptos::mount::mount_to(
        target,
        move || leptos::view! { <app::App settings=config.clone()/> },
    )
    .forget();
}
