import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { sweepFiles } from '../../platform/files/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp, pdfStream, samplePdf, samplePolyglot } from '../../platform/testing/index.ts';
import { actors, birthAnswers, BIRTH, Browser, setUpDossiers, WARD } from './dossiers.test-support.ts';

const KB = 1024;
// Small limits, in the proportions of UPLOAD_LIMITS, so that tests move kilobytes instead of megabytes.
const limits = { fileBytes: 64 * KB, draftBytes: 120 * KB, accountBytesPerDay: 400 * KB, requestBytes: 100 * KB };

/** A well-formed PDF of about `size` bytes, unlike any other. */
const pdfOf = (size: number) => samplePdf({ objects: [pdfStream('', randomBytes(size - 400))] });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const fieldError = (html: string, index: number) => decode(new RegExp(`id="f-components-${index}-error">([^<]*)<`).exec(html)?.[1] ?? '');
const pdf = (name: string, content: Buffer) => ({ name, type: 'application/pdf', content });

describe('upload limits', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpDossiers({ uploadLimits: limits });
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** A browser at the uploads step of a new birth registration draft of `actor`. */
  async function atUploads(actor: Actor): Promise<{ b: Browser; url: string; draftId: string }> {
    signedIn = actor;
    const { draftId } = await env.api.saveDraft(actor, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: {}, step: 'uploads' });
    const b = new Browser(app);
    const url = `/applications/${draftId}/uploads`;
    await b.get(url);
    return { b, url, draftId };
  }
  const stored = (content: Buffer) => env.ctx.files.has(sha256(content));
  const draftFiles = async (draftId: string) =>
    (await sql<{ c: number }>`SELECT component_index AS c FROM dossier_uploads WHERE draft_id = ${draftId}::uuid ORDER BY 1`.execute(env.db)).rows.map((r) => r.c);

  it('refuses a file for a component the procedure does not have before storing it, and reads no further', async () => {
    const { b, url, draftId } = await atUploads(actors.citizen);
    const [kept, c7, c999, after] = [pdfOf(2 * KB), pdfOf(2 * KB), pdfOf(2 * KB), pdfOf(2 * KB)];
    const res = await b.upload(url, [['c0', pdf('a.pdf', kept)], ['c7', pdf('b.pdf', c7)], ['c999', pdf('c.pdf', c999)], ['c1', pdf('d.pdf', after)]]);
    expect(res.statusCode).toBe(400);
    expect(decode(res.body)).toContain('Thủ tục này không có thành phần hồ sơ số 7');
    expect(res.headers.connection).toBe('close');
    expect([await stored(kept), await stored(c7), await stored(c999), await stored(after)]).toEqual([true, false, false, false]);
    expect(await draftFiles(draftId)).toEqual([0]);
  });

  it('takes one file per component: a hundred files in one request store one', async () => {
    const { b, url, draftId } = await atUploads(actors.citizen);
    const files = Array.from({ length: 100 }, () => pdfOf(2 * KB));
    const res = await b.upload(url, files.map((f, i): [string, ReturnType<typeof pdf>] => ['c0', pdf(`${i}.pdf`, f)]));
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 0)).toMatch(/^Mỗi thành phần hồ sơ chỉ nhận 1 tệp/);
    const kept = await Promise.all(files.map(stored));
    expect(kept.filter(Boolean)).toHaveLength(1);
    expect(await draftFiles(draftId)).toEqual([0]);
  });

  it('never keeps a refused file: not one refused after a look at its content, nor one too large', async () => {
    const { b, url } = await atUploads(actors.citizen);
    const polyglot = samplePolyglot({ wellFormed: true });
    const large = pdfOf(limits.fileBytes + 10 * KB);
    const res = await b.upload(url, { c0: pdf('invoice.pdf', polyglot), c1: pdf('lon.pdf', large) });
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 1)).toMatch(/^Tệp "lon.pdf" lớn hơn/);
    expect([await stored(polyglot), await stored(large)]).toEqual([false, false]);
  });

  it('limits the bytes of a draft: the file past it is refused next to its field and not kept', async () => {
    const { b, url, draftId } = await atUploads(actors.citizen2);
    const [a, c, d] = [pdfOf(45 * KB), pdfOf(45 * KB), pdfOf(45 * KB)];
    expect((await b.upload(url, { c0: pdf('a.pdf', a), c1: pdf('c.pdf', c) })).statusCode).toBe(303);
    const res = await b.upload(url, { c2: pdf('d.pdf', d) });
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 2)).toMatch(/^Các tệp của hồ sơ này đã tới giới hạn 0\.1 MB nên tệp "d.pdf" không được lưu/);
    expect(await stored(d)).toBe(false);
    // Replacing a file frees its bytes.
    expect((await b.upload(url, { c0: pdf('a2.pdf', pdfOf(20 * KB)), c2: pdf('d2.pdf', pdfOf(45 * KB)) })).statusCode).toBe(303);
    expect(await draftFiles(draftId)).toEqual([0, 1, 2]);
  });

  it('stops reading a request past its bytes', async () => {
    const { b, url } = await atUploads(actors.citizen);
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(60 * KB)]);
    const [second, third] = [pdfOf(60 * KB), pdfOf(10 * KB)];
    const res = await b.upload(url, { c0: pdf('hong.pdf', broken), c1: pdf('hai.pdf', second), c2: pdf('ba.pdf', third) });
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 0)).toMatch(/bị hỏng/);
    expect(fieldError(res.body, 1)).toMatch(/^Lần gửi này vượt quá 0.1 MB nên tệp "hai.pdf" và các tệp sau nó không được đọc/);
    expect(res.headers.connection).toBe('close');
    expect([await stored(second), await stored(third)]).toEqual([false, false]);
  });

  it('limits the bytes an account stores per day, also for parallel uploads to several drafts', async () => {
    const drafts = await Promise.all(Array.from({ length: 8 }, () => atUploads(actors.citizen3)));
    const files = drafts.map(() => pdfOf(60 * KB));
    const results = await Promise.all(drafts.map(({ b, url }, i) => b.upload(url, { c0: pdf(`${i}.pdf`, files[i]!) })));
    const accepted = results.filter((r) => fieldError(r.body, 0) === '').length;
    expect(accepted * 60 * KB).toBeLessThanOrEqual(limits.accountBytesPerDay);
    expect(accepted).toBe(Math.floor(limits.accountBytesPerDay / files[0]!.length));
    const refused = results.find((r) => fieldError(r.body, 0) !== '');
    expect(fieldError(refused!.body, 0)).toMatch(/^Hôm nay tài khoản của bạn đã tải lên tới giới hạn/);
    expect((await Promise.all(files.map(stored))).filter(Boolean)).toHaveLength(accepted);
    // Another account is not affected.
    const other = await atUploads(actors.citizen4);
    expect(fieldError((await other.b.upload(other.url, { c0: pdf('a.pdf', pdfOf(60 * KB)) })).body, 0)).toBe('');
  });

  it('files nothing of a JSON application that is refused: files of unknown components, second files, invalid answers', async () => {
    signedIn = actors.citizen4;
    const b = new Browser(app);
    await b.get(`/procedures/${BIRTH}/apply`);
    const [csrf, cookie] = [b.csrf, b.cookieHeader()];
    const submit = (uploads: { componentIndex: number; content: Buffer }[], answers = birthAnswers({ applicantPersonalId: '036190000005', applicantPhone: '0977333444' })) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/dossiers',
        headers: { 'csrf-token': csrf, cookie },
        payload: { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers, uploads: uploads.map((u, i) => ({ componentIndex: u.componentIndex, fileName: `tep-${i}.pdf`, contentBase64: u.content.toString('base64') })) },
      });
    const files = Array.from({ length: 4 }, () => pdfOf(2 * KB));
    const unknown = await submit([{ componentIndex: 0, content: files[0]! }, { componentIndex: 9, content: files[1]! }]);
    expect(unknown.json()).toMatchObject({ error: { code: 'dossiers.upload_component_unknown', fields: [{ field: 'uploads[1]' }] } });
    const twice = await submit([{ componentIndex: 0, content: files[0]! }, { componentIndex: 0, content: files[1]! }]);
    expect(twice.json()).toMatchObject({ error: { code: 'dossiers.upload_limit', fields: [{ field: 'uploads[1]' }] } });
    const invalid = await submit([{ componentIndex: 0, content: files[2]! }, { componentIndex: 1, content: files[3]! }], birthAnswers({ childName: '' }));
    expect(invalid.json()).toMatchObject({ error: { code: 'dossiers.answers_invalid' } });
    expect(await Promise.all(files.map(stored))).toEqual([false, false, false, false]);
    const filed = await submit([{ componentIndex: 0, content: files[2]! }, { componentIndex: 1, content: files[3]! }]);
    expect(filed.statusCode).toBe(201);
    expect(await Promise.all(files.map(stored))).toEqual([false, false, true, true]);
  });

  it('names its drafts\' and dossiers\' files to the sweep, which removes a replaced one', async () => {
    const { b, url } = await atUploads(actors.citizen);
    const [first, replacement] = [pdfOf(2 * KB), pdfOf(2 * KB)];
    await b.upload(url, { c0: pdf('a.pdf', first) });
    await b.upload(url, { c0: pdf('b.pdf', replacement) });
    const named = [...(await env.registration.fileReferences!([sha256(first), sha256(replacement), 'f'.repeat(64)]))];
    expect(named).toEqual([sha256(replacement)]);
    // A day later, with another module naming nothing of these: the replaced file goes.
    const report = await sweepFiles(env.ctx.files, [{ owner: 'dossiers', referenced: env.registration.fileReferences! }], { now: new Date(Date.now() + 25 * 3600_000) });
    expect(report.unreferenced).toBeGreaterThanOrEqual(1);
    expect([await stored(first), await stored(replacement)]).toEqual([false, true]);
  });
});
