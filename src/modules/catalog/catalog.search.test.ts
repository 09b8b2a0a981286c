import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { actors, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';
import { createCatalogModule } from './index.ts';
import { foldText } from './search-text.ts';

describe('procedure search', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  const names = async (q: string, extra: Record<string, string> = {}) => (await env.api.searchProcedures({ q, ...extra })).items.map((i) => i.name);

  beforeAll(async () => {
    env = await setUpCatalog();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('folds text exactly like unaccent(lower(…)) does on this database, đ and Đ included', async () => {
    const text = 'Đăng Ký ĐẤT ĐAI ă â ê ô ơ ư đ Á À Ả Ã Ạ Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ É È Ẻ Ẽ Ẹ Ế Ề Ể Ễ Ệ Í Ì Ỉ Ĩ Ị Ó Ò Ỏ Õ Ọ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ú Ù Ủ Ũ Ụ Ứ Ừ Ử Ữ Ự Ý Ỳ Ỷ Ỹ Ỵ';
    const row = await sql<{ folded: string }>`SELECT unaccent(lower(${text})) AS folded`.execute(env.db);
    expect(foldText(text)).toBe(row.rows[0]?.folded);
    expect(foldText(text).startsWith('dang ky dat dai a a e o o u d a a a a a')).toBe(true);
  });

  it('finds Đăng ký khai sinh first without accents, with them, in capitals and with typos', async () => {
    for (const q of ['dang ky khai sinh', 'Đăng ký khai sinh', 'DANG KY KHAI SINH', 'dang ki khai sinh', 'khai snh', 'dang ky kahi sinh', 'dangky khai sinh']) {
      const found = await names(q);
      // Published by two provinces, shown once.
      expect(found[0], q).toBe('Đăng ký khai sinh');
      expect(found.filter((n) => n === 'Đăng ký khai sinh'), q).toHaveLength(1);
    }
    // Not a near match of anything: nothing, rather than noise.
    expect(await names('xyzzy qwrt')).toEqual([]);
  });

  it('ranks the procedure named by the words above those that merely contain them', async () => {
    expect((await names('ho chieu'))[0]).toBe('Cấp hộ chiếu phổ thông ở trong nước tại Cục Quản lý xuất nhập cảnh');
    expect((await names('giay phep xay dungg')).slice(0, 4)).toEqual(expect.arrayContaining(['Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Gia hạn giấy phép xây dựng']));
    expect((await names('ly lich tu phap'))[0]).toMatch(/^Cấp Phiếu lý lịch tư pháp/);
    expect((await names('doi giay phep lai xe'))[0]).toBe('Cấp đổi giấy phép lái xe');
    // One word in three may be missing: "ô tô" is a case of vehicle registration, not in any name.
    expect(await names('cap doi giay phep lai xe o to')).toContain('Cấp đổi giấy phép lái xe');
    expect((await names('dang ky xe o to'))[0]).toBe('Đăng ký xe lần đầu');
  });

  it('filters by province, agency, field, applicant type and online level', async () => {
    const inProvince = await env.api.searchProcedures({ q: 'dang ky khai sinh', province: '22' });
    expect(inProvince.items.map((i) => i.code)).toContain('1.001193.000.00.00.H49');
    expect(inProvince.items.every((i) => i.code.endsWith('.H49'))).toBe(true);

    const ward = await env.api.searchProcedures({ agency: '000.00.51.H29', pageSize: 50 });
    expect(ward.total).toBeGreaterThan(10);
    expect(ward.items.every((i) => i.code.endsWith('.H29'))).toBe(true);

    const field = await env.api.searchProcedures({ field: 'G15-HT01', pageSize: 50 });
    expect(field.items.every((i) => i.fieldCode === 'G15-HT01')).toBe(true);
    expect(field.total).toBeGreaterThanOrEqual(9);

    const business = await env.api.searchProcedures({ applicant: 'business', pageSize: 50 });
    expect(business.items.length).toBeGreaterThan(5);
    expect(business.items.every((i) => i.applicantTypes.includes('business'))).toBe(true);

    const online = await env.api.searchProcedures({ q: 'giay phep', level: 'toan_trinh', pageSize: 50 });
    expect(online.items.every((i) => i.onlineLevel === 'toan_trinh')).toBe(true);
    expect(online.items.map((i) => i.name)).toContain('Cấp đổi giấy phép lái xe');
    expect(online.items.map((i) => i.name)).not.toContain('Cấp giấy phép xây dựng nhà ở riêng lẻ');
  });

  it('pages through the catalogue in name order, a procedure published per province once', async () => {
    const first = await env.api.searchProcedures({ pageSize: 10 });
    const birth = (await env.api.searchProcedures({ q: 'dang ky khai sinh' })).items[0];
    expect(birth?.variants.map((v) => v.code)).toEqual(['1.001193.000.00.00.H29', '1.001193.000.00.00.H49']);
    const second = await env.api.searchProcedures({ pageSize: 10, page: 2 });
    expect(first.total).toBeGreaterThanOrEqual(65);
    expect(first.pages).toBe(Math.ceil(first.total / 10));
    expect(second.items).toHaveLength(10);
    expect(second.items.map((i) => i.code)).not.toEqual(expect.arrayContaining([first.items[0]?.code]));
    const folded = [...first.items, ...second.items].map((i) => foldText(i.name));
    expect(folded).toEqual([...folded].sort());
    expect((await env.api.searchProcedures({ pageSize: 50, page: 50 })).items).toEqual([]);
  });

  it('searches codes by prefix, case codes included', async () => {
    expect((await env.api.searchProcedures({ q: '1.0011' })).items.map((i) => i.code)).toEqual(['1.001133', '1.001193.000.00.00.H29', '1.001193.000.00.00.H49']);
    expect((await env.api.searchProcedures({ q: '1.010832.02' })).items.map((i) => i.code)).toEqual(['1.010832']);
  });

  it('shows a publication or a withdrawal at once in this process and, within the check interval, in others', async () => {
    const other = createCatalogModule(env.ctx, { agencies: env.agencies }, { search: { cacheCheckMs: 0 } });
    const q = 'ghi chu thu nghiem tim kiem';
    const name = 'Ghi chú thử nghiệm tìm kiếm';
    const otherNames = async () => (await other.api.searchProcedures({ q })).items.map((i) => i.name);
    expect(await names(q)).not.toContain(name);
    expect(await otherNames()).not.toContain(name);
    const code = '1.999100.000.00.00.H49';
    await env.api.createProcedure(actors.adminH49, sampleProcedure({ code, name }));
    // A draft is not searchable.
    expect(await names(q)).not.toContain(name);
    await env.api.publishProcedure(actors.adminH49, code);
    expect((await names(q))[0]).toBe(name);
    expect((await otherNames())[0]).toBe(name);
    await env.api.withdrawProcedure(actors.adminH49, code);
    expect(await names(q)).not.toContain(name);
    expect(await otherNames()).not.toContain(name);
  });
});
