//! Integration tests of the portal server, named by SECURITY.md ids: through
//! `app()` with `oneshot`, and against a spawned server on ephemeral ports
//! (with the in-process sandbox gateway).

mod server {
    pub mod harness;

    mod browser_headers;
    mod csrf_cors;
    mod invoices;
    mod logs;
    mod sessions;
    mod spa;
}
