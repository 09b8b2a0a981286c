import { listAuditEntriesAbout } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { ErasureOutcome, PersonalDataSection, PersonalDataSource } from '../identity/index.ts';
import { statusLabel } from './dossiers.messages.ts';
import { tables } from './dossiers.tables.ts';

// Statuses of a dossier still being handled (received, processing, supplement, …): not yet a closed record.
const OPEN = new Set([1, 2, 4, 5, 6, 9]);

const fileView = (f: { original_name: string; content_type: string; size: number | string; sha256: string; component_index: number; uploaded_at: Date }) => ({
  name: f.original_name,
  contentType: f.content_type,
  size: Number(f.size),
  sha256: f.sha256,
  component: f.component_index,
  uploadedAt: f.uploaded_at,
});

/**
 * The dossiers module's part of a person's data (NĐ 13/2023), registered with identity:
 * their dossiers (answers, status history, files' metadata — never the files' bytes, which
 * they download from the dossier's page), their drafts, and who opened or acted on their
 * dossiers (the audit trail about each dossier code: the back office records every official's
 * view of a dossier and of each file). An erasure removes drafts; submitted dossiers are kept.
 */
export function dossiersPersonalData(db: Executor): PersonalDataSource {
  return {
    name: 'dossiers',

    async collect(accountId: string): Promise<PersonalDataSection> {
      const t = tables(db);
      const dossiers = await t
        .selectFrom('dossiers')
        .select(['id', 'code', 'procedure_code', 'procedure_name', 'case_code', 'receiving_agency', 'status', 'received_at', 'due_at', 'updated_at', 'applicant_identifier', 'applicant_name', 'applicant_email', 'form_data', 'source'])
        .where('applicant_account_id', '=', accountId)
        .orderBy('received_at')
        .limit(5000)
        .execute();
      const ids = dossiers.map((d) => d.id);
      const [files, events, drafts] = await Promise.all([
        ids.length ? t.selectFrom('dossier_uploads').selectAll().where('dossier_id', 'in', ids).orderBy('id').execute() : Promise.resolve([]),
        ids.length ? t.selectFrom('dossier_events').select(['dossier_id', 'status', 'note', 'at', 'by_name']).where('dossier_id', 'in', ids).orderBy('id').execute() : Promise.resolve([]),
        t.selectFrom('dossier_drafts').select(['id', 'procedure_code', 'procedure_name', 'case_code', 'receiving_agency', 'answers', 'step', 'created_at', 'updated_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
      ]);
      const draftIds = drafts.map((d) => d.id);
      const draftFiles = draftIds.length ? await t.selectFrom('dossier_uploads').selectAll().where('draft_id', 'in', draftIds).orderBy('id').execute() : [];
      const trail = await listAuditEntriesAbout(db, 'dossier', dossiers.map((d) => d.code), 5000);
      return {
        data: {
          dossiers: dossiers.map((d) => ({
            code: d.code,
            procedure: { code: d.procedure_code, name: d.procedure_name, case: d.case_code },
            receivingAgency: d.receiving_agency,
            status: d.status,
            statusLabel: statusLabel('vi', d.status),
            receivedAt: d.received_at,
            dueAt: d.due_at,
            updatedAt: d.updated_at,
            applicant: { identifier: d.applicant_identifier, name: d.applicant_name, email: d.applicant_email },
            form: d.form_data,
            source: d.source,
            history: events.filter((e) => e.dossier_id === d.id).map((e) => ({ at: e.at, status: e.status, note: e.note, by: e.by_name })),
            files: files.filter((f) => f.dossier_id === d.id).map(fileView),
          })),
          drafts: drafts.map((d) => ({
            id: d.id,
            procedure: { code: d.procedure_code, name: d.procedure_name, case: d.case_code },
            receivingAgency: d.receiving_agency,
            answers: d.answers,
            step: d.step,
            createdAt: d.created_at,
            updatedAt: d.updated_at,
            files: draftFiles.filter((f) => f.draft_id === d.id).map(fileView),
          })),
        },
        accessLog: trail.map((e) => ({ at: e.occurredAt, actorId: e.actor, action: e.action, about: `dossier ${e.entityId}` })),
        summary: {
          heading: 'Hồ sơ thủ tục hành chính',
          lines: [
            ...dossiers.map((d) => `${d.code} · ${d.procedure_name} · ${statusLabel('vi', d.status)} · ${files.filter((f) => f.dossier_id === d.id).length} tệp`),
            ...(drafts.length ? [`${drafts.length} hồ sơ đang soạn, chưa nộp`] : []),
          ],
        },
      };
    },

    async erase(tx: Executor, accountId: string): Promise<ErasureOutcome> {
      const t = tables(tx);
      const draftFiles = await t.selectFrom('dossier_uploads').innerJoin('dossier_drafts', 'dossier_drafts.id', 'dossier_uploads.draft_id').select((eb) => eb.fn.countAll<string>().as('n')).where('dossier_drafts.account_id', '=', accountId).executeTakeFirst();
      const removed = await t.deleteFrom('dossier_drafts').where('account_id', '=', accountId).executeTakeFirst();
      const kept = await t.selectFrom('dossiers').select(['id', 'status']).where('applicant_account_id', '=', accountId).execute();
      const open = kept.filter((d) => OPEN.has(d.status)).length;
      const closed = kept.length - open;
      const keptFiles = kept.length
        ? Number((await t.selectFrom('dossier_uploads').select((eb) => eb.fn.countAll<string>().as('n')).where('dossier_id', 'in', kept.map((d) => d.id)).executeTakeFirst())?.n ?? 0)
        : 0;
      const outcome: ErasureOutcome = {
        erased: [{ what: 'Hồ sơ đang soạn chưa nộp, kèm tệp đính kèm', count: Number(removed.numDeletedRows) + Number(draftFiles?.n ?? 0) }],
        kept: [],
      };
      if (open > 0) {
        outcome.kept.push({
          what: 'Hồ sơ đã nộp đang được giải quyết',
          count: open,
          rule: 'Cơ quan đang giải quyết yêu cầu của chính bạn và phải trả kết quả theo quy định về thủ tục hành chính; dữ liệu cần cho việc đó không xoá được khi hồ sơ còn mở. Bạn có thể rút hồ sơ tại trang theo dõi hồ sơ; sau đó hồ sơ được giữ như hồ sơ đã giải quyết.',
        });
      }
      if (closed > 0) {
        outcome.kept.push({
          what: 'Hồ sơ đã giải quyết (kết quả, lịch sử xử lý)',
          count: closed,
          rule: 'Hồ sơ thủ tục hành chính là tài liệu của cơ quan giải quyết, được lưu giữ theo thời hạn bảo quản mà pháp luật về lưu trữ và danh mục hồ sơ của cơ quan quy định; Nghị định 13/2023/NĐ-CP không buộc xoá dữ liệu mà luật yêu cầu lưu giữ. Thông tin người nộp ghi trên hồ sơ được giữ cùng hồ sơ, không dùng vào việc khác.',
        });
      }
      if (keptFiles > 0) {
        outcome.kept.push({ what: 'Tệp đính kèm của các hồ sơ đã nộp', count: keptFiles, rule: 'Là thành phần của hồ sơ đã nộp: giữ cùng hồ sơ, theo cùng thời hạn.' });
      }
      return outcome;
    },
  };
}
