import type { Agency, Province } from '../agencies/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { assertCovers, catalogScope, managerOf, type CatalogScope } from './catalog.policy.ts';
import * as repo from './catalog.repository.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { memoLookup, type AgencyLookup, type ValidationIssue } from './catalog.validation.ts';
import { planWrite, prepareDocument, sameDocument, type PreparedDocument } from './catalog.writes.ts';
import { isCatalogueCode, parseProcedureCode } from './procedure-code.ts';
import { foldQuery } from './search-text.ts';

export interface CatalogDeps {
  findAgency(code: string): Promise<Agency | undefined>;
  listProvinces(): Promise<Province[]>;
}

/** A published version as the public and the dossiers module see it. */
export interface PublishedProcedure {
  code: string;
  versionId: number;
  version: number;
  publishedAt: Date;
  document: ProcedureDocument;
}

export interface AdminProcedureView {
  code: string;
  status: repo.ProcedureStatus;
  current: repo.VersionRow | undefined;
  draft: repo.VersionRow | undefined;
  versions: repo.VersionRow[];
  scope: CatalogScope;
}

export const ADMIN_PAGE_SIZE = 50;

const toPublished = (v: repo.VersionRow): PublishedProcedure => {
  if (!v.publishedAt) throw CatalogErrors.versionNotFound(v.id);
  return { code: v.procedureCode, versionId: v.id, version: v.version, publishedAt: v.publishedAt, document: v.document };
};

/**
 * Catalogue management: officials create and edit drafts, publish and withdraw. Each use
 * case authorises, validates everything before writing, and writes in one transaction with
 * its audit entry. `onPublishedChange` runs after a commit that changed what the public sees.
 */
