//! A labelled text input with its hint and its error underneath, wired for
//! screen readers (`aria-invalid`, `aria-describedby`). Typing clears the
//! error, so a corrected field stops saying it is wrong.

use leptos::prelude::*;

/// One form field: label, optional hint, input, error.
#[component]
pub fn TextField(
    /// The input's id; the hint is `{id}-hint`, the error `{id}-error`.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value typed.
    value: RwSignal<String>,
    /// The error shown under the field (None: none).
    error: RwSignal<Option<&'static str>>,
    /// The input's `type` (`text`, `email`, `password`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The input's `name`.
    name: &'static str,
    /// The input's `autocomplete` token(s).
    autocomplete: &'static str,
    /// A hint shown from the start (e.g. the password rule).
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The input's `inputmode`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The input's `minlength`.
    #[prop(optional)]
    minlength: Option<usize>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="pt-field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p id=hint_id class="pt-field__hint">{h}</p> })}
            <input
                id=id
                class="pt-input"
                class:pt-input--invalid=move || error.get().is_some()
                type=kind
                name=name
                autocomplete=autocomplete
                inputmode=inputmode
                minlength=minlength.map(|n| n.to_string())
                required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by
                prop:value=value
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            <p id=error_id class="pt-field__error">{move || error.get()}</p>
        </div>
    }
}
