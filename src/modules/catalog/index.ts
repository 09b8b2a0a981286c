import { listPublishedProcedures } from './catalog.listing.ts';
import path from 'node:path';
import type { CatalogApi } from './catalog.api.ts';
import { agencyName, type AgenciesApi } from '../agencies/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Actor, ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { CATALOG_NAVIGATION } from './catalog.contributions.ts';
import { registerCatalogAdminPages } from './catalog.admin.pages.tsx';
import { registerSearchWordsPages } from './catalog.admin.words.tsx';
import { procedureUsesConsumer } from './catalog.uses.ts';
import { createSearchWordsService } from './search-words.service.ts';
import { exportProcedures, importProcedures, principalOf, type ImportInput, type ImportOptions, type ImportResult } from './catalog.import.ts';
import { registerCatalogPublicPages } from './catalog.public.pages.tsx';
import { registerCatalogApi } from './catalog.routes.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { createSearchService, type SearchOptions, type SearchQuery, type SearchResult } from './catalog.search.ts';
import { createCatalogService, type PublishedProcedure } from './catalog.service.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { DEMO_CATALOGUE } from './demo/index.ts';
import { helpArticlesConsumer } from './help-articles.ts';
import { demoTemplateFile, templateTitles } from './demo/templates.ts';
import { createTemplateService } from './catalog.templates.ts';
import { registerTemplatePages } from './catalog.templates.pages.tsx';
import { attachTemplatesByName, templateFiles } from './templates.repository.ts';
import { syntheticCatalogue } from './demo/synthetic.ts';

// The catalog module's only door.
export { detectFormat, type CatalogFileFormat, type ImportError, type ImportOptions, type ImportResult } from './catalog.import.ts';
export { isCatalogueCode, parseProcedureCode, type ParsedProcedureCode } from './procedure-code.ts';
export { foldText } from './search-text.ts';
export type { ProcedureCase, ProcedureDocument, DossierComponent, Fee, OnlineLevel, ApplicantType, Channel, ProcessingTime } from './catalog.schemas.ts';
export type { PublishedProcedure, SearchQuery, SearchResult };


export interface CatalogDependencies {
  agencies: Pick<AgenciesApi, 'findAgency' | 'listProvinces' | 'searchAgencies'>;
}

