import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { BACKOFFICE_NAVIGATION, BACKOFFICE_PERMISSIONS } from './backoffice.contributions.ts';
import { recentSecondFactor, type BackofficeContext, type BackofficeDependencies, type StepUpCheck } from './backoffice.context.ts';
import { BACKOFFICE_FACTS } from './backoffice.facts.ts';
import { registerBackofficePages } from './backoffice.pages.tsx';
import { cancelFeesOfEndedDossiersConsumer, paymentsReceivedConsumer } from './backoffice.payment.ts';
import { registerPaymentRequestPages } from './backoffice.payment.pages.tsx';
import { createBackofficeService, type BackofficeApi } from './backoffice.service.ts';
import * as repo from './backoffice.repository.ts';
import { registerBackofficeApi } from './backoffice.routes.ts';
import { seedDemoStaff } from './backoffice.seed.ts';

// The back office's only door.
export { BACKOFFICE_FACTS, DossierTransitioned } from './backoffice.facts.ts';
export { demoLogin } from './backoffice.seed.ts';
export type { BackofficeDependencies, StepUpCheck } from './backoffice.context.ts';

export type { BackofficeApi } from './backoffice.service.ts';

export interface BackofficeModuleOptions {
  /** The step-up check of approvals and results: identity's recent second factor (5 minutes) unless given. */
  stepUp?: StepUpCheck;
}

export function createBackofficeModule(ctx: PlatformContext, deps: BackofficeDependencies, options: BackofficeModuleOptions = {}): { registration: ModuleRegistration; api: BackofficeApi } {
  const bo: BackofficeContext = { ...deps, db: ctx.db, files: ctx.files, baseUrl: ctx.config.baseUrl, contributions: ctx.contributions, stepUp: options.stepUp ?? recentSecondFactor };
  const service = createBackofficeService(bo);
  const registration: ModuleRegistration = {
    name: 'backoffice',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    facts: BACKOFFICE_FACTS,
    navigation: BACKOFFICE_NAVIGATION,
    permissions: BACKOFFICE_PERMISSIONS,
    async registerRoutes(app) {
      registerBackofficeApi(app, service);
      await registerBackofficePages(app, { service, dossiers: deps.dossiers, contributions: ctx.contributions });
      registerPaymentRequestPages(app, service);
    },
    consumers: [paymentsReceivedConsumer(bo), cancelFeesOfEndedDossiersConsumer(bo)],
    seedDemo: (log) => seedDemoStaff(bo, log),
    // Results are kept as issued in the file store.
    fileReferences: (sha256s) => repo.namedFiles(ctx.db, sha256s),
  };
  return { registration, api: service };
}

export const backofficeModule: ModuleDefinition<BackofficeDependencies, BackofficeApi, BackofficeModuleOptions> = {
  name: 'backoffice',
  needs: ['agencies', 'identity', 'catalog', 'calendar', 'dossiers', 'payments'],
  create: (ctx, deps, options) => createBackofficeModule(ctx, deps, options),
};
