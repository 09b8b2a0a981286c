-- Administrative units (QĐ 19/2025/QĐ-TTg, two-tier local government from 1 July 2025),
-- the agency directory (QĐ 20/2020/QĐ-TTg codes) and integration clients.

CREATE TABLE provinces (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  kind text NOT NULL CHECK (kind IN ('city', 'province')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE provinces IS 'Provinces and centrally-run cities. Reference data of the law, not demo data: inserted by the next migration so that a production install has them without `egov seed`.';
COMMENT ON COLUMN provinces.kind IS 'city = thành phố trực thuộc trung ương, province = tỉnh; decides the full name (Thành phố Huế, Tỉnh Quảng Ninh).';

CREATE TABLE communes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  province_code text NOT NULL REFERENCES provinces (code),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX communes_province_idx ON communes (province_code, name);
COMMENT ON TABLE communes IS 'Communes, wards and special zones (xã, phường, đặc khu); the district level was abolished in 2025, so a commune belongs to its province directly. Loaded with `egov import units`.';
COMMENT ON COLUMN communes.is_demo IS 'Seeded by `egov seed` with real names but codes not checked against QĐ 19/2025; an import of the official table overwrites them.';

CREATE TABLE agencies (
  code text PRIMARY KEY CHECK (length(code) <= 35 AND code ~ '^[A-Z0-9.]+$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  name_en text,
  level integer NOT NULL CHECK (level >= 1),
  level1 text NOT NULL CHECK (level1 ~ '^[A-Z][0-9]{2}$'),
  parent_code text,
  province_code text REFERENCES provinces (code),
  commune_code text REFERENCES communes (code),
  code_confirmed boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agencies_parent_idx ON agencies (parent_code);
CREATE INDEX agencies_level1_idx ON agencies (level1, level);
COMMENT ON TABLE agencies IS 'Agency directory keyed by the QĐ 20/2020 electronic identifier. The code is validated by the application (agency-code.ts); the CHECK only keeps out what no version of the rules allows.';
COMMENT ON COLUMN agencies.level IS 'Derived from the code: the deepest non-zero group. Stored for filtering; never hard-code how many levels exist.';
COMMENT ON COLUMN agencies.level1 IS 'Rightmost group of the code (H49): the level-1 body the agency belongs to, and the scope of an agency administrator.';
COMMENT ON COLUMN agencies.parent_code IS 'The code one level up, derived from the code. No foreign key: the directory need not hold every intermediate unit, and trees hang a unit under its nearest listed ancestor.';
COMMENT ON COLUMN agencies.province_code IS 'The province whose People''s Committee this agency is or belongs to; null for central bodies.';
COMMENT ON COLUMN agencies.code_confirmed IS 'False when the code was not checked against an official source (several provincial H codes after the 2025 merger); shown as such in the admin pages.';

CREATE TABLE integration_clients (
  id text PRIMARY KEY CHECK (id ~ '^sys_[a-z0-9]{16,}$'),
  agency_code text NOT NULL REFERENCES agencies (code),
  name text NOT NULL CHECK (btrim(name) <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX integration_clients_agency_idx ON integration_clients (agency_code, created_at);
COMMENT ON TABLE integration_clients IS 'An agency''s IT system (one-stop back office, document system…) allowed to call the integration APIs. The id is the system id sent with each request.';

CREATE TABLE integration_client_secrets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id text NOT NULL REFERENCES integration_clients (id),
  sealed_secret text NOT NULL,
  hint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  valid_until timestamptz
);
CREATE INDEX integration_client_secrets_client_idx ON integration_client_secrets (client_id, created_at);
COMMENT ON COLUMN integration_client_secrets.sealed_secret IS 'AES-256-GCM with a key derived from SECRET_KEY (purpose integration-client-secrets). Encrypted, not hashed: the secret is the HMAC key that verifies request signatures, so the server must recover it.';
COMMENT ON COLUMN integration_client_secrets.hint IS 'Last four characters of the secret, so an administrator can tell secrets apart without seeing them.';
COMMENT ON COLUMN integration_client_secrets.valid_until IS 'Null while current. Rotation sets it on the old secret to now + overlap, so both secrets verify while the client system is reconfigured.';
