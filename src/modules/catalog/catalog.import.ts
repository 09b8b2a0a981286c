import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { readWorkbook, writeWorkbook } from './catalog.excel.ts';
import type { ImportError, SourceEntry } from './import-source.ts';
import { catalogScope, scopeCovers, type CatalogScope } from './catalog.policy.ts';
import * as repo from './catalog.repository.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { memoLookup, orderDocument, type AgencyLookup } from './catalog.validation.ts';
import { planWrite, prepareDocument, type PreparedDocument } from './catalog.writes.ts';

/**
 * Import and export of the catalogue, in JSON and Excel. An import checks every procedure
 * first and reports each problem by sheet, row and column; it writes nothing when any is
 * wrong unless asked to skip the bad ones; then it writes in batches, in one transaction,
 * with one audit entry.
 */

export type CatalogFileFormat = 'json' | 'xlsx';

export interface ImportOptions {
  /** Import the valid procedures and report the others (default: all or nothing). */
  skipInvalid?: boolean;
  /** Check only. */
  dryRun?: boolean;
  /** Publish what is imported (default) or keep it as drafts. */
  publish?: boolean;
  batchSize?: number;
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void;
}

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Procedures not imported because of an error. */
  rejected: number;
  /** False when nothing was written (an error without skipInvalid, or a dry run). */
  written: boolean;
  errors: ImportError[];
}

export type { ImportError, SourceEntry };

export const EXPORT_FORMAT = 'egov.procedures';

export function detectFormat(fileName: string, content: Uint8Array): CatalogFileFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.json$/i.test(fileName)) return 'json';
  // An .xlsx file is a zip archive: "PK".
  return content[0] === 0x50 && content[1] === 0x4b ? 'xlsx' : 'json';
}

