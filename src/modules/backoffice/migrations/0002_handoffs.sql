-- Liên thông (DOMAIN §4, NĐ 61/2018 art. 21–22; issue #12): a dossier whose procedure case
-- involves several agencies is handed over from the receiving unit to another agency's unit
-- (the step's `unit` in backoffice_workflows.steps) and back, or on. One row a hand-off: who
-- sent it where, at which step, the agency's part of the time limit, and when it left that
-- unit again. Both units see the trail; the open rows are the "Liên thông" queue of both.

CREATE TABLE backoffice_handoffs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code  text NOT NULL,
  receiving_unit text NOT NULL,
  from_unit     text NOT NULL,
  to_unit       text NOT NULL,
  step_index    smallint NOT NULL CHECK (step_index >= 0),
  sent_at       timestamptz NOT NULL,
  sent_by       uuid,
  due_at        timestamptz,
  returned_at   timestamptz,
  CHECK (from_unit <> to_unit),
  CHECK (returned_at IS NULL OR returned_at >= sent_at)
);
CREATE INDEX backoffice_handoffs_dossier_idx ON backoffice_handoffs (dossier_code, id);
-- The queues: open hand-offs to a unit, and of the dossiers a unit received, most urgent first.
CREATE INDEX backoffice_handoffs_open_to_idx ON backoffice_handoffs (to_unit, due_at, dossier_code) WHERE returned_at IS NULL;
CREATE INDEX backoffice_handoffs_open_receiving_idx ON backoffice_handoffs (receiving_unit, due_at, dossier_code) WHERE returned_at IS NULL;
-- A dossier is at one unit at a time: at most one open hand-off.
CREATE UNIQUE INDEX backoffice_handoffs_one_open ON backoffice_handoffs (dossier_code) WHERE returned_at IS NULL;
COMMENT ON TABLE backoffice_handoffs IS 'Inter-agency hand-offs (liên thông) of dossiers: from and to which unit (QĐ 20 codes), at which step, the receiving agency''s part of the deadline (due_at: the shares of the consecutive steps it holds), and when the dossier left it (returned_at; NULL while it is there).';
