import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { auditActions, createIdentityTestEnv, DEMO, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';
import { createLocalNationalIdProvider } from './national-id.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

const levelOf = async (personalId: string) =>
  (await sql<{ assurance_level: number; birth_date: string | null; id: string }>`SELECT id, assurance_level, birth_date FROM accounts WHERE personal_id = ${personalId}`.execute(env.db)).rows[0];

describe('assurance levels', () => {
  it('starts at level 1; a one-stop desk clerk raises a citizen to level 2 in person; others may not', async () => {
    expect((await levelOf('022190000002'))?.assurance_level).toBe(1);
    const leader = new TestBrowser(env.app);
    await leader.logIn('lanhdao.h49@demo.egov.vn', DEMO);
    await leader.get('/console');
    expect((await leader.post('/console/identity-check', { personalId: '022190000002', birthDate: '1990-02-19' })).statusCode).toBe(403);
    const clerk = new TestBrowser(env.app);
    await clerk.logIn('motcua.h49@demo.egov.vn', DEMO);
    expect((await clerk.get('/console')).body).toContain('/console/identity-check');
    expect((await clerk.post('/console/identity-check', { personalId: '022190000002', 'birthDate.day': '31', 'birthDate.month': '02', 'birthDate.year': '1990' })).statusCode).toBe(400);
    const done = await clerk.post('/console/identity-check', { personalId: '022190000002', 'birthDate.day': '19', 'birthDate.month': '2', 'birthDate.year': '1990' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Trần Thị Bình');
    const row = await levelOf('022190000002');
    expect(row).toMatchObject({ assurance_level: 2, birth_date: '1990-02-19' });
    expect(await auditActions(env.db, row?.id)).toContain('identity.assurance_raised');
  });

  it('the national identity provider (local stand-in) raises a citizen to level 3 with a signed assertion, once', async () => {
    const citizen = new TestBrowser(env.app);
    await citizen.logIn('001090000001', DEMO);
    expect((await citizen.get('/account/assurance')).body).toContain('Mức 1');
    expect((await citizen.post('/account/assurance/national-id/start', {})).headers.location).toBe('/national-id/local/authorize');
    await citizen.get('/national-id/local/authorize');
    const page = await citizen.get('/national-id/local/authorize');
    // The person's own date of birth: three numeric fields the browser may fill from its bday-* entries.
    expect(page.body).toMatch(/name="birthDate.day" type="text" inputmode="numeric" pattern="\[0-9\]\*" maxlength="2" autocomplete="bday-day"/);
    expect(page.body).toContain('autocomplete="bday-year"');
    const signed = await citizen.post('/national-id/local/authorize', { 'birthDate.day': '15', 'birthDate.month': '01', 'birthDate.year': '1990' });
    const assertion = /name="assertion" value="([^"]+)"/.exec(signed.body)?.[1] ?? '';
    expect(assertion).toContain('.');
    // Tampered: refused.
    const [body = '', signature = ''] = assertion.split('.');
    const forged = `${Buffer.from(Buffer.from(body, 'base64url').toString().replace('001090000001', '022190000002')).toString('base64url')}.${signature}`;
    expect((await citizen.post('/account/assurance/national-id', { assertion: forged })).statusCode).toBe(400);
    expect((await citizen.post('/account/assurance/national-id', { assertion })).headers.location).toBe('/account/assurance?raised=3');
    expect(await levelOf('001090000001')).toMatchObject({ assurance_level: 3, birth_date: '1990-01-15' });
    // Replayed: refused.
    expect((await citizen.post('/account/assurance/national-id', { assertion })).statusCode).toBe(400);
    expect(await env.api.assuranceLevelOf((await levelOf('001090000001'))?.id ?? '')).toBe(3);
  });

  it('refuses an assertion about someone else, and an expired one', async () => {
    const local = createLocalNationalIdProvider(env.config.secretKey);
    const other = local.issue({ personalId: '022190000002', fullName: 'Trần Thị Bình', birthDate: '1990-02-19' });
    const citizen = new TestBrowser(env.app);
    await citizen.logIn('001090000001', DEMO);
    await citizen.get('/account/assurance');
    expect((await citizen.post('/account/assurance/national-id', { assertion: other })).statusCode).toBe(400);
    const old = local.issue({ personalId: '001090000001', fullName: 'x', birthDate: '1990-01-15' }, new Date(Date.now() - 10 * 60 * 1000));
    expect(() => local.verify(old)).toThrow('expired');
  });

  it('a citizen downloads what identity holds about them, with who acted on the account, and nothing of anyone else', async () => {
    const binh = new TestBrowser(env.app);
    await binh.logIn('022190000002', DEMO);
    expect((await binh.get('/profile')).body).toContain('href="/profile/my-data.json"');
    const res = await binh.get('/profile/my-data.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(res.body) as { account: { personalId: string; assuranceLevel: number; birthDate: string }; accessLog: { action: string; by: unknown }[]; sessions: unknown[]; twoFactor: { enrolled: boolean } };
    expect(data.account).toMatchObject({ personalId: '022190000002', assuranceLevel: 2, birthDate: '1990-02-19' });
    expect(data.accessLog).toContainEqual(expect.objectContaining({ action: 'identity.assurance_raised', by: { name: 'Vũ Thị Lan', kind: 'official', agencyCode: '000.00.00.H49' } }));
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.twoFactor.enrolled).toBe(false);
    expect(res.body).not.toContain('001090000001');
    expect(res.body).not.toContain('Nguyễn Văn An');
    expect(res.body).not.toContain('password');

    const an = new TestBrowser(env.app);
    await an.logIn('001090000001', DEMO);
    const other = await an.get('/profile/my-data.json');
    expect(other.body).toContain('001090000001');
    expect(other.body).not.toContain('022190000002');
    expect((await new TestBrowser(env.app).get('/profile/my-data.json')).statusCode).toBe(303);
  });
});
