import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUnitQueue } from '../dossiers/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sql } from '../../platform/db/index.ts';
import { COUNT_CAP } from './backoffice.queries.ts';
import { officials, setUpBackoffice, WARD } from './backoffice.test-support.ts';
import { BUCKETS, bucketStatuses, type Bucket } from './backoffice.workflow.ts';

/**
 * The work page's counts come from counters kept in each writing transaction (dossiers 0013)
 * and one statement for the rest: after every kind of transition they must equal what counting
 * the queue itself gives (countUnitQueue, the slow path), bucket by bucket.
 */
describe('backoffice: queue counts after transitions equal a recount', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  async function recount(actor: Actor, units: readonly string[], now: Date): Promise<Record<Bucket, number>> {
    const soon = await env.api.dueSoonLimit(now);
    const out = {} as Record<Bucket, number>;
    for (const b of BUCKETS) {
      if (b === 'mine' || b === 'interagency') continue;
      out[b] = await countUnitQueue(env.db, { units, statuses: bucketStatuses(b), ...(b === 'overdue' ? { dueBefore: now } : {}), ...(b === 'due_soon' ? { dueFrom: now, dueBefore: soon } : {}) }, COUNT_CAP);
    }
    return out;
  }

  async function expectCountsAsRecounted(actor: Actor, now: Date) {
    const q = await env.api.queue(actor, {}, now);
    const expected = await recount(actor, q.unit ? [q.unit] : q.units.map((u) => u.code), now);
    for (const [bucket, n] of Object.entries(expected)) expect({ bucket, n: q.counts[bucket as Bucket] }).toEqual({ bucket, n });
    // The counters themselves, unit by unit and status by status, against the table.
    const table = await sql<{ unit: string; status: number; n: number }>`SELECT receiving_agency AS unit, status::int AS status, count(*)::int AS n FROM dossiers GROUP BY 1, 2 ORDER BY 1, 2`.execute(env.db);
    const counters = await sql<{ unit: string; status: number; n: number }>`SELECT receiving_agency AS unit, status::int AS status, sum(n)::int AS n FROM dossier_queue_counts GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`.execute(env.db);
    expect(counters.rows).toEqual(table.rows);
    return q;
  }

  it('after submission, acceptance, a supplement request, refusal, stopping, withdrawal and the processing steps', async () => {
    const now = new Date();
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await env.apply()).code);
    let q = await expectCountsAsRecounted(officials.clerk, now);
    expect(q.counts.receive).toBeGreaterThanOrEqual(7);
    const version = async (code: string) => (await env.api.dossierView(officials.clerk, code)).dossier.version;
    const [a, b, c, d, e, f] = codes as [string, string, string, string, string, string];
    await env.api.accept(officials.clerk, a, { version: await version(a) });
    await env.api.accept(officials.clerk, b, { version: await version(b) });
    await env.api.requestSupplement(officials.clerk, c, { version: await version(c), gaps: 'Tờ khai có chữ ký' });
    await env.api.refuse(officials.clerk, d, { version: await version(d), reasons: 'Không thuộc thẩm quyền' });
    await env.api.accept(officials.clerk, e, { version: await version(e) });
    await env.api.stop(officials.leader, e, { version: await version(e), reason: 'Dừng xử lý' });
    await env.api.withdraw(env.citizen, f, { reason: 'Rút hồ sơ' });
    const spec = await env.api.dossierView(officials.specialist, a);
    await env.api.forward(officials.specialist, a, { version: spec.dossier.version });
    q = await expectCountsAsRecounted(officials.clerk, now);
    expect(q.counts.processing).toBeGreaterThanOrEqual(2);
    expect(q.counts.supplement).toBeGreaterThanOrEqual(1);
    expect(q.counts.finished).toBeGreaterThanOrEqual(3);
    // The supervisor over every unit of the province, and the time-dependent queues later on.
    await expectCountsAsRecounted(officials.provinceLeader, now);
    const later = new Date(now.getTime() + 40 * 24 * 3_600_000);
    q = await expectCountsAsRecounted(officials.clerk, later);
    expect(q.counts.overdue).toBeGreaterThanOrEqual(2);
  });

  it('stays equal when a unit\'s deltas are folded, and when dossiers move between units or are deleted', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await env.apply()).code);
    // Many single-dossier writes: the unit passes 32 delta rows and a write folds them.
    for (let i = 0; i < 20; i++) for (const code of codes) await sql`UPDATE dossiers SET status = ${i % 2 === 0 ? 2 : 1}::smallint WHERE code = ${code}`.execute(env.db);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_queue_counts WHERE receiving_agency = ${WARD}`.execute(env.db);
    expect(rows.rows[0]!.n).toBeLessThanOrEqual(33);
    await expectCountsAsRecounted(officials.clerk, new Date());
    await sql`UPDATE dossiers SET receiving_agency = '000.00.52.H49' WHERE code = ${codes[0]!}`.execute(env.db);
    await sql`DELETE FROM dossier_uploads WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ${codes[1]!})`.execute(env.db);
    await sql`DELETE FROM dossier_events WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ${codes[1]!})`.execute(env.db);
    await sql`DELETE FROM dossiers WHERE code = ${codes[1]!}`.execute(env.db);
    await expectCountsAsRecounted(officials.clerk, new Date());
    await expectCountsAsRecounted(officials.provinceLeader, new Date());
  });
});
