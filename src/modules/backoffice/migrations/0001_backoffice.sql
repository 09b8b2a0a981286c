-- The one-stop back office (một cửa điện tử): how each procedure case is processed, where each
-- dossier is in its processing, and the documents the back office issues. The dossier's own
-- state (status 1–10, version, due date, progress entries) stays in the dossiers module,
-- changed only through its door, in the same transaction as these rows.

CREATE TABLE backoffice_workflows (
  procedure_code text NOT NULL,
  case_code      text NOT NULL,
  steps          jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     uuid,
  PRIMARY KEY (procedure_code, case_code)
);
COMMENT ON TABLE backoffice_workflows IS 'Ordered processing steps of a procedure case ([{kind, role, share}]), set by an administrator in a form. A case without a row uses the default: reception (clerk) → specialist review → leader approval → result issuance (clerk).';

CREATE TABLE backoffice_cases (
  dossier_code            text PRIMARY KEY,
  steps                   jsonb NOT NULL,
  step_index              smallint NOT NULL DEFAULT 0 CHECK (step_index >= 0),
  step_started_at         timestamptz NOT NULL DEFAULT now(),
  assignee_id             uuid,
  assignee_name           text,
  clock_from              timestamptz,
  gaps                    jsonb,
  updated_at              timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE backoffice_cases IS 'Where a dossier is in its processing: the workflow as it was when the dossier was received (a later change of the workflow does not move dossiers in flight), the current step, who holds it, and the gaps of a supplement request.';
COMMENT ON COLUMN backoffice_cases.clock_from IS 'When the time limit starts: the receipt, or the moment the applicant completed the dossier after a supplement request (the clock restarts, NĐ 61/2018 art. 15).';

CREATE TABLE backoffice_documents (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code  text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('01', '02', '03', '04', 'result')),
  data          jsonb NOT NULL,
  sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  verify_token  text UNIQUE,
  issuer_agency text NOT NULL,
  issuer_name   text NOT NULL,
  issued_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT backoffice_documents_result_stored CHECK (kind <> 'result' OR (sha256 IS NOT NULL AND verify_token IS NOT NULL))
);
CREATE INDEX backoffice_documents_dossier_idx ON backoffice_documents (dossier_code, id);
CREATE UNIQUE INDEX backoffice_documents_one_apology ON backoffice_documents (dossier_code) WHERE kind = '04';
COMMENT ON TABLE backoffice_documents IS 'Forms 01 (receipt and appointment), 02 (request to complete), 03 (refusal), 04 (apology, at most one per dossier: the return date may move only once) as the data they were issued with, rendered to PDF on demand; and results, kept as the PDF issued (sha256 in the file store) with the token of their public verification page.';
