import type { Agency } from '../agencies/index.ts';
import type { PublishedProcedure } from '../catalog/index.ts';
import type { AccountView } from '../identity/index.ts';
import { constantTimeEqual } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import * as repo from './dossiers.repository.ts';
import { countUnitQueues, listUnitQueue } from './dossiers.transitions.ts';
import { createLookupBudgets } from './dossiers.throttle.ts';

export const QUEUE_PAGE_SIZE = 50;
export const MY_PAGE_SIZE = 20;

/** The actor as an applicant (citizen or business); throws for anyone else. */
export function applicantOf(actor: Actor | undefined): Actor & { kind: 'citizen' | 'business' } {
  if (!actor) throw DossierErrors.unauthenticated();
  if (actor.kind !== 'citizen' && actor.kind !== 'business') throw DossierErrors.notApplicant();
  return actor as Actor & { kind: 'citizen' | 'business' };
}

/** The read side: a dossier for its applicant or agency, the public lookup, "my dossiers", the agency queue. */
export function createDossierQueries(deps: {
  db: Db;
  /** The replica when the request's read context allows it (see platform/db/replica.ts), else the primary. */
  reads: () => Db;
  catalog: { getProcedureVersion(versionId: number): Promise<PublishedProcedure> };
  agencies: { findAgency(code: string): Promise<Agency | undefined> };
  identity: { getAccount(id: string): Promise<AccountView> };
}) {
  const { db } = deps;
  const budgets = createLookupBudgets(db);

  /** The applicant of a dossier synced without an account: the account with its ID number (citizen) or tax code (business). */
  async function isSyncedApplicant(actor: Actor, row: { applicantAccountId: string | null; applicantIdentifier: string; applicantKind: number }): Promise<boolean> {
    if (row.applicantAccountId !== null || (actor.kind !== 'citizen' && actor.kind !== 'business')) return false;
    const account = await deps.identity.getAccount(actor.accountId);
    const identifier = actor.kind === 'citizen' ? account.personalId : account.taxCode;
    return identifier !== null && identifier === row.applicantIdentifier && row.applicantKind === (actor.kind === 'citizen' ? 1 : 2);
  }

  return {
    /** Names of the components of the version a dossier was filed under (by index). */
    async componentNames(versionId: number | null): Promise<string[]> {
      if (versionId === null) return [];
      try {
        return (await deps.catalog.getProcedureVersion(versionId)).document.components.map((c) => c.name);
      } catch {
        return [];
      }
    },

    /** The fees of the case a dossier was filed under, as its catalogue version lists them (the receipt shows them). */
    async caseFees(versionId: number | null, caseCode: string | null): Promise<{ name: string; amountVnd: number }[]> {
      if (versionId === null || caseCode === null) return [];
      try {
        return ((await deps.catalog.getProcedureVersion(versionId)).document.cases.find((c) => c.code === caseCode)?.fees ?? []).map((f) => ({ name: f.name, amountVnd: f.amountVnd }));
      } catch {
        return [];
      }
    },

    /**
     * A dossier with its timeline and files, for its applicant or an official of the receiving agency.
     * A dossier a back office synced without an account belongs to the account with its ID number or
     * tax code: "my dossiers" lists it by that identifier, so its receipt must open for them too.
     */
    async getDossier(actor: Actor | undefined, code: string) {
      if (!actor) throw DossierErrors.unauthenticated();
      const row = await repo.findDossierByCode(db, code);
      const allowed = row && (row.applicantAccountId === actor.accountId || (actor.kind === 'official' && actor.agencyCode === row.receivingAgency) || (await isSyncedApplicant(actor, row)));
      if (!row || !allowed) throw DossierErrors.dossierNotFound();
      const [timeline, uploads, agency] = await Promise.all([repo.listTimeline(db, row.id), repo.listUploads(db, { dossierId: row.id }), deps.agencies.findAgency(row.receivingAgency)]);
      return { dossier: row, timeline, uploads, agencyName: agency?.name ?? row.receivingAgency, agencyNameEn: agency?.nameEn ?? null };
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
      // The answer may come from the read replica; the attempt budgets above stay on the primary.
      const reader = deps.reads();
      const found = await repo.findVerifier(reader, normalised);
      const ok = found !== undefined && v.length >= 4 && (constantTimeEqual(v, found.identifier) || (found.phoneLast4 !== null && constantTimeEqual(v, found.phoneLast4)));
      if (!found || !ok) throw DossierErrors.dossierNotFound();
      await check.answeredRight();
      const row = await repo.findDossierByCode(reader, normalised);
      if (!row) throw DossierErrors.dossierNotFound();
      const [timeline, agency] = await Promise.all([repo.listTimeline(reader, row.id), deps.agencies.findAgency(row.receivingAgency)]);
      return {
        code: row.code,
        procedureName: row.procedureName,
        status: row.status,
        receivingAgency: row.receivingAgency,
        agencyName: agency?.name ?? row.receivingAgency,
        agencyNameEn: agency?.nameEn ?? null,
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
      const reader = deps.reads();
      const [dossiers, drafts] = await Promise.all([
        identifier ? repo.listByApplicant(reader, identifier, MY_PAGE_SIZE + 1, (safePage - 1) * MY_PAGE_SIZE) : Promise.resolve([]),
        repo.listDrafts(reader, applicant.accountId),
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
        // The back office's unit queue: one index range per status, merged; counted from the
        // counters the triggers keep (dossiers 0013), uncapped.
        listUnitQueue(db, { units: [actor.agencyCode], statuses }, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE),
        countUnitQueues(db, [actor.agencyCode], [{ statuses }], Number.MAX_SAFE_INTEGER).then(([n]) => n ?? 0),
      ]);
      return { agencyCode: actor.agencyCode, items, total, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), statuses };
    },
  };
}
