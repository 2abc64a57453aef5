//! Reference portal server: axum + SQLite, the portal API; serves the SPA.
