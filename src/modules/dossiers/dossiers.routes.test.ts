import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { samplePdf, samplePolyglot } from '../../platform/testing/index.ts';
import { actors, birthAnswers, BIRTH, PDF_BYTES, setUpDossiers, WARD } from './dossiers.test-support.ts';

describe('dossiers JSON API', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;
  let cookie = '';
  let token = '';

  beforeAll(async () => {
    // Stands in for an antivirus: refuses any file containing the EICAR test string.
    env = await setUpDossiers({
      scanner: {
        async scan(file) {
          const chunks: Buffer[] = [];
          for await (const chunk of file.open()) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).includes('EICAR') ? { clean: false, reason: 'EICAR test file' } : { clean: true };
        },
      },
    });
    app = await createHttpApp({ config: env.ctx.config, logger: env.ctx.logger, ready: async () => undefined });
    if (!app.hasRequestDecorator('actor')) app.decorateRequest('actor', undefined);
    app.addHook('onRequest', async (request) => {
      request.actor = signedIn;
    });
    // A JSON client gets its token from any page; this route stands in for one.
    app.get('/test/csrf', async (_request, reply) => ({ token: reply.generateCsrf() }));
    await env.registration.registerRoutes?.(app);
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/test/csrf' });
    token = res.json<{ token: string }>().token;
    cookie = (Array.isArray(res.headers['set-cookie']) ? res.headers['set-cookie'] : [String(res.headers['set-cookie'])]).map((c) => c.split(';')[0]).join('; ');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const file = (componentIndex: number) => ({ componentIndex, fileName: `tep-${componentIndex}.pdf`, contentBase64: PDF_BYTES.toString('base64') });
  const submit = (body: object, headers: Record<string, string> = { 'csrf-token': token, cookie }) => app.inject({ method: 'POST', url: '/api/v1/dossiers', payload: body, headers });

  let code = '';

  it('files a dossier for a signed-in citizen', async () => {
    signedIn = actors.citizen;
    const res = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ childBirthDate: '2026-01-05' }), uploads: [file(0), file(1)] });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ code: string; trackUrl: string; receiptUrl: string }>();
    expect(body.code).toMatch(/^000\.00\.51\.H49-\d{6}-0001$/);
    expect(body.trackUrl).toBe(`https://dichvucong.example.vn/track?code=${encodeURIComponent(body.code)}`);
    code = body.code;
  });

  it('needs the CSRF header, a signed-in applicant and valid answers', async () => {
    signedIn = actors.citizen;
    expect((await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: [file(0), file(1)] }, { cookie })).statusCode).toBe(403);
    const invalid = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ applicantPhone: '12' }), uploads: [file(0), file(1)] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'dossiers.answers_invalid', fields: [{ field: 'applicantPhone' }] } });
    const notPdf = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: [file(0), { ...file(1), contentBase64: Buffer.from('hello').toString('base64') }] });
    expect(notPdf.json()).toMatchObject({ error: { code: 'dossiers.upload_invalid', fields: [{ field: 'uploads[1]' }] } });
    const infected = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: [file(0), { ...file(1), contentBase64: samplePdf({ objects: ['(X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE)'] }).toString('base64') }] }, { 'csrf-token': token, cookie, 'accept-language': 'vi' });
    expect(infected.statusCode).toBe(400);
    expect(infected.json()).toMatchObject({ error: { code: 'dossiers.upload_invalid', fields: [{ field: 'uploads[1]', message: 'Tệp "tep-1.pdf" không qua được kiểm tra an toàn (mã độc), hãy tải lên tệp khác' }] } });
    signedIn = undefined;
    expect((await submit({ procedureCode: BIRTH, caseCode: '01', answers: {} })).statusCode).toBe(401);
    signedIn = actors.wardClerk;
    expect((await submit({ procedureCode: BIRTH, caseCode: '01', answers: {} })).statusCode).toBe(403);
  });

  it('refuses the polyglot as a PDF, by its name and by its content', async () => {
    signedIn = actors.citizen;
    const polyglot = (fileName: string, wellFormed: boolean) => ({ componentIndex: 1, fileName, contentBase64: samplePolyglot({ wellFormed }).toString('base64') });
    const named = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: [file(0), polyglot('invoice.pdf.exe', false)] });
    expect(named.statusCode).toBe(400);
    expect(named.json()).toMatchObject({ error: { code: 'dossiers.upload_invalid', fields: [{ field: 'uploads[1]', message: expect.stringMatching(/^Tên tệp "invoice.pdf.exe" không được chấp nhận/) as string }] } });
    const disguised = await submit({ procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: [file(0), polyglot('invoice.pdf', true)] });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json()).toMatchObject({ error: { code: 'dossiers.upload_invalid', fields: [{ field: 'uploads[1]', message: expect.stringMatching(/^Tệp "invoice.pdf" có chứa nội dung có thể thực thi/) as string }] } });
  });

  it('returns the dossier to its owner and the receiving agency, 404 to others', async () => {
    signedIn = actors.citizen;
    const own = await app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}` });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ code, status: 1, statusLabel: 'Mới đăng ký', source: 'portal', caseCode: '01', applicant: { kind: 'citizen', identifier: '001090000001' }, receivingAgency: { code: WARD }, answers: { childName: 'Nguyễn Minh Khôi' } });
    expect(own.json<{ uploads: unknown[] }>().uploads).toHaveLength(2);
    signedIn = actors.wardClerk;
    expect((await app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}` })).statusCode).toBe(200);
    signedIn = actors.citizen2;
    expect((await app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}` })).statusCode).toBe(404);
  });

  it('looks a dossier up by code and verifier, the same 404 for wrong pairs and unknown codes', async () => {
    signedIn = undefined;
    const ok = await app.inject({ method: 'GET', url: `/api/v1/dossiers/lookup?code=${encodeURIComponent(code)}&verifier=001090000001` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ code, status: 1, timeline: [{ status: 1 }] });
    expect(ok.json()).not.toHaveProperty('applicant');
    const wrong = await app.inject({ method: 'GET', url: `/api/v1/dossiers/lookup?code=${encodeURIComponent(code)}&verifier=0000` });
    const unknown = await app.inject({ method: 'GET', url: `/api/v1/dossiers/lookup?code=${encodeURIComponent(`${WARD}-000101-0001`)}&verifier=5678` });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toBe(unknown.body);
  });

  it('publishes the form of a case as JSON Schema', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/dossiers/forms?procedure=${BIRTH}&case=01` });
    expect(res.statusCode).toBe(200);
    const schema = res.json<{ required: string[]; properties: Record<string, { pattern?: string }>; allOf: unknown[] }>();
    expect(schema.required).toContain('childName');
    expect(schema.required).not.toContain('fatherName');
    expect(schema.properties.motherPersonalId?.pattern).toBe('^[0-9]{12}$');
    expect(schema.allOf).toContainEqual({ if: { properties: { fatherKnown: { enum: ['yes'] } }, required: ['fatherKnown'] }, then: { required: ['fatherName'] } });
    expect((await app.inject({ method: 'GET', url: `/api/v1/dossiers/forms?procedure=${BIRTH}&case=09` })).statusCode).toBe(400);
  });
});
