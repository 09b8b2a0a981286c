import { normalizeVietnameseMobile } from '../../platform/notify/index.ts';
import { sql } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { Core } from './cabinet.core.ts';
import { type Position, type Member, signedIn, isSecretariat, requireSecretariat, activeMembers, text, oneOf, check } from './cabinet.model.ts';
import { GOVERNMENT_OFFICE_AGENCY } from './cabinet.model.ts';
import { CABINET_ROLES_BY_NAME } from './cabinet.contributions.ts';

/** Members of the Government, their delegates, and the test clock. */
export function memberUseCases(core: Core) {
  const { db, deps, now, audit } = core;
  const api = {
    /**
     * The actor an integration client of the Government Office reads the secretariat's data as
     * (the signed API's read routes only); any other agency's system is refused.
     */
    secretariatSystem(client: { clientId: string; agencyCode: string }): Actor {
      if (client.agencyCode !== (deps.governmentOffice ?? GOVERNMENT_OFFICE_AGENCY)) throw CabinetErrors.systemNotAllowed();
      return { accountId: `system:${client.clientId}`, kind: 'official', displayName: `Hệ thống ${client.clientId}`, agencyCode: client.agencyCode, roles: [CABINET_ROLES_BY_NAME.secretariat] };
    },

    listMembers: () => activeMembers(db),

    /** The secretariat (or a system administrator, for the demo data) registers a member of the Government. */
    async registerMember(actor: Actor | undefined, input: { accountId: string; fullName: string; email: string; position: string; title: string; agencyCode: string; seat: number; mobile?: string | undefined }): Promise<Member> {
      const who = signedIn(actor);
      if (!isSecretariat(who) && who.kind !== 'admin') throw CabinetErrors.secretariatOnly();
      const problems: FieldError[] = [];
      const fullName = text(input.fullName, 'fullName', problems, { max: 100 });
      const title = text(input.title, 'title', problems, { max: 200 });
      const position = oneOf<Position>(input.position, ['prime_minister', 'deputy_prime_minister', 'minister'], 'position', problems);
      const mobile = input.mobile?.trim() ? (normalizeVietnameseMobile(input.mobile) ?? null) : null;
      if (input.mobile?.trim() && !mobile) problems.push({ field: 'mobile', message: 'cabinet.invalid_mobile' });
      check(problems);
      return db.transaction().execute(async (tx) => {
        await sql`INSERT INTO cabinet_members (account_id, full_name, email, position, title, agency_code, seat, mobile) VALUES (${input.accountId}, ${fullName}, ${input.email}, ${position}, ${title}, ${input.agencyCode}, ${input.seat}, ${mobile})
          ON CONFLICT (account_id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email, position = EXCLUDED.position, title = EXCLUDED.title, agency_code = EXCLUDED.agency_code, seat = EXCLUDED.seat, mobile = EXCLUDED.mobile, active = true`.execute(tx);
        await audit(tx, who, 'cabinet.member_registered', 'cabinet_member', input.accountId, { position, title });
        return { accountId: input.accountId, fullName, email: input.email, position, title, agencyCode: input.agencyCode, seat: input.seat, mobile };
      });
    },

    /** The secretariat names a member's delegate (one at a time; the former one is revoked); audited. */
    async setDelegate(actor: Actor | undefined, memberAccountId: string, delegate: { accountId: string; fullName: string } | null): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ account_id: string }>`SELECT account_id FROM cabinet_members WHERE account_id = ${memberAccountId} AND active FOR UPDATE`.execute(tx);
        if (rows.length === 0) throw CabinetErrors.invalidInput([{ field: 'member', message: 'cabinet.not_a_member' }]);
        if (delegate && (delegate.accountId === memberAccountId || delegate.fullName.trim() === '')) throw CabinetErrors.invalidInput([{ field: 'delegate', message: 'cabinet.invalid_choice' }]);
        await sql`UPDATE cabinet_delegations SET revoked_at = ${at} WHERE member_account_id = ${memberAccountId} AND revoked_at IS NULL`.execute(tx);
        if (delegate) await sql`INSERT INTO cabinet_delegations (member_account_id, delegate_account_id, delegate_name, created_by, created_at) VALUES (${memberAccountId}, ${delegate.accountId}, ${delegate.fullName.trim()}, ${who.accountId}, ${at})`.execute(tx);
        await audit(tx, who, delegate ? 'cabinet.delegate_named' : 'cabinet.delegate_revoked', 'cabinet_member', memberAccountId, delegate ? { delegate: delegate.accountId } : {});
      });
    },

    /** The secretariat names a member's delegate by e-mail: an official of the member's own agency. */
    async setDelegateByEmail(actor: Actor | undefined, memberAccountId: string, email: string): Promise<void> {
      requireSecretariat(actor);
      const member = (await activeMembers(db)).find((m) => m.accountId === memberAccountId);
      if (!member) throw CabinetErrors.invalidInput([{ field: 'member', message: 'cabinet.not_a_member' }]);
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return api.setDelegate(actor, memberAccountId, null);
      const official = (await deps.officialsOf(member.agencyCode)).find((o) => o.email.toLowerCase() === wanted && o.status === 'active');
      if (!official) throw CabinetErrors.invalidInput([{ field: `delegate.${memberAccountId}`, message: 'cabinet.delegate_not_found' }]);
      return api.setDelegate(actor, memberAccountId, { accountId: official.id, fullName: official.fullName });
    },

    /** Members with their current delegate (the secretariat's page). */
    async membersWithDelegates(actor: Actor | undefined): Promise<(Member & { delegate: string | null })[]> {
      requireSecretariat(actor);
      const { rows } = await sql<{ member_account_id: string; delegate_name: string }>`SELECT member_account_id, delegate_name FROM cabinet_delegations WHERE revoked_at IS NULL`.execute(db);
      return (await activeMembers(db)).map((m) => ({ ...m, delegate: rows.find((r) => r.member_account_id === m.accountId)?.delegate_name ?? null }));
    },

    /** Outside production only: moves the cabinet's clock ahead (demo and end-to-end tests pass a poll's deadline). */
    async moveClock(actor: Actor | undefined, hours: number): Promise<Date> {
      const who = requireSecretariat(actor);
      if (deps.config.nodeEnv === 'production' || deps.now) throw CabinetErrors.clockLocked();
      if (!Number.isInteger(hours) || hours < 0 || hours > 24 * 60) throw CabinetErrors.invalidInput([{ field: 'hours', message: 'cabinet.invalid_hours' }]);
      await db.transaction().execute(async (tx) => {
        await sql`UPDATE cabinet_settings SET clock_offset_seconds = clock_offset_seconds + ${hours * 3600} WHERE id = 1`.execute(tx);
        await audit(tx, who, 'cabinet.clock_moved', 'cabinet_settings', 1, { hours });
      });
      return now();
    },

  };
  return api;
}
