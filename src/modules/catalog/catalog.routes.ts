import { Type, type Static } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { catalogScope } from './catalog.policy.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { CatalogFileFormat, ImportInput, ImportOptions, ImportResult } from './catalog.import.ts';
import {
  ErrorJson,
  ImportQuery,
  ImportResultJson,
  ProcedureCodeParams,
  ProcedureJson,
  ProcedureSearchJson,
  ProcedureSearchQuery,
  type ProcedureSummaryJson,
} from './catalog.schemas.ts';
import type { SearchHit, SearchService } from './catalog.search.ts';
import type { CatalogService, PublishedProcedure } from './catalog.service.ts';
import { orderDocument } from './catalog.validation.ts';
import { procedurePath } from './catalog.views.tsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every field a search result exposes, listed here and nowhere else. */
export function presentHit(hit: SearchHit): ProcedureSummaryJson {
  return {
    code: hit.code,
    name: hit.name,
    field: { code: hit.fieldCode, name: hit.fieldName },
    competentAgency: { code: hit.competentAgency, name: hit.competentAgencyName },
    implementingLevel: hit.implementingLevel,
    receivingAgencies: hit.receivingAgencies.map((code, i) => ({ code, name: hit.receivingAgencyNames[i] ?? code })),
    applicantTypes: hit.applicantTypes,
    onlineLevel: hit.onlineLevel,
    processingTime: hit.listing.processingTime,
    feeVnd: hit.listing.feeVnd,
    url: procedurePath(hit.code),
    provincialVersions: hit.variants.filter((v) => v.provinceCodes.length > 0).map((v) => ({ code: v.code, provinceCodes: v.provinceCodes, url: procedurePath(v.code) })),
  };
}

export function presentProcedure(p: PublishedProcedure) {
  return { code: p.code, version: p.version, versionId: p.versionId, publishedAt: p.publishedAt.toISOString(), document: orderDocument(p.document) };
}

/** The public catalogue API (no sign-in) and the import endpoint for officials' tools. */
export interface CatalogApiDeps {
  service: CatalogService;
  search: SearchService;
  importProcedures(actor: Actor | undefined, input: ImportInput, options?: ImportOptions): Promise<ImportResult>;
}

export function registerCatalogApi(app: HttpApp, deps: CatalogApiDeps): void {
  app.get(
    '/api/v1/procedures',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Search the published procedures',
        description: 'The same search as the portal: accents optional, typos tolerated, best match first (name order without `q`); a `q` that looks like a code matches codes by prefix.',
        querystring: ProcedureSearchQuery,
        response: { 200: ProcedureSearchJson, 400: ErrorJson },
      },
    },
    async (request) => {
      const result = await deps.search.search(request.query);
      return { items: result.items.map(presentHit), total: result.total, page: result.page, pageSize: result.pageSize, pages: result.pages };
    },
  );

  app.get(
    '/api/v1/procedures/:code',
    {
      schema: {
        tags: ['procedures'],
        summary: 'The published version of a procedure',
        description: 'A base code (1.001193), an agency variant (1.001193.000.00.00.H49) or a case code (1.001193.02, which returns its procedure).',
        params: ProcedureCodeParams,
        response: { 200: ProcedureJson, 404: ErrorJson },
      },
    },
    async (request) => {
      const found = await deps.service.findPublished(request.params.code);
      if (!found) throw CatalogErrors.procedureNotFound(request.params.code);
      return presentProcedure(found);
    },
  );

  app.get(
    '/api/v1/procedure-versions/:id',
    {
      schema: {
        tags: ['procedures'],
        summary: 'A published version by id',
        description: 'What a dossier was filed under: still returned after the procedure was edited or withdrawn.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: ProcedureJson, 404: ErrorJson },
      },
    },
    async (request) => presentProcedure(await deps.service.getVersion(request.params.id)),
  );

  // The file is the raw request body (JSON or .xlsx): no multipart parser is needed.
  app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser(['application/json', XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    scoped.post(
      '/api/v1/procedures/import',
      {
        // Decided from the headers before the file (up to 50 MB) is read: the CSRF token comes
        // in the csrf-token header (checked again, as on every form, once the body is parsed),
        // then the session must belong to a manager of the catalogue.
        onRequest: [
          (request, reply, done) => scoped.csrfProtection(request, reply, done),
          async (request) => {
            catalogScope(request.actor);
          },
        ],
        schema: {
          tags: ['procedures'],
          summary: 'Import procedures from a JSON or Excel file',
          description:
            'Send the file as the request body (`application/json` or the .xlsx content type) with the session cookie and the `csrf-token` header. Every procedure is checked first; with errors nothing is written (422) unless `skipInvalid=true`. Errors name the sheet, row and column (JSON: the array position and the path). ' +
            'The session and the `csrf-token` header are checked before the file is read; a refusal closes the connection. ' +
            'An Excel file over a limit (zip entries, uncompressed size, compression ratio, shared strings, rows, cells per row) is refused before it is read further: 400 `catalog.import_too_large` with `details.limit` and `details.max`.',
          querystring: ImportQuery,
          response: { 200: ImportResultJson, 422: ImportResultJson, 400: ErrorJson, 401: ErrorJson, 403: ErrorJson },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw CatalogErrors.importInvalid('Send the file as the request body');
        const format: CatalogFileFormat = (request.headers['content-type'] ?? '').startsWith(XLSX) || (body[0] === 0x50 && body[1] === 0x4b) ? 'xlsx' : 'json';
        // The encapsulated instance does not carry the TypeBox type provider; the schema above validated this.
        const query = request.query as Static<typeof ImportQuery>;
        const result = await deps.importProcedures(request.actor, { format, content: body, source: `api import (${format})` }, query);
        return reply.status(result.written || query.dryRun ? 200 : 422).send(result);
      },
    );
  });
}
