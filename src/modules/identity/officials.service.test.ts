import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../platform/errors/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { checkNewPassword } from './identity.validation.ts';
import { auditActions, createIdentityTestEnv, DEMO, queuedMails, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';

let env: IdentityTestEnv;
let admin: Actor;
let adminH49: Actor;
let adminH29: Actor;
let leaderH49: Actor;
let citizen: Actor;

const as = (email: string) => env.api.authenticate({ identifier: email, password: DEMO, ip: '127.0.0.1' });

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
  admin = await as('admin@demo.egov.vn');
  adminH49 = await as('quantri.h49@demo.egov.vn');
  adminH29 = await as('quantri.h29@demo.egov.vn');
  leaderH49 = await as('lanhdao.h49@demo.egov.vn');
  citizen = await as('001090000001');
});

afterAll(async () => {
  await env?.close();
});

/** The code and fields of the error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; kind: string; fields: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { code: error.code, kind: error.kind, fields: Object.fromEntries(error.fields.map((f) => [f.field, f.message])) };
  }
  throw new Error('expected a domain error');
}

describe('creating officials', () => {
  it('lets a system admin create an official anywhere, with a password', async () => {
    const { account, invited } = await env.api.createOfficial(admin, {
      email: 'Tuan.Pham@MOJ.gov.vn',
      fullName: 'Phạm Anh Tuấn',
      agencyCode: '000.00.00.g15',
      roles: ['specialist', 'leader'],
      password: 'BoTuPhap2026',
    });
    expect(invited).toBe(false);
    expect(account).toMatchObject({ kind: 'official', email: 'tuan.pham@moj.gov.vn', agencyCode: '000.00.00.G15', roles: ['specialist', 'leader'], status: 'active' });
    const actor = await env.api.authenticate({ identifier: 'tuan.pham@moj.gov.vn', password: 'BoTuPhap2026', ip: '127.0.0.1' });
    expect(actor).toMatchObject({ kind: 'official', agencyCode: '000.00.00.G15', roles: ['specialist', 'leader'] });
    expect(await auditActions(env.db, account.id)).toEqual(['identity.official_created']);
  });

  it('lets an agency admin create an official inside their province, invited by e-mail to choose a password', async () => {
    const { account, invited } = await env.api.createOfficial(adminH49, {
      email: 'thu.nguyen@quangninh.gov.vn',
      fullName: 'Nguyễn Thị Thu',
      agencyCode: '000.00.01.H49',
      roles: 'clerk',
    });
    expect(invited).toBe(true);
    expect(account.roles).toEqual(['clerk']);
    const mail = (await queuedMails(env.db)).find((m) => m.to === 'thu.nguyen@quangninh.gov.vn');
    expect(mail?.text).toContain('Sở Tư pháp tỉnh Quảng Ninh (000.00.01.H49)');
    expect(mail?.subject).toContain('Tài khoản cán bộ');
    // No password works until the invitation is used.
    expect((await failure(as('thu.nguyen@quangninh.gov.vn'))).code).toBe('identity.invalid_credentials');

    const token = decodeURIComponent(/token=(\S+)/.exec(mail?.text ?? '')?.[1] ?? '');
    const browser = new TestBrowser(env.app);
    await browser.get(`/password/reset?token=${encodeURIComponent(token)}`);
    const set = await browser.post('/password/reset', { token, password: 'QuangNinh2026', passwordConfirm: 'QuangNinh2026' });
    expect(set.statusCode).toBe(303);
    expect(await env.api.authenticate({ identifier: 'thu.nguyen@quangninh.gov.vn', password: 'QuangNinh2026', ip: '127.0.0.1' })).toMatchObject({
      agencyCode: '000.00.01.H49',
    });
  });

  it('refuses an agency admin an agency of another province, before looking at anything else', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(env.db);
    const refused = await failure(
      env.api.createOfficial(adminH49, { email: 'x@hcm.gov.vn', fullName: 'X', agencyCode: '000.00.00.H29', roles: ['agency_admin'] }),
    );
    expect(refused).toMatchObject({ code: 'identity.agency_out_of_scope', kind: 'forbidden' });
    const alsoRefused = await failure(env.api.createOfficial(adminH29, { email: '', fullName: '', agencyCode: '000.00.01.H49', roles: [] }));
    expect(alsoRefused.kind).toBe('forbidden');
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(env.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('refuses officials, citizens and visitors who are not administrators', async () => {
    const input = { email: 'y@quangninh.gov.vn', fullName: 'Y', agencyCode: '000.00.00.H49', roles: ['clerk'] };
    expect((await failure(env.api.createOfficial(leaderH49, input))).kind).toBe('forbidden');
    expect((await failure(env.api.createOfficial(citizen, input))).kind).toBe('forbidden');
    expect((await failure(env.api.createOfficial(undefined, input))).kind).toBe('unauthenticated');
  });

  it('ties each input problem to its field', async () => {
    const unknownAgency = await failure(env.api.createOfficial(admin, { email: 'z@x.vn', fullName: 'Z', agencyCode: '000.00.09.H49', roles: ['clerk'] }));
    expect(unknownAgency.fields).toEqual({ agencyCode: 'errAgencyNotFound' });
    const many = await failure(env.api.createOfficial(admin, { email: 'nope', fullName: ' ', agencyCode: 'H49.', roles: ['mayor'], password: 'short' }));
    expect(many.fields).toEqual({
      email: 'errEmailFormat',
      fullName: 'errFullNameRequired',
      agencyCode: 'errAgencyCodeFormat',
      roles: 'errRolesInvalid',
      password: 'errPasswordWeak',
    });
    const taken = await failure(env.api.createOfficial(admin, { email: 'MOTCUA.h49@demo.egov.vn', fullName: 'Z', agencyCode: '000.00.00.H49', roles: ['clerk'] }));
    expect(taken).toMatchObject({ kind: 'conflict', fields: { email: 'errEmailTaken' } });
  });
});

describe('listing and changing officials', () => {
  it('shows an agency admin the officials of their province only; a system admin sees all', async () => {
    const h49 = await env.api.listOfficials(adminH49);
    expect(h49.length).toBeGreaterThan(0);
    expect(h49.every((o) => o.agencyCode?.endsWith('.H49'))).toBe(true);
    expect(h49.map((o) => o.email)).toContain('chuyenvien.h49@demo.egov.vn');
    const all = await env.api.listOfficials(admin);
    expect(all.map((o) => o.agencyCode)).toEqual(expect.arrayContaining(['000.00.00.H29', '000.00.00.G15', '000.00.00.H49']));
    expect((await env.api.listOfficials(admin, { agencyCode: '000.00.00.H29' })).every((o) => o.agencyCode === '000.00.00.H29')).toBe(true);
    expect((await failure(env.api.listOfficials(adminH49, { agencyCode: '000.00.00.H29' }))).kind).toBe('forbidden');
  });

  it('changes roles and disables an account, ending its sessions; both are audited', async () => {
    const clerk = (await env.api.listOfficials(adminH49)).find((o) => o.email === 'motcua.h49@demo.egov.vn');
    if (!clerk) throw new Error('demo clerk missing');
    const browser = new TestBrowser(env.app);
    await browser.logIn('motcua.h49@demo.egov.vn', DEMO);
    const token = browser.session ?? '';
    expect(await env.api.resolveSession(token)).toBeDefined();

    const promoted = await env.api.updateOfficial(adminH49, clerk.id, { roles: ['clerk', 'specialist'] });
    expect(promoted.roles).toEqual(['clerk', 'specialist']);
    // The session sees the new roles on its next request.
    expect((await env.api.resolveSession(token))?.roles).toEqual(['clerk', 'specialist']);

    const disabled = await env.api.updateOfficial(adminH49, clerk.id, { status: 'disabled' });
    expect(disabled.status).toBe('disabled');
    expect(await env.api.resolveSession(token)).toBeUndefined();
    expect((await failure(as('motcua.h49@demo.egov.vn'))).code).toBe('identity.invalid_credentials');
    expect(await auditActions(env.db, clerk.id)).toEqual(['identity.demo_account_created', 'identity.second_factor_passed', 'identity.roles_changed', 'identity.account_disabled']);

    await env.api.updateOfficial(admin, clerk.id, { status: 'active', roles: ['clerk'] });
    expect(await as('motcua.h49@demo.egov.vn')).toMatchObject({ roles: ['clerk'] });
  });

  it('refuses changes out of reach, to oneself, and an empty role list', async () => {
    const leader = (await env.api.listOfficials(adminH49)).find((o) => o.email === 'lanhdao.h49@demo.egov.vn');
    if (!leader) throw new Error('demo leader missing');
    expect((await failure(env.api.updateOfficial(adminH29, leader.id, { roles: ['clerk'] }))).kind).toBe('forbidden');
    expect((await failure(env.api.updateOfficial(adminH49, adminH49.accountId, { status: 'disabled' }))).kind).toBe('forbidden');
    expect((await failure(env.api.updateOfficial(adminH49, leader.id, { roles: [] }))).fields).toEqual({ roles: 'errRolesRequired' });
    expect((await failure(env.api.updateOfficial(adminH49, leader.id, { status: 'gone' }))).fields).toEqual({ status: 'errStatusInvalid' });
    expect((await failure(env.api.updateOfficial(adminH49, 'not-a-uuid', { roles: ['clerk'] }))).kind).toBe('not_found');
  });
});

describe('system administrators', () => {
  it('are created by admins only, with a generated password when none is given', async () => {
    expect((await failure(env.api.createAdmin(adminH49, { email: 'root2@example.vn', fullName: 'Root' }))).kind).toBe('forbidden');
    const { account, generatedPassword } = await env.api.createAdmin(admin, { email: 'Root2@Example.vn', fullName: 'Quản trị 2' });
    expect(account).toMatchObject({ kind: 'admin', email: 'root2@example.vn', agencyCode: null, roles: [] });
    expect(generatedPassword).toBeDefined();
    expect(checkNewPassword(generatedPassword, generatedPassword)).toEqual([]);
    expect(await env.api.authenticate({ identifier: 'root2@example.vn', password: generatedPassword ?? '', ip: '127.0.0.1' })).toMatchObject({ kind: 'admin' });
    expect((await failure(env.api.createAdmin(admin, { email: 'root2@example.vn', fullName: 'Again' }))).kind).toBe('conflict');
    expect(await auditActions(env.db, account.id)).toEqual(['identity.admin_created']);
  });

  it('exposes accounts by id without their password hash', async () => {
    const account = await env.api.getAccount(citizen.accountId);
    expect(account).toMatchObject({ kind: 'citizen', personalId: '001090000001', fullName: 'Nguyễn Văn An' });
    expect(Object.keys(account)).not.toContain('passwordHash');
    expect(JSON.stringify(account)).not.toContain('argon2');
    expect((await failure(env.api.getAccount('00000000-0000-0000-0000-000000000000'))).kind).toBe('not_found');
  });
});
