//! `CardEntry`: hosts the isolated card-entry frame (served by the gateway's
//! origin) and speaks its postMessage protocol (docs/card-frame-protocol.md).
//! Props go in; the only thing that comes out is the token result through
//! `on_token`. Nothing in the portal can read the card fields: they live in
//! another origin's document.

use js_sys::{Object, Reflect};
use leptos::html::Iframe;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// What the frame reports while the customer types (no digits, ever).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardChange {
    /// Detected brand id (`visa`, `amex`, …), if known.
    pub brand: Option<String>,
    /// No field has anything typed.
    pub empty: bool,
    /// Every field is valid: tokenization can start.
    pub complete: bool,
    /// Per-field error codes shown to the customer (`number` → `invalid_number`).
    pub errors: Vec<(String, String)>,
}

/// The result of tokenization: a single-use token and what may be shown.
#[derive(Clone, Debug, PartialEq)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub name: String,
}

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

    fn send(&self, message: &Object) {
        let origin = self.origin.get_value();
        if origin.is_empty() {
            return;
        }
        if let Some(window) = self.frame.get_untracked().and_then(|f| f.content_window()) {
            let _ = window.post_message(message, &origin);
        }
    }

    /// Asks the frame to validate and tokenize; the answer comes through
    /// `on_token` or `on_error`.
    pub fn tokenize(&self) {
        self.send(&message("tokenize"));
    }

    /// Empties the frame's fields.
    pub fn clear(&self) {
        self.send(&message("clear"));
    }

    /// Moves focus into the frame's card number field.
    pub fn focus(&self) {
        let m = message("focus");
        let _ = Reflect::set(&m, &"field".into(), &"number".into());
        self.send(&m);
    }
}

fn message(kind: &str) -> Object {
    let m = Object::new();
    let _ = Reflect::set(&m, &"type".into(), &kind.into());
    let _ = Reflect::set(&m, &"v".into(), &1.into());
    m
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && matches!(scheme, "http" | "https")).then(|| format!("{scheme}://{host}"))
}

/// The theme properties passed to the frame (the frame allowlists them too).
const THEME: [&str; 8] = [
    "--pt-color-text",
    "--pt-color-muted",
    "--pt-color-border",
    "--pt-color-focus",
    "--pt-color-danger",
    "--pt-color-surface",
    "--pt-font-family",
    "--pt-radius",
];

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
    let height = RwSignal::new(196);
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
            let data = event.data();
            if !data.is_object() || get(&data, "v").as_f64() != Some(1.0) {
                return;
            }
            match get(&data, "type").as_string().as_deref() {
                Some("ready") => configure(handle, locale_tag),
                Some("resize") => {
                    if let Some(h) = get(&data, "height")
                        .as_f64()
                        .filter(|h| *h > 0.0 && *h < 2000.0)
                    {
                        height.set(h.ceil() as i32);
                    }
                }
                Some("change") => {
                    if let Some(cb) = on_change {
                        cb.run(read_change(&data));
                    }
                }
                Some("tokenized") => {
                    if let Some(token) = read_token(&data) {
                        on_token.run(token);
                    }
                }
                Some("error") => {
                    if let Some(cb) = on_error {
                        cb.run(CardEntryError {
                            code: get(&data, "code")
                                .as_string()
                                .unwrap_or_else(|| "card_error".into()),
                            message: get(&data, "message").as_string().unwrap_or_default(),
                        });
                    }
                }
                _ => {}
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

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn configure(handle: CardEntryHandle, locale_tag: &str) {
    let m = message("configure");
    let theme = Object::new();
    if let Some(frame) = handle.frame.get_untracked() {
        if let Ok(Some(style)) = window().get_computed_style(&frame) {
            for key in THEME {
                if let Ok(value) = style.get_property_value(key) {
                    let value = value.trim();
                    if !value.is_empty() {
                        let _ = Reflect::set(&theme, &key.into(), &value.into());
                    }
                }
            }
        }
    }
    let _ = Reflect::set(&m, &"theme".into(), &theme);
    let _ = Reflect::set(&m, &"locale".into(), &locale_tag.into());
    handle.send(&m);
}

fn read_change(data: &JsValue) -> CardChange {
    let errors = get(data, "errors");
    let mut list = Vec::new();
    if let Some(obj) = errors.dyn_ref::<Object>() {
        for key in ["number", "expiry", "cvc", "name"] {
            if let Some(code) = get(obj, key).as_string() {
                list.push((key.to_string(), code));
            }
        }
    }
    CardChange {
        brand: get(data, "brand").as_string(),
        empty: get(data, "empty").as_bool().unwrap_or(true),
        complete: get(data, "complete").as_bool().unwrap_or(false),
        errors: list,
    }
}

fn read_token(data: &JsValue) -> Option<CardToken> {
    Some(CardToken {
        token: get(data, "token")
            .as_string()
            .filter(|t| t.starts_with("tok_"))?,
        brand: get(data, "brand").as_string().unwrap_or_default(),
        last4: get(data, "last4").as_string().filter(|l| l.len() == 4)?,
        exp_month: get(data, "exp_month").as_f64()? as u32,
        exp_year: get(data, "exp_year").as_f64()? as u32,
        name: get(data, "name").as_string().unwrap_or_default(),
    })
}
