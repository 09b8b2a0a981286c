import type { ModuleDefinition } from '../platform/module/index.ts';
import { agenciesModule } from '../modules/agencies/index.ts';
import { calendarModule } from '../modules/calendar/index.ts';
import { catalogModule } from '../modules/catalog/index.ts';
import { dossiersModule } from '../modules/dossiers/index.ts';
import { exchangeModule } from '../modules/exchange/index.ts';
import { identityModule } from '../modules/identity/index.ts';
import { webModule } from '../web/index.ts';

/**
 * Every module of the application, each after the modules it needs: migrations and demo
 * data apply in this order. Adding a module is one line here (and its import): see
 * docs/NEW-MODULE.md.
 */
export const MODULES: readonly ModuleDefinition<never, unknown, never>[] = [
  calendarModule,
  agenciesModule,
  identityModule,
  catalogModule,
  dossiersModule,
  exchangeModule,
  webModule,
];
