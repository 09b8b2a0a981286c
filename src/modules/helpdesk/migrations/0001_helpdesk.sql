-- The portal's helpdesk: support tickets from the web form, the phone line and e-mail (the last
-- two entered by operators), answered within a time in working days; canned answers; and the
-- knowledge base whose published articles are public.
CREATE TABLE helpdesk_tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'email')),
  category text NOT NULL,
  subject text NOT NULL CHECK (btrim(subject) <> '' AND length(subject) <= 200),
  body text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 5000),
  requester_name text NOT NULL CHECK (btrim(requester_name) <> ''),
  -- E-mail address or phone number to answer to.
  requester_contact text NOT NULL CHECK (btrim(requester_contact) <> ''),
  requester_account_id text,
  status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  assignee_account_id text,
  assignee_name text,
  due_at timestamptz NOT NULL,
  answer text,
  answered_at timestamptz,
  answered_by_name text,
  created_by_account_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX helpdesk_tickets_open_idx ON helpdesk_tickets (status, due_at);
CREATE INDEX helpdesk_tickets_requester_idx ON helpdesk_tickets (requester_account_id, id DESC) WHERE requester_account_id IS NOT NULL;
COMMENT ON COLUMN helpdesk_tickets.due_at IS 'The answer is due by then: the configured working days from receipt (stored calendar), 24:00 Vietnam time.';

CREATE TABLE helpdesk_canned_answers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL UNIQUE CHECK (btrim(title) <> '' AND length(title) <= 200),
  body text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE helpdesk_articles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title text NOT NULL UNIQUE CHECK (btrim(title) <> '' AND length(title) <= 200),
  body text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 20000),
  category text NOT NULL,
  published boolean NOT NULL DEFAULT false,
  -- Folded (no accents, lower case) title and body, for the public search.
  search_text text NOT NULL,
  updated_by_name text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX helpdesk_articles_published_idx ON helpdesk_articles (updated_at DESC) WHERE published;
