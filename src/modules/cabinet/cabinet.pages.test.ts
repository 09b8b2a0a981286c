import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, type IdentityApi } from '../identity/index.ts';
import { TestBrowser } from '../identity/identity.testing.ts';
import type { CabinetApi } from './index.ts';
import { DEMO_GOVERNMENT, DEMO_SECRETARIAT } from './cabinet.seed.ts';
import { member, outsider, secretariat, setUpCabinet } from './cabinet.test-support.ts';

/** A browser without JavaScript: cookies and the last CSRF token, signed in as `actor`. */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly app: HttpApp,
    private readonly actor: Actor,
  ) {}
  private headers() {
    return { ...actorHeader(this.actor), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' };
  }
  private remember(res: { headers: Record<string, unknown>; body: string }) {
    const raw = res.headers['set-cookie'];
    for (const c of Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : []) {
      const [pair] = c.split(';');
      this.cookies.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.headers() });
    this.remember(res);
    return res;
  }
  async post(url: string, fields: Record<string, string>) {
    const res = await this.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(), headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.remember(res);
    return res;
  }
  async upload(url: string, fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
    const boundary = '----cabinet-test';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
    const res = await this.app.inject({ method: 'POST', url, payload: Buffer.concat(parts), headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    this.remember(res);
    return res;
  }
}

describe('cabinet pages and JSON API', () => {
  let t: Awaited<ReturnType<typeof setUpCabinet>>;
  let app: HttpApp;
  beforeAll(async () => {
    t = await setUpCabinet('2026-12-07T01:00:00Z');
    app = await t.platform.http();
  });
  afterAll(async () => t?.close());

  it('the secretariat builds and publishes a session through the forms; a member sees it at /cabinet and votes; an outsider is refused', async () => {
    const sec = new Browser(app, secretariat);
    await sec.get('/cabinet/sessions/new');
    let res = await sec.post('/cabinet/sessions', { kind: 'thematic', title: 'Phiên chuyên đề xây dựng pháp luật', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00', location: '', quorumPercent: '50' });
    expect(res.statusCode).toBe(303);
    const sessionPath = res.headers.location!.split('?')[0]!;
    const sessionId = sessionPath.split('/').at(-1)!;
    await sec.get(sessionPath);
    res = await sec.post(`${sessionPath}/items`, { session: sessionId, title: 'Dự án Luật Thủ đô (sửa đổi)', presenter: 'Bộ Tư pháp', slotMinutes: '45' });
    expect(res.statusCode).toBe(303);
    let page = await sec.get(sessionPath);
    const itemId = /action="\/cabinet\/items\/(\d+)\/documents"/.exec(page.body)![1]!;
    res = await sec.upload(`/cabinet/items/${itemId}/documents`, { session: sessionId }, { name: 'du-an-luat.pdf', type: 'application/pdf', bytes: samplePdf() });
    expect(res.statusCode).toBe(303);
    await sec.get(sessionPath);
    expect((await sec.post(`${sessionPath}/publish`, { session: sessionId })).statusCode).toBe(303);

    const minister = new Browser(app, member('min1'));
    page = await minister.get('/cabinet');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Phiên chuyên đề xây dựng pháp luật');
    page = await minister.get(sessionPath);
    expect(page.body).toContain('Dự án Luật Thủ đô (sửa đổi)');
    const docId = /href="\/cabinet\/documents\/(\d+)"/.exec(page.body)![1]!;
    const doc = await minister.get(`/cabinet/documents/${docId}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toContain('attachment');
    expect(doc.headers['cache-control']).toBe('no-store');

    const stranger = new Browser(app, outsider);
    expect((await stranger.get(`/cabinet/documents/${docId}`)).statusCode).toBe(403);
    expect((await stranger.get(sessionPath)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/cabinet/documents/${docId}` })).statusCode).toBe(401);

    // A position through the form, before the cut-off.
    await minister.get(sessionPath);
    expect((await minister.post(`/cabinet/items/${itemId}/position`, { session: sessionId, stance: 'wish_to_speak', note: '' })).statusCode).toBe(303);
    expect((await minister.get(sessionPath)).body).toContain('Đăng ký phát biểu');

    // The secretariat opens a vote; a member without a recent second factor is sent to step up, and back.
    await sec.get(sessionPath);
    expect((await sec.post(`/cabinet/items/${itemId}/vote`, { session: sessionId, question: 'Thông qua dự án Luật?' })).statusCode).toBe(303);
    page = await minister.get(sessionPath);
    const voteId = /action="\/cabinet\/votes\/(\d+)\/ballot"/.exec(page.body)![1]!;
    const stale = new Browser(app, member('min2', null));
    await stale.get(sessionPath);
    res = await stale.post(`/cabinet/votes/${voteId}/ballot`, { session: sessionId, choice: 'for' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login/step-up?next=${encodeURIComponent(sessionPath)}`);
    expect((await minister.post(`/cabinet/votes/${voteId}/ballot`, { session: sessionId, choice: 'for' })).statusCode).toBe(303);
    // A second ballot is refused on the page, with the reason.
    res = await minister.post(`/cabinet/votes/${voteId}/ballot`, { session: sessionId, choice: 'against' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Bạn đã biểu quyết nội dung này.');

    // The member's JSON API.
    const api = await app.inject({ method: 'GET', url: '/api/v1/cabinet/today', headers: actorHeader(member('min1')) });
    expect(api.statusCode).toBe(200);
    const day = api.json() as { session: { id: number; items: { vote: { myChoice: string } | null }[] } };
    expect(day.session.id).toBe(Number(sessionId));
    expect(day.session.items[0]!.vote!.myChoice).toBe('for');
    expect((await app.inject({ method: 'GET', url: `/api/v1/cabinet/sessions/${sessionId}`, headers: actorHeader(outsider) })).statusCode).toBe(403);
  });

  it('a poll through the pages: a member answers; after the deadline the result lists every member and the PDF downloads', async () => {
    t.clock.set('2026-12-07T01:00:00Z');
    const poll = await t.api.issuePoll(secretariat, { title: 'Phiếu lấy ý kiến về Nghị định X', question: 'Đồng ý ban hành?', workingDays: 2, silenceIsConsent: true });
    const pm = new Browser(app, member('pm'));
    let page = await pm.get('/cabinet');
    expect(page.body).toContain('Phiếu lấy ý kiến về Nghị định X');
    await pm.get(`/cabinet/polls/${poll.id}`);
    expect((await pm.post(`/cabinet/polls/${poll.id}/answer`, { answer: 'agree', comment: '' })).statusCode).toBe(303);
    expect((await pm.get(`/cabinet/polls/${poll.id}/result.pdf`)).statusCode).toBe(409);
    t.clock.set(poll.deadline.toISOString());
    page = await pm.get(`/cabinet/polls/${poll.id}`);
    expect(page.body).toContain('Không trả lời — tính là đồng ý');
    expect(page.body.split('scope="row"').length - 1).toBe(9);
    const pdf = await pm.get(`/cabinet/polls/${poll.id}/result.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const json = await app.inject({ method: 'GET', url: `/api/v1/cabinet/polls/${poll.id}`, headers: actorHeader(member('min4')) });
    expect(json.json()).toMatchObject({ closed: true, result: 'passed' });
    expect((json.json() as { answers: unknown[] }).answers).toHaveLength(9);
  });

  it('the API is in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/cabinet/today', '/api/v1/cabinet/sessions/{id}', '/api/v1/cabinet/votes/{id}/ballot', '/api/v1/cabinet/polls/{id}/answer']));
  });
});

