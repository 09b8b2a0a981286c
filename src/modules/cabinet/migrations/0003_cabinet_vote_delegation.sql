-- Delegation of a member's ballot to their delegate (cabinet_delegations), where the session's
-- rules allow it: the ballot records who cast it for the member, by name as it was then.
ALTER TABLE cabinet_sessions ADD COLUMN allow_vote_delegation boolean NOT NULL DEFAULT false;
ALTER TABLE cabinet_ballots ADD COLUMN cast_by text;
ALTER TABLE cabinet_ballots ADD COLUMN cast_by_name text;
