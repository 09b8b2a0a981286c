-- Dossiers (hồ sơ) filed through the portal or synced in bulk from agencies' back offices.
-- Sized for national volume: over 100 million rows, most of them written by the sync.

CREATE TABLE dossiers (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                  text NOT NULL,
  procedure_code        text NOT NULL,
  procedure_version_id  bigint,
  procedure_name        text NOT NULL,
  case_code             text,
  applicant_account_id  uuid,
  applicant_kind        smallint NOT NULL CHECK (applicant_kind IN (1, 2)),
  applicant_identifier  text NOT NULL,
  applicant_name        text NOT NULL,
  applicant_phone_last4 text CHECK (applicant_phone_last4 ~ '^[0-9]{4}$'),
  applicant_email       text,
  receiving_agency      text NOT NULL,
  status                smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  received_at           timestamptz NOT NULL,
  due_at                timestamptz,
  form_data             jsonb NOT NULL DEFAULT '{}'::jsonb,
  source                text NOT NULL CHECK (source IN ('portal', 'sync')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dossiers_code_format CHECK (code ~ '^[0-9A-Z.]{1,35}-[0-9]{6}-[0-9]{4,}$'),
  CONSTRAINT dossiers_portal_has_version CHECK (source <> 'portal' OR (procedure_version_id IS NOT NULL AND applicant_account_id IS NOT NULL))
);

COMMENT ON TABLE dossiers IS 'One row per dossier. The id is a bigint identity, not a uuid: at 100 M+ rows an 8-byte, ever-increasing key keeps the primary key and every referencing index (timeline, uploads) half the size and appends at the right edge of the B-tree (bulk sync inserts stay sequential instead of touching random pages). The id never leaves the system, so its guessability does not matter: the public identifier is the code, and reading by code needs a second factor. If the table outgrows one heap, range-partition by received_at (the code then moves to a per-partition unique index plus the day embedded in the code).';
COMMENT ON COLUMN dossiers.code IS '<receiving agency code>-YYMMDD-NNNN (DOMAIN §4). Portal dossiers get it from dossier_daily_sequences; synced dossiers keep the code their back office issued.';
COMMENT ON COLUMN dossiers.procedure_version_id IS 'The published catalogue version the dossier was filed under (catalog module); null for synced dossiers whose back office does not know it.';
COMMENT ON COLUMN dossiers.procedure_name IS 'Snapshot of the procedure name at filing: lists never need the catalogue, and a synced dossier keeps the name its back office sent (TenTTHC).';
COMMENT ON COLUMN dossiers.applicant_kind IS 'LoaiDoiTuong of the portal sync: 1 citizen, 2 business.';
COMMENT ON COLUMN dossiers.applicant_identifier IS 'MaDoiTuong: the personal ID (12 digits) or tax code. Also the second factor of the public lookup.';
COMMENT ON COLUMN dossiers.applicant_phone_last4 IS 'Only the last four digits of the phone: the alternative second factor of the public lookup, without keeping the number here.';
COMMENT ON COLUMN dossiers.status IS 'TrangThaiHoSo (DOMAIN §4): 1 newly registered, 2 accepted, 3 not accepted, 4 processing, 5 supplement requested, 6 financial obligation requested, 7 applicant withdrew, 8 processing stopped, 9 processed, 10 result returned. A smallint: 2 bytes in every index that carries it.';

-- Lookup by code (tracking, API, sync upserts): the verifier columns and the status are in
-- the index, so checking the second factor and showing the status never reads the heap.
ALTER TABLE dossiers ADD CONSTRAINT dossiers_code_key UNIQUE (code) INCLUDE (id, status, applicant_identifier, applicant_phone_last4);
COMMENT ON INDEX dossiers_code_key IS 'Unique code, covering (id, status, identifier, phone last-4): the public lookup verifies the second factor and reads the status index-only; id joins the timeline.';

-- "My dossiers": by the applicant's identifier (not the account), so dossiers synced from
-- back offices, which know the PIN or tax code but no portal account, appear too.
CREATE INDEX dossiers_applicant_idx ON dossiers (applicant_identifier, received_at DESC, id DESC)
  INCLUDE (code, status, procedure_code, procedure_name, receiving_agency, due_at);
COMMENT ON INDEX dossiers_applicant_idx IS 'My dossiers, newest first: every column of the list is INCLUDEd so a page is an index-only scan however many dossiers the table holds. procedure_name is the widest of them (it costs roughly a third of the index); it is kept because this is the most frequent query of signed-in citizens and it would otherwise need one heap or catalogue read per row.';

-- The receiving agency''s queue: by status, the most urgent first.
CREATE INDEX dossiers_agency_queue_idx ON dossiers (receiving_agency, status, due_at, id)
  INCLUDE (code, received_at, applicant_kind, procedure_code);
COMMENT ON INDEX dossiers_agency_queue_idx IS 'Agency queue by status ordered by due date, and the per-status counts, index-only. Index-only scans need an up-to-date visibility map: after large sync batches run VACUUM (or lower autovacuum_vacuum_insert_scale_factor on this table, PG 13+).';

-- Gap-free daily numbering per receiving agency.
CREATE TABLE dossier_daily_sequences (
  agency  text NOT NULL,
  day     date NOT NULL,
  last    integer NOT NULL CHECK (last > 0),
  PRIMARY KEY (agency, day)
);
COMMENT ON TABLE dossier_daily_sequences IS 'The NNNN of dossier codes: INSERT … ON CONFLICT (agency, day) DO UPDATE SET last = last + 1 RETURNING last runs inside the submission transaction. The row lock serialises concurrent submissions to one agency on one day (others do not wait), and a rolled-back submission rolls its number back: codes are consecutive without gaps. A sequence object would be faster but leaves gaps.';

-- Timeline: every status and progress entry, for the tracking page.
CREATE TABLE dossier_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id  bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  status      smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  note        text,
  at          timestamptz NOT NULL DEFAULT now(),
  by_name     text
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, at, id) INCLUDE (status);
COMMENT ON TABLE dossier_events IS 'Status history and progress entries (CapNhatTienDoHoSoMC) shown on the tracking page. by_name is who acted as the applicant may see it (an official''s name or the agency), never an account id.';

