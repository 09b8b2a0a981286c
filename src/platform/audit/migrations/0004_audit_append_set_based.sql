-- audit_append with one INSERT per call instead of one per entry. The hashes are still
-- computed one after another (each takes the previous one), but the rows are inserted
-- together: a batch of 200 acknowledgements started the executor 200 times for its
-- audit entries, and looked up the seq sequence's name 200 times. Same arguments, same
-- results, same hashes (src/platform/audit/chain.ts entryHash).
CREATE OR REPLACE FUNCTION audit_append(
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
  v_count int := COALESCE(array_length(p_action, 1), 0);
  v_prev text;
  v_position bigint;
  v_sequence regclass := pg_get_serial_sequence('audit_log', 'seq')::regclass;
  v_seqs bigint[] := '{}';
  v_positions bigint[] := '{}';
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('egov.audit_log'), p_chain);
  IF v_count = 0 THEN
    RETURN;
  END IF;
  SELECT a.hash, a.chain_pos INTO v_prev, v_position
  FROM audit_log a WHERE a.chain = p_chain ORDER BY a.chain_pos DESC LIMIT 1;
  v_prev := COALESCE(v_prev, repeat('0', 64));
  v_position := COALESCE(v_position, 0);
  FOR i IN 1 .. v_count LOOP
    v_seqs[i] := nextval(v_sequence);
    v_positions[i] := v_position + i;
    v_prevs[i] := v_prev;
    v_prev := encode(sha256(convert_to(v_prev || p_canonical_without_seq[i] || v_seqs[i]::text || '}', 'UTF8')), 'hex');
    v_hashes[i] := v_prev;
  END LOOP;
  INSERT INTO audit_log (seq, chain, chain_pos, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
  SELECT e.seq, p_chain, e.pos, e.occurred_at, e.actor, e.action, e.entity_type, e.entity_id, e.data, e.prev, e.hash
  FROM unnest(v_seqs, v_positions, p_occurred_at, p_actor, p_action, p_entity_type, p_entity_id, p_data, v_prevs, v_hashes)
       AS e(seq, pos, occurred_at, actor, action, entity_type, entity_id, data, prev, hash)
  ORDER BY e.seq;
  RETURN QUERY SELECT s, p, h FROM unnest(v_seqs, v_positions, v_hashes) AS r(s, p, h);
END
$$;
