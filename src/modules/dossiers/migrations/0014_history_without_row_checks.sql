-- The history's foreign keys to dossiers cost a row check per entry (two per synced dossier:
-- the entry and its key), about 40% of writing a batch's history at national volume (#21).
-- They guard nothing the writers do not already hold: every writer takes the dossier's id from
-- a row it inserted or locked in the same transaction (dossiers.sync-store.ts,
-- dossiers.transitions.ts, dossiers.repository.ts), and dossiers are never deleted — history
-- leaves by detaching month partitions, which these keys do not follow anyway.
-- By what they are, not by name (the name depends on the table's history); a partition's
-- copy goes with its parent's.
DO $$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conname, c.conrelid::regclass AS tab FROM pg_constraint c
    WHERE c.contype = 'f' AND c.confrelid = 'dossiers'::regclass AND c.conparentid = 0
      AND c.conrelid IN ('dossier_events'::regclass, 'dossier_event_keys'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tab, fk.conname);
  END LOOP;
END
$$;
COMMENT ON COLUMN dossier_event_keys.dossier_id IS 'The dossier (dossiers.id); no foreign key: written only with an id inserted or locked in the same transaction, and dossiers are never deleted (migration 0014).';
COMMENT ON COLUMN dossier_events.dossier_id IS 'The dossier (dossiers.id); no foreign key: written only with an id inserted or locked in the same transaction, and dossiers are never deleted (migration 0014).';