-- Drafts of online applications, saved at every step.
CREATE TABLE dossier_drafts (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id            uuid NOT NULL,
  procedure_code        text NOT NULL,
  procedure_version_id  bigint NOT NULL,
  procedure_name        text NOT NULL,
  case_code             text,
  receiving_agency      text,
  answers               jsonb NOT NULL DEFAULT '{}'::jsonb,
  step                  text NOT NULL DEFAULT 'case',
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_drafts_account_idx ON dossier_drafts (account_id, updated_at DESC);
COMMENT ON TABLE dossier_drafts IS 'Unsubmitted applications, resumable from "my dossiers". The id is a uuid because it appears in URLs; the owner is still checked on every access.';

-- Files attached to a draft and then to the dossier it becomes.
CREATE TABLE dossier_uploads (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id       bigint REFERENCES dossiers (id) ON DELETE CASCADE,
  draft_id         uuid REFERENCES dossier_drafts (id) ON DELETE CASCADE,
  component_index  smallint NOT NULL CHECK (component_index >= 0),
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size             bigint NOT NULL CHECK (size >= 0),
  content_type     text NOT NULL,
  original_name    text NOT NULL,
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dossier_uploads_owner CHECK ((dossier_id IS NULL) <> (draft_id IS NULL))
);
CREATE INDEX dossier_uploads_dossier_idx ON dossier_uploads (dossier_id, component_index) WHERE dossier_id IS NOT NULL;
CREATE INDEX dossier_uploads_draft_idx ON dossier_uploads (draft_id, component_index) WHERE draft_id IS NOT NULL;
COMMENT ON TABLE dossier_uploads IS 'One row per uploaded file; the bytes live in the platform file store, addressed by sha256. A row belongs to a draft until submission moves it to the dossier.';
COMMENT ON COLUMN dossier_uploads.component_index IS 'Position of the dossier component (thành phần hồ sơ) in the procedure version the draft or dossier was filed under.';
