-- The document wallet (kho dữ liệu cá nhân, issue #12 item 7): a copy of each result issued to
-- an applicant, which they download and attach to later applications instead of uploading a
-- file. A copy is a reference to the same bytes in the file store (content-addressed).
CREATE TABLE wallet_documents (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id    uuid NOT NULL,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size          integer NOT NULL CHECK (size > 0),
  content_type  text NOT NULL,
  file_name     text NOT NULL,
  dossier_code  text,
  issuer_name   text,
  issued_at     timestamptz NOT NULL,
  added_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT wallet_documents_once UNIQUE (account_id, sha256)
);
CREATE INDEX wallet_documents_account_idx ON wallet_documents (account_id, issued_at DESC, id DESC);
CREATE INDEX wallet_documents_sha256_idx ON wallet_documents (sha256);

COMMENT ON TABLE wallet_documents IS 'The applicant''s document wallet: results issued to them (and in time other documents), each seen, downloaded and attached to a new application only by its owner; every view and attachment is audited.';
COMMENT ON COLUMN wallet_documents.dossier_code IS 'The dossier whose result this is; null for a document that came from elsewhere.';
