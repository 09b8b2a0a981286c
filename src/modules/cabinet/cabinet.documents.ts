import { sql } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { markedCopy } from './cabinet.watermark.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import { countPdfPages } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { GOVERNMENT_OFFICE_AGENCY, type CabinetDeps, MAX_DOCUMENT_BYTES, official, requireSecretariat, type DocumentRow, findSession, findItem, requireSessionAccess, text, check } from './cabinet.model.ts';

/** The dossiers of agenda items: uploads, documents pulled from the exchange, watermarked opening. */
export function documentUseCases(core: Core) {
  const { db, deps, audit } = core;
  /** The attachments of an exchanged document, each a document of the item's dossier; audited. */
  async function pullAttachments(actor: Actor, itemId: number, found: Awaited<ReturnType<CabinetDeps['exchange']['readModel']>>): Promise<{ ids: number[]; documentId: string }> {
    const { package: pkg, model } = found;
    const attachments = model.kind === 'document' ? (model.attachments ?? []) : [];
    if (attachments.length === 0) throw CabinetErrors.stateConflict('Văn bản này không có tệp đính kèm.');
    const ids: number[] = [];
    for (const [i, a] of attachments.entries()) {
      const content = Buffer.from(a.content, 'base64');
      const { id: docId } = await api.addDocument(actor, itemId, { fileName: a.attachmentName ?? `${pkg.documentId}-${i + 1}`, contentType: a.contentType ?? 'application/octet-stream', content });
      ids.push(docId);
    }
    await db.transaction().execute((tx) => audit(tx, actor, 'cabinet.documents_pulled', 'cabinet_item', itemId, { packageId: pkg.id, documentId: pkg.documentId, documents: ids }));
    return { ids, documentId: pkg.documentId };
  }

  const api = {
    async addDocument(actor: Actor | undefined, itemId: number, input: { fileName: string; contentType: string; content: Buffer }): Promise<{ id: number; pages: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const fileName = text(input.fileName, 'file', problems, { max: 200 });
      if (input.content.length === 0) problems.push({ field: 'file', message: 'cabinet.required' });
      if (input.content.length > MAX_DOCUMENT_BYTES) problems.push({ field: 'file', message: 'cabinet.file_too_large' });
      check(problems);
      await findItem(db, itemId);
      const stored = await deps.files.put(input.content, { maxBytes: MAX_DOCUMENT_BYTES });
      const pages = countPdfPages(input.content);
      return db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_documents (item_id, file_name, sha256, content_type, size_bytes, pages, uploaded_by)
          VALUES (${item.id}, ${fileName}, ${stored.sha256}, ${input.contentType || 'application/octet-stream'}, ${input.content.length}, ${pages}, ${who.accountId}) RETURNING id`.execute(tx);
        await audit(tx, who, 'cabinet.document_added', 'cabinet_document', rows[0]!.id, { itemId, fileName, sha256: stored.sha256, pages });
        return { id: rows[0]!.id, pages };
      });
    },

    /**
     * Adds the attachments of a document received through the exchange (by its package id) to an
     * item's dossier. The exchange decides whether the actor may read the package: a clerk or
     * leader of the receiving agency.
     */
    async addDocumentsFromExchange(actor: Actor | undefined, itemId: number, packageId: string): Promise<{ ids: number[]; documentId: string }> {
      requireSecretariat(actor);
      const id = packageId.trim();
      if (id === '' || id.length > 100) throw CabinetErrors.invalidInput([{ field: 'packageId', message: 'cabinet.required' }]);
      await findItem(db, itemId);
      return pullAttachments(actor!, itemId, await deps.exchange.readModel({ kind: 'official', actor }, id));
    },

    /**
     * Pulls a document into an item's dossier by its edXML DocumentId (as the Government Office's
     * agency sees the exchange: a document it sent or received), whoever the secretariat's clerk is.
     */
    async addDocumentsByDocumentId(actor: Actor | undefined, itemId: number, documentId: string): Promise<{ ids: number[]; documentId: string; packageId: string }> {
      requireSecretariat(actor);
      const wanted = documentId.trim();
      if (wanted === '' || wanted.length > 500) throw CabinetErrors.invalidInput([{ field: 'documentId', message: 'cabinet.required' }]);
      await findItem(db, itemId);
      const found = await deps.exchange.findByDocumentId({ kind: 'system', clientId: 'cabinet', agencyCode: deps.governmentOffice ?? GOVERNMENT_OFFICE_AGENCY }, wanted);
      return { ...(await pullAttachments(actor!, itemId, found)), packageId: found.package.id };
    },

    /** A session's document for someone who attends it; every open is audited. */
    async openDocument(actor: Actor | undefined, documentId: number): Promise<{ fileName: string; contentType: string; content: Buffer; secret: boolean; watermarked: true }> {
      official(actor);
      if (!Number.isSafeInteger(documentId)) throw CabinetErrors.documentNotFound();
      const doc = (await sql<DocumentRow & { session_id: number; secret: boolean }>`SELECT d.id, d.item_id, d.file_name, d.sha256, d.content_type, d.size_bytes, d.pages, i.session_id, i.secret
        FROM cabinet_documents d JOIN cabinet_items i ON i.id = d.item_id WHERE d.id = ${documentId}`.execute(db)).rows[0];
      if (!doc) throw CabinetErrors.documentNotFound();
      const session = await findSession(db, doc.session_id);
      try {
        await requireSessionAccess(db, actor, session);
      } catch (error) {
        if (actor) await db.transaction().execute((tx) => audit(tx, actor, 'cabinet.document_refused', 'cabinet_document', documentId, { sessionId: session.id }));
        throw error;
      }
      // Every copy carries its reader's name and the time it was opened, on every page (a
      // document that cannot be marked is refused: cabinet.not_watermarkable).
      const copy = await markedCopy(await deps.files.read(doc.sha256), { fileName: doc.file_name, contentType: doc.content_type }, actor!, doc.secret).catch(async (error: unknown) => {
        await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_not_marked', 'cabinet_document', documentId, { sessionId: session.id, sha256: doc.sha256 }));
        throw error;
      });
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_opened', 'cabinet_document', documentId, { sessionId: session.id, sha256: doc.sha256, watermarked: copy.watermarked }));
      return { ...copy, secret: doc.secret };
    },


    /** Stored file ids this module names (for the file sweep). */
    async fileReferences(sha256s: readonly string[]): Promise<string[]> {
      if (sha256s.length === 0) return [];
      const { rows } = await sql<{ sha256: string }>`SELECT sha256 FROM cabinet_documents WHERE sha256 = ANY(${[...sha256s]}::text[])
        UNION SELECT document_sha256 FROM cabinet_polls WHERE document_sha256 = ANY(${[...sha256s]}::text[])
        UNION SELECT sha256 FROM cabinet_draft_versions WHERE sha256 = ANY(${[...sha256s]}::text[])`.execute(db);
      return rows.map((r) => r.sha256);
    },
  };
  return api;
}
