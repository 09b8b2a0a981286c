import { appendAuditInTx } from '../../platform/audit/index.ts';
import { deriveKey, encryptSecret, randomToken } from '../../platform/crypto/index.ts';
import { DEMO_TOTP_SECRET } from './identity.seed.ts';
import { confirmEnrolmentInTx, startEnrolmentInTx } from './two-factor.repository.ts';
import type { Actor } from '../../platform/module/index.ts';
import { agencyScopeOf, scopeCovers, type AgencyScope } from '../agencies/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import {
  findAccountById,
  findTakenIdentifiers,
  insertAccountInTx,
  insertPasswordTokenInTx,
  listOfficials,
  updateAccountInTx,
} from './accounts.repository.ts';
import { passwordTokenHash } from './accounts.service.ts';
import { toAccountView, type AccountView, type IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { mails } from './identity.mails.ts';
import type { AccountStatus } from './identity.tables.ts';
import {
  AGENCY_CODE,
  checkAgencyCode,
  checkEmail,
  checkFullName,
  checkNewPassword,
  checkRoles,
  clean,
  normaliseEmail,
  problem,
  type Problems,
} from './identity.validation.ts';
import { generatePassword, hashPassword, UNUSABLE_PASSWORD } from './passwords.ts';
import { deleteSessionsOfAccountInTx } from './sessions.repository.ts';

export const INVITE_TOKEN_SECONDS = 3 * 24 * 60 * 60;
const LIST_LIMIT = 500;

/**
 * What an actor may administer: a system admin everything; an official with the
 * agency_admin role the agencies of their own level-1 unit (QĐ 20: the rightmost code
 * group, `H49` for Quảng Ninh), whatever unit inside it they sit in.
 */
export type AdminScope = AgencyScope;

/** The role that administers officials (declared by identity, given by other agency administrators). */
export const AGENCY_ADMIN_ROLE = 'agency_admin';

export function adminScopeOf(actor: Actor | undefined): AdminScope | undefined {
  return agencyScopeOf(actor, [AGENCY_ADMIN_ROLE]);
}

function requireScope(actor: Actor | undefined): AdminScope {
  if (!actor) throw identityErrors.unauthenticated();
  const scope = adminScopeOf(actor);
  if (!scope) throw identityErrors.forbidden();
  return scope;
}

const normaliseAgencyCode = (value: string | undefined) => clean(value)?.toUpperCase();
const asList = (value: readonly string[] | string | undefined) => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);

export interface NewOfficialInput {
  email?: string | undefined;
  fullName?: string | undefined;
  agencyCode?: string | undefined;
  roles?: readonly string[] | string | undefined;
  /** Omitted: the official gets an e-mail invitation to choose one. */
  password?: string | undefined;
  /**
   * Demo data only (a system administrator, outside production): the official's authenticator
   * is enrolled with the demo secret (DEMO_TOTP_SECRET), like identity's own demo officials.
   */
  demoAuthenticator?: boolean | undefined;
}

export interface OfficialUpdate {
  roles?: readonly string[] | string | undefined;
  status?: string | undefined;
}

export interface NewAdminInput {
  email?: string | undefined;
  fullName?: string | undefined;
  password?: string | undefined;
}

