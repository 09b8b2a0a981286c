-- Units change by resolution: a commune merged away is retired, not deleted, so records that
-- name it (agencies, dossiers, reports) keep their history. `egov import units --retire-missing`
-- retires the communes of the file's provinces that the file no longer lists.
ALTER TABLE communes ADD COLUMN retired_at timestamptz;
COMMENT ON COLUMN communes.retired_at IS 'When an import of the official table no longer listed it; null while in force.';
