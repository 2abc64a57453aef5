//! One routed page per file.

pub mod home;
pub mod invoice_detail;
pub mod invoices;
pub mod login;
pub mod not_found;
pub mod pay;
pub mod payment_methods;
