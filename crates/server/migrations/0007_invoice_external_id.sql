-- Invoices as an accounting system knows them (business API).
ALTER TABLE invoices ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX invoices_external_id ON invoices(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX invoices_created ON invoices(created_at, id);
