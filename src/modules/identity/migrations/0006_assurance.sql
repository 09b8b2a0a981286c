-- Assurance levels: the assertions of the national identity provider already used (replays refused).

CREATE TABLE national_id_assertions (
  assertion_id text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  used_at      timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX national_id_assertions_expires_at_idx ON national_id_assertions (expires_at);

COMMENT ON TABLE national_id_assertions IS 'Identifiers of national identity provider assertions that raised an account to level 3: an assertion is accepted once; rows can go once expired.';
