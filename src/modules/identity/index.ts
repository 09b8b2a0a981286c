import path from 'node:path';
import type { DomainError } from '../../platform/errors/index.ts';
import type { Actor, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { createAccountsService } from './accounts.service.ts';
import type { AccountView, AgencyDirectory, IdentityContext } from './identity.context.ts';
import { fieldErrorsIn } from './identity.present.ts';
import { registerIdentityRoutes } from './identity.routes.ts';
import { seedDemoAccounts } from './identity.seed.ts';
import { createOfficialsService, type NewAdminInput, type NewOfficialInput, type OfficialUpdate } from './officials.service.ts';
import { resolveSessionToken } from './sessions.service.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createThrottle } from './throttle.ts';

export type { AccountView, AgencyDirectory } from './identity.context.ts';
export type { NewAdminInput, NewOfficialInput, OfficialUpdate } from './officials.service.ts';
export { DEMO_PASSWORD } from './identity.seed.ts';
export { SESSION_COOKIE } from './sessions.service.ts';

/** An identity error in English words, field by field (for the CLI and logs). */
export function describeIdentityError(error: DomainError): string {
  const fields = fieldErrorsIn('en', error.fields);
  const details = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
  return details.length > 0 ? details.join('; ') : error.message;
}

/** What other modules, the CLI and the composition root may ask of identity. */
export interface IdentityApi {
  /** Throws `identity.account_not_found`. */
  getAccount(id: string): Promise<AccountView>;
  /**
   * Checks a login (personal ID, tax code or e-mail) and password from a client address, under
   * the throttling rules. Throws `identity.invalid_credentials` (unknown login, wrong password,
   * disabled account alike), `identity.login_throttled` (a delay for this login from this
   * source, or the source's budget), `identity.account_locked` (failures from many sources),
   * or `identity.account_unconfirmed` (right password, e-mail address not confirmed yet).
   */
  authenticate(input: { identifier: string; password: string; ip: string }): Promise<Actor>;
  /** The actor behind a session cookie token; undefined when it is not a live session. */
  resolveSession(token: string): Promise<Actor | undefined>;
  createOfficial(actor: Actor | undefined, input: NewOfficialInput): Promise<{ account: AccountView; invited: boolean }>;
  listOfficials(actor: Actor | undefined, filter?: { agencyCode?: string | undefined }): Promise<AccountView[]>;
  updateOfficial(actor: Actor | undefined, id: string, update: OfficialUpdate): Promise<AccountView>;
  /** Only by an admin (the CLI acts as one). Without a password, one is generated and returned once. */
  createAdmin(actor: Actor | undefined, input: NewAdminInput): Promise<{ account: AccountView; generatedPassword: string | undefined }>;
}

export function createIdentityModule(
  platform: PlatformContext,
  deps: { agencies: AgencyDirectory },
): { registration: ModuleRegistration; api: IdentityApi } {
  const ctx: IdentityContext = { db: platform.db, config: platform.config, logger: platform.logger, agencies: deps.agencies };
  const throttles = { counters: createThrottle(platform.config.secretKey), logins: createLoginThrottle(platform.config.secretKey) };
  const accounts = createAccountsService(ctx, throttles);
  const officials = createOfficialsService(ctx);
  return {
    registration: {
      name: 'identity',
      migrationsDir: path.join(import.meta.dirname, 'migrations'),
      registerRoutes: (app) => registerIdentityRoutes(app, { ctx, accounts, officials }),
      seedDemo: (log) => seedDemoAccounts(ctx, log),
    },
    api: {
      getAccount: (id) => accounts.getAccount(id),
      authenticate: (input) => accounts.authenticate(input),
      resolveSession: (token) => resolveSessionToken(ctx.db, token),
      createOfficial: (actor, input) => officials.createOfficial(actor, input),
      listOfficials: (actor, filter) => officials.listOfficials(actor, filter),
      updateOfficial: (actor, id, update) => officials.updateOfficial(actor, id, update),
      createAdmin: (actor, input) => officials.createAdmin(actor, input),
    },
  };
}
