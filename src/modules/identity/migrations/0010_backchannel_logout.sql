-- OpenID Connect Back-Channel Logout 1.0: a relying party may register the address egov posts
-- a signed logout token to when the person's egov session ends; egov remembers which
-- provider sessions (the ones that signed the person in to relying parties) each egov session
-- started, so ending it ends them and notifies the relying parties.

ALTER TABLE oidc_clients ADD COLUMN backchannel_logout_uri text;

COMMENT ON COLUMN oidc_clients.backchannel_logout_uri IS 'Where egov posts a logout token (signed JWT with sub and sid) when the person logs out of egov; https, or http only to this machine (development).';

CREATE TABLE oidc_session_links (
  egov_session_id      text NOT NULL,
  provider_session_uid text NOT NULL,
  account_id           uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (egov_session_id, provider_session_uid)
);
CREATE INDEX oidc_session_links_created_at_idx ON oidc_session_links (created_at);

COMMENT ON TABLE oidc_session_links IS 'Which provider session (oidc-provider''s Session uid) an egov session (sessions.id, the cookie digest) signed relying parties in through: logging out of egov ends those and tells the relying parties over the back channel.';
