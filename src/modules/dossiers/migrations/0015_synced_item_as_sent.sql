-- A synced dossier keeps the item its back office sent (form_data.item). As jsonb, PostgreSQL
-- parsed every item into its binary form on the way in: about a tenth of its work on a
-- 1,000-item batch (#21), for a document nobody queries inside. As json it is checked once and
-- stored as sent, which is also what "kept as sent" means: key order, spacing and numbers as
-- the source wrote them. Portal dossiers' form data is read and written whole too.
-- The content hash that tells a resent item (form_data.contentHash) moves to a column of its
-- own: reading it no longer parses the document.
ALTER TABLE dossiers ADD COLUMN content_hash text;
UPDATE dossiers SET content_hash = form_data->>'contentHash' WHERE source = 'sync';
ALTER TABLE dossiers
  ALTER COLUMN form_data DROP DEFAULT,
  ALTER COLUMN form_data TYPE json USING form_data::json,
  ALTER COLUMN form_data SET DEFAULT '{}'::json;
COMMENT ON COLUMN dossiers.form_data IS 'Portal: the form as filed. Sync: {source, contentHash, item} with the item as its back office sent it. json, not jsonb: stored as sent and never parsed again on the way in (migration 0015).';
COMMENT ON COLUMN dossiers.content_hash IS 'Synced dossiers: sha256 of the item as sent; the same item again is recognised without a write. Null for portal dossiers.';
