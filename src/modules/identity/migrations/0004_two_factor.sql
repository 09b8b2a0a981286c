-- Two-factor authentication: a TOTP authenticator per account, one-time recovery codes,
-- and sessions that remember whether (and when) the second factor was given.

CREATE TABLE second_factors (
  account_id     uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  totp_secret    text NOT NULL,
  confirmed_at   timestamptz,
  last_used_step bigint,
  created_at     timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE second_factors IS 'One TOTP authenticator per account. A row with confirmed_at NULL is an enrolment in progress and does not protect the account yet.';
COMMENT ON COLUMN second_factors.totp_secret IS 'The shared Base32 secret, sealed with AES-256-GCM under a key derived from SECRET_KEY: a copy of the table alone does not give codes.';
COMMENT ON COLUMN second_factors.last_used_step IS 'The 30-second time step of the last accepted code: a code is accepted only for a later step, so an observed code cannot be replayed.';

CREATE TABLE recovery_codes (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz,
  PRIMARY KEY (account_id, code_hash)
);

COMMENT ON TABLE recovery_codes IS 'One-time codes shown once at enrolment, for a lost authenticator. Only keyed digests are stored; a code is spent by setting used_at.';

ALTER TABLE sessions ADD COLUMN awaiting_second_factor boolean NOT NULL DEFAULT false;
ALTER TABLE sessions ADD COLUMN second_factor_at timestamptz;

COMMENT ON COLUMN sessions.awaiting_second_factor IS 'The password was right but the account has an authenticator: the session signs nobody in until a code is given.';
COMMENT ON COLUMN sessions.second_factor_at IS 'When this session last proved the second factor (login or step-up): sensitive actions require it within the last minutes.';
