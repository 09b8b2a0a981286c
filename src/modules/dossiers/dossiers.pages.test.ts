import { createTestApp, samplePolyglot } from '../../platform/testing/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { actors, BIRTH, Browser, PDF_BYTES, setUpDossiers, WARD } from './dossiers.test-support.ts';

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describe('dossiers pages', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpDossiers();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('sends signed-out visitors to the login page', async () => {
    signedIn = undefined;
    const res = await new Browser(app).get(`/procedures/${BIRTH}/apply`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/procedures/${BIRTH}/apply`)}`);
  });

  let code = '';

  it('walks a citizen from the procedure to the receipt, with errors on the way', async () => {
    signedIn = actors.citizen;
    const b = new Browser(app);
    const start = await b.get(`/procedures/${BIRTH}/apply`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Tờ khai đăng ký khai sinh');
    const noAgency = await b.post(`/procedures/${BIRTH}/apply`, { caseCode: '01', receivingAgency: '' });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.body).toContain('href="#f-receivingAgency"');
    const started = await b.post(`/procedures/${BIRTH}/apply`, { caseCode: '01', receivingAgency: WARD });
    expect(started.statusCode).toBe(303);
    const formUrl = String(started.headers.location);
    expect(formUrl).toMatch(/^\/applications\/[0-9a-f-]{36}\/form$/);
    const draftUrl = formUrl.replace(/\/form$/, '');

    const form = await b.get(formUrl);
    expect(form.statusCode).toBe(200);
    // Prefilled from the account.
    expect(decode(form.body)).toContain('value="Nguyễn Văn An"');
    expect(form.body).toContain('value="001090000001"');
    expect(form.body).not.toContain('Đặc khu Vân Đồn');

    const answers = {
      applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912345678', applicantEmail: 'an@example.vn', relation: 'father',
      childName: '', gender: 'male', 'childBirthDate.day': '31', 'childBirthDate.month': '2', 'childBirthDate.year': '2026', 'childBirthPlace.province': '22', 'childBirthPlace.commune': '', 'childBirthPlace.street': 'Bệnh viện Vân Đồn',
      ethnicity: 'Kinh', motherName: 'Lê Thị Hoa', motherPersonalId: '022192000123', fatherKnown: 'yes', fatherName: 'Nguyễn Văn An', fatherPersonalId: '001090000001',
    };
    const refreshed = await b.post(formUrl, { ...answers, _action: 'refresh' });
    expect(refreshed.statusCode).toBe(303);
    const withCommunes = await b.get(formUrl);
    expect(withCommunes.body).toContain('Đặc khu Vân Đồn');
    const invalid = await b.post(formUrl, { ...answers, 'childBirthPlace.commune': '06994', _action: 'continue' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('href="#f-childName"');
    expect(decode(invalid.body)).toContain('Nhập họ, chữ đệm và tên của trẻ');
    // 31/02 is no date: said so, next to the three fields, which keep what was typed.
    expect(decode(invalid.body)).toContain('Ngày sinh phải là một ngày có thật, theo dạng ngày/tháng/năm');
    expect(invalid.body).toMatch(/name="childBirthDate.day" type="text" inputmode="numeric"[^>]*value="31"/);
    expect(invalid.body).toContain(`<a class="back-link" href="/procedures/${BIRTH}">`);
    // What was typed is kept.
    expect(decode(invalid.body)).toContain('value="Bệnh viện Vân Đồn"');
    const valid = await b.post(formUrl, { ...answers, 'childBirthPlace.commune': '06994', childName: 'Nguyễn Minh Khôi', 'childBirthDate.day': '1', 'childBirthDate.month': '11', _action: 'continue' });
    expect(valid.statusCode).toBe(303);
    expect(valid.headers.location).toBe(`${draftUrl}/uploads`);

    const uploadsPage = await b.get(`${draftUrl}/uploads`);
    expect(uploadsPage.body).toContain('enctype="multipart/form-data"');
    expect(uploadsPage.body).toContain(`<a class="back-link" href="${draftUrl}/form">`);
    const forged = await b.upload(`${draftUrl}/uploads`, { c0: { name: 'to-khai.pdf', type: 'application/pdf', content: PDF_BYTES } }, { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    const missingToken = await b.upload(`${draftUrl}/uploads`, { c0: { name: 'to-khai.pdf', type: 'application/pdf', content: PDF_BYTES } }, { csrf: null });
    expect(missingToken.statusCode).toBe(403);
    const wrongType = await b.upload(`${draftUrl}/uploads`, { c0: { name: 'to-khai.pdf', type: 'application/pdf', content: PDF_BYTES }, c1: { name: 'giay-chung-sinh.pdf', type: 'application/pdf', content: Buffer.from('not a pdf at all') } });
    expect(wrongType.statusCode).toBe(400);
    expect(decode(wrongType.body)).toContain('Tệp "giay-chung-sinh.pdf" phải là PDF, JPEG hoặc PNG');
    // The valid file of the same post was kept.
    expect(decode(wrongType.body)).toContain('Đã tải lên: to-khai.pdf');
    const uploaded = await b.upload(`${draftUrl}/uploads`, { c1: { name: 'giay-chung-sinh.pdf', type: 'application/pdf', content: PDF_BYTES } });
    expect(uploaded.statusCode).toBe(303);
    expect(uploaded.headers.location).toBe(`${draftUrl}/review`);

    const review = await b.get(`${draftUrl}/review`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain(`<a class="back-link" href="${draftUrl}/uploads">`);
    expect(decode(review.body)).toContain('Nguyễn Minh Khôi');
    expect(review.body).toContain('01/11/2026');
    expect(decode(review.body)).toContain('Bệnh viện Vân Đồn, Đặc khu Vân Đồn');
    expect(decode(review.body)).toContain('giay-chung-sinh.pdf');
    const submitted = await b.post(`${draftUrl}/submit`, {});
    expect(submitted.statusCode).toBe(303);
    const receiptUrl = String(submitted.headers.location);
    code = decodeURIComponent(/^\/dossiers\/([^/]+)\/receipt$/.exec(receiptUrl)?.[1] ?? '');
    expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-0001$/);

    const receipt = await b.get(receiptUrl);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain(code);
    expect(decode(receipt.body)).toContain('Mới đăng ký');
    // The confirmation panel with the code, what happens next, where to track it.
    expect(receipt.body).toMatch(new RegExp(`<div class="panel-confirmation"><h1>Đã nộp hồ sơ</h1><p class="panel-body">[^<]*<strong>${code.replace(/\./g, '\\.')}</strong>`));
    expect(decode(receipt.body)).toContain('Việc gì diễn ra tiếp theo');
    expect(receipt.body).toContain('href="/my/dossiers"');
    expect(receipt.body).toContain(`href="/track?code=${encodeURIComponent(code)}"`);
    const pdf = await app.inject({ method: 'GET', url: `${receiptUrl}.pdf`, headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5_000);
    // The Vietnamese font is embedded and the QR code is an image.
    expect(pdf.rawPayload.toString('latin1')).toContain('BeVietnamPro');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/Subtype \/Image/);

    // The draft is gone; the dossier is in "my dossiers".
    expect((await b.get(draftUrl)).statusCode).toBe(404);
    const mine = await b.get('/my/dossiers');
    expect(mine.body).toContain(code);
    expect(decode(mine.body)).toContain('Mới đăng ký');
  });

  it('refuses a file over the size limit and keeps the page usable', async () => {
    signedIn = actors.citizen2;
    const b = new Browser(app);
    await b.get(`/procedures/${BIRTH}/apply`);
    const started = await b.post(`/procedures/${BIRTH}/apply`, { caseCode: '01', receivingAgency: WARD });
    const draftUrl = String(started.headers.location).replace(/\/form$/, '');
    await b.get(`${draftUrl}/uploads`);
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await b.upload(`${draftUrl}/uploads`, { c0: { name: 'lon.pdf', type: 'application/pdf', content: big }, c1: { name: 'nho.pdf', type: 'application/pdf', content: PDF_BYTES } });
    expect(res.statusCode).toBe(400);
    expect(decode(res.body)).toContain('Tệp "lon.pdf" lớn hơn 10 MB');
    const again = await b.get(`${draftUrl}/uploads`);
    expect(again.statusCode).toBe(200);
    expect(decode(again.body)).not.toContain('Đã tải lên: lon.pdf');
  });

  /** A new draft of the birth registration, at its uploads step. */
  async function draftAtUploads(b: Browser): Promise<string> {
    await b.get(`/procedures/${BIRTH}/apply`);
    const started = await b.post(`/procedures/${BIRTH}/apply`, { caseCode: '01', receivingAgency: WARD });
    const draftUrl = String(started.headers.location).replace(/\/form$/, '');
    await b.get(`${draftUrl}/uploads`);
    return draftUrl;
  }

  /** The error shown next to a component's file field. */
  const fieldError = (html: string, index: number) => decode(new RegExp(`id="f-components-${index}-error">([^<]*)<`).exec(html)?.[1] ?? '');

  it('refuses the polyglot invoice.pdf.exe and its well-formed twin, next to their fields, in both languages', async () => {
    signedIn = actors.citizen2;
    for (const lang of ['vi', 'en']) {
      const b = new Browser(app);
      b.cookies.set('lang', lang);
      const draftUrl = await draftAtUploads(b);
      const res = await b.upload(`${draftUrl}/uploads`, {
        c0: { name: 'invoice.pdf.exe', type: 'application/pdf', content: samplePolyglot() },
        c1: { name: 'invoice.pdf', type: 'application/pdf', content: samplePolyglot({ wellFormed: true }) },
      });
      expect(res.statusCode).toBe(400);
      if (lang === 'vi') {
        expect(fieldError(res.body, 0)).toMatch(/^Tên tệp "invoice.pdf.exe" không được chấp nhận/);
        expect(fieldError(res.body, 1)).toMatch(/^Tệp "invoice.pdf" có chứa nội dung có thể thực thi/);
      } else {
        expect(fieldError(res.body, 0)).toMatch(/^The file name "invoice.pdf.exe" is not accepted/);
        expect(fieldError(res.body, 1)).toMatch(/^The file "invoice.pdf" contains content that can run/);
      }
      expect(decode(res.body)).not.toMatch(/Đã tải lên|Uploaded:/);
    }
  });

  it('keeps the receipt from other applicants', async () => {
    signedIn = actors.citizen2;
    expect((await new Browser(app).get(`/dossiers/${code}/receipt`)).statusCode).toBe(404);
    expect((await new Browser(app).get(`/dossiers/${code}/receipt.pdf`)).statusCode).toBe(404);
  });

  it('tracks a dossier from a signed-out browser with the second factor', async () => {
    signedIn = undefined;
    const b = new Browser(app);
    const page = await b.get(`/track?code=${encodeURIComponent(code)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${code}"`);
    const wrong = await b.post('/track', { code, verifier: '9999' });
    const unknown = await b.post('/track', { code: `${WARD}-991231-0001`, verifier: '5678' });
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(decode(wrong.body)).toContain('Không tìm thấy hồ sơ');
    const found = await b.post('/track', { code, verifier: '5678' });
    expect(found.statusCode).toBe(200);
    expect(decode(found.body)).toContain('Mới đăng ký');
    expect(decode(found.body)).toContain('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công');
  });

  it('shows the queue to officials of the receiving agency only', async () => {
    signedIn = actors.wardClerk;
    const queue = await new Browser(app).get('/console/dossiers');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(code);
    signedIn = actors.otherClerk;
    expect((await new Browser(app).get('/console/dossiers')).body).not.toContain(code);
    signedIn = actors.citizen;
    expect((await new Browser(app).get('/console/dossiers')).statusCode).toBe(403);
  });
});
