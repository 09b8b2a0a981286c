import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/module/index.ts';
import { countingBody } from '../../platform/testing/index.ts';
import { actorHeader, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

const official = (id: string, agencyCode: string, roles: Actor['roles']): Actor => ({ accountId: id, kind: 'official', displayName: `Cán bộ ${id}`, agencyCode, roles });
const clerkH49 = official('vt-h49', H49, ['exchange_clerk']);
const clerkG15 = official('vt-g15', G15, ['exchange_clerk']);
const leaderH29 = official('ld-h29', H29, ['leader']);
const specialist = official('cv-h49', H49, ['specialist']);

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

async function get(actor: Actor | undefined, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(actor ? actorHeader(actor) : {}) } });
}

/** The CSRF cookie and token of a page, as a browser would carry them to the next POST. */
async function csrfFrom(actor: Actor, url: string): Promise<{ cookie: string; token: string }> {
  const page = await get(actor, url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.cookies.find((c) => c.name === '_csrf');
  if (!token || !cookie) throw new Error(`no CSRF token on ${url}`);
  return { cookie: `_csrf=${cookie.value}`, token };
}

function multipart(fields: [string, string][], file?: { name: string; filename: string; type: string; bytes: Buffer }) {
  const boundary = '----egovtest';
  const parts: Buffer[] = fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function compose(actor: Actor, fields: [string, string][], file?: Parameters<typeof multipart>[1]) {
  const { cookie, token } = await csrfFrom(actor, '/exchange/compose');
  const body = multipart([['_csrf', token], ...fields], file);
  return t.app.inject({ method: 'POST', url: '/exchange/compose', headers: { ...actorHeader(actor), cookie, 'content-type': body.contentType, accept: 'text/html' }, payload: body.payload });
}

async function report(actor: Actor, packageUrl: string, code: string, description: string) {
  const { cookie, token } = await csrfFrom(actor, packageUrl);
  return t.app.inject({
    method: 'POST',
    url: `${packageUrl}/status`,
    headers: { ...actorHeader(actor), cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: token, code, description }).toString(),
  });
}

const pdf = Buffer.from('%PDF-1.4\n% công văn mẫu\n%%EOF\n');

describe('the clerk (văn thư) pages', () => {
  let packageUrl = '';

  it('compose sends a very urgent document with a PDF to two agencies', async () => {
    // The picker finds recipients by part of their name, never the clerk's own agency.
    const form = await get(clerkH49, `/exchange/compose?q=${encodeURIComponent('tư pháp')}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`name="add" value="${G15}"`);
    expect((await get(clerkH49, `/exchange/compose?q=${encodeURIComponent('Quảng Ninh')}`)).body).not.toContain(`value="${H49}"`);
    const response = await compose(
      clerkH49,
      [
        ['subject', 'V/v báo cáo tình hình tiếp nhận hồ sơ'],
        ['codeNumber', '45'],
        ['codeNotation', 'UBND-VX'],
        ['recipients', G15],
        ['recipients', H29],
        ['priority', '2'],
        ['dueDate', '2026-12-31'],
        ['content', 'Đề nghị báo cáo trước ngày 31/12.'],
      ],
      { name: 'attachment', filename: 'cong-van-45.pdf', type: 'application/pdf', bytes: pdf },
    );
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    expect(response.headers.location).toBe('/exchange/sent?sent=1');
    const sent = await get(clerkH49, '/exchange/sent?sent=1');
    expect(sent.body).toContain('V/v báo cáo tình hình tiếp nhận hồ sơ');
    expect(sent.body).toContain('Thượng khẩn');
  });

  it('the recipient sees it in the inbox with its priority and due date, and downloads the PDF', async () => {
    const inbox = await get(clerkG15, '/exchange');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Thượng khẩn');
    expect(inbox.body).toContain('31/12/2026');
    packageUrl = /href="(\/exchange\/packages\/[0-9a-f-]{36})"/.exec(inbox.body)?.[1] ?? '';
    expect(packageUrl).not.toBe('');
    const page = await get(clerkG15, packageUrl);
    expect(page.body).toContain('45/UBND-VX');
    expect(page.body).toContain('cong-van-45.pdf');
    const download = await get(clerkG15, `${packageUrl}/attachments/1`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });

  it('names agencies in the page’s language: the directory’s English names on English pages', async () => {
    const inEnglish = (actor: Actor, url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: 'lang=en', ...actorHeader(actor) } });
    const inbox = await inEnglish(clerkG15, '/exchange');
    expect(inbox.body).toContain('Ministry of Justice');
    expect(inbox.body).toContain("Quảng Ninh Province People's Committee");
    expect(inbox.body).not.toContain('Bộ Tư pháp');
    const sent = await inEnglish(clerkH49, '/exchange/sent');
    expect(sent.body).toContain('Ministry of Justice');
    expect(sent.body).not.toContain('Bộ Tư pháp');
    expect((await get(clerkG15, '/exchange')).body).toContain('Bộ Tư pháp');
    const recipients = await t.app.inject({ method: 'GET', url: `/exchange/recipients?q=${encodeURIComponent('Bộ Tư pháp')}`, headers: { accept: 'application/json', cookie: 'lang=en', ...actorHeader(clerkH49) } });
    expect(recipients.json<{ items: { code: string; name: string }[] }>().items).toContainEqual({ code: G15, name: 'Ministry of Justice' });
  });

  it('one recipient accepts and finishes, the other refuses; the sender sees both histories', async () => {
    expect((await report(clerkG15, packageUrl, '03', 'Đã vào sổ')).statusCode).toBe(303);
    expect((await report(clerkG15, packageUrl, '06', 'Đã báo cáo')).statusCode).toBe(303);
    expect((await report(leaderH29, packageUrl, '02', 'Không thuộc thẩm quyền')).statusCode).toBe(303);
    // Handled documents leave the inbox.
    expect((await get(clerkG15, '/exchange')).body).not.toContain(packageUrl);

    const sent = await get(clerkH49, '/exchange/sent');
    expect(sent.body).toMatch(new RegExp(`Bộ Tư pháp <small class="agency-code">${G15.replaceAll('.', '\\.')}</small></span>: [^;]+; 06`));
    expect(sent.body).toMatch(new RegExp(`${H29.replaceAll('.', '\\.')}</small></span>: [^;]+; 02`));
    const page = await get(clerkH49, packageUrl);
    expect(page.body).toContain('Không thuộc thẩm quyền');
    expect(page.body).toContain('Đã vào sổ');
    // The sender reports no status on its own document.
    expect(page.body).not.toContain('/status"');
    // A recipient sees its own history only.
    expect((await get(leaderH29, packageUrl)).body).not.toContain('Đã vào sổ');
  });

  it('shows the errors of an incomplete form', async () => {
    const response = await compose(clerkH49, [['subject', ''], ['codeNumber', '46'], ['codeNotation', 'UBND-VX']]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('error-summary');
    expect(response.body).toContain('Nhập trích yếu nội dung.');
    const notPdf = await compose(clerkH49, [['subject', 'Có tệp'], ['codeNumber', '47'], ['codeNotation', 'UBND-VX'], ['recipients', G15]], { name: 'attachment', filename: 'x.exe', type: 'application/octet-stream', bytes: Buffer.from('MZ') });
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.body).toContain('Tệp đính kèm phải là tệp PDF.');
  });

  it('is only for clerks and leaders', async () => {
    expect((await get(specialist, '/exchange')).statusCode).toBe(403);
    // Signed out: the login page, then back here (the one rule for pages).
    const signedOut = await get(undefined, '/exchange');
    expect([signedOut.statusCode, signedOut.headers.location]).toEqual([303, '/login?next=%2Fexchange']);
    expect((await get(clerkH49, '/exchange?lang=en')).statusCode).toBe(200);
  });
});

describe('downloads of attachments', () => {
  it('name the file as the sender did, whatever it holds, in a header that is always valid (RFC 6266/5987)', async () => {
    const name = 'Công văn số 12 (bản gốc)*.pdf';
    const sent = await compose(clerkH49, [['subject', 'Tên tệp lạ'], ['codeNumber', '48'], ['codeNotation', 'UBND-VX'], ['recipients', G15]], {
      name: 'attachment',
      filename: name.normalize('NFD'),
      type: 'application/pdf',
      bytes: pdf,
    });
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
    const inbox = await get(clerkG15, '/exchange');
    const urls = [...inbox.body.matchAll(/href="(\/exchange\/packages\/[0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');
    const pages = await Promise.all(urls.map(async (url) => ({ url, body: (await get(clerkG15, url)).body })));
    const packageUrl = pages.find((p) => p.body.includes('Tên tệp lạ'))?.url;
    const download = await get(clerkG15, `${packageUrl}/attachments/1`);
    expect(download.statusCode).toBe(200);
    const header = String(download.headers['content-disposition']);
    expect(header).toMatch(/^attachment; filename="Cong van so 12 \(ban goc\)\*\.pdf"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '')).toBe(name);
  });
});

describe('compose with a large attachment', () => {
  const LARGE = 8 * 1024 * 1024;

  /** A compose form whose PDF part is LARGE bytes, made only as the server reads them. */
  async function largeCompose(actor: Actor | undefined, csrf: 'valid' | 'forged') {
    const { cookie, token } = await csrfFrom(clerkH49, '/exchange/compose');
    const boundary = '----egovlarge';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf === 'valid' ? token : 'forged'}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const body = countingBody(LARGE, head);
    const response = await t.app.inject({
      method: 'POST',
      url: '/exchange/compose',
      headers: { ...(actor ? actorHeader(actor) : {}), cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(LARGE), accept: 'text/html' },
      payload: body.stream,
    });
    body.stream.destroy();
    return { status: response.statusCode, read: body.read() };
  }

  it('refuses a visitor without a session, or an official who may not send, before reading the attachment', async () => {
    for (const [actor, status] of [[undefined, 401], [specialist, 403]] as const) {
      const refused = await largeCompose(actor, 'valid');
      expect(refused.status).toBe(status);
      expect(refused.read).toBeLessThan(512 * 1024);
    }
  });

  it('refuses a clerk whose form lacks its CSRF token, also before reading the attachment', async () => {
    const refused = await largeCompose(clerkH49, 'forged');
    expect(refused.status).toBe(403);
    expect(refused.read).toBeLessThan(512 * 1024);
  });
});
