-- Completion per lead agency and month of deadline, kept by every write of a task (insert, state
-- change, moved deadline) in its transaction: the Government Office's completion rates and
-- open/overdue counts read at most 100 agencies × 12 months of rows instead of a year of tasks
-- (bench:tasks on 200,000 tasks: the aggregate over a year's ~40,000 tasks took ~120 ms on
-- the reference machine). Tasks due "regularly" (no due day) are kept under the month 9999-12,
-- which no period reaches. Open tasks are split into overdue and not yet due at read time: by
-- month for months before and after the current one, from `tasks` for the current month.
CREATE TABLE task_rollups (
  due_month date NOT NULL,
  agency_code text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  late integer NOT NULL DEFAULT 0,
  not_completed integer NOT NULL DEFAULT 0,
  open integer NOT NULL DEFAULT 0,
  PRIMARY KEY (due_month, agency_code)
);

INSERT INTO task_rollups (due_month, agency_code, total, on_time, late, not_completed, open)
SELECT COALESCE(date_trunc('month', due_on)::date, date '9999-12-01'), lead_agency_code, count(*),
  count(*) FILTER (WHERE completed_on <= due_on), count(*) FILTER (WHERE completed_on > due_on),
  count(*) FILTER (WHERE completed_on IS NULL AND evaluation = 'not_completed'),
  count(*) FILTER (WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress'))
FROM tasks GROUP BY 1, 2;

-- Open tasks of one agency or of the current month, read from the index alone.
CREATE INDEX tasks_open_agency_idx ON tasks (lead_agency_code, due_on) WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress');
