import type { Readable } from 'node:stream';
import type { Agency, Commune, Province } from '../agencies/index.ts';
import type { DossierComponent, ProcedureCase, PublishedProcedure } from '../catalog/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { AccountView } from '../identity/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { DossierSubmitted } from './dossiers.facts.ts';
import type { FileScanner, FileStore } from '../../platform/files/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { normalizeVietnameseMobile, sendMailInTx, sendSmsInTx } from '../../platform/notify/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import { formFor, prefilledField, type FormDefinition } from './dossiers.forms.ts';
import { dossierMessages, formatDueDate } from './dossiers.messages.ts';
import { UPLOAD_LIMITS, type UploadLimits } from './dossiers.limits.ts';
import * as repo from './dossiers.repository.ts';
import { applicantOf, createDossierQueries } from './dossiers.queries.ts';
import { createSupplementUploads } from './dossiers.supplements.ts';
import { createWalletService, walletFiles } from './dossiers.wallet.ts';
import { createUploadRules, type StagedUpload, type UploadRecord } from './dossiers.uploads.ts';
import { unitLookup } from './dossiers.units.ts';
import { validateAnswers, type Answers } from './dossiers.validation.ts';

export interface DossiersDeps {
  db: Db;
  /** Where replica-tolerant reads go (the public lookup, "my dossiers"): `database.reader`; the primary by default. */
  reads?: () => Db;
  files: FileStore;
  baseUrl: string;
  agencies: { findAgency(code: string): Promise<Agency | undefined>; listProvinces(): Promise<Province[]>; listCommunes(provinceCode: string): Promise<Commune[]> };
  identity: { getAccount(id: string): Promise<AccountView>; assuranceLevelOf?(accountId: string): Promise<number> };
  catalog: { getPublishedProcedure(code: string): Promise<PublishedProcedure>; getProcedureVersion(versionId: number): Promise<PublishedProcedure> };
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  /** Virus scanning of uploads (none by default): plug an antivirus (ClamAV…) in here; it runs after the structural check. */
  scanner?: UploadScanner | undefined;
  /** UPLOAD_LIMITS unless given (tests use small ones). */
  uploadLimits?: UploadLimits | undefined;
}

/** Decides whether an upload may be kept (see FileScanner in platform/files). */
export type UploadScanner = FileScanner;

export type { StagedUpload, UploadRecord };

