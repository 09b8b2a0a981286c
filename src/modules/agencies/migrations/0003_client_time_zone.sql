-- The clock of an integration client. The VXP transport's signed requests (the Government
-- Office's SDK, issue #20) carry a timestamp in the sender's local time without its offset;
-- it is read in this time zone. Vietnam has one time zone, but a system whose JVM runs in a
-- container often keeps UTC: its administrator sets that here instead of changing the system.
ALTER TABLE integration_clients ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh'
  CHECK (length(time_zone) BETWEEN 1 AND 64);
COMMENT ON COLUMN integration_clients.time_zone IS
  'IANA time zone (checked by the application against the server''s time zone data) in which the client''s local timestamps are read; Asia/Ho_Chi_Minh unless set.';
