-- Tasks the Government and the Prime Minister assign to ministries and provinces (NQ 17/NQ-CP's
-- monitoring and evaluation framework; issue #16): who leads, who co-ordinates, by when, what
-- product is expected, and every step from assignment to the Government Office's evaluation.

CREATE TABLE tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_kind text NOT NULL CHECK (source_kind IN ('resolution', 'decision', 'cabinet_conclusion', 'official_letter')),
  -- The DocumentId of the assigning document (QCVN 102: "<OrganId>,<yyyy/MM/dd>,<number/notation>"),
  -- or for a cabinet conclusion the agenda item's id.
  source_ref text NOT NULL,
  source_title text NOT NULL DEFAULT '',
  cabinet_item_id bigint,
  cabinet_session_id bigint,
  -- Position of the task among those of its conclusion: with the item, the key that makes the
  -- consumer of cabinet.conclusion_recorded idempotent when the log is replayed.
  source_ordinal integer,
  content text NOT NULL,
  lead_agency_code text NOT NULL,
  lead_level1 text NOT NULL,
  coordinating_agencies text[] NOT NULL DEFAULT '{}',
  coordinating_level1 text[] NOT NULL DEFAULT '{}',
  deadline_kind text NOT NULL CHECK (deadline_kind IN ('date', 'periodic', 'regular')),
  -- The date as assigned (or as last extended), for a date deadline.
  deadline date,
  period text CHECK (period IN ('monthly', 'quarterly', 'half_yearly', 'yearly')),
  period_day integer CHECK (period_day BETWEEN 1 AND 31),
  periodic_until date,
  -- The period the next periodic report answers (2027-M01, 2027-Q1, 2027-H1, 2027-Y).
  current_period text,
  -- The day the task (or its current period's report) is due, moved to a working day when the
  -- deadline falls on a day off (Civil Code art. 148(4)) with the calendar of its assignment;
  -- null for "regularly". Overdue: open and due_on before today (Vietnam).
  due_on date,
  expected_product text NOT NULL DEFAULT '',
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high', 'urgent')),
  status text NOT NULL CHECK (status IN ('assigned', 'clarification', 'accepted', 'in_progress', 'completed', 'evaluated')),
  progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  completed_at timestamptz,
  completed_on date,
  product_document_id text,
  product_file_sha256 text,
  product_file_name text,
  product_note text,
  evaluation text CHECK (evaluation IN ('on_time', 'late', 'not_completed')),
  evaluated_at timestamptz,
  assigned_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tasks_cabinet_source_key ON tasks (cabinet_item_id, source_ordinal) WHERE cabinet_item_id IS NOT NULL;
CREATE INDEX tasks_lead_level1_due_idx ON tasks (lead_level1, due_on);
CREATE INDEX tasks_coordinating_idx ON tasks USING gin (coordinating_level1);
CREATE INDEX tasks_product_document_idx ON tasks (product_document_id) WHERE product_document_id IS NOT NULL;
-- The Government Office's overdue list: open tasks by due day.
-- Its INCLUDE makes the open tasks by agency an index-only read.
CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) INCLUDE (lead_agency_code) WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress') AND due_on IS NOT NULL;
-- Completion rates per agency and period: one index-only range read of the period's tasks.
CREATE INDEX tasks_due_rates_idx ON tasks (due_on) INCLUDE (lead_agency_code, status, completed_on, evaluation);

-- A task's trail: every step, who took it, and what it carried (a report, a document, a file).
CREATE TABLE task_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks (id),
  kind text NOT NULL,
  note text NOT NULL DEFAULT '',
  progress_percent integer,
  period_key text,
  document_id text,
  file_sha256 text,
  file_name text,
  actor_account_id text NOT NULL,
  actor_name text NOT NULL,
  agency_code text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_events_task_idx ON task_events (task_id, id);
CREATE INDEX task_events_document_idx ON task_events (document_id) WHERE document_id IS NOT NULL;

-- Requests to move a deadline, decided by the Government Office. One pending at a time per task.
CREATE TABLE task_extensions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks (id),
  requested_deadline date NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by_name text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by_name text,
  decision_note text,
  decided_at timestamptz
);
CREATE UNIQUE INDEX task_extensions_one_pending ON task_extensions (task_id) WHERE status = 'pending';
