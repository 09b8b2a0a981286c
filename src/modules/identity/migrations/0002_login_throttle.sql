-- Login throttling by account and source, replacing the per-account lock of 0001 (which let
-- anyone lock any account: five wrong passwords from anywhere locked it for everyone).
-- A "subject" is an account, or for a login that names no account, what was typed: both
-- are throttled alike so that the answers do not tell which logins exist.
-- A "source" is the client address as the HTTP layer sees it (TRUST_PROXY decides): an
-- IPv4 address, or the /64 network of an IPv6 address (one subscriber's allocation).

CREATE TABLE login_failures (
  subject_hash    text NOT NULL,
  source_hash     text NOT NULL,
  failures        integer NOT NULL CHECK (failures > 0),
  last_failed_at  timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  PRIMARY KEY (subject_hash, source_hash)
);
CREATE INDEX login_failures_last_failed_at_idx ON login_failures (last_failed_at);

COMMENT ON TABLE login_failures IS 'Consecutive failed logins per (subject, source), with the growing delay they earn. The owner at another source has a row of their own, so an attacker''s failures never delay them. Rows of one subject within a window are the evidence for login_locks. Deleted by a success from that source, a password reset, or a sweep 24 hours after the last failure.';
COMMENT ON COLUMN login_failures.subject_hash IS 'HMAC (key derived from SECRET_KEY) of account:<id>, or of login:<what was typed> when it names no account.';
COMMENT ON COLUMN login_failures.source_hash IS 'HMAC of the source: an IPv4 address or an IPv6 /64.';
COMMENT ON COLUMN login_failures.failures IS 'Counted when an attempt starts (so concurrent attempts cannot slip past the delay) and forgotten when it succeeds.';
COMMENT ON COLUMN login_failures.next_attempt_at IS 'Attempts before this time are refused without checking the password and without counting.';

CREATE TABLE login_locks (
  subject_hash text PRIMARY KEY,
  locked_until timestamptz NOT NULL,
  notified_at  timestamptz
);
CREATE INDEX login_locks_locked_until_idx ON login_locks (locked_until);

COMMENT ON TABLE login_locks IS 'A subject refused at every source, set only on evidence: failures from many distinct sources within a window. A password reset lifts it.';
COMMENT ON COLUMN login_locks.notified_at IS 'When the account owner was last mailed about a lock: at most one mail a day.';

-- Counters of the former scheme: per account (replaced by login_failures) and per IP
-- (now per source under the scope login_source).
DELETE FROM auth_throttle WHERE scope IN ('login_account', 'login_ip');
COMMENT ON COLUMN auth_throttle.scope IS 'What is counted: login_source (failed logins of one source across accounts), register_source, reset_email, reset_ip, and the other scopes named in throttle.ts.';
