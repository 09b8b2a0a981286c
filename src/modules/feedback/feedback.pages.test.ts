import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { DEMO_FINISHED_DOSSIERS } from './feedback.seed.ts';
import { JUSTICE, officials, setUpFeedback } from './feedback.test-support.ts';

/** A browser without JavaScript: cookies and the last CSRF token, signed in as `actor`. */
class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: HttpApp, private readonly actor?: Actor) {}
  private headers() {
    return { ...(this.actor ? actorHeader(this.actor) : {}), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' };
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
  async post(url: string, fields: Record<string, string>, options: { csrf?: boolean } = {}) {
    const payload = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: this.csrf }), ...fields }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload, headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.remember(res);
    return res;
  }
}

describe('feedback pages', () => {
  let env: Awaited<ReturnType<typeof setUpFeedback>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpFeedback();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  it('a citizen files feedback, the operator forwards it, the department answers and publishes it, the public finds it', async () => {
    const citizen = new Session(app, env.citizen);
    const form = await citizen.get('/feedback/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="consent"');
    const forged = await citizen.post('/feedback', { kind: 'feedback', category: 'procedure', title: 'x', content: 'y' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    const invalid = await citizen.post('/feedback', { kind: 'feedback', category: 'procedure', title: '', content: '' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="f-title-error"');
    expect(invalid.body).toContain('Nhập nội dung phản ánh, kiến nghị.');
    const sent = await citizen.post('/feedback', { kind: 'petition', category: 'online_service', title: 'Cổng thanh toán báo lỗi', content: 'Thanh toán lệ phí trực tuyến báo lỗi lúc 9 giờ sáng.', agencyCode: '', consent: 'yes' });
    expect(sent.statusCode).toBe(303);
    const itemUrl = String(sent.headers.location).replace(/\?.*$/, '');
    const id = itemUrl.split('/').pop() ?? '';
    const mine = await citizen.get(String(sent.headers.location));
    expect(mine.body).toContain(`Đã gửi phản ánh, kiến nghị số ${id}`);
    expect(mine.body).toContain('Văn phòng Chính phủ');

    // The portal's operator sees it in the queue and forwards it to the department.
    const intake = new Session(app, officials.intake);
    const queue = await intake.get('/console/feedback');
    expect(queue.body).toContain(`href="/console/feedback/${id}"`);
    await intake.get(`/console/feedback/${id}`);
    const forwarded = await intake.post(`/console/feedback/${id}/forward`, { toAgencyCode: JUSTICE, note: 'Thuộc thẩm quyền' });
    expect(forwarded.statusCode).toBe(303);
    expect(forwarded.headers.location).toBe('/console/feedback');
    expect((await intake.get(`/console/feedback/${id}`)).statusCode).toBe(404);

    const justice = new Session(app, officials.justice);
    const page = await justice.get(`/console/feedback/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chuyển đến Sở Tư pháp tỉnh Quảng Ninh');
    expect(page.body).toContain(`action="/console/feedback/${id}/classify"`);
    expect((await justice.post(`/console/feedback/${id}/classify`, { category: 'procedure' })).statusCode).toBe(303);
    expect((await justice.get(`/console/feedback/${id}`)).body).toContain('Phân loại lại');
    const empty = await justice.post(`/console/feedback/${id}/answer`, { answer: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Nhập câu trả lời.');
    expect((await justice.post(`/console/feedback/${id}/answer`, { answer: 'Lỗi đã được khắc phục ngày 02/12.' })).statusCode).toBe(303);
    expect((await justice.post(`/console/feedback/${id}/publish`, {})).statusCode).toBe(303);
    const again = await justice.post(`/console/feedback/${id}/publish`, {});
    expect(again.statusCode).toBe(409);

    const visitor = new Session(app);
    const list = await visitor.get('/feedback/published?q=thanh+toan');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/feedback/published/${id}"`);
    const published = await visitor.get(`/feedback/published/${id}`);
    expect(published.body).toContain('Lỗi đã được khắc phục ngày 02/12.');
    expect(published.body).not.toContain('Nguyễn Văn An');
    const json = await app.inject({ url: '/api/v1/feedback/published?q=cong%20thanh%20toan' });
    expect(json.json()).toMatchObject({ items: [{ id: Number(id), title: 'Cổng thanh toán báo lỗi' }] });

    // The citizen reads the answer and its history.
    const answered = await citizen.get(itemUrl);
    expect(answered.body).toContain('Lỗi đã được khắc phục ngày 02/12.');
    expect(answered.body).toContain('Công khai câu trả lời');
    // Another citizen cannot open it.
    expect((await new Session(app, env.otherCitizen).get(itemUrl)).statusCode).toBe(404);
  });

  it('a finished dossier is rated once through the form; the second attempt is refused in plain words', async () => {
    const code = DEMO_FINISHED_DOSSIERS[0];
    const citizen = new Session(app, env.citizen);
    const home = await citizen.get('/feedback');
    expect(home.body).toContain(`href="/feedback/ratings/${encodeURIComponent(code)}"`);
    const form = await citizen.get(`/feedback/ratings/${encodeURIComponent(code)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<legend');
    const missing = await citizen.post(`/feedback/ratings/${encodeURIComponent(code)}`, { publicity: '5' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Chọn một mức từ 1 đến 5.');
    const scores = { publicity: '5', progress: '4', online: '5', conduct: '5', overall: '4' };
    const rated = await citizen.post(`/feedback/ratings/${encodeURIComponent(code)}`, scores);
    expect(rated.statusCode).toBe(303);
    expect((await citizen.get(String(rated.headers.location))).body).toContain(`Cảm ơn bạn đã đánh giá hồ sơ ${code}`);
    const second = await citizen.post(`/feedback/ratings/${encodeURIComponent(code)}`, scores);
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Mỗi hồ sơ chỉ được đánh giá một lần.');
    expect((await citizen.get(`/feedback/ratings/${encodeURIComponent(code)}`)).statusCode).toBe(409);
    // In English too.
    const english = await app.inject({ method: 'GET', url: `/feedback/ratings/${encodeURIComponent(code)}`, headers: { ...actorHeader(env.citizen), accept: 'text/html', cookie: 'lang=en' } });
    expect(english.body).toContain('This dossier has already been rated. Each dossier can be rated once.');
    // Another citizen is told it is not theirs.
    expect((await new Session(app, env.otherCitizen).get(`/feedback/ratings/${encodeURIComponent(DEMO_FINISHED_DOSSIERS[1])}`)).statusCode).toBe(404);
  });
});
