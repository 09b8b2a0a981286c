-- Self-registered accounts prove their e-mail address before they can sign in, and a new
-- address replaces the old one only once it is proven: registration and the profile then
-- answer the same whether an identifier is free or taken (the mail tells the owner).

ALTER TABLE accounts ADD COLUMN email_confirmed_at timestamptz DEFAULT now();
COMMENT ON COLUMN accounts.email_confirmed_at IS 'When the address was proven. NULL: a self-registered account whose owner has not opened the confirmation link yet; it cannot sign in. Accounts made by an administrator or the demo seed, and every account older than this column, count as confirmed (the default).';

CREATE TABLE email_confirmations (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  email      text NOT NULL CHECK (email = lower(email)),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX email_confirmations_account_id_idx ON email_confirmations (account_id);
CREATE INDEX email_confirmations_expires_at_idx ON email_confirmations (expires_at);

COMMENT ON TABLE email_confirmations IS 'One-time links that prove an address: after registration (email is the account''s own) or to change it (email is the new address, written to the account only when the link is used).';
COMMENT ON COLUMN email_confirmations.token_hash IS 'SHA-256 (hex) of the token sent by e-mail; the mail is the only place the token exists.';
COMMENT ON COLUMN email_confirmations.used_at IS 'Set in the statement that accepts the link (so it works once), and on older links when a newer one is sent.';
