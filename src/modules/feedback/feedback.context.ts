import type { Db } from '../../platform/db/index.ts';
import type { Contributions } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import type { IdentityApi } from '../identity/index.ts';

/** What the feedback module needs from other modules (each through its index.ts). */
export interface FeedbackDependencies {
  agencies: Pick<AgenciesApi, 'findAgency' | 'searchAgencies' | 'listUnitsOf' | 'isWithin'>;
  identity: Pick<IdentityApi, 'getAccount' | 'createOfficial' | 'listOfficials'>;
  catalog: Pick<CatalogApi, 'findPublishedProcedure'>;
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  dossiers: Pick<DossiersApi, 'listMine' | 'syncDossiers'>;
}

/**
 * Time limits, in working days of the stored calendar. The forwarding window is the 5 working
 * days of NĐ 20/2008 (DOMAIN.md §10); the answer time is not confirmed here, so it is set.
 */
export interface FeedbackSettings {
  /** Working days in which an agency that is not competent forwards an item. */
  forwardWorkingDays: number;
  /** Working days in which the competent agency answers, counted from its receipt. */
  answerWorkingDays: number;
  /** Working days before the answer deadline from which an open item is flagged "due soon". */
  dueSoonWorkingDays: number;
  /** Who receives and classifies items that name no agency, dossier or procedure (the portal's operator). */
  intakeAgency: string;
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = {
  forwardWorkingDays: 5,
  answerWorkingDays: 10,
  dueSoonWorkingDays: 2,
  intakeAgency: '000.00.00.G22',
};

export interface FeedbackContext extends FeedbackDependencies {
  db: Db;
  /** The portal's address, for links in e-mails. */
  baseUrl: string;
  contributions: Contributions;
  settings: FeedbackSettings;
}
