-- The sandbox gateway's schema. No column ever holds a card number or a
-- security code; one-time codes are stored only as keyed hashes.

CREATE TABLE gateway_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mac_key BLOB NOT NULL
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    email TEXT,
    name TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    name TEXT NOT NULL,
    funding TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    behaviour TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE payment_methods (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    customer TEXT NOT NULL REFERENCES customers (id),
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    name TEXT NOT NULL,
    funding TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    behaviour TEXT NOT NULL,
    authenticated INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    detached_at INTEGER
);

CREATE INDEX payment_methods_by_customer ON payment_methods (customer, created_at);

CREATE TABLE charges (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description TEXT,
    payment_method TEXT REFERENCES payment_methods (id),
    token TEXT REFERENCES tokens (id),
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    name TEXT NOT NULL,
    funding TEXT NOT NULL,
    status TEXT NOT NULL,
    decline_code TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    charge_id TEXT NOT NULL UNIQUE REFERENCES charges (id),
    client_secret TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    phone_last2 TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts_left INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_sent_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE challenge_sends (
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    sent_at INTEGER NOT NULL
);

CREATE INDEX challenge_sends_by_challenge ON challenge_sends (challenge_id, sent_at);

-- Kept for good (well beyond the 24 hours P2 asks for).
CREATE TABLE idempotency_keys (
    merchant TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    charge_id TEXT NOT NULL REFERENCES charges (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (merchant, key)
);
