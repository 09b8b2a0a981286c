import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp } from '../../platform/testing/index.ts';
import { templateContentType } from './catalog.templates.ts';
import { actors, setUpCatalog } from './catalog.test-support.ts';
import { demoTemplateFile } from './demo/templates.ts';
import { templateFiles } from './templates.repository.ts';

// Form templates (mẫu đơn, tờ khai) as real files: the demo's Word forms, the public download,
// the officials' upload with its checks.

const CODE = '1.001193.000.00.00.H49';
const FILE = 'TK-dang-ky-khai-sinh.docx';
const html = { accept: 'text/html' };

let env: Awaited<ReturnType<typeof setUpCatalog>>;
let app: HttpApp;
let signedIn: Actor | undefined;
beforeAll(async () => {
  env = await setUpCatalog();
  app = await createTestApp(env.ctx, env.registration, () => signedIn);
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

async function upload(actor: Actor | undefined, fileName: string, bytes: Buffer, name = fileName) {
  signedIn = actors.adminH49;
  const page = await app.inject({ method: 'GET', url: `/admin/procedures/${CODE}/templates`, headers: html });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = page.cookies.find((c) => c.name === '_csrf')?.value ?? '';
  signedIn = actor;
  const boundary = '----egovtemplates';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="fileName"\r\n\r\n${fileName}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="template"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url: `/admin/procedures/${CODE}/templates`, headers: { ...html, cookie: `_csrf=${cookie}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}

describe('what a template file may be', () => {
  it('is recognised by its bytes for its extension, and refused with macros or as another type', async () => {
    const docx = await demoTemplateFile('Tờ khai', 'x.docx');
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect(templateContentType('a.docx', docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(templateContentType('a.DOCX', docx)).toBeDefined();
    expect(templateContentType('a.pdf', pdf)).toBe('application/pdf');
    expect(templateContentType('a.doc', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]))).toBe('application/msword');
    expect(templateContentType('a.docx', pdf)).toBeUndefined();
    expect(templateContentType('a.pdf', docx)).toBeUndefined();
    expect(templateContentType('a.exe', docx)).toBeUndefined();
    expect(templateContentType('a.docx', Buffer.concat([docx, Buffer.from('word/vbaProject.bin')]))).toBeUndefined();
    expect(templateContentType('a.docx', Buffer.from('PK\x03\x04 not office at all', 'latin1'))).toBeUndefined();
  });
});

describe('the demo catalogue’s templates', () => {
  it('are Word files downloaded from the procedure page, named as the catalogue names them', async () => {
    signedIn = undefined;
    const page = await app.inject({ method: 'GET', url: `/procedures/${CODE}`, headers: html });
    expect(page.body).toContain(`href="/procedures/${CODE}/templates/${FILE}" download`);
    expect(page.body).toContain(`Tải mẫu đơn, tờ khai: ${FILE}`);
    const file = await app.inject({ method: 'GET', url: `/procedures/${CODE}/templates/${FILE}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.headers['content-disposition']).toContain(`attachment; filename="${FILE}"`);
    expect(file.rawPayload.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(file.rawPayload.includes('word/document.xml')).toBe(true);
    // Kept by the file store's sweep.
    const sha = (await sql<{ sha: string }>`SELECT content_sha256 AS sha FROM procedure_templates WHERE procedure_code = ${CODE} AND file_name = ${FILE}`.execute(env.db)).rows[0]?.sha ?? '';
    expect(await templateFiles(env.db, [sha, 'f'.repeat(64)])).toEqual([sha]);
    expect((await app.inject({ method: 'GET', url: `/procedures/${CODE}/templates/khong-co.docx` })).statusCode).toBe(404);
  });
});

describe('uploading a template', () => {
  it('replaces the file for the procedure’s officials, audited, and the download gives the new one', async () => {
    const replacement = await demoTemplateFile('Tờ khai đăng ký khai sinh (mẫu mới)', FILE);
    const done = await upload(actors.adminH49, FILE, replacement);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/procedures/${CODE}/templates?uploaded=${encodeURIComponent(FILE)}`);
    signedIn = actors.adminH49;
    const page = await app.inject({ method: 'GET', url: done.headers.location as string, headers: html });
    expect(page.body).toContain(`Đã tải lên tệp mẫu ${FILE}.`);
    signedIn = undefined;
    const file = await app.inject({ method: 'GET', url: `/procedures/${CODE}/templates/${FILE}` });
    expect(file.rawPayload.equals(replacement)).toBe(true);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'procedure.template_uploaded' AND entity_id = ${CODE}`.execute(env.db);
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('refuses a file of the wrong type, a name no document gives, and anyone outside the procedure’s scope', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const wrongType = await upload(actors.adminH49, FILE, pdf, 'to-khai.pdf');
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('Tệp không đúng loại theo phần mở rộng của tên, hoặc có chứa macro');
    expect((await upload(actors.adminH49, 'khac.pdf', pdf)).statusCode).toBe(400);
    expect((await upload(actors.adminH49, FILE, Buffer.alloc(0))).statusCode).toBe(400);
    // Over 5 MB: reading stops at the limit, and the form says why.
    const huge = await upload(actors.adminH49, FILE, Buffer.concat([await demoTemplateFile('x', FILE), Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('Tệp mẫu tối đa 5 MB');
    expect((await upload(actors.adminH29, FILE, await demoTemplateFile('x', FILE))).statusCode).toBe(403);
    expect((await upload(actors.citizen, FILE, await demoTemplateFile('x', FILE))).statusCode).toBe(403);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'procedure.template_uploaded'`.execute(env.db);
    expect(audit.rows[0]?.n).toBe(1);
  });
});
