-- OpenID Connect provider: relying parties registered by administrators, the provider's
-- stored artefacts (codes, tokens, grants, sessions, interactions), remembered consents,
-- signing keys, and assurance levels on accounts.

CREATE TABLE oidc_clients (
  client_id      text PRIMARY KEY,
  name           text NOT NULL CHECK (length(btrim(name)) > 0),
  kind           text NOT NULL CHECK (kind IN ('public', 'confidential')),
  secret_sealed  text,
  redirect_uris  text[] NOT NULL,
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  scopes         text[] NOT NULL,
  logo_uri       text,
  contact_email  text NOT NULL,
  agency_code    text,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_by     uuid REFERENCES accounts (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT oidc_clients_secret_iff_confidential CHECK ((kind = 'confidential') = (secret_sealed IS NOT NULL)),
  CONSTRAINT oidc_clients_has_redirect CHECK (cardinality(redirect_uris) > 0)
);

COMMENT ON TABLE oidc_clients IS 'Relying parties (agency portals) allowed to sign people in with egov accounts, registered by system administrators.';
COMMENT ON COLUMN oidc_clients.kind IS 'public: no secret (a browser or mobile app), PKCE S256 required and no refresh tokens; confidential: a server holding a secret.';
COMMENT ON COLUMN oidc_clients.secret_sealed IS 'The client secret sealed with AES-256-GCM under a key derived from SECRET_KEY (the provider compares it in clear), shown once at registration.';
COMMENT ON COLUMN oidc_clients.redirect_uris IS 'Exact redirect URIs: an authorization request naming any other is refused without redirecting.';

CREATE TABLE oidc_artifacts (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_artifacts_grant_id_idx ON oidc_artifacts (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_artifacts_uid_idx ON oidc_artifacts (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_artifacts_expires_at_idx ON oidc_artifacts (expires_at);

COMMENT ON TABLE oidc_artifacts IS 'What oidc-provider stores (authorization codes, access and refresh tokens, grants, its sessions and interactions), one row per artefact, in the database so every process and a restart see them.';

CREATE TABLE oidc_consents (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  client_id  text NOT NULL REFERENCES oidc_clients (client_id) ON DELETE CASCADE,
  scopes     text[] NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, client_id)
);

COMMENT ON TABLE oidc_consents IS 'Which data a person agreed to release to a relying party: asked once, remembered, withdrawn from the profile (which also revokes its tokens).';

CREATE TABLE oidc_signing_keys (
  kid        text PRIMARY KEY,
  jwk_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

COMMENT ON TABLE oidc_signing_keys IS 'ID token signing keys. The newest unretired key signs; retired keys stay published in the JWKS for a while so tokens signed before a rotation still verify.';

ALTER TABLE accounts ADD COLUMN assurance_level smallint NOT NULL DEFAULT 1 CHECK (assurance_level BETWEEN 1 AND 3);
ALTER TABLE accounts ADD COLUMN birth_date date;

COMMENT ON COLUMN accounts.assurance_level IS '1 self-registered, 2 identity checked in person by an official, 3 verified through the national identity provider.';
COMMENT ON COLUMN accounts.birth_date IS 'Date of birth when a verification (level 2 or 3) established it; never typed by the person alone.';
