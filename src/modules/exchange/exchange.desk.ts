import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { Agency, AgenciesApi } from '../agencies/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { parseEdxml, type DocumentPackage, type EdxmlPackage } from './edxml/index.ts';
import { resolvePrincipal, type ExchangeDeps } from './exchange.access.ts';
import type { ClerkService } from './exchange.clerk.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import type { ExchangeCaller, PackageRecord } from './exchange.types.ts';
import * as registers from './registers.repository.ts';

/** Reading the agency's officials to offer them as assignees: names and ids only, of the clerk's own agency. */

export interface Assignees {
  units: { code: string; name: string }[];
  people: { id: string; name: string }[];
}

export interface DeskDeps extends ExchangeDeps {
  directory: Pick<AgenciesApi, 'findAgency' | 'listUnitsOf' | 'searchAgencies'>;
  identity: Pick<IdentityApi, 'officialsOfUnits'>;
}

export const REGISTER_PAGE_MAX = 500;

/**
 * The clerk's desk around the exchange: assignments inside the agency (status 04), the
 * registers' search, replies linked to their original, and the recipient picker's directory.
 */
export function createDeskService(deps: DeskDeps, clerk: ClerkService) {
  async function assigneesOf(agencyCode: string): Promise<Assignees> {
    const [units, officials] = await Promise.all([deps.directory.listUnitsOf(agencyCode), deps.identity.officialsOfUnits([agencyCode])]);
    return {
      units: units.filter((u) => u.code !== agencyCode).map((u) => ({ code: u.code, name: u.name })),
      people: officials.filter((o) => o.status === 'active').map((o) => ({ id: o.id, name: o.fullName })),
    };
  }

  async function modelOf(pkg: PackageRecord): Promise<EdxmlPackage> {
    return (await parseEdxml(await deps.files.read(pkg.contentSha256), { maxBytes: Number.MAX_SAFE_INTEGER })).package;
  }

  return {
    assigneesOf: async (caller: ExchangeCaller) => assigneesOf(resolvePrincipal(caller).agencyCode),

    /**
     * Hands a received document to a unit or an official of the agency (giao xử lý), with a
     * due date and a note; audited, and reported to the sender as status 04.
     */
    async assign(caller: ExchangeCaller, packageId: string, input: { assignee: string; dueDate: string | null; note: string; staff: string }): Promise<registers.Assignment> {
      const principal = resolvePrincipal(caller);
      const pkg = await repo.findPackage(deps.db, packageId);
      const delivery = pkg ? (await repo.listDeliveriesOfPackages(deps.db, [packageId])).find((d) => d.recipientAgency === principal.agencyCode) : undefined;
      if (!pkg || pkg.kind !== 'document' || !delivery) throw ExchangeErrors.packageNotFound(packageId);
      if (input.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw ExchangeErrors.dueDateInvalid();
      const [kind, id] = input.assignee.split(':', 2) as [string, string | undefined];
      const choices = await assigneesOf(principal.agencyCode);
      const chosen =
        kind === 'unit' ? choices.units.find((u) => u.code === id) : kind === 'person' ? choices.people.map((p) => ({ code: p.id, name: p.name })).find((p) => p.code === id) : undefined;
      if (!chosen) throw ExchangeErrors.assigneeInvalid();
      const note = input.note.trim().slice(0, 2000);
      const assignment = await deps.db.transaction().execute(async (tx) => {
        const row = await registers.insertAssignmentInTx(tx, {
          agencyCode: principal.agencyCode,
          packageId,
          assigneeKind: kind as 'unit' | 'person',
          assignee: chosen.code,
          assigneeName: chosen.name,
          dueDate: input.dueDate,
          note: note === '' ? null : note,
          assignedBy: principal.principalId,
        });
        await appendAuditInTx(tx, {
          actor: principal.principalId,
          action: 'exchange.assigned',
          entityType: 'exchange_package',
          entityId: packageId,
          data: { agency: principal.agencyCode, assigneeKind: kind, assignee: chosen.code, dueDate: input.dueDate },
        });
        return row;
      });
      await clerk.reportStatus(caller, packageId, { code: '04', description: note === '' ? chosen.name : `${chosen.name}: ${note}`, staff: input.staff });
      return assignment;
    },

    /** What is assigned to the official, or to the unit they belong to, newest first. */
    async assignedTo(actor: Actor | undefined): Promise<{ assignment: registers.Assignment; package: PackageRecord }[]> {
      if (!actor || actor.kind !== 'official' || actor.agencyCode === null) throw actor ? ExchangeErrors.forbidden() : ExchangeErrors.unauthenticated();
      const assignments = await registers.listAssignmentsTo(deps.db, actor.accountId, [actor.agencyCode], 200);
      const packages = await Promise.all(assignments.map((a) => repo.findPackage(deps.db, a.packageId)));
      return assignments.flatMap((a, i) => (packages[i] ? [{ assignment: a, package: packages[i] }] : []));
    },

    /** A document assigned to the official (or their unit): they read it without being a clerk. */
    async readAssigned(actor: Actor | undefined, packageId: string): Promise<{ package: PackageRecord; model: EdxmlPackage; assignments: registers.Assignment[] }> {
      if (!actor || actor.kind !== 'official' || actor.agencyCode === null) throw actor ? ExchangeErrors.forbidden() : ExchangeErrors.unauthenticated();
      const mine = (await registers.listAssignmentsTo(deps.db, actor.accountId, [actor.agencyCode], 200)).filter((a) => a.packageId === packageId);
      const pkg = mine.length > 0 ? await repo.findPackage(deps.db, packageId) : undefined;
      if (!pkg) throw ExchangeErrors.notAssigned(packageId);
      return { package: pkg, model: await modelOf(pkg), assignments: mine };
    },

    /** The agency's register, searched. `counterpart` is a name or a code, matched against the directory. */
    async searchRegister(caller: ExchangeCaller, direction: 'in' | 'out', query: Omit<registers.RegisterQuery, 'agencyCode' | 'direction' | 'counterparts'> & { counterpart?: string | undefined }) {
      const principal = resolvePrincipal(caller);
      let counterparts: string[] | undefined;
      const text = query.counterpart?.trim();
      if (text) {
        const found = await deps.directory.searchAgencies({ q: text, limit: 200 });
        counterparts = [...found.items.map((a) => a.code), text.toUpperCase()];
      }
      return registers.searchRegister(deps.db, {
        ...query,
        agencyCode: principal.agencyCode,
        direction,
        counterparts,
        limit: Math.min(Math.max(query.limit, 1), REGISTER_PAGE_MAX),
      });
    },

    /** What the document page shows beyond the package: the register line, replies, the original, assignments. */
    async documentExtras(caller: ExchangeCaller, pkg: PackageRecord, model: EdxmlPackage) {
      const principal = resolvePrincipal(caller);
      const agency = principal.agencyCode;
      const isSender = pkg.senderAgency === agency;
      const registered = await registers.findEntryOfPackage(deps.db, agency, isSender ? 'out' : 'in', pkg.id);
      let original: { id: string; subject: string | null } | undefined;
      const answered = model.kind === 'document' ? (model as DocumentPackage).responseFor[0] : undefined;
      if (answered && !isSender) {
        const sender = answered.organId ?? answered.documentId.issuerOrganId;
        const found = sender ? await repo.findOriginalDocument(deps.db, sender, answered.documentId.raw) : undefined;
        // A reply that reached us from another system is linked when first read, as one our clerk sent is when sent.
        if (found && found.senderAgency === agency) {
          await registers.linkResponseInTx(deps.db, pkg.id, found.senderAgency, found.documentId);
          original = { id: found.id, subject: found.subject };
        }
      }
      const responses = pkg.kind === 'document' ? await registers.listResponsesTo(deps.db, pkg.senderAgency, pkg.documentId) : [];
      const assignments = isSender ? [] : await registers.listAssignmentsOfPackage(deps.db, agency, pkg.id);
      return { registered, original, responses, assignments };
    },

    /** Recipients for the picker: by name or code, or the units of one agency; never the clerk's own agency. */
    async findRecipients(caller: ExchangeCaller, query: { q?: string | undefined; parent?: string | undefined; group?: 'ministries' | 'provinces' | undefined }): Promise<Agency[]> {
      const own = resolvePrincipal(caller).agencyCode;
      let items: Agency[];
      if (query.group) {
        const top = await deps.directory.searchAgencies({ level: 1, limit: 500 });
        items = top.items.filter((a) => (query.group === 'provinces' ? a.provinceCode !== null : a.provinceCode === null));
      } else if (query.parent) {
        items = (await deps.directory.searchAgencies({ parent: query.parent, limit: 200 })).items;
      } else if (query.q?.trim()) {
        items = (await deps.directory.searchAgencies({ q: query.q.trim().slice(0, 100), limit: 30 })).items;
      } else {
        items = (await deps.directory.searchAgencies({ level: 1, limit: 500 })).items;
      }
      return items.filter((a) => a.code !== own);
    },
  };
}

export type DeskService = ReturnType<typeof createDeskService>;
