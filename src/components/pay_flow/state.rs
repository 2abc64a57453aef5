//! The pay flow's one state object: every signal the steps share, and the
//! transitions between them as methods (submit, pay with a token, settle the
//! server's answer, try another card, a newer state of the payment). The
//! views read and bind its signals; only these methods move the flow on.

use leptos::prelude::*;
use portal_api::{Money, PayRequest, Payment, PaymentMethod, PaymentSource, PaymentStatus};

use super::amount::{AmountError, AmountPolicy};
use super::billing::BillingForm;
use super::card_choice::{preselected, CardSelection};
use super::target::PayTarget;
use crate::api::{Api, ApiError};
use crate::components::announcer::Announcer;
use crate::components::card_entry::{CardEntryHandle, CardToken};
use crate::i18n::{fill, format_money, minor_digits, Strings};

/// Which step the flow shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The form, nothing paid yet (or the last try was declined: then
    /// `declined` holds it, shown above the form).
    Form {
        /// The declined or failed payment of the last try, if any.
        declined: Option<Payment>,
    },
    /// A payment that was not declined: receipt, code step or confirming.
    Outcome(Payment),
}

/// One payment attempt's idempotency key and the request it was first sent
/// with. A double click or a retry after a network failure sends the same key
/// and body (one charge); a changed request (another card or amount) or a new
/// attempt after a decline gets a new key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    key: String,
    sent: Option<String>,
}

impl Attempt {
    /// An attempt with this key, nothing sent yet.
    pub fn new(key: String) -> Self {
        Self { key, sent: None }
    }

    /// The key for sending `fingerprint` (the request as sent, byte for
    /// byte): this attempt's, unless it already sent something else; then a
    /// new attempt starts with `fresh_key()`.
    pub fn key_for(&mut self, fingerprint: String, fresh_key: impl FnOnce() -> String) -> String {
        if self.sent.as_ref().is_some_and(|sent| *sent != fingerprint) {
            self.key = fresh_key();
        }
        self.sent = Some(fingerprint);
        self.key.clone()
    }
}

/// What one press of Pay sends.
#[derive(Clone, Debug, PartialEq)]
pub struct PayOrder {
    /// The amount checked against the policy.
    pub amount: Money,
    /// The saved card or the new card's token.
    pub source: PaymentSource,
}

/// The pay flow's state. Cheap to copy: signals and stored values.
#[derive(Clone, Copy)]
pub struct PayFlowState {
    target: StoredValue<PayTarget>,
    policy: StoredValue<AmountPolicy>,
    /// Minor-unit digits of the policy's currency.
    digits: u32,
    /// Whether saved cards can be chosen and new cards saved.
    saved_cards: bool,
    /// The chosen card.
    pub card: RwSignal<CardSelection>,
    /// "Save this card" for a new card.
    pub save_card: RwSignal<bool>,
    /// "Make it my default" for a saved new card.
    pub make_default: RwSignal<bool>,
    /// The billing address fields.
    pub billing: BillingForm,
    /// The amount as typed.
    pub amount_input: RwSignal<String>,
    /// Why the typed amount is refused.
    pub amount_error: RwSignal<Option<String>>,
    /// The terms are agreed to.
    pub terms: RwSignal<bool>,
    /// What stops the form (fix the fields, agree to the terms).
    pub form_error: RwSignal<Option<&'static str>>,
    /// Pay was pressed and no answer has come yet.
    pub pending: RwSignal<bool>,
    /// The payment as the server last described it.
    pub payment: RwSignal<Option<Payment>>,
    /// The request failed (network, refusal): shown at the form.
    pub request_error: RwSignal<Option<ApiError>>,
    /// The card frame's handle.
    pub card_entry: CardEntryHandle,
    /// The amount checked by the last submit, waiting for the new card's token.
    checked_amount: StoredValue<Option<Money>>,
    attempt: StoredValue<Attempt>,
    pay: Action<PayOrder, Result<Payment, ApiError>>,
}

