-- Refunds of succeeded charges: never more in all than the charge took.
-- Each is made at most once per (merchant, Idempotency-Key).
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    merchant TEXT NOT NULL,
    charge_id TEXT NOT NULL REFERENCES charges (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX refunds_charge ON refunds (charge_id);

CREATE TABLE refund_idempotency_keys (
    merchant TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    refund_id TEXT NOT NULL REFERENCES refunds (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (merchant, key)
);
