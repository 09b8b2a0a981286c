import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { actors, setUpAgencies } from './agencies.test-support.ts';
import { detectUnitsFormat } from './index.ts';

const sample = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'communes.sample.csv'), 'utf8');

describe('importing communes', () => {
  let env: Awaited<ReturnType<typeof setUpAgencies>>;

  beforeAll(async () => {
    env = await setUpAgencies({ seed: false });
  });
  afterAll(async () => {
    await env?.close();
  });

  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM communes`.execute(env.db)).rows[0]?.n;

  it('imports every row of a valid CSV file, in batches, reporting progress', async () => {
    const progress: [number, number][] = [];
    const result = await env.api.importUnits(actors.admin, { format: 'csv', content: sample }, { batchSize: 2, onProgress: (d, t) => progress.push([d, t]) });
    expect(result).toMatchObject({ total: 5, inserted: 5, updated: 0, unchanged: 0, errors: [], written: true });
    expect(progress.at(-1)).toEqual([5, 5]);
    expect(progress.length).toBe(4); // after validation, then three batches of 2, 2, 1
    expect(await count()).toBe(5);
    const hcmc = await env.api.listCommunes('79');
    expect(hcmc.map((c) => c.name)).toEqual(['Phường Tân Định', 'Phường Bến Thành', 'Phường Cầu Ông Lãnh']);
    expect(hcmc.every((c) => !c.isDemo)).toBe(true);
  });

  it('counts a second import of the same file as unchanged, and a renamed commune as updated', async () => {
    const again = await env.api.importUnits(actors.admin, { format: 'csv', content: sample });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    const renamed = sample.replace('Phường Tân Định,79', 'Phường Tân Định mới,79');
    const result = await env.api.importUnits(actors.admin, { format: 'csv', content: renamed });
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 4 });
    expect((await env.api.listCommunes('79')).find((c) => c.code === '26734')?.name).toBe('Phường Tân Định mới');
  });

  it('reports each bad row by number and still imports the good ones', async () => {
    const csv = [
      'code,name,province_code',
      '10001,Xã Tốt Một,22', // row 1
      '1002,Xã Mã Ngắn,22', // row 2: code
      '10003,,22', // row 3: name
      '10004,Xã Tỉnh Lạ,99', // row 4: province does not exist
      '10001,Xã Trùng Mã,22', // row 5: duplicate of row 1
      '10006,"Xã Có Dấu Phẩy, Một",79', // row 6: fine
    ].join('\n');
    const result = await env.api.importUnits(actors.admin, { format: 'csv', content: csv });
    expect(result.errors).toEqual([
      { row: 2, line: 3, field: 'code', message: expect.stringContaining('5 digits') },
      { row: 3, line: 4, field: 'name', message: 'name must not be empty' },
      { row: 4, line: 5, field: 'province_code', message: 'province 99 does not exist' },
      { row: 5, line: 6, field: 'code', message: 'code 10001 already appears in row 1' },
    ]);
    expect(result).toMatchObject({ total: 6, inserted: 2, written: true });
    expect((await env.api.listCommunes('79')).map((c) => c.name)).toContain('Xã Có Dấu Phẩy, Một');
  });

  it('writes nothing from a file with a bad row when asked to be atomic', async () => {
    const before = await count();
    const csv = 'code,name,province_code\n20001,Xã A,22\n2000B,Xã B,22\n';
    const result = await env.api.importUnits(actors.admin, { format: 'csv', content: csv }, { atomic: true });
    expect(result.written).toBe(false);
    expect(result.errors.map((e) => e.row)).toEqual([2]);
    expect(await count()).toBe(before);
  });

  it('imports a JSON array and refuses numeric codes that lost their zeros', async () => {
    const json = JSON.stringify([
      { code: '30001', name: 'Phường Một', province_code: '22' },
      { code: 6994, name: 'Đặc khu Vân Đồn', province_code: '22' },
      { code: '30003', name: 'Phường Ba', provinceCode: '79' },
    ]);
    const result = await env.api.importUnits(actors.admin, { format: 'json', content: json });
    expect(result.errors).toEqual([{ row: 2, field: 'code', message: expect.stringContaining('leading zeros') }]);
    expect(result.inserted).toBe(2);
  });

  it('refuses a file it cannot read as a whole', async () => {
    await expect(env.api.importUnits(actors.admin, { format: 'csv', content: 'ma,ten\n1,2\n' })).rejects.toMatchObject({ code: 'agencies.import_invalid' });
    await expect(env.api.importUnits(actors.admin, { format: 'json', content: '{"code":"1"}' })).rejects.toMatchObject({ code: 'agencies.import_invalid' });
    await expect(env.api.importUnits(actors.admin, { format: 'json', content: '[{' })).rejects.toMatchObject({ code: 'agencies.import_invalid' });
    await expect(env.api.importUnits(actors.admin, { format: 'csv', content: 'code,name,province_code\n"10001,unclosed\n' })).rejects.toMatchObject({ code: 'agencies.import_invalid' });
  });

  it('lets only system administrators import, and audits the import', async () => {
    await expect(env.api.importUnits(actors.adminH49, { format: 'csv', content: sample })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(env.api.importUnits(undefined, { format: 'csv', content: sample })).rejects.toMatchObject({ kind: 'unauthenticated' });
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'units.communes_imported'`.execute(env.db);
    expect(audit.rows[0]?.n).toBeGreaterThan(0);
  });

  it('recognises the format by extension, else by content', () => {
    expect(detectUnitsFormat('x.CSV', '[')).toBe('csv');
    expect(detectUnitsFormat('x.json', 'code')).toBe('json');
    expect(detectUnitsFormat('stdin', '  [{}]')).toBe('json');
    expect(detectUnitsFormat('stdin', 'code,name')).toBe('csv');
  });

  it('loads the shipped official table, then adds, renames and retires by code without losing history', async () => {
    const official = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'communes-2025.csv'), 'utf8');
    const loaded = await env.api.importUnits(actors.admin, { format: 'csv', content: official });
    expect(loaded.errors).toEqual([]);
    expect(loaded.total).toBe(3321);
    // A later resolution for Quảng Ninh: Cô Tô merged away, Vân Đồn renamed, a new commune.
    const quangNinh = official.split('\n').filter((line) => line.endsWith(',22') && !line.startsWith('07192,'));
    const next = ['code,name,type,province_code', ...quangNinh.map((l) => l.replace('Đặc khu Vân Đồn', 'Đặc khu Vân Đồn - Cô Tô')), '99901,Xã Mới,commune,22'].join('\n');
    const hcmcBefore = (await env.api.listCommunes('79')).length;
    const result = await env.api.importUnits(actors.admin, { format: 'csv', content: next }, { retireMissing: true });
    // 10001 came from an earlier test's file: not in the official table either.
    expect(result).toMatchObject({ inserted: 1, updated: 1, retired: ['07192', '10001'], errors: [] });
    const now = await env.api.listCommunes('22');
    expect(now.find((c) => c.code === '07192')).toBeUndefined();
    expect(now.find((c) => c.code === '06994')?.name).toBe('Đặc khu Vân Đồn - Cô Tô');
    expect(now).toHaveLength(54);
    // Retired, not deleted: the row and what names it stay; other provinces are untouched.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM communes WHERE code = '07192' AND retired_at IS NOT NULL`.execute(env.db)).rows[0]?.n).toBe(1);
    expect(await env.api.listCommunes('79')).toHaveLength(hcmcBefore);
    // A failing row refuses the retirement, so a typo cannot retire its commune.
    const refused = await env.api.importUnits(actors.admin, { format: 'csv', content: `${next.replace('99901,Xã Mới', '9990,Xã Mới')}` }, { retireMissing: true });
    expect(refused).toMatchObject({ written: false, retired: [] });
    // Listed again, it is in force again.
    const back = await env.api.importUnits(actors.admin, { format: 'csv', content: 'code,name,province_code\n07192,Đặc khu Cô Tô,22' });
    expect(back).toMatchObject({ updated: 1 });
    expect((await env.api.listCommunes('22')).some((c) => c.code === '07192')).toBe(true);
  });
});
