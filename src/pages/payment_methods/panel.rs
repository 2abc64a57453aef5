//! The page opens one panel at a time (Add Payment Method, a removal
//! confirmation or an expiry form), so every button name on the page stays
//! unique; and focus moves into a panel when it opens and back to the button
//! that opened it when it closes. Element ids are derived from the card id.

/// The open panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The Add Payment Method form.
    Add,
    /// "Remove … ?" for this card id.
    Remove(String),
    /// The Update expiry form of this card id.
    Expiry(String),
}

/// The page heading (focused after a card was removed).
pub const HEADING_ID: &str = "pt-cards-heading";
/// The Add Payment Method button.
pub const ADD_BUTTON_ID: &str = "pt-cards-add";

/// Ids of one card's elements.
#[derive(Clone, Debug)]
pub struct CardIds {
    /// The card's title (focused after it changed).
    pub title: String,
    /// Its Remove button.
    pub remove: String,
    /// Its Update expiry button.
    pub expiry: String,
    /// The removal confirmation region.
    pub confirm: String,
    /// The confirmation's question.
    pub question: String,
    /// The confirmation's Cancel button (focused when it opens).
    pub confirm_cancel: String,
    /// The expiry form.
    pub expiry_form: String,
    /// The expiry form's month field (focused when it opens).
    pub month: String,
    /// The expiry form's year field.
    pub year: String,
    /// The expiry form's field error.
    pub expiry_error: String,
    /// Why an action on this card was refused.
    pub error: String,
}

impl CardIds {
    /// The ids for the card with this id (`spm_…`: letters, digits, `_`).
    pub fn new(card_id: &str) -> Self {
        let clean: String = card_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let id = |part: &str| format!("pt-card-{clean}-{part}");
        Self {
            title: id("title"),
            remove: id("remove"),
            expiry: id("expiry"),
            confirm: id("confirm"),
            question: id("question"),
            confirm_cancel: id("confirm-cancel"),
            expiry_form: id("expiry-form"),
            month: id("exp-month"),
            year: id("exp-year"),
            expiry_error: id("exp-error"),
            error: id("error"),
        }
    }
}

pub use crate::components::focus::focus_soon;
