//! The sandbox test cards and what each one does.
//!
//! The behaviour is decided once, at tokenization, from the card number and
//! stored beside the brand and last four; the number itself is then dropped.

/// What a card does when it is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Every charge succeeds.
    Approve,
    /// Charges are declined with `generic_decline`.
    GenericDecline,
    /// Charges are declined with `insufficient_funds`.
    InsufficientFunds,
    /// Charges are declined with `expired_card`.
    ExpiredCard,
    /// Charges are declined with `incorrect_cvc`.
    IncorrectCvc,
    /// Charges fail with a retryable `processing_error`.
    ProcessingError,
    /// The first charge of the card needs a one-time code; once one challenge
    /// has passed, later charges of the saved card succeed without one.
    OtpFirstCharge,
    /// Every charge needs a one-time code.
    OtpEveryCharge,
    /// Saving the card works; every charge is declined (`generic_decline`).
    DeclineAfterSave,
    /// Charges are blocked as `fraudulent` (decided at charge time).
    Fraudulent,
}

impl Behaviour {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::GenericDecline => "generic_decline",
            Self::InsufficientFunds => "insufficient_funds",
            Self::ExpiredCard => "expired_card",
            Self::IncorrectCvc => "incorrect_cvc",
            Self::ProcessingError => "processing_error",
            Self::OtpFirstCharge => "otp_first_charge",
            Self::OtpEveryCharge => "otp_every_charge",
            Self::DeclineAfterSave => "decline_after_save",
            Self::Fraudulent => "fraudulent",
        }
    }

    /// Reads a stored name; unknown names behave as [`Behaviour::Approve`].
    pub fn parse(stored: &str) -> Self {
        ALL.iter()
            .copied()
            .find(|b| b.as_str() == stored)
            .unwrap_or(Self::Approve)
    }

    /// The behaviour of a card number (digits only): a test card's, or approve.
    pub fn for_number(digits: &str) -> Self {
        TEST_CARDS
            .iter()
            .find(|card| card.number == digits)
            .map_or(Self::Approve, |card| card.behaviour)
    }
}

const ALL: [Behaviour; 10] = [
    Behaviour::Approve,
    Behaviour::GenericDecline,
    Behaviour::InsufficientFunds,
    Behaviour::ExpiredCard,
    Behaviour::IncorrectCvc,
    Behaviour::ProcessingError,
    Behaviour::OtpFirstCharge,
    Behaviour::OtpEveryCharge,
    Behaviour::DeclineAfterSave,
    Behaviour::Fraudulent,
];

/// One documented test card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestCard {
    /// The card number, digits only.
    pub number: &'static str,
    /// The brand id the card core gives it.
    pub brand: &'static str,
    /// Whether the card is a debit card (`funding: "debit"`).
    pub debit: bool,
    /// What it does.
    pub behaviour: Behaviour,
}

const fn card(number: &'static str, brand: &'static str, behaviour: Behaviour) -> TestCard {
    TestCard {
        number,
        brand,
        debit: false,
        behaviour,
    }
}

/// Every documented test card (see `docs/test-cards.md`).
pub const TEST_CARDS: &[TestCard] = &[
    card("4242424242424242", "visa", Behaviour::Approve),
    TestCard {
        number: "4000056655665556",
        brand: "visa",
        debit: true,
        behaviour: Behaviour::Approve,
    },
    card("5555555555554444", "mastercard", Behaviour::Approve),
    card("2223003122003222", "mastercard", Behaviour::Approve),
    TestCard {
        number: "5200828282828210",
        brand: "mastercard",
        debit: true,
        behaviour: Behaviour::Approve,
    },
    card("378282246310005", "amex", Behaviour::Approve),
    card("6011111111111117", "discover", Behaviour::Approve),
    card("3056930009020004", "diners", Behaviour::Approve),
    card("3566002020360505", "jcb", Behaviour::Approve),
    card("6200000000000005", "unionpay", Behaviour::Approve),
    card("4000000000000002", "visa", Behaviour::GenericDecline),
    card("4000000000009995", "visa", Behaviour::InsufficientFunds),
    card("4000000000000069", "visa", Behaviour::ExpiredCard),
    card("4000000000000127", "visa", Behaviour::IncorrectCvc),
    card("4000000000000119", "visa", Behaviour::ProcessingError),
    card("4000002760003184", "visa", Behaviour::OtpFirstCharge),
    card("4000000000003220", "visa", Behaviour::OtpEveryCharge),
    card("4000000000000341", "visa", Behaviour::DeclineAfterSave),
    card("4100000000000019", "visa", Behaviour::Fraudulent),
];

/// `"debit"` for the debit test cards, `"credit"` for every other card.
pub(crate) fn funding_for(digits: &str) -> &'static str {
    if TEST_CARDS.iter().any(|c| c.debit && c.number == digits) {
        "debit"
    } else {
        "credit"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p5_every_test_card_has_its_behaviour_and_round_trips() {
        for card in TEST_CARDS {
            assert_eq!(Behaviour::for_number(card.number), card.behaviour);
            assert_eq!(Behaviour::parse(card.behaviour.as_str()), card.behaviour);
        }
        assert_eq!(
            Behaviour::for_number("4111111111111111"),
            Behaviour::Approve
        );
    }

    #[test]
    fn c6_every_test_card_passes_luhn() {
        for card in TEST_CARDS {
            let sum: u32 = card
                .number
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0');
                    if i % 2 == 1 {
                        if d * 2 > 9 {
                            d * 2 - 9
                        } else {
                            d * 2
                        }
                    } else {
                        d
                    }
                })
                .sum();
            assert_eq!(sum % 10, 0, "{} fails Luhn", card.number);
        }
    }
}
