-- Queues narrowed to the step an official holds ("Việc của tôi", issue #12): which unit and
-- role hold the current processing step of an open case. Written with the case by the back
-- office (upsertCaseInTx); NULL at reception (step 0: the "to receive" queue) and once the
-- case is closed (result returned, stopped, withdrawn).

ALTER TABLE backoffice_cases ADD COLUMN holder_unit text;
ALTER TABLE backoffice_cases ADD COLUMN holder_role text;

-- Cases in flight before this migration: their step's unit, else the receiving unit (the
-- prefix of the dossier code, DOMAIN §4); those with a result are closed.
UPDATE backoffice_cases c
   SET holder_unit = coalesce(c.steps -> c.step_index::int ->> 'unit', split_part(c.dossier_code, '-', 1)),
       holder_role = c.steps -> c.step_index::int ->> 'role'
 WHERE c.step_index > 0
   AND NOT EXISTS (SELECT 1 FROM backoffice_documents d WHERE d.dossier_code = c.dossier_code AND d.kind = 'result');

CREATE INDEX backoffice_cases_holder_idx ON backoffice_cases (holder_unit, holder_role, step_started_at, dossier_code) WHERE holder_role IS NOT NULL;
COMMENT ON COLUMN backoffice_cases.holder_unit IS 'The unit holding the current step (another agency''s during a liên thông hand-off); NULL at reception and once closed.';
COMMENT ON COLUMN backoffice_cases.holder_role IS 'The role of the current step (specialist, leader, clerk); NULL at reception and once closed.';
