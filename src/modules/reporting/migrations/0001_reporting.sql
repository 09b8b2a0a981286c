-- The Government Reporting System (NĐ 09/2019/NĐ-CP; DOMAIN.md §8): reporting units, indicators,
-- regimes, submissions with their values, and roll-ups kept up to date as submissions are accepted.

-- The tree of units that report and receive, of any depth: the nation, provinces, communes,
-- ministries and their departments. Administrative units are named by their official codes
-- (agencies module), officials act for the unit whose agency code they belong to.
CREATE TABLE reporting_units (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9.]{0,39}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  name_en text,
  kind text NOT NULL CHECK (kind IN ('nation', 'province', 'commune', 'ministry', 'department', 'other')),
  parent_code text REFERENCES reporting_units (code),
  depth integer NOT NULL CHECK (depth >= 0),
  admin_unit_code text,
  agency_code text,
  contact_email text,
  retired_at timestamptz,
  CHECK ((parent_code IS NULL) = (depth = 0))
);
CREATE INDEX reporting_units_parent_idx ON reporting_units (parent_code, code);
CREATE UNIQUE INDEX reporting_units_agency_idx ON reporting_units (agency_code) WHERE agency_code IS NOT NULL;
COMMENT ON COLUMN reporting_units.admin_unit_code IS 'Province (2 digits) or commune (5 digits) code of the administrative unit, when the unit is one; a retired unit keeps its rows and history.';

CREATE TABLE reporting_indicators (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  name_en text NOT NULL,
  unit text NOT NULL,
  value_type text NOT NULL CHECK (value_type IN ('integer', 'decimal', 'percent')),
  aggregation text NOT NULL CHECK (aggregation IN ('SUM', 'AVG', 'MAX', 'MIN', 'FORMULA')),
  -- AVG: the indicator whose value weighs each unit (a rate weighed by its population); none: each unit counts once.
  weight_indicator text REFERENCES reporting_indicators (code),
  formula text,
  min_value double precision,
  max_value double precision,
  -- [{ "code": "sex", "name": "Giới tính", "nameEn": "Sex", "options": [{ "code": "male", ... }] }]
  disaggregation jsonb NOT NULL DEFAULT '[]',
  CHECK ((aggregation = 'FORMULA') = (formula IS NOT NULL)),
  CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
);

CREATE TABLE reporting_regimes (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_-]{0,39}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  name_en text NOT NULL,
  legal_basis text NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'six_months', 'nine_months', 'yearly', 'ad_hoc')),
  deadline_working_days integer NOT NULL CHECK (deadline_working_days BETWEEN 0 AND 60),
  receiving_unit_code text NOT NULL REFERENCES reporting_units (code),
  -- [{ "code": "situation", "title": "...", "titleEn": "..." }]
  narrative_sections jsonb NOT NULL DEFAULT '[]',
  -- [{ "kind": "lte", "left": "A", "right": "B" }]
  rules jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reporting_regime_indicators (
  regime_code text NOT NULL REFERENCES reporting_regimes (code),
  indicator_code text NOT NULL REFERENCES reporting_indicators (code),
  position integer NOT NULL,
  PRIMARY KEY (regime_code, indicator_code)
);

-- Who reports in a regime: units entering data (the leaves) and the units above them that
-- approve their children and send the whole up.
CREATE TABLE reporting_regime_units (
  regime_code text NOT NULL REFERENCES reporting_regimes (code),
  unit_code text NOT NULL REFERENCES reporting_units (code),
  PRIMARY KEY (regime_code, unit_code)
);

CREATE TABLE reporting_submissions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  regime_code text NOT NULL REFERENCES reporting_regimes (code),
  period text NOT NULL,
  unit_code text NOT NULL REFERENCES reporting_units (code),
  state text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'accepted', 'returned', 'correction_requested')),
  narrative jsonb NOT NULL DEFAULT '{}',
  reason text,
  version integer NOT NULL DEFAULT 1,
  -- Whether its values are in reporting_rollups now (accepted and not unlocked since).
  rolled_up boolean NOT NULL DEFAULT false,
  sent_at timestamptz,
  accepted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (regime_code, period, unit_code)
);
CREATE INDEX reporting_submissions_period_idx ON reporting_submissions (regime_code, period, state);

CREATE TABLE reporting_values (
  submission_id bigint NOT NULL REFERENCES reporting_submissions (id),
  indicator_code text NOT NULL REFERENCES reporting_indicators (code),
  -- '' is the total; 'sex=female' a part of it.
  category text NOT NULL DEFAULT '',
  value double precision NOT NULL,
  PRIMARY KEY (submission_id, indicator_code, category)
);

-- What the accepted submissions below each unit add up to, per indicator and period, kept as
-- the running parts of every rule (count, sum, weights, max, min) so that an acceptance adds
-- its values along its path to the root and an unlock takes them away.
CREATE TABLE reporting_rollups (
  regime_code text NOT NULL,
  period text NOT NULL,
  unit_code text NOT NULL,
  indicator_code text NOT NULL,
  category text NOT NULL,
  n integer NOT NULL,
  total double precision NOT NULL,
  weight double precision NOT NULL,
  weighted double precision NOT NULL,
  max_value double precision,
  min_value double precision,
  PRIMARY KEY (regime_code, unit_code, indicator_code, category, period)
);

-- Reminders sent before a deadline: one per unit, period and kind, never twice.
CREATE TABLE reporting_reminders (
  regime_code text NOT NULL,
  period text NOT NULL,
  unit_code text NOT NULL,
  kind text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regime_code, period, unit_code, kind)
);
