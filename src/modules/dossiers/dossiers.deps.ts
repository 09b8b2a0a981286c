import type { AgenciesApi } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { DossiersService, UploadScanner } from './dossiers.service.ts';

/** What the dossiers module needs from other modules (each through its index.ts). */
export interface DossiersDependencies {
  agencies: Pick<AgenciesApi, 'findAgency' | 'listProvinces' | 'listCommunes'>;
  /**
   * registerPersonalDataSource: the person's export and erasure include their dossiers; assuranceLevelOf:
   * a case may require a level (absent in fakes: an account counts as level 1).
   */
  identity: Pick<IdentityApi, 'getAccount'> & Partial<Pick<IdentityApi, 'registerPersonalDataSource' | 'assuranceLevelOf'>>;
  catalog: Pick<CatalogApi, 'getPublishedProcedure' | 'getProcedureVersion'>;
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  /** Optional virus scanning of uploads. */
  scanner?: UploadScanner;
}

/** What the pages need. */
export interface PagesDeps {
  service: DossiersService;
  agencies: DossiersDependencies['agencies'];
  files: FileStore;
  baseUrl: string;
}
