-- What the back office (one-stop processing in egov) and the status sync (agencies' own one-stop
-- systems) both write about a dossier's progress, in one shape, so that the timeline, the
-- statistics and the lookup read one store whichever way a dossier is processed.

-- Optimistic versioning: every change of a dossier bumps version; a writer that read version n
-- updates "where version = n" and is told the dossier changed when no row matches.
ALTER TABLE dossiers ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
COMMENT ON COLUMN dossiers.version IS 'Bumped by every change: two officials acting at once, one succeeds and the other is told the dossier changed (update … where version = the one read).';

-- The time of the newest change applied, as its writer says it happened (the back office''s
-- own clock, or the event time a synced system sent): an older update never overwrites a newer one.
ALTER TABLE dossiers ADD COLUMN state_at timestamptz;
COMMENT ON COLUMN dossiers.state_at IS 'When the current state happened by its source''s own clock (null: at received_at). A synced update older than this is recorded as ignored, not applied.';

-- A progress entry (CapNhatTienDoHoSoMC, DOMAIN §4): who, position, unit, when, what, status,
-- the step''s start and statutory end.
ALTER TABLE dossier_events ADD COLUMN by_position text;
ALTER TABLE dossier_events ADD COLUMN unit_name text;
ALTER TABLE dossier_events ADD COLUMN step_started_at timestamptz;
ALTER TABLE dossier_events ADD COLUMN step_due_at timestamptz;
COMMENT ON COLUMN dossier_events.by_position IS 'ChucDanh: the position of who acted (shown to the applicant with by_name).';
COMMENT ON COLUMN dossier_events.unit_name IS 'PhongBanXuLy: the unit or department of the step.';
COMMENT ON COLUMN dossier_events.step_started_at IS 'NgayBatDau: when the step started.';
COMMENT ON COLUMN dossier_events.step_due_at IS 'NgayKetThucTheoQuyDinh: the step''s statutory end.';
