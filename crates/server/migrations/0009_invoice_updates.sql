-- Invoices as a sync keeps them (business API): when each last changed
-- (`updated_since`: an edit, a payment, a void) and whether it was voided.
-- A void invoice has no balance and is not shown to its customer, so the
-- customer's list and its counts read `voided_at`: the covering indexes
-- hold it, so they are still read from an index alone.
ALTER TABLE invoices ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET updated_at = created_at;
ALTER TABLE invoices ADD COLUMN voided_at INTEGER;
DROP INDEX invoices_customer_list;
CREATE INDEX invoices_customer_list ON invoices(customer_id, issue_date, number, due_date, balance_due, total, voided_at);
DROP INDEX invoices_customer_open;
CREATE INDEX invoices_customer_open ON invoices(customer_id, balance_due, due_date, total, voided_at);
CREATE INDEX invoices_updated ON invoices(updated_at);
