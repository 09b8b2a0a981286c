-- The owner's consent to be told of their dossiers' progress by SMS on their mobile phone
-- (issue #12, item 8). Off until the owner ticks it on their profile; e-mail stays the default.
ALTER TABLE accounts ADD COLUMN sms_notifications boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN accounts.sms_notifications IS 'The owner asked for SMS notifications of their dossiers on accounts.phone; false without a phone.';
