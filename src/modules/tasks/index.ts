import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { TasksApi } from './tasks.api.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { ReportingApi } from '../reporting/index.ts';
import { conclusionTasksConsumer } from './tasks.consumer.ts';
import type { TasksContext } from './tasks.context.ts';
import { TASKS_NAVIGATION, TASKS_PERMISSIONS, TASKS_ROLES } from './tasks.contributions.ts';
import { TASKS_FACTS } from './tasks.facts.ts';
import { createTasksImport } from './tasks.import.ts';
import { createTaskIndicators, indicatorLinkSource } from './tasks.indicators.ts';
import { registerTasksPages } from './tasks.pages.tsx';
import { registerTasksApi } from './tasks.routes.ts';
import { createTasksQueries } from './tasks.queries.ts';
import * as repo from './tasks.repository.ts';
import { seedDemoTasks } from './tasks.seed.ts';
import { createTasksService } from './tasks.service.ts';

// Task tracking's only door (issue #16; NQ 17/NQ-CP): tasks the Government and the Prime
// Minister assign, their lifecycle, overdue flags in working days, the Government Office's
// views, the lineage from a cabinet conclusion (read from cabinet.conclusion_recorded facts —
// this module never imports the cabinet) to the tasks, the documents that answered them (checked
// through the exchange's door) and the reporting indicators they move (through reporting's door).
export { TASKS_FACTS, TaskChanged, TaskLinked } from './tasks.facts.ts';
export type { TaskView } from './tasks.view-model.ts';
export type { TaskIndicator } from './tasks.indicators.ts';
export type { NewTaskInput } from './tasks.input.ts';
export type { TasksApi } from './tasks.api.ts';

interface Deps {
  agencies: AgenciesApi;
  identity: IdentityApi;
  calendar: CalendarApi;
  exchange: ExchangeApi;
  reporting: ReportingApi;
}

export interface TasksOptions {
  /** Tests: a fake clock (today's day decides what is overdue). */
  now?: () => Date;
}

export function createTasksModule(platform: PlatformContext, deps: Deps, options: TasksOptions = {}): { registration: ModuleRegistration; api: TasksApi } {
  const ctx: TasksContext = { db: platform.db, calendar: deps.calendar, contributions: platform.contributions, exchange: deps.exchange, reporting: deps.reporting, now: options.now ?? (() => new Date()) };
  const indicators = createTaskIndicators(ctx);
  const service = createTasksService(ctx, indicators);
  const queries = createTasksQueries(ctx);
  const importer = createTasksImport(ctx);
  const api: TasksApi = {
    assign: service.assign,
    accept: service.accept,
    askClarification: service.askClarification,
    answerClarification: service.answerClarification,
    reportProgress: service.reportProgress,
    complete: service.complete,
    requestExtension: service.requestExtension,
    decideExtension: service.decideExtension,
    evaluate: service.evaluate,
    linkIndicators: indicators.linkIndicators,
    tasksOfIndicator: indicators.tasksOfIndicator,
    get: service.get,
    agencyTasks: queries.agencyTasks,
    overdue: queries.overdue,
    completionRates: queries.completionRates,
    byAgency: queries.byAgency,
    tasksAnsweredBy: queries.tasksAnsweredBy,
    tasksOfCabinetItems: queries.tasksOfCabinetItems,
    importWorkbook: importer.importWorkbook,
  };
  // Navigable both ways: the reporting figures page of an indicator lists the tasks that move it
  // (reporting never imports task tracking; it shows what modules above register).
  deps.reporting.registerIndicatorLinks(indicatorLinkSource(api));
  const registration: ModuleRegistration = {
    name: 'tasks',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    facts: TASKS_FACTS,
    consumers: [conclusionTasksConsumer(ctx)],
    roles: TASKS_ROLES,
    permissions: TASKS_PERMISSIONS,
    navigation: TASKS_NAVIGATION,
    async registerRoutes(app) {
      registerTasksApi(app, api);
      await registerTasksPages(app, { api, agencies: deps.agencies, files: platform.files });
    },
    seedDemo: (log) => seedDemoTasks({ ctx, identity: deps.identity, api }, log),
    fileReferences: (sha256s) => repo.fileReferences(platform.db, sha256s),
  };
  return { registration, api };
}

export const tasksModule: ModuleDefinition<Deps, TasksApi, TasksOptions> = {
  name: 'tasks',
  needs: ['agencies', 'identity', 'calendar', 'exchange', 'reporting'],
  create: (ctx, deps, options) => createTasksModule(ctx, deps, options),
  commands: [
    {
      name: 'tasks import',
      summary: 'import a task list from an Excel workbook (checked row by row; nothing is imported while a row is wrong)',
      usage: 'egov tasks import FILE.xlsx',
      load: async () => (await import('./tasks.cli.ts')).importCommand,
    },
  ],
};
