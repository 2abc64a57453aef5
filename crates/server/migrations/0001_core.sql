-- Core portal schema: the business, customers, sessions, invoices.
-- Amounts are integer minor units; dates are ISO 'YYYY-MM-DD' text; times are Unix seconds.

CREATE TABLE business (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    allow_partial_payments INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES customers(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT,
    gateway_customer_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX customers_parent ON customers(parent_id);

-- Only a SHA-256 of the session id is stored: a copy of the database does not
-- hand out live sessions.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_customer ON sessions(customer_id);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    number TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    currency TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total > 0),
    balance_due INTEGER NOT NULL CHECK (balance_due >= 0 AND balance_due <= total),
    memo TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (customer_id, number)
);
-- The list (newest first, any order of paging) and the status filters.
CREATE INDEX invoices_customer_issue ON invoices(customer_id, issue_date, number);
CREATE INDEX invoices_customer_due ON invoices(customer_id, due_date);
CREATE INDEX invoices_customer_open ON invoices(customer_id, balance_due, due_date);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_amount INTEGER NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id, position);

-- Server-generated secrets (e.g. the payment-link signing key in demo mode).
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
