//! Integration tests of the portal server, named by SECURITY.md ids: through
//! `app()` with `oneshot`, and against a spawned server on ephemeral ports
//! (with the in-process sandbox gateway).

#![expect(clippy::unwrap_used, reason = "tests unwrap: a panic is their failure")]

mod server {
    pub mod harness;

    mod a6_invitations;
    mod a6_password_resets;
    mod a7_races;
    mod accounts;
    mod browser_headers;
    mod business_api;
    mod business_customer_cards;
    mod business_invoice_charges;
    mod business_invoices;
    mod business_payment_links;
    mod business_payments;
    mod c4_no_card_data;
    mod cards;
    mod csrf_cors;
    mod dev_endpoints;
    mod e3_portal_sessions;
    mod fuzz;
    mod import;
    mod invoices;
    mod launching;
    mod openapi;
    mod payments;
    mod sessions;
    mod spa;
}
