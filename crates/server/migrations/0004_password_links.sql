-- One table for every emailed link that sets a password: a first password
-- (an invitation) or a new one (a reset, asked for with "forgot password").
ALTER TABLE invitations RENAME TO password_links;
ALTER TABLE password_links ADD COLUMN purpose TEXT NOT NULL DEFAULT 'first_password';
CREATE INDEX password_links_customer ON password_links(customer_id, used_at);
