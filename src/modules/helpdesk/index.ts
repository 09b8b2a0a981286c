import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { HELPDESK_NAVIGATION, HELPDESK_PERMISSIONS, HELPDESK_ROLES } from './helpdesk.contributions.ts';
import { HELPDESK_FACTS } from './helpdesk.facts.ts';
import { registerHelpdeskPages } from './helpdesk.pages.tsx';
import { seedDemoHelpdesk } from './helpdesk.seed.ts';
import { createHelpdeskService, type HelpdeskContext, type HelpdeskDependencies, type HelpdeskService } from './helpdesk.service.ts';

// The helpdesk's only door: support tickets (web, phone, e-mail), canned answers, knowledge base.
export { HELPDESK_FACTS, TicketChanged } from './helpdesk.facts.ts';
export type { HelpdeskDependencies } from './helpdesk.service.ts';

export type HelpdeskApi = Pick<HelpdeskService, 'openWebTicket' | 'recordTicket' | 'queue' | 'getTicket' | 'assign' | 'answer' | 'close' | 'addCannedAnswer' | 'cannedAnswers' | 'saveArticle' | 'searchArticles' | 'getArticle' | 'myTickets'>;

export interface HelpdeskModuleOptions {
  /** Working days in which a ticket is answered (default 2). */
  answerWorkingDays?: number;
}

export function createHelpdeskModule(platform: PlatformContext, deps: HelpdeskDependencies, options: HelpdeskModuleOptions = {}): { registration: ModuleRegistration; api: HelpdeskApi } {
  const ctx: HelpdeskContext = { ...deps, db: platform.db, contributions: platform.contributions, answerWorkingDays: options.answerWorkingDays ?? 2 };
  const service = createHelpdeskService(ctx);
  const registration: ModuleRegistration = {
    name: 'helpdesk',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    facts: HELPDESK_FACTS,
    roles: HELPDESK_ROLES,
    permissions: HELPDESK_PERMISSIONS,
    navigation: HELPDESK_NAVIGATION,
    registerRoutes: (app) => registerHelpdeskPages(app, service, ctx.answerWorkingDays),
    seedDemo: (log) => seedDemoHelpdesk(ctx, service, log),
  };
  return { registration, api: service };
}

export const helpdeskModule: ModuleDefinition<HelpdeskDependencies, HelpdeskApi, HelpdeskModuleOptions> = {
  name: 'helpdesk',
  needs: ['calendar', 'identity'],
  create: (ctx, deps, options) => createHelpdeskModule(ctx, deps, options),
};
