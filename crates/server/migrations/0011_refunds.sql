-- Refunds of succeeded payments, made through the business API. A row is
-- written as 'pending' before the gateway is called, with the gateway key it
-- will always be sent with, so a crash or a lost answer is resumed with the
-- same key and money goes back at most once. Each business API request
-- (key, Idempotency-Key) makes at most one refund.
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    gateway_key TEXT NOT NULL UNIQUE,
    gateway_refund_id TEXT,
    failure_message TEXT,
    api_key_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (api_key_id, idempotency_key)
);
CREATE INDEX refunds_payment ON refunds(payment_id, created_at);
CREATE INDEX refunds_pending ON refunds(status) WHERE status = 'pending';
