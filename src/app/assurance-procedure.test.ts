import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../platform/db/index.ts';
import type { HttpApp } from '../platform/http/index.ts';
import type { Actor } from '../platform/module/index.ts';
import { birthAnswers, BIRTH, setUpBackoffice, WARD } from '../modules/backoffice/backoffice.test-support.ts';
import type { CatalogApi, ProcedureDocument } from '../modules/catalog/index.ts';
import type { IdentityApi } from '../modules/identity/index.ts';
import { actorHeader } from './testing.ts';

// A procedure case of the catalogue may require an assurance level (issue #13): a citizen
// below it is told, on the application page, what level is needed and how to raise it.

type Env = Awaited<ReturnType<typeof setUpBackoffice>>;
let env: Env;
let app: HttpApp;
let admin: Actor;

async function apply(actor: Actor, caseCode: string) {
  const page = await app.inject({ method: 'GET', url: `/procedures/${BIRTH}/apply`, headers: { ...actorHeader(actor), accept: 'text/html' } });
  const cookie = page.cookies.find((c) => c.name === '_csrf');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return app.inject({
    method: 'POST',
    url: `/procedures/${BIRTH}/apply`,
    headers: { ...actorHeader(actor), accept: 'text/html', cookie: `_csrf=${cookie?.value ?? ''}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, caseCode, receivingAgency: WARD }).toString(),
  });
}

beforeAll(async () => {
  env = await setUpBackoffice();
  app = await env.platform.http();
  admin = await env.platform.api<IdentityApi>('identity').authenticate({ identifier: 'admin@demo.egov.vn', password: 'Demo@2026egov', ip: '192.0.2.9' });
  // The catalogue marks case 01 of the birth registration as requiring level 2, and publishes it.
  const catalog = env.platform.api<CatalogApi>('catalog');
  const current = await catalog.getPublishedProcedure(BIRTH);
  const document: ProcedureDocument = { ...current.document, cases: current.document.cases.map((c) => (c.code === '01' ? { ...c, minAssuranceLevel: 2 } : c)) };
  expect((await catalog.updateProcedure(admin, BIRTH, document)).changed).toBe(true);
  await catalog.publishProcedure(admin, BIRTH);
  expect((await catalog.getPublishedProcedure(BIRTH)).document.cases.find((c) => c.code === '01')?.minAssuranceLevel).toBe(2);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('a procedure case requiring an assurance level', () => {
  it('a level-1 account is told the level needed and how to raise it; no draft is started', async () => {
    const res = await apply(env.citizen, '01');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Cần nâng mức độ xác thực tài khoản');
    expect(res.body).toContain('mức độ xác thực 2 trở lên');
    expect(res.body).toContain('đang ở mức 1');
    expect(res.body).toContain('bộ phận một cửa');
    expect(res.body).toContain(`href="/account/assurance?next=${encodeURIComponent(`/procedures/${BIRTH}/apply`)}"`);
    const drafts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_drafts WHERE account_id = ${env.citizen.accountId}`.execute(env.db);
    expect(drafts.rows[0]?.n).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/account/assurance?next=${encodeURIComponent(`/procedures/${BIRTH}/apply`)}`, headers: { ...actorHeader(env.citizen), accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('the Excel export carries the level (sheet cases, column min_assurance_level)', async () => {
    const { content } = await env.platform.api<CatalogApi>('catalog').exportProcedures(admin, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('cases');
    const header = (sheet?.getRow(1).values ?? []) as unknown[];
    const levelColumn = header.indexOf('min_assurance_level');
    const codeColumn = header.indexOf('procedure_code');
    const caseColumn = header.indexOf('case_code');
    expect(levelColumn).toBeGreaterThan(0);
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => rows.push(row.values as unknown[]));
    const birth = rows.find((r) => r[codeColumn] === BIRTH && String(r[caseColumn]) === '01');
    expect(birth?.[levelColumn]).toBe(2);
  });

  it('the use case refuses it too (the API, not only the page)', async () => {
    await expect(env.dossiers.submitApplication(env.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers, uploads: [] })).rejects.toMatchObject({ code: 'dossiers.assurance_required', kind: 'forbidden' });
  });

  it('once the account is raised to level 2, the application starts', async () => {
    await sql`UPDATE accounts SET assurance_level = 2 WHERE id = ${env.citizen.accountId}`.execute(env.db);
    const res = await apply(env.citizen, '01');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/applications\/[0-9a-f-]+\/form$/);
  });
});
