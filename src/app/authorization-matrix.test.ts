import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../platform/db/index.ts';
import type { HttpApp } from '../platform/http/index.ts';
import { signRequest } from '../platform/integration/index.ts';
import { samplePdf } from '../platform/testing/index.ts';
import type { Actor } from '../platform/module/index.ts';
import type { AgenciesApi } from '../modules/agencies/index.ts';
import { birthAnswers, BIRTH, WARD } from '../modules/backoffice/backoffice.test-support.ts';
import type { DossiersApi } from '../modules/dossiers/index.ts';
import { AUTHORIZATION_MATRIX } from './authorization-matrix.ts';
import { expectedOutcome, ROLE_GROUPS, suggestRule, type Outcome, type Probe } from './authorization-rules.ts';
import { MODULES } from './modules.ts';
import { createServer } from './server.ts';
import { actorHeader, createTestPlatform, type TestPlatform } from './testing.ts';

// The authorisation matrix: every route the composed application registers (pages and API,
// discovered from Fastify's route table as it is built), called as every role, checked
// against the declared table in authorization-matrix.ts. A route without an entry fails.

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minItems?: number;
  items?: Schema;
  minLength?: number;
  minimum?: number;
  default?: unknown;
}

interface RouteInfo {
  method: string;
  url: string;
  schema: { body?: Schema; params?: Schema; querystring?: Schema; hide?: boolean } | undefined;
}

const PARAM_SAMPLES: Record<string, string> = { code: 'X1', id: '1', uid: 'x1', clientId: 'rp-x', day: '2026-01-05', regime: 'X', period: '2026-Q1', direction: 'in', format: 'xlsx', token: 'x', action: 'x', index: '0' };
const STRING_CANDIDATES = ['X1', 'H49', '2026-Q1', '2026-M01', '2026-01-05', '2026-01-05T00:00:00Z', '1', 'x', 'in', 'xlsx', 'pdf', '01', '00000000-0000-4000-8000-000000000000', '001090000001'];

