import type { ModuleDefinition } from '../platform/module/index.ts';

/**
 * Every module of the application, each after the modules it needs: migrations and demo
 * data apply in this order. Adding a module is one line here: see docs/NEW-MODULE.md.
 */
export const MODULES: readonly ModuleDefinition<never, unknown, never>[] = [
  (await import('../modules/calendar/index.ts')).calendarModule,
  (await import('../modules/agencies/index.ts')).agenciesModule,
  (await import('../modules/identity/index.ts')).identityModule,
  (await import('../modules/catalog/index.ts')).catalogModule,
  (await import('../modules/dossiers/index.ts')).dossiersModule,
  (await import('../modules/exchange/index.ts')).exchangeModule,
  (await import('../modules/payments/index.ts')).paymentsModule,
  (await import('../modules/backoffice/index.ts')).backofficeModule,
  (await import('../modules/statussync/index.ts')).statussyncModule,
  (await import('../modules/reporting/index.ts')).reportingModule,
  (await import('../modules/feedback/index.ts')).feedbackModule,
  (await import('../modules/helpdesk/index.ts')).helpdeskModule,
  (await import('../modules/tasks/index.ts')).tasksModule,
  (await import('../modules/cabinet/index.ts')).cabinetModule,
  (await import('../web/index.ts')).webModule,
];
