-- e-Cabinet (issue #15; DOMAIN.md §7): Government members, sessions with ordered agenda items and
-- their documents, pre-session positions, named votes, opinion polls between sessions, conclusions.

-- The Government's members as the cabinet knows them (their accounts belong to identity): the
-- position decides the rules (the Prime Minister's side wins a tie), the seat orders lists.
CREATE TABLE cabinet_members (
  account_id text PRIMARY KEY,
  full_name text NOT NULL CHECK (btrim(full_name) <> ''),
  email text NOT NULL,
  position text NOT NULL CHECK (position IN ('prime_minister', 'deputy_prime_minister', 'minister')),
  title text NOT NULL,
  agency_code text NOT NULL,
  seat integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cabinet_members_one_pm_idx ON cabinet_members (position) WHERE position = 'prime_minister' AND active;

-- One row: the quorum new sessions take, and (outside production only) how far the cabinet's
-- clock is moved ahead, so that a demo or an end-to-end test can pass a poll's deadline.
CREATE TABLE cabinet_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  quorum_percent integer NOT NULL DEFAULT 50 CHECK (quorum_percent BETWEEN 1 AND 100),
  clock_offset_seconds bigint NOT NULL DEFAULT 0
);
INSERT INTO cabinet_settings (id) VALUES (1);

CREATE TABLE cabinet_sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('regular', 'thematic', 'extraordinary')),
  title text NOT NULL CHECK (btrim(title) <> ''),
  starts_at timestamptz NOT NULL,
  location text NOT NULL DEFAULT '',
  positions_cutoff timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'in_progress', 'closed')),
  quorum_percent integer NOT NULL CHECK (quorum_percent BETWEEN 1 AND 100),
  current_item_id bigint,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  closed_at timestamptz,
  -- The secretariat signs the minutes off once the session is closed.
  minutes_signed_at timestamptz,
  minutes_signed_by text,
  minutes_signed_name text
);
CREATE INDEX cabinet_sessions_start_idx ON cabinet_sessions (starts_at);

CREATE TABLE cabinet_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id bigint NOT NULL REFERENCES cabinet_sessions (id),
  ordinal integer NOT NULL CHECK (ordinal > 0),
  title text NOT NULL CHECK (btrim(title) <> ''),
  summary text NOT NULL DEFAULT '',
  presenter text NOT NULL DEFAULT '',
  slot_minutes integer NOT NULL DEFAULT 30 CHECK (slot_minutes > 0),
  secret boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'adopted_without_debate', 'concluded')),
  conclusion text,
  concluded_at timestamptz,
  UNIQUE (session_id, ordinal)
);

-- The dossier of an item: files in the platform's store (by SHA-256).
CREATE TABLE cabinet_documents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES cabinet_items (id),
  file_name text NOT NULL,
  sha256 text NOT NULL CHECK (length(sha256) = 64 AND sha256 !~ '[^0-9a-f]'),
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  pages integer NOT NULL CHECK (pages >= 0),
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cabinet_documents_item_idx ON cabinet_documents (item_id);
CREATE INDEX cabinet_documents_sha_idx ON cabinet_documents (sha256);

-- Invited attendees of a session (not members): they read its documents, they do not vote.
CREATE TABLE cabinet_invitees (
  session_id bigint NOT NULL REFERENCES cabinet_sessions (id),
  account_id text NOT NULL,
  full_name text NOT NULL,
  PRIMARY KEY (session_id, account_id)
);

CREATE TABLE cabinet_attendance (
  session_id bigint NOT NULL REFERENCES cabinet_sessions (id),
  account_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('room', 'remote', 'absent')),
  reason text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, account_id)
);

-- Positions before the session (Estonian practice): a member's latest stance on an item.
CREATE TABLE cabinet_positions (
  item_id bigint NOT NULL REFERENCES cabinet_items (id),
  account_id text NOT NULL,
  stance text NOT NULL CHECK (stance IN ('agree', 'objection', 'wish_to_speak')),
  note text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (item_id, account_id)
);

