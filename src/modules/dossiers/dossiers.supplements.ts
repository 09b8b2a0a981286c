import type { Readable } from 'node:stream';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import { applicantOf } from './dossiers.queries.ts';
import * as repo from './dossiers.repository.ts';
import type { UploadRecord, UploadRules } from './dossiers.uploads.ts';

/** Status 5: supplement requested (form 02). */
const SUPPLEMENT_REQUESTED = 5;

/**
 * The applicant adds a missing document to a dossier the back office asked to complete
 * (form 02): the file goes through the same checks as an application's, is added next to
 * the earlier ones (the history of what was filed stays), and is audited. Whether the
 * dossier is now complete is the back office's decision (the applicant says so there).
 */
export function createSupplementUploads(deps: { db: Db; uploads: UploadRules; componentCount(versionId: number | null): Promise<number> }) {
  const { db, uploads } = deps;
  return {
    async acceptSupplementUpload(actor: Actor | undefined, code: string, content: Readable | Buffer, meta: { componentIndex: number; originalName: string; locale: Locale; field: string }): Promise<UploadRecord> {
      const applicant = applicantOf(actor);
      const dossier = await repo.findDossierByCode(db, code);
      if (!dossier || dossier.applicantAccountId !== applicant.accountId) throw DossierErrors.dossierNotFound();
      if (dossier.status !== SUPPLEMENT_REQUESTED) throw DossierErrors.notWaitingForSupplement();
      const count = await deps.componentCount(dossier.procedureVersionId);
      uploads.checkComponent(Array.from({ length: count }, (_, i) => i), meta.componentIndex, 0, meta.locale, meta.field);
      uploads.checkName(meta.originalName, meta.locale, meta.field);
      const room = await uploads.room(applicant.accountId, undefined, meta.componentIndex);
      const staged = await uploads.stage(content, { ...meta, room });
      try {
        await db.transaction().execute(async (tx) => {
          await repo.insertUploadInTx(tx, { dossierId: dossier.id }, staged.record);
          await uploads.keepInTx(tx, applicant.accountId, [staged], meta.locale, () => meta.field);
          await appendAuditInTx(tx, { actor: applicant.accountId, action: 'dossier.supplement_uploaded', entityType: 'dossier', entityId: dossier.code, data: { componentIndex: meta.componentIndex, sha256: staged.record.sha256, size: staged.record.size } });
        });
        return staged.record;
      } finally {
        await staged.file.discard();
      }
    },
  };
}
