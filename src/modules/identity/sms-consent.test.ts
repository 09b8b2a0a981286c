import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createIdentityTestEnv, DEMO, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

const AN = '001090000001';
const profile = { fullName: 'Nguyễn Văn An', email: 'nguyenvanan@demo.egov.vn' };

async function consent(): Promise<{ sms_notifications: boolean; phone: string | null }> {
  const rows = await sql<{ sms_notifications: boolean; phone: string | null }>`SELECT sms_notifications, phone FROM accounts WHERE personal_id = ${AN}`.execute(env.db);
  return rows.rows[0]!;
}

describe('SMS notifications: the owner’s consent on the profile', () => {
  it('is off by default; ticked with a mobile number it is saved, audited by field name, and the door gives the number', async () => {
    const browser = new TestBrowser(env.app);
    await browser.logIn(AN, DEMO);
    expect(await consent()).toEqual({ sms_notifications: false, phone: '0912000001' });
    const page = await browser.get('/profile');
    expect(page.body).toContain('name="smsNotifications"');
    expect(page.body).toContain('Nhận tin nhắn SMS khi hồ sơ của tôi thay đổi trạng thái');
    const accountId = (await sql<{ id: string }>`SELECT id FROM accounts WHERE personal_id = ${AN}`.execute(env.db)).rows[0]!.id;
    expect(await env.api.smsRecipientOf(accountId)).toBeUndefined();

    const res = await browser.post('/profile', { ...profile, phone: '0912000001', smsNotifications: '1' });
    expect(res.statusCode).toBe(303);
    expect(await consent()).toEqual({ sms_notifications: true, phone: '0912000001' });
    expect((await browser.get('/profile')).body).toMatch(/name="smsNotifications" value="1" checked/);
    expect(await env.api.smsRecipientOf(accountId)).toBe('0912000001');
    const audit = await sql<{ data: { changed: string[] } }>`SELECT data FROM audit_log WHERE action = 'identity.profile_updated' AND entity_id = ${accountId}`.execute(env.db);
    expect(audit.rows.at(-1)?.data.changed).toEqual(['smsNotifications']);

    // Unticked (the box is absent from the form): off again.
    await browser.post('/profile', { ...profile, phone: '0912000001' });
    expect((await consent()).sms_notifications).toBe(false);
    expect(await env.api.smsRecipientOf(accountId)).toBeUndefined();
  });

  it('refuses the consent without a phone number, with the error tied to the box', async () => {
    const browser = new TestBrowser(env.app);
    await browser.logIn(AN, DEMO);
    const res = await browser.post('/profile', { ...profile, phone: '', smsNotifications: '1' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Nhập số điện thoại di động để nhận tin nhắn SMS.');
    expect(res.body).toContain('aria-describedby="smsNotifications-error"');
    expect(await consent()).toEqual({ sms_notifications: false, phone: '0912000001' });
  });
});
