-- No query reads exchange_deliveries by recipient alone: the inbox, the VXP received list
-- and the webhook re-delivery all ask for deliveries not yet acknowledged, which the partial
-- inbox index serves, and acknowledgements find deliveries by (package_id, recipient_agency).
-- The index still cost an entry on every delivery and on every acknowledgement (changing
-- `state` makes the update non-HOT, so every index of the row gets a new entry). A view of a
-- recipient's whole history, acknowledged deliveries included, would bring it back.
DROP INDEX exchange_deliveries_recipient_idx;
