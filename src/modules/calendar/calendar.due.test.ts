import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { WorkingCalendar } from '../../platform/calendar/index.ts';
import { dueAfter, parseFrom } from './calendar.due.ts';

// Deadlines over 2026–2027 under the statutory rules (no stored overrides), as the back office
// and GET /api/v1/calendar/due compute them.
const cases: { what: string; from: string; days: number; receivedOn: string; lastDay: string; skipped: string[] }[] = [
  { what: 'a weekend', from: '2026-12-11T09:00:00+07:00', days: 1, receivedOn: '2026-12-11', lastDay: '2026-12-14', skipped: ['2026-12-12', '2026-12-13'] },
  { what: 'after 15:00: the next working day', from: '2026-12-10T15:30:00+07:00', days: 1, receivedOn: '2026-12-11', lastDay: '2026-12-14', skipped: ['2026-12-12', '2026-12-13'] },
  { what: 'at 15:00 sharp: the same day', from: '2026-12-10T15:00:00+07:00', days: 1, receivedOn: '2026-12-10', lastDay: '2026-12-11', skipped: [] },
  { what: 'no offset: Vietnam time', from: '2026-12-10T15:30', days: 1, receivedOn: '2026-12-11', lastDay: '2026-12-14', skipped: ['2026-12-12', '2026-12-13'] },
  { what: 'UTC input after 15:00 in Vietnam', from: '2026-12-10T08:30:00Z', days: 1, receivedOn: '2026-12-11', lastDay: '2026-12-14', skipped: ['2026-12-12', '2026-12-13'] },
  { what: 'zero days', from: '2026-12-11T10:00:00+07:00', days: 0, receivedOn: '2026-12-11', lastDay: '2026-12-11', skipped: [] },
  { what: 'Tết 2026', from: '2026-02-13T10:00:00+07:00', days: 1, receivedOn: '2026-02-13', lastDay: '2026-02-23', skipped: ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'] },
  { what: '30/4–1/5 2026', from: '2026-04-29T10:00:00+07:00', days: 2, receivedOn: '2026-04-29', lastDay: '2026-05-05', skipped: ['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03'] },
  { what: '2/9 2026 and its adjacent day', from: '2026-08-31T14:00:00+07:00', days: 1, receivedOn: '2026-08-31', lastDay: '2026-09-03', skipped: ['2026-09-01', '2026-09-02'] },
  { what: 'New Year 2027', from: '2026-12-31T10:00:00+07:00', days: 1, receivedOn: '2026-12-31', lastDay: '2027-01-04', skipped: ['2027-01-01', '2027-01-02', '2027-01-03'] },
  { what: 'Tết 2027 after 15:00 on the eve', from: '2027-02-04T16:00:00+07:00', days: 1, receivedOn: '2027-02-12', lastDay: '2027-02-15', skipped: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-13', '2027-02-14'] },
  { what: '30/4–1/5 2027 and the compensatory Monday', from: '2027-04-29T09:00:00+07:00', days: 1, receivedOn: '2027-04-29', lastDay: '2027-05-04', skipped: ['2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03'] },
  { what: '2/9 2027 and 3/9', from: '2027-09-01T10:00:00+07:00', days: 1, receivedOn: '2027-09-01', lastDay: '2027-09-06', skipped: ['2027-09-02', '2027-09-03', '2027-09-04', '2027-09-05'] },
  { what: '15 working days over 30/4 2027', from: '2027-04-20T08:00:00+07:00', days: 15, receivedOn: '2027-04-20', lastDay: '2027-05-13', skipped: ['2027-04-24', '2027-04-25', '2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-08', '2027-05-09'] },
];

describe('deadlines in working days, 2026–2027', () => {
  const calendar = new WorkingCalendar();
  it.each(cases)('$what', ({ from, days, receivedOn, lastDay, skipped }) => {
    const due = dueAfter(calendar, parseFrom(from), days);
    expect(due).toEqual({ receivedOn, lastDay, skipped, due: `${nextDay(lastDay)}T00:00:00+07:00` });
  });

  it('refuses what is not a date-time or a count', () => {
    expect(() => parseFrom('10/12/2026')).toThrow(expect.objectContaining({ code: 'calendar.due_query_invalid' }));
    expect(() => dueAfter(calendar, new Date(), 366)).toThrow(expect.objectContaining({ code: 'calendar.due_query_invalid' }));
  });
});

describe('GET /api/v1/calendar/due', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform({ modules: ['calendar'] });
  }, 180_000);
  afterAll(async () => platform?.close());

  it('answers the deadline and the skipped days, public, and is in the OpenAPI document', async () => {
    const app = await platform.http();
    const res = await app.inject({ method: 'GET', url: `/api/v1/calendar/due?from=${encodeURIComponent('2026-02-13T10:00:00+07:00')}&workingDays=1` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ due: '2026-02-24T00:00:00+07:00', lastDay: '2026-02-23' });
    expect(res.json().skipped).toHaveLength(9);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/calendar/due?from=yesterday&workingDays=1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('calendar.due_query_invalid');
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/calendar/due');
  });
});

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
