-- Roles are declared by modules (platform/module/contributions.ts) and checked by the use
-- cases that give them (officials.service.ts: isRole); a fixed list in the table refused the
-- exchange's clerk (văn thư, exchange_clerk). Numbered apart from identity's own sequence so
-- that it does not collide with migrations written at the same time in other branches.
ALTER TABLE accounts DROP CONSTRAINT accounts_roles_known;
COMMENT ON COLUMN accounts.roles IS 'Officials only: role names declared by modules (clerk, specialist, leader, agency_admin, exchange_clerk …), checked by the use case against the declared roles.';
