-- The history of every dossier (status changes and progress steps, portal-filed and synced)
-- partitioned by month: at national volume (117 M dossiers, several entries each) a month of
-- history is one table that can be detached and archived without touching live data, and
-- queries for a dossier read the few months its history spans.
--
-- Months are months of Vietnam (UTC+7). A DEFAULT partition catches entries outside the months
-- made so far (a synced system may send a 2015 history); dossier_history_ensure_months() makes
-- the months around now, moving any such entries out of the default partition first.
--
-- PostgreSQL 15 has no identity columns on partitioned tables: the id comes from a sequence
-- (the same order as before), and the primary key includes the partition key.

ALTER TABLE dossier_events RENAME TO dossier_events_before_partitioning;
ALTER INDEX dossier_events_dossier_idx RENAME TO dossier_events_before_partitioning_dossier_idx;
ALTER INDEX dossier_events_source_key_idx RENAME TO dossier_events_before_partitioning_source_key_idx;

CREATE SEQUENCE dossier_event_ids AS bigint;
SELECT setval('dossier_event_ids', coalesce((SELECT max(id) FROM dossier_events_before_partitioning), 0) + 1, false);

CREATE TABLE dossier_events (
  id               bigint NOT NULL DEFAULT nextval('dossier_event_ids'),
  dossier_id       bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  status           smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  note             text,
  at               timestamptz NOT NULL DEFAULT now(),
  by_name          text,
  by_position      text,
  unit_name        text,
  step_started_at  timestamptz,
  step_due_at      timestamptz,
  source_key       text,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE dossier_event_ids OWNED BY dossier_events.id;
CREATE TABLE dossier_events_default PARTITION OF dossier_events DEFAULT;
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, at, id) INCLUDE (status);
COMMENT ON TABLE dossier_events IS 'Status history and progress entries (CapNhatTienDoHoSoMC) shown on the tracking page, partitioned by month of at (UTC+7): dossier_events_YYYY_MM, and dossier_events_default for months not made yet. by_name is who acted as the applicant may see it (an official''s name or the agency), never an account id.';
COMMENT ON COLUMN dossier_events.by_position IS 'ChucDanh: the position of who acted (shown to the applicant with by_name).';
COMMENT ON COLUMN dossier_events.unit_name IS 'PhongBanXuLy: the unit or department of the step.';
COMMENT ON COLUMN dossier_events.step_started_at IS 'NgayBatDau: when the step started.';
COMMENT ON COLUMN dossier_events.step_due_at IS 'NgayKetThucTheoQuyDinh: the step''s statutory end.';
COMMENT ON COLUMN dossier_events.source_key IS 'For entries that came from a synced system: what makes the entry the same when it is sent again (see dossier_event_keys). Null for the portal''s own entries.';

-- A unique index on a partitioned table must contain the partition key, and a synced entry
-- sent again is the same entry whatever time it now carries: the keys that make entries
-- idempotent live in a table of their own, not partitioned (two short columns a row).
CREATE TABLE dossier_event_keys (
  dossier_id  bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  source_key  text NOT NULL,
  PRIMARY KEY (dossier_id, source_key)
);
COMMENT ON TABLE dossier_event_keys IS 'The source keys of synced history entries (dossier_events.source_key), unique per dossier: an entry is inserted only when its key is new (INSERT … ON CONFLICT DO NOTHING here, then the entry).';

-- Makes the partitions of the months from `from_month` to `ahead` months after now (UTC+7),
-- each once; entries already in the default partition for such a month move into it.
CREATE FUNCTION dossier_history_ensure_months(from_month date, ahead integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  last_month date := (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + make_interval(months => ahead))::date;
  lo timestamptz;
  hi timestamptz;
  name text;
  made integer := 0;
BEGIN
  WHILE m <= last_month LOOP
    name := 'dossier_events_' || to_char(m, 'YYYY_MM');
    IF to_regclass(name) IS NULL THEN
      lo := (m::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
      hi := ((m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
      EXECUTE format('CREATE TABLE %I (LIKE dossier_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
      EXECUTE format('WITH moved AS (DELETE FROM dossier_events_default WHERE at >= %L AND at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved', lo, hi, name);
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (at >= %L AND at < %L)', name, name || '_range', lo, hi);
      EXECUTE format('ALTER TABLE dossier_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
      -- The check only spared the attach a scan; the partition bound says the same.
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', name, name || '_range');
      made := made + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN made;
END
$$;
COMMENT ON FUNCTION dossier_history_ensure_months(date, integer) IS 'Makes the monthly partitions of dossier_events from a month to N months ahead of now (UTC+7); the worker and `egov dossiers history-months` call it.';

-- The months of the history already stored (from the first one, at most 10 years back, the rest
-- stays in the default partition) and the next 12.
SELECT dossier_history_ensure_months(
  greatest(
    coalesce((SELECT min(at) FROM dossier_events_before_partitioning), now()) AT TIME ZONE 'Asia/Ho_Chi_Minh',
    (now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '10 years'
  )::date,
  12);

INSERT INTO dossier_events (id, dossier_id, status, note, at, by_name, by_position, unit_name, step_started_at, step_due_at, source_key)
SELECT id, dossier_id, status, note, at, by_name, by_position, unit_name, step_started_at, step_due_at, source_key
FROM dossier_events_before_partitioning;
INSERT INTO dossier_event_keys (dossier_id, source_key)
SELECT dossier_id, source_key FROM dossier_events_before_partitioning WHERE source_key IS NOT NULL;
DROP TABLE dossier_events_before_partitioning;
