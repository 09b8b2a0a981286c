import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import { accounts, actors, birthAnswers, BIRTH, HOUSEHOLD_BUSINESS, LIQUOR_LICENCE, PDF_BYTES, setUpDossiers, WARD } from './dossiers.test-support.ts';
import type { UploadRecord } from './dossiers.service.ts';
import { DossierSubmitted } from './index.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('dossiers service', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  let files: UploadRecord[];

  beforeAll(async () => {
    env = await setUpDossiers();
    const stored = await env.ctx.files.put(PDF_BYTES);
    files = [0, 1].map((componentIndex) => ({ componentIndex, sha256: stored.sha256, size: stored.size, contentType: 'application/pdf', originalName: `tep-${componentIndex}.pdf` }));
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  const now = new Date('2026-11-20T03:00:00Z'); // Friday 10:00 in Vietnam

  it('files a birth registration: code, status 1, timeline, audit, e-mail and event', async () => {
    const result = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }, { now });
    expect(result.code).toBe(`${WARD}-261120-0001`);
    // One working day from a Friday: the Monday, to its end in Vietnam.
    expect(result.dueAt?.toISOString()).toBe('2026-11-23T17:00:00.000Z');
    const view = await env.api.getDossier(actors.citizen, result.code);
    expect(view.dossier).toMatchObject({ status: 1, source: 'portal', applicantIdentifier: '001090000001', applicantPhoneLast4: '5678', applicantKind: 1, caseCode: '01', receivingAgency: WARD });
    expect(view.dossier.procedureVersionId).toBeGreaterThan(0);
    expect(view.timeline.map((e) => e.status)).toEqual([1]);
    expect(view.uploads.map((u) => u.componentIndex)).toEqual([0, 1]);
    const outbox = await sql<{ type: string; payload: { to?: string; code?: string; text?: string } }>`SELECT type, payload FROM outbox_events ORDER BY id`.execute(env.db);
    expect(outbox.rows.map((r) => r.type)).toEqual(['mail.send']);
    const facts = await sql<{ type: string; payload: { code?: string } }>`SELECT type, payload FROM event_facts ORDER BY id`.execute(env.db);
    expect(facts.rows.map((r) => [r.type, r.payload.code])).toEqual([['dossier.submitted', result.code]]);
    // What the SQL stored is what the door's schema promises consumers.
    expect(Compile(DossierSubmitted).Errors(facts.rows[0]?.payload)).toEqual([]);
    expect(outbox.rows[0]?.payload.to).toBe('an@example.vn');
    // The limit ends at 24:00 on Monday 23/11: the e-mail says Monday, not the next day.
    expect(outbox.rows[0]?.payload.text).toContain('Ngày hẹn trả kết quả dự kiến: 23/11/2026');
    expect(outbox.rows[0]?.payload.text).toContain(`https://dichvucong.example.vn/track?code=${encodeURIComponent(result.code)}`);
    const audit = await sql<{ action: string; entity_id: string }>`SELECT action, entity_id FROM audit_log WHERE action = 'dossier.submitted'`.execute(env.db);
    expect(audit.rows).toEqual([{ action: 'dossier.submitted', entity_id: result.code }]);
  });

  it('reports every invalid answer against its field, in the chosen language', async () => {
    const error = await rejection(
      env.api.submitApplication(
        actors.citizen,
        { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ childName: '', motherPersonalId: '12345', childBirthDate: '2099-01-01', childBirthPlace: { province: '22', commune: '99999', street: 'x' }, relation: 'other' }), uploads: files },
        { now, locale: 'en' },
      ),
    );
    expect(error.code).toBe('dossiers.answers_invalid');
    expect(error.fields).toEqual([
      { field: 'relationOther', message: 'Enter how you are related to the child' },
      { field: 'childName', message: "Enter the child's full name" },
      { field: 'childBirthDate', message: 'Date of birth must be today or in the past' },
      { field: 'childBirthPlace.commune', message: 'Select the commune or ward of the place of birth' },
      { field: 'motherPersonalId', message: "The mother's personal identification number must be exactly 12 digits" },
    ]);
    const vi = await rejection(env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ childName: ' ' }), uploads: files }, { now }));
    expect(vi.fields).toEqual([{ field: 'childName', message: 'Nhập họ, chữ đệm và tên của trẻ' }]);
  });

  it('drops conditional fields that are not asked', async () => {
    const result = await env.api.submitApplication(actors.citizen2, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ fatherKnown: 'no', fatherName: '', fatherPersonalId: 'junk', applicantPersonalId: '022190000002' }), uploads: files }, { now });
    const view = await env.api.getDossier(actors.citizen2, result.code);
    const answers = (view.dossier.formData as { answers: Record<string, unknown> }).answers;
    expect(answers.fatherKnown).toBe('no');
    expect(answers).not.toHaveProperty('fatherName');
    expect(answers).not.toHaveProperty('fatherPersonalId');
  });

  it('requires the required components and a receiving agency of the procedure', async () => {
    const missing = await rejection(env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files.slice(0, 1) }, { now }));
    expect(missing.code).toBe('dossiers.components_missing');
    expect(missing.fields.map((f) => f.field)).toEqual(['components[1]']);
    const agency = await rejection(env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', answers: birthAnswers(), uploads: files }, { now }));
    expect(agency.code).toBe('dossiers.agency_invalid');
    const other = await rejection(env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: '000.00.51.H29', answers: birthAnswers(), uploads: files }, { now }));
    expect(other.code).toBe('dossiers.agency_invalid');
  });

  it('refuses applicants the procedure is not for, and officials', async () => {
    expect((await rejection(env.api.submitApplication(actors.business, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }))).code).toBe('dossiers.applicant_type');
    expect((await rejection(env.api.submitApplication(actors.wardClerk, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: {}, uploads: files }))).code).toBe('dossiers.applicant_only');
    expect((await rejection(env.api.submitApplication(undefined, { procedureCode: BIRTH, caseCode: '01', answers: {} }))).kind).toBe('unauthenticated');
  });

  it('validates repeating groups of the household business form', async () => {
    const base = {
      applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912 345 678', businessName: 'Hộ kinh doanh An Phát',
      businessAddress: { province: '22', commune: '06994', street: 'Số 1 đường Cái Rồng' }, businessLines: 'Bán lẻ hàng tạp hóa', capital: '50.000.000', household: 'yes',
    };
    const target = await env.api.submitApplication(actors.citizen, { procedureCode: HOUSEHOLD_BUSINESS, caseCode: '01', receivingAgency: WARD, answers: { ...base, members: [] }, uploads: files }, { now }).catch((e: unknown) => e as DomainError);
    expect((target as DomainError).fields).toEqual([{ field: 'members', message: 'Khai ít nhất 1 thành viên hộ gia đình' }]);
    const bad = await rejection(env.api.submitApplication(actors.citizen, { procedureCode: HOUSEHOLD_BUSINESS, caseCode: '01', receivingAgency: WARD, answers: { ...base, members: [{ name: 'Lê Thị Hoa', personalId: '1' }] }, uploads: files }, { now }));
    expect(bad.fields).toEqual([{ field: 'members[0].personalId', message: 'Số định danh cá nhân của thành viên phải gồm đúng 12 chữ số (mục 1)' }]);
    const ok = await env.api.submitApplication(actors.citizen, { procedureCode: HOUSEHOLD_BUSINESS, caseCode: '01', receivingAgency: WARD, answers: { ...base, members: [{ name: 'Lê Thị Hoa', personalId: '022192000123' }] }, uploads: files }, { now });
    const answers = ((await env.api.getDossier(actors.citizen, ok.code)).dossier.formData as { answers: Record<string, unknown> }).answers;
    expect(answers).toMatchObject({ capital: 50_000_000, applicantPhone: '0912345678', members: [{ name: 'Lê Thị Hoa', personalId: '022192000123' }] });
  });

  it('gives a business the generic form, prefilled with its tax code', async () => {
    const target = await env.api.submitApplication(actors.business, {
      procedureCode: LIQUOR_LICENCE,
      caseCode: '01',
      answers: { applicantName: 'Công ty TNHH Hạ Long Xanh', applicantTaxCode: '5700100256', applicantPhone: '0203111222', address: { province: '22', commune: '06994', street: 'Số 5 Cái Rồng' }, note: 'Cấp mới' },
      uploads: files.slice(0, 1),
    }, { now });
    expect(target.code).toBe('000.00.04.H49-261120-0001');
    const view = await env.api.getDossier(actors.business, target.code);
    expect(view.dossier).toMatchObject({ applicantKind: 2, applicantIdentifier: '5700100256', applicantPhoneLast4: '1222', applicantEmail: 'halong@example.vn' });
    // 3 working days from Friday 20 Nov is Wednesday 25 Nov, to 24:00 in Vietnam.
    expect(view.dossier.dueAt?.toISOString()).toBe('2026-11-25T17:00:00.000Z');
    const bad = await rejection(env.api.submitApplication(actors.business, { procedureCode: LIQUOR_LICENCE, caseCode: '01', answers: { applicantTaxCode: '57001' }, uploads: files.slice(0, 1) }, { now }));
    // An empty address is reported part by part: the province and the street are each asked for.
    expect(bad.fields.map((f) => f.field)).toEqual(['applicantName', 'applicantTaxCode', 'applicantPhone', 'address.province', 'address.street']);
  });

  it('resumes a draft and submits it with its uploads', async () => {
    const { draftId } = await env.api.saveDraft(actors.citizen2, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: { childName: 'Bé' }, step: 'form' });
    await env.api.saveDraft(actors.citizen2, { draftId, procedureCode: BIRTH, caseCode: '01', answers: birthAnswers({ applicantPersonalId: '022190000002' }), step: 'uploads' });
    await expect(env.api.saveDraft(actors.citizen, { draftId, procedureCode: BIRTH, caseCode: '01', step: 'form' })).rejects.toMatchObject({ code: 'dossiers.draft_not_found' });
    const mine = await env.api.listMine(actors.citizen2);
    expect(mine.drafts.map((d) => [d.id, d.step, d.receivingAgency])).toEqual([[draftId, 'uploads', WARD]]);
    const result = await env.api.submitApplication(actors.citizen2, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ applicantPersonalId: '022190000002' }), uploads: files, draftId }, { now });
    const after = await env.api.listMine(actors.citizen2);
    expect(after.drafts).toEqual([]);
    expect(after.dossiers.map((d) => d.code)).toContain(result.code);
  });

  it('tracks by code with the ID number or phone last-4; wrong pairs look like unknown codes', async () => {
    const { code } = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }, { now });
    const byId = await env.api.lookup(code, '001090000001', '10.0.0.1');
    expect(byId).toMatchObject({ code, status: 1, agencyName: expect.any(String) as string });
    expect(byId.timeline).toHaveLength(1);
    expect((await env.api.lookup(` ${code.toLowerCase()} `, '5678', '10.0.0.1')).code).toBe(code);
    const wrong = await rejection(env.api.lookup(code, '022190000002', '10.0.0.1'));
    const unknown = await rejection(env.api.lookup(`${WARD}-261120-9999`, '001090000001', '10.0.0.1'));
    expect([wrong.code, wrong.kind, wrong.message]).toEqual([unknown.code, unknown.kind, unknown.message]);
    for (let i = 0; i < 20; i++) await env.api.lookup(code, '0000', '10.0.0.2').catch(() => undefined);
    expect((await rejection(env.api.lookup(code, '001090000001', '10.0.0.2'))).code).toBe('dossiers.lookup_throttled');
  });

  it('pauses the public lookup of a code after 10 wrong second factors, whatever the addresses', async () => {
    const { code } = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }, { now });
    const other = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }, { now });
    for (let i = 0; i < 10; i++) {
      // A different address each time: the per-address budget never trips.
      expect((await rejection(env.api.lookup(code, String(1000 + i), `10.9.0.${i}`))).code).not.toBe('dossiers.lookup_throttled');
    }
    expect((await rejection(env.api.lookup(code, '001090000001', '10.9.1.1'))).code).toBe('dossiers.lookup_throttled');
    // Other dossiers are not affected.
    expect((await env.api.lookup(other.code, '001090000001', '10.9.1.1')).code).toBe(other.code);
  });

  it('shows a dossier to its applicant and the receiving agency only; the queue to its officials', async () => {
    const { code } = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads: files }, { now });
    expect((await env.api.getDossier(actors.wardClerk, code)).dossier.code).toBe(code);
    expect((await rejection(env.api.getDossier(actors.citizen2, code))).code).toBe('dossiers.not_found');
    expect((await rejection(env.api.getDossier(actors.otherClerk, code))).code).toBe('dossiers.not_found');
    const queue = await env.api.listAgencyQueue(actors.wardClerk, { page: 1 });
    expect(queue.items.map((i) => i.code)).toContain(code);
    expect(queue.total).toBe(queue.items.length);
    expect((await env.api.listAgencyQueue(actors.otherClerk, {})).items).toEqual([]);
    expect((await rejection(env.api.listAgencyQueue(actors.citizen, {}))).code).toBe('dossiers.queue_forbidden');
  });

  it('numbers 50 concurrent submissions to one agency on one day 1…50 without gaps', async () => {
    const day = new Date('2026-11-24T02:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: '000.00.52.H49', answers: birthAnswers(), uploads: files }, { now: day })),
    );
    const numbers = results.map((r) => Number(r.code.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.code)).size).toBe(50);
    expect(results.every((r) => r.code.startsWith('000.00.52.H49-261124-'))).toBe(true);
  }, 60_000);

  it('gives a rolled-back number back', async () => {
    const day = new Date('2026-11-25T02:00:00Z');
    await env.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO dossier_daily_sequences (agency, day, last) VALUES ('000.00.53.H49', '2026-11-25', 1)`.execute(tx);
      await sql`SELECT 1/0`.execute(tx);
    }).catch(() => undefined);
    const first = await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: '000.00.53.H49', answers: birthAnswers(), uploads: files }, { now: day });
    expect(first.code).toBe('000.00.53.H49-261125-0001');
  });

  it('sends the submission SMS the applicant asked for in the language they applied in', async () => {
    const day = new Date('2026-11-26T02:00:00Z');
    const smsOf = async (code: string) => (await sql<{ payload: { to: string; text: string } }>`SELECT payload FROM outbox_events WHERE type = 'sms.send' AND payload->>'text' LIKE ${`%${code}%`}`.execute(env.db)).rows.map((r) => r.payload);
    const account = accounts.citizen4!;
    account.smsNotifications = true;
    try {
      const en = await env.api.submitApplication(actors.citizen4, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ applicantPersonalId: '036190000005' }), uploads: files }, { now: day, locale: 'en' });
      expect(await smsOf(en.code)).toEqual([{ to: '+84977333444', text: `DVC: Dossier ${en.code} received. Follow it: https://dichvucong.example.vn/dossiers/${encodeURIComponent(en.code)}/progress`, reference: expect.any(String) }]);
      const vi = await env.api.submitApplication(actors.citizen4, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers({ applicantPersonalId: '036190000005' }), uploads: files }, { now: day });
      expect((await smsOf(vi.code)).map((m) => m.text)).toEqual([`DVC: Da nhan ho so ${vi.code}. Theo doi: https://dichvucong.example.vn/dossiers/${encodeURIComponent(vi.code)}/progress`]);
    } finally {
      account.smsNotifications = false;
    }
  });
});