export function createCatalogModule(ctx: PlatformContext, deps: CatalogDependencies, options: { search?: SearchOptions } = {}): { registration: ModuleRegistration; api: CatalogApi } {
  const { agencies } = deps;
  const findAgency = (code: string) => agencies.findAgency(code);
  const search = createSearchService(ctx.db, { findAgency, listProvinces: () => agencies.listProvinces() }, options.search);
  const service = createCatalogService(ctx.db, { findAgency, listProvinces: () => agencies.listProvinces() }, () => search.invalidate());
  const searchWords = createSearchWordsService(ctx.db, () => search.invalidate());
  const templates = createTemplateService(ctx.db, ctx.files, service);

  const runImport = async (principal: ReturnType<typeof principalOf>, input: ImportInput, importOptions?: ImportOptions): Promise<ImportResult> => {
    const { publishedChanged, ...result } = await importProcedures(ctx.db, findAgency, principal, input, importOptions);
    if (publishedChanged) search.invalidate();
    return result;
  };

  const agencyNames = async (codes: readonly string[], locale: Locale = 'vi') => {
    const unique = [...new Set(codes)];
    const found = await Promise.all(unique.map((code) => agencies.findAgency(code)));
    return new Map(unique.map((code, i) => [code, found[i] ? agencyName(found[i], locale) : code]));
  };

  const homeOf = async (actor: Actor | undefined) => (actor?.agencyCode ? ((await agencies.findAgency(actor.agencyCode))?.provinceCode ?? undefined) : undefined);

  async function directoryCodes(): Promise<string[]> {
    const codes: string[] = [];
    let after: string | undefined;
    do {
      const page = await agencies.searchAgencies({ after, limit: 500 });
      codes.push(...page.items.map((a) => a.code));
      after = page.nextAfter ?? undefined;
    } while (after);
    return codes;
  }

  const api: CatalogApi = {
    async getPublishedProcedure(code) {
      const found = await service.findPublished(code);
      if (!found) throw CatalogErrors.procedureNotFound(code);
      return found;
    },
    findPublishedProcedure: (code) => service.findPublished(code),
    getProcedureVersion: (versionId) => service.getVersion(versionId),
    searchProcedures: (query) => search.search(query),
    listPublishedProcedures: () => listPublishedProcedures(ctx.db),
    createProcedure: (actor, document) => service.createProcedure(actor, document),
    updateProcedure: (actor, code, document) => service.updateProcedure(actor, code, document),
    publishProcedure: (actor, code) => service.publishProcedure(actor, code),
    withdrawProcedure: (actor, code) => service.withdrawProcedure(actor, code),
    importProcedures: async (actor, input, importOptions) => runImport(principalOf(actor), input, importOptions),
    exportProcedures: (actor, exportOptions) => exportProcedures(ctx.db, actor, exportOptions),
    async seedSynthetic(count, seedOptions) {
      const documents = syntheticCatalogue(count, await directoryCodes());
      return runImport({ scope: { kind: 'all' }, accountId: null }, { format: 'documents', documents, source: `synthetic ${count}` }, { ...seedOptions, publish: true });
    },
  };

  const registration: ModuleRegistration = {
    name: 'catalog',
    navigation: CATALOG_NAVIGATION,
    consumers: [procedureUsesConsumer, helpArticlesConsumer],
    fileReferences: (sha256s) => templateFiles(ctx.db, sha256s),
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      registerCatalogApi(app, { service, search, importProcedures: api.importProcedures });
      registerCatalogPublicPages(app, { service, search, agencyNames, homeOf, templateNames: async (code) => new Set((await templates.listOf(code)).map((t) => t.fileName)) });
      await registerTemplatePages(app, { service, templates });
      await registerCatalogAdminPages(app, { service, agencyNames, importProcedures: api.importProcedures, exportProcedures: api.exportProcedures });
      registerSearchWordsPages(app, searchWords);
    },
    async seedDemo(log) {
      const result = await runImport({ scope: { kind: 'all' }, accountId: null }, { format: 'documents', documents: DEMO_CATALOGUE as ProcedureDocument[], source: 'demo catalogue' });
      if (result.errors.length > 0) throw new Error(`demo catalogue: ${result.errors.map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ')}`);
      log(`catalog: ${result.total} demo procedures (${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged)`);
      // A Word file behind every form template name, so that the demo's download links give one.
      const files = await Promise.all(
        [...templateTitles(DEMO_CATALOGUE)].map(async ([fileName, title]) => {
          const stored = await ctx.files.put(await demoTemplateFile(title, fileName));
          return { fileName, sha256: stored.sha256, size: stored.size, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
        }),
      );
      log(`catalog: ${files.length} demo form templates (${await attachTemplatesByName(ctx.db, files)} procedures given a file)`);
    },
  };
  return { registration, api };
}

export const catalogModule: ModuleDefinition<CatalogDependencies, CatalogApi, { search?: SearchOptions }> = {
  name: 'catalog',
  needs: ['agencies'],
  create: (ctx, deps, options) => createCatalogModule(ctx, deps, options),
  commands: [
    {
      name: 'import procedures',
      summary: 'import administrative procedures from Excel (.xlsx) or JSON; all or nothing unless --skip-invalid',
      usage: 'egov import procedures FILE.xlsx|FILE.json [--skip-invalid] [--draft] [--dry-run]',
      load: async () => (await import('./catalog.cli.ts')).importProceduresCommand,
    },
    {
      name: 'seed procedures',
      summary: 'load the demo catalogue, or N synthetic procedures (--synthetic N)',
      usage: 'egov seed procedures [--synthetic N]',
      load: async () => (await import('./catalog.cli.ts')).seedProceduresCommand,
    },
  ],
};

export type { CatalogApi } from './catalog.api.ts';
export type { ProcedureListItem } from './catalog.listing.ts';
