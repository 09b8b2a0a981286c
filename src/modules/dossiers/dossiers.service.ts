import type { Readable } from 'node:stream';
import type { Agency, Commune, Province } from '../agencies/index.ts';
import type { DossierComponent, ProcedureCase, PublishedProcedure } from '../catalog/index.ts';
import type { AccountView } from '../identity/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { loadCalendar, vietnamDay } from '../../platform/calendar/index.ts';
import { constantTimeEqual } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { publishInTx } from '../../platform/events/index.ts';
import { checkFileName, inspectFile, type FileRefusal, type FileScanner, type FileStore } from '../../platform/files/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import { formFor, prefilledField, type FormDefinition } from './dossiers.forms.ts';
import { dossierMessages, formatDueDate, type DossierMessageKey } from './dossiers.messages.ts';
import { UPLOAD_MAX_BYTES } from './dossiers.limits.ts';
import * as repo from './dossiers.repository.ts';
import { createLookupBudgets } from './dossiers.throttle.ts';
import { validateAnswers, type Answers, type UnitLookup } from './dossiers.validation.ts';

export interface DossiersDeps {
  db: Db;
  files: FileStore;
  baseUrl: string;
  agencies: { findAgency(code: string): Promise<Agency | undefined>; listProvinces(): Promise<Province[]>; listCommunes(provinceCode: string): Promise<Commune[]> };
  identity: { getAccount(id: string): Promise<AccountView> };
  catalog: { getPublishedProcedure(code: string): Promise<PublishedProcedure>; getProcedureVersion(versionId: number): Promise<PublishedProcedure> };
  /** Virus scanning of uploads (none by default): plug an antivirus (ClamAV…) in here; it runs after the structural check. */
  scanner?: UploadScanner | undefined;
}

/** Decides whether an upload may be kept (see FileScanner in platform/files). */
export type UploadScanner = FileScanner;

/** An uploaded file already in the file store. */
export type UploadRecord = repo.UploadRow;

export interface ApplicationInput {
  procedureCode: string;
  caseCode: string;
  /** Required when the procedure has several receiving agencies. */
  receivingAgency?: string | undefined;
  answers: unknown;
  /** Files already stored (JSON API); a draft's own uploads are added to these. */
  uploads?: UploadRecord[];
  draftId?: string | undefined;
}

/** The procedure case an application is for, with its form and the components it needs. */
export interface ApplicationTarget {
  procedure: PublishedProcedure;
  procedureCase: ProcedureCase;
  form: FormDefinition;
  /** Components of this case with their index in the procedure's list. */
  components: { index: number; component: DossierComponent }[];
  receivingAgencies: string[];
}

export interface SubmittedDossier {
  code: string;
  receivedAt: Date;
  dueAt: Date | null;
}

export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;
export const QUEUE_PAGE_SIZE = 50;
export const MY_PAGE_SIZE = 20;

function applicantOf(actor: Actor | undefined): Actor & { kind: 'citizen' | 'business' } {
  if (!actor) throw DossierErrors.unauthenticated();
  if (actor.kind !== 'citizen' && actor.kind !== 'business') throw DossierErrors.notApplicant();
  return actor as Actor & { kind: 'citizen' | 'business' };
}

/** `000.00.51.H49-261122-0007`: YYMMDD of the day of receipt in Vietnam. */
export function dossierCode(agency: string, day: string, n: number): string {
  return `${agency}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n).padStart(4, '0')}`;
}

/** The message of each refusal of a file (FileRefusal codes of platform/files). */
const REFUSAL_MESSAGES = {
  file_name: 'errorFileName',
  file_type: 'errorFileType',
  file_structure: 'errorFileStructure',
  file_active_content: 'errorFileActive',
  file_malware: 'errorFileRejected',
} as const satisfies Record<FileRefusal, DossierMessageKey>;

/** A file name as it may be shown back: without the control and direction characters a refused name may carry. */
const shownName = (name: string) => name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 100) || 'file';

