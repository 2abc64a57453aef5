-- The business API: secret keys (only a SHA-256 of each secret is kept),
-- the audit log of every write made with one, and idempotent POSTs.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES api_keys(id),
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at, id);

-- What a key's POST answered, per Idempotency-Key: the same key and body get
-- the same answer, another body 409.
CREATE TABLE api_idempotency (
    key_id TEXT NOT NULL REFERENCES api_keys(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);

-- Customers as an accounting system knows them, and archived ones.
ALTER TABLE customers ADD COLUMN external_id TEXT;
ALTER TABLE customers ADD COLUMN archived_at INTEGER;
CREATE UNIQUE INDEX customers_external_id ON customers(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX customers_created ON customers(created_at, id);