/** A value the schema accepts, for the properties it requires (enough to get past validation). */
function sampleOf(schema: Schema | undefined, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleOf(schema.anyOf[0], name);
  switch (schema.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) value[key] = sampleOf(schema.properties?.[key], key);
      return value;
    }
    case 'array':
      return (schema.minItems ?? 0) > 0 ? [sampleOf(schema.items, name)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return '2026-01-05T00:00:00Z';
      if (schema.format === 'date') return '2026-01-05';
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
      const candidates = [PARAM_SAMPLES[name], ...STRING_CANDIDATES].filter((c): c is string => c !== undefined);
      const fits = candidates.find((c) => (!pattern || pattern.test(c)) && c.length >= (schema.minLength ?? 0));
      return fits ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

/** Real records for reading routes (a dossier of the demo citizen, a published procedure): set in beforeAll. */
const REAL = { dossierCode: '', procedureCode: '' };

/** A GET of a dossier or procedure route is probed on a real record, so visibility is checked, not only "not found". */
function realParam(route: RouteInfo, name: string): string | undefined {
  if (route.method !== 'GET' || name !== 'code') return undefined;
  if (/^\/(admin\/)?procedures\/|^\/api\/v1\/procedures\//.test(route.url)) return REAL.procedureCode || undefined;
  if (/^\/(dossiers|console\/work)\/|^\/api\/v1\/(backoffice\/)?dossiers\//.test(route.url)) return REAL.dossierCode || undefined;
  return undefined;
}

function urlOf(route: RouteInfo): string {
  const declared = route.schema?.params?.properties ?? {};
  let url = route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(String(realParam(route, name) ?? (declared[name] ? sampleOf(declared[name], name) : (PARAM_SAMPLES[name] ?? 'x')))));
  url = url.replace('*', 'probe');
  const query = (sampleOf(route.schema?.querystring) ?? {}) as Record<string, unknown>;
  const pairs = Object.entries(query).filter(([, v]) => v !== undefined && typeof v !== 'object').map(([k, v]) => [k, String(v)]);
  return pairs.length > 0 ? `${url}?${new URLSearchParams(pairs).toString()}` : url;
}

/** A machine endpoint's refusal in its own envelope (DVCQG answers HTTP 200 with an error code). */
function refusedInEnvelope(body: string): boolean {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return (json.error_code !== undefined && String(json.error_code) !== '0') || json.status === 'FAIL';
  } catch {
    return false;
  }
}

function classify(status: number, location: string | undefined, body: string, real: boolean): Outcome {
  // On a record that exists, "not found" is how a route hides it from who may not see it.
  if (real && status === 404) return 'hidden';
  // Refused by the route's schema or content type before any handler ran: says nothing about authorisation.
  if (status === 415 || (status === 400 && body.includes('"http.validation_failed"'))) return 'invalid';
  if (status === 401 || ((status === 302 || status === 303) && location?.startsWith('/login'))) return 'login';
  if (status === 403) return 'deny';
  if (status >= 500) return 'error';
  if (status === 200 && refusedInEnvelope(body)) return 'login';
  return 'allow';
}

let platform: TestPlatform;
let app: HttpApp;
const routes: RouteInfo[] = [];

beforeAll(async () => {
  platform = await createTestPlatform({ modules: MODULES.map((m) => m.name), seed: ['agencies', 'identity', 'catalog'] });
  app = await createServer(platform, {
    beforeRoutes(server) {
      if (!server.hasRequestDecorator('actor')) server.decorateRequest('actor', undefined);
      server.addHook('onRequest', async (request) => {
        const header = request.headers['x-test-actor'];
        if (typeof header === 'string') request.actor = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Actor;
      });
      server.addHook('onRoute', (route) => {
        for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
          if (method === 'HEAD') continue;
          routes.push({ method, url: route.url, schema: route.schema as RouteInfo['schema'] });
        }
      });
    },
  });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

describe('authorisation matrix', () => {
  it('declares a rule for every route, and no rule for a route that is gone', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const undeclared = [...keys].filter((k) => !(k in AUTHORIZATION_MATRIX));
    expect(undeclared, 'routes without a rule in src/app/authorization-matrix.ts').toEqual([]);
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((k) => !keys.has(k)), 'rules of routes that no longer exist').toEqual([]);
  });

  // The VXP transport answers in its own envelope; the second-factor page is part of signing in (it sends to /login).
  const NOT_PAGES = /^\/(vxp|login\/second-factor)\b/;
  it('sends an anonymous visitor of every page that needs signing in to the login page, then back', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = AUTHORIZATION_MATRIX[`${route.method} ${route.url}`];
      if (route.method !== 'GET' || !rule || !route.schema?.hide || route.url.startsWith('/api/') || NOT_PAGES.test(route.url) || expectedOutcome(rule, 'anonymous') !== 'login') continue;
      const url = urlOf(route);
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      const expected = `/login?next=${encodeURIComponent(url)}`;
      if (res.statusCode !== 303 || res.headers.location !== expected) wrong.push(`GET ${url}: ${res.statusCode} ${String(res.headers.location ?? res.body.slice(0, 80))}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every role gets the declared outcome on every route', { timeout: 300_000 }, async () => {
    const db = platform.ctx.db;
    const idOf = async (login: string) => (await sql<{ id: string; agency_code: string | null }>`SELECT id, agency_code FROM accounts WHERE email = ${login} OR personal_id = ${login} OR tax_code = ${login}`.execute(db)).rows[0];
    const official = await idOf('lanhdao.h49@demo.egov.vn');
    const now = new Date().toISOString();
    const roleNames = platform.ctx.contributions.roles().map((r) => r.name);
    const citizenId = (await idOf('001090000001'))?.id ?? '';
    REAL.procedureCode = BIRTH;
    const pdf = await platform.ctx.files.put(samplePdf());
    REAL.dossierCode = (await platform.api<DossiersApi>('dossiers').submitApplication({ accountId: citizenId, kind: 'citizen', displayName: 'citizen', agencyCode: null, roles: [] }, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers, uploads: [0, 1].map((componentIndex) => ({ componentIndex, sha256: pdf.sha256, size: pdf.size, contentType: 'application/pdf', originalName: `giay-to-${componentIndex}.pdf` })) })).code;
    // Every role a module declares is probed: a new role without a place in the groups fails here.
    expect(roleNames.filter((r) => !ROLE_GROUPS.officials.includes(r)), 'roles missing from ROLE_GROUPS.officials').toEqual([]);
    const actors: Record<string, Actor | undefined> = {
      anonymous: undefined,
      citizen: { accountId: (await idOf('001090000001'))?.id ?? '', kind: 'citizen', displayName: 'citizen', agencyCode: null, roles: [], secondFactorAt: now },
      business: { accountId: (await idOf('5700100256'))?.id ?? '', kind: 'business', displayName: 'business', agencyCode: null, roles: [], secondFactorAt: now },
      admin: { accountId: (await idOf('admin@demo.egov.vn'))?.id ?? '', kind: 'admin', displayName: 'admin', agencyCode: null, roles: [], secondFactorAt: now },
    };
    for (const role of roleNames) {
      actors[role] = { accountId: official?.id ?? '', kind: 'official', displayName: role, agencyCode: official?.agency_code ?? null, roles: [role], secondFactorAt: now };
    }
    // An agency's IT system: HMAC-signed requests of an integration client of the same agency.
    const client = await platform.api<AgenciesApi>('agencies').createClient(actors.admin, { agencyCode: official?.agency_code ?? '', name: 'Hệ thống thử ma trận' });
    actors.integration = undefined;
    // One CSRF cookie and token for every form: a refusal must come from authorisation, not CSRF.
    const login = await app.inject({ method: 'GET', url: '/login' });
    const csrfCookie = login.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';

    const mismatches: string[] = [];
    const dump: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const rule = AUTHORIZATION_MATRIX[key];
      if (!rule && !process.env.AUTHZ_MATRIX_DUMP) continue;
      const observed: Probe = {};
      for (const [role, actor] of Object.entries(actors)) {
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : ((sampleOf(route.schema?.body) ?? {}) as object);
        const url = urlOf(route);
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const signed = role === 'integration' ? signRequest({ clientId: client.clientId, secret: client.secret, method: route.method, path: url, ...(payload === undefined ? {} : { body: payload }), nonce: randomUUID() }) : {};
        const headers = { accept: 'application/json', cookie: `_csrf=${csrfCookie}`, 'x-csrf-token': token, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...signed, ...(actor ? actorHeader(actor) : {}) };
        let res = await app.inject({ method: route.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
        if (res.statusCode === 415) {
          // A form with files: multipart, its CSRF token the first field, no file.
          const boundary = 'authz-matrix-probe';
          const payload = `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}--\r\n`;
          res = await app.inject({ method: route.method as 'POST', url: urlOf(route), headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
        }
        const outcome = classify(res.statusCode, res.headers.location as string | undefined, res.body, /:code\b/.test(route.url) && realParam(route, 'code') !== undefined);
        observed[role] = outcome;
        const expected = rule ? expectedOutcome(rule, role) : outcome;
        if (outcome !== expected) mismatches.push(`${key} as ${role}: expected ${expected}, got ${outcome} (${res.statusCode} ${res.body.slice(0, 120)})`);
      }
      if (mismatches.length > 0 && mismatches.at(-1)?.startsWith(key)) mismatches.push(`  observed: '${key}': ${suggestRule(observed)}`);
      dump.push(`  '${key}': ${suggestRule(observed)}`);
    }
    if (process.env.AUTHZ_MATRIX_DUMP) writeFileSync(process.env.AUTHZ_MATRIX_DUMP, `${dump.join('\n')}\n`);
    expect(mismatches).toEqual([]);
  });
});
