//! Browser-facing protections: security headers and CSP, the CSRF/Origin
//! guard that also resolves the session, CORS for embedding origins, and
//! JSON bodies for every API error.

mod api_errors;
mod cors;
mod guard;
mod headers;

pub use api_errors::api_errors;
pub use cors::cors_layer;
pub use guard::{guard, host_guard};
pub use headers::{security_headers, SecurityHeaders};
