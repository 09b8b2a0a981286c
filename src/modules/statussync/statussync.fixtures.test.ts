import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dvcqg, H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

// Every example body of ../shared/fixtures/dvcqg/examples, accepted as its README says: the
// requests with a session of ours in place of the invented one, the responses as the shape
// our answers must have (the keys and the success words clients read).

type Json = Record<string, unknown>;
let t: SyncTestContext;
let session: string;

const call = async (name: string, change: (body: Json) => Json = (b) => b) => (await t.post('/api/dvcqg', change({ ...t.fixture(name), session }))).json;
const keysOf = (o: unknown) => Object.keys(o as Json).sort();
const successLike = (answer: Json) => {
  expect(answer.error_code).toBe('0');
  expect(String(answer.message).toLowerCase()).toContain('thành công');
};

const tests: Record<string, () => Promise<void>> = {
  'token.request.json': async () => {
    const c = await t.client();
    const request = t.fixture('token.request.json');
    expect(keysOf(request)).toEqual(['password', 'username']);
    const { status, json } = await t.post('/api/dvcqg/login', { ...request, username: c.clientId, password: c.secret }, { dstcode: 'VN:GOV:000.00.00.G22:vpcpdvcprovider' });
    expect(status).toBe(200);
    successLike(json);
    expect(typeof json.session).toBe('string');
  },
  'token.response.success.json': async () => {
    const c = await t.client();
    const { json } = await t.post('/mapi/login?dstcode=VN:GOV:000.00.00.G22:vpcpdvcprovider', { username: c.clientId, password: c.secret });
    expect(keysOf(json)).toEqual(keysOf(t.fixture('token.response.success.json')));
  },
  'DongBoHoSoMC.request.json': async () => successLike(await call('DongBoHoSoMC.request.json')),
  'response.success.json': async () => {
    const answer = await call('DongBoHoSoMC.request.json', (b) => ({ ...b, isUpdating: 'True' }));
    successLike(answer);
    for (const key of keysOf(t.fixture('response.success.json'))) expect(answer).toHaveProperty(key);
  },
  'response.duplicate.json': async () => {
    const answer = await call('DongBoHoSoMC.request.json');
    const fixture = t.fixture('response.duplicate.json');
    expect(answer.error_code).toBe(fixture.error_code);
    expect(answer.message).toBe(fixture.message);
  },
  'DongBoHoSoMC.request.update-with-fees.json': async () => successLike(await call('DongBoHoSoMC.request.update-with-fees.json')),
  'DongBoHoSoMC.bosung-item.unverified.json': async () => successLike(await call('DongBoHoSoMC.bosung-item.unverified.json')),
  'DongBoHoSoMC.gateway-body.json': async () => {
    const body = t.fixture('DongBoHoSoMC.gateway-body.json');
    const { status, json } = await t.signed('/api/dvcqg/SynsTTHCC/DongBoHoSoMC?MaDinhDanhDV=000.00.12.H49&isUpdating=False', body);
    expect(status).toBe(200);
    successLike(json);
  },
  'CapNhatTienDoHoSoMC.request.json': async () => {
    successLike(await call('CapNhatTienDoHoSoMC.request.json'));
    // The same step again: one history entry, still a success.
    successLike(await call('CapNhatTienDoHoSoMC.request.json'));
  },
  'TraCuuHoSo.request.json': async () => {
    const answer = await call('TraCuuHoSo.request.json');
    expect(answer.result).toEqual([expect.objectContaining({ MaHoSo: '000.00.00.H49-261205-0001' })]);
  },
  'TraCuuHoSo.response.found.json': async () => {
    const answer = await call('TraCuuHoSo.request.json', (b) => ({ ...b, mahoso: undefined, MaHoSo: b.mahoso }));
    const fixture = t.fixture('TraCuuHoSo.response.found.json');
    expect(answer.error_code).toBe(fixture.error_code);
    expect(keysOf((answer.result as Json[])[0])).toEqual(expect.arrayContaining(keysOf((fixture.result as Json[])[0])));
  },
  'TraCuuHoSo.response.notfound.json': async () => {
    const answer = await call('TraCuuHoSo.request.json', (b) => ({ ...b, mahoso: '000.00.00.H49-261205-9999' }));
    expect(answer).toEqual(t.fixture('TraCuuHoSo.response.notfound.json'));
  },
  'LayThuTuc.request.json': async () => {
    const answer = await call('LayThuTuc.request.json');
    const item = (answer.result as Json[])[0] as Json;
    // The demo catalogue has the procedure as provinces' variants: the caller's province's one.
    expect(item.MATTHC).toBe('1.001193.000.00.00.H49');
    expect((item.LINHVUCTHUCHIEN as Json[])[0]).toHaveProperty('MALINHVUC');
  },
  'LayThuTuc.response.json': async () => {
    const fixture = (t.fixture('LayThuTuc.response.json').result as Json[])[0] as Json;
    // The long form of the code (with a publishing agency) resolves to the same procedure; the old key spelling too.
    const answer = await call('LayThuTuc.request.json', (b) => ({ ...b, maTTHC: undefined, MaTTHC: '1.001193.000.00.00.H49' }));
    const item = (answer.result as Json[])[0] as Json;
    expect(keysOf(item)).toEqual(keysOf(fixture));
    for (const key of ['KENH', 'THOIGIAN']) expect((item.CACHTHUCTHUCHIEN as Json[])[0]).toHaveProperty(key);
    expect(typeof ((item.CACHTHUCTHUCHIEN as Json[])[0] as Json).KENH).toBe('number');
    expect(item.TRANGTHAI).toBe(1);
  },
  'LayDanhSachTTHC.request.json': async () => {
    const answer = await call('LayDanhSachTTHC.request.json');
    expect(answer.result).toEqual(expect.arrayContaining([expect.objectContaining({ MATTHC: expect.stringMatching(/^1\.001193/) })]));
  },
  'LayDanhSachTTHC.response.json': async () => {
    const answer = await call('LayDanhSachTTHC.request.json', (b) => ({ session: b.session, service: b.service }));
    expect(keysOf((answer.result as Json[])[0])).toEqual(keysOf((t.fixture('LayDanhSachTTHC.response.json').result as Json[])[0]));
  },
  'LayDanhMucCoQuan.request.json': async () => {
    const answer = await call('LayDanhMucCoQuan.request.json');
    expect(answer.result).toEqual(expect.arrayContaining([expect.objectContaining({ MADONVI: H49 })]));
  },
  'LayDanhMucCoQuan.response.json': async () => {
    const answer = await call('LayDanhMucCoQuan.request.json');
    const item = (answer.result as Json[])[0] as Json;
    expect(keysOf(item)).toEqual(keysOf((t.fixture('LayDanhMucCoQuan.response.json').result as Json[])[0]));
    expect(Number.parseInt(String(item.CAPDONVI), 10)).toBeGreaterThan(0);
  },
  'response.failure.json': async () => {
    const answer = (await t.post('/api/dvcqg', { ...t.fixture('TraCuuHoSo.request.json') })).json;
    expect(answer).toEqual(t.fixture('response.failure.json'));
  },
};

describe.skipIf(!dvcqg.present)(dvcqg.suite('every example body of the DVCQG contract'), () => {
  beforeAll(async () => {
    t = await setUpSync();
    session = await t.login();
  }, 180_000);
  afterAll(() => t.close());

  it('has a test for every example file', () => {
    expect(Object.keys(tests).sort()).toEqual(readExamples());
  });

  // In order: the lookups and progress need the dossiers synced before them.
  for (const [name, run] of Object.entries(tests)) it(name, run);
});

function readExamples(): string[] {
  return readdirSync(`${dvcqg.dir}/examples`).filter((n) => n.endsWith('.json')).sort();
}