-- Named votes: the members counted and the quorum are fixed when the vote opens.
CREATE TABLE cabinet_votes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES cabinet_items (id),
  question text NOT NULL,
  members_total integer NOT NULL CHECK (members_total > 0),
  quorum_percent integer NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  result text CHECK (result IN ('passed', 'rejected', 'no_quorum')),
  tie_broken_by_pm boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX cabinet_votes_one_open_idx ON cabinet_votes (item_id) WHERE closed_at IS NULL;

CREATE TABLE cabinet_ballots (
  vote_id bigint NOT NULL REFERENCES cabinet_votes (id),
  account_id text NOT NULL,
  choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  cast_at timestamptz NOT NULL,
  PRIMARY KEY (vote_id, account_id)
);

-- Opinion polls of members between sessions (phiếu lấy ý kiến thành viên Chính phủ).
CREATE TABLE cabinet_polls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL CHECK (btrim(title) <> ''),
  question text NOT NULL CHECK (btrim(question) <> ''),
  secret boolean NOT NULL DEFAULT false,
  document_sha256 text,
  document_name text,
  working_days integer NOT NULL CHECK (working_days BETWEEN 2 AND 5),
  silence_is_consent boolean NOT NULL,
  -- Whether a member's delegate (cabinet_delegations) may reply for them; the answer records who replied.
  allow_delegation boolean NOT NULL DEFAULT false,
  -- Hours before the deadline at which members who have not replied are reminded, once each.
  reminder_hours jsonb NOT NULL DEFAULT '[]',
  issued_by text NOT NULL,
  issued_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL,
  members_total integer NOT NULL,
  closed_at timestamptz,
  result text CHECK (result IN ('passed', 'rejected')),
  tie_broken_by_pm boolean NOT NULL DEFAULT false
);
CREATE INDEX cabinet_polls_open_idx ON cabinet_polls (deadline) WHERE closed_at IS NULL;

-- A member's answer; at the deadline every member who did not reply gets a row marked `deemed`
-- (agree when the poll's rule says so, else no_reply), so the result lists every member.
CREATE TABLE cabinet_poll_answers (
  poll_id bigint NOT NULL REFERENCES cabinet_polls (id),
  account_id text NOT NULL,
  answer text NOT NULL CHECK (answer IN ('agree', 'disagree', 'other', 'no_reply')),
  comment text NOT NULL DEFAULT '',
  deemed boolean NOT NULL DEFAULT false,
  answered_at timestamptz NOT NULL,
  -- Who replied when not the member: their delegate, by name as it was then.
  answered_by text,
  answered_by_name text,
  PRIMARY KEY (poll_id, account_id)
);

-- Each reminder of a poll is sent once: its row is written in the transaction that queues the mails.
CREATE TABLE cabinet_poll_reminders (
  poll_id bigint NOT NULL REFERENCES cabinet_polls (id),
  hours_before integer NOT NULL,
  sent_at timestamptz NOT NULL,
  recipients integer NOT NULL,
  PRIMARY KEY (poll_id, hours_before)
);

-- Proposed tasks of a conclusion (the tasks module will consume cabinet.conclusion_recorded).
CREATE TABLE cabinet_conclusion_tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES cabinet_items (id),
  content text NOT NULL,
  lead_agency_code text NOT NULL,
  deadline date NOT NULL
);

-- Comments on an item before and during the session, by those who attend it (never mailed).
CREATE TABLE cabinet_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES cabinet_items (id),
  account_id text NOT NULL,
  author_name text NOT NULL,
  body text NOT NULL CHECK (btrim(body) <> ''),
  created_at timestamptz NOT NULL
);
CREATE INDEX cabinet_comments_item_idx ON cabinet_comments (item_id, id);

-- A member's delegate (a deputy minister, say), named by the secretariat: replies to polls that
-- allow it on the member's behalf, recorded as such. One active delegation per member.
CREATE TABLE cabinet_delegations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_account_id text NOT NULL REFERENCES cabinet_members (account_id),
  delegate_account_id text NOT NULL,
  delegate_name text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX cabinet_delegations_active_idx ON cabinet_delegations (member_account_id) WHERE revoked_at IS NULL;
CREATE INDEX cabinet_delegations_delegate_idx ON cabinet_delegations (delegate_account_id) WHERE revoked_at IS NULL;
