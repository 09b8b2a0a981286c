-- Push delivery: a receiving system may give a URL; the hub POSTs each delivery there.

CREATE TABLE exchange_webhooks (
  agency_code text PRIMARY KEY,
  url text NOT NULL CHECK (url ~ '^https?://'),
  sealed_secret text NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE exchange_webhooks IS 'Where deliveries for an agency are pushed, besides its inbox. Pushes are signed like integration requests (X-Egov-* headers) with this secret, sealed with the platform key.';

ALTER TABLE exchange_deliveries ADD COLUMN pushed_at timestamptz;
ALTER TABLE exchange_deliveries ADD COLUMN push_error text;
COMMENT ON COLUMN exchange_deliveries.pushed_at IS 'When the recipient''s webhook accepted the push (2xx). The inbox keeps the delivery until it is acknowledged all the same.';
COMMENT ON COLUMN exchange_deliveries.push_error IS 'The last push failure; retries follow the outbox''s exponential backoff and park after its maximum attempts.';
