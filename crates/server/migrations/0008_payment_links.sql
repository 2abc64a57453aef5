-- Payment links kept on the server beside their signature, so that the
-- business can list and revoke them (a revoked link stops working at once).
-- Links signed before this migration (with the invoice id in the token) no
-- longer verify: ask for a new one.
CREATE TABLE payment_links (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX payment_links_invoice ON payment_links(invoice_id, created_at);
CREATE INDEX payment_links_created ON payment_links(created_at, id);
