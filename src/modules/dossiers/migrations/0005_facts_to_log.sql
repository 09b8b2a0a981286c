-- dossier.submitted moved from the outbox to the fact log read by every subscribing module
-- (platform.events/0002); the facts written before are carried over in their order.
INSERT INTO event_facts (type, payload, recorded_at)
SELECT type, payload, created_at FROM outbox_events WHERE type = 'dossier.submitted' ORDER BY id;
DELETE FROM outbox_events WHERE type = 'dossier.submitted';