function readJson(content: Uint8Array | string): { entries: SourceEntry[]; fileErrors: ImportError[] } {
  let data: unknown;
  try {
    data = JSON.parse(typeof content === 'string' ? content : new TextDecoder().decode(content));
  } catch (error) {
    return { entries: [], fileErrors: [{ sheet: 'json', row: 0, column: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const list = Array.isArray(data) ? data : (data as { procedures?: unknown } | null)?.procedures;
  if (!Array.isArray(list)) {
    return { entries: [], fileErrors: [{ sheet: 'json', row: 0, column: '', message: `expected an array of procedures or {"format": "${EXPORT_FORMAT}", "procedures": [...]}` }] };
  }
  return {
    fileErrors: [],
    entries: list.map((raw, i) => ({ sheet: 'json', row: i + 1, raw, errors: [], locate: (path: string) => ({ sheet: 'json', row: i + 1, column: path || '(procedure)' }) })),
  };
}

interface Checked {
  entry: SourceEntry;
  prepared: PreparedDocument | undefined;
  errors: ImportError[];
}

/** Who imports: what they may manage, and the account named in the audit trail (null: the system, for seeds). */
export interface ImportPrincipal {
  scope: CatalogScope;
  accountId: string | null;
}

export function principalOf(actor: Actor | undefined): ImportPrincipal {
  return { scope: catalogScope(actor), accountId: actor?.accountId ?? null };
}

export type ImportInput =
  | { format: CatalogFileFormat; content: Uint8Array | string; source?: string | undefined }
  | { format: 'documents'; documents: readonly unknown[]; source?: string | undefined };

function documentsAsEntries(documents: readonly unknown[]): SourceEntry[] {
  return documents.map((raw, i) => ({ sheet: 'documents', row: i + 1, raw, errors: [], locate: (path: string) => ({ sheet: 'documents', row: i + 1, column: path || '(procedure)' }) }));
}

async function readInput(input: ImportInput): Promise<{ entries: SourceEntry[]; fileErrors: ImportError[] }> {
  if (input.format === 'documents') return { entries: documentsAsEntries(input.documents), fileErrors: [] };
  if (input.format === 'xlsx') return readWorkbook(typeof input.content === 'string' ? new TextEncoder().encode(input.content) : input.content);
  return readJson(input.content);
}

export async function importProcedures(
  db: Db,
  findAgency: AgencyLookup,
  principal: ImportPrincipal,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult & { publishedChanged: boolean }> {
  const { scope } = principal;
  const publish = options.publish ?? true;
  const batchSize = options.batchSize ?? 500;
  const progress = options.onProgress ?? (() => undefined);
  const { entries, fileErrors } = await readInput(input);
  const empty = { total: entries.length, created: 0, updated: 0, unchanged: 0, written: false, publishedChanged: false };
  if (entries.length === 0 && fileErrors.length > 0) return { ...empty, rejected: 0, errors: fileErrors };

  // Check everything before writing anything.
  const lookup = memoLookup(findAgency);
  const existing = new Map<string, repo.ProcedureState>();
  const codes = entries.map((e) => (e.raw as { code?: unknown } | null)?.code).filter((c): c is string => typeof c === 'string').map((c) => c.trim());
  for (let i = 0; i < codes.length; i += batchSize) {
    for (const [code, state] of await repo.findStates(db, codes.slice(i, i + batchSize))) existing.set(code, state);
  }
  const seen = new Map<string, number>();
  const checked: Checked[] = [];
  for (const [i, entry] of entries.entries()) {
    const result = await prepareDocument(entry.raw, lookup);
    const errors = [...entry.errors, ...result.issues.map((issue) => ({ ...entry.locate(issue.path), message: issue.message }))];
    const prepared = result.prepared;
    if (prepared) {
      const code = prepared.document.code;
      const first = seen.get(code);
      if (first !== undefined) errors.push({ ...entry.locate('code'), message: `repeats procedure ${code} of row ${first}` });
      else seen.set(code, entry.row);
      const state = existing.get(code);
      if (!scopeCovers(scope, prepared.index.scope_level1) || (state && !scopeCovers(scope, state.scopeLevel1))) {
        errors.push({ ...entry.locate('competentAgency'), message: 'your account may not manage this procedure (another level-1 body)' });
      }
    }
    checked.push({ entry, prepared: errors.length === 0 ? prepared : undefined, errors });
    if ((i + 1) % 100 === 0 || i + 1 === entries.length) progress('check', i + 1, entries.length);
  }
  const errors = [...fileErrors, ...checked.flatMap((c) => c.errors)];
  const valid = checked.filter((c) => c.prepared !== undefined).map((c) => c.prepared as PreparedDocument);
  const rejected = checked.length - valid.length;
  if ((errors.length > 0 && !options.skipInvalid) || options.dryRun) return { ...empty, rejected, errors };

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const touched: string[] = [];
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < valid.length; i += batchSize) {
      const batch = valid.slice(i, i + batchSize);
      const states = await repo.findStates(tx, batch.map((p) => p.document.code), { lock: true });
      const writes = [];
      for (const prepared of batch) {
        const state = states.get(prepared.document.code);
        const plan = planWrite(state, prepared, publish);
        if (!plan) unchanged++;
        else {
          writes.push(plan);
          touched.push(plan.code);
          if (plan.createRow) created++;
          else updated++;
        }
      }
      if (writes.length > 0) await repo.applyWritesInTx(tx, writes, principal.accountId ?? 'system');
      progress('write', Math.min(i + batchSize, valid.length), valid.length);
    }
    if (touched.length > 0) {
      if (publish) await repo.bumpGenerationInTx(tx);
      await appendAuditInTx(tx, {
        actor: principal.accountId,
        action: 'procedures.imported',
        entityType: 'procedure',
        entityId: input.source ?? `${input.format} import`,
        data: { format: input.format, published: publish, created, updated, unchanged, rejected, codes: touched },
      });
    }
  });
  return { total: entries.length, created, updated, unchanged, rejected, written: true, errors, publishedChanged: publish && touched.length > 0 };
}

export interface ExportOptions {
  format: CatalogFileFormat;
  /** Also procedures never published (their draft). */
  withDrafts?: boolean;
}

/** The procedures the actor manages (every one for a system admin), as a file that imports back unchanged. */
export async function exportProcedures(db: Db, actor: Actor | undefined, options: ExportOptions): Promise<{ content: Buffer; count: number; contentType: string; extension: string }> {
  const scope = catalogScope(actor);
  const documents = await repo.listDocuments(db, { level1: scope.kind === 'level1' ? scope.level1 : undefined, withDrafts: options.withDrafts ?? false });
  return serialise(documents, options.format);
}

export async function serialise(documents: ProcedureDocument[], format: CatalogFileFormat) {
  if (format === 'xlsx') {
    return { content: await writeWorkbook(documents), count: documents.length, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
  }
  const body = { format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), procedures: documents.map(orderDocument) };
  return { content: Buffer.from(`${JSON.stringify(body, null, 2)}\n`), count: documents.length, contentType: 'application/json; charset=utf-8', extension: 'json' };
}
