-- Budgets of the public lookup, reserved before the answer is checked. 0002 counted a
-- failure after checking it: 60 parallel guesses all read the count before any was
-- recorded, and all were checked. The per-address budget was kept in each process's
-- memory; it moves here so every `serve` process counts against the same number.
CREATE TABLE dossier_lookup_budgets (
  scope        text NOT NULL CHECK (scope IN ('address', 'code')),
  key          text NOT NULL,
  attempts     integer NOT NULL CHECK (attempts >= 0),
  window_start timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
COMMENT ON TABLE dossier_lookup_budgets IS
  'Fixed-window budgets of the public lookup: per client address (every lookup, IPv6 per /64) and per dossier code (answers checked, wrong or pending; a right answer gives its attempt back). A lookup takes its attempt with one INSERT … ON CONFLICT DO UPDATE … WHERE attempts < limit RETURNING before the answer is checked: the row lock orders concurrent lookups, so no more than the limit are ever checked. Unknown codes have budgets too, so that they answer like known ones. Expired windows are purged as lookups go.';
CREATE INDEX dossier_lookup_budgets_window ON dossier_lookup_budgets (window_start);

DROP TABLE dossier_lookup_failures;
