-- Identity: accounts of citizens, businesses, officials and system administrators,
-- their server-side sessions, login throttling counters and one-time password tokens.

CREATE TABLE accounts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('citizen', 'business', 'official', 'admin')),
  personal_id   text CHECK (personal_id ~ '^[0-9]{12}$'),
  tax_code      text CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  email         text NOT NULL CHECK (email = lower(email)),
  phone         text,
  full_name     text NOT NULL CHECK (length(btrim(full_name)) > 0),
  password_hash text NOT NULL,
  agency_code   text,
  roles         text[] NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_citizen_has_personal_id CHECK (kind <> 'citizen' OR personal_id IS NOT NULL),
  CONSTRAINT accounts_business_has_tax_code CHECK (kind <> 'business' OR tax_code IS NOT NULL),
  CONSTRAINT accounts_official_has_agency CHECK ((kind = 'official') = (agency_code IS NOT NULL)),
  CONSTRAINT accounts_roles_only_for_officials CHECK (kind = 'official' OR cardinality(roles) = 0),
  CONSTRAINT accounts_roles_known CHECK (roles <@ ARRAY['clerk', 'specialist', 'leader', 'agency_admin']::text[])
);
CREATE UNIQUE INDEX accounts_personal_id_key ON accounts (personal_id) WHERE personal_id IS NOT NULL;
CREATE UNIQUE INDEX accounts_tax_code_key ON accounts (tax_code) WHERE tax_code IS NOT NULL;
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE INDEX accounts_agency_code_idx ON accounts (agency_code) WHERE agency_code IS NOT NULL;

COMMENT ON TABLE accounts IS 'Every person or organisation that can sign in. One table for all kinds so that login, sessions and throttling have one code path.';
COMMENT ON COLUMN accounts.personal_id IS 'Citizens: the 12-digit personal identification number (số định danh cá nhân); it is also their login.';
COMMENT ON COLUMN accounts.tax_code IS 'Businesses: the tax code (mã số thuế), 10 digits, or 10-3 for a dependent unit (branch); it is also their login.';
COMMENT ON COLUMN accounts.email IS 'Stored lower-cased so the plain unique index makes addresses case-insensitive (citext is not available everywhere).';
COMMENT ON COLUMN accounts.password_hash IS 'Argon2id PHC string; never the password.';
COMMENT ON COLUMN accounts.agency_code IS 'Officials only: QĐ 20/2020 code of the agency they work for. Not a foreign key: the agency directory belongs to another module.';
COMMENT ON COLUMN accounts.roles IS 'Officials only: clerk (cán bộ tiếp nhận), specialist (chuyên viên), leader (lãnh đạo), agency_admin (quản trị cơ quan).';
COMMENT ON COLUMN accounts.status IS 'disabled accounts cannot sign in and lose their sessions; rows are kept for the audit trail.';

CREATE TABLE sessions (
  id           text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_seconds integer NOT NULL CHECK (idle_seconds > 0),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_account_id_idx ON sessions (account_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

COMMENT ON TABLE sessions IS 'Server-side sessions: logging out or resetting a password ends them for real, on every process.';
COMMENT ON COLUMN sessions.id IS 'SHA-256 (hex) of the random cookie token. The token itself is never stored, so a copy of this table cannot be replayed as cookies.';
COMMENT ON COLUMN sessions.last_seen_at IS 'Refreshed at most once a minute; the session dies after idle_seconds without a request.';
COMMENT ON COLUMN sessions.idle_seconds IS 'Idle timeout fixed at login from the account kind: short for officials and admins, longer for citizens.';
COMMENT ON COLUMN sessions.expires_at IS 'Absolute end of the session whatever the activity.';

CREATE TABLE auth_throttle (
  scope             text NOT NULL,
  key_hash          text NOT NULL,
  window_started_at timestamptz NOT NULL,
  failures          integer NOT NULL,
  locked_until      timestamptz,
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX auth_throttle_window_idx ON auth_throttle (window_started_at);

COMMENT ON TABLE auth_throttle IS 'Windowed failure counters (wrong passwords per identifier and per IP, reset requests per e-mail and per IP). In the database so that every process sees the same counts.';
COMMENT ON COLUMN auth_throttle.scope IS 'What is counted: login_account, login_ip, reset_email, reset_ip.';
COMMENT ON COLUMN auth_throttle.key_hash IS 'HMAC of the identifier or IP address under a key derived from SECRET_KEY: counts work without keeping personal data here.';
COMMENT ON COLUMN auth_throttle.locked_until IS 'Set when the count reaches the limit; attempts are refused until then, even with the right password.';

CREATE TABLE password_tokens (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('reset', 'invite')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_tokens_account_id_idx ON password_tokens (account_id);

COMMENT ON TABLE password_tokens IS 'One-time links that set a password: "forgot password" (reset) and the welcome mail of a new official (invite).';
COMMENT ON COLUMN password_tokens.token_hash IS 'SHA-256 (hex) of the token sent by e-mail; the mail is the only place the token exists.';
COMMENT ON COLUMN password_tokens.used_at IS 'Set in the same statement that accepts the token, so a token works exactly once.';
