import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDossierFiles, listProgress, listProgressAndFiles } from '../dossiers/index.ts';
import { sql } from '../../platform/db/index.ts';
import * as repo from './backoffice.repository.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

/** The dossier page reads the case, its documents and its hand-offs in one statement: the same rows, of the same types, as the three reads. */
describe('backoffice: a dossier\'s case, documents and hand-offs in one read', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  const separately = async (code: string) => ({ case: await repo.findCase(env.db, code), documents: await repo.listDocuments(env.db, code), handoffs: await repo.listHandoffs(env.db, code) });

  it('equals findCase, listDocuments and listHandoffs, with and without rows', async () => {
    const { code } = await env.apply();
    expect(await repo.findCaseTrail(env.db, code)).toEqual(await separately(code));
    expect(await repo.findCaseTrail(env.db, code)).toEqual({ case: undefined, documents: [], handoffs: [] });
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    await sql`INSERT INTO backoffice_handoffs (dossier_code, receiving_unit, from_unit, to_unit, step_index, sent_at, sent_by, due_at, returned_at)
              VALUES (${code}, '000.00.51.H49', '000.00.51.H49', '000.00.03.H49', 1, now() - interval '2 days', ${officials.clerk.accountId}::uuid, NULL, now() - interval '1 day'),
                     (${code}, '000.00.51.H49', '000.00.51.H49', '000.00.03.H49', 2, now(), ${officials.clerk.accountId}::uuid, now() + interval '3 days', NULL)`.execute(env.db);
    const trail = await repo.findCaseTrail(env.db, code);
    expect(trail).toEqual(await separately(code));
    expect(trail.case?.stepStartedAt).toBeInstanceOf(Date);
    expect(trail.documents.map((d) => d.kind)).toEqual(['01']);
    expect(trail.handoffs.map((h) => [h.stepIndex, h.returnedAt === null, h.dueAt === null])).toEqual([[1, false, true], [2, true, false]]);
    // The dossier's history and files in one statement, as listProgress and listDossierFiles give them.
    const id = v.dossier.id;
    const both = await listProgressAndFiles(env.db, id);
    expect(both).toEqual({ progress: await listProgress(env.db, id), files: await listDossierFiles(env.db, id) });
    expect(both.progress.length).toBeGreaterThanOrEqual(2);
    expect(both.files).toHaveLength(2);
    expect(await listProgressAndFiles(env.db, -1)).toEqual({ progress: [], files: [] });
  });
});
