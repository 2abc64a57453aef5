//! Integration tests: each test starts a real gateway on 127.0.0.1:0 (own
//! SQLite file, test clock) and drives it over HTTP with reqwest.
//! Check IDs from SECURITY.md are in the test names.
#![expect(
    clippy::expect_used,
    reason = "a test fails loudly at the first surprise"
)]

mod gateway {
    pub mod harness;

    mod bad_input;
    mod c4_no_card_data;
    mod challenges;
    mod charges;
    mod cors;
    mod frame;
    mod idempotency;
    mod payment_methods;
    mod rate_limit;
    mod refunds;
    mod startup;
    mod tokens;
}
