-- The national document exchange: packages as received, one delivery per recipient, and the
-- status history that recipients report back.

CREATE TABLE exchange_packages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('document', 'status')),
  sender_agency text NOT NULL,
  document_id text NOT NULL,
  business_type smallint CHECK (business_type BETWEEN 0 AND 3),
  status_code text CHECK (status_code IN ('01', '02', '03', '04', '05', '06', '13', '15', '16')),
  dedup_key text NOT NULL UNIQUE,
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  subject text,
  priority smallint,
  due_date date,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  signature_state text NOT NULL CHECK (signature_state IN ('verified', 'invalid', 'absent')),
  sent_by text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'document') = (business_type IS NOT NULL)),
  CHECK ((kind = 'status') = (status_code IS NOT NULL))
);
CREATE INDEX exchange_packages_sender_idx ON exchange_packages (sender_agency, received_at DESC, id);
CREATE INDEX exchange_packages_document_idx ON exchange_packages (document_id, kind);
COMMENT ON TABLE exchange_packages IS 'Every edXML package accepted by the hub. The original bytes live in the file store (content_sha256) and are never altered: the hub forwards those bytes, not a re-serialisation.';
COMMENT ON COLUMN exchange_packages.sender_agency IS 'MessageHeader/From/OrganId as normalised (upper case, trimmed); checked to be the calling agency or one of its units.';
COMMENT ON COLUMN exchange_packages.document_id IS 'The raw DocumentId (for a status package, the one of ResponseFor): the identity of the document on the axis.';
COMMENT ON COLUMN exchange_packages.dedup_key IS 'Makes a re-send idempotent: documents by sender, DocumentId and business type (updates also by content hash, since several updates of one document are legitimate); statuses by sender, DocumentId, code and content hash.';
COMMENT ON COLUMN exchange_packages.warnings IS 'Flaws the parser and the hub accepted (bytes before <?xml, impossible dates, unknown originals…), shown to sender and receivers.';
COMMENT ON COLUMN exchange_packages.signature_state IS 'XML-DSig verification against the sending agency''s registered certificate: verified, invalid (present but not verifiable), absent.';
COMMENT ON COLUMN exchange_packages.subject IS 'Subject of a document, description of a status; with priority and due_date, copied from the package for inbox lists (the bytes stay the reference).';
COMMENT ON COLUMN exchange_packages.sent_by IS 'Who sent it: an integration client id or an account id.';

CREATE TABLE exchange_routes (
  sender_agency text NOT NULL,
  recipient_agency text NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (sender_agency, recipient_agency)
);
COMMENT ON TABLE exchange_routes IS 'One row per sender→receiver pair. Bumping last_sequence locks the row, so deliveries of one pair are numbered (and committed) in the order they were sent; different pairs never wait on each other.';

CREATE TABLE exchange_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  package_id uuid NOT NULL REFERENCES exchange_packages (id),
  sender_agency text NOT NULL,
  recipient_agency text NOT NULL,
  sequence bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'acknowledged')),
  ack_result text CHECK (ack_result IN ('done', 'fail', 'processing')),
  withdrawn text CHECK (withdrawn IN ('revoked', 'replaced', 'removed')),
  withdrawn_by uuid REFERENCES exchange_packages (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  acknowledged_at timestamptz,
  withdrawn_at timestamptz,
  UNIQUE (package_id, recipient_agency),
  UNIQUE (sender_agency, recipient_agency, sequence),
  CHECK ((state = 'acknowledged') = (ack_result IS NOT NULL))
);
CREATE INDEX exchange_deliveries_inbox_idx ON exchange_deliveries (recipient_agency, id) WHERE state <> 'acknowledged';
CREATE INDEX exchange_deliveries_recipient_idx ON exchange_deliveries (recipient_agency, id);
COMMENT ON TABLE exchange_deliveries IS 'One package travelling to one recipient. It stays in the recipient''s inbox until acknowledged, so a system that was down gets everything once it returns (at-least-once; the ack is idempotent).';
COMMENT ON COLUMN exchange_deliveries.state IS 'pending = waiting, delivered = fetched by the recipient, acknowledged = the recipient answered done, fail or processing (ack_result).';
COMMENT ON COLUMN exchange_deliveries.withdrawn IS 'Set when a later package of the sender revokes the document, replaces it, or removes this recipient (update); withdrawn_by is that package. The delivery stays visible so the recipient learns of it.';

CREATE TABLE exchange_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  package_id uuid NOT NULL UNIQUE REFERENCES exchange_packages (id),
  document_sender text NOT NULL,
  document_id text NOT NULL,
  recipient_agency text NOT NULL,
  reporter_agency text NOT NULL,
  status_code text NOT NULL,
  description text,
  staff jsonb,
  reported_at timestamptz,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_status_history_document_idx ON exchange_status_history (document_sender, document_id, recipient_agency, id);
COMMENT ON TABLE exchange_status_history IS 'What happened to a document at one recipient (QCVN 102 status packages 01–06, 13, 15, 16), in the order the hub received them; the sender reads it in its sent view.';
COMMENT ON COLUMN exchange_status_history.recipient_agency IS 'The recipient of the document the status is about: the reporter, or for statuses the sender itself raises (13) the agency it addresses.';
COMMENT ON COLUMN exchange_status_history.reported_at IS 'The package''s own Timestamp (Vietnamese local time); null when it is missing or impossible.';
