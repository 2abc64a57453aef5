//! One routed page per file.

pub mod invoices;
pub mod login;
pub mod not_found;
