//! One routed page per file.

pub mod deposit;
pub mod home;
pub mod invitation;
pub mod invoice_detail;
pub mod invoices;
pub mod login;
pub mod not_found;
pub mod pay;
pub mod pay_link;
pub mod payment_methods;
pub mod portal_session;
pub mod set_password;
pub mod sub_accounts;
