import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../platform/errors/index.ts';
import { sql } from '../../platform/db/index.ts';
import { actors, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';
import type { ValidationIssue } from './catalog.validation.ts';

async function failure(promise: Promise<unknown>): Promise<{ code: string; kind: string; issues: ValidationIssue[] }> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, kind: error.kind, issues: (error.details.issues as ValidationIssue[] | undefined) ?? [] };
    throw error;
  }
  throw new Error('expected a domain error');
}

describe('catalogue management', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  const auditActions = async (code: string) =>
    (await sql<{ action: string; actor: string | null }>`SELECT action, actor FROM audit_log WHERE entity_type = 'procedure' AND entity_id = ${code} ORDER BY seq`.execute(env.db)).rows;

  beforeAll(async () => {
    env = await setUpCatalog();
  });
  afterAll(async () => {
    await env?.close();
  });

  describe('demo catalogue', () => {
    it('seeds more than 100 procedures of several ministries and both demo provinces, idempotently', async () => {
      expect(env.seedLog[0]).toMatch(/^catalog: (\d+) demo procedures \(\1 created, 0 updated, 0 unchanged\)$/);
      const count = Number(/(\d+) demo/.exec(env.seedLog[0] ?? '')?.[1]);
      expect(count).toBeGreaterThanOrEqual(100);
      const bodies = await sql<{ level1: string; n: number }>`
        SELECT unnest(scope_level1) AS level1, count(*) AS n FROM procedures WHERE status = 'published' GROUP BY 1`.execute(env.db);
      const byBody = new Map(bodies.rows.map((r) => [r.level1, Number(r.n)]));
      expect([...byBody.keys()].filter((k) => k.startsWith('G')).length).toBeGreaterThanOrEqual(10);
      expect(byBody.get('H49')).toBeGreaterThanOrEqual(30);
      expect(byBody.get('H29')).toBeGreaterThanOrEqual(30);

      const again: string[] = [];
      await env.registration.seedDemo?.((line) => again.push(line));
      // Every template name of the catalogue got a file the first time; none is replaced the second.
      expect(env.seedLog[1]).toMatch(/^catalog: (\d+) demo form templates \((\d+) procedures given a file\)$/);
      expect(Number(/\((\d+) procedures/.exec(env.seedLog[1] ?? '')?.[1])).toBeGreaterThanOrEqual(50);
      expect(again).toEqual([`catalog: ${count} demo procedures (0 created, 0 updated, ${count} unchanged)`, expect.stringMatching(/demo form templates \(0 procedures given a file\)$/)]);
    });

    it('publishes realistic detail: cases with their own time and fees, components, legal basis', async () => {
      const passport = await env.api.getPublishedProcedure('1.010832');
      expect(passport.version).toBe(1);
      expect(passport.document.cases.map((c) => [c.code, c.processingTime, c.fees[0]?.amountVnd])).toEqual([
        ['01', { value: 8, unit: 'working_days' }, 200_000],
        ['02', { value: 8, unit: 'working_days' }, 400_000],
      ]);
      const birth = await env.api.getPublishedProcedure('1.001193.000.00.00.H49');
      expect(birth.document.competentAgency).toBe('000.00.00.H49');
      expect(birth.document.receivingAgencies).toContain('000.00.51.H49');
      expect(birth.document.legalBasis).toContain('Luật Hộ tịch số 60/2014/QH13');
      // A case code finds its procedure.
      expect((await env.api.getPublishedProcedure('1.010832.02')).code).toBe('1.010832');
    });
  });

  describe('versions', () => {
    const code = '1.999001.000.00.00.H49';

    it('keeps a new procedure as a draft, invisible to the public, until it is published', async () => {
      expect(await env.api.createProcedure(actors.adminH49, sampleProcedure())).toEqual({ code, version: 1 });
      expect(await env.api.findPublishedProcedure(code)).toBeUndefined();
      expect((await failure(env.api.createProcedure(actors.admin, sampleProcedure()))).code).toBe('catalog.procedure_exists');

      // Editing the unpublished draft rewrites it: still version 1.
      expect(await env.api.updateProcedure(actors.adminH49, code, sampleProcedure({ name: 'Cấp bản sao giấy tờ (bản nháp sửa)' }))).toEqual({ code, version: 1, changed: true });
      expect(await env.api.publishProcedure(actors.leaderH49, code)).toEqual({ code, version: 1 });
      const v1 = await env.api.getPublishedProcedure(code);
      expect(v1.document.name).toBe('Cấp bản sao giấy tờ (bản nháp sửa)');
      expect((await auditActions(code)).map((a) => a.action)).toEqual(['procedure.created', 'procedure.edited', 'procedure.published']);
      expect((await auditActions(code))[2]?.actor).toBe(actors.leaderH49.accountId);
    });

    it('edits a published procedure as version 2 and leaves version 1 untouched and retrievable', async () => {
      const v1 = await env.api.getPublishedProcedure(code);
      const edited = sampleProcedure({ name: 'Cấp bản sao giấy tờ', cases: [{ code: '01', name: 'Thông thường', processingTime: { value: 2, unit: 'working_days' }, fees: [] }] });
      expect(await env.api.updateProcedure(actors.adminH49, code, edited)).toEqual({ code, version: 2, changed: true });
      // The public still sees version 1 until version 2 is published.
      expect((await env.api.getPublishedProcedure(code)).versionId).toBe(v1.versionId);
      // Saving again rewrites the pending draft (no version 3); saving the same thing changes nothing.
      expect(await env.api.updateProcedure(actors.adminH49, code, { ...edited, steps: ['Nộp hồ sơ trực tuyến', 'Nhận kết quả'] })).toEqual({ code, version: 2, changed: true });
      expect(await env.api.updateProcedure(actors.adminH49, code, { ...edited, steps: ['Nộp hồ sơ trực tuyến', 'Nhận kết quả'] })).toEqual({ code, version: 2, changed: false });

      expect(await env.api.publishProcedure(actors.adminH49, code)).toEqual({ code, version: 2 });
      const v2 = await env.api.getPublishedProcedure(code);
      expect(v2.version).toBe(2);
      expect(v2.document.cases[0]?.processingTime.value).toBe(2);
      const old = await env.api.getProcedureVersion(v1.versionId);
      expect(old).toEqual(v1);
      expect(old.document.cases[0]?.processingTime.value).toBe(3);
      // Nothing to publish now.
      expect((await failure(env.api.publishProcedure(actors.adminH49, code))).code).toBe('catalog.nothing_to_publish');
    });

    it('refuses to change a published version even in SQL', async () => {
      const id = (await env.api.getPublishedProcedure(code)).versionId;
      await expect(sql`UPDATE procedure_versions SET document = '{}'::jsonb WHERE id = ${id}`.execute(env.db)).rejects.toThrow(/published and cannot be changed/);
    });

    it('withdraws: the public loses it, dossiers keep their version, and it can be published again', async () => {
      const current = await env.api.getPublishedProcedure(code);
      await env.api.withdrawProcedure(actors.adminH49, code);
      expect(await env.api.findPublishedProcedure(code)).toBeUndefined();
      expect((await failure(env.api.getPublishedProcedure(code))).code).toBe('catalog.procedure_not_found');
      expect((await env.api.getProcedureVersion(current.versionId)).document.name).toBe('Cấp bản sao giấy tờ');
      expect((await failure(env.api.withdrawProcedure(actors.adminH49, code))).code).toBe('catalog.procedure_not_published');
      expect(await env.api.publishProcedure(actors.adminH49, code)).toEqual({ code, version: 2 });
      expect((await env.api.getPublishedProcedure(code)).versionId).toBe(current.versionId);
      expect((await auditActions(code)).map((a) => a.action).slice(-2)).toEqual(['procedure.withdrawn', 'procedure.published']);
    });

    it('does not hand out unpublished versions by id', async () => {
      await env.api.updateProcedure(actors.adminH49, code, sampleProcedure({ name: 'Bản nháp phiên bản 3' }));
      const draftId = await sql<{ id: number }>`SELECT draft_version_id AS id FROM procedures WHERE code = ${code}`.execute(env.db);
      const id = Number(draftId.rows[0]?.id);
      expect(id).toBeGreaterThan(0);
      expect((await failure(env.api.getProcedureVersion(id))).code).toBe('catalog.procedure_version_not_found');
    });
  });

  describe('authorisation', () => {
    it('lets an agency admin of H29 neither publish nor withdraw nor edit a procedure of H49', async () => {
      const code = '1.001193.000.00.00.H49';
      expect((await failure(env.api.withdrawProcedure(actors.adminH29, code))).kind).toBe('forbidden');
      expect((await failure(env.api.updateProcedure(actors.adminH29, code, sampleProcedure({ code })))).kind).toBe('forbidden');
      await env.api.updateProcedure(actors.adminH49, code, { ...(await env.api.getPublishedProcedure(code)).document, name: 'Đăng ký khai sinh (sửa)' });
      expect((await failure(env.api.publishProcedure(actors.adminH29, code))).code).toBe('catalog.forbidden');
      expect((await env.api.getPublishedProcedure(code)).document.name).toBe('Đăng ký khai sinh');
    });

    it('refuses clerks, citizens and visitors, and creating or moving procedures outside the scope', async () => {
      expect((await failure(env.api.createProcedure(actors.clerkH49, sampleProcedure({ code: '1.999002.000.00.00.H49' })))).kind).toBe('forbidden');
      expect((await failure(env.api.createProcedure(actors.citizen, sampleProcedure({ code: '1.999002.000.00.00.H49' })))).kind).toBe('forbidden');
      expect((await failure(env.api.createProcedure(undefined, sampleProcedure({ code: '1.999002.000.00.00.H49' })))).kind).toBe('unauthenticated');
      expect((await failure(env.api.createProcedure(actors.adminH29, sampleProcedure({ code: '1.999002.000.00.00.H49' })))).kind).toBe('forbidden');
      // Moving an H49 procedure to an H29 agency would take it out of its managers' hands.
      await env.api.createProcedure(actors.adminH49, sampleProcedure({ code: '1.999005' }));
      const moved = sampleProcedure({ code: '1.999005', competentAgency: '000.00.01.H29', receivingAgencies: ['000.00.01.H29'] });
      expect((await failure(env.api.updateProcedure(actors.adminH49, '1.999005', moved))).kind).toBe('forbidden');
      // A variant published by H49 stays H49's, whichever agency decides.
      const variant = sampleProcedure({ competentAgency: '000.00.01.H29', receivingAgencies: ['000.00.01.H29'] });
      expect((await env.api.updateProcedure(actors.adminH49, variant.code, variant)).changed).toBe(true);
    });

    it('lets a province manage its own variant of a national procedure', async () => {
      const variant = sampleProcedure({ code: '1.010832.000.00.00.H49', competentAgency: '000.00.00.G01', receivingAgencies: ['000.00.03.H49'] });
      expect(await env.api.createProcedure(actors.adminH49, variant)).toEqual({ code: '1.010832.000.00.00.H49', version: 1 });
      expect((await failure(env.api.publishProcedure(actors.adminH29, '1.010832.000.00.00.H49'))).kind).toBe('forbidden');
      // …but not the national procedure itself.
      expect((await failure(env.api.withdrawProcedure(actors.adminH49, '1.010832'))).kind).toBe('forbidden');
    });
  });

  describe('validation', () => {
    it('reports every problem with its JSON path and stores nothing', async () => {
      const bad = {
        ...sampleProcedure({ code: '1.999003.000.00.00.H49' }),
        competentAgency: '000.00.99.H49',
        onlineLevel: 'muc_4',
        cases: [{ code: '01', name: 'A', processingTime: { value: 0, unit: 'days' }, fees: [{ name: 'Lệ phí', amountVnd: -5 }] }],
        components: [{ name: 'Giấy tờ', kind: 'original', copies: 1, requirement: 'conditional' }],
        extra: true,
      };
      const { code, issues } = await failure(env.api.createProcedure(actors.adminH49, bad));
      expect(code).toBe('catalog.procedure_invalid');
      expect(issues.map((i) => [i.path, i.code])).toEqual(
        expect.arrayContaining([
          ['extra', 'unknown_field'],
          ['onlineLevel', 'not_allowed'],
          ['cases[0].processingTime.value', 'out_of_range'],
          ['cases[0].processingTime.unit', 'not_allowed'],
          ['cases[0].fees[0].amountVnd', 'out_of_range'],
        ]),
      );
      // Rules between fields and the directory are checked once the shape is right.
      const fixedShape = { ...sampleProcedure({ code: '1.999003.000.00.00.H49' }), competentAgency: '000.00.99.H49', components: [{ name: 'Giấy tờ', kind: 'original', copies: 1, requirement: 'conditional' }] };
      const second = await failure(env.api.createProcedure(actors.admin, fixedShape));
      expect(second.issues.map((i) => [i.path, i.code])).toEqual([['components[0].condition', 'condition_missing']]);
      const third = await failure(env.api.createProcedure(actors.admin, { ...sampleProcedure({ code: '1.999003.000.00.00.H49' }), competentAgency: '000.00.99.H49' }));
      expect(third.issues).toEqual([{ path: 'competentAgency', code: 'agency_unknown', message: 'names agency 000.00.99.H49, which is not in the directory', params: { agency: '000.00.99.H49' } }]);
      expect((await failure(env.api.createProcedure(actors.admin, sampleProcedure({ code: '1.999003.02' })))).issues.map((i) => i.code)).toEqual(['code_has_case']);
      expect((await failure(env.api.updateProcedure(actors.admin, '1.999001.000.00.00.H49', sampleProcedure({ code: '1.999009.000.00.00.H49' })))).issues[0]?.code).toBe('code_changed');
      expect(await sql`SELECT 1 FROM procedures WHERE code LIKE '1.999003%'`.execute(env.db).then((r) => r.rows.length)).toBe(0);
    });
  });
});
