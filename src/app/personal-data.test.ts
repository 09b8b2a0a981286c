import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../platform/db/index.ts';
import type { HttpApp } from '../platform/http/index.ts';
import type { Actor } from '../platform/module/index.ts';
import { birthAnswers, BIRTH, setUpBackoffice, WARD } from '../modules/backoffice/backoffice.test-support.ts';
import type { PaymentsApi } from '../modules/payments/index.ts';
import type { IdentityApi } from '../modules/identity/index.ts';
import { actorHeader } from './testing.ts';

// NĐ 13/2023 across modules: identity's /profile/my-data gathers the dossiers module's part
// (registered through identity's door) and who opened the dossiers (the back office's audit).

type Env = Awaited<ReturnType<typeof setUpBackoffice>>;
let env: Env;
let app: HttpApp;
let an: Actor;
let binh: Actor;
let leader: Actor;
let codeOfAn = '';
let codeOfBinh = '';

const PASSWORD = 'Demo@2026egov';

/** A signed-in browser: the actor header, and the CSRF cookie and token of the last page. */
function browserOf(actor: Actor) {
  let cookie = '';
  let csrf = '';
  return {
    async get(url: string) {
      const res = await app.inject({ method: 'GET', url, headers: { ...actorHeader(actor), accept: 'text/html', cookie } });
      const set = res.cookies.find((c) => c.name === '_csrf');
      if (set) cookie = `_csrf=${set.value}`;
      csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
      return res;
    },
    post(url: string, form: Record<string, string>) {
      return app.inject({ method: 'POST', url, headers: { ...actorHeader(actor), accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() });
    },
  };
}

beforeAll(async () => {
  env = await setUpBackoffice();
  app = await env.platform.http();
  const identity = env.platform.api<IdentityApi>('identity');
  an = env.citizen;
  binh = await identity.authenticate({ identifier: '022190000002', password: PASSWORD, ip: '192.0.2.2' });
  leader = await identity.authenticate({ identifier: 'lanhdao.h49@demo.egov.vn', password: PASSWORD, ip: '192.0.2.3' });
  codeOfAn = (await env.apply()).code;
  const answers = { ...birthAnswers, applicantName: 'Trần Thị Bình', applicantPersonalId: '022190000002', applicantEmail: 'binh@example.vn', relation: 'mother', motherName: 'Trần Thị Bình', motherPersonalId: '022190000002' };
  const files = (await sql<{ sha256: string; size: string; content_type: string; original_name: string; component_index: number }>`SELECT u.sha256, u.size, u.content_type, u.original_name, u.component_index FROM dossier_uploads u JOIN dossiers d ON d.id = u.dossier_id WHERE d.code = ${codeOfAn}`.execute(env.db)).rows;
  codeOfBinh = (await env.dossiers.submitApplication(binh, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers, uploads: files.map((f) => ({ componentIndex: f.component_index, sha256: f.sha256, size: Number(f.size), contentType: f.content_type, originalName: `binh-${f.component_index}.pdf` })) })).code;
  await env.dossiers.saveDraft(binh, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: { childName: 'Bé Na' }, step: 'form' });
  // A fee each (the financial obligation of status 6): the export lists the person's own only.
  const payments = env.platform.api<PaymentsApi>('payments');
  const due = new Date(Date.now() + 5 * 86_400_000);
  await env.platform.ctx.db.transaction().execute(async (tx) => {
    await payments.createOrderInTx(tx, { dossierCode: codeOfAn, kind: 'obligation', description: 'Lệ phí cấp bản sao trích lục', lines: [{ name: 'Lệ phí', amountVnd: 650_000 }], dueAt: due, createdBy: null });
    await payments.createOrderInTx(tx, { dossierCode: codeOfBinh, kind: 'obligation', description: 'Lệ phí của Bình', lines: [{ name: 'Lệ phí', amountVnd: 30_000 }], dueAt: due, createdBy: null });
  });
  // The province's leader (a unit above the ward) opens An's dossier and one of its files.
  const view = await env.api.dossierView(leader, codeOfAn);
  await env.api.openFile(leader, codeOfAn, view.files[0]?.id ?? 0);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('personal data across modules', () => {
  it('the export holds the account, the dossiers with their files and who opened them, and nothing of anyone else', async () => {
    const res = await browserOf(an).get('/profile/my-data.json');
    expect(res.statusCode).toBe(200);
    const data = JSON.parse(res.body) as {
      account: { personalId: string };
      dossiers: { dossiers: { code: string; files: { name: string; sha256: string }[]; history: unknown[]; form: unknown }[]; drafts: unknown[] };
      payments: { orders: { dossier: string; amountVnd: number; status: string; description: string }[]; attempts: unknown[]; refunds: unknown[] };
      accessLog: { action: string; about: string; by: unknown }[];
    };
    expect(data.account.personalId).toBe('001090000001');
    expect(data.dossiers.dossiers.map((d) => d.code)).toEqual([codeOfAn]);
    expect(data.dossiers.dossiers[0]?.files.map((f) => f.name)).toEqual(['giay-to-0.pdf', 'giay-to-1.pdf']);
    expect(data.dossiers.dossiers[0]?.history.length).toBeGreaterThan(0);
    expect(data.dossiers.dossiers[0]?.form).toMatchObject({ answers: { childName: 'Nguyễn Minh Khôi' } });
    expect(data.payments.orders).toEqual([expect.objectContaining({ dossier: codeOfAn, amountVnd: 650_000, status: 'pending', description: 'Lệ phí cấp bản sao trích lục' })]);
    expect(res.body).not.toContain('Lệ phí của Bình');
    const leaderSeen = { name: 'Phạm Quốc Hưng', kind: 'official', agencyCode: leader.agencyCode };
    expect(data.accessLog).toContainEqual({ at: expect.any(String), action: 'backoffice.dossier_viewed', about: `dossier ${codeOfAn}`, by: leaderSeen });
    expect(data.accessLog).toContainEqual({ at: expect.any(String), action: 'backoffice.file_viewed', about: `dossier ${codeOfAn}`, by: leaderSeen });
    expect(res.body).not.toContain(codeOfBinh);
    expect(res.body).not.toContain('022190000002');
    expect(res.body).not.toContain('binh-0.pdf');

    const page = await browserOf(an).get('/profile/my-data');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/profile/my-data.pdf"');
    const pdf = await browserOf(an).get('/profile/my-data.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
  });

  it('erasure: account data erased, drafts removed, submitted dossiers kept with the rule that keeps them', async () => {
    const browser = browserOf(binh);
    await browser.get('/profile/my-data');
    expect((await browser.post('/profile/my-data/erase', {})).statusCode).toBe(400);
    const res = await browser.post('/profile/my-data/erase', { confirm: 'yes' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).toContain('Hồ sơ đã nộp đang được giải quyết');
    expect(res.body).toContain('quy định về thủ tục hành chính');
    expect(res.body).toContain('Hồ sơ đang soạn chưa nộp');

    const account = (await sql<{ full_name: string; personal_id: string | null; phone: string | null; status: string; erased_at: Date | null; email: string }>`SELECT full_name, personal_id, phone, status, erased_at, email FROM accounts WHERE id = ${binh.accountId}`.execute(env.db)).rows[0];
    expect(account).toMatchObject({ full_name: 'Tài khoản đã xoá', personal_id: null, phone: null, status: 'disabled' });
    expect(account?.erased_at).toBeInstanceOf(Date);
    expect(account?.email).not.toContain('tranthibinh');
    const kept = (await sql<{ code: string; applicant_identifier: string }>`SELECT code, applicant_identifier FROM dossiers WHERE applicant_account_id = ${binh.accountId}`.execute(env.db)).rows;
    expect(kept).toEqual([{ code: codeOfBinh, applicant_identifier: '022190000002' }]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_drafts WHERE account_id = ${binh.accountId}`.execute(env.db)).rows[0]?.n).toBe(0);
    await expect(env.platform.api<IdentityApi>('identity').authenticate({ identifier: '022190000002', password: PASSWORD, ip: '192.0.2.2' })).rejects.toThrow();
    const audit = (await sql<{ data: { kept: { what: string; count: number }[] } }>`SELECT data FROM audit_log WHERE action = 'identity.account_erased' AND entity_id = ${binh.accountId}`.execute(env.db)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data.kept).toContainEqual({ what: 'Hồ sơ đã nộp đang được giải quyết', count: 1 });
    // Fees are accounting records: kept, and said so.
    expect(audit[0]?.data.kept).toContainEqual({ what: 'Khoản phí, lệ phí, biên lai và hoàn trả', count: 1 });
    expect(res.body).toContain('Luật Kế toán 2015');

    // The other citizen's data is untouched.
    const other = (await sql<{ personal_id: string }>`SELECT personal_id FROM accounts WHERE id = ${an.accountId}`.execute(env.db)).rows[0];
    expect(other?.personal_id).toBe('001090000001');
  });

  it('an official’s account is a service record: not erased from the profile', async () => {
    const browser = browserOf(leader);
    const page = await browser.get('/profile/my-data');
    expect(page.body).not.toContain('action="/profile/my-data/erase"');
    expect((await browser.post('/profile/my-data/erase', { confirm: 'yes' })).statusCode).toBe(403);
  });
});
