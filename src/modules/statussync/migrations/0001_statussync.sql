-- The status sync hub (issue #21): sessions of the legacy DVCQG login, its throttle, the
-- updates it ignored as older than the stored state, and the statistics it maintains.

-- A session opened by POST <base>/login (the DVCQG wire contract): clients cache it about
-- 10 minutes and never react to an expired one, so it lives hours, not minutes.
CREATE TABLE statussync_sessions (
  token_hash   text PRIMARY KEY CHECK (length(token_hash) = 64),
  client_id    text NOT NULL,
  agency_code  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX statussync_sessions_client_idx ON statussync_sessions (client_id) WHERE revoked_at IS NULL;
CREATE INDEX statussync_sessions_expiry_idx ON statussync_sessions (expires_at);
COMMENT ON TABLE statussync_sessions IS 'Only the SHA-256 of the session token is stored: a copy of the table opens no session.';

-- Failed logins per client id and per source address, in a window.
CREATE TABLE statussync_login_failures (
  key           text PRIMARY KEY,
  failures      integer NOT NULL CHECK (failures > 0),
  window_start  timestamptz NOT NULL
);

-- Updates not applied because the stored state is newer (by the source's event time).
CREATE TABLE statussync_ignored_updates (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id       text NOT NULL,
  dossier_code    text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('dossier', 'progress')),
  status          smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  event_at        timestamptz NOT NULL,
  stored_state_at timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statussync_ignored_updates_code_idx ON statussync_ignored_updates (dossier_code, received_at);
COMMENT ON TABLE statussync_ignored_updates IS 'Out-of-order updates: what was sent and when the state kept had happened. A dossier''s history entry is still recorded; only its state was not moved back.';

-- Statistics by day (in Vietnam), receiving agency, procedure and status, maintained by the
-- fact consumer statussync.daily_stats from dossier.status_synced (never by scanning dossiers).
CREATE TABLE statussync_daily_stats (
  day             date NOT NULL,
  agency          text NOT NULL,
  procedure_code  text NOT NULL,
  status          smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  entered         integer NOT NULL DEFAULT 0,
  finished_on_time integer NOT NULL DEFAULT 0,
  finished_late   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, agency, procedure_code, status)
);
CREATE INDEX statussync_daily_stats_agency_idx ON statussync_daily_stats (agency, day);
COMMENT ON TABLE statussync_daily_stats IS 'entered: dossiers that reached this status that day; finished_on_time / finished_late: of those reaching 9 (processed) or 10 (returned) from an unfinished status, by the due date.';
