-- Per-level send deadlines: a regime's deadline may differ by the kind of the sending unit
-- (communes send to the province, which sends on to the ministry later), e.g.
-- {"commune": 2, "province": 5, "ministry": 8}; a kind not named uses deadline_working_days.
ALTER TABLE reporting_regimes ADD COLUMN level_deadlines jsonb NOT NULL DEFAULT '{}';
