//! Saved Payment Methods: the customer's cards, Add Payment Method (through
//! the isolated card frame), Set as default, Remove.

use leptos::prelude::*;
use portal_api::{AddPaymentMethodRequest, PaymentMethod, PortalConfig};

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::card_entry::{CardEntry, CardEntryHandle, CardToken};
use crate::components::error_view::ErrorView;
use crate::components::require_login::RequireLogin;
use crate::i18n::{fill, use_strings};

/// The saved payment methods page.
#[component]
pub fn PaymentMethodsPage() -> impl IntoView {
    view! { <RequireLogin><Cards/></RequireLogin> }
}

#[component]
fn Cards() -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let cards = LocalResource::new(move || async move { api.payment_methods().await });
    let adding = RwSignal::new(false);
    let action_error = RwSignal::new(None::<ApiError>);

    let set_default = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api.make_default(&id).await.map(|_| ()) }
    });
    let remove = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api.remove_payment_method(&id).await }
    });
    Effect::new(move |_| {
        if let Some(result) = set_default.value().get() {
            match result {
                Ok(()) => {
                    action_error.set(None);
                    announcer.announce(t.default_changed);
                    cards.refetch();
                }
                Err(e) => action_error.set(Some(e)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = remove.value().get() {
            match result {
                Ok(()) => {
                    action_error.set(None);
                    announcer.announce(t.card_removed);
                    cards.refetch();
                }
                Err(e) => action_error.set(Some(e)),
            }
        }
    });
    let on_saved = Callback::new(move |_: ()| {
        adding.set(false);
        cards.refetch();
    });

    view! {
        <section aria-labelledby="pt-cards-heading">
            <h1 id="pt-cards-heading">{t.payment_methods_heading}</h1>
            {move || action_error.get().map(|e| view! { <ErrorView error=e/> })}
            <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.payment_methods.is_empty() => view! { <p class="pt-empty">{t.no_cards}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="pt-cards">
                                {list.payment_methods.into_iter().map(|card| view! {
                                    <CardItem card=card on_default=Callback::new(move |id| { set_default.dispatch(id); })
                                        on_remove=Callback::new(move |id| { remove.dispatch(id); })/>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorView error=err on_retry=Callback::new(move |_| cards.refetch())/> }.into_any(),
                    }
                })}
            </Transition>
            <Show
                when=move || adding.get()
                fallback=move || view! {
                    <button type="button" class="pt-button pt-button--primary" on:click=move |_| adding.set(true)>
                        {t.add_payment_method}
                    </button>
                }
            >
                <AddCard on_saved=on_saved on_cancel=Callback::new(move |_| adding.set(false))/>
            </Show>
        </section>
    }
}

fn mm_yy(month: u32, year: u32) -> (String, String) {
    (format!("{month:02}"), format!("{:02}", year % 100))
}

#[component]
fn CardItem(card: PaymentMethod, on_default: Callback<String>, on_remove: Callback<String>) -> impl IntoView {
    let t = use_strings();
    let title = fill(t.card_ending, &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)]);
    let (mm, yy) = mm_yy(card.exp_month, card.exp_year);
    let expires = fill(t.expires, &[("mm", &mm), ("yy", &yy)]);
    let id_default = card.id.clone();
    let id_remove = card.id.clone();
    let can_default = !card.is_default && !card.expired;
    let label_default = format!("{} — {title}", t.set_as_default);
    let label_remove = format!("{} — {title}", t.remove);
    view! {
        <li class="pt-cards__item">
            <div class="pt-cards__what">
                <p class="pt-cards__title">{title.clone()} " " <span class="pt-cards__masked" aria-hidden="true">{format!("•••• {}", card.last4)}</span></p>
                <p class="pt-cards__meta">{card.name.clone()} " · " {expires}</p>
                <p class="pt-cards__badges">
                    {card.is_default.then(|| view! { <span class="pt-badge pt-badge--open">{t.default_badge}</span> })}
                    {card.expired.then(|| view! { <span class="pt-badge pt-badge--overdue">{t.expired_badge}</span> })}
                    {(card.expiring_soon && !card.expired).then(|| view! { <span class="pt-badge pt-badge--partially_paid">{t.expiring_badge}</span> })}
                </p>
            </div>
            <div class="pt-cards__actions">
                {can_default.then(|| view! {
                    <button type="button" class="pt-button pt-button--secondary" aria-label=label_default
                        on:click=move |_| on_default.run(id_default.clone())>{t.set_as_default}</button>
                })}
                <button type="button" class="pt-button pt-button--secondary" aria-label=label_remove
                    on:click=move |_| on_remove.run(id_remove.clone())>{t.remove}</button>
            </div>
        </li>
    }
}

/// The brand's display name from its id.
pub fn brand_name(id: &str) -> String {
    match id {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        "diners" => "Diners Club",
        "jcb" => "JCB",
        "unionpay" => "UnionPay",
        "maestro" => "Maestro",
        "mir" => "Mir",
        "elo" => "Elo",
        "hiper" => "Hiper",
        "hipercard" => "Hipercard",
        "verve" => "Verve",
        "troy" => "Troy",
        "naranja" => "Naranja",
        other => other,
    }
    .to_string()
}

#[component]
fn AddCard(on_saved: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let t = use_strings();
    let api = use_api();
    let announcer = use_announcer();
    let config = LocalResource::new(move || async move { api.config().await });
    let handle = CardEntryHandle::new();
    let make_default = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let save = Action::new_local(move |token: &CardToken| {
        let request = AddPaymentMethodRequest { token: token.token.clone(), make_default: make_default.get_untracked(), billing_address: None };
        async move { api.add_payment_method(&request).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            pending.set(false);
            match result {
                Ok(card) => {
                    announcer.announce(fill(t.card_saved, &[("brand", &brand_name(&card.brand)), ("last4", &card.last4)]));
                    on_saved.run(());
                }
                Err(e) => {
                    announcer.announce(e.to_string());
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
            <Transition fallback=move || view! { <p class="pt-loading" aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(PortalConfig { gateway_url, publishable_key, .. }) => view! {
                            <CardEntry
                                gateway_url=gateway_url
                                publishable_key=publishable_key
                                handle=handle
                                on_token=Callback::new(move |token: CardToken| { save.dispatch(token); })
                                on_error=Callback::new(move |_| pending.set(false))
                            />
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
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
