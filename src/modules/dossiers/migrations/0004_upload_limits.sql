-- Limits of uploads (dossiers.limits.ts): bytes stored per account per day, and the index
-- the file store's sweep asks through (which stored files a draft or dossier still names).
CREATE TABLE dossier_upload_usage (
  account_id uuid NOT NULL,
  day        date NOT NULL,
  bytes      bigint NOT NULL CHECK (bytes >= 0),
  PRIMARY KEY (account_id, day)
);
COMMENT ON TABLE dossier_upload_usage IS
  'Bytes of files each account stored per day (Vietnam time), replaced files included: what the disk took. An upload adds its size with one INSERT … ON CONFLICT DO UPDATE … WHERE bytes + new <= limit, so concurrent uploads cannot pass the limit together. Days before yesterday are purged as uploads go.';

CREATE INDEX dossier_uploads_sha256_idx ON dossier_uploads USING hash (sha256);
COMMENT ON INDEX dossier_uploads_sha256_idx IS
  'For `egov files sweep`: which stored files a row names. A hash index: only equality is asked, and it keeps 4-byte hash codes instead of the 64-character keys a B-tree would hold.';
