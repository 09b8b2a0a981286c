-- What the status sync hub (statussync module, issue #21) needs of the dossier store.

-- LoaiDoiTuong as one-stop systems send it: besides 1 citizen and 2 business, some send
-- 3 (state body) and 4 (organisation or other).
ALTER TABLE dossiers DROP CONSTRAINT dossiers_applicant_kind_check;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_applicant_kind_check CHECK (applicant_kind BETWEEN 1 AND 4);
COMMENT ON COLUMN dossiers.applicant_kind IS 'LoaiDoiTuong of the portal sync: 1 citizen, 2 business, 3 state body, 4 organisation or other (the last two only from synced systems).';

-- The same synced entry twice is one history entry: a key derived from what the source sent
-- (the status and its time for a dossier state; the step for a progress entry), unique per
-- dossier. Entries written by the portal itself have none.
ALTER TABLE dossier_events ADD COLUMN source_key text;
CREATE UNIQUE INDEX dossier_events_source_key_idx ON dossier_events (dossier_id, source_key) WHERE source_key IS NOT NULL;
COMMENT ON COLUMN dossier_events.source_key IS 'For entries that came from a synced system: what makes the entry the same when it is sent again (INSERT … ON CONFLICT DO NOTHING). Null for the portal''s own entries.';
