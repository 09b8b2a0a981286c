-- Form templates (mẫu đơn, tờ khai) of a procedure's dossier components, as real files a
-- citizen downloads from the procedure's page: the bytes are in the file store, addressed by
-- their SHA-256; this table says which file is a procedure's template of a given name.

CREATE TABLE procedure_templates (
  procedure_code text NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  content_type text NOT NULL,
  uploaded_by text,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (procedure_code, file_name)
);
CREATE INDEX procedure_templates_sha_idx ON procedure_templates (content_sha256);
COMMENT ON TABLE procedure_templates IS 'The file behind a component''s templateFile name, per procedure (full code as published). Uploading again under the same name replaces it; the procedure''s versions keep naming the file, not its bytes.';
COMMENT ON COLUMN procedure_templates.uploaded_by IS 'Account that uploaded it; NULL for the demo catalogue''s generated templates.';