export function createOfficialsService(ctx: IdentityContext) {
  const { db } = ctx;
  const isRole = (name: string) => ctx.contributions.isRole(name);

  async function getOfficial(actor: Actor | undefined, id: string): Promise<AccountView> {
    const scope = requireScope(actor);
    const row = await findAccountById(db, id);
    if (!row || row.kind !== 'official' || !row.agency_code) throw identityErrors.accountNotFound();
    if (!scopeCovers(scope, row.agency_code)) throw identityErrors.agencyOutOfScope(row.agency_code);
    return toAccountView(row);
  }

  return {
    getOfficial,

    /** The reach of an administrator; throws for anyone else (the admin pages' gate). */
    administrationScope(actor: Actor | undefined): AdminScope {
      return requireScope(actor);
    },

    /** The officials' console home: who they are, for which agency, in which roles. */
    async consoleOf(actor: Actor | undefined) {
      if (!actor) throw identityErrors.unauthenticated();
      if (actor.kind !== 'official' || !actor.agencyCode) throw identityErrors.forbidden();
      const agency = await ctx.agencies.findAgency(actor.agencyCode);
      return {
        displayName: actor.displayName,
        agencyCode: actor.agencyCode,
        agencyName: agency?.name,
        roles: actor.roles,
        canAdminister: adminScopeOf(actor) !== undefined,
      };
    },

    /** Names of agencies by code, for lists; unknown codes are left out. */
    async agencyNames(codes: Iterable<string>): Promise<Map<string, string>> {
      const names = new Map<string, string>();
      for (const code of new Set(codes)) {
        const agency = await ctx.agencies.findAgency(code);
        if (agency) names.set(code, agency.name);
      }
      return names;
    },

    /** An official account bound to an agency, created by a system admin or an agency admin within their reach. */
    async createOfficial(actor: Actor | undefined, input: NewOfficialInput): Promise<{ account: AccountView; invited: boolean }> {
      const scope = requireScope(actor);
      const email = normaliseEmail(input.email);
      const fullName = clean(input.fullName);
      const agencyCode = normaliseAgencyCode(input.agencyCode);
      const roles = asList(input.roles);
      const password = input.password ? input.password : undefined;
      // Out of reach is refused before anything else: the answer must not depend on other fields.
      if (agencyCode && AGENCY_CODE.test(agencyCode) && !scopeCovers(scope, agencyCode)) throw identityErrors.agencyOutOfScope(agencyCode);
      const problems: Problems = [
        ...checkEmail(email),
        ...checkFullName(fullName),
        ...checkAgencyCode(agencyCode),
        ...checkRoles(roles, isRole),
        ...(password ? checkNewPassword(password, undefined) : []),
      ];
      const agency = agencyCode && AGENCY_CODE.test(agencyCode) ? await ctx.agencies.findAgency(agencyCode) : undefined;
      if (agencyCode && AGENCY_CODE.test(agencyCode) && !agency) problems.push(problem('agencyCode', 'errAgencyNotFound'));
      if (problems.length > 0 || !email || !fullName || !agency || !actor) throw identityErrors.invalidInput(problems);
      if ((await findTakenIdentifiers(db, { email })).email) throw identityErrors.alreadyRegistered([problem('email', 'errEmailTaken')]);

      const validRoles = roles.filter(isRole);
      const passwordHash = password ? await hashPassword(password) : UNUSABLE_PASSWORD;
      return db.transaction().execute(async (tx) => {
        const row = await insertAccountInTx(tx, { kind: 'official', email, fullName, passwordHash, agencyCode: agency.code, roles: validRoles });
        if (!row) throw identityErrors.alreadyRegistered([problem('email', 'errEmailTaken')]);
        if (input.demoAuthenticator && password && actor.kind === 'admin' && ctx.config.nodeEnv !== 'production') {
          await startEnrolmentInTx(tx, row.id, encryptSecret(DEMO_TOTP_SECRET, deriveKey(ctx.config.secretKey, 'identity.totp')));
          await confirmEnrolmentInTx(tx, row.id, 0);
        }
        if (!password) {
          const token = randomToken(32);
          await insertPasswordTokenInTx(tx, { tokenHash: passwordTokenHash(token), accountId: row.id, purpose: 'invite', validSeconds: INVITE_TOKEN_SECONDS });
          const link = `${ctx.config.baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
          // We do not know the official's language yet: Vietnamese, then English.
          await sendMailInTx(tx, { to: email, ...mails.invite({ name: fullName, agency: `${agency.name} (${agency.code})`, link }) });
        }
        await appendAuditInTx(tx, {
          actor: actor.accountId,
          action: 'identity.official_created',
          entityType: 'account',
          entityId: row.id,
          data: { agencyCode: agency.code, roles: validRoles, invited: !password },
        });
        return { account: toAccountView(row), invited: !password };
      });
    },

    /** Officials the actor administers, optionally of one agency. */
    async listOfficials(actor: Actor | undefined, filter: { agencyCode?: string | undefined } = {}): Promise<AccountView[]> {
      const scope = requireScope(actor);
      const agencyCode = normaliseAgencyCode(filter.agencyCode);
      if (agencyCode && !scopeCovers(scope, agencyCode)) throw identityErrors.agencyOutOfScope(agencyCode);
      const rows = await listOfficials(db, { agencyCode, levelOneGroup: scope.kind === 'all' ? undefined : scope.level1, limit: LIST_LIMIT });
      return rows.map(toAccountView);
    },

    /** Roles and status of an official. Disabling ends the official's sessions at once. */
    async updateOfficial(actor: Actor | undefined, id: string, update: OfficialUpdate): Promise<AccountView> {
      const current = await getOfficial(actor, id);
      // Nobody removes their own administration rights or locks themselves out by mistake.
      if (!actor || current.id === actor.accountId) throw identityErrors.forbidden();
      const roles = update.roles === undefined ? current.roles : asList(update.roles);
      const status = update.status === undefined ? current.status : update.status;
      const problems: Problems = [
        ...checkRoles(roles, isRole),
        ...(status === 'active' || status === 'disabled' ? [] : [problem('status', 'errStatusInvalid')]),
      ];
      if (problems.length > 0) throw identityErrors.invalidInput(problems);
      const newRoles = roles.filter(isRole);
      const newStatus = status as AccountStatus;
      const rolesChanged = !sameRoles(current.roles, newRoles);
      if (!rolesChanged && newStatus === current.status) return current;

      return db.transaction().execute(async (tx) => {
        const row = await updateAccountInTx(tx, id, { roles: newRoles, status: newStatus });
        const audit = { actor: actor.accountId, entityType: 'account', entityId: id };
        if (rolesChanged) {
          await appendAuditInTx(tx, { ...audit, action: 'identity.roles_changed', data: { from: current.roles, to: newRoles } });
        }
        if (newStatus !== current.status) {
          const sessionsEnded = newStatus === 'disabled' ? await deleteSessionsOfAccountInTx(tx, id) : 0;
          await appendAuditInTx(tx, {
            ...audit,
            action: newStatus === 'disabled' ? 'identity.account_disabled' : 'identity.account_enabled',
            data: { sessionsEnded },
          });
        }
        return toAccountView(row);
      });
    },

    /**
     * A system administrator, created by another one (the CLI acts as one: whoever runs it
     * on the server already holds the database). Without a password one is generated and
     * returned, to be shown once.
     */
    async createAdmin(actor: Actor | undefined, input: NewAdminInput): Promise<{ account: AccountView; generatedPassword: string | undefined }> {
      if (!actor) throw identityErrors.unauthenticated();
      if (actor.kind !== 'admin') throw identityErrors.forbidden();
      const email = normaliseEmail(input.email);
      const fullName = clean(input.fullName);
      const generatedPassword = input.password ? undefined : generatePassword();
      const password = input.password || generatedPassword || '';
      const problems: Problems = [...checkEmail(email), ...checkFullName(fullName), ...checkNewPassword(password, undefined)];
      if (problems.length > 0 || !email || !fullName) throw identityErrors.invalidInput(problems);
      if ((await findTakenIdentifiers(db, { email })).email) throw identityErrors.alreadyRegistered([problem('email', 'errEmailTaken')]);
      const passwordHash = await hashPassword(password);
      return db.transaction().execute(async (tx) => {
        const row = await insertAccountInTx(tx, { kind: 'admin', email, fullName, passwordHash });
        if (!row) throw identityErrors.alreadyRegistered([problem('email', 'errEmailTaken')]);
        await appendAuditInTx(tx, {
          actor: actor.accountId,
          action: 'identity.admin_created',
          entityType: 'account',
          entityId: row.id,
        });
        return { account: toAccountView(row), generatedPassword };
      });
    },
  };
}

export type OfficialsService = ReturnType<typeof createOfficialsService>;

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
