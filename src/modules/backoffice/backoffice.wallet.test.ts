import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

describe('backoffice: a result issued goes to the applicant’s document wallet', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  it('issuing the result copies it (same bytes) to the applicant’s wallet, in the same transaction, named in the audit entry', async () => {
    const { code } = await env.apply();
    const view = (actor = officials.clerk) => env.api.dossierView(actor, code);
    await env.api.accept(officials.clerk, code, { version: (await view()).dossier.version });
    await env.api.forward(officials.specialist, code, { version: (await view(officials.specialist)).dossier.version });
    await env.api.forward(officials.leader, code, { version: (await view(officials.leader)).dossier.version });
    const issued = await env.api.issueResult(officials.clerk, code, { version: (await view()).dossier.version });

    const wallet = await sql<{ id: number; account_id: string; sha256: string; title: string; dossier_code: string; issuer_name: string; content_type: string }>`SELECT * FROM wallet_documents WHERE dossier_code = ${code}`.execute(env.db);
    expect(wallet.rows).toHaveLength(1);
    const copy = wallet.rows[0]!;
    expect(copy).toMatchObject({ account_id: env.citizen.accountId, sha256: issued.sha256, dossier_code: code, content_type: 'application/pdf' });
    expect(copy.title.length).toBeGreaterThan(0);
    expect(await env.platform.ctx.files.has(copy.sha256)).toBe(true);
    const audit = await sql<{ data: { walletDocumentId: number } }>`SELECT data FROM audit_log WHERE action = 'backoffice.issue_result' AND entity_id = ${code}`.execute(env.db);
    expect(Number(audit.rows[0]?.data.walletDocumentId)).toBe(Number(copy.id));
  });
});
