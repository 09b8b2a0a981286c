-- Facts (`dossier.submitted`, `exchange.sent` …) are an append-only log that every
-- subscribing module reads at its own position, replayable from the beginning. Commands
-- (send this e-mail) stay rows of outbox_events with one handler each.
CREATE TABLE event_facts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The fact's place in the log, given after it committed (sequence.ts). Identity values are
  -- taken before commit, so a reader that followed ids could pass a fact whose transaction
  -- commits later; `seq` is given by one sequencer at a time to committed facts only, in
  -- increasing order, so a position in `seq` never skips a fact.
  seq bigint,
  type text NOT NULL CHECK (btrim(type) <> ''),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX event_facts_seq_idx ON event_facts (seq) WHERE seq IS NOT NULL;
CREATE INDEX event_facts_unsequenced_idx ON event_facts (id) WHERE seq IS NULL;
CREATE INDEX event_facts_recorded_idx ON event_facts (recorded_at);

COMMENT ON TABLE event_facts IS
  'Append-only log of domain facts, read by each consumer at its own position (event_consumers). Kept for EVENTS_RETENTION_DAYS (default: for ever); `egov events archive --month` moves a month to a file.';
COMMENT ON COLUMN event_facts.seq IS
  'Order of the log: given to committed facts by one sequencer at a time (advisory lock), in increasing order. NULL for a moment after commit.';
COMMENT ON COLUMN event_facts.payload IS 'As declared by the publishing module (a TypeBox schema exported from its door). May hold personal data: never logged.';

CREATE TABLE event_consumers (
  name text PRIMARY KEY CHECK (btrim(name) <> ''),
  -- Every fact of its types with seq <= position has been handled (or parked).
  position bigint NOT NULL DEFAULT 0,
  -- The fact that failed last, its attempts so far, and when it is tried again.
  failing_fact_id bigint,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  retry_at timestamptz,
  last_error text,
  handled bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE event_consumers IS
  'Where each fact consumer is in event_facts. A worker holds the row lock (FOR UPDATE SKIP LOCKED) while it handles a batch, so one consumer runs in one worker at a time and consumers never wait for each other.';

CREATE TABLE event_consumer_parked (
  consumer text NOT NULL REFERENCES event_consumers (name) ON DELETE CASCADE,
  fact_id bigint NOT NULL,
  type text NOT NULL,
  attempts integer NOT NULL,
  error text NOT NULL,
  parked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, fact_id)
);
COMMENT ON TABLE event_consumer_parked IS
  'Facts a consumer gave up on (poison or invalid), so that it could go on; `egov events retry` hands one to it again. Other consumers are not affected.';
