//! Add Payment Method: the card is typed into the gateway's isolated card
//! frame, which hands back a token; only that token is sent to the portal.

use leptos::prelude::*;
use portal_api::{AddPaymentMethodRequest, PaymentMethod};
use portal_card::brand_name;

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::card_entry::{CardEntry, CardEntryHandle, CardToken};
use crate::components::error_view::ErrorView;
use crate::components::loading::Loaded;
use crate::config::{use_config, GatewayAccess};
use crate::i18n::{fill, use_strings};

/// The Add Payment Method form.
#[component]
pub fn AddCard(
    /// Called with the saved card.
    on_saved: Callback<PaymentMethod>,
    /// Called when the customer cancels.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let config = use_config();
    let handle = CardEntryHandle::new();
    let make_default = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let save = Action::new_local(move |token: &CardToken| {
        let request = AddPaymentMethodRequest {
            token: token.token.clone(),
            make_default: make_default.get_untracked(),
            billing_address: None,
        };
        async move { api.add_payment_method(&request).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            pending.set(false);
            match result {
                Ok(card) => {
                    announcer.announce(fill(
                        t.card_saved,
                        &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)],
                    ));
                    on_saved.run(card);
                }
                Err(e) => {
                    announcer.announce(e.message(t));
                    error.set(Some(e));
                }
            }
        }
    });

    view! {
        <form class="pt-card pt-form pt-add-card" on:submit=move |ev| {
            ev.prevent_default();
            error.set(None);
            pending.set(true);
            handle.tokenize();
        }>
            <h2>{t.add_payment_method}</h2>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Loaded resource=config.resource() no_retry=true let:config>
                {
                    let gateway = GatewayAccess::from(&config);
                    view! {
                        <CardEntry
                            gateway_url=gateway.url
                            publishable_key=gateway.publishable_key
                            handle=handle
                            on_token=Callback::new(move |token: CardToken| { save.dispatch(token); })
                            on_error=Callback::new(move |_| pending.set(false))
                        />
                    }
                }
            </Loaded>
            <label class="pt-check">
                <input type="checkbox" prop:checked=make_default on:change=move |ev| make_default.set(event_target_checked(&ev))/>
                {t.make_default}
            </label>
            <div class="pt-form__actions">
                <button type="submit" class="pt-button pt-button--primary" disabled=move || pending.get()>
                    {move || if pending.get() { t.saving_card } else { t.save_card }}
                </button>
                <button type="button" class="pt-button pt-button--secondary" on:click=move |_| on_cancel.run(())>{t.cancel}</button>
            </div>
        </form>
    }
}
