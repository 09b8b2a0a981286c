-- The exchange's facts moved from the outbox (one handler per event) to the fact log that
-- every subscribing module reads at its own position (platform.events/0002). The facts
-- written before are carried over, in their order, so that a consumer replayed from the
-- beginning sees them; they get their place in the log from the sequencer like new ones.
INSERT INTO event_facts (type, payload, recorded_at)
SELECT type, payload, created_at FROM outbox_events
WHERE type IN ('exchange.sent', 'exchange.delivered', 'exchange.acknowledged', 'exchange.status')
ORDER BY id;
DELETE FROM outbox_events WHERE type IN ('exchange.sent', 'exchange.delivered', 'exchange.acknowledged', 'exchange.status');
