import type { Readable } from 'node:stream';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { checkFileName, inspectFile, type FileRefusal, type FileScanner, type FileStore, type StagedFile } from '../../platform/files/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import { UPLOAD_FILES_PER_COMPONENT, type UploadLimits } from './dossiers.limits.ts';
import { dossierMessages, type DossierMessageKey } from './dossiers.messages.ts';
import * as repo from './dossiers.repository.ts';

/** An uploaded file in the file store. */
export type UploadRecord = repo.UploadRow;

/** A file that passed every check, waiting in the store's staging area for its record. */
export interface StagedUpload {
  record: UploadRecord;
  file: StagedFile;
}

/** The message of each refusal of a file (FileRefusal codes of platform/files). */
const REFUSAL_MESSAGES = {
  file_name: 'errorFileName',
  file_type: 'errorFileType',
  file_structure: 'errorFileStructure',
  file_active_content: 'errorFileActive',
  file_malware: 'errorFileRejected',
} as const satisfies Record<FileRefusal, DossierMessageKey>;

/** What else bounds a file than its own limit: the draft's or the account's bytes left. */
export type Room = { bytes: number; limitedBy: 'file' | 'draft' | 'account' };

/** A file name as it may be shown back: without the control and direction characters a refused name may carry. */
const shownName = (name: string) => name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 100) || 'file';
/** A limit in MB as messages give it (one decimal). */
export const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * The rules every uploaded file goes through: the component must be the procedure's; the
 * name is checked before a byte is read; the bytes go to the store's staging area, never
 * more than the room left (file, draft, account per day); the content is inspected
 * (platform/files inspectFile, then the plugged scanner); only then does the file enter the
 * store, in the transaction that records it. A refused file is discarded from staging.
 */
export function createUploadRules(deps: { db: Db; files: FileStore; scanner?: FileScanner | undefined; limits: UploadLimits }) {
  const { limits } = deps;

  const limitError = (locale: Locale, limitedBy: Room['limitedBy'], name: string, field: string) => {
    const m = dossierMessages.for(locale);
    const file = shownName(name);
    if (limitedBy === 'file') return DossierErrors.uploadInvalid(m('errorFileSize', { file, max: megabytes(limits.fileBytes) }), field);
    if (limitedBy === 'draft') return DossierErrors.uploadLimit(m('errorDraftBytes', { file, max: megabytes(limits.draftBytes) }), field);
    return DossierErrors.uploadQuota(m('errorAccountBytes', { file, max: megabytes(limits.accountBytesPerDay) }), field);
  };

  return {
    limits,
    limitError,

    /** Refuses a component the procedure case does not have, or one file too many for it. */
    checkComponent(components: readonly number[], index: number, filesBefore: number, locale: Locale, field: string): void {
      const m = dossierMessages.for(locale);
      if (!components.includes(index)) throw DossierErrors.componentUnknown(m('errorComponentUnknown', { index }), field);
      if (filesBefore >= UPLOAD_FILES_PER_COMPONENT) throw DossierErrors.uploadLimit(m('errorComponentFiles', { max: UPLOAD_FILES_PER_COMPONENT }), field);
    },

    /** Refuses a dangerous or disguised name before any byte is read. */
    checkName(name: string, locale: Locale, field: string): void {
      if (!checkFileName(name).ok) throw DossierErrors.uploadInvalid(dossierMessages.t(locale, 'errorFileName', { file: shownName(name) }), field);
    },

    /** The bytes a file may still take: its own limit, the draft's bytes left (its component's file is replaced), the account's bytes left today. */
    async room(accountId: string, draftId: string | undefined, componentIndex: number, used = 0): Promise<Room> {
      const [draftUsed, accountUsed] = await Promise.all([draftId ? repo.draftUploadBytes(deps.db, draftId, componentIndex) : 0, repo.uploadBytesOfDay(deps.db, accountId, vietnamDay(new Date()))]);
      const rooms: Room[] = [
        { bytes: limits.fileBytes, limitedBy: 'file' },
        { bytes: limits.draftBytes - draftUsed - used, limitedBy: 'draft' },
        { bytes: limits.accountBytesPerDay - accountUsed - used, limitedBy: 'account' },
      ];
      return rooms.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    },

    /** Stages and inspects one file within `room`; throws the refusal, leaving nothing behind. */
    async stage(content: Readable | Buffer, meta: { componentIndex: number; originalName: string; locale: Locale; field: string; room: Room }): Promise<StagedUpload> {
      const m = dossierMessages.for(meta.locale);
      if (meta.room.bytes <= 0) throw limitError(meta.locale, meta.room.limitedBy, meta.originalName, meta.field);
      let file: StagedFile;
      try {
        file = await deps.files.stage(content, { maxBytes: meta.room.bytes });
      } catch (error) {
        if (isDomainError(error) && error.code === 'files.too_large') throw limitError(meta.locale, meta.room.limitedBy, meta.originalName, meta.field);
        throw error;
      }
      try {
        const inspection = await inspectFile({ name: meta.originalName, size: file.size, sha256: file.sha256, open: () => file.open(), read: () => file.read() }, deps.scanner ? [deps.scanner] : []);
        if (!inspection.ok) throw DossierErrors.uploadInvalid(m(REFUSAL_MESSAGES[inspection.refusal], { file: shownName(meta.originalName) }), meta.field);
        return { file, record: { componentIndex: meta.componentIndex, sha256: file.sha256, size: file.size, contentType: inspection.contentType, originalName: inspection.name } };
      } catch (error) {
        await file.discard();
        throw error;
      }
    },

    /**
     * In the transaction that records the files: counts their bytes against the account's
     * day (refused past the limit), then moves them into the store, last, so that a failure
     * before leaves no file (and one at commit leaves files the sweep removes).
     */
    async keepInTx(tx: Executor, accountId: string, staged: readonly StagedUpload[], locale: Locale, field: (u: StagedUpload) => string): Promise<void> {
      const bytes = staged.reduce((sum, s) => sum + s.record.size, 0);
      const day = vietnamDay(new Date());
      if (bytes > 0 && !(await repo.addUploadBytesInTx(tx, accountId, day, bytes, limits.accountBytesPerDay))) {
        throw limitError(locale, 'account', staged.at(-1)?.record.originalName ?? '', field(staged.at(-1)!));
      }
      for (const s of staged) await s.file.commit();
      // Days gone go as uploads happen; no scheduled job needed.
      if (Math.random() < 0.01) await repo.purgeUploadUsage(tx, vietnamDay(new Date(Date.now() - 2 * 86_400_000)));
    },

    discard: (staged: readonly StagedUpload[]) => Promise.all(staged.map((s) => s.file.discard())).then(() => undefined),
  };
}

export type UploadRules = ReturnType<typeof createUploadRules>;