export function createDossiersService(deps: DossiersDeps) {
  const { db } = deps;
  const budgets = createLookupBudgets(db);

  const units: UnitLookup = {
    async provinceName(code) {
      return (await deps.agencies.listProvinces()).find((p) => p.code === code)?.name;
    },
    async communeName(provinceCode, communeCode) {
      try {
        return (await deps.agencies.listCommunes(provinceCode)).find((c) => c.code === communeCode)?.name;
      } catch {
        return undefined;
      }
    },
  };

  /** The published procedure, if it is offered online to applicants of this kind. */
  async function openProcedure(actor: Actor & { kind: 'citizen' | 'business' }, procedureCode: string): Promise<PublishedProcedure> {
    const procedure = await deps.catalog.getPublishedProcedure(procedureCode);
    const doc = procedure.document;
    if (!doc.onlineLevel || !doc.channels.includes('online')) throw DossierErrors.notOnline(procedure.code);
    if (!doc.applicantTypes.includes(actor.kind)) throw DossierErrors.applicantTypeNotAllowed();
    return procedure;
  }

  async function target(actor: Actor & { kind: 'citizen' | 'business' }, procedureCode: string, caseCode: string): Promise<ApplicationTarget> {
    const procedure = await openProcedure(actor, procedureCode);
    const doc = procedure.document;
    const procedureCase = doc.cases.find((c) => c.code === caseCode);
    if (!procedureCase) throw DossierErrors.caseNotFound(caseCode);
    const components = doc.components.map((component, index) => ({ index, component })).filter(({ component }) => !component.cases || component.cases.includes(caseCode));
    return { procedure, procedureCase, form: formFor(procedure.code, caseCode, actor.kind), components, receivingAgencies: doc.receivingAgencies };
  }

  function pickAgency(t: ApplicationTarget, requested: string | undefined, locale: Locale): string {
    if (t.receivingAgencies.length === 1 && (requested === undefined || requested === t.receivingAgencies[0])) return t.receivingAgencies[0] as string;
    if (requested && t.receivingAgencies.includes(requested)) return requested;
    throw DossierErrors.agencyInvalid([{ field: 'receivingAgency', message: dossierMessages.t(locale, 'errorAgency') }]);
  }

  async function ownDraft(actor: Actor, draftId: string): Promise<repo.DraftRow> {
    const draft = await repo.findDraft(db, draftId);
    if (!draft || draft.accountId !== actor.accountId) throw DossierErrors.draftNotFound();
    return draft;
  }

  const service = {
    /** A procedure the actor may apply for online (throws otherwise). */
    openProcedure: (actor: Actor | undefined, procedureCode: string) => openProcedure(applicantOf(actor), procedureCode),

    /** The case, form and components of an application (for the pages and the API). */
    async applicationTarget(actor: Actor | undefined, procedureCode: string, caseCode: string): Promise<ApplicationTarget> {
      return target(applicantOf(actor), procedureCode, caseCode);
    },

    /** The account's data that prefills a form. */
    async prefill(actor: Actor | undefined, form: FormDefinition): Promise<Answers> {
      const account = await deps.identity.getAccount(applicantOf(actor).accountId);
      const values: Record<string, string | null> = { fullName: account.fullName, personalId: account.personalId, taxCode: account.taxCode, email: account.email, phone: account.phone };
      const out: Answers = {};
      for (const f of form.fields) {
        const v = f.prefill ? values[f.prefill] : undefined;
        if (v) out[f.name] = v;
      }
      return out;
    },

    /** Checks answers without storing anything. */
    async checkAnswers(form: FormDefinition, answers: unknown, locale: Locale): Promise<{ answers: Answers; errors: FieldError[] }> {
      return validateAnswers(form, answers, locale, units, vietnamDay(new Date()));
    },

    /** Creates or updates a draft: answers are kept as typed, valid or not (auto-save). */
    async saveDraft(
      actor: Actor | undefined,
      input: { draftId?: string | undefined; procedureCode: string; caseCode: string | null; receivingAgency?: string | null | undefined; answers?: unknown; step: string },
    ): Promise<{ draftId: string }> {
      const applicant = applicantOf(actor);
      const answers = input.answers && typeof input.answers === 'object' ? input.answers : {};
      if (input.draftId) {
        const draft = await ownDraft(applicant, input.draftId);
        await repo.updateDraft(db, draft.id, { caseCode: input.caseCode, receivingAgency: input.receivingAgency ?? draft.receivingAgency, answers: input.answers === undefined ? draft.answers : answers, step: input.step });
        return { draftId: draft.id };
      }
      const procedure = await deps.catalog.getPublishedProcedure(input.procedureCode);
      if (input.caseCode) await target(applicant, procedure.code, input.caseCode);
      const draftId = await repo.insertDraft(db, {
        accountId: applicant.accountId,
        procedureCode: procedure.code,
        procedureVersionId: procedure.versionId,
        procedureName: procedure.document.name,
        caseCode: input.caseCode,
        receivingAgency: input.receivingAgency ?? null,
        answers,
        step: input.step,
      });
      return { draftId };
    },

    getDraft: (actor: Actor | undefined, draftId: string) => ownDraft(applicantOf(actor), draftId),
    listDraftUploads: async (actor: Actor | undefined, draftId: string) => repo.listUploads(db, { draftId: (await ownDraft(applicantOf(actor), draftId)).id }),

    async deleteDraft(actor: Actor | undefined, draftId: string): Promise<void> {
      const draft = await ownDraft(applicantOf(actor), draftId);
      await repo.deleteDraftInTx(db, draft.id);
    },

    /**
     * Stores one file for a component of a draft: a PDF, JPEG or PNG by its bytes, under a
     * name of that type, whole in its structure and without active content (platform/files
     * inspectFile), then passed by the plugged scanner if any.
     */
    async storeUpload(content: Readable | Buffer, meta: { componentIndex: number; originalName: string; locale: Locale; field: string }): Promise<UploadRecord> {
      const m = dossierMessages.for(meta.locale);
      const file = shownName(meta.originalName);
      const refuse = (refusal: FileRefusal) => DossierErrors.uploadInvalid(m(REFUSAL_MESSAGES[refusal], { file, max: MAX_UPLOAD_BYTES / 1024 / 1024 }), meta.field);
      // A name is refused before any byte is stored.
      if (!checkFileName(meta.originalName).ok) throw refuse('file_name');
      let stored;
      try {
        stored = await deps.files.put(content, { maxBytes: MAX_UPLOAD_BYTES });
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'file_too_large') throw DossierErrors.uploadInvalid(m('errorFileSize', { file, max: MAX_UPLOAD_BYTES / 1024 / 1024 }), meta.field);
        throw error;
      }
      const { sha256, size } = stored;
      const inspection = await inspectFile({ name: meta.originalName, size, sha256, open: () => deps.files.open(sha256), read: () => deps.files.read(sha256) }, deps.scanner ? [deps.scanner] : []);
      if (!inspection.ok) throw refuse(inspection.refusal);
      return { componentIndex: meta.componentIndex, sha256, size, contentType: inspection.contentType, originalName: inspection.name };
    },

    async attachToDraft(actor: Actor | undefined, draftId: string, upload: UploadRecord): Promise<void> {
      const draft = await ownDraft(applicantOf(actor), draftId);
      await db.transaction().execute((tx) => repo.replaceDraftUploadInTx(tx, draft.id, upload));
    },

    /**
     * Files an application: validates the answers against the case's form and the uploads
     * against its components, then in one transaction numbers the dossier, stores it with
     * status 1 (newly registered), its first timeline entry, the audit entry, the receipt
     * e-mail and the `dossier.submitted` event.
     */
    async submitApplication(actor: Actor | undefined, input: ApplicationInput, options: { locale?: Locale; now?: Date } = {}): Promise<SubmittedDossier> {
      const applicant = applicantOf(actor);
      const locale = options.locale ?? 'vi';
      const m = dossierMessages.for(locale);
      const draft = input.draftId ? await ownDraft(applicant, input.draftId) : undefined;
      const t = await target(applicant, input.procedureCode, input.caseCode);
      const agencyCode = pickAgency(t, input.receivingAgency, locale);
      const { answers, errors } = await validateAnswers(t.form, input.answers, locale, units, vietnamDay(options.now ?? new Date()));
      if (errors.length > 0) throw DossierErrors.answersInvalid(m('answersInvalid'), errors);

      const uploads = [...(input.uploads ?? []), ...(draft ? await repo.listUploads(db, { draftId: draft.id }) : [])];
      for (const u of input.uploads ?? []) {
        if (!t.components.some((c) => c.index === u.componentIndex) || !(await deps.files.has(u.sha256))) throw DossierErrors.uploadInvalid(m('errorComponentMissing', { name: String(u.componentIndex) }), `components[${u.componentIndex}]`);
      }
      const missing = t.components.filter(({ index, component }) => component.requirement === 'required' && !uploads.some((u) => u.componentIndex === index));
      if (missing.length > 0) {
        throw DossierErrors.componentsMissing(
          m('answersInvalid'),
          missing.map(({ index, component }) => ({ field: `components[${index}]`, message: m('errorComponentMissing', { name: component.name }) })),
        );
      }

      const account = await deps.identity.getAccount(applicant.accountId);
      const identifier = (applicant.kind === 'citizen' ? account.personalId : account.taxCode) ?? '';
      const phoneField = prefilledField(t.form, 'phone');
      const emailField = prefilledField(t.form, 'email');
      const phone = (phoneField && typeof answers[phoneField.name] === 'string' ? (answers[phoneField.name] as string) : account.phone) ?? '';
      const email = (emailField && typeof answers[emailField.name] === 'string' ? (answers[emailField.name] as string) : account.email) || null;
      const agency = await deps.agencies.findAgency(agencyCode);
      const receivedAt = options.now ?? new Date();
      const day = vietnamDay(receivedAt);

      const submitted = await db.transaction().execute(async (tx) => {
        const time = t.procedureCase.processingTime;
        const dueAt =
          time.unit === 'hours'
            ? new Date(receivedAt.getTime() + time.value * 3_600_000)
            : (await loadCalendar(tx, [Number(day.slice(0, 4)), Number(day.slice(0, 4)) + 1])).deadline(receivedAt, Math.ceil(time.value)).dueAt;
        // First lock taken by a submission, always the same one: no lock-order deadlocks.
        const number = await repo.nextDailyNumberInTx(tx, agencyCode, day);
        const code = dossierCode(agencyCode, day, number);
        const id = await repo.insertDossierInTx(tx, {
          code,
          procedureCode: t.procedure.code,
          procedureVersionId: t.procedure.versionId,
          procedureName: t.procedure.document.name,
          caseCode: t.procedureCase.code,
          applicantAccountId: applicant.accountId,
          applicantKind: applicant.kind === 'citizen' ? 1 : 2,
          applicantIdentifier: identifier,
          applicantName: account.fullName,
          applicantPhoneLast4: /\d{4}$/.exec(phone)?.[0] ?? null,
          applicantEmail: email,
          receivingAgency: agencyCode,
          receivedAt,
          dueAt,
          formData: { form: t.form.id, answers },
        });
        for (const u of input.uploads ?? []) await repo.insertUploadInTx(tx, { dossierId: id }, u);
        if (draft) {
          await repo.moveDraftUploadsInTx(tx, draft.id, id);
          await repo.deleteDraftInTx(tx, draft.id);
        }
        await repo.appendTimelineInTx(tx, id, { status: 1, note: dossierMessages.t('vi', 'timelineSubmitted'), byName: account.fullName, at: receivedAt });
        await appendAuditInTx(tx, { actor: applicant.accountId, action: 'dossier.submitted', entityType: 'dossier', entityId: code, data: { procedureCode: t.procedure.code, versionId: t.procedure.versionId, caseCode: t.procedureCase.code, receivingAgency: agencyCode, uploads: uploads.length } });
        if (email) {
          const trackUrl = `${deps.baseUrl}/track?code=${encodeURIComponent(code)}`;
          const params = { name: account.fullName, code, procedure: t.procedure.document.name, agency: agency?.name ?? agencyCode, received: formatDate(receivedAt), due: formatDueDate(dueAt), trackUrl };
          await sendMailInTx(tx, { to: email, subject: dossierMessages.t(locale, 'mailSubject', params), text: dossierMessages.t(locale, 'mailBody', params) });
        }
        await publishInTx(tx, { type: 'dossier.submitted', payload: { code, procedureCode: t.procedure.code, procedureVersionId: t.procedure.versionId, caseCode: t.procedureCase.code, receivingAgency: agencyCode, receivedAt: receivedAt.toISOString(), dueAt: dueAt?.toISOString() ?? null } });
        return { code, receivedAt, dueAt };
      });
      return submitted;
    },

    /** The form of a case of a published procedure (public: the API documents it as JSON Schema). */
    async formOf(procedureCode: string, caseCode: string, kind: 'citizen' | 'business'): Promise<FormDefinition> {
      const procedure = await deps.catalog.getPublishedProcedure(procedureCode);
      if (!procedure.document.cases.some((c) => c.code === caseCode)) throw DossierErrors.caseNotFound(caseCode);
      return formFor(procedure.code, caseCode, kind);
    },

    /** Names of the components of the version a dossier was filed under (by index). */
    async componentNames(versionId: number | null): Promise<string[]> {
      if (versionId === null) return [];
      try {
        return (await deps.catalog.getProcedureVersion(versionId)).document.components.map((c) => c.name);
      } catch {
        return [];
      }
    },

    /** A dossier with its timeline and files, for its applicant or an official of the receiving agency. */
    async getDossier(actor: Actor | undefined, code: string) {
      if (!actor) throw DossierErrors.unauthenticated();
      const row = await repo.findDossierByCode(db, code);
      const allowed = row && (row.applicantAccountId === actor.accountId || (actor.kind === 'official' && actor.agencyCode === row.receivingAgency));
      if (!row || !allowed) throw DossierErrors.dossierNotFound();
      const [timeline, uploads, agency] = await Promise.all([repo.listTimeline(db, row.id), repo.listUploads(db, { dossierId: row.id }), deps.agencies.findAgency(row.receivingAgency)]);
      return { dossier: row, timeline, uploads, agencyName: agency?.name ?? row.receivingAgency };
    },

    /**
     * Public tracking: code plus the applicant's ID number (or tax code) or the last four
     * digits of the phone. A wrong pair and an unknown code get the same answer; each IP
     * has a budget of attempts.
     */
    async lookup(code: string, verifier: string, ip: string) {
      // Two budgets in the database: per client address, and per dossier code (see dossiers.throttle.ts).
      if (!(await budgets.takeAddress(ip))) throw DossierErrors.throttled();
      const v = verifier.replace(/\s/g, '');
      // Codes are upper case (`H49`); people type them as they please.
      const normalised = code.trim().toUpperCase();
      if (normalised.length > 60) throw DossierErrors.dossierNotFound();
      // The attempt is counted before the answer is checked: parallel guesses cannot outrun the count.
      const check = await budgets.reserveCheck(normalised);
      if (!check) throw DossierErrors.throttled();
      const found = await repo.findVerifier(db, normalised);
      const ok = found !== undefined && v.length >= 4 && (constantTimeEqual(v, found.identifier) || (found.phoneLast4 !== null && constantTimeEqual(v, found.phoneLast4)));
      if (!found || !ok) throw DossierErrors.dossierNotFound();
      await check.answeredRight();
      const row = await repo.findDossierByCode(db, normalised);
      if (!row) throw DossierErrors.dossierNotFound();
      const [timeline, agency] = await Promise.all([repo.listTimeline(db, row.id), deps.agencies.findAgency(row.receivingAgency)]);
      return {
        code: row.code,
        procedureName: row.procedureName,
        status: row.status,
        receivingAgency: row.receivingAgency,
        agencyName: agency?.name ?? row.receivingAgency,
        receivedAt: row.receivedAt,
        dueAt: row.dueAt,
        timeline,
      };
    },

    /** The signed-in applicant's dossiers (also those synced from back offices) and drafts. */
    async listMine(actor: Actor | undefined, page = 1) {
      const applicant = applicantOf(actor);
      const account = await deps.identity.getAccount(applicant.accountId);
      const identifier = applicant.kind === 'citizen' ? account.personalId : account.taxCode;
      const safePage = Math.max(1, Math.min(1000, Math.floor(page)));
      const [dossiers, drafts] = await Promise.all([
        identifier ? repo.listByApplicant(db, identifier, MY_PAGE_SIZE + 1, (safePage - 1) * MY_PAGE_SIZE) : Promise.resolve([]),
        repo.listDrafts(db, applicant.accountId),
      ]);
      return { dossiers: dossiers.slice(0, MY_PAGE_SIZE), hasMore: dossiers.length > MY_PAGE_SIZE, drafts, page: safePage };
    },

    /** The receiving agency's queue (officials of that agency only). Default: statuses 1 (new) and 2 (accepted). */
    async listAgencyQueue(actor: Actor | undefined, query: { status?: number | undefined; page?: number | undefined }) {
      if (!actor) throw DossierErrors.unauthenticated();
      if (actor.kind !== 'official' || !actor.agencyCode) throw DossierErrors.queueForbidden();
      const statuses = query.status !== undefined && query.status >= 1 && query.status <= 10 ? [query.status] : [1, 2];
      const page = Math.max(1, Math.min(1000, Math.floor(query.page ?? 1)));
      const [items, total] = await Promise.all([
        repo.listQueue(db, actor.agencyCode, statuses, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE),
        repo.countQueue(db, actor.agencyCode, statuses),
      ]);
      return { agencyCode: actor.agencyCode, items, total, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), statuses };
    },
  };
  return service;
}

export type DossiersService = ReturnType<typeof createDossiersService>;
