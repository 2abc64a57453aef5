//! The one polite live region: what screen readers hear about changes.

use leptos::prelude::*;

/// Announces messages through the app's live region.
#[derive(Clone, Copy)]
pub struct Announcer {
    message: RwSignal<String>,
}

impl Announcer {
    /// Says `text` to screen-reader users (politely, after what they hear now).
    pub fn announce(&self, text: impl Into<String>) {
        let text = text.into();
        // Clear first so the same message twice is announced twice.
        self.message.set(String::new());
        let message = self.message;
        request_animation_frame(move || message.set(text));
    }
}

/// Creates the announcer context (the region itself is rendered by `Layout`).
pub fn provide_announcer() {
    provide_context(Announcer {
        message: RwSignal::new(String::new()),
    });
}

/// The app's announcer.
pub fn use_announcer() -> Announcer {
    expect_context::<Announcer>()
}

/// The live region, present from the first render so announcements are heard.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let announcer = use_announcer();
    view! {
        <div class="pt-sr-only" role="status" aria-live="polite" aria-atomic="true">
            {move || announcer.message.get()}
        </div>
    }
}
