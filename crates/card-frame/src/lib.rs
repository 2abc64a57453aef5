//! The isolated card-entry frame: a tiny wasm app served from the gateway's origin.
