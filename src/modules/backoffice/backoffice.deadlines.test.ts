import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

// Form 04 (NĐ 61/2018 art. 19): the apology with a new date only at least one working day
// before the deadline, and only once per dossier; due-soon and overdue flags.
describe('backoffice: apology and deadline flags', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  // Monday 7/12/2026 09:00 in Vietnam; the birth registration takes 1 working day: due Tuesday 8/12 at 24:00.
  const monday = new Date('2026-12-07T02:00:00Z');

  async function accepted() {
    const { code } = await env.apply(monday);
    const v = await env.api.dossierView(officials.clerk, code, monday);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version }, monday);
    return env.api.dossierView(officials.clerk, code, monday);
  }

  it('refuses an apology on the deadline day', async () => {
    const v = await accepted();
    expect(v.dossier.dueAt?.toISOString()).toBe('2026-12-08T17:00:00.000Z');
    const deadlineDay = new Date('2026-12-08T03:00:00Z');
    await expect(env.api.apologise(officials.leader, v.dossier.code, { version: v.dossier.version, newDueDay: '2026-12-11', reason: 'Chờ xác minh' }, deadlineDay)).rejects.toMatchObject({ code: 'backoffice.apology_too_late' });
  });

  it('accepts one apology a working day before, moves the date, and refuses a second', async () => {
    const v = await accepted();
    const done = await env.api.apologise(officials.leader, v.dossier.code, { version: v.dossier.version, newDueDay: '2026-12-12', reason: 'Chờ xác minh' }, monday);
    // Saturday 12/12 is not a working day: the new date is Monday 14/12.
    expect(done.dueAt.toISOString()).toBe('2026-12-14T17:00:00.000Z');
    const after = await env.api.dossierView(officials.leader, v.dossier.code, monday);
    expect(after.documents.filter((d) => d.kind === '04')).toHaveLength(1);
    expect(after.actions.apologise).toBe(false);
    await expect(env.api.apologise(officials.leader, v.dossier.code, { version: after.dossier.version, newDueDay: '2026-12-18', reason: 'Lần hai' }, monday)).rejects.toMatchObject({ code: 'backoffice.apology_already_issued' });
  });

  it('flags dossiers due within 2 working days and overdue ones', async () => {
    const v = await accepted();
    expect(v.flag).toBe('due_soon');
    const later = new Date('2026-12-09T02:00:00Z');
    expect((await env.api.dossierView(officials.clerk, v.dossier.code, later)).flag).toBe('overdue');
    const overdue = await env.api.queue(officials.clerk, { bucket: 'overdue' }, later);
    expect(overdue.items.some((i) => i.code === v.dossier.code && i.flag === 'overdue')).toBe(true);
    const dueSoon = await env.api.queue(officials.clerk, { bucket: 'due_soon' }, monday);
    expect(dueSoon.items.some((i) => i.code === v.dossier.code)).toBe(true);
  });
});
