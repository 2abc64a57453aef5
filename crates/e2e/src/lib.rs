//! End-to-end tests: a real headless Chromium against the real server and gateway.
