-- Transactional outbox (ARCHITECTURE.md rule 4): a side effect that must not be lost is a row
-- written in the same transaction as the change it reports, then carried out by a worker.
CREATE TABLE outbox_events (
  id bigserial PRIMARY KEY,
  type text NOT NULL CHECK (btrim(type) <> ''),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  claimed_by text,
  processed_at timestamptz
);

-- What a worker asks for on every pass: pending events that are due, oldest first.
CREATE INDEX outbox_events_due_idx ON outbox_events (available_at, id) WHERE status = 'pending';
-- Operators list parked (poison) events; the worker purges old done events.
CREATE INDEX outbox_events_parked_idx ON outbox_events (id) WHERE status = 'parked';
CREATE INDEX outbox_events_done_idx ON outbox_events (processed_at) WHERE status = 'done';

COMMENT ON TABLE outbox_events IS
  'Transactional outbox: events committed with the change they report, handled at least once by `egov worker` (claimed with FOR UPDATE SKIP LOCKED, woken by NOTIFY egov_outbox on PostgreSQL, polled on PGlite).';
COMMENT ON COLUMN outbox_events.type IS 'Handler key, e.g. mail.send. An event nobody handles is parked at once rather than retried forever.';
COMMENT ON COLUMN outbox_events.payload IS 'Handler input. May hold personal data (a recipient address): never copied into logs.';
COMMENT ON COLUMN outbox_events.status IS
  'pending: waiting or being handled; done: handled; parked: gave up (poison event or unknown type), kept with last_error until an operator retries it.';
COMMENT ON COLUMN outbox_events.attempts IS
  'Attempts started so far, counted at claim time so that an event which crashes its worker is parked too.';
COMMENT ON COLUMN outbox_events.available_at IS 'Not handled before this time: publication time, or the next retry after an exponential backoff with jitter.';
COMMENT ON COLUMN outbox_events.locked_until IS
  'Lease of the claiming worker. The claim commits at once and the handler runs outside it; if the worker dies, the lease expires and another worker re-claims the event.';
COMMENT ON COLUMN outbox_events.claimed_by IS
  'Token of the current or last claim (worker id + claim number): a worker whose lease was taken over cannot mark the event done or failed.';
COMMENT ON COLUMN outbox_events.processed_at IS 'When the event was done or parked.';
