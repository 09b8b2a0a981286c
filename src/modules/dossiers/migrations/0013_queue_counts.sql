-- How many dossiers each receiving unit holds in each status, kept by triggers in the
-- transaction of every write to dossiers (submission, transition, sync, erasure), so that the
-- back office's queue counts read a few rows instead of counting the queue index on every page
-- (six or seven counts of up to 1,000 index entries per page before; issue #12's bench).
--
-- The rows are deltas, summed on reading: a write only INSERTs (no row is updated, so two
-- transactions of one unit never wait on each other's counter, and transactions touching
-- several statuses in different orders cannot deadlock — an upserted counter row per
-- (unit, status) could). A write folds its unit's rows into one row per status once the unit
-- has more than 32 rows, under a transaction-scoped advisory lock it only tries to take: a
-- second folder of the same unit skips (its deltas stay, to be folded later), so folding never
-- waits either. A reader sees the rows before or after a fold, whose sums are the same.
CREATE TABLE dossier_queue_counts (
  receiving_agency text NOT NULL,
  status           smallint NOT NULL,
  n                bigint NOT NULL
);
CREATE INDEX dossier_queue_counts_unit_idx ON dossier_queue_counts (receiving_agency, status) INCLUDE (n);
COMMENT ON TABLE dossier_queue_counts IS 'Dossiers per (receiving unit, status) as deltas summed on reading; written only by the triggers on dossiers (dossier_queue_counts_apply). Equal to SELECT receiving_agency, status, count(*) FROM dossiers GROUP BY 1, 2.';

CREATE FUNCTION dossier_queue_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text[];
  unit text;
BEGIN
  -- Statement-level with transition tables: one aggregated insert per statement, however many
  -- rows it wrote (sync batches, bulk loads); an update that moves no dossier between
  -- (unit, status) cancels out and writes nothing.
  IF TG_OP = 'INSERT' THEN
    WITH d AS (INSERT INTO dossier_queue_counts (receiving_agency, status, n)
               SELECT receiving_agency, status, count(*) FROM new_rows GROUP BY 1, 2 RETURNING receiving_agency)
    SELECT array_agg(DISTINCT receiving_agency) INTO touched FROM d;
  ELSIF TG_OP = 'DELETE' THEN
    WITH d AS (INSERT INTO dossier_queue_counts (receiving_agency, status, n)
               SELECT receiving_agency, status, -count(*) FROM old_rows GROUP BY 1, 2 RETURNING receiving_agency)
    SELECT array_agg(DISTINCT receiving_agency) INTO touched FROM d;
  ELSE
    WITH d AS (INSERT INTO dossier_queue_counts (receiving_agency, status, n)
               SELECT receiving_agency, status, sum(delta) FROM (
                 SELECT receiving_agency, status, -1 AS delta FROM old_rows
                 UNION ALL
                 SELECT receiving_agency, status, 1 FROM new_rows
               ) c GROUP BY 1, 2 HAVING sum(delta) <> 0 RETURNING receiving_agency)
    SELECT array_agg(DISTINCT receiving_agency) INTO touched FROM d;
  END IF;
  IF touched IS NULL THEN
    RETURN NULL;
  END IF;
  FOR unit IN
    SELECT c.receiving_agency FROM dossier_queue_counts c WHERE c.receiving_agency = ANY (touched) GROUP BY 1 HAVING count(*) > 32
  LOOP
    IF pg_try_advisory_xact_lock(hashtext('egov.dossier_queue_counts'), hashtext(unit)) THEN
      WITH gone AS (DELETE FROM dossier_queue_counts WHERE receiving_agency = unit RETURNING status, n)
      INSERT INTO dossier_queue_counts (receiving_agency, status, n)
      SELECT unit, status, sum(n) FROM gone GROUP BY status HAVING sum(n) <> 0;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER dossiers_queue_counts_insert AFTER INSERT ON dossiers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_queue_counts_apply();
CREATE TRIGGER dossiers_queue_counts_update AFTER UPDATE ON dossiers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_queue_counts_apply();
CREATE TRIGGER dossiers_queue_counts_delete AFTER DELETE ON dossiers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_queue_counts_apply();

-- The dossiers already there (the migration's transaction holds off writers until it commits).
LOCK TABLE dossiers IN SHARE MODE;
INSERT INTO dossier_queue_counts (receiving_agency, status, n)
SELECT receiving_agency, status, count(*) FROM dossiers GROUP BY 1, 2;
