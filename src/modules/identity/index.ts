import path from 'node:path';
import type { IdentityApi } from './identity.api.ts';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { createAccountsService } from './accounts.service.ts';
import type { AgencyDirectory, IdentityContext } from './identity.context.ts';
export { describeIdentityError } from './identity.present.ts';
import { registerIdentityRoutes } from './identity.routes.ts';
import { seedDemoAccounts } from './identity.seed.ts';
import { createOfficialsService } from './officials.service.ts';
import { resolveSessionToken } from './sessions.service.ts';
import { createLoginThrottle, sourceOf } from './login-throttle.ts';
import { IDENTITY_NAVIGATION, IDENTITY_ROLES } from './identity.contributions.ts';
import { createThrottle } from './throttle.ts';
import { configureStepUpWindow, createTwoFactorService } from './two-factor.service.ts';
import { createOidcProvider } from './oidc.provider.ts';
import { createOidcService } from './oidc.service.ts';
import { createAssuranceService } from './assurance.service.ts';
import { createLocalNationalIdProvider } from './national-id.ts';
import { createPersonalDataSources } from './personal-data.ts';
import { findAccountById, listOfficialsOfUnits, staffedUnitsOf } from './accounts.repository.ts';
import { toAccountView } from './identity.context.ts';

export type { AccountView, AgencyDirectory } from './identity.context.ts';
export type { ErasureOutcome, PersonalDataSection, PersonalDataSource } from './personal-data.ts';
export type { NewAdminInput, NewOfficialInput, OfficialUpdate } from './officials.service.ts';
export { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './identity.seed.ts';
export { requireRecentSecondFactor, stepUpUrl, stepUpWindowSeconds, STEP_UP_SECONDS } from './two-factor.service.ts';
export { isStepUpRequired } from './two-factor.pages.tsx';
export { IdentityErrorCode } from './identity.errors.ts';
export { SESSION_COOKIE } from './sessions.service.ts';



export function createIdentityModule(
  platform: PlatformContext,
  deps: { agencies: AgencyDirectory },
  options: IdentityOptions = {},
): { registration: ModuleRegistration; api: IdentityApi } {
  configureStepUpWindow(platform.config.stepUpSeconds);
  const ctx: IdentityContext = { db: platform.db, config: platform.config, logger: platform.logger, agencies: deps.agencies, contributions: platform.contributions };
  const throttles = { counters: createThrottle(platform.config.secretKey), logins: createLoginThrottle(platform.config.secretKey) };
  const accounts = createAccountsService(ctx, throttles);
  const officials = createOfficialsService(ctx);
  const twoFactor = createTwoFactorService(ctx, throttles.logins);
  const oidc = createOidcProvider(ctx, options);
  const oidcService = createOidcService(ctx, oidc);
  // No national identity provider is connected yet: the local one stands in (see national-id.ts).
  const localNationalId = createLocalNationalIdProvider(platform.config.secretKey);
  const assurance = createAssuranceService(ctx, localNationalId);
  const personalData = createPersonalDataSources();
  return {
    registration: {
      name: 'identity',
      migrationsDir: path.join(import.meta.dirname, 'migrations'),
      registerRoutes: (app) => registerIdentityRoutes(app, { ctx, accounts, officials, twoFactor, oidc, oidcService, assurance, localNationalId, personalData }),
      seedDemo: (log) => seedDemoAccounts(ctx, log),
      roles: IDENTITY_ROLES,
      navigation: IDENTITY_NAVIGATION,
    },
    api: {
      getAccount: (id) => accounts.getAccount(id),
      authenticate: (input) => accounts.authenticate(input),
      resolveSession: (token) => resolveSessionToken(ctx.db, token),
      createOfficial: (actor, input) => officials.createOfficial(actor, input),
      listOfficials: (actor, filter) => officials.listOfficials(actor, filter),
      updateOfficial: (actor, id, update) => officials.updateOfficial(actor, id, update),
      createAdmin: (actor, input) => officials.createAdmin(actor, input),
      rotateOidcSigningKey: (actor) => oidcService.rotateSigningKey(actor),
      assuranceLevelOf: async (accountId) => (await accounts.getAccountRow(accountId)).assurance_level,
      registerPersonalDataSource: (source) => personalData.register(source),
      officialsOfUnits: async (unitCodes, options = {}) => (await listOfficialsOfUnits(platform.db, unitCodes, { activeOnly: options.activeOnly ?? true })).map(toAccountView),
      staffedUnits: (unitCodes) => staffedUnitsOf(platform.db, unitCodes),
      smsRecipientOf: async (accountId, ex = platform.db) => {
        const row = await findAccountById(ex, accountId);
        return row && row.status === 'active' && row.sms_notifications && row.phone ? row.phone : undefined;
      },
      takeSourceBudget: (purpose, ip) => throttles.counters.takeOrWait(platform.db, [`${purpose}_source`, sourceOf(ip)]),
    },
  };
}

/** Tests only: how often a running provider looks for a key rotated by another process. */
export interface IdentityOptions {
  oidcKeyCheckMs?: number;
}

export const identityModule: ModuleDefinition<{ agencies: AgenciesApi }, IdentityApi, IdentityOptions> = {
  name: 'identity',
  needs: ['agencies'],
  create: (ctx, deps, options) => createIdentityModule(ctx, deps, options),
  commands: [
    {
      name: 'create-admin',
      summary: 'create a system administrator account',
      usage: 'egov create-admin --email <address> --name <full name> [--password <password>]',
      load: async () => (await import('./identity.cli.ts')).createAdminCommand,
    },
    {
      name: 'oidc rotate-keys',
      summary: 'new signing key for the OpenID Connect provider (old keys stay published for a day)',
      usage: 'egov oidc rotate-keys',
      load: async () => (await import('./identity.cli.ts')).rotateOidcKeysCommand,
    },
  ],
};

export type { IdentityApi } from './identity.api.ts';
