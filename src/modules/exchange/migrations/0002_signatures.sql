-- Signing keys of sending agencies, and what each receiving agency accepts.

CREATE TABLE exchange_signing_certificates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_code text NOT NULL,
  pem text NOT NULL,
  fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  not_after timestamptz,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  UNIQUE (agency_code, fingerprint)
);
CREATE INDEX exchange_signing_certificates_agency_idx ON exchange_signing_certificates (agency_code) WHERE revoked_at IS NULL;
COMMENT ON TABLE exchange_signing_certificates IS 'Certificates (or bare public keys) an agency signs its edXML packages with. A package verifies against any active certificate of its sender or of an agency the sender belongs to.';
COMMENT ON COLUMN exchange_signing_certificates.pem IS 'X.509 certificate or SPKI public key, PEM. Public material only: the hub never holds signing keys.';
COMMENT ON COLUMN exchange_signing_certificates.fingerprint IS 'SHA-256 of the DER: the same key registered twice is one row.';
COMMENT ON COLUMN exchange_signing_certificates.not_after IS 'End of validity of a certificate (null for a bare key); an expired certificate no longer verifies.';

CREATE TABLE exchange_signature_policies (
  agency_code text PRIMARY KEY,
  refuse_unsigned boolean NOT NULL DEFAULT false,
  refuse_invalid boolean NOT NULL DEFAULT false,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE exchange_signature_policies IS 'What a receiving agency accepts. Without a row everything is accepted and the signature state is only recorded: the old axis carried many unsigned packages, so refusal is opt-in.';
