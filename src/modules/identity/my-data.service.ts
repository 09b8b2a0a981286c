import { listAuditEntriesAbout } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { getAccountById, identityDb } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { listConsentsOf } from './oidc.repository.ts';
import { countUnusedRecoveryCodes, findSecondFactor } from './two-factor.repository.ts';

/**
 * What identity holds about a person (NĐ 13/2023, the data subject's right to access): the
 * account, its sessions, its second factor (never the secret), the services it consented to,
 * and what the audit trail recorded about the account, with who did it.
 */
export function createMyDataService(ctx: IdentityContext) {
  const { db } = ctx;
  return {
    async exportOf(actor: Actor | undefined) {
      if (!actor) throw identityErrors.unauthenticated();
      const account = await getAccountById(db, actor.accountId);
      const [sessions, factor, recoveryCodesLeft, consents, trail] = await Promise.all([
        identityDb(db).selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent']).where('account_id', '=', account.id).orderBy('created_at').execute(),
        findSecondFactor(db, account.id),
        countUnusedRecoveryCodes(db, account.id),
        listConsentsOf(db, account.id),
        listAuditEntriesAbout(db, 'account', [account.id]),
      ]);
      // Names of the people who acted on the account (officials, administrators), not their ids only.
      const actorIds = [...new Set(trail.flatMap((e) => (e.actor && e.actor !== account.id && /^[0-9a-f-]{36}$/.test(e.actor) ? [e.actor] : [])))];
      const names = actorIds.length
        ? await identityDb(db).selectFrom('accounts').select(['id', 'full_name', 'kind', 'agency_code']).where('id', 'in', actorIds).execute()
        : [];
      const nameOf = new Map(names.map((n) => [n.id, { name: n.full_name, kind: n.kind, agencyCode: n.agency_code }]));
      return {
        exportedAt: new Date().toISOString(),
        controller: ctx.config.baseUrl,
        account: {
          id: account.id,
          kind: account.kind,
          personalId: account.personal_id,
          taxCode: account.tax_code,
          fullName: account.full_name,
          email: account.email,
          emailConfirmedAt: account.email_confirmed_at,
          phone: account.phone,
          birthDate: account.birth_date,
          assuranceLevel: account.assurance_level,
          agencyCode: account.agency_code,
          roles: account.roles,
          status: account.status,
          createdAt: account.created_at,
          updatedAt: account.updated_at,
        },
        sessions: sessions.map((s) => ({ startedAt: s.created_at, lastSeenAt: s.last_seen_at, endsAt: s.expires_at, ip: s.ip, userAgent: s.user_agent })),
        twoFactor: { enrolled: Boolean(factor?.confirmedAt), enrolledAt: factor?.confirmedAt ?? null, recoveryCodesLeft },
        connectedServices: consents.map((c) => ({ clientId: c.client_id, name: c.name, scopes: c.scopes, since: c.granted_at })),
        accessLog: trail.map((e) => ({
          at: e.occurredAt,
          action: e.action,
          by: e.actor === null ? 'system' : e.actor === account.id ? 'you' : (nameOf.get(e.actor) ?? { id: e.actor }),
        })),
      };
    },
  };
}

export type MyDataService = ReturnType<typeof createMyDataService>;
