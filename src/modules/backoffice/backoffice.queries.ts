import { countUnitQueue, countUnitQueues, listDossierFiles, listProgress, listProgressAndFiles, listQueueItemsByCode, unitQueuePageAndCounts, type QueueOfUnits } from '../dossiers/index.ts';
import { appendAuditInTx, auditAppendQuery } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import { endOfVietnamDay, vietnamDay } from '../../platform/calendar/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { canAct, isOfficial, isSupervisor } from './backoffice.access.ts';
import { dossierFor, type BackofficeContext } from './backoffice.context.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import { answerRows, chosenProvinces, findDossierState, formFor, type DossierState } from '../dossiers/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import * as repo from './backoffice.repository.ts';
import { BUCKETS, bucketStatuses, defaultBucket, holderOf, OPEN_STATUSES, STATUS, type Bucket, type WorkflowStep } from './backoffice.workflow.ts';

export const QUEUE_PAGE_SIZE = 30;
/** Form 06 (the register) exports at most this many lines of a queue. */
export const REGISTER_MAX_LINES = 5000;
/** Queue counts stop here ("1000+"): a count is read from the index entry by entry, and a busy unit's numbers past this say nothing more. */
export const COUNT_CAP = 1000;
/** The working calendar changes only when an administrator saves an override: read at most once a minute per process. */
const CALENDAR_TTL_MS = 60_000;
/** "Due soon": within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;

export type Flag = 'overdue' | 'due_soon' | null;

/** The read side of the back office: queues, the dossier for an official, files, documents. */
export function createQueries(bo: BackofficeContext) {
  /** The units whose dossiers the actor sees: their own, and every unit below it for a supervisor. */
  async function unitsOf(actor: Actor & { agencyCode: string }): Promise<{ code: string; name: string }[]> {
    if (!isSupervisor(actor)) {
      const own = await bo.agencies.findAgency(actor.agencyCode);
      return [{ code: actor.agencyCode, name: own?.name ?? actor.agencyCode }];
    }
    const units = await bo.agencies.listUnitsOf(actor.agencyCode);
    return units.length > 0 ? units.map((u) => ({ code: u.code, name: u.name })) : [{ code: actor.agencyCode, name: actor.agencyCode }];
  }

  let cached: { year: number; at: number; calendar: Promise<Awaited<ReturnType<typeof bo.calendar.workingCalendar>>> } | undefined;
  async function dueSoonLimit(now: Date): Promise<Date> {
    const year = now.getUTCFullYear();
    if (!cached || cached.year !== year || Date.now() - cached.at > CALENDAR_TTL_MS) cached = { year, at: Date.now(), calendar: bo.calendar.workingCalendar([year, year + 1]) };
    const calendar = await cached.calendar.catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return endOfVietnamDay(calendar.addWorkingDays(vietnamDay(now), DUE_SOON_WORKING_DAYS));
  }

  function flagOf(status: number, dueAt: Date | null, now: Date, soon: Date): Flag {
    if (!dueAt || ![1, 2, 4, 6, 9].includes(status)) return null;
    if (dueAt.getTime() <= now.getTime()) return 'overdue';
    return dueAt.getTime() <= soon.getTime() ? 'due_soon' : null;
  }

  /** The applicant's answers as label and value, with the names of provinces and communes. */
  async function answersOf(dossier: DossierState, locale: Locale) {
    const form = formFor(dossier.procedureCode, dossier.caseCode ?? '01', dossier.applicantKind === 2 ? 'business' : 'citizen');
    const data = dossier.formData as { answers?: Record<string, unknown> };
    const answers = data.answers && typeof data.answers === 'object' ? data.answers : {};
    const [provinces, ...communesOf] = await Promise.all([bo.agencies.listProvinces(), ...chosenProvinces(form, answers).map((c) => bo.agencies.listCommunes(c).catch(() => []))]);
    const communes = communesOf.flat();
    return answerRows(form, answers, locale, { province: new Map(provinces.map((p) => [p.code, p.name])), commune: new Map(communes.map((c) => [c.code, c.name])) }).map((r) => ({ label: r.label, value: r.value }));
  }

  return {
    flagOf,
    answersOf,
    dueSoonLimit,

    /** A page of a work queue with the count of every queue (counts capped at COUNT_CAP). */
    async queue(actor: Actor | undefined, query: { bucket?: string | undefined; unit?: string | undefined; page?: number | undefined }, now = new Date(), pageSize = QUEUE_PAGE_SIZE) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      if (!isOfficial(actor)) throw BackofficeErrors.officialsOnly();
      const soon = await dueSoonLimit(now);
      // An official of one unit sees that unit only: its name is read alongside the queue, not before it.
      const unitsRead = unitsOf(actor);
      const units = isSupervisor(actor) ? await unitsRead : [{ code: actor.agencyCode, name: actor.agencyCode }];
      const chosen = query.unit && units.some((u) => u.code === query.unit) ? [query.unit] : units.map((u) => u.code);
      const bucket: Bucket = (BUCKETS as readonly string[]).includes(query.bucket ?? '') ? (query.bucket as Bucket) : defaultBucket(actor.roles);
      const queueOf = (b: Bucket): QueueOfUnits => ({
        statuses: bucketStatuses(b),
        ...(b === 'overdue' ? { dueBefore: now } : {}),
        ...(b === 'due_soon' ? { dueFrom: now, dueBefore: soon } : {}),
      });
      const page = Math.max(1, Math.min(1000, Math.floor(query.page ?? 1)));
      // Liên thông: the open hand-offs to the units, or of dossiers they received (their own table; the dossiers by code).
      // "My work": the open cases whose current step the official may take in their own unit (backoffice_cases.holder_*).
      const codesPage = async (codes: readonly string[]) => (await listQueueItemsByCode(bo.db, codes)).filter((d) => bucketStatuses(bucket).includes(d.status));
      // Liên thông: the part of the deadline of the agency holding each dossier now.
      const partDue = new Map<string, Date | null>();
      const listPage = async () => {
        if (bucket === 'interagency') {
          const handoffs = await repo.listOpenHandoffs(bo.db, chosen, pageSize + 1, (page - 1) * pageSize);
          for (const h of handoffs) partDue.set(h.dossierCode, h.dueAt);
          return codesPage(handoffs.map((r) => r.dossierCode));
        }
        return codesPage(await repo.listHeldCases(bo.db, actor.agencyCode, actor.roles, actor.accountId, pageSize + 1, (page - 1) * pageSize));
      };
      // The dossiers' queues are counted from counters by status and from the index for due dates, in the statement
      // that reads the page when the page is a queue of dossiers; "my work" and liên thông are counted together.
      const ofDossiers = BUCKETS.filter((b) => b !== 'mine' && b !== 'interagency');
      const pageAndCounts = async () => {
        if (bucket !== 'mine' && bucket !== 'interagency') return unitQueuePageAndCounts(bo.db, { units: chosen, ...queueOf(bucket) }, pageSize + 1, (page - 1) * pageSize, ofDossiers.map(queueOf), COUNT_CAP);
        const [items, counts] = await Promise.all([listPage(), countUnitQueues(bo.db, chosen, ofDossiers.map(queueOf), COUNT_CAP)]);
        return { items, counts };
      };
      const [named, { items, counts: dossierCounts }, own] = await Promise.all([
        unitsRead,
        pageAndCounts(),
        repo.countHeldAndHandoffs(bo.db, { unit: actor.agencyCode, roles: actor.roles, accountId: actor.accountId }, chosen, COUNT_CAP),
      ]);
      const counts = BUCKETS.map((b) => (b === 'mine' ? own.held : b === 'interagency' ? own.handoffs : (dossierCounts[ofDossiers.indexOf(b)] ?? 0)));
      const countOf = Object.fromEntries(BUCKETS.map((b, i) => [b, counts[i] ?? 0])) as Record<Bucket, number>;
      const unitNames = new Map(named.map((u) => [u.code, u.name]));
      for (const i of items) if (!unitNames.has(i.receivingAgency)) unitNames.set(i.receivingAgency, (await bo.agencies.findAgency(i.receivingAgency))?.name ?? i.receivingAgency);
      return {
        bucket,
        units: named,
        unit: chosen.length === 1 ? chosen[0] : undefined,
        counts: countOf,
        countCap: COUNT_CAP,
        page,
        // Past the count's cap the pages are counted as far as one can see: one more while rows follow.
        pages: countOf[bucket] < COUNT_CAP ? Math.max(1, Math.ceil(countOf[bucket] / pageSize)) : Math.max(page + (items.length > pageSize ? 1 : 0), Math.ceil(COUNT_CAP / pageSize)),
        /** More lines follow than this page holds (a register cut at REGISTER_MAX_LINES says so). */
        more: items.length > pageSize,
        items: items.slice(0, pageSize).map((i) => ({ ...i, unitName: unitNames.get(i.receivingAgency) ?? i.receivingAgency, partDueAt: partDue.get(i.code), flag: flagOf(i.status, partDue.get(i.code) ?? i.dueAt, now, soon) })),
      };
    },

    /**
     * Form 06, the register of a queue (up to REGISTER_MAX_LINES lines): the queue's own
     * authorisation; the export of many applicants' names is audited.
     */
    async register(actor: Actor | undefined, query: { bucket?: string | undefined; unit?: string | undefined }, now = new Date()) {
      const q = await this.queue(actor, { ...query, page: 1 }, now, REGISTER_MAX_LINES);
      await appendAuditInTx(bo.db, { actor: (actor as Actor).accountId, action: 'backoffice.register_exported', entityType: 'queue', entityId: q.bucket, data: { units: q.unit ? [q.unit] : q.units.map((u) => u.code), lines: q.items.length, cut: q.more } });
      return q;
    },

    /** The dossier as an official sees it: answers, files, history, deadline, step and the actions allowed now. */
    async dossierView(actor: Actor | undefined, code: string, now = new Date()) {
      const dossier = await dossierFor(bo, actor, code);
      // NĐ 13/2023: the applicant sees who opened their dossier (their personal-data export reads this).
      // One statement committing on its own, alongside the reads: the page waits for it, so no view goes unrecorded.
      const viewed = auditAppendQuery([{ actor: actor?.accountId ?? null, action: 'backoffice.dossier_viewed', entityType: 'dossier', entityId: dossier.code }], sql`SELECT ${dossier.code}::text`).execute(bo.db);
      const [, { progress, files }, trail, names, agency] = await Promise.all([
        viewed,
        listProgressAndFiles(bo.db, dossier.id),
        repo.findCaseTrail(bo.db, code),
        bo.dossiers.componentNames(dossier.procedureVersionId),
        bo.agencies.findAgency(dossier.receivingAgency),
      ]);
      const { case: kase, documents, handoffs: handoffRows } = trail;
      const step = kase ? (kase.steps[kase.stepIndex] as WorkflowStep) : undefined;
      const unit = dossier.receivingAgency;
      // The unit holding the current step acts on it (another agency's unit during a hand-off).
      const holder = holderOf(step, unit);
      const names2 = new Map<string, string>([[unit, agency?.name ?? unit]]);
      const others = [...new Set([holder, ...handoffRows.flatMap((h) => [h.fromUnit, h.toUnit])])].filter((c) => !names2.has(c));
      (await Promise.all(others.map((c) => bo.agencies.findAgency(c)))).forEach((a, i) => names2.set(others[i] as string, a?.name ?? (others[i] as string)));
      const handoffs = handoffRows.map((h) => ({ ...h, fromName: names2.get(h.fromUnit) ?? h.fromUnit, toName: names2.get(h.toUnit) ?? h.toUnit }));
      const open = (OPEN_STATUSES as readonly number[]).includes(dossier.status);
      const mayStep = step !== undefined && canAct(actor, holder, step.role) && (!kase?.assigneeId || kase.assigneeId === actor?.accountId || actor?.roles.includes('leader') === true);
      const inProcessing = [STATUS.accepted, STATUS.processing, STATUS.processed].includes(dossier.status as 2 | 4 | 9);
      const actions = {
        receive: dossier.status === STATUS.registered && canAct(actor, unit, 'clerk'),
        forward: inProcessing && mayStep && (step?.kind === 'review' || step?.kind === 'approval'),
        sendBack: inProcessing && mayStep && (kase?.stepIndex ?? 0) > 1 && step?.kind !== 'issuance',
        issueResult: dossier.status === STATUS.processed && mayStep && step?.kind === 'issuance',
        assign: inProcessing && (canAct(actor, holder, 'leader') || canAct(actor, holder, 'clerk')),
        stop: open && canAct(actor, unit, 'leader'),
        apologise: [2, 4, 6, 9].includes(dossier.status) && dossier.dueAt !== null && !documents.some((d) => d.kind === '04') && (canAct(actor, unit, 'leader') || canAct(actor, unit, 'clerk')),
      };
      const soon = await dueSoonLimit(now);
      return { dossier, progress, files, case: kase, step, documents, componentNames: names, unitName: agency?.name ?? unit, holder, holderName: names2.get(holder) ?? holder, handoffs, actions, flag: flagOf(dossier.status, dossier.dueAt, now, soon) };
    },

    /**
     * A file of the dossier, for its officials and its applicant only; every view is audited
     * (who, which file, which dossier) before a byte is sent.
     */
    async openFile(actor: Actor | undefined, code: string, fileId: number) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      const dossier = actor.kind === 'official' ? await dossierFor(bo, actor, code) : await findDossierState(bo.db, code);
      if (!dossier || (actor.kind !== 'official' && dossier.applicantAccountId !== actor.accountId)) throw BackofficeErrors.dossierNotFound();
      const file = (await listDossierFiles(bo.db, dossier.id)).find((f) => f.id === fileId);
      if (!file) throw BackofficeErrors.fileNotFound();
      await appendAuditInTx(bo.db, { actor: actor.accountId, action: 'backoffice.file_viewed', entityType: 'dossier', entityId: code, data: { file: file.id, sha256: file.sha256 } });
      return { file, content: bo.files.open(file.sha256) };
    },

    /** A document the back office issued, for the dossier's officials and its applicant. */
    async openDocument(actor: Actor | undefined, code: string, documentId: number) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      const dossier = actor.kind === 'official' ? await dossierFor(bo, actor, code) : await findDossierState(bo.db, code);
      if (!dossier || (actor.kind !== 'official' && dossier.applicantAccountId !== actor.accountId)) throw BackofficeErrors.dossierNotFound();
      const document = await repo.findDocument(bo.db, code, documentId);
      if (!document) throw BackofficeErrors.documentNotFound();
      return { dossier, document };
    },

    /** The bytes of a result as issued (the caller checked who may read it: openDocument). */
    resultBytes: (document: repo.DocumentRow) => bo.files.read(document.sha256 as string),

    /** The applicant's view of the back office's work on their dossier. */
    async applicantView(actor: Actor | undefined, code: string) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      const dossier = await findDossierState(bo.db, code);
      if (!dossier || dossier.applicantAccountId !== actor.accountId) throw BackofficeErrors.dossierNotFound();
      const [progress, files, kase, documents, names, agency] = await Promise.all([
        listProgress(bo.db, dossier.id),
        listDossierFiles(bo.db, dossier.id),
        repo.findCase(bo.db, code),
        repo.listDocuments(bo.db, code),
        bo.dossiers.componentNames(dossier.procedureVersionId),
        bo.agencies.findAgency(dossier.receivingAgency),
      ]);
      return { dossier, progress, files, gaps: kase?.gaps ?? [], documents, componentNames: names, agencyName: agency?.name ?? dossier.receivingAgency };
    },

    /** Public verification of a result: hash, issuer and date, no personal data. */
    async verify(token: string) {
      if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return undefined;
      const doc = await repo.findByVerifyToken(bo.db, token);
      if (!doc || doc.kind !== 'result' || !doc.sha256) return undefined;
      return { sha256: doc.sha256, issuer: doc.issuerName, issuerCode: doc.issuerAgency, issuedAt: doc.issuedAt, name: typeof doc.data.name === 'string' ? doc.data.name : '' };
    },

    /** For an agency administrator: units below their agency with no active official, and the dossiers waiting there. */
    async unstaffedUnits(actor: Actor | undefined) {
      if (!isOfficial(actor) || !actor.roles.includes('agency_admin')) throw BackofficeErrors.forbiddenAdmin();
      const units = await bo.agencies.listUnitsOf(actor.agencyCode);
      // Every unit's answer, however many officials the agency has (a listing of officials was capped).
      const staffed = new Set(await bo.identity.staffedUnits(units.map((u) => u.code)));
      const empty = units.filter((u) => !staffed.has(u.code));
      const waiting = await Promise.all(empty.map((u) => countUnitQueue(bo.db, { units: [u.code], statuses: OPEN_STATUSES })));
      return empty.map((u, i) => ({ code: u.code, name: u.name, waiting: waiting[i] ?? 0 })).filter((u) => u.waiting > 0);
    },
  };
}
