-- Several chains instead of one. With a single chain every audited write of the platform
-- queued on one lock from its append to its commit (about 300 audited transactions a second
-- on the 2-core reference machine, measured with bench:exchange). An entry now belongs to
-- one of a fixed number of chains, chosen from the entity of its transaction's first entry
-- (src/platform/audit), so writers of different entities rarely wait for each other.
ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 0 CHECK (chain >= 0);
-- Position in its chain, gap-free (read from the chain's head under the chain's lock, so a
-- rolled-back appender leaves no hole): a hole is a removed entry.
ALTER TABLE audit_log ADD COLUMN chain_pos bigint;

-- Entries written before this migration form chain 0, in seq order.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET chain_pos = numbered.pos
FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS pos FROM audit_log) AS numbered
WHERE audit_log.seq = numbered.seq;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log ALTER COLUMN chain DROP DEFAULT;
ALTER TABLE audit_log ALTER COLUMN chain_pos SET NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_pos_positive CHECK (chain_pos >= 1);
-- A chain cannot fork: an appender that read a stale head (e.g. in a REPEATABLE READ
-- transaction) claims a position that is taken and fails. Also the index of the head lookup
-- and of the verifier's walk.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_pos_unique UNIQUE (chain, chain_pos);
-- Every chain starts from the genesis hash, so prev_hash is no longer unique across chains.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_prev_hash_unique;

COMMENT ON TABLE audit_log IS
  'Append-only, hash-chained audit trail of every state change, written in the transaction of the change. Entries are spread over several chains by entity; the appenders of one chain are serialised by an advisory lock so that position order is chain order. Verify with `egov audit verify`.';
COMMENT ON COLUMN audit_log.seq IS
  'Global order of appends across chains. Gaps are normal (a rolled-back appender consumed a number).';
COMMENT ON COLUMN audit_log.chain IS 'Which chain the entry belongs to: a hash of the entity of its transaction''s first entry, modulo the number of chains; 0 for entries written before chains existed.';
COMMENT ON COLUMN audit_log.chain_pos IS 'Position in the chain, from 1, without gaps: a gap is a removed entry.';
COMMENT ON COLUMN audit_log.prev_hash IS 'Hash of the previous entry of the same chain; 64 zeros for the first entry of a chain.';
