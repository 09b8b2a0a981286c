-- Audit trail: append-only and hash-chained. Each entry stores the previous entry's hash and
-- its own hash = sha256(prev_hash || canonical JSON of its content), computed by the
-- application (src/platform/audit), so `egov audit verify` can name the first entry that was
-- altered or removed.
CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor text,
  action text NOT NULL CHECK (btrim(action) <> ''),
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  -- The chain cannot fork: two entries can never claim the same predecessor (e.g. an appender
  -- in a REPEATABLE READ transaction that read a stale head fails instead of branching).
  CONSTRAINT audit_log_prev_hash_unique UNIQUE (prev_hash)
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, seq);

-- Append-only. Revoking UPDATE/DELETE does not bind the table's owner (the application role),
-- so a trigger refuses them. A superuser or the owner can still disable the trigger
-- (ALTER TABLE … DISABLE TRIGGER): that is why the entries are also hash-chained.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

COMMENT ON TABLE audit_log IS
  'Append-only, hash-chained audit trail of every state change, written in the transaction of the change. Appenders are serialised by an advisory lock so that seq order is chain order. Verify with `egov audit verify`.';
COMMENT ON COLUMN audit_log.seq IS
  'Chain order. Gaps are normal (a rolled-back appender consumed a number); a removed entry shows as a broken prev_hash link, not as a gap.';
COMMENT ON COLUMN audit_log.occurred_at IS
  'Set by the application with millisecond precision and hashed as its ISO-8601 text, so the hash recomputes identically on every driver.';
COMMENT ON COLUMN audit_log.actor IS 'Account id of who did it; NULL for the system itself (worker, migration, CLI).';
COMMENT ON COLUMN audit_log.action IS 'What happened, e.g. account.created, role.granted.';
COMMENT ON COLUMN audit_log.data IS 'Details of the change (hashed as canonical JSON with sorted keys). No secrets or passwords.';
COMMENT ON COLUMN audit_log.prev_hash IS 'Hash of the previous entry; 64 zeros for the first entry.';
COMMENT ON COLUMN audit_log.hash IS 'sha256 hex of prev_hash followed by the canonical JSON of {seq, occurredAt, actor, action, entityType, entityId, data}.';