impl PayFlowState {
    /// The state of a fresh flow for `target`: the usable default card (or
    /// another card) chosen, the billing address from the default card, the
    /// policy's amount proposed (`decimal_comma` for the locale's notation),
    /// and `resumed` the payment already made on this page, if any.
    pub fn new(
        api: Api,
        target: PayTarget,
        cards: &[PaymentMethod],
        amount: AmountPolicy,
        resumed: Option<Payment>,
        decimal_comma: bool,
    ) -> Self {
        let saved_cards = target.uses_saved_cards();
        let cards = if saved_cards { cards } else { &[] };
        let prefill = cards
            .iter()
            .find(|c| c.is_default)
            .and_then(|c| c.billing_address.as_ref());
        let digits = minor_digits(amount.currency());
        let proposed = amount
            .proposed()
            .map(|a| super::amount::to_input(a, digits, decimal_comma))
            .unwrap_or_default();
        let target = StoredValue::new(target);
        let billing = BillingForm::new(prefill);
        let attempt = StoredValue::new(Attempt::new(new_idempotency_key()));
        let pay = Action::new_local(move |order: &PayOrder| {
            let request = PayRequest {
                amount: order.amount.clone(),
                source: order.source.clone(),
                billing_address: billing.address(),
            };
            // What is sent, byte for byte (not Debug output, which size builds may strip).
            let fingerprint = serde_json::to_string(&request).unwrap_or_default();
            let mut key = String::new();
            attempt.update_value(|a| key = a.key_for(fingerprint, new_idempotency_key));
            let target = target.get_value();
            async move { target.pay(api, &key, &request).await }
        });
        Self {
            target,
            policy: StoredValue::new(amount),
            digits,
            saved_cards,
            card: RwSignal::new(preselected(cards)),
            save_card: RwSignal::new(false),
            make_default: RwSignal::new(false),
            billing,
            amount_input: RwSignal::new(proposed),
            amount_error: RwSignal::new(None),
            terms: RwSignal::new(false),
            form_error: RwSignal::new(None),
            pending: RwSignal::new(false),
            payment: RwSignal::new(resumed),
            request_error: RwSignal::new(None),
            card_entry: CardEntryHandle::new(),
            checked_amount: StoredValue::new(None),
            attempt,
            pay,
        }
    }

    /// What is paid.
    pub fn target(&self) -> PayTarget {
        self.target.get_value()
    }

    /// Whether saved cards can be chosen and a new card saved.
    pub fn uses_saved_cards(&self) -> bool {
        self.saved_cards
    }

    /// Reads the amount policy.
    pub fn with_policy<R>(&self, f: impl FnOnce(&AmountPolicy) -> R) -> R {
        self.policy.with_value(f)
    }

    /// The step to show (reactive).
    pub fn step(&self) -> Step {
        match self.payment.get() {
            Some(p) if is_declined(&p) => Step::Form { declined: Some(p) },
            Some(p) => Step::Outcome(p),
            None => Step::Form { declined: None },
        }
    }

    /// Whether the form is shown (reactive): nothing paid yet, or declined.
    pub fn shows_form(&self) -> bool {
        self.payment.with(|p| p.as_ref().is_none_or(is_declined))
    }

    /// The amount as typed, if the policy takes it (reactive).
    pub fn typed_amount(&self) -> Option<Money> {
        let input = self.amount_input.get();
        self.policy
            .with_value(|p| p.check(&input, self.digits).ok())
    }

    /// The customer typed an amount: the old complaint goes.
    pub fn type_amount(&self, input: String) {
        self.amount_input.set(input);
        self.amount_error.set(None);
    }

    /// The terms box was ticked or cleared; ticking it answers "agree to
    /// the terms".
    pub fn agree(&self, agreed: bool, t: &'static Strings) {
        self.terms.set(agreed);
        if self.form_error.get_untracked() == Some(t.terms_required) {
            self.form_error.set(None);
        }
    }

    /// Pay was pressed: checks the amount, the address and the terms, says
    /// what is wrong, or starts the payment (a saved card) or asks the card
    /// frame for a token (a new card; [`Self::pay_with_token`] goes on).
    pub fn submit(&self, t: &'static Strings, announcer: &Announcer) {
        if self.pending.get_untracked() {
            return;
        }
        self.request_error.set(None);
        let input = self.amount_input.get_untracked();
        let checked = self.policy.with_value(|p| {
            p.check(&input, self.digits)
                .map_err(|e| amount_message(t, e, p))
        });
        let amount = match checked {
            Ok(money) => {
                self.amount_error.set(None);
                Some(money)
            }
            Err(message) => {
                self.amount_error.set(Some(message));
                None
            }
        };
        let billing_ok = self.billing.validate(t);
        let problem = if amount.is_none() || !billing_ok {
            Some(t.fix_fields)
        } else if !self.terms.get_untracked() {
            Some(t.terms_required)
        } else {
            None
        };
        self.form_error.set(problem);
        if let Some(p) = problem {
            announcer.announce(p);
            return;
        }
        let Some(amount) = amount else {
            return;
        };
        self.pending.set(true);
        match self.card.get_untracked() {
            CardSelection::New => {
                self.checked_amount.set_value(Some(amount));
                self.card_entry.tokenize();
            }
            CardSelection::Saved(payment_method_id) => {
                self.pay.dispatch(PayOrder {
                    amount,
                    source: PaymentSource::SavedCard { payment_method_id },
                });
            }
        }
    }

