-- Signed requests may carry a nonce (X-Egov-Nonce). Without one, two identical requests
-- signed in the same second have the same signature, so "each signature once" refused an
-- immediate retry or a second identical poll. With one, the request is remembered by its
-- client and nonce instead. Both keys are 64 hex characters and go into the same column,
-- which keeps its first name (`signature`): renaming it would break every serve process
-- still running the previous release during a rolling upgrade.
COMMENT ON TABLE integration_request_nonces IS
  'Replay keys of accepted signed requests. A second request with a key already here is a replay and is refused. Rows are only needed while their timestamp is within the allowed clock skew, so rows older than twice the skew (plus a margin) are purged.';
COMMENT ON COLUMN integration_request_nonces.signature IS
  'The replay key, lower-case hex. Without X-Egov-Nonce: the HMAC-SHA256 signature of the request (unique per secret, timestamp, method, path and body). With it: SHA-256 of "egov-nonce\n<client id>\n<nonce>", so a client uses a nonce once whatever else changes, and two clients may choose the same nonce. Only verified requests are stored, so strangers cannot fill the table.';