export function createCatalogService(db: Db, deps: CatalogDeps, onPublishedChange: () => void) {
  const lookup = (): AgencyLookup => memoLookup((code) => deps.findAgency(code));

  async function prepareOrThrow(raw: unknown, extra: ValidationIssue[] = []): Promise<PreparedDocument> {
    const result = await prepareDocument(raw, lookup());
    const issues = [...extra, ...result.issues];
    if (issues.length > 0 || !result.prepared) throw CatalogErrors.documentInvalid(issues);
    return result.prepared;
  }

  async function lockedState(tx: Parameters<typeof repo.findStates>[0], code: string): Promise<repo.ProcedureState> {
    const state = (await repo.findStates(tx, [code], { lock: true })).get(code);
    if (!state) throw CatalogErrors.procedureNotFound(code);
    return state;
  }

  return {
    /** Throws unless the actor may manage some procedures; what they may manage. */
    managementScope(actor: Actor | undefined): CatalogScope {
      return catalogScope(actor);
    },

    /** Every problem of a document (shape, rules, directory), without storing anything. */
    async validate(raw: unknown): Promise<ValidationIssue[]> {
      return (await prepareDocument(raw, lookup())).issues;
    },

    /** A new procedure, kept as a draft (version 1) until it is published. */
    async createProcedure(actor: Actor | undefined, raw: unknown): Promise<{ code: string; version: number }> {
      const { scope, accountId } = managerOf(actor);
      const prepared = await prepareOrThrow(raw);
      assertCovers(scope, prepared.index.scope_level1);
      const code = prepared.document.code;
      await db.transaction().execute(async (tx) => {
        if ((await repo.findStates(tx, [code], { lock: true })).has(code)) throw CatalogErrors.procedureExists(code);
        const plan = planWrite(undefined, prepared, false);
        if (!plan) return;
        try {
          await repo.applyWritesInTx(tx, [plan], accountId);
        } catch (error) {
          // Two officials creating the same code at once: the primary key decides.
          if ((error as { code?: string }).code === '23505') throw CatalogErrors.procedureExists(code);
          throw error;
        }
        await appendAuditInTx(tx, { actor: accountId, action: 'procedure.created', entityType: 'procedure', entityId: code, data: { version: 1 } });
      });
      return { code, version: 1 };
    },

    /**
     * Saves an edit as the pending draft. A published version is never changed: the first
     * edit after publication creates the next version number.
     */
    async updateProcedure(actor: Actor | undefined, code: string, raw: unknown): Promise<{ code: string; version: number; changed: boolean }> {
      const { scope, accountId } = managerOf(actor);
      const before = (await repo.findStates(db, [code])).get(code);
      if (!before) throw CatalogErrors.procedureNotFound(code);
      assertCovers(scope, before.scopeLevel1);
      const rawCode = (raw as { code?: unknown } | null)?.code;
      const codeIssue: ValidationIssue[] =
        typeof rawCode === 'string' && rawCode.trim() !== code ? [{ path: 'code', code: 'code_changed', message: `cannot change: the procedure is ${code}` }] : [];
      const prepared = await prepareOrThrow(raw, codeIssue);
      assertCovers(scope, prepared.index.scope_level1);
      return db.transaction().execute(async (tx) => {
        const state = await lockedState(tx, code);
        const plan = planWrite(state, prepared, false);
        if (!plan) return { code, version: state.maxVersion, changed: false };
        await repo.applyWritesInTx(tx, [plan], accountId);
        const version = plan.newVersion ?? state.maxVersion;
        await appendAuditInTx(tx, { actor: accountId, action: 'procedure.edited', entityType: 'procedure', entityId: code, data: { version } });
        return { code, version, changed: true };
      });
    },

    /** Publishes the pending draft, or publishes a withdrawn procedure again. */
    async publishProcedure(actor: Actor | undefined, code: string): Promise<{ code: string; version: number }> {
      const { scope, accountId } = managerOf(actor);
      // Directory lookups run outside the transaction (PGlite has one connection); the
      // transaction then checks that the document it publishes is still the one checked.
      for (let attempt = 0; ; attempt++) {
        const before = (await repo.findStates(db, [code])).get(code);
        if (!before) throw CatalogErrors.procedureNotFound(code);
        assertCovers(scope, before.scopeLevel1);
        const document = before.draftDocument ?? before.currentDocument;
        if (!document) throw CatalogErrors.nothingToPublish(code);
        // Checked again: an agency named by the draft may have left the directory since.
        const prepared = await prepareOrThrow(document);
        assertCovers(scope, prepared.index.scope_level1);
        const result = await db.transaction().execute(async (tx) => {
          const state = await lockedState(tx, code);
          if (!sameDocument(state.draftDocument ?? state.currentDocument, prepared.document)) return undefined;
          const plan = planWrite(state, prepared, true);
          if (!plan) throw CatalogErrors.nothingToPublish(code);
          const newIds = await repo.applyWritesInTx(tx, [plan], accountId);
          const versionId = plan.current === 'new' ? newIds.get(code) : plan.current;
          const version = versionId ? (await repo.findVersion(tx, versionId))?.version : undefined;
          await repo.bumpGenerationInTx(tx);
          await appendAuditInTx(tx, { actor: accountId, action: 'procedure.published', entityType: 'procedure', entityId: code, data: { version } });
          return { code, version: version ?? 0 };
        });
        if (result) {
          onPublishedChange();
          return result;
        }
        if (attempt >= 2) throw CatalogErrors.concurrentEdit(code);
      }
    },

    /** Takes a procedure off the public catalogue. Its versions stay: dossiers filed under them still resolve. */
    async withdrawProcedure(actor: Actor | undefined, code: string): Promise<void> {
      const { scope, accountId } = managerOf(actor);
      await db.transaction().execute(async (tx) => {
        const state = await lockedState(tx, code);
        assertCovers(scope, state.scopeLevel1);
        if (state.status !== 'published') throw CatalogErrors.notPublished(code);
        await repo.setStatusInTx(tx, code, 'withdrawn');
        await repo.bumpGenerationInTx(tx);
        await appendAuditInTx(tx, { actor: accountId, action: 'procedure.withdrawn', entityType: 'procedure', entityId: code });
      });
      onPublishedChange();
    },

    /** Everything an official sees about one procedure: versions, the pending draft. */
    async getForAdmin(actor: Actor | undefined, code: string): Promise<AdminProcedureView> {
      const scope = catalogScope(actor);
      const state = isCatalogueCode(code) ? (await repo.findStates(db, [code])).get(code) : undefined;
      if (!state) throw CatalogErrors.procedureNotFound(code);
      assertCovers(scope, state.scopeLevel1);
      const versions = await repo.listVersions(db, code);
      return {
        code,
        status: state.status,
        current: versions.find((v) => v.id === state.currentVersionId),
        draft: versions.find((v) => v.id === state.draftVersionId),
        versions,
        scope,
      };
    },

    async listForAdmin(actor: Actor | undefined, query: { q?: string | undefined; status?: repo.ProcedureStatus | undefined; page?: number | undefined }) {
      const scope = catalogScope(actor);
      const raw = (query.q ?? '').trim();
      const page = Math.max(1, Math.trunc(query.page ?? 1));
      const codeLike = /^\d\.\d*/.test(raw);
      const list = await repo.listForAdmin(db, {
        level1: scope.kind === 'level1' ? scope.level1 : undefined,
        codePrefix: codeLike ? raw.toUpperCase() : undefined,
        folded: codeLike ? undefined : foldQuery(raw) || undefined,
        status: query.status,
        limit: ADMIN_PAGE_SIZE,
        offset: (page - 1) * ADMIN_PAGE_SIZE,
      });
      return { ...list, page, pages: Math.max(1, Math.ceil(list.total / ADMIN_PAGE_SIZE)), scope };
    },

    /** The published version of a procedure, or undefined (unknown, draft or withdrawn). A case code finds its procedure. */
    async findPublished(code: string): Promise<PublishedProcedure | undefined> {
      const parsed = parseProcedureCode(code);
      if (!parsed) return undefined;
      const version = await repo.findPublished(db, parsed.code);
      return version ? toPublished(version) : undefined;
    },

    /** A published version by id, even of a procedure withdrawn since (a dossier's version). */
    async getVersion(versionId: number): Promise<PublishedProcedure> {
      if (!Number.isSafeInteger(versionId) || versionId <= 0) throw CatalogErrors.versionNotFound(versionId);
      const version = await repo.findVersion(db, versionId);
      if (!version?.publishedAt) throw CatalogErrors.versionNotFound(versionId);
      return toPublished(version);
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
