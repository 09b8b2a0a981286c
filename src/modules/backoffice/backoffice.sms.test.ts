import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { asciiFold } from './backoffice.notify.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

describe('backoffice: the applicant is told of status changes by SMS when they asked for it', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  const queued = async (type: string, code: string) =>
    (await sql<{ payload: { to: string; text: string } }>`SELECT payload FROM outbox_events WHERE type = ${type} AND payload::text LIKE ${`%${code}%`} ORDER BY id`.execute(env.db)).rows.map((r) => r.payload);
  const setConsent = (on: boolean) => sql`UPDATE accounts SET sms_notifications = ${on} WHERE id = ${env.citizen.accountId}`.execute(env.db);

  it('without consent: e-mail only', async () => {
    await setConsent(false);
    const { code } = await env.apply();
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.requestSupplement(officials.clerk, code, { version: v.dossier.version, gaps: 'Giấy chứng sinh' });
    expect(await queued('mail.send', code)).not.toHaveLength(0);
    expect(await queued('sms.send', code)).toEqual([]);
  });

  it('with consent and a mobile number: the submission and each notified transition also queue a short SMS to the account’s phone', async () => {
    await setConsent(true);
    const { code } = await env.apply();
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.requestSupplement(officials.clerk, code, { version: v.dossier.version, gaps: 'Giấy chứng sinh\nTờ khai' });
    const all = await queued('sms.send', code);
    // The submission's own SMS (dossiers), then the back office's.
    expect(all).toHaveLength(2);
    expect(all[0]?.text).toBe(`DVC: Da nhan ho so ${code}. Theo doi: https://dichvucong.example.vn/dossiers/${encodeURIComponent(code)}/progress`);
    const sms = all.slice(1);
    expect(sms[0]?.to).toBe('+84912000001');
    const url = `https://dichvucong.example.vn/dossiers/${encodeURIComponent(code)}/progress`;
    expect(sms[0]?.text).toMatch(new RegExp(`^DVC: Ho so ${code.replace(/[.]/g, '\\.')}: [A-Za-z ]+\\. Chi tiet: ${url.replace(/[.?]/g, '\\$&')}$`));
    expect(sms[0]?.text).toMatch(/^[\x20-\x7e]+$/);
    expect(sms[0]?.text).toContain(`/dossiers/${encodeURIComponent(code)}/progress`);
  });

  it('a refused dossier also tells by SMS; a phone removed since stops it', async () => {
    await setConsent(true);
    const first = await env.apply();
    let v = await env.api.dossierView(officials.clerk, first.code);
    await env.api.refuse(officials.clerk, first.code, { version: v.dossier.version, reasons: 'Không thuộc thẩm quyền' });
    expect(await queued('sms.send', first.code)).toHaveLength(2);

    await sql`UPDATE accounts SET phone = NULL WHERE id = ${env.citizen.accountId}`.execute(env.db);
    const second = await env.apply();
    v = await env.api.dossierView(officials.clerk, second.code);
    await env.api.refuse(officials.clerk, second.code, { version: v.dossier.version, reasons: 'Không thuộc thẩm quyền' });
    expect(await queued('sms.send', second.code)).toEqual([]);
    expect(await queued('mail.send', second.code)).not.toHaveLength(0);
  });

  it('folds Vietnamese to ASCII for the SMS', () => {
    expect(asciiFold('Đã trả kết quả – Yêu cầu bổ sung')).toBe('Da tra ket qua – Yeu cau bo sung');
  });
});
