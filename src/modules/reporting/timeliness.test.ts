import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandPlatform } from '../../platform/module/index.ts';
import { reportingCommand } from './reporting.cli.ts';
import { sql } from '../../platform/db/index.ts';
import { actors, BAI_CHAY, HONG_GAI, QUANG_NINH, setUpReporting, VAN_DON, validMonth } from './reporting.test-support.ts';
import { timelinessOf } from './timeliness.service.ts';

const REGIME = 'KTXH-THANG';

describe('timeliness, completeness and reminders', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  beforeAll(async () => {
    env = await setUpReporting();
    await sql`UPDATE reporting_units SET contact_email = 'baocao.' || replace(lower(code), '.', '-') || '@demo.egov.vn' WHERE code IN (${QUANG_NINH}, ${HONG_GAI}, ${BAI_CHAY}, ${VAN_DON})`.execute(env.db);
  }, 180_000);
  afterAll(async () => env.close());

  it('classifies a report by the day it was sent, in Vietnam time, against the deadline', () => {
    expect(timelinessOf(new Date('2026-11-17T16:59:00Z'), '2026-11-17', '2026-11-20')).toBe('on_time'); // 23:59 in Hà Nội
    expect(timelinessOf(new Date('2026-11-17T17:00:00Z'), '2026-11-17', '2026-11-20')).toBe('late');
    expect(timelinessOf(null, '2026-11-17', '2026-11-17')).toBe('pending');
    expect(timelinessOf(null, '2026-11-17', '2026-11-18')).toBe('overdue');
  });

  it('lists who has sent and who is late, with completeness and timeliness rates', async () => {
    const key = { regime: REGIME, period: '2026-M11' };
    await env.api.saveReport(actors.hongGaiOfficer, { ...key, values: validMonth() });
    await env.api.submit(actors.hongGaiOfficer, key);
    await env.api.approve(actors.hongGaiLeader, key);
    // Sent on 16 November, the deadline being 17 November: on time. Today (5 December) Bãi Cháy has not sent.
    await sql`UPDATE reporting_submissions SET sent_at = '2026-11-16T03:00:00Z' WHERE unit_code = ${HONG_GAI}`.execute(env.db);
    await env.api.saveReport(actors.vanDonOfficer, { ...key, values: validMonth() });
    await env.api.submit(actors.vanDonOfficer, key);
    await env.api.approve({ ...actors.vanDonOfficer, roles: ['reporting_leader'] }, key);
    await sql`UPDATE reporting_submissions SET sent_at = '2026-11-20T03:00:00Z' WHERE unit_code = ${VAN_DON}`.execute(env.db);

    const progress = await env.api.progress(actors.quangNinhLeader, key);
    expect(progress.deadline).toBe('2026-11-17');
    expect(progress.units.map((u) => [u.unitCode, u.timeliness])).toEqual([
      [BAI_CHAY, 'overdue'],
      [HONG_GAI, 'on_time'],
      [VAN_DON, 'late'],
    ]);
    expect(progress).toMatchObject({ sent: 2, onTime: 1, late: 2, total: 3, completenessRate: 66.7, timelinessRate: 33.3 });
    const national = await env.api.progress(actors.governmentLeader, key);
    expect(national.units).toEqual([expect.objectContaining({ unitCode: QUANG_NINH, state: null, below: { sent: 2, total: 3 } })]);
    await expect(env.api.progress(actors.hongGaiOfficer, { ...key, unit: QUANG_NINH })).rejects.toMatchObject({ code: 'reporting.forbidden' });
  });

  it('reminds the units that have not sent, through the outbox, once per period and kind', async () => {
    // Saturday 12 December: the December deadline (Wednesday 16) is three working days away, too early.
    expect((await env.api.sendReminders(new Date('2026-12-12T01:00:00Z'), 2)).sent).toBe(0);
    // Monday 14 December: two working days away.
    const first = await env.api.sendReminders(new Date('2026-12-14T01:00:00Z'), 2);
    expect(first.sent).toBe(4);
    const mails = (await sql<{ payload: { to: string; subject: string } }>`SELECT payload FROM outbox_events WHERE type = 'mail.send' ORDER BY id`.execute(env.db)).rows.map((r) => r.payload);
    expect(mails.map((m) => m.to)).toContain('baocao.c-06673@demo.egov.vn');
    expect(mails[0]!.subject).toContain('2026-M12');
    expect((await env.api.sendReminders(new Date('2026-12-15T01:00:00Z'), 2)).sent).toBe(0);
    // After the deadline: one overdue reminder to each unit still not sent.
    await env.api.saveReport(actors.hongGaiOfficer, { regime: REGIME, period: '2026-M12', values: validMonth() });
    await env.api.submit(actors.hongGaiOfficer, { regime: REGIME, period: '2026-M12' });
    await env.api.approve(actors.hongGaiLeader, { regime: REGIME, period: '2026-M12' });
    expect((await env.api.sendReminders(new Date('2026-12-17T01:00:00Z'), 2)).sent).toBe(3);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reporting.reminder_sent'`.execute(env.db);
    expect(audited.rows[0]!.n).toBe(7);
  });

  it('runs from the command line: egov reporting remind | sync-units', async () => {
    const run = async (...args: string[]) => {
      const writes: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        writes.push(String(chunk));
        return true;
      });
      try {
        await reportingCommand.run(args, async () => env.platform as unknown as CommandPlatform);
      } finally {
        spy.mockRestore();
      }
      return writes.join('');
    };
    expect(await run('remind', '--working-days', '3')).toMatch(/^\d+ reminders queued\n$/);
    expect(await run('sync-units')).toMatch(/^\d+ units, 0 retired\n$/);
    await expect(run('remind', '--working-days', 'many')).rejects.toThrow(/--working-days/);
    await expect(run('delete-everything')).rejects.toThrow(/unknown action/);
  });
});
