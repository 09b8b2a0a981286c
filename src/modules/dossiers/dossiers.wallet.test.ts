import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp, samplePdf } from '../../platform/testing/index.ts';
import { actors, BIRTH, Browser, setUpDossiers, WARD } from './dossiers.test-support.ts';
import { walletPersonalData } from './dossiers.wallet.personal-data.ts';
import { addToWalletInTx } from './dossiers.wallet.ts';

/** A multipart body with plain fields and files, in the given order (as a browser sends the form). */
function multipart(csrf: string, parts: [string, string | { name: string; content: Buffer }][]) {
  const boundary = '----egovwallet9f3k';
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  for (const [name, value] of parts) {
    if (typeof value === 'string') chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\nContent-Type: application/pdf\r\n\r\n`), value.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('the document wallet', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;
  let walletId = 0;
  let otherWalletId = 0;
  const result = samplePdf();
  let resultSha = '';

  beforeAll(async () => {
    env = await setUpDossiers();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
    const stored = await env.ctx.files.put(result);
    resultSha = stored.sha256;
    const doc = { title: 'Giấy khai sinh', sha256: stored.sha256, size: stored.size, contentType: 'application/pdf', fileName: 'ket-qua-000.00.51.H49-261207-0001.pdf', dossierCode: '000.00.51.H49-261207-0001', issuerName: 'UBND phường Vân Đồn', issuedAt: new Date('2026-12-07T03:00:00Z') };
    walletId = await env.db.transaction().execute((tx) => addToWalletInTx(tx, { ...doc, accountId: actors.citizen.accountId }));
    // The same bytes twice are one document.
    expect(await env.db.transaction().execute((tx) => addToWalletInTx(tx, { ...doc, accountId: actors.citizen.accountId }))).toBe(walletId);
    otherWalletId = await env.db.transaction().execute((tx) => addToWalletInTx(tx, { ...doc, title: 'Giấy của người khác', accountId: actors.citizen2.accountId }));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const audited = async (action: string, id: number) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE action = ${action} AND entity_type = 'wallet_document' AND entity_id = ${String(id)}`.execute(env.db)).rows[0]?.n);

  it('lists only the owner’s documents and lets only the owner download them, each download audited', async () => {
    signedIn = actors.citizen;
    const b = new Browser(app);
    const page = await b.get('/my/wallet');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kho giấy tờ');
    expect(page.body).toContain('Giấy khai sinh');
    expect(page.body).not.toContain('Giấy của người khác');
    expect(page.body).toContain(`href="/my/wallet/${walletId}/file"`);
    const file = await b.get(`/my/wallet/${walletId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="ket-qua-000.00.51.H49-261207-0001.pdf"/);
    expect(file.rawPayload.equals(result)).toBe(true);
    expect(await audited('dossiers.wallet_document_viewed', walletId)).toBe(1);
    // Another account's document: the same answer as none.
    expect((await b.get(`/my/wallet/${otherWalletId}/file`)).statusCode).toBe(404);
    expect((await b.get('/my/wallet/999999/file')).statusCode).toBe(404);
    expect(await audited('dossiers.wallet_document_viewed', otherWalletId)).toBe(0);

    signedIn = actors.citizen2;
    expect((await new Browser(app).get(`/my/wallet/${walletId}/file`)).statusCode).toBe(404);
    signedIn = undefined;
    expect((await new Browser(app).get('/my/wallet')).statusCode).toBe(303);
  });

  it('the upload step offers the wallet per component; choosing a document attaches its bytes to the draft, audited; someone else’s is refused', async () => {
    signedIn = actors.citizen;
    const { draftId } = await env.api.saveDraft(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: {}, step: 'uploads' });
    const url = `/applications/${draftId}/uploads`;
    const b = new Browser(app);
    const form = await b.get(url);
    expect(form.body).toContain('<select id="f-wallet-0" name="w0">');
    expect(form.body).toContain(`<option value="${walletId}">Giấy khai sinh`);
    expect(form.body).not.toContain('Giấy của người khác');

    const post = async (parts: [string, string | { name: string; content: Buffer }][]) => {
      const { payload, contentType } = multipart(b.csrf, parts);
      return app.inject({ method: 'POST', url, payload, headers: { cookie: b.cookieHeader(), accept: 'text/html', 'content-type': contentType } });
    };
    const draftFiles = async () => (await sql<{ c: number; sha256: string; original_name: string }>`SELECT component_index AS c, sha256, original_name FROM dossier_uploads WHERE draft_id = ${draftId}::uuid ORDER BY 1`.execute(env.db)).rows;

    // Someone else's wallet document: refused on the component, nothing attached.
    const refused = await post([['c0', { name: '', content: Buffer.alloc(0) }], ['w0', String(otherWalletId)]]);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Không tìm thấy giấy tờ này trong kho giấy tờ của bạn.');
    expect(await draftFiles()).toEqual([]);

    // Both a file and a wallet document for one component: the wallet one is refused.
    const both = await post([['c0', { name: 'to-khai.pdf', content: samplePdf({ objects: ['<< /Note (khac) >>'] }) }], ['w0', String(walletId)]]);
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Chọn tệp tải lên hoặc giấy tờ trong kho, không chọn cả hai.');

    // Wallet documents for both components, no file: attached, and the step moves on.
    const ok = await post([['c0', { name: '', content: Buffer.alloc(0) }], ['w0', String(walletId)], ['c1', { name: '', content: Buffer.alloc(0) }], ['w1', String(walletId)]]);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/applications/${draftId}/review`);
    expect(await draftFiles()).toEqual([
      { c: 0, sha256: resultSha, original_name: 'ket-qua-000.00.51.H49-261207-0001.pdf' },
      { c: 1, sha256: resultSha, original_name: 'ket-qua-000.00.51.H49-261207-0001.pdf' },
    ]);
    expect(await audited('dossiers.wallet_document_attached', walletId)).toBe(2);
  });

  it('is part of the person’s data: exported with its access log, emptied by an erasure; its files are kept by the sweep', async () => {
    const source = walletPersonalData(env.db);
    const section = await source.collect(actors.citizen.accountId);
    expect((section.data as { walletDocuments: { title: string }[] }).walletDocuments.map((d) => d.title)).toEqual(['Giấy khai sinh']);
    expect(section.accessLog.map((e) => e.action)).toEqual(expect.arrayContaining(['dossiers.wallet_document_viewed', 'dossiers.wallet_document_attached']));
    expect(await env.registration.fileReferences!([resultSha])).toEqual([resultSha]);
    const outcome = await env.db.transaction().execute((tx) => source.erase(tx, actors.citizen2.accountId));
    expect(outcome.erased).toEqual([{ what: 'Giấy tờ trong kho giấy tờ (bản sao kết quả)', count: 1 }]);
    expect((await source.collect(actors.citizen2.accountId)).summary.lines).toEqual([]);
  });
});
