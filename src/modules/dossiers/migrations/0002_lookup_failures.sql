-- Wrong second factors per dossier code, in a fixed window. The per-IP budget alone does
-- not stop many addresses sharing the 10,000 possible phone endings of one code; this
-- budget lives in the database so every `serve` process counts against the same limit.
CREATE TABLE dossier_lookup_failures (
  code text PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL
);
COMMENT ON TABLE dossier_lookup_failures IS
  'Failed public lookups per dossier code (also unknown codes, so that an unknown code answers like a known one); old windows are purged as lookups go.';
CREATE INDEX dossier_lookup_failures_window ON dossier_lookup_failures (window_start);
