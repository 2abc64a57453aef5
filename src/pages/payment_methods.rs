//! Saved Payment Methods: the customer's cards, Add Payment Method (through
//! the isolated card frame), Set as default, Update expiry, Remove (after a
//! confirmation; the server's refusal is shown beside the card) and the Card
//! history. After every change the list and the history are fetched again.

mod add_card;
mod card_item;
pub mod expiry;
mod expiry_form;
mod history;
mod panel;
mod remove_confirm;

pub use expiry_form::problem_message;

use leptos::prelude::*;
use portal_api::{ErrorCode, PaymentMethod};

use crate::api::{use_api, ApiError};
use crate::components::announcer::use_announcer;
use crate::components::loading::Loaded;
use crate::components::require_login::RequireLogin;
use crate::i18n::{fill, use_strings};
use add_card::AddCard;
use card_item::{card_title, CardItem};
use history::CardHistory;
use panel::{focus_soon, CardIds, Panel, ADD_BUTTON_ID, HEADING_ID};

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
    let history = LocalResource::new(move || async move { api.payment_method_history().await });
    let open = RwSignal::new(None::<Panel>);
    let refusal = RwSignal::new(None::<(String, ApiError)>);
    // The element to focus once the list has been drawn again.
    let focus_after_refresh = StoredValue::new(None::<String>);
    let changed = move |focus: String| {
        focus_after_refresh.set_value(Some(focus));
        cards.refetch();
        history.refetch();
    };

    let set_default = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api.make_default(&id).await.map_err(|e| (id, e)) }
    });
    Effect::new(move |_| match set_default.value().get() {
        Some(Ok(card)) => {
            announcer.announce(t.default_changed);
            changed(CardIds::new(&card.id).title);
        }
        Some(Err((id, e))) => refusal.set(Some((id, e))),
        None => {}
    });

    let remove = Action::new_local(move |(id, is_default): &(String, bool)| {
        let (id, is_default) = (id.clone(), *is_default);
        async move {
            let result = api.remove_payment_method(&id).await;
            (id, is_default, result)
        }
    });
    Effect::new(move |_| match remove.value().get() {
        Some((_, _, Ok(()))) => {
            open.set(None);
            announcer.announce(t.card_removed);
            changed(HEADING_ID.to_string());
        }
        Some((id, is_default, Err(e))) => {
            open.set(None);
            // The one refusal the customer can act on gets their language.
            let e = match e {
                ApiError::Http { status, code, .. }
                    if code == ErrorCode::DefaultCardRequired && is_default =>
                {
                    ApiError::Http {
                        status,
                        code,
                        message: t.default_card_required.to_string(),
                    }
                }
                other => other,
            };
            focus_soon(CardIds::new(&id).remove);
            refusal.set(Some((id, e)));
        }
        None => {}
    });

    let on_updated = Callback::new(move |card: PaymentMethod| {
        open.set(None);
        let mm_yyyy = format!("{:02}/{}", card.exp_month, card.exp_year);
        announcer.announce(fill(
            t.expiry_updated,
            &[("card", &card_title(t, &card)), ("date", &mm_yyyy)],
        ));
        changed(CardIds::new(&card.id).title);
    });
    let on_saved = Callback::new(move |card: PaymentMethod| {
        open.set(None);
        changed(CardIds::new(&card.id).title);
    });
    let adding = move || open.get() == Some(Panel::Add);

    view! {
        <section aria-labelledby=HEADING_ID>
            <h1 id=HEADING_ID tabindex="-1">{t.payment_methods_heading}</h1>
            <Loaded resource=cards let:list>
                {
                    if let Some(id) = focus_after_refresh.get_value() {
                        focus_after_refresh.set_value(None);
                        focus_soon(id);
                    }
                    if list.payment_methods.is_empty() {
                        view! { <p class="pt-empty">{t.no_cards}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="pt-cards">
                                {list.payment_methods.into_iter().map(|card| view! {
                                    <CardItem
                                        card=card
                                        open=open
                                        refusal=refusal
                                        removing=remove.pending()
                                        on_default=Callback::new(move |id| { set_default.dispatch(id); })
                                        on_remove=Callback::new(move |input| { remove.dispatch(input); })
                                        on_updated=on_updated
                                    />
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            </Loaded>
            <Show
                when=adding
                fallback=move || view! {
                    <button id=ADD_BUTTON_ID type="button" class="pt-button pt-button--primary" on:click=move |_| {
                        refusal.set(None);
                        open.set(Some(Panel::Add));
                    }>
                        {t.add_payment_method}
                    </button>
                }
            >
                <AddCard on_saved=on_saved on_cancel=Callback::new(move |_| { open.set(None); focus_soon(ADD_BUTTON_ID); })/>
            </Show>
            <CardHistory history=history/>
        </section>
    }
}
