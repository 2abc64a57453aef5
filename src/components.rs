//! Shared UI pieces.

pub mod announcer;
pub mod card_entry;
pub mod error_view;
pub mod focus;
pub mod layout;
pub mod loading;
pub mod pay_flow;
pub mod require_login;
pub mod status_badge;
pub mod text_field;
