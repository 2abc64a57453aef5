-- Invoice list paging at any depth: the list's page is picked from an index
-- alone (no table read per skipped row), so the default order's index also
-- holds every column a status filter reads, and the status index every
-- column its counts read. Same leading columns as the indexes they replace.
DROP INDEX invoices_customer_issue;
CREATE INDEX invoices_customer_list ON invoices(customer_id, issue_date, number, due_date, balance_due, total);
DROP INDEX invoices_customer_open;
CREATE INDEX invoices_customer_open ON invoices(customer_id, balance_due, due_date, total);
