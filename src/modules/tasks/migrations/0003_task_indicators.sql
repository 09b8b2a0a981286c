-- Lineage to the reporting system (issue #16, item 4): the indicators (reporting indicator codes,
-- checked through the reporting module's door when linked) a task is expected to move. Read both
-- ways: a task's indicators on its page, an indicator's tasks on the reporting figures page.
CREATE TABLE task_indicators (
  task_id bigint NOT NULL REFERENCES tasks (id),
  indicator_code text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, indicator_code)
);
CREATE INDEX task_indicators_indicator_idx ON task_indicators (indicator_code, task_id);
