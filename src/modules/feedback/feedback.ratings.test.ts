import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import { RatingRecorded } from './index.ts';
import { DEMO_FINISHED_DOSSIERS } from './feedback.seed.ts';
import { admin, BIRTH, officials, setUpFeedback, WARD } from './feedback.test-support.ts';

let env: Awaited<ReturnType<typeof setUpFeedback>>;
beforeAll(async () => {
  env = await setUpFeedback();
}, 180_000);
afterAll(async () => env?.close());

const [FINISHED, SECOND_FINISHED] = DEMO_FINISHED_DOSSIERS;
const good = { scores: [5, 4, 4, 5, 4], comment: 'Cán bộ hướng dẫn tận tình.' };

describe('satisfaction ratings', () => {
  it('only the applicant rates a finished dossier, once; the second attempt is refused with its own code', async () => {
    await expect(env.api.rate(env.otherCitizen, FINISHED, good)).rejects.toMatchObject({ code: 'feedback.dossier_not_found' });
    await expect(env.api.rate(officials.provinceLeader, FINISHED, good)).rejects.toMatchObject({ code: 'feedback.applicants_only' });
    await expect(env.api.rate(undefined, FINISHED, good)).rejects.toMatchObject({ code: 'feedback.unauthenticated' });
    await expect(env.api.rate(env.citizen, '000.00.51.H49-000000-0000', good)).rejects.toMatchObject({ code: 'feedback.dossier_not_found' });
    const invalid = await env.api.rate(env.citizen, FINISHED, { scores: [5, 0, 6, 'x', undefined] }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'feedback.invalid_input' });
    expect((invalid as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['progress', 'online', 'conduct', 'overall']);

    const rated = await env.api.rate(env.citizen, FINISHED.toLowerCase(), good);
    expect(rated).toEqual({ dossierCode: FINISHED, scores: [5, 4, 4, 5, 4] });
    await expect(env.api.rate(env.citizen, FINISHED, { scores: [1, 1, 1, 1, 1] })).rejects.toMatchObject({ code: 'feedback.already_rated', kind: 'conflict' });
    const stored = await sql<{ q1: number; q5: number; account_id: string }>`SELECT q1, q5, account_id FROM satisfaction_ratings WHERE dossier_code = ${FINISHED}`.execute(env.db);
    expect(stored.rows).toEqual([{ q1: 5, q5: 4, account_id: env.citizen.accountId }]);
    // Concurrent attempts on the other dossier: exactly one is kept.
    const race = await Promise.allSettled([env.api.rate(env.citizen, SECOND_FINISHED, good), env.api.rate(env.citizen, SECOND_FINISHED, { scores: [2, 2, 2, 2, 2] })]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(race.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'feedback.already_rated' } });

    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'dossier' AND entity_id = ${FINISHED} AND action LIKE 'feedback.%'`.execute(env.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['feedback.rating_recorded']);
    const facts = await sql<{ payload: unknown }>`SELECT payload FROM event_facts WHERE type = 'feedback.rating_recorded'`.execute(env.db);
    expect(facts.rows).toHaveLength(2);
    for (const f of facts.rows) expect(Value.Check(RatingRecorded, typeof f.payload === 'string' ? JSON.parse(f.payload) : f.payload)).toBe(true);
  });

  it('refuses a dossier whose result was not returned', async () => {
    const dossiers = env.platform.api<DossiersApi>('dossiers');
    const pdf = await env.platform.ctx.files.put(samplePdf());
    const upload = (componentIndex: number) => ({ componentIndex, sha256: pdf.sha256, size: pdf.size, contentType: 'application/pdf', originalName: `giay-to-${componentIndex}.pdf` });
    const answers = {
      applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912345678', applicantEmail: 'an@example.vn', relation: 'father',
      childName: 'Nguyễn Minh Khôi', gender: 'male', childBirthDate: '2026-11-01', childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
      ethnicity: 'Kinh', motherName: 'Lê Thị Hoa', motherPersonalId: '022192000123', fatherKnown: 'no',
    };
    const submitted = await dossiers.submitApplication(env.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers, uploads: [upload(0), upload(1)] });
    await expect(env.api.rate(env.citizen, submitted.code, good)).rejects.toMatchObject({ code: 'feedback.dossier_not_finished' });
    await expect(env.api.rate(env.otherCitizen, submitted.code, good)).rejects.toMatchObject({ code: 'feedback.dossier_not_found' });
  });

  it('aggregates per agency and per procedure, within the reader\'s agencies', async () => {
    const all = await env.api.ratingSummary(admin, 'agency');
    const ward = all.rows.find((r) => r.agencyCode === WARD);
    expect(ward).toMatchObject({ count: 2, agencyName: 'Ủy ban nhân dân phường Hồng Gai' });
    expect(ward?.averages[0]).toBeGreaterThanOrEqual(2);
    expect(ward?.averages[0]).toBeLessThanOrEqual(5);
    const byProcedure = await env.api.ratingSummary(officials.provinceLeader, 'procedure');
    expect(byProcedure.rows).toHaveLength(1);
    expect(byProcedure.rows[0]).toMatchObject({ agencyCode: WARD, procedureCode: BIRTH, count: 2 });
    // Another province and a department of the same province see nothing of the ward.
    expect((await env.api.ratingSummary(officials.otherProvince)).rows).toEqual([]);
    expect((await env.api.ratingSummary(officials.justice)).rows).toEqual([]);
    await expect(env.api.ratingSummary(officials.clerkOfJustice)).rejects.toMatchObject({ code: 'feedback.officials_only' });
    await expect(env.api.ratingSummary(env.citizen)).rejects.toMatchObject({ code: 'feedback.officials_only' });

    const app = await env.platform.http();
    const json = await app.inject({ url: '/api/v1/feedback/ratings/summary?groupBy=procedure', headers: actorHeader(officials.provinceLeader) });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ groupBy: 'procedure', questions: ['publicity', 'progress', 'online', 'conduct', 'overall'], rows: [{ agencyCode: WARD, count: 2 }] });
    expect((await app.inject({ url: '/api/v1/feedback/ratings/summary' })).statusCode).toBe(401);
    const page = await app.inject({ url: '/console/ratings?by=procedure', headers: { ...actorHeader(officials.provinceLeader), accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đăng ký khai sinh');
  });
});