describe('dossier indexes', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  beforeAll(async () => {
    env = await setUpDossiers();
    const stored = await env.ctx.files.put(PDF_BYTES);
    const uploads = [0, 1].map((componentIndex) => ({ componentIndex, sha256: stored.sha256, size: stored.size, contentType: 'application/pdf', originalName: 'a.pdf' }));
    for (let i = 0; i < 3; i++) await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads });
    // Index-only scans need the visibility map: what autovacuum does on a live system.
    await sql`VACUUM ANALYZE dossiers`.execute(env.db);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  /** The plan of a query with sequential scans priced out (a three-row table would otherwise be scanned). */
  async function plan(query: ReturnType<typeof sql>): Promise<string> {
    return env.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(tx);
      const rows = await sql<Record<string, string>>`EXPLAIN ${query}`.execute(tx);
      return rows.rows.map((r) => Object.values(r)[0]).join('\n');
    });
  }

  it('answers the lookup by code, the applicant list and the agency queue from covering indexes alone', async () => {
    expect(await plan(sql`SELECT id, applicant_identifier, applicant_phone_last4, status FROM dossiers WHERE code = ${'x'}`)).toMatch(/Index Only Scan using dossiers_code_key/);
    expect(
      await plan(sql`SELECT code, status, procedure_code, procedure_name, receiving_agency, received_at, due_at FROM dossiers WHERE applicant_identifier = ${'001090000001'} ORDER BY received_at DESC, id DESC LIMIT 20`),
    ).toMatch(/Index Only Scan using dossiers_applicant_idx/);
    expect(
      await plan(sql`SELECT code, status, procedure_code, applicant_kind, received_at, due_at FROM dossiers WHERE receiving_agency = ${WARD} AND status = 1 ORDER BY due_at NULLS LAST, id LIMIT 50`),
    ).toMatch(/Index Only Scan using dossiers_unit_queue_idx/);
    // The back office's work queues show the names too (migration 0007).
    expect(
      await plan(sql`SELECT code, status, procedure_name, applicant_name, received_at, due_at FROM dossiers WHERE receiving_agency = ANY(${[WARD]}::text[]) AND status = ANY(${[2, 4, 9]}::smallint[]) ORDER BY due_at NULLS LAST, id LIMIT 30`),
    ).toMatch(/Index Only Scan using dossiers_unit_queue_idx/);
  });

});
