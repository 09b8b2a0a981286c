-- Replay protection of signed integration requests (src/platform/integration). In the
-- database rather than in memory so that it holds across every `serve` process.
CREATE TABLE integration_request_nonces (
  signature text PRIMARY KEY CHECK (signature ~ '^[0-9a-f]{64}$'),
  client_id text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- The purge deletes by age.
CREATE INDEX integration_request_nonces_seen_at_idx ON integration_request_nonces (seen_at);

COMMENT ON TABLE integration_request_nonces IS
  'Signatures of accepted signed requests. A second request with a signature already here is a replay and is refused. Rows are only needed while their timestamp is within the allowed clock skew, so rows older than twice the skew (plus a margin) are purged.';
COMMENT ON COLUMN integration_request_nonces.signature IS
  'Lower-case hex HMAC-SHA256 of the request: unique per secret, timestamp, method, path and body. Only verified signatures are stored, so strangers cannot fill the table.';
COMMENT ON COLUMN integration_request_nonces.client_id IS 'The integration client that signed (for investigations; no foreign key: the platform knows no module tables).';
COMMENT ON COLUMN integration_request_nonces.seen_at IS 'When it was first accepted, by the database clock (the purge uses the same clock).';
