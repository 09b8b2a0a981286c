import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import type { ReportingDeps } from './reporting.access.ts';
import { REPORTING_FACTS } from './reporting.facts.ts';
import { REPORTING_NAVIGATION, REPORTING_PERMISSIONS, REPORTING_ROLES } from './reporting.contributions.ts';
import { createIndicatorLinks } from './reporting.indicator-links.ts';
import { acceptAll } from './accept-all.service.ts';
import { registerReportingPages } from './reporting.pages.tsx';
import * as repo from './reporting.repository.ts';
import { registerReportingApi } from './reporting.routes.ts';
import { seedReportingOfficials } from './reporting.demo-accounts.ts';
import { seedReporting } from './reporting.seed.ts';
import { defineIndicators, defineRegime, saveUnit, syncUnits } from './reporting.setup.ts';
import { compare, series } from './rollups.service.ts';
import { getReport, saveReport, transition } from './submissions.service.ts';
import { progress, sendReminders } from './timeliness.service.ts';

// The Government Reporting System's only door (NĐ 09/2019/NĐ-CP; DOMAIN.md §8).
export type { ReportingApi } from './reporting.api.ts';
export type { IndicatorLink, IndicatorLinkSource } from './reporting.indicator-links.ts';
export { REPORTING_FACTS, ReportAccepted, ReportUnlocked } from './reporting.facts.ts';
export type { Indicator, Regime, ReportingUnit, Submission, SubmissionState } from './reporting.types.ts';
export { periodWindow, periodsOfYear, samePeriodLastYear, type Frequency, type PeriodWindow } from './reporting.periods.ts';

interface Deps {
  agencies: AgenciesApi;
  calendar: CalendarApi;
  identity: IdentityApi;
}

export function createReportingModule(ctx: PlatformContext, deps: Deps): { registration: ModuleRegistration; api: ReportingApi } {
  const indicatorLinks = createIndicatorLinks();
  const shared: ReportingDeps = { db: ctx.db, may: (actor, permission) => ctx.contributions.may(actor, permission), calendar: deps.calendar, indicatorLinks };
  const api: ReportingApi = {
    syncUnits: (actor) => syncUnits(ctx.db, deps.agencies, actor),
    saveUnit: (actor, unit) => saveUnit(ctx.db, actor, unit),
    defineIndicators: (actor, indicators) => defineIndicators(ctx.db, actor, indicators),
    defineRegime: (actor, regime) => defineRegime(ctx.db, actor, regime),
    listRegimes: () => repo.listRegimes(ctx.db),
    listIndicators: () => repo.listIndicators(ctx.db),
    getReport: (actor, key) => getReport(shared, actor, key),
    saveReport: (actor, input) => saveReport(shared, actor, input),
    submit: (actor, key) => transition(shared, actor, 'submit', key),
    approve: (actor, key) => transition(shared, actor, 'approve', key),
    returnReport: (actor, key) => transition(shared, actor, 'return', key),
    accept: (actor, key) => transition(shared, actor, 'accept', key),
    acceptAll: (actor, key) => acceptAll(shared, actor, key),
    requestCorrection: (actor, key) => transition(shared, actor, 'request_correction', key),
    unlock: (actor, key) => transition(shared, actor, 'unlock', key),
    series: (actor, query) => series(shared, actor, query),
    compare: (actor, query) => compare(shared, actor, query),
    progress: (actor, query) => progress(shared, actor, query),
    sendReminders: (now, workingDays) => sendReminders(shared, now, workingDays),
    registerIndicatorLinks: (source) => indicatorLinks.register(source),
  };
  const registration: ModuleRegistration = {
    name: 'reporting',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      registerReportingApi(app, api);
      await registerReportingPages(app, api, shared);
    },
    facts: REPORTING_FACTS,
    navigation: REPORTING_NAVIGATION,
    roles: REPORTING_ROLES,
    permissions: REPORTING_PERMISSIONS,
    async seedDemo(log) {
      await seedReporting(shared, deps.agencies, log, { demo: true });
      await seedReportingOfficials(deps.identity, deps.agencies, log);
    },
  };
  return { registration, api };
}

export const reportingModule: ModuleDefinition<Deps, ReportingApi> = {
  name: 'reporting',
  needs: ['agencies', 'calendar', 'identity'],
  create: (ctx, deps) => createReportingModule(ctx, deps),
  commands: [
    {
      name: 'reporting',
      summary: 'reporting system: sync the unit tree, send deadline reminders',
      usage: 'egov reporting sync-units\n       egov reporting remind [--working-days N]',
      load: async () => (await import('./reporting.cli.ts')).reportingCommand,
    },
  ],
};
