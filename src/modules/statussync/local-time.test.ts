import { describe, expect, it } from 'vitest';
import { formatLocalTimestamp, offsetWithoutCache, parseLocalTimestamp, zoneOffset } from './local-time.ts';

const HOUR = 3_600_000;

describe('local time of one-stop systems', () => {
  it('reads yyyyMMddHHmmss in Vietnam time and writes it back', () => {
    const at = parseLocalTimestamp('20261205083015', 'Asia/Ho_Chi_Minh');
    expect(at?.toISOString()).toBe('2026-12-05T01:30:15.000Z');
    expect(formatLocalTimestamp(at as Date, 'Asia/Ho_Chi_Minh')).toBe('20261205083015');
    expect(parseLocalTimestamp('20260231083015', 'Asia/Ho_Chi_Minh')).toBeUndefined();
  });

  // The per-day cache must answer what Intl answers at every instant, on the days of a change
  // of offset too (New York and London change at 02:00 and 01:00 local; Lord Howe by half an hour;
  // Saigon's own history has changes from +8 to +7).
  it.each(['Asia/Ho_Chi_Minh', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'])('the cached offset of %s equals the uncached one every 37 minutes over years with changes', (zone) => {
    const ranges: [number, number][] = [
      [Date.UTC(1975, 0, 1), Date.UTC(1976, 0, 1)],
      [Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1)],
    ];
    let differ = 0;
    for (const [from, to] of ranges) {
      for (let t = from; t < to; t += 37 * 60_000 + 1_234) if (zoneOffset(zone, t) !== offsetWithoutCache(zone, t)) differ++;
    }
    expect(differ).toBe(0);
  });

  it('reads a wall time on the day of a change of offset as before (New York, spring forward and fall back)', () => {
    // 2026-03-08 02:30 does not exist in New York; 01:30 on 2026-11-01 exists twice.
    expect(parseLocalTimestamp('20260308013000', 'America/New_York')?.toISOString()).toBe('2026-03-08T06:30:00.000Z');
    expect(parseLocalTimestamp('20260308033000', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(parseLocalTimestamp('20261101003000', 'America/New_York')?.toISOString()).toBe('2026-11-01T04:30:00.000Z');
    expect(zoneOffset('America/New_York', Date.UTC(2026, 2, 8, 6, 59))).toBe(-5 * HOUR);
    expect(zoneOffset('America/New_York', Date.UTC(2026, 2, 8, 7, 1))).toBe(-4 * HOUR);
  });
});
