import { describe, expect, it } from 'vitest';
import { scalarsJson, statusFact, type Row, type SyncedDossier } from './dossiers.sync-writes.ts';

const dossier = (over: Partial<SyncedDossier> = {}): SyncedDossier => ({
  code: '000.00.00.H49-261205-0001',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh "có yếu tố" \\ nước ngoài 😀',
  applicantKind: 1,
  applicantIdentifier: '001090000001',
  applicantName: 'Nguyễn\tThị "Lan"\n',
  applicantPhoneLast4: '3456',
  applicantEmail: 'lan@example.vn',
  receivingAgency: '000.00.00.H49',
  status: 4,
  receivedAt: new Date('2026-12-05T01:30:15.000Z'),
  dueAt: new Date('2026-12-09T09:30:00.000Z'),
  stateAt: new Date('2026-12-06T02:00:00.123Z'),
  handledBy: 'Ủy ban nhân dân xã \u2028 Tam Thăng',
  original: {},
  contentHash: 'a'.repeat(64),
  ...over,
});

/** What the row was before it was written field by field: JSON.stringify of the row as an object. */
function plain({ item: d, id, previousStatus }: Row): string {
  return JSON.stringify({
    id: id ?? null, code: d.code, procedure_code: d.procedureCode, procedure_name: d.procedureName, applicant_kind: d.applicantKind,
    applicant_identifier: d.applicantIdentifier, applicant_name: d.applicantName, applicant_phone_last4: d.applicantPhoneLast4,
    applicant_email: d.applicantEmail, receiving_agency: d.receivingAgency, status: d.status, received_at: d.receivedAt,
    due_at: d.dueAt, state_at: d.stateAt, by_name: d.handledBy, source_key: `s:${d.status}:${d.stateAt.toISOString()}`, content_hash: d.contentHash,
    fact: previousStatus !== d.status ? statusFact({ code: d.code, receivingAgency: d.receivingAgency, procedureCode: d.procedureCode, status: d.status, previousStatus, at: d.stateAt, dueAt: d.dueAt }).payload : null,
  });
}

describe("a synced batch's row, written field by field", () => {
  const rows: [string, Row][] = [
    ['a new dossier (no id, no previous status)', { item: dossier(), previousStatus: null }],
    ['an update whose status changed', { item: dossier(), id: 42, previousStatus: 2 }],
    ['an update with the same status (no fact)', { item: dossier(), id: 7, previousStatus: 4 }],
    ['every nullable field null', { item: dossier({ dueAt: null, applicantPhoneLast4: null, applicantEmail: null, handledBy: null, applicantIdentifier: '' }), previousStatus: null }],
  ];
  it.each(rows)('is the text JSON.stringify gives: %s', (_name, row) => {
    expect(scalarsJson(row)).toBe(plain(row));
    expect(JSON.parse(scalarsJson(row))).toEqual(JSON.parse(plain(row)));
  });
});
