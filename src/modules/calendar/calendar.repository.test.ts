import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors/index.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/index.ts';
import { listOverrides, loadCalendar, removeOverride, setOverride } from './calendar.repository.ts';

const sources = [
  { module: 'platform', dir: path.resolve(import.meta.dirname, '../../platform/db/migrations') },
  { module: 'calendar', dir: path.resolve(import.meta.dirname, 'migrations') },
];

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase(sources);
});
afterAll(async () => {
  await testDb?.close();
});

const db = () => testDb.database.db;

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('calendar_overrides', () => {
  it('is seeded with the published swaps of 2025 and 2026', async () => {
    const rows2025 = await listOverrides(db(), 2025);
    expect(rows2025.map((r) => [r.day, r.kind])).toEqual([
      ['2025-04-26', 'working_day'],
      ['2025-05-02', 'day_off'],
    ]);
    const rows2026 = await listOverrides(db(), 2026);
    expect(rows2026.map((r) => [r.day, r.kind])).toEqual([
      ['2026-01-02', 'day_off'],
      ['2026-01-10', 'working_day'],
    ]);
    expect(rows2026[0]?.reason).toContain('12729/VPCP-KGVX');
    expect(rows2026[0]?.updatedBy).toBe('migration');
    expect(rows2026[0]?.updatedAt).toBeInstanceOf(Date);
  });

  it('sets, replaces, lists by year and removes an override', async () => {
    const created = await setOverride(db(), {
      day: '2027-02-12',
      kind: 'day_off',
      reason: '  Nghỉ hoán đổi dịp Tết 2027  ',
      updatedBy: 'admin-1',
    });
    expect(created).toMatchObject({ day: '2027-02-12', kind: 'day_off', reason: 'Nghỉ hoán đổi dịp Tết 2027', updatedBy: 'admin-1' });

    const replaced = await setOverride(db(), { day: '2027-02-12', kind: 'working_day', reason: 'Đổi ý', updatedBy: '' });
    expect(replaced).toMatchObject({ kind: 'working_day', reason: 'Đổi ý', updatedBy: null });
    expect(replaced.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await setOverride(db(), { day: '2027-12-31', kind: 'day_off', reason: 'cuối năm' });
    await setOverride(db(), { day: '2028-01-01', kind: 'working_day', reason: 'đầu năm' });
    expect((await listOverrides(db(), 2027)).map((r) => r.day)).toEqual(['2027-02-12', '2027-12-31']);
    expect((await listOverrides(db())).length).toBe(7);

    expect(await removeOverride(db(), '2027-02-12')).toBe(true);
    expect(await removeOverride(db(), '2027-02-12')).toBe(false);
    expect(await removeOverride(db(), '2027-12-31')).toBe(true);
    expect(await removeOverride(db(), '2028-01-01')).toBe(true);
    expect((await listOverrides(db(), 2027)).length).toBe(0);
  });

  it('rejects invalid input with field errors', async () => {
    const noReason = await domainError(setOverride(db(), { day: '2027-03-01', kind: 'day_off', reason: '   ' }));
    expect(noReason.code).toBe('calendar.reason_required');
    expect(noReason.kind).toBe('invalid');
    expect(noReason.fields).toEqual([{ field: 'reason', message: 'calendar.reason_required' }]);

    const badKind = await domainError(setOverride(db(), { day: '2027-03-01', kind: 'holiday', reason: 'x' }));
    expect(badKind.code).toBe('calendar.kind_invalid');

    const badDay = await domainError(setOverride(db(), { day: '2027-02-30', kind: 'day_off', reason: 'x' }));
    expect(badDay.code).toBe('calendar.day_invalid');

    const tooLong = await domainError(setOverride(db(), { day: '2027-03-01', kind: 'day_off', reason: 'x'.repeat(501) }));
    expect(tooLong.code).toBe('calendar.reason_too_long');

    const all = await domainError(setOverride(db(), { day: 'soon', kind: '', reason: '' }));
    expect(all.fields.map((f) => f.field)).toEqual(['day', 'kind', 'reason']);

    expect((await domainError(removeOverride(db(), '2027/03/01'))).code).toBe('calendar.day_invalid');
    expect((await domainError(listOverrides(db(), 2027.5))).code).toBe('calendar.year_invalid');
    expect((await listOverrides(db(), 2027)).length).toBe(0);
  });

  it('the table itself refuses a bad kind or a blank reason', async () => {
    await expect(
      sql`INSERT INTO calendar_overrides (day, kind, reason) VALUES ('2027-03-02', 'holiday', 'x')`.execute(db()),
    ).rejects.toThrow();
    await expect(
      sql`INSERT INTO calendar_overrides (day, kind, reason) VALUES ('2027-03-02', 'day_off', ' ')`.execute(db()),
    ).rejects.toThrow();
  });

  it('loadCalendar honours the stored overrides', async () => {
    const cal = await loadCalendar(db());
    expect(cal.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2025-05-02')).toBe(false); // Friday off
    expect(cal.deadline(new Date('2025-04-25T10:00:00+07:00'), 2).lastDay).toBe('2025-04-28');

    // A Saturday an administrator makes a working day.
    await setOverride(db(), { day: '2027-02-13', kind: 'working_day', reason: 'Làm bù', updatedBy: 'admin-1' });
    const after = await loadCalendar(db(), [2027]);
    expect(after.isWorkingDay('2027-02-13')).toBe(true);
    expect(after.deadline(new Date('2027-02-04T10:00:00+07:00'), 2).lastDay).toBe('2027-02-13');
    expect(after.overrides().map((o) => o.day)).toEqual(['2027-02-13']);

    // Only the years asked for are loaded.
    const only2026 = await loadCalendar(db(), [2026], { cutoffHour: 16 });
    expect(only2026.isWorkingDay('2027-02-13')).toBe(false);
    expect(only2026.isWorkingDay('2026-01-10')).toBe(true);
    expect(only2026.cutoffHour).toBe(16);

    await removeOverride(db(), '2027-02-13');
    expect((await loadCalendar(db())).isWorkingDay('2027-02-13')).toBe(false);
  });

  it('works inside a transaction', async () => {
    await db()
      .transaction()
      .execute(async (tx) => {
        await setOverride(tx, { day: '2027-09-04', kind: 'working_day', reason: 'tx' });
        expect((await loadCalendar(tx, [2027])).isWorkingDay('2027-09-04')).toBe(true);
        expect(await removeOverride(tx, '2027-09-04')).toBe(true);
      });
  });
});
