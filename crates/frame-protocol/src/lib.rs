//! The postMessage protocol between the card-entry frame
//! (`crates/card-frame`, served by the gateway's origin) and the page that
//! embeds it (the portal's `CardEntry`, or a merchant page): the version, the
//! property names, the theme allowlist, and the two message types with their
//! conversion to and from JS values.
//!
//! Both sides build and read messages only through [`HostMessage`] and
//! [`FrameMessage`], so a field name or a rule is written once. Reading is
//! strict: a value that is not an object, has another version, an unknown
//! `type` or a malformed field is a [`BadShape`], and the receiver ignores it
//! (security check C3). The origin checks stay with the two sides, which know
//! the origins.
//!
//! ```no_run
//! use portal_frame_protocol::{Field, HostMessage};
//!
//! // The host asks the frame to focus the card number…
//! let sent = HostMessage::Focus(Field::Number).to_js();
//! // …and the frame reads it back (ignoring anything of a bad shape).
//! assert_eq!(HostMessage::from_js(&sent), Ok(HostMessage::Focus(Field::Number)));
//! ```
//!
//! The human description, with who may talk to whom, is
//! `docs/card-frame-protocol.md`. Dependencies are js-sys and wasm-bindgen
//! only (no serde): the frame links this crate and has a size budget.
//!
//! Tests run in headless Chromium (wasm-bindgen-test): `cargo xtask test
//! browser`, which runs `cargo test --target wasm32-unknown-unknown -p
//! portal-frame-protocol` with the wasm toolchain.

mod field;
mod frame;
mod host;
pub mod key;
mod shape;
mod theme;

pub use field::Field;
pub use frame::{Change, FrameMessage, Tokenized};
pub use host::{Configure, HostMessage};
pub use shape::BadShape;
pub use theme::{is_safe_value, Theme, THEME_PROPERTIES};

/// The protocol version, sent as `v` in every message. A message with any
/// other version is ignored.
pub const VERSION: u32 = 1;
