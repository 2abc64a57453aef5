//! Runtime configuration: from the mount element's `data-*` attributes
//! (how integrators embed the portal), completed by the server's
//! `GET /api/config`, which the app loads once and provides to every page
//! ([`provide_config`], [`use_config`]).

use leptos::prelude::*;
use portal_api::PortalConfig;
use web_sys::HtmlElement;

use crate::api::{Api, ApiError};

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

impl PortalSettings {
    /// The server's configuration with the host page's gateway URL and
    /// publishable key over it, where the page gives them.
    pub fn apply_to(&self, mut config: PortalConfig) -> PortalConfig {
        if let Some(url) = &self.gateway_url {
            config.gateway_url = url.clone();
        }
        if let Some(key) = &self.publishable_key {
            config.publishable_key = key.clone();
        }
        config
    }
}

/// The portal configuration, loaded once for the whole app, from the first
/// page that asks for it on: only the split-off pages need it, so the code
/// that loads it stays out of the first load.
#[derive(Clone, Copy)]
pub struct ConfigContext {
    api: Api,
    settings: StoredValue<PortalSettings>,
    /// The app's owner: the configuration lives as long as the app, not
    /// the page that first asked for it.
    owner: StoredValue<Option<Owner>>,
    config: StoredValue<Option<LocalResource<Result<PortalConfig, ApiError>>>>,
}

impl ConfigContext {
    /// The configuration once loaded. A resource that awaits it in its
    /// fetcher loads again when the configuration does (after
    /// [`Self::retry_if_failed`]).
    pub async fn get(self) -> Result<PortalConfig, ApiError> {
        self.resource().await
    }

    /// The underlying resource, for a view that shows only the configuration.
    pub fn resource(self) -> LocalResource<Result<PortalConfig, ApiError>> {
        if let Some(config) = self.config.get_value() {
            return config;
        }
        let Self { api, settings, .. } = self;
        let load = move || {
            LocalResource::new(move || async move {
                let config = api.config().await?;
                Ok(settings.with_value(|s| s.apply_to(config)))
            })
        };
        let config = untrack(|| match self.owner.get_value() {
            Some(owner) => owner.with(load),
            None => load(),
        });
        self.config.set_value(Some(config));
        config
    }

    /// Loads the configuration again if it failed; tells whether it did.
    /// A page's Try again calls this first, and reloads its own data only
    /// when the configuration was not what failed.
    pub fn retry_if_failed(self) -> bool {
        let Some(config) = self.config.get_value() else {
            return false;
        };
        let failed = config.with_untracked(|c| matches!(c, Some(Err(_))));
        if failed {
            config.refetch();
        }
        failed
    }

    /// Try again for a page whose `data` awaits the configuration: loads
    /// the configuration again if that is what failed (the page follows),
    /// else the page's own data.
    pub fn retry<T: 'static>(self, data: LocalResource<T>) -> Callback<()> {
        Callback::new(move |()| {
            if !self.retry_if_failed() {
                data.refetch();
            }
        })
    }
}

/// Provides the app's configuration: `GET /api/config` with the host page's
/// gateway settings over it, loaded when a page first asks for it.
pub fn provide_config(api: Api, settings: &PortalSettings) -> ConfigContext {
    let context = ConfigContext {
        api,
        settings: StoredValue::new(settings.clone()),
        owner: StoredValue::new(Owner::current()),
        config: StoredValue::new(None),
    };
    provide_context(context);
    context
}

/// The configuration provided by the app, loading from the first call on.
pub fn use_config() -> ConfigContext {
    let context = expect_context::<ConfigContext>();
    // Starts loading as the page starts, before the page's own requests
    // (not first from inside the page's loading, one request later).
    context.resource();
    context
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

#[cfg(test)]
mod tests {
    use super::*;

    fn server_config() -> PortalConfig {
        PortalConfig {
            gateway_url: "https://gateway.example.com".into(),
            publishable_key: "pk_server".into(),
            business_name: "Northwind".into(),
            currency: "usd".into(),
            allow_partial_payments: false,
        }
    }

    #[test]
    fn the_host_pages_gateway_settings_win_over_the_servers() {
        let none = PortalSettings::default();
        assert_eq!(none.apply_to(server_config()), server_config());
        let host = PortalSettings {
            gateway_url: Some("https://pay.example.org".into()),
            publishable_key: Some("pk_host".into()),
            ..PortalSettings::default()
        };
        let config = host.apply_to(server_config());
        assert_eq!(
            GatewayAccess::from(&config),
            GatewayAccess {
                url: "https://pay.example.org".into(),
                publishable_key: "pk_host".into(),
            }
        );
        assert_eq!(config.business_name, "Northwind");
    }
}
