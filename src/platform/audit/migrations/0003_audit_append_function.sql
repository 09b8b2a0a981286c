-- The append in one round trip, for one entry or a batch: lock the chain, read its head,
-- number and hash the entries, insert them. Three round trips per audited write were a
-- measurable share of every audited transaction's time (and the chain lock is held from
-- here to commit); a batch of acknowledgements writes hundreds of entries at once.
-- The application sends the canonical JSON of each entry without its seq (seq is the last
-- key in sorted order, so the text ends with `"seq":`); the function appends the seq it
-- draws and the closing brace, and hashes prev_hash || canonical exactly like
-- src/platform/audit/chain.ts entryHash, which the verifier uses.
-- plpgsql in READ COMMITTED takes a new snapshot per statement: the head read after the
-- lock sees the entries of the appender that held the lock before.
CREATE FUNCTION audit_append(
  p_chain smallint,
  p_occurred_at timestamptz[],
  p_actor text[],
  p_action text[],
  p_entity_type text[],
  p_entity_id text[],
  p_data jsonb[],
  p_canonical_without_seq text[]
) RETURNS TABLE (appended_seq bigint, appended_position bigint, appended_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_prev text;
  v_position bigint;
  v_seq bigint;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('egov.audit_log'), p_chain);
  SELECT a.hash, a.chain_pos INTO v_prev, v_position
  FROM audit_log a WHERE a.chain = p_chain ORDER BY a.chain_pos DESC LIMIT 1;
  v_prev := COALESCE(v_prev, repeat('0', 64));
  v_position := COALESCE(v_position, 0);
  FOR i IN 1 .. COALESCE(array_length(p_action, 1), 0) LOOP
    v_position := v_position + 1;
    v_seq := nextval(pg_get_serial_sequence('audit_log', 'seq'));
    v_hash := encode(sha256(convert_to(v_prev || p_canonical_without_seq[i] || v_seq::text || '}', 'UTF8')), 'hex');
    INSERT INTO audit_log (seq, chain, chain_pos, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
    VALUES (v_seq, p_chain, v_position, p_occurred_at[i], p_actor[i], p_action[i], p_entity_type[i], p_entity_id[i], p_data[i], v_prev, v_hash);
    appended_seq := v_seq;
    appended_position := v_position;
    appended_hash := v_hash;
    RETURN NEXT;
    v_prev := v_hash;
  END LOOP;
END
$$;
