-- Feedback and petitions (phản ánh, kiến nghị; NĐ 20/2008, NĐ 48/2013): receive → log →
-- classify (reject; within competence; outside competence → forward within 5 working days) →
-- answer → publish (only with the submitter's consent) → archive.
CREATE TABLE feedback_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('feedback', 'petition')),
  category text NOT NULL,
  title text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 200),
  content text NOT NULL CHECK (btrim(content) <> '' AND length(content) <= 5000),
  submitter_account_id text NOT NULL,
  submitter_kind text NOT NULL CHECK (submitter_kind IN ('citizen', 'business')),
  submitter_name text NOT NULL,
  dossier_code text,
  procedure_code text,
  -- The agency whose turn it is (QĐ 20 code): the competent one once accepted.
  agency_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'accepted', 'answered', 'rejected')),
  -- Received by the current agency: its forwarding window and the answer deadline count from here.
  received_at timestamptz NOT NULL,
  forward_due_at timestamptz NOT NULL,
  answer_due_at timestamptz NOT NULL,
  forward_count integer NOT NULL DEFAULT 0,
  consent_to_publish boolean NOT NULL,
  answer text,
  answered_at timestamptz,
  answered_by_name text,
  published_at timestamptz,
  -- Folded (no accents, lower case) title, content and answer of a published item, for the public search.
  search_text text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (published_at IS NULL OR (consent_to_publish AND status = 'answered'))
);

CREATE INDEX feedback_items_agency_queue_idx ON feedback_items (agency_code, status, answer_due_at);
CREATE INDEX feedback_items_submitter_idx ON feedback_items (submitter_account_id, id DESC);
CREATE INDEX feedback_items_published_idx ON feedback_items (published_at DESC) WHERE published_at IS NOT NULL;

COMMENT ON TABLE feedback_items IS 'Feedback (phản ánh) and petitions (kiến nghị) of citizens and businesses, routed to the competent agency.';
COMMENT ON COLUMN feedback_items.forward_due_at IS 'The end of the 5 working days (stored calendar) in which the agency may forward the item to the competent one.';
COMMENT ON COLUMN feedback_items.answer_due_at IS 'The answer deadline: the configured working days counted from received_at (24:00 of the last day, Vietnam time).';
COMMENT ON COLUMN feedback_items.published_at IS 'Set when the answer is published; only with the submitter''s consent (CHECK).';

-- Every step of an item, as the submitter and the officials read its history.
CREATE TABLE feedback_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES feedback_items (id),
  action text NOT NULL,
  agency_code text NOT NULL,
  to_agency_code text,
  note text,
  by_account_id text,
  by_name text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_events_item_idx ON feedback_events (item_id, id);

-- Satisfaction with a finished dossier: the five questions of the service index, by its
-- applicant, once (the unique code).
CREATE TABLE satisfaction_ratings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code text NOT NULL UNIQUE,
  agency_code text NOT NULL,
  procedure_code text NOT NULL,
  procedure_name text NOT NULL,
  account_id text NOT NULL,
  q1 smallint NOT NULL CHECK (q1 BETWEEN 1 AND 5),
  q2 smallint NOT NULL CHECK (q2 BETWEEN 1 AND 5),
  q3 smallint NOT NULL CHECK (q3 BETWEEN 1 AND 5),
  q4 smallint NOT NULL CHECK (q4 BETWEEN 1 AND 5),
  q5 smallint NOT NULL CHECK (q5 BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR length(comment) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX satisfaction_ratings_agency_idx ON satisfaction_ratings (agency_code, procedure_code);
