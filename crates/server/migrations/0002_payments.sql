-- Saved cards, their history, payments, deposits (credit), invitations, the dev outbox.
-- Cards are only brand, last four, expiry, name and billing address: never a number or security code.

ALTER TABLE customers ADD COLUMN credit_balance INTEGER NOT NULL DEFAULT 0 CHECK (credit_balance >= 0);

CREATE TABLE payment_methods (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    gateway_pm_id TEXT NOT NULL UNIQUE,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    billing_json TEXT,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX payment_methods_customer ON payment_methods(customer_id, removed_at);
-- At most one default card per customer.
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods(customer_id)
    WHERE is_default = 1 AND removed_at IS NULL;

CREATE TABLE payment_method_events (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    payment_method_id TEXT NOT NULL REFERENCES payment_methods(id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX payment_method_events_customer ON payment_method_events(customer_id, at);

-- A payment row is written as 'pending' before the gateway is called, with
-- the gateway idempotency key it will always be charged with: a crash at any
-- point is resumed with the same key, so it is charged at most once.
CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    invoice_id TEXT REFERENCES invoices(id),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'deposit')),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    gateway_key TEXT NOT NULL UNIQUE,
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    payment_method_id TEXT REFERENCES payment_methods(id),
    token TEXT,
    save_card INTEGER NOT NULL DEFAULT 0,
    make_default INTEGER NOT NULL DEFAULT 0,
    billing_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'declined', 'failed')),
    gateway_charge_id TEXT,
    card_brand TEXT,
    card_last4 TEXT,
    card_exp_month INTEGER,
    card_exp_year INTEGER,
    decline_code TEXT,
    decline_message TEXT,
    retryable INTEGER NOT NULL DEFAULT 0,
    challenge_json TEXT,
    receipt_reference TEXT,
    applied INTEGER NOT NULL DEFAULT 0,
    via_link INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX payments_invoice ON payments(invoice_id, created_at);
CREATE INDEX payments_customer ON payments(customer_id, created_at);
CREATE INDEX payments_unfinished ON payments(status) WHERE status IN ('pending', 'requires_action');

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at INTEGER NOT NULL
);
