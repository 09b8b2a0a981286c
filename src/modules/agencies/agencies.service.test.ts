import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createDirectoryService, type DirectoryService } from './agencies.service.ts';
import { actors, setUpAgencies } from './agencies.test-support.ts';

describe('agency directory', () => {
  let env: Awaited<ReturnType<typeof setUpAgencies>>;

  beforeAll(async () => {
    env = await setUpAgencies();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('has the 34 provinces with their two-digit codes', async () => {
    const provinces = await env.api.listProvinces();
    expect(provinces).toHaveLength(34);
    expect(provinces.every((p) => /^\d{2}$/.test(p.code))).toBe(true);
    expect(provinces.find((p) => p.code === '22')).toEqual({ code: '22', name: 'Quảng Ninh', kind: 'province' });
    expect(provinces.find((p) => p.code === '79')).toEqual({ code: '79', name: 'Hồ Chí Minh', kind: 'city' });
  });

  it('seeds the Government Office, central bodies and one People\'s Committee per province', async () => {
    const g22 = await env.api.findAgency('000.00.00.G22');
    expect(g22).toMatchObject({ name: 'Văn phòng Chính phủ', level: 1, level1: 'G22', parentCode: null, provinceCode: null, codeConfirmed: true });
    expect(await env.api.findAgency('000.00.00.G15')).toMatchObject({ name: 'Bộ Tư pháp' });
    const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT province_code)::int AS n FROM agencies WHERE level = 1 AND level1 LIKE 'H%'`.execute(env.db);
    expect(rows[0]?.n).toBe(34);
    expect(await env.api.findAgency('000.00.00.H49')).toMatchObject({ name: 'Ủy ban nhân dân tỉnh Quảng Ninh', provinceCode: '22', codeConfirmed: true });
    expect(await env.api.findAgency('000.00.00.H29')).toMatchObject({ provinceCode: '79', codeConfirmed: true });
  });

  it('flags the codes DOMAIN.md does not confirm, Hà Nội among them', async () => {
    const { rows } = await sql<{ code: string; province_code: string; code_confirmed: boolean }>`
      SELECT code, province_code, code_confirmed FROM agencies WHERE level = 1 AND level1 LIKE 'H%' ORDER BY level1`.execute(env.db);
    const confirmed = rows.filter((r) => r.code_confirmed).map((r) => r.code.slice(-3));
    expect(confirmed).toEqual(['H14', 'H20', 'H29', 'H38', 'H41', 'H49', 'H55', 'H56', 'H57']);
    expect(rows.find((r) => r.province_code === '01')?.code_confirmed).toBe(false);
  });

  it('seeds the official communes, and departments and ward committees under Quảng Ninh and Hồ Chí Minh City as demo data', async () => {
    expect(await env.api.findAgency('000.00.01.H49')).toMatchObject({ name: 'Sở Tư pháp tỉnh Quảng Ninh', level: 2, parentCode: '000.00.00.H49', isDemo: true });
    expect(await env.api.findAgency('000.01.01.H49')).toMatchObject({ level: 3, parentCode: '000.00.01.H49' });
    expect(await env.api.findAgency('000.00.01.H29')).toMatchObject({ name: 'Sở Tư pháp Thành phố Hồ Chí Minh', isDemo: true });
    const qn = await env.api.listCommunes('22');
    expect(qn.map((c) => c.name)).toContain('Đặc khu Vân Đồn');
    expect(qn.every((c) => !c.isDemo && /^\d{5}$/.test(c.code))).toBe(true);
    expect(qn).toHaveLength(54);
    expect((await env.api.listCommunes('79')).length).toBe(168);
    expect(await env.api.findAgency('000.00.51.H49')).toMatchObject({ communeCode: '06685' });
  });

  it('seeds idempotently', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies`.execute(env.db)).rows[0]?.n;
    const before = await count();
    await env.registration.seedDemo?.(() => undefined);
    expect(await count()).toBe(before);
    expect(env.seedLog.join('\n')).toMatch(/agencies: \d+ agencies/);
  });

  it('lists the direct units of an agency and searches without accents', async () => {
    const units = await env.api.searchAgencies({ parent: '000.00.00.H49' });
    expect(units.items.map((a) => a.code)).toContain('000.00.01.H49');
    expect(units.items.every((a) => a.parentCode === '000.00.00.H49')).toBe(true);
    const found = await env.api.searchAgencies({ q: 'quang ninh' });
    expect(found.items.map((a) => a.code)).toContain('000.00.00.H49');
    const dong = await env.api.searchAgencies({ q: 'dong thap' });
    expect(dong.items.map((a) => a.code)).toEqual(['000.00.00.H20']);
    const byCode = await env.api.searchAgencies({ q: '000.00.00.g2' });
    expect(byCode.items.map((a) => a.code)).toEqual(expect.arrayContaining(['000.00.00.G20', '000.00.00.G21', '000.00.00.G22']));
  });

  it('treats LIKE wildcards in the query as text', async () => {
    expect((await env.api.searchAgencies({ q: '%' })).items).toEqual([]);
  });

  it('pages through the directory with a cursor', async () => {
    const first = await env.api.searchAgencies({ limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.nextAfter).toBe(first.items[4]?.code);
    const second = await env.api.searchAgencies({ limit: 5, after: first.nextAfter ?? undefined });
    expect(second.items).toHaveLength(5);
    expect((second.items[0]?.code ?? '') > (first.nextAfter ?? '')).toBe(true);
    expect(second.items.map((a) => a.code)).not.toContain(first.nextAfter);
  });

  it('rejects a malformed parent code and reports unknown provinces', async () => {
    await expect(env.api.searchAgencies({ parent: '000.00.00.h49' })).rejects.toMatchObject({ code: 'agencies.code_invalid' });
    await expect(env.api.listCommunes('99')).rejects.toMatchObject({ code: 'agencies.province_not_found', kind: 'not_found' });
    expect(await env.api.findAgency('000.00.00.H99')).toBeUndefined();
    await expect(env.api.getAgency('000.00.00.H99')).rejects.toMatchObject({ code: 'agencies.not_found' });
  });
});

describe('directory administration: who may see what', () => {
  let env: Awaited<ReturnType<typeof setUpAgencies>>;
  let admin: DirectoryService;

  beforeAll(async () => {
    env = await setUpAgencies();
    admin = createDirectoryService(env.db);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('shows a system admin every agency', async () => {
    const { scope, agencies } = await admin.listAgenciesForAdmin(actors.admin);
    expect(scope).toEqual({ kind: 'all' });
    expect(new Set(agencies.map((a) => a.level1)).size).toBeGreaterThan(40);
  });

  it('shows an agency admin only the subtree of their level-1 body', async () => {
    for (const actor of [actors.adminH49, actors.adminH49Dept]) {
      const { scope, agencies } = await admin.listAgenciesForAdmin(actor);
      expect(scope).toEqual({ kind: 'level1', level1: 'H49' });
      expect(agencies.length).toBeGreaterThan(3);
      expect(agencies.every((a) => a.level1 === 'H49')).toBe(true);
    }
  });

  it('forbids an agency admin of H49 the detail of another province', async () => {
    await expect(admin.getAgencyForAdmin(actors.adminH49, '000.00.00.H29')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(admin.getAgencyForAdmin(actors.adminH49, '000.00.00.G22')).rejects.toMatchObject({ kind: 'forbidden' });
    const own = await admin.getAgencyForAdmin(actors.adminH49, '000.00.01.H49');
    expect(own.parent?.code).toBe('000.00.00.H49');
    expect(own.children.map((c) => c.code)).toEqual(['000.01.01.H49']);
  });

  it('forbids officials without the agency_admin role and citizens; asks strangers to sign in', async () => {
    await expect(admin.listAgenciesForAdmin(actors.leaderH49)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(admin.listAgenciesForAdmin(actors.citizen)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(admin.listAgenciesForAdmin(undefined)).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(admin.getAgencyForAdmin(undefined, '000.00.00.H49')).rejects.toMatchObject({ kind: 'unauthenticated' });
  });
});
