-- Completion per lead agency and year of deadline, kept with the monthly roll-ups (0002) by the
-- same statement of every write of a task, so the two never disagree. A year's completion rates
-- read 100 rows (one per agency) instead of 100 agencies × 12 months. Tasks due "regularly"
-- are kept under the year 9999. Open tasks are split into overdue and not yet due at read time:
-- every open task of a past year is overdue, none of a later year; the current year is read by month.
CREATE TABLE task_year_rollups (
  due_year date NOT NULL,
  agency_code text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  late integer NOT NULL DEFAULT 0,
  not_completed integer NOT NULL DEFAULT 0,
  open integer NOT NULL DEFAULT 0,
  PRIMARY KEY (due_year, agency_code)
);

INSERT INTO task_year_rollups (due_year, agency_code, total, on_time, late, not_completed, open)
SELECT date_trunc('year', due_month)::date, agency_code, sum(total), sum(on_time), sum(late), sum(not_completed), sum(open)
FROM task_rollups GROUP BY 1, 2;
