//! The billing address of a payment: street, city, region, postal code and
//! country, with the postal code named and checked the way the chosen
//! country does it (ZIP code in the US, Postcode in the UK, none in Hong
//! Kong). Errors sit under their field.

use leptos::prelude::*;
use portal_api::BillingAddress;
use portal_card::{check_postal_code, postal_code_label, postal_code_required, PostalError};

use crate::i18n::{use_strings, Strings};

/// The countries offered (ISO 3166-1 alpha-2, English name).
pub const COUNTRIES: [(&str, &str); 12] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("NL", "Netherlands"),
    ("IN", "India"),
    ("AU", "Australia"),
    ("BR", "Brazil"),
    ("JP", "Japan"),
    ("HK", "Hong Kong"),
];

/// The address being typed, and the error shown under each field.
#[derive(Clone, Copy)]
pub struct BillingForm {
    line1: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    postal: RwSignal<String>,
    country: RwSignal<String>,
    errors: RwSignal<Vec<(&'static str, &'static str)>>,
}

impl BillingForm {
    /// A form filled from a saved card's address, if any.
    pub fn new(prefill: Option<&BillingAddress>) -> Self {
        let get = |f: fn(&BillingAddress) -> &String| {
            RwSignal::new(prefill.map(|a| f(a).clone()).unwrap_or_default())
        };
        let country = prefill
            .map(|a| a.country.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "US".to_string());
        Self {
            line1: get(|a| &a.line1),
            city: get(|a| &a.city),
            region: get(|a| &a.region),
            postal: get(|a| &a.postal_code),
            country: RwSignal::new(country),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// Checks every field, shows what is wrong, and tells whether all is well.
    pub fn validate(&self, t: &'static Strings) -> bool {
        let mut errors = Vec::new();
        if self.line1.get_untracked().trim().is_empty() {
            errors.push(("line1", t.field_required));
        }
        if self.city.get_untracked().trim().is_empty() {
            errors.push(("city", t.field_required));
        }
        let check = check_postal_code(&self.country.get_untracked(), &self.postal.get_untracked());
        match check.error {
            Some(PostalError::Empty) => errors.push(("postal", t.field_required)),
            Some(PostalError::Invalid) => errors.push(("postal", t.postal_invalid)),
            None => {}
        }
        let ok = errors.is_empty();
        self.errors.set(errors);
        ok
    }

    /// The address to send, the postal code in its normal form.
    pub fn address(&self) -> BillingAddress {
        let country = self.country.get_untracked();
        let postal = check_postal_code(&country, &self.postal.get_untracked())
            .normalized
            .unwrap_or_else(|| self.postal.get_untracked().trim().to_string());
        BillingAddress {
            line1: self.line1.get_untracked().trim().to_string(),
            city: self.city.get_untracked().trim().to_string(),
            region: self.region.get_untracked().trim().to_string(),
            postal_code: postal,
            country,
        }
    }

    fn error(&self, key: &str) -> Option<&'static str> {
        self.errors
            .with(|e| e.iter().find(|(k, _)| *k == key).map(|(_, m)| *m))
    }
}

/// The billing address fieldset.
#[component]
pub fn BillingFields(
    /// The form state.
    form: BillingForm,
) -> impl IntoView {
    let t = use_strings();
    let field = move |label: Signal<String>,
                      id: &'static str,
                      key: &'static str,
                      value: RwSignal<String>,
                      autocomplete: &'static str| {
        let error = move || form.error(key);
        view! {
            <div class="pt-field">
                <label for=id>{label}</label>
                <input id=id class="pt-input" class:pt-input--invalid=move || error().is_some() autocomplete=autocomplete
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=move || error().map(|_| format!("{id}-error"))
                    prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                <p id=format!("{id}-error") class="pt-field__error">{error}</p>
            </div>
        }
    };
    let fixed = |s: &'static str| Signal::derive(move || s.to_string());
    let country = form.country;
    // English names the code the way the country does; other locales use their word.
    let postal_label = Signal::derive(move || {
        if t.tag.starts_with("en") {
            postal_code_label(&country.get()).to_string()
        } else {
            t.postal_code.to_string()
        }
    });
    view! {
        <fieldset class="pt-fieldset">
            <legend>{t.billing_address}</legend>
            {field(fixed(t.address_line), "pt-pay-line1", "line1", form.line1, "billing street-address")}
            {field(fixed(t.city), "pt-pay-city", "city", form.city, "billing address-level2")}
            {field(fixed(t.region), "pt-pay-region", "region", form.region, "billing address-level1")}
            <Show when=move || postal_code_required(&country.get())>
                {field(postal_label, "pt-pay-postal", "postal", form.postal, "billing postal-code")}
            </Show>
            <div class="pt-field">
                <label for="pt-pay-country">{t.country}</label>
                <select id="pt-pay-country" class="pt-input" autocomplete="billing country"
                    prop:value=country on:change=move |ev| country.set(event_target_value(&ev))>
                    {COUNTRIES.iter().map(|&(code, name)| view! { <option value=code selected=move || country.get() == code>{name}</option> }).collect_view()}
                </select>
            </div>
        </fieldset>
    }
}
