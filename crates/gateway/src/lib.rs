//! Sandbox payment gateway: tokenization, payment methods, charges, one-time-code challenges.
