import type { Readable } from 'node:stream';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import { applicantOf } from './dossiers.queries.ts';
import * as repo from './dossiers.repository.ts';
import { tables } from './dossiers.tables.ts';
import { walletMessages } from './dossiers.wallet.messages.ts';

/**
 * The document wallet (kho dữ liệu cá nhân): copies of the results issued to an applicant. Only
 * the owner lists, opens or attaches them; each view and each attachment is in the audit chain.
 */

export interface WalletDocument {
  id: number;
  title: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  dossierCode: string | null;
  issuerName: string | null;
  issuedAt: Date;
}

export interface NewWalletDocument {
  accountId: string;
  title: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  dossierCode: string | null;
  issuerName: string | null;
  issuedAt: Date;
}

const COLUMNS = ['id', 'title', 'sha256', 'size', 'content_type as contentType', 'file_name as fileName', 'dossier_code as dossierCode', 'issuer_name as issuerName', 'issued_at as issuedAt'] as const;
/** A wallet is small; a page is enough to choose from. */
const WALLET_PAGE = 200;

export const walletNotFound = () => notFound('dossiers.wallet_document_not_found', 'No such document in your wallet');

/**
 * Puts a copy in the owner's wallet, in the caller's transaction (the back office's result
 * issuance): the same bytes twice are one document. Returns its id.
 */
export async function addToWalletInTx(tx: Executor, doc: NewWalletDocument): Promise<number> {
  const t = tables(tx);
  const inserted = await t
    .insertInto('wallet_documents')
    .values({ account_id: doc.accountId, title: doc.title.slice(0, 500), sha256: doc.sha256, size: doc.size, content_type: doc.contentType, file_name: doc.fileName, dossier_code: doc.dossierCode, issuer_name: doc.issuerName, issued_at: doc.issuedAt })
    .onConflict((oc) => oc.constraint('wallet_documents_once').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await t.selectFrom('wallet_documents').select('id').where('account_id', '=', doc.accountId).where('sha256', '=', doc.sha256).executeTakeFirstOrThrow();
  return existing.id;
}

export async function listWallet(ex: Executor, accountId: string): Promise<WalletDocument[]> {
  const rows = await tables(ex).selectFrom('wallet_documents').select(COLUMNS).where('account_id', '=', accountId).orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(WALLET_PAGE).execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

async function findOwn(ex: Executor, accountId: string, id: number): Promise<WalletDocument> {
  if (!Number.isSafeInteger(id) || id < 1) throw walletNotFound();
  const row = await tables(ex).selectFrom('wallet_documents').select(COLUMNS).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  // Someone else's document and no document get the same answer.
  if (!row) throw walletNotFound();
  return { ...row, size: Number(row.size) };
}

/** The wallet's files the file store's sweep must keep. */
export async function walletFiles(ex: Executor, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const rows = await tables(ex).selectFrom('wallet_documents').select('sha256').distinct().where('sha256', 'in', [...sha256s]).execute();
  return rows.map((r) => r.sha256);
}

export interface WalletDeps {
  db: Db;
  files: FileStore;
  /** The component indexes of the draft's procedure case (the service decides, for this actor). */
  draftComponents: (actor: ReturnType<typeof applicantOf>, draft: repo.DraftRow) => Promise<number[]>;
  /** The draft's bytes limit: a wallet document counts like an uploaded file. */
  limitError: (locale: Locale, limitedBy: 'draft', name: string, field: string) => Error;
  draftBytes: number;
}

export function createWalletService(deps: WalletDeps) {
  return {
    /** The owner's documents, newest first. */
    listWallet: async (actor: Actor | undefined) => listWallet(deps.db, applicantOf(actor).accountId),

    /** One document's bytes, for its owner only; the view is audited. */
    async openWalletDocument(actor: Actor | undefined, id: number): Promise<{ document: WalletDocument; content: Readable }> {
      const owner = applicantOf(actor);
      const document = await findOwn(deps.db, owner.accountId, id);
      const content = deps.files.open(document.sha256);
      await appendAuditInTx(deps.db, { actor: owner.accountId, action: 'dossiers.wallet_document_viewed', entityType: 'wallet_document', entityId: String(document.id), data: { sha256: document.sha256, dossier: document.dossierCode } });
      return { document, content };
    },

    /**
     * Attaches a wallet document to a draft's component instead of an uploaded file: the
     * component's file is replaced by a reference to the same bytes. Draft and document must both
     * be the actor's; the component must be the case's. Audited.
     */
    async attachWalletDocument(actor: Actor | undefined, draftId: string, walletId: number, meta: { componentIndex: number; locale: Locale; field: string }): Promise<repo.UploadRow> {
      const owner = applicantOf(actor);
      const draft = await repo.findDraft(deps.db, draftId);
      if (!draft || draft.accountId !== owner.accountId) throw DossierErrors.draftNotFound();
      const components = await deps.draftComponents(owner, draft);
      if (!components.includes(meta.componentIndex)) throw DossierErrors.componentUnknown(walletMessages.t(meta.locale, 'errorComponent'), meta.field);
      const document = await findOwn(deps.db, owner.accountId, walletId).catch(() => {
        throw DossierErrors.uploadInvalid(walletMessages.t(meta.locale, 'errorNotYours'), meta.field);
      });
      if (!(await deps.files.has(document.sha256))) throw DossierErrors.uploadInvalid(walletMessages.t(meta.locale, 'errorNotYours'), meta.field);
      const record: repo.UploadRow = { componentIndex: meta.componentIndex, sha256: document.sha256, size: document.size, contentType: document.contentType, originalName: document.fileName };
      await deps.db.transaction().execute(async (tx) => {
        // The draft locked, as for an upload: concurrent attachments cannot pass its bytes together.
        if (!(await repo.findDraft(tx, draft.id, { lock: true }))) throw DossierErrors.draftNotFound();
        if ((await repo.draftUploadBytes(tx, draft.id, meta.componentIndex)) + record.size > deps.draftBytes) throw deps.limitError(meta.locale, 'draft', record.originalName, meta.field);
        await repo.replaceDraftUploadInTx(tx, draft.id, record);
        await appendAuditInTx(tx, { actor: owner.accountId, action: 'dossiers.wallet_document_attached', entityType: 'wallet_document', entityId: String(document.id), data: { draft: draft.id, component: meta.componentIndex, sha256: document.sha256 } });
      });
      return record;
    },
  };
}

export type WalletService = ReturnType<typeof createWalletService>;
