import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { isValidAgencyCode, isWithin, parseAgencyCode, parseAgencyCodeLenient } from './agency-code.ts';
import { AgenciesErrors } from './agencies.errors.ts';
import { assertManagerOf, managementScope, type ManagementScope } from './agencies.policy.ts';
import * as repo from './agencies.repository.ts';
import { OFFICIAL_COMMUNES_FILE, SEED_AGENCIES } from './agencies.seed-data.ts';
import type { Agency, Commune, IntegrationClient, Province } from './agencies.types.ts';
import * as clientsRepo from './clients.repository.ts';

export const DIRECTORY_PAGE_MAX = 500;
/** Enough for a province's whole tree on one admin page; larger scopes are searched. */
export const ADMIN_LIST_MAX = 1000;
/** The most agencies one level-1 body has in the directory that listUnitsOf reads. */
const UNITS_MAX = 20_000;

export interface DirectoryQuery {
  parent?: string | undefined;
  /** Only agencies of this QĐ 20 level (1: ministries, provinces…; 2: their departments…). */
  level?: number | undefined;
  q?: string | undefined;
  after?: string | undefined;
  limit?: number | undefined;
}

export interface AgencyAdminView {
  agency: Agency;
  parent: Agency | undefined;
  children: Agency[];
  clients: IntegrationClient[];
}

