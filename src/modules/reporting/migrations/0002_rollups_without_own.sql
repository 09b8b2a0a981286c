-- A unit's roll-up rows now hold only what its accepted descendants add up to; its own
-- accepted values are read from reporting_values where they are (a commune's series). The
-- rows that held a leaf unit's own values go: a rolled-up submission belongs to a unit with
-- no children in its regime, so every row at its unit and period was its own.
DELETE FROM reporting_rollups r
USING reporting_submissions s
WHERE s.rolled_up AND s.regime_code = r.regime_code AND s.period = r.period AND s.unit_code = r.unit_code;
