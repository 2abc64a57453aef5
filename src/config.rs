//! Runtime configuration: from the mount element's `data-*` attributes
//! (how integrators embed the portal), completed by the server's
//! `GET /api/config`.

use portal_api::PortalConfig;
use web_sys::HtmlElement;

/// What the host page tells the portal through `data-*` attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortalSettings {
    /// Base URL of the portal API (`data-api-base`); empty means this origin.
    pub api_base: String,
    /// Path the portal's routes live under (`data-base-path`), e.g. `/billing`.
    pub base_path: String,
    /// Gateway URL (`data-gateway-url`); else taken from `/api/config`.
    pub gateway_url: Option<String>,
    /// Publishable key (`data-publishable-key`); else from `/api/config`.
    pub publishable_key: Option<String>,
    /// Locale (`data-locale`), e.g. `en` or `de`; else the browser's.
    pub locale: Option<String>,
}

impl PortalSettings {
    /// Reads the settings from the mount element; invalid values are dropped
    /// with a console error saying which attribute and why.
    pub fn from_element(el: &HtmlElement) -> Self {
        let data = el.dataset();
        let get = |key: &str| {
            data.get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let api_base = get("apiBase")
            .and_then(|v| checked_url("data-api-base", &v))
            .unwrap_or_default();
        let gateway_url = get("gatewayUrl").and_then(|v| checked_url("data-gateway-url", &v));
        let base_path = get("basePath")
            .map(|p| normalize_base_path(&p))
            .unwrap_or_default();
        Self {
            api_base,
            base_path,
            gateway_url,
            publishable_key: get("publishableKey"),
            locale: get("locale"),
        }
    }
}

/// Where the browser reaches the gateway (the card frame, the code step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayAccess {
    /// The gateway's base URL.
    pub url: String,
    /// The business's publishable key.
    pub publishable_key: String,
}

impl From<&PortalConfig> for GatewayAccess {
    fn from(config: &PortalConfig) -> Self {
        Self {
            url: config.gateway_url.clone(),
            publishable_key: config.publishable_key.clone(),
        }
    }
}

/// `billing/` → `/billing`; `/` → `` (the root).
pub fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

fn checked_url(attr: &str, value: &str) -> Option<String> {
    let ok = value.starts_with("https://") || value.starts_with("http://");
    if ok {
        Some(value.trim_end_matches('/').to_string())
    } else {
        web_sys::console::error_1(
            &format!("portal: {attr} must be an http(s) URL, got {value:?}").into(),
        );
        None
    }
}
