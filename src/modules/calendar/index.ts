import path from 'node:path';
import type { Executor } from '../../platform/db/index.ts';
import type { Actor, ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { CALENDAR_NAVIGATION } from './calendar.contributions.ts';
import { registerCalendarAdminRoutes } from './calendar.pages.tsx';
import { registerCalendarApi } from './calendar.routes.ts';
import { loadCalendar, type CalendarOverrideRecord } from './calendar.repository.ts';
import { deleteCalendarOverride, listCalendarOverrides, saveCalendarOverride } from './calendar.service.ts';

// The working-day calendar's stored part: the per-day overrides the Prime Minister decides
// each year, their administration pages, authorisation and audit. The arithmetic over them
// is the platform library `platform/calendar`.
export type { CalendarOverrideRecord } from './calendar.repository.ts';

export interface CalendarApi {
  /** The working calendar with the stored overrides of these years (every year a deadline can reach). */
  workingCalendar(years: readonly number[], db?: Executor): Promise<WorkingCalendar>;
  /** System administrators only. */
  listOverrides(actor: Actor | undefined, year?: number): Promise<CalendarOverrideRecord[]>;
  /** System administrators only; audited. */
  saveOverride(actor: Actor | undefined, input: { day: string; kind: string; reason: string }): Promise<CalendarOverrideRecord>;
  /** System administrators only; audited. */
  deleteOverride(actor: Actor | undefined, day: string): Promise<boolean>;
}

export function createCalendarModule(ctx: PlatformContext): { registration: ModuleRegistration; api: CalendarApi } {
  const api: CalendarApi = {
    workingCalendar: (years, db = ctx.db) => loadCalendar(db, years),
    listOverrides: (actor, year) => listCalendarOverrides(ctx.db, actor, year),
    saveOverride: (actor, input) => saveCalendarOverride(ctx.db, actor, input),
    deleteOverride: (actor, day) => deleteCalendarOverride(ctx.db, actor, day),
  };
  const registration: ModuleRegistration = {
    name: 'calendar',
    navigation: CALENDAR_NAVIGATION,
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    // Its migrations were applied as a platform folder before it became a module.
    migrationsFormerly: 'platform.calendar',
    registerRoutes: (app) => {
      registerCalendarAdminRoutes(app, ctx.db);
      registerCalendarApi(app, ctx.db);
    },
  };
  return { registration, api };
}

export const calendarModule: ModuleDefinition<Record<string, never>, CalendarApi> = {
  name: 'calendar',
  needs: [],
  create: (ctx) => createCalendarModule(ctx),
};
