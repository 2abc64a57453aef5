//! `CardEntry`: hosts the isolated card-entry frame (served by the gateway's
//! origin) and speaks its postMessage protocol (docs/card-frame-protocol.md).
//! Props go in; the only thing that comes out is the token result through
//! `on_token`. Nothing in the portal can read the card fields: they live in
//! another origin's document.

use leptos::html::Iframe;
use leptos::prelude::*;
use portal_frame_protocol::{Configure, Field, FrameMessage, HostMessage, Theme, THEME_PROPERTIES};
use wasm_bindgen::JsValue;

/// What the frame reports while the customer types (no digits, ever).
pub use portal_frame_protocol::Change as CardChange;
/// The result of tokenization: a single-use token and what may be shown.
pub use portal_frame_protocol::Tokenized as CardToken;

/// Tokenization did not happen: a stable code and words for the customer.
#[derive(Clone, Debug, PartialEq)]
pub struct CardEntryError {
    pub code: String,
    pub message: String,
}

/// Lets the parent ask the frame to tokenize or clear. Create it with
/// [`CardEntryHandle::new`] and pass it to `<CardEntry handle=…/>`.
#[derive(Clone, Copy)]
pub struct CardEntryHandle {
    frame: NodeRef<Iframe>,
    origin: StoredValue<String>,
}

impl Default for CardEntryHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl CardEntryHandle {
    /// A handle not yet attached to a frame.
    pub fn new() -> Self {
        Self {
            frame: NodeRef::new(),
            origin: StoredValue::new(String::new()),
        }
    }

    fn send(&self, message: &HostMessage) {
        let origin = self.origin.get_value();
        if origin.is_empty() {
            return;
        }
        if let Some(window) = self.frame.get_untracked().and_then(|f| f.content_window()) {
            let _ = window.post_message(&message.to_js(), &origin);
        }
    }

    /// Asks the frame to validate and tokenize; the answer comes through
    /// `on_token` or `on_error`.
    pub fn tokenize(&self) {
        self.send(&HostMessage::Tokenize);
    }

    /// Empties the frame's fields.
    pub fn clear(&self) {
        self.send(&HostMessage::Clear);
    }

    /// Moves focus into the frame's card number field.
    pub fn focus(&self) {
        self.send(&HostMessage::Focus(Field::Number));
    }
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && matches!(scheme, "http" | "https")).then(|| format!("{scheme}://{host}"))
}

/// The card-entry frame.
#[component]
pub fn CardEntry(
    /// The gateway's base URL (its origin serves the frame).
    #[prop(into)]
    gateway_url: Signal<String>,
    /// The merchant's publishable key.
    #[prop(into)]
    publishable_key: Signal<String>,
    /// The handle the parent uses to tokenize or clear.
    handle: CardEntryHandle,
    /// Called with each change report (brand, completeness, error codes).
    #[prop(optional)]
    on_change: Option<Callback<CardChange>>,
    /// Called once with the token after a successful tokenization.
    on_token: Callback<CardToken>,
    /// Called when tokenization is refused (invalid card, gateway error).
    #[prop(optional)]
    on_error: Option<Callback<CardEntryError>>,
) -> impl IntoView {
    let locale_tag = crate::i18n::use_strings().tag;
    let height = RwSignal::new(196_u32);
    let gateway_origin = Memo::new(move |_| origin_of(&gateway_url.get()).unwrap_or_default());
    Effect::new(move |_| handle.origin.set_value(gateway_origin.get()));
    let src = move || {
        let own = window().location().origin().unwrap_or_default();
        format!(
            "{}/elements/card/?key={}&origin={}",
            gateway_url.get().trim_end_matches('/'),
            js_sys::encode_uri_component(&publishable_key.get()),
            js_sys::encode_uri_component(&own)
        )
    };

    let listener =
        window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
            // Only the gateway's frame, and only this instance of it.
            if event.origin() != gateway_origin.get_untracked()
                || gateway_origin.get_untracked().is_empty()
            {
                return;
            }
            let from_our_frame = match (
                event.source(),
                handle
                    .frame
                    .get_untracked()
                    .and_then(|f| f.content_window()),
            ) {
                (Some(source), Some(ours)) => JsValue::from(source) == JsValue::from(ours),
                _ => false,
            };
            if !from_our_frame {
                return;
            }
            // A message of a bad shape is ignored (C3).
            let Ok(message) = FrameMessage::from_js(&event.data()) else {
                return;
            };
            match message {
                FrameMessage::Ready => configure(handle, locale_tag),
                FrameMessage::Resize { height: h } => {
                    // Sanity bounds: a broken frame must not collapse or
                    // stretch the page.
                    if (1..2000).contains(&h) {
                        height.set(h);
                    }
                }
                FrameMessage::Change(change) => {
                    if let Some(cb) = on_change {
                        cb.run(change);
                    }
                }
                FrameMessage::Tokenized(token) => on_token.run(token),
                FrameMessage::Error { code, message } => {
                    if let Some(cb) = on_error {
                        cb.run(CardEntryError { code, message });
                    }
                }
            }
        });
    on_cleanup(move || listener.remove());

    view! {
        <div class="pt-card-entry">
            <iframe
                node_ref=handle.frame
                class="pt-card-entry__frame"
                title="Secure card entry"
                src=src
                height=move || height.get().to_string()
                referrerpolicy="origin"
                allow="payment"
            ></iframe>
        </div>
    }
}

/// Sends the portal's look (its custom properties, as computed for the
/// iframe) and language to the frame.
fn configure(handle: CardEntryHandle, locale_tag: &str) {
    let mut theme = Theme::new();
    if let Some(frame) = handle.frame.get_untracked() {
        if let Ok(Some(style)) = window().get_computed_style(&frame) {
            for property in THEME_PROPERTIES {
                if let Ok(value) = style.get_property_value(property) {
                    theme.set(property, value.trim());
                }
            }
        }
    }
    handle.send(&HostMessage::Configure(Configure {
        theme,
        locale: Some(locale_tag.to_owned()),
        allowed_brands: None,
    }));
}
