import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import * as repo from './catalog.repository.ts';
import { actors, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';

// The catalogue's reads, checked against the stored rows filtered here: the admin list's
// filters and paging, the export's choice of versions, and the version lookups.

describe('catalogue repository', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let rows: { code: string; status: repo.ProcedureStatus; scope_level1: string[]; search_name: string; search_extra: string; draft_version_id: number | null }[];
  const draftCode = '1.999002.000.00.00.H49';

  beforeAll(async () => {
    env = await setUpCatalog();
    await env.api.createProcedure(actors.adminH49, sampleProcedure({ code: draftCode, name: 'Thủ tục nháp chưa công bố' }));
    await env.api.createProcedure(actors.adminH49, sampleProcedure());
    await env.api.publishProcedure(actors.adminH49, sampleProcedure().code);
    await env.api.updateProcedure(actors.adminH49, sampleProcedure().code, sampleProcedure({ name: 'Cấp bản sao giấy tờ thử nghiệm (sửa)' }));
    await env.api.withdrawProcedure(actors.admin, '1.010832');
    // In the database's order of codes (its collation, not JavaScript's).
    rows = (
      await sql<(typeof rows)[number]>`SELECT code, status, scope_level1, search_name, search_extra, draft_version_id FROM procedures ORDER BY code`.execute(env.db)
    ).rows;
  });
  afterAll(async () => {
    await env?.close();
  });

  it('lists for officials by level-1 body, status, code prefix or folded text, with the total before paging', async () => {
    const h49 = rows.filter((r) => r.scope_level1.includes('H49'));
    const page = await repo.listForAdmin(env.db, { level1: 'H49', limit: 5, offset: 5 });
    expect(page.total).toBe(h49.length);
    expect(page.items.map((i) => i.code)).toEqual(h49.slice(5, 10).map((r) => r.code));

    const drafts = await repo.listForAdmin(env.db, { level1: 'H49', status: 'draft', limit: 50, offset: 0 });
    expect(drafts.items.map((i) => i.code)).toEqual([draftCode]);
    expect(drafts.items[0]).toMatchObject({ status: 'draft', hasDraft: true, competentAgency: '000.00.01.H49' });

    const edited = await repo.listForAdmin(env.db, { codePrefix: '1.999001', limit: 50, offset: 0 });
    expect(edited.items.map((i) => [i.code, i.status, i.hasDraft])).toEqual([['1.999001.000.00.00.H49', 'published', true]]);
    expect(edited.items[0]?.updatedAt).toBeInstanceOf(Date);

    const folded = await repo.listForAdmin(env.db, { folded: 'khai sinh', limit: 500, offset: 0 });
    const expected = rows.filter((r) => `${r.search_name} ${r.search_extra}`.includes('khai sinh'));
    expect(expected.length).toBeGreaterThan(0);
    expect(folded.items.map((i) => i.code)).toEqual(expected.map((r) => r.code));

    expect(await repo.listForAdmin(env.db, { status: 'withdrawn', limit: 50, offset: 0 })).toMatchObject({ total: 1, items: [{ code: '1.010832' }] });
    expect(await repo.listForAdmin(env.db, { codePrefix: '8.', limit: 50, offset: 0 })).toEqual({ total: 0, items: [] });
  });

  it('exports published documents, or the draft of a procedure never published, within a level-1 body', async () => {
    const published = await repo.listDocuments(env.db, { withDrafts: false });
    expect(published.map((d) => d.code)).toEqual(rows.filter((r) => r.status === 'published').map((r) => r.code));
    // The published version of an edited procedure, not its draft.
    expect(published.find((d) => d.code === '1.999001.000.00.00.H49')?.name).toBe('Cấp bản sao giấy tờ thử nghiệm');

    const h49 = await repo.listDocuments(env.db, { level1: 'H49', withDrafts: true });
    expect(h49.map((d) => d.code)).toEqual(rows.filter((r) => r.scope_level1.includes('H49')).map((r) => r.code));
    expect(h49.find((d) => d.code === draftCode)?.name).toBe('Thủ tục nháp chưa công bố');
  });

  it('counts procedures, and reads versions by id, by procedure and as published', async () => {
    expect(await repo.countProcedures(env.db)).toBe(rows.length);
    expect(await repo.countProcedures(env.db, 'draft')).toBe(1);

    const versions = await repo.listVersions(env.db, '1.999001.000.00.00.H49');
    expect(versions.map((v) => [v.version, v.publishedBy !== null])).toEqual([
      [2, false],
      [1, true],
    ]);
    const [draft, first] = versions;
    expect(first?.publishedAt).toBeInstanceOf(Date);
    expect(draft?.document.name).toBe('Cấp bản sao giấy tờ thử nghiệm (sửa)');
    expect(await repo.findVersion(env.db, first?.id ?? 0)).toEqual(first);
    expect(await repo.findVersion(env.db, 987_654_321)).toBeUndefined();

    expect((await repo.findPublished(env.db, '1.999001.000.00.00.H49'))?.id).toBe(first?.id);
    expect(await repo.findPublished(env.db, draftCode)).toBeUndefined();
    expect(await repo.findPublished(env.db, '1.010832')).toBeUndefined();
  });

  it('moves the generation forward with each change of the published catalogue', async () => {
    const before = await repo.readGeneration(env.db);
    await repo.bumpGenerationInTx(env.db);
    expect(await repo.readGeneration(env.db)).toBe(before + 1);
  });
});