export interface ApplicationInput {
  procedureCode: string;
  caseCode: string;
  /** Required when the procedure has several receiving agencies. */
  receivingAgency?: string | undefined;
  answers: unknown;
  /** Files already stored; a draft's own uploads are added to these. */
  uploads?: UploadRecord[];
  /** Files checked and staged (JSON API: stageApplicationFiles), kept only if the dossier is filed. */
  staged?: StagedUpload[];
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


/** `000.00.51.H49-261122-0007`: YYMMDD of the day of receipt in Vietnam. */
export function dossierCode(agency: string, day: string, n: number): string {
  return `${agency}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n).padStart(4, '0')}`;
}


export function createDossiersService(deps: DossiersDeps) {
  const { db } = deps;
  const uploads = createUploadRules({ db, files: deps.files, scanner: deps.scanner, limits: deps.uploadLimits ?? UPLOAD_LIMITS });

  const units = unitLookup(deps.agencies);

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
    // A case may require the applicant's account to be verified (in person, or by the national identity provider).
    const required = procedureCase.minAssuranceLevel ?? 1;
    if (required > 1) {
      const level = (await deps.identity.assuranceLevelOf?.(actor.accountId)) ?? 1;
      if (level < required) throw DossierErrors.assuranceRequired(required, level);
    }
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
    ...createDossierQueries({ db, reads: deps.reads ?? (() => db), catalog: deps.catalog, agencies: deps.agencies, identity: deps.identity }),
    // The document wallet: list, open and attach (dossiers.wallet.ts).
    ...createWalletService({ db, files: deps.files, limitError: uploads.limitError, draftBytes: uploads.limits.draftBytes, draftComponents: async (actor, draft) => (await target(actor, draft.procedureCode, draft.caseCode ?? '01')).components.map((c) => c.index) }),
    ...createSupplementUploads({ db, uploads, componentCount: async (versionId) => (versionId === null ? 0 : (await deps.catalog.getProcedureVersion(versionId)).document.components.length) }),

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

    uploadLimits: uploads.limits,

    /**
     * One file for a component of the actor's draft, replacing the component's file: checked
     * (dossiers.uploads.ts) and read no further than the room left, then recorded with the
     * draft locked, so that concurrent uploads cannot pass the draft's bytes together.
     */
    async acceptDraftUpload(actor: Actor | undefined, draftId: string, content: Readable | Buffer, meta: { componentIndex: number; originalName: string; locale: Locale; field: string }): Promise<UploadRecord> {
      const applicant = applicantOf(actor);
      const draft = await ownDraft(applicant, draftId);
      const t = await target(applicant, draft.procedureCode, draft.caseCode ?? '01');
      uploads.checkComponent(t.components.map((c) => c.index), meta.componentIndex, 0, meta.locale, meta.field);
      uploads.checkName(meta.originalName, meta.locale, meta.field);
      const room = await uploads.room(applicant.accountId, draft.id, meta.componentIndex);
      const staged = await uploads.stage(content, { ...meta, room });
      try {
        await db.transaction().execute(async (tx) => {
          if (!(await repo.findDraft(tx, draft.id, { lock: true }))) throw DossierErrors.draftNotFound();
          if ((await repo.draftUploadBytes(tx, draft.id, meta.componentIndex)) + staged.record.size > uploads.limits.draftBytes) throw uploads.limitError(meta.locale, 'draft', meta.originalName, meta.field);
          await repo.replaceDraftUploadInTx(tx, draft.id, staged.record);
          await uploads.keepInTx(tx, applicant.accountId, [staged], meta.locale, () => meta.field);
        });
        return staged.record;
      } finally {
        await staged.file.discard();
      }
    },

    /**
     * The files of a JSON application, before it is filed: every component and name is
     * checked before a byte is decoded; each file is then decoded, staged and inspected in
     * turn, within the room left. On a refusal nothing stays. The caller passes the result
     * to submitApplication and discards it afterwards (a no-op for the files kept).
     */
    async stageApplicationFiles(actor: Actor | undefined, t: ApplicationTarget, files: { componentIndex: number; fileName: string; field: string; content: () => Buffer }[], locale: Locale): Promise<StagedUpload[]> {
      const applicant = applicantOf(actor);
      const components = t.components.map((c) => c.index);
      const seen = new Map<number, number>();
      for (const f of files) {
        uploads.checkComponent(components, f.componentIndex, seen.get(f.componentIndex) ?? 0, locale, f.field);
        seen.set(f.componentIndex, (seen.get(f.componentIndex) ?? 0) + 1);
        uploads.checkName(f.fileName, locale, f.field);
      }
      const staged: StagedUpload[] = [];
      try {
        for (const f of files) {
          const used = staged.reduce((sum, s) => sum + s.record.size, 0);
          const room = await uploads.room(applicant.accountId, undefined, f.componentIndex, used);
          staged.push(await uploads.stage(f.content(), { componentIndex: f.componentIndex, originalName: f.fileName, locale, field: f.field, room }));
        }
        return staged;
      } catch (error) {
        await uploads.discard(staged);
        throw error;
      }
    },

    discardStaged: (staged: readonly StagedUpload[]) => uploads.discard(staged),

    /** Which of these stored files a draft or a dossier names (the file store's sweep). */
    fileReferences: async (sha256s: readonly string[]) => [...new Set([...(await repo.namedFiles(db, sha256s)), ...(await walletFiles(db, sha256s))])],

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

      const staged = input.staged ?? [];
      const files = [...(input.uploads ?? []), ...staged.map((s) => s.record), ...(draft ? await repo.listUploads(db, { draftId: draft.id }) : [])];
      for (const { record: u } of staged) {
        if (!t.components.some((c) => c.index === u.componentIndex)) throw DossierErrors.uploadInvalid(m('errorComponentMissing', { name: String(u.componentIndex) }), `components[${u.componentIndex}]`);
      }
      for (const u of input.uploads ?? []) {
        if (!t.components.some((c) => c.index === u.componentIndex) || !(await deps.files.has(u.sha256))) throw DossierErrors.uploadInvalid(m('errorComponentMissing', { name: String(u.componentIndex) }), `components[${u.componentIndex}]`);
      }
      const missing = t.components.filter(({ index, component }) => component.requirement === 'required' && !files.some((u) => u.componentIndex === index));
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
            : (await deps.calendar.workingCalendar([Number(day.slice(0, 4)), Number(day.slice(0, 4)) + 1], tx)).deadline(receivedAt, Math.ceil(time.value)).dueAt;
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
        for (const u of [...(input.uploads ?? []), ...staged.map((s) => s.record)]) await repo.insertUploadInTx(tx, { dossierId: id }, u);
        if (draft) {
          await repo.moveDraftUploadsInTx(tx, draft.id, id);
          await repo.deleteDraftInTx(tx, draft.id);
        }
        await repo.appendTimelineInTx(tx, id, { status: 1, note: dossierMessages.t('vi', 'timelineSubmitted'), byName: account.fullName, at: receivedAt });
        await appendAuditInTx(tx, { actor: applicant.accountId, action: 'dossier.submitted', entityType: 'dossier', entityId: code, data: { procedureCode: t.procedure.code, versionId: t.procedure.versionId, caseCode: t.procedureCase.code, receivingAgency: agencyCode, uploads: files.length } });
        if (email) {
          const trackUrl = `${deps.baseUrl}/track?code=${encodeURIComponent(code)}`;
          const params = { name: account.fullName, code, procedure: t.procedure.document.name, agency: agency?.name ?? agencyCode, received: formatDate(receivedAt), due: formatDueDate(dueAt), trackUrl };
          await sendMailInTx(tx, { to: email, subject: dossierMessages.t(locale, 'mailSubject', params), text: dossierMessages.t(locale, 'mailBody', params) });
        }
        // The SMS the applicant asked for on their profile (the back office sends the next ones), in the
        // language they applied in: accounts keep no language of their own.
        if (account.smsNotifications && account.phone && normalizeVietnameseMobile(account.phone)) {
          await sendSmsInTx(tx, { to: account.phone, text: dossierMessages.t(locale, 'smsSubmitted', { code, url: `${deps.baseUrl}/dossiers/${encodeURIComponent(code)}/progress` }) });
        }
        const fact: NewFact<DossierSubmitted> = {
          type: 'dossier.submitted',
          payload: { code, procedureCode: t.procedure.code, procedureVersionId: t.procedure.versionId, caseCode: t.procedureCase.code, receivingAgency: agencyCode, receivedAt: receivedAt.toISOString(), dueAt: dueAt?.toISOString() ?? null },
        };
        await recordFactsInTx(tx, [fact]);
        // Last: the staged files enter the store only with the dossier that names them.
        await uploads.keepInTx(tx, applicant.accountId, staged, locale, (s) => `components[${s.record.componentIndex}]`);
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

  };
  return service;
}

export type DossiersService = ReturnType<typeof createDossiersService>;