/** Directory use cases: the public directory, the administrators' views and the seed. */
export function createDirectoryService(db: Db) {
  return {
    findAgency(code: string): Promise<Agency | undefined> {
      // An id that cannot exist is simply not found: callers pass user input here.
      if (code.length === 0 || code.length > 35) return Promise.resolve(undefined);
      return repo.findAgency(db, code);
    },

    async getAgency(code: string): Promise<Agency> {
      parseAgencyCode(code);
      const agency = await repo.findAgency(db, code);
      if (!agency) throw AgenciesErrors.agencyNotFound(code);
      return agency;
    },

    /** The public directory, in code order, one page at a time. */
    async searchAgencies(query: DirectoryQuery): Promise<{ items: Agency[]; nextAfter: string | null }> {
      if (query.parent !== undefined) parseAgencyCode(query.parent);
      const limit = Math.min(Math.max(query.limit ?? 100, 1), DIRECTORY_PAGE_MAX);
      const items = await repo.listAgencies(db, {
        parentCode: query.parent,
        level: query.level,
        text: query.q,
        afterCode: query.after,
        limit: limit + 1,
      });
      const more = items.length > limit;
      const page = more ? items.slice(0, limit) : items;
      return { items: page, nextAfter: more ? (page.at(-1)?.code ?? null) : null };
    },

    /** The agency and every unit below it (by the codes), in code order; empty when the agency is not listed. */
    async listUnitsOf(agencyCode: string): Promise<Agency[]> {
      const parsed = parseAgencyCodeLenient(agencyCode).parsed;
      if (!parsed || !(await repo.findAgency(db, agencyCode))) return [];
      // A level-1 body's agencies are a few thousand at most (a province): read them, keep the subtree.
      const all = await repo.listAgencies(db, { level1: parsed.level1, limit: UNITS_MAX + 1 });
      return all.filter((a) => isWithin(a.code, agencyCode)).slice(0, UNITS_MAX);
    },

    /**
     * A system (integration client) removes a unit of its own agency from the directory: the
     * SDK's deleteAgency. Only a unit strictly below the client's agency, with no units of its
     * own and no integration client; audited with what the row held, so it can be put back.
     */
    async removeOwnUnit(system: { clientId: string; agencyCode: string }, code: string): Promise<Agency> {
      if (code === system.agencyCode || !isWithin(code, system.agencyCode)) throw AgenciesErrors.unitOutOfScope(code, system.agencyCode);
      return db.transaction().execute(async (tx) => {
        const agency = await repo.findAgencyForUpdate(tx, code);
        if (!agency) throw AgenciesErrors.agencyNotFound(code);
        const level1 = await repo.listAgencies(tx, { level1: agency.level1, limit: UNITS_MAX + 1 });
        if (level1.some((a) => a.code !== code && isWithin(a.code, code))) throw AgenciesErrors.unitHasUnits(code);
        if (await clientsRepo.agencyHasClients(tx, code)) throw AgenciesErrors.unitHasClients(code);
        await repo.deleteAgencyInTx(tx, code);
        await appendAuditInTx(tx, {
          actor: system.clientId,
          action: 'agency.removed',
          entityType: 'agency',
          entityId: code,
          data: { agencyCode: system.agencyCode, ...agency },
        });
        return agency;
      });
    },

    listProvinces(): Promise<Province[]> {
      return repo.listProvinces(db);
    },

    async listCommunes(provinceCode: string): Promise<Commune[]> {
      if (!/^\d{2}$/.test(provinceCode) || !(await repo.findProvince(db, provinceCode))) {
        throw AgenciesErrors.provinceNotFound(provinceCode);
      }
      return repo.listCommunes(db, provinceCode);
    },

    /** The agencies an administrator may manage (all for a system admin), optionally filtered. */
    async listAgenciesForAdmin(actor: Actor | undefined, options: { q?: string } = {}): Promise<{ scope: ManagementScope; agencies: Agency[]; truncated: boolean }> {
      const scope = managementScope(actor);
      const agencies = await repo.listAgencies(db, {
        level1: scope.kind === 'level1' ? scope.level1 : undefined,
        text: options.q,
        limit: ADMIN_LIST_MAX + 1,
      });
      return { scope, agencies: agencies.slice(0, ADMIN_LIST_MAX), truncated: agencies.length > ADMIN_LIST_MAX };
    },

    async getAgencyForAdmin(actor: Actor | undefined, code: string): Promise<AgencyAdminView> {
      // Scope first: an agency administrator learns nothing about other provinces' units.
      assertManagerOf(actor, code);
      if (!isValidAgencyCode(code)) throw AgenciesErrors.agencyNotFound(code);
      const agency = await repo.findAgency(db, code);
      if (!agency) throw AgenciesErrors.agencyNotFound(code);
      const [parent, children, clients] = await Promise.all([
        agency.parentCode ? repo.findAgency(db, agency.parentCode) : Promise.resolve(undefined),
        repo.listAgencies(db, { parentCode: code, limit: ADMIN_LIST_MAX }),
        clientsRepo.listClients(db, code),
      ]);
      return { agency, parent, children, clients };
    },

    /**
     * Demo and reference agencies. Idempotent: agencies are upserted by code (a re-run
     * refreshes names and flags); the official communes table is upserted by code first.
     */
    async seed(log: (line: string) => void): Promise<void> {
      const agencies = SEED_AGENCIES.map((a) => {
        const parsed = parseAgencyCode(a.code);
        return {
          code: a.code,
          name: a.name,
          nameEn: a.nameEn,
          level: parsed.level,
          level1: parsed.level1,
          parentCode: parsed.parentCode,
          provinceCode: a.provinceCode,
          communeCode: a.communeCode ?? null,
          codeConfirmed: a.codeConfirmed,
          isDemo: a.isDemo,
        };
      });
      const communes = readOfficialCommunes();
      await db.transaction().execute(async (tx) => {
        await repo.upsertCommunesInTx(tx, communes);
        await repo.upsertAgenciesInTx(tx, agencies);
      });
      const unconfirmed = agencies.filter((a) => !a.codeConfirmed && !a.isDemo).length;
      log(`agencies: ${agencies.length} agencies (${unconfirmed} with unconfirmed codes), ${communes.length} communes of the official table`);
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

/** The shipped official table (code, name, type, province_code), read once per seed. */
function readOfficialCommunes(): { code: string; name: string; provinceCode: string }[] {
  const rows = parseCsv(fs.readFileSync(OFFICIAL_COMMUNES_FILE, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((r) => ({ code: r.code!, name: r.name!, provinceCode: r.province_code! }));
}
