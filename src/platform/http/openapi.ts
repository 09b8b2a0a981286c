import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The operation answers every call, refusals included, with HTTP 200 and a code in the
     * body (a wire contract whose clients drop answers ≥ 400): no 4xx is added to it, and
     * redocly.yaml exempts it from `operation-4xx-response`.
     */
    'x-egov-always-200'?: true;
  }
}

/** The security scheme of a signed-in person's session cookie (declared by the identity module). */
export const SESSION_SECURITY_SCHEME = 'egovSession';

export type SecurityScheme = OpenAPIV3.SecuritySchemeObject;

// The parts of the document this file reads and completes (openapi-types' 3.1 types do not compose).
type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  responses?: Record<string, unknown>;
  security?: unknown[];
}
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>> & Json;
export interface OpenApiDocument extends Json {
  paths?: Record<string, PathItem>;
  components?: { securitySchemes?: Json; schemas?: Json } & Json;
}
type SchemeRegistry = Record<string, SecurityScheme>;

const registries = new WeakMap<object, SchemeRegistry>();

/**
 * Declares a security scheme in the OpenAPI document of `app` (any scope of it): the module
 * that authenticates a kind of caller describes how. Operations name it in `schema.security`.
 */
export function declareSecurityScheme(app: FastifyInstance, name: string, scheme: SecurityScheme): void {
  const registry = registries.get((app as unknown as { openApiRoot: object }).openApiRoot);
  if (!registry) throw new Error('declareSecurityScheme: the app was not made by createHttpApp');
  registry[name] = scheme;
}

/** The error envelope of every JSON API refusal (error-handler.ts). */
const ERROR_BODY: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable code, `<module>.<name>`' },
        message: { type: 'string', description: 'For people, in the language of the request; may change' },
        fields: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
};

const DEFAULT_REFUSAL: Json = {
  description: 'Refused: invalid input (400), not signed in or not signed (401), not allowed (403), not found (404), conflict (409), too large (413), too many requests (429).',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The options of @fastify/swagger for the platform's document. Whatever a module's route
 * schema leaves out, the document gets here, so that every operation passes `redocly lint`
 * (recommended rules, redocly.yaml): an operationId made from method and path, a default 4xx
 * answer (the error envelope), a security requirement (a route that answers 401 needs the
 * session; one without says `security: []`, public), the schemes modules declared, no
 * trailing slash on a path that is also served without it.
 */
export function openApiOptions(app: FastifyInstance, baseUrl: string): FastifyDynamicSwaggerOptions {
  const schemes: SchemeRegistry = {};
  const root = {};
  registries.set(root, schemes);
  app.decorate('openApiRoot', root);
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'egov API',
        version: '1',
        description: 'JSON API of the egov e-Government platform. Signed APIs for agencies’ IT systems: see the integration guide (docs/integration.md).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: baseUrl }],
      // The registry itself: @fastify/swagger looks up the schemes an operation names while it builds.
      components: { securitySchemes: schemes },
    },
    transformObject: (input) => {
      const document = ('openapiObject' in input ? input.openapiObject : input.swaggerObject) as OpenApiDocument;
      const served = (method: string, url: string) => app.hasRoute({ method: method.toUpperCase() as 'GET', url });
      return completeDocument(document, schemes, served) as ReturnType<NonNullable<FastifyDynamicSwaggerOptions['transformObject']>>;
    },
  };
}

export function completeDocument(document: OpenApiDocument, schemes: SchemeRegistry, served: (method: string, url: string) => boolean): OpenApiDocument {
  const components = (document.components ??= {});
  components.securitySchemes = { ...components.securitySchemes, ...schemes };
  let refusalUsed = false;
  const paths: Record<string, PathItem> = {};
  for (const [url, item] of Object.entries(document.paths ?? {})) {
    const target = withoutTrailingSlash(url, item ?? {}, served);
    const merged: PathItem = (paths[target] ??= {});
    Object.assign(merged, item);
    for (const method of METHODS) {
      const operation = merged[method];
      if (!operation) continue;
      operation.operationId ??= operationIdOf(method, target);
      const responses = (operation.responses ??= {});
      const codes = Object.keys(responses);
      operation.security ??= codes.includes('401') ? [{ [SESSION_SECURITY_SCHEME]: [] }] : [];
      const always200 = operation['x-egov-always-200'] === true;
      if (!always200 && !codes.some((code) => code.startsWith('4'))) {
        responses['4XX'] = DEFAULT_REFUSAL;
        refusalUsed = true;
      }
    }
  }
  document.paths = paths;
  if (refusalUsed) components.schemas = { ...components.schemas, ErrorBody: ERROR_BODY };
  return document;
}

/** `/api/dvcqg/` → `/api/dvcqg` when every method of it is served at both (a prefix's `/` route). */
function withoutTrailingSlash(url: string, item: PathItem, served: (method: string, url: string) => boolean): string {
  if (url.length <= 1 || !url.endsWith('/')) return url;
  const bare = url.slice(0, -1);
  const methods = METHODS.filter((m) => item[m] !== undefined);
  return methods.every((m) => served(m, bare)) ? bare : url;
}

/** `get /api/v1/agencies/{code}` → `getAgenciesByCode`; `post /mapi/login` → `postMapiLogin`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part, index) => part !== '' && !(index <= 2 && (part === 'api' || part === 'v1')))
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}
