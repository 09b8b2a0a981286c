import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { registerDossierPages } from './dossiers.pages.tsx';
import { registerDossierApi } from './dossiers.routes.ts';
import type { DossiersDependencies } from './dossiers.deps.ts';
import { createDossiersService, type DossiersService, type UploadScanner } from './dossiers.service.ts';
import { DOSSIER_FACTS } from './dossiers.facts.ts';
import { DOSSIER_NAVIGATION, DOSSIER_ROLES } from './dossiers.contributions.ts';
import { UPLOAD_LIMITS as UPLOAD_LIMITS_DEFAULT, type UploadLimits } from './dossiers.limits.ts';
import * as syncStore from './dossiers.sync-store.ts';
import { dossiersPersonalData } from './dossiers.personal-data.ts';
import { walletPersonalData } from './dossiers.wallet.personal-data.ts';

export type { DossiersDependencies } from './dossiers.deps.ts';

// The dossiers module's only door.
export { formFor, formJsonSchema, type FormDefinition, type FieldDef } from './dossiers.forms.ts';
export { answerRows, chosenProvinces } from './dossiers.form-view.tsx';
export { dossierCode, type ApplicationInput, type SubmittedDossier, type UploadRecord, type UploadScanner } from './dossiers.service.ts';
export { statusLabel, timelineNote } from './dossiers.messages.ts';
export { DOSSIER_FACTS, DossierSubmitted } from './dossiers.facts.ts';
export { UPLOAD_LIMITS, type UploadLimits } from './dossiers.limits.ts';
export { countUnitQueue, countUnitQueues, listProgressAndFiles, listQueueItemsByCode, unitQueuePageAndCounts, type QueueOfUnits, findDossierState, listDossierFiles, listProgress, listUnitQueue, transitionDossierInTx, type DossierFile, type DossierState, type ProgressEntry, type StateChange, type UnitQueueFilter, type UnitQueueItem } from './dossiers.transitions.ts';
export { DossierStatusSynced } from './dossiers.sync-facts.ts';
export { archiveHistoryBefore, ensureHistoryMonths, listHistoryMonths, type HistoryMonth } from './dossiers.history.ts';
export { addToWalletInTx, type NewWalletDocument } from './dossiers.wallet.ts';
export type { DossierSyncResult, ProgressSyncResult, SyncedDossier, SyncedProgress, SyncOutcome, SyncWriter } from './dossiers.sync-store.ts';

export interface DossiersApi {
  saveDraft: DossiersService['saveDraft'];
  submitApplication: DossiersService['submitApplication'];
  getDossier: DossiersService['getDossier'];
  lookup: DossiersService['lookup'];
  listMine: DossiersService['listMine'];
  /** The receiving agency's queue for the officials' console (processing comes later). */
  listAgencyQueue: DossiersService['listAgencyQueue'];
  /** The applicant adds a document to a dossier waiting for a supplement (status 5). */
  acceptSupplementUpload: DossiersService['acceptSupplementUpload'];
  /** Names of the components of a procedure version, by index. */
  componentNames: DossiersService['componentNames'];
  /**
   * Stores a file for an application about to be submitted through this door (demo seeds,
   * integrations): the dossier names it to the file store's sweep once submitted, and the
   * sweep's grace period covers the moment in between.
   */
  storeApplicationFile(content: Buffer): Promise<{ sha256: string; size: number }>;
  /** The status sync (statussync module): batches of synced dossiers and progress entries (dossiers.sync-store.ts). */
  syncDossiers(writer: syncStore.SyncWriter, mode: 'create' | 'upsert', items: syncStore.SyncedDossier[]): ReturnType<typeof syncStore.syncDossiers>;
  syncProgress(writer: syncStore.SyncWriter, items: syncStore.SyncedProgress[]): ReturnType<typeof syncStore.syncProgress>;
  findDossierStates(codes: string[]): ReturnType<typeof syncStore.findDossierStates>;
}


export interface DossiersModuleOptions {
  /** UPLOAD_LIMITS (dossiers.limits.ts) unless given: tests use small ones. */
  uploadLimits?: UploadLimits;
  /** An antivirus (ClamAV …) after the structural check of uploads. */
  scanner?: UploadScanner;
}

export function createDossiersModule(ctx: PlatformContext, deps: DossiersDependencies, options: DossiersModuleOptions = {}): { registration: ModuleRegistration; api: DossiersApi } {
  const service = createDossiersService({ db: ctx.db, reads: () => ctx.database.reader(), files: ctx.files, baseUrl: ctx.config.baseUrl, agencies: deps.agencies, identity: deps.identity, catalog: deps.catalog, calendar: deps.calendar, scanner: options.scanner ?? deps.scanner, uploadLimits: options.uploadLimits });
  // NĐ 13/2023: the person's data export and erasure (identity's /profile/my-data) include their dossiers.
  deps.identity.registerPersonalDataSource?.(dossiersPersonalData(ctx.db));
  deps.identity.registerPersonalDataSource?.(walletPersonalData(ctx.db));
  const registration: ModuleRegistration = {
    name: 'dossiers',
    roles: DOSSIER_ROLES,
    navigation: DOSSIER_NAVIGATION,
    facts: DOSSIER_FACTS,
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      await registerDossierApi(app, { service, baseUrl: ctx.config.baseUrl });
      await registerDossierPages(app, { service, agencies: deps.agencies, files: ctx.files, baseUrl: ctx.config.baseUrl });
    },
    // Drafts' and dossiers' files: the file store's sweep keeps them.
    fileReferences: service.fileReferences,
  };
  return {
    registration,
    api: {
      saveDraft: service.saveDraft,
      submitApplication: service.submitApplication,
      getDossier: service.getDossier,
      lookup: service.lookup,
      listMine: service.listMine,
      listAgencyQueue: service.listAgencyQueue,
      acceptSupplementUpload: service.acceptSupplementUpload,
      componentNames: service.componentNames,
      storeApplicationFile: async (content) => {
        const stored = await ctx.files.put(content, { maxBytes: (options.uploadLimits ?? UPLOAD_LIMITS_DEFAULT).fileBytes });
        return { sha256: stored.sha256, size: stored.size };
      },
      syncDossiers: (writer, mode, items) => syncStore.syncDossiers(ctx.db, writer, mode, items),
      syncProgress: (writer, items) => syncStore.syncProgress(ctx.db, writer, items),
      findDossierStates: (codes) => syncStore.findDossierStates(ctx.db, codes),
    },
  };
}

export const dossiersModule: ModuleDefinition<DossiersDependencies, DossiersApi, DossiersModuleOptions> = {
  name: 'dossiers',
  needs: ['agencies', 'identity', 'catalog', 'calendar'],
  create: (ctx, deps, options) => createDossiersModule(ctx, deps, options),
  commands: [
    {
      name: 'dossiers',
      summary: 'Dossier history by month: make the months ahead, list them, detach old ones for archiving',
      usage: 'egov dossiers history-months [--ahead 12] [--from YYYY-MM] | history-list | history-archive --before YYYY-MM',
      load: async () => (await import('./dossiers.cli.ts')).dossiersCommand,
    },
  ],
};
