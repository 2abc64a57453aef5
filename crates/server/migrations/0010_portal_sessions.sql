-- Portal sessions: single sign-on from the business's own site. The business
-- API mints one for a customer; its URL logs that customer in once, within
-- minutes. Only a SHA-256 of the token is kept.
CREATE TABLE portal_sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    return_url TEXT,
    key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX portal_sessions_customer ON portal_sessions(customer_id, created_at);
