-- Poll reminders by SMS as well as e-mail: a member's mobile number (E.164, optional), and how
-- many SMS a reminder sent (written in the same transaction as its mails and SMS: once each).
ALTER TABLE cabinet_members ADD COLUMN mobile text;
ALTER TABLE cabinet_poll_reminders ADD COLUMN sms_recipients integer NOT NULL DEFAULT 0;