    /// The card frame handed over the new card's token: pays with it.
    pub fn pay_with_token(&self, token: CardToken) {
        let Some(amount) = self.checked_amount.get_value() else {
            // A token nobody asked for (no submit checked an amount).
            self.pending.set(false);
            return;
        };
        let save = self.saved_cards && self.save_card.get_untracked();
        self.pay.dispatch(PayOrder {
            amount,
            source: PaymentSource::NewCard {
                token: token.token,
                save,
                make_default: save && self.make_default.get_untracked(),
            },
        });
    }

    /// The card frame refused to tokenize (it shows why): Pay is free again.
    pub fn token_refused(&self) {
        self.pending.set(false);
    }

    /// The server's latest answer to Pay (reactive), until [`Self::settle`]
    /// takes it.
    pub fn answer(&self) -> Option<Result<Payment, ApiError>> {
        self.pay.value().get()
    }

    /// Takes the server's answer to Pay: announces it, shows it, and gives
    /// the page's path with the payment in it (`?payment=…`, so a reload
    /// shows its true state), or `None` when the request failed.
    pub fn settle(
        &self,
        answer: Result<Payment, ApiError>,
        t: &'static Strings,
        announcer: &Announcer,
    ) -> Option<String> {
        self.pending.set(false);
        match answer {
            Ok(p) => {
                announce_payment(t, announcer, &p);
                if is_declined(&p) {
                    self.attempt.set_value(Attempt::new(new_idempotency_key()));
                }
                let path = format!(
                    "{}?payment={}",
                    self.target.with_value(PayTarget::page_path),
                    p.id
                );
                self.payment.set(Some(p));
                Some(path)
            }
            Err(e) => {
                announcer.announce(e.message(t));
                self.request_error.set(Some(e));
                None
            }
        }
    }

    /// A newer state of the payment (from the code step or a later read).
    pub fn update(&self, payment: Payment) {
        self.payment.set(Some(payment));
    }

    /// After a decline: back to the form with an empty new card, focused.
    pub fn try_another_card(&self) {
        self.payment.set(None);
        self.card.set(CardSelection::New);
        self.card_entry.clear();
        self.card_entry.focus();
    }
}

/// Declined and failed payments send the customer back to the form.
fn is_declined(p: &Payment) -> bool {
    matches!(p.status, PaymentStatus::Declined | PaymentStatus::Failed)
}

/// A fresh idempotency key for one payment attempt.
fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now()))
}

/// The message for a refused amount.
pub fn amount_message(t: &Strings, error: AmountError, policy: &AmountPolicy) -> String {
    match error {
        AmountError::Empty => t.amount_required.to_string(),
        AmountError::NotANumber => t.amount_invalid.to_string(),
        AmountError::TooManyDecimals => fill(
            t.amount_decimals,
            &[("n", &minor_digits(policy.currency()).to_string())],
        ),
        AmountError::Zero => t.amount_zero.to_string(),
        AmountError::OverBalance => match policy {
            AmountPolicy::UpTo(max) | AmountPolicy::Fixed(max) => {
                fill(t.amount_over_balance, &[("max", &format_money(max, t.tag))])
            }
            AmountPolicy::Open { .. } => t.amount_too_large.to_string(),
        },
        AmountError::TooLarge => t.amount_too_large.to_string(),
    }
}

/// Tells screen-reader users what became of the payment.
fn announce_payment(t: &'static Strings, announcer: &Announcer, p: &Payment) {
    match p.status {
        PaymentStatus::Succeeded => announcer.announce(t.payment_successful),
        PaymentStatus::Declined | PaymentStatus::Failed => announcer.announce(
            p.decline
                .as_ref()
                .map(|d| t.error_message(d.code, &d.message))
                .unwrap_or_else(|| t.payment_declined.into()),
        ),
        PaymentStatus::RequiresAction => {
            let nn = p
                .challenge
                .as_ref()
                .map(|c| c.phone_last2.clone())
                .unwrap_or_default();
            announcer.announce(fill(t.otp_prompt, &[("nn", &nn)]));
        }
        // A state this build does not know: the server is still deciding.
        PaymentStatus::Pending | PaymentStatus::Unknown => announcer.announce(t.confirming_payment),
    }
}

#[cfg(test)]
mod tests {
    use super::Attempt;

    #[test]
    fn a_retry_of_the_same_request_keeps_its_key_and_a_changed_one_gets_a_new_key() {
        let mut attempt = Attempt::new("k1".into());
        let fresh = || "k2".to_string();
        assert_eq!(attempt.key_for("a".into(), fresh), "k1", "first send");
        assert_eq!(attempt.key_for("a".into(), fresh), "k1", "same body again");
        assert_eq!(attempt.key_for("b".into(), fresh), "k2", "another body");
        assert_eq!(attempt.key_for("b".into(), fresh), "k2");
    }
}
