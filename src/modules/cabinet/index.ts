import path from 'node:path';
import type { Actor, ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { TasksApi } from '../tasks/index.ts';
import { CABINET_NAVIGATION, CABINET_PERMISSIONS, CABINET_ROLES } from './cabinet.contributions.ts';
import { CABINET_FACTS } from './cabinet.facts.ts';
import { registerCabinetPages } from './cabinet.pages.tsx';
import { registerCabinetApi } from './cabinet.routes.ts';
import { registerSecretariatApi } from './cabinet.integration.ts';
import { seedDemoGovernment } from './cabinet.seed.ts';
import { createCabinetService, type CabinetService } from './cabinet.service.ts';

// The e-Cabinet's only door (issue #15; DOMAIN.md §7): Government sessions, agendas, positions,
// named votes, opinion polls of members, conclusions.
export { CABINET_FACTS, ConclusionRecorded, DecisionTaken, PaperSaved } from './cabinet.facts.ts';
export type { Member, PollView, SessionView, ItemView, VoteView } from './cabinet.service.ts';

/** What other modules, the CLI and tests may ask of the cabinet: its use cases (each authorises the actor). */
export type CabinetApi = CabinetService;

/** Identity's door reads an agency's officials for the cabinet, after the cabinet authorised the secretariat. */
const OFFICIALS_READER: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'cabinet', agencyCode: null, roles: [] });

interface Deps {
  identity: IdentityApi;
  calendar: CalendarApi;
  exchange: ExchangeApi;
  /** The tasks its conclusions created (read for the conclusion's page; the tasks module reads conclusions from facts). */
  tasks: Pick<TasksApi, 'tasksOfCabinetItems'>;
}

export interface CabinetOptions {
  /** Tests: a fake clock for deadlines, cut-offs and reminders. */
  now?: () => Date;
}

export function createCabinetModule(ctx: PlatformContext, deps: Deps, options: CabinetOptions = {}): { registration: ModuleRegistration; api: CabinetApi } {
  const service = createCabinetService({
    exchange: deps.exchange,
    officialsOf: async (agencyCode) => (await deps.identity.listOfficials(OFFICIALS_READER, { agencyCode })).map((o) => ({ id: o.id, email: o.email, fullName: o.fullName, status: o.status })),
    db: ctx.db, files: ctx.files, config: ctx.config, calendar: deps.calendar, now: options.now });
  const registration: ModuleRegistration = {
    name: 'cabinet',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      registerCabinetApi(app, service);
      registerSecretariatApi(app, service);
      await registerCabinetPages(app, service, ctx.config, deps.tasks);
    },
    facts: CABINET_FACTS,
    navigation: CABINET_NAVIGATION,
    roles: CABINET_ROLES,
    permissions: CABINET_PERMISSIONS,
    seedDemo: (log) => seedDemoGovernment(deps.identity, service, log),
    fileReferences: (sha256s) => service.fileReferences(sha256s),
  };
  return { registration, api: service };
}

export const cabinetModule: ModuleDefinition<Deps, CabinetApi, CabinetOptions> = {
  name: 'cabinet',
  needs: ['identity', 'calendar', 'exchange', 'tasks'],
  create: (ctx, deps, options) => createCabinetModule(ctx, deps, options),
  commands: [
    {
      name: 'cabinet',
      summary: 'e-Cabinet: send due poll reminders and close polls past their deadline',
      usage: 'egov cabinet tick',
      load: async () => (await import('./cabinet.cli.ts')).cabinetCommand,
    },
  ],
};