describe('demo Government', () => {
  it('seeds nine members and the secretariat as officials with roles, idempotently', async () => {
    const platform = await createTestPlatform({ modules: ['cabinet'], seed: ['agencies', 'cabinet'] });
    try {
      const registration = platform.registrations.find((r) => r.name === 'cabinet')!;
      await registration.seedDemo!(() => undefined); // a second run changes nothing
      const members = await platform.api<CabinetApi>('cabinet').listMembers();
      expect(members.map((m) => m.email)).toEqual(DEMO_GOVERNMENT.map((m) => m.email));
      expect(members.filter((m) => m.position === 'prime_minister')).toHaveLength(1);
      const admin: Actor = { accountId: 'a', kind: 'admin', displayName: 'a', agencyCode: null, roles: [] };
      const office = await platform.api<IdentityApi>('identity').listOfficials(admin, { agencyCode: '000.00.00.G22' });
      expect(office.find((o) => o.email === DEMO_SECRETARIAT.email)?.roles).toEqual(['cabinet_secretariat', 'exchange_clerk']);
      expect(office.find((o) => o.email === 'thutuong@demo.egov.vn')?.roles).toEqual(['cabinet_prime_minister']);

      // The secretariat names delegates by e-mail, among the officials of the member's own agency.
      const cabinet = platform.api<CabinetApi>('cabinet');
      const sec = office.find((o) => o.email === DEMO_SECRETARIAT.email)!;
      const secActor: Actor = { accountId: sec.id, kind: 'official', displayName: sec.fullName, agencyCode: sec.agencyCode, roles: sec.roles };
      const pm = members[0]!;
      const finance = members.find((m) => m.email === 'botruong.g12@demo.egov.vn')!;
      await cabinet.setDelegateByEmail(secActor, pm.accountId, 'PHOTHUTUONG1@demo.egov.vn');
      await expect(cabinet.setDelegateByEmail(secActor, finance.accountId, 'phothutuong1@demo.egov.vn')).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
      const app = await platform.http();
      const page = await app.inject({ method: 'GET', url: '/cabinet/members', headers: actorHeader(secActor) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Người được ủy quyền: Trần Văn Đức');
      expect((await app.inject({ method: 'GET', url: '/cabinet/members', headers: actorHeader({ ...secActor, roles: ['cabinet_minister'] }) })).statusCode).toBe(403);

      // The secretariat invites an official by e-mail and agency code; the invitee is listed on the session page.
      const { id: sessionId } = await cabinet.createSession(secActor, { kind: 'thematic', title: 'Chuyên đề', startsAt: '2026-12-20T08:00', positionsCutoff: '2026-12-19T08:00' });
      await expect(cabinet.inviteAttendeeByEmail(secActor, sessionId, { email: 'khong-co@demo.egov.vn', agencyCode: '000.00.00.G15' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
      await expect(cabinet.inviteAttendeeByEmail(secActor, sessionId, { email: 'botruong.g15@demo.egov.vn', agencyCode: 'x' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
      await cabinet.inviteAttendeeByEmail(secActor, sessionId, { email: 'botruong.g15@demo.egov.vn', agencyCode: '000.00.00.g15' });
      expect(await cabinet.invitees(secActor, sessionId)).toEqual([{ accountId: members.find((m) => m.email === 'botruong.g15@demo.egov.vn')!.accountId, fullName: 'Đặng Thị Ngọc' }]);
      const sessionPage = await app.inject({ method: 'GET', url: `/cabinet/sessions/${sessionId}`, headers: actorHeader(secActor) });
      expect(sessionPage.body).toContain('Đặng Thị Ngọc');

      // The demo Prime Minister signs in like identity's demo officials: password, then the demo authenticator's code.
      const browser = new TestBrowser(app);
      const first = await browser.logIn('thutuong@demo.egov.vn', DEMO_PASSWORD, { secondFactor: false });
      expect(String(first.headers.location)).toMatch(/^\/login\/second-factor/);
      const second = await browser.passSecondFactor(String(first.headers.location), DEMO_TOTP_SECRET);
      expect(second.statusCode).toBe(303);
      const home = await browser.get('/cabinet');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('Phiếu lấy ý kiến chờ trả lời');
    } finally {
      await platform.close();
    }
  }, 120_000);
});
