import type { Actor } from '../../platform/module/index.ts';
import type { ImportInput, ImportOptions, ImportResult } from './catalog.import.ts';
import type { SearchQuery, SearchResult } from './catalog.search.ts';
import type { PublishedProcedure } from './catalog.service.ts';
import type { ProcedureListItem } from './catalog.listing.ts';

export interface CatalogApi {
  /** The published version of a procedure (a case code such as `1.001193.02` finds its procedure). Throws `catalog.procedure_not_found`. */
  getPublishedProcedure(code: string): Promise<PublishedProcedure>;
  findPublishedProcedure(code: string): Promise<PublishedProcedure | undefined>;
  /** A published version by id: what a dossier was filed under, even after a later edit or a withdrawal. */
  getProcedureVersion(versionId: number): Promise<PublishedProcedure>;
  searchProcedures(query: SearchQuery): Promise<SearchResult>;
  /** Every published procedure's code, name and field, in code order (integrations mirror the list). */
  listPublishedProcedures(): Promise<ProcedureListItem[]>;

  /** Management (system admins; agency admins and leaders within their level-1 body). */
  createProcedure(actor: Actor | undefined, document: unknown): Promise<{ code: string; version: number }>;
  updateProcedure(actor: Actor | undefined, code: string, document: unknown): Promise<{ code: string; version: number; changed: boolean }>;
  publishProcedure(actor: Actor | undefined, code: string): Promise<{ code: string; version: number }>;
  withdrawProcedure(actor: Actor | undefined, code: string): Promise<void>;
  importProcedures(actor: Actor | undefined, input: ImportInput, options?: ImportOptions): Promise<ImportResult>;
  exportProcedures(actor: Actor | undefined, options: { format: 'json' | 'xlsx'; withDrafts?: boolean }): Promise<{ content: Buffer; count: number; contentType: string; extension: string }>;
  /** `egov seed procedures --synthetic N`: N generated procedures (codes 9.000001 …), published. */
  seedSynthetic(count: number, options?: Pick<ImportOptions, 'onProgress' | 'batchSize'>): Promise<ImportResult>;
}
