//! What the frame knows about where it runs: the publishable key and the
//! host origin (from its URL), the tokenization endpoint (its own origin).

use wasm_bindgen::{JsCast, JsValue};

/// The frame's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameConfig {
    /// The merchant's publishable key (`pk_...`).
    pub publishable_key: String,
    /// The exact origin of the page embedding the frame; the only origin
    /// messages are accepted from and sent to.
    pub host_origin: String,
    /// The gateway's tokenization URL (same origin as the frame).
    pub tokenize_url: String,
}

impl FrameConfig {
    /// Reads `?key=pk_…&origin=…` from the frame's URL and checks the origin
    /// against the browser's record of who embeds the frame.
    pub fn from_location() -> Result<Self, String> {
        let window = web_sys::window().ok_or("no window")?;
        let location = window.location();
        let search = location.search().map_err(js_text)?;
        // The browser's own query parser: less wasm than one of ours.
        let params = web_sys::UrlSearchParams::new_with_str(&search).map_err(js_text)?;
        let param = |name: &str| params.get(name);
        let publishable_key = param("key")
            .filter(|k| k.starts_with("pk_"))
            .ok_or("missing or malformed publishable key (key)")?;
        let host_origin = param("origin")
            .filter(|o| is_origin(o))
            .ok_or("missing or malformed host origin")?;
        // Where the browser tells us who embeds us (Chromium, Safari), it must agree.
        let ancestors = js_sys::Reflect::get(&location, &"ancestorOrigins".into())
            .ok()
            .filter(|a| a.is_object());
        if let Some(ancestors) = ancestors.map(|a| a.unchecked_into::<web_sys::DomStringList>()) {
            match ancestors.item(0) {
                Some(parent) if parent != host_origin => {
                    return Err("the embedding page is not the configured host".into())
                }
                None if ancestors.length() == 0 => {
                    return Err("the card frame must be embedded in the portal".into())
                }
                _ => {}
            }
        }
        let own_origin = location.origin().map_err(js_text)?;
        Ok(Self {
            publishable_key,
            host_origin,
            tokenize_url: format!("{own_origin}/v1/tokens"),
        })
    }
}

/// `scheme://host[:port]` with no path, query or credentials.
pub fn is_origin(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
}

fn js_text(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| "browser error".into())
}
