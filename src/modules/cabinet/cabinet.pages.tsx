import type { Config } from '../../platform/config/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { TasksApi } from '../tasks/index.ts';
import { registerDraftPages } from './cabinet.drafts-pages.tsx';
import { registerHomePages } from './cabinet.pages-home.tsx';
import { registerPollPages } from './cabinet.pages-polls.tsx';
import { registerSessionPages } from './cabinet.pages-sessions.tsx';
import type { CabinetService } from './cabinet.service.ts';

/** The e-Cabinet's server-rendered pages, by concern. */
export async function registerCabinetPages(app: HttpApp, cabinet: CabinetService, config: Config, tasks: Pick<TasksApi, 'tasksOfCabinetItems'>): Promise<void> {
  registerHomePages(app, cabinet, config);
  await registerSessionPages(app, cabinet, tasks);
  await registerPollPages(app, cabinet);
  await registerDraftPages(app, cabinet);
}
